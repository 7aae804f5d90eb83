"""A results table that a Hologic DICOM file carries as text, read instead of its picture.

Hologic scanners can store the report's text in a private element (a creator naming
HOLOGIC); text printed by the scanner is exact where OCR of the screen capture is not."""

from __future__ import annotations

import re

HOLOGIC_CREATOR = "HOLOGIC"
# Text that is a results table: a BMD column and a score column or a region heading.
RESULTS_TEXT = re.compile(r"\bBMD\b.*?\b(?:T[- ]?score|Z[- ]?score|Region)\b", re.I | re.S)
MIN_PRINTABLE_SHARE = 0.95


def dicom_results_text(data: bytes) -> str | None:
    """The results text of a Hologic private element, or None (the picture is read then)."""
    from dxa.parser.ocr.sources import dicom_dataset

    dataset = dicom_dataset(data)
    for element in dataset.iterall():
        if not element.tag.is_private or element.tag.element < 0x1000:
            continue
        creator_tag = (element.tag.group << 16) | (element.tag.element >> 8)
        creator = dataset.get(creator_tag)
        if creator is None or HOLOGIC_CREATOR not in str(creator.value).upper():
            continue
        text = _as_text(element.value)
        if text and RESULTS_TEXT.search(text):
            return text
    return None


def _as_text(value) -> str | None:
    """A text or byte value as text, when it is text (not a binary blob)."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str) or not value.strip():
        return None
    printable = sum(1 for char in value if char.isprintable() or char in "\r\n\t")
    return value if printable >= MIN_PRINTABLE_SHARE * len(value) else None
