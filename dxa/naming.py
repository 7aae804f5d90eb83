"""Output names built only from sanitized facts, never from raw report text."""

from __future__ import annotations

import hashlib
import os

import regex

from dxa.parser.limits import NAME_MAX, NAME_PART_MAX
from dxa.parser.model import Report

_UNSAFE = regex.compile(r"[^A-Za-z0-9]+")
MAX_PART = NAME_PART_MAX
ERROR_SUFFIX = ".error.txt"


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


def fitted(stem: str, suffix: str) -> str:
    """`stem + suffix` within NAME_MAX bytes: the stem is cut (at a character) when needed."""
    room = NAME_MAX - len(os.fsencode(suffix))
    encoded = os.fsencode(stem)
    if len(encoded) <= room:
        return stem + suffix
    return os.fsdecode(encoded[:room].decode("utf-8", "ignore").encode()) + suffix


def error_file_name(name: str) -> str:
    """`NAME.error.txt`, or for a name too long for that, its start, a hash of the whole
    name (so two long names never share one) and the suffix."""
    if len(os.fsencode(name + ERROR_SUFFIX)) <= NAME_MAX:
        return name + ERROR_SUFFIX
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    return fitted(name, f"~{digest}{ERROR_SUFFIX}")
