"""Entry points of the parser: decide PDF or text, then hand over to the right reader."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dxa.parser.dates import DateOrder, checked_date_order
from dxa.parser.errors import EmptyReport, TooLarge, UnsupportedFile
from dxa.parser.limits import MAX_FILE_BYTES, MAX_TEXT_CHARS
from dxa.parser.model import Report, Source
from dxa.parser.ocr.kinds import image_kind
from dxa.parser.ocr.settings import OCR_MODES, OcrMode
from dxa.parser.readers import DEFAULT_PDF_READER, PdfReader


def parse(
    path: str | Path,
    *,
    date_order: DateOrder | None = None,
    pdf_reader: PdfReader | None = None,
    ocr: OcrMode = "auto",
) -> Report:
    """Read one report file from disk.

    `date_order` ("dmy" or "mdy", the clinic's setting) decides only the dates that the
    report's own dates leave ambiguous; without it they are left null for review.
    `pdf_reader` picks the PDF reader ("pdfium", the default, or "pdfplumber", the
    reference); both give the same record. `ocr` says which pages are read from their
    picture (parser/ocr/): by default, pages without a usable text layer, and image files."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLarge(f"file too large to be a DXA report ({size // (1024 * 1024)} MB)")
    return parse_bytes(
        path.read_bytes(), name=str(path), date_order=date_order, pdf_reader=pdf_reader, ocr=ocr
    )


def parse_bytes(
    data: bytes,
    name: str,
    *,
    date_order: DateOrder | None = None,
    pdf_reader: PdfReader | None = None,
    ocr: OcrMode = "auto",
) -> Report:
    """Parse a report given as bytes; `name` is recorded as the source path."""
    date_order = checked_date_order(date_order)
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}")
    if not data.strip():
        raise EmptyReport()
    digest = hashlib.sha256(data).hexdigest()
    if looks_like_pdf(data, name):
        from dxa.parser.document import load_document

        source = Source(path=name, format="pdf", sha256=digest)
        document = load_document(data, reader=pdf_reader or DEFAULT_PDF_READER, ocr=ocr)
        return _extract(document, source, date_order)
    if kind := image_kind(data, name):
        from dxa.parser.ocr.dicom_text import dicom_results_text
        from dxa.parser.ocr.documents import image_document

        source = Source(path=name, format=kind, sha256=digest)
        stated = dicom_results_text(data) if kind == "dicom" else None
        if stated is not None:
            return parse_text(stated, source, date_order=date_order)
        return _extract(image_document(data, kind, ocr), source, date_order)
    source = Source(path=name, format="text", sha256=digest)
    return parse_text(decode_text(data), source, date_order=date_order)


def _extract(document, source: Source, date_order: DateOrder | None) -> Report:
    """The vendor or free-text reading of a document; values read by OCR that are unsure
    or out of line with their row are added as review reasons (parser/ocr/confidence.py)."""
    from dxa.parser.ocr.confidence import with_ocr_reasons
    from dxa.parser.vendors import extract_document

    return with_ocr_reasons(extract_document(document, source, date_order=date_order), document)


def parse_text(
    text: str, source: Source | None = None, *, date_order: DateOrder | None = None
) -> Report:
    """Parse a dictated or printed text report."""
    date_order = checked_date_order(date_order)
    from dxa.parser.text import parse_freetext

    if source is None:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        source = Source(path="-", format="text", sha256=digest)
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge("text too long to be a DXA report")
    if not text.strip():
        raise EmptyReport()
    return parse_freetext(text, source, date_order)


def looks_like_pdf(data: bytes, name: str) -> bool:
    """A PDF by its magic bytes (within the first KiB, as readers allow) or by its name."""
    return b"%PDF-" in data[:1024] or name.lower().endswith(".pdf")


def decode_text(data: bytes) -> str:
    """Decode a text report: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1.

    Binary data that is not text (NUL bytes, mostly control characters) is refused
    so that an image or a zip dropped in the inbox gets a plain error.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnsupportedFile("text marked as UTF-16 that is not valid UTF-16") from None
    if b"\x00" in data[:4096]:
        raise UnsupportedFile()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(sample) * 0.05:
        raise UnsupportedFile()
    return text
