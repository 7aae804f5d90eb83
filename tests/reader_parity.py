"""The fast PDF reader (pdfium) against the reference (pdfplumber): the same outcome.

Used by `test_pdf_readers.py` on every sample and fixture, and by `conftest.py` on every
page the variant tests draw, so that the fast path cannot drift from the reference.
"""

from __future__ import annotations

from dxa.parser.api import parse_bytes
from dxa.parser.document import Document, load_document
from dxa.parser.errors import ReportError

# Word boxes may differ a little: glyphs are placed where pdfium places them, whose advance
# widths for a few glyphs of the standard fonts differ from pdfminer's by ~0.1 point.
POSITION_TOLERANCE = 0.25


def outcome(data: bytes, reader: str) -> Document | ReportError:
    try:
        return load_document(data, reader=reader)
    except ReportError as error:
        return error


def record(data: bytes, name: str, reader: str) -> dict | str:
    """The parsed record as JSON, or the error's kind and sentence."""
    try:
        return parse_bytes(data, name, pdf_reader=reader).to_json_dict()
    except ReportError as error:
        return f"{type(error).__name__}: {error}"


def differences(fast: Document | ReportError, reference: Document | ReportError) -> list[str]:
    """What differs between two readings; empty when they are the same."""
    if isinstance(fast, ReportError) or isinstance(reference, ReportError):
        same = type(fast) is type(reference) and str(fast) == str(reference)
        return [] if same else [f"outcome {fast!r} != {reference!r}"]
    if len(fast.pages) != len(reference.pages):
        return [f"{len(fast.pages)} pages != {len(reference.pages)}"]
    found = []
    for ours, theirs in zip(fast.pages, reference.pages, strict=True):
        where = f"page {theirs.number}"
        if (round(ours.width, 2), round(ours.height, 2)) != (
            round(theirs.width, 2),
            round(theirs.height, 2),
        ):
            found.append(f"{where}: size {ours.width}x{ours.height}")
        if abs(ours.image_share - theirs.image_share) > 1e-3:
            found.append(f"{where}: image share {ours.image_share} != {theirs.image_share}")
        if [w.text for w in ours.words] != [w.text for w in theirs.words]:
            found.append(f"{where}: words {_first_change(ours.words, theirs.words)}")
            continue
        for a, b in zip(ours.words, theirs.words, strict=True):
            boxes = zip((a.x0, a.x1, a.top, a.bottom), (b.x0, b.x1, b.top, b.bottom), strict=True)
            if any(abs(p - q) > POSITION_TOLERANCE for p, q in boxes):
                found.append(f"{where}: {a} != {b}")
                break
        if [line.text for line in ours.lines] != [line.text for line in theirs.lines]:
            found.append(f"{where}: lines differ")
    return found


def _first_change(ours, theirs) -> str:
    for a, b in zip(ours, theirs, strict=False):
        if a.text != b.text:
            return f"{a.text!r} != {b.text!r}"
    return f"{len(ours)} words != {len(theirs)}"


def assert_same_reading(data: bytes, name: str) -> None:
    """Both readers give the same words, lines and record (or the same error)."""
    found = differences(outcome(data, "pdfium"), outcome(data, "pdfplumber"))
    assert not found, f"{name}: " + "; ".join(found[:5])
    assert record(data, name, "pdfium") == record(data, name, "pdfplumber"), name
