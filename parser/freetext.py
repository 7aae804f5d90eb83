"""Dictated and RIS-printed text reports. (Placeholder: the free-text work replaces it.)"""

from __future__ import annotations

from parser.errors import NoResultsFound
from parser.model import Report, Source


def parse_freetext(text: str, source: Source) -> Report:
    raise NoResultsFound()
