"""Vendor registry. (Placeholder: the vendor-PDF work adds hologic, lunar, norland.)"""

from __future__ import annotations

from parser.document import Document
from parser.model import Report, Source


def extract_document(document: Document, source: Source) -> Report:
    from parser.freetext import parse_freetext

    return parse_freetext(document.text, source)
