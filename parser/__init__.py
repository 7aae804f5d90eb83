"""Parser stage: a report file (PDF or text) becomes a validated Report.

The names below load on first use, so that importing a light module of the stage (its
errors, limits or reader names, as the command line does) does not load pydantic and the
record model too."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dxa.parser.api import parse, parse_bytes, parse_text
    from dxa.parser.errors import ReportError
    from dxa.parser.model import Report

_HOMES = {
    "parse": "dxa.parser.api",
    "parse_bytes": "dxa.parser.api",
    "parse_text": "dxa.parser.api",
    "ReportError": "dxa.parser.errors",
    "Report": "dxa.parser.model",
}
__all__ = ["parse", "parse_bytes", "parse_text", "ReportError", "Report"]


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
