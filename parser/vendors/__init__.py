"""Vendor registry: each layout module has `detect(document)` and `extract(document, source)`.

Modules are tried in order; the first that recognises the document reads it. A layout
none recognises (a RIS print, a letter) goes to the free-text parser over the page text.
Adding a vendor means one new module here plus its samples.
"""

from __future__ import annotations

from dxa.parser.dates import DateOrder
from dxa.parser.document import Document
from dxa.parser.model import Report, Source
from dxa.parser.text.clinical import with_clinical_reading
from dxa.parser.vendors import hologic, lunar, norland

VENDORS = (hologic, lunar, norland)


def extract_document(
    document: Document, source: Source, date_order: DateOrder | None = None
) -> Report:
    """The Report of a PDF document, by the first vendor layout that recognises it.

    A document that names a vendor but has none of its result tables (a RIS print saying
    "performed on a Hologic Horizon") is read as free text instead.
    """
    for vendor in VENDORS:
        if vendor.detect(document):
            report = vendor.extract(document, source)
            if report.measurements:  # its comment fields and impression, as in a text report
                return with_clinical_reading(report, text=document.text)
            break
    from dxa.parser.text import parse_freetext

    return parse_freetext(document.text, source, date_order)
