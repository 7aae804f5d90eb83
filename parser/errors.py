"""Typed load and parse errors; each carries the one plain sentence the CLI prints."""

from __future__ import annotations


class ReportError(Exception):
    """A report that cannot be read; `reason` is the plain sentence shown to people."""

    reason = "could not read the report"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.reason)
        self.detail = detail

    def __str__(self) -> str:
        return self.detail or self.reason


class EncryptedPDF(ReportError):
    reason = "password-protected PDF"


class DamagedPDF(ReportError):
    reason = "not a PDF or damaged PDF"


class NoTextLayer(ReportError):
    reason = "scanned PDF with no text layer (OCR is needed)"


class NoResultsFound(ReportError):
    reason = "no BMD results found"


class EmptyReport(ReportError):
    reason = "empty file"


class UnsupportedFile(ReportError):
    reason = "not a PDF or text report"


class TooLarge(ReportError):
    reason = "file too large to be a DXA report"


class TooComplex(ReportError):
    """A PDF that would cost far more to read than any report (a stream bomb, a flood of
    words or drawing operations): the limits are in `parser.limits`."""

    reason = "PDF too complex to read safely"


class TimedOut(ReportError):
    reason = "reading the report took too long"
