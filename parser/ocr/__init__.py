"""OCR: scanned, faxed and screen-captured reports read into the same positioned words.

`documents.py` reads a scanned PDF's pages or a picture file into a Document; the engine is
in `engine.py`, the confusions it makes in `confusions.yaml`, every threshold in
`settings.py`, and the values to hold for review in `confidence.py`. This package's own
module imports nothing, so that asking whether a file is a picture (`kinds.py`) or which
modes there are (`settings.py`) loads no PDF or imaging library.
"""
