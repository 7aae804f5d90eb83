"""Output names built only from sanitized facts, never from raw report text."""

from __future__ import annotations

import regex

from dxa.parser.model import Report

_UNSAFE = regex.compile(r"[^A-Za-z0-9]+")
MAX_PART = 32


def safe_part(text: str | None, fallback: str) -> str:
    """ASCII letters and digits joined by '-', at most MAX_PART long: no dots, slashes or spaces."""
    cleaned = _UNSAFE.sub("-", text or "").strip("-")[:MAX_PART].strip("-")
    return cleaned or fallback


def report_stem(report: Report) -> str:
    """`<patient id>_<exam date>_<hash8>`: stable for the same file, unique across files."""
    patient_id = safe_part(report.patient.id, "noid")
    exam_date = report.exam.date.isoformat() if report.exam.date else "nodate"
    digest = (report.source.sha256 or "")[:8] or "nohash"
    return f"{patient_id}_{exam_date}_{digest}"
