"""The PDF readers, named in one place light enough for the command line to import.

pdfium (`parser/pdfium_words.py`) is the fast one and the default; pdfplumber is the
reference it is held equal to (`tests/test_pdf_readers.py`), chosen by `--pdf-reader`.
"""

from __future__ import annotations

from typing import Literal

PdfReader = Literal["pdfium", "pdfplumber"]
PDF_READERS: tuple[PdfReader, ...] = ("pdfium", "pdfplumber")
DEFAULT_PDF_READER: PdfReader = "pdfium"
