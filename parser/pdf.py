"""PDF reports: open the document, let the vendor registry pick the layout, extract."""

from __future__ import annotations

from dxa.parser.document import load_document
from dxa.parser.model import Report, Source
from dxa.parser.vendors import extract_document


def parse_pdf(data: bytes, source: Source) -> Report:
    """A Report from PDF bytes; raises the typed errors of `parser.errors`."""
    return extract_document(load_document(data), source)
