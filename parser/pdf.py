"""PDF reports: open the document, pick the vendor layout, extract. (Owned by the vendor-PDF work.)

Placeholder until the vendor registry lands: plain page text into the free-text parser.
"""

from __future__ import annotations

from parser.model import Report, Source


def parse_pdf(data: bytes, source: Source) -> Report:
    from parser.document import load_document
    from parser.vendors import extract_document

    document = load_document(data)
    return extract_document(document, source)
