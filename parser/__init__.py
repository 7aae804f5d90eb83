"""Parser stage: a report file (PDF or text) becomes a validated Report."""

from parser.api import parse, parse_bytes, parse_text
from parser.errors import ReportError
from parser.model import Report

__all__ = ["parse", "parse_bytes", "parse_text", "Report", "ReportError"]
