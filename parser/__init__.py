"""Parser stage: a report file (PDF or text) becomes a validated Report."""

from dxa.parser.api import parse, parse_bytes, parse_text
from dxa.parser.errors import ReportError
from dxa.parser.model import Report

__all__ = ["parse", "parse_bytes", "parse_text", "Report", "ReportError"]
