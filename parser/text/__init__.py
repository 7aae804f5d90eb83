"""Dictated and RIS-printed text reports into a Report, data flowing one way:

text → segments (`segment`) → sites and values (`sites`, `values`, from the lexicon) →
attachment (`attach`; earlier exams in `history`, tables in `tables`) → assembly (`assemble`).
Numbers that are not results are dismissed by named modifier rules (`modifiers`), and the
self-check turns any result-shaped number neither read nor dismissed into a review reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dxa.parser.dates import DateOrder
    from dxa.parser.model import Report, Source


def parse_freetext(text: str, source: Source, date_order: DateOrder | None = None) -> Report:
    """Read a dictated or printed text report (imported on use: the vendor readers load the
    lexicon from this package without the text reader)."""
    from dxa.parser.text.reader import parse_freetext as read

    return read(text, source, date_order)
