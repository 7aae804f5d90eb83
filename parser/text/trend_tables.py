"""Trend tables whose columns are sites and whose rows are exams:

    Date        L1-L4   R total hip
    14/09/2020  0.768   0.690
    02/09/2024  0.802   0.701

The header names one site per value column (a column of changes or percents is skipped);
each row starts with its exam's date. An earlier date's BMDs go to `previous`; the exam's
own date's are today's. A row whose cells do not line up with the header stays unread, for
the self-check to quote.
"""

from __future__ import annotations

import datetime as dt
import re

from dxa.parser.dates import DATE_PATTERN, ReportDates
from dxa.parser.numbers import parse_bmd
from dxa.parser.text.attach import Collector, Key, site_key
from dxa.parser.text.sites import find_site_mentions

CELL_GAP_RE = re.compile(r"\s{2,}|\s*\|\s*")
ROW_RE = re.compile(rf"^\W*({DATE_PATTERN})(?=\s{{2,}}|\s*\|)", re.IGNORECASE)
SKIPPED_HEADER_RE = re.compile(r"change|diff|%|delta|vs\.?\s+prior|t[\s-]?score|z[\s-]?score", re.I)
DATE_HEADER_RE = re.compile(r"^\W*(?:exam\s+|scan\s+|study\s+)?dates?\b|^\W*year\b", re.I)

SiteColumn = Key | None  # the site of a BMD column, or None for a column to skip


def cells(line: str) -> list[str]:
    """A row's cells: text between runs of two or more spaces (or pipes)."""
    return [cell for cell in CELL_GAP_RE.split(line.strip().strip("|")) if cell.strip()]


def header_columns(line: str) -> list[SiteColumn] | None:
    """The columns after the date column, when the line is such a header: it starts with a
    date label and at least one later cell names exactly one site."""
    parts = cells(line)
    if len(parts) < 2 or not DATE_HEADER_RE.match(parts[0]):
        return None
    columns: list[SiteColumn] = []
    for part in parts[1:]:
        mentions = [m for m in find_site_mentions(part, None, True) if m.site is not None]
        named = len(mentions) == 1 and not SKIPPED_HEADER_RE.search(part)
        columns.append(site_key(mentions[0]) if named else None)
    return columns if any(columns) else None


def read_trend_tables(
    lines: list[str], collector: Collector, exam_date: dt.date | None, read: ReportDates
) -> set[int]:
    """Read every row under such a header (to the first line that is not a dated row); the
    indexes of the lines read, so the other readers skip them."""
    consumed: set[int] = set()
    columns: list[SiteColumn] | None = None
    for index, line in enumerate(lines):
        row = ROW_RE.match(line)
        if columns and row:
            if _read_row(line, row[1], columns, collector, exam_date, read):
                consumed.add(index)
            continue
        columns = header_columns(line)
        if columns:
            consumed.add(index)
    return consumed


def _read_row(
    line: str,
    token: str,
    columns: list[SiteColumn],
    collector: Collector,
    exam_date: dt.date | None,
    read: ReportDates,
) -> bool:
    values = cells(line)[1:]
    date = read(token)
    if date is None or len(values) != len(columns):
        return False
    bmds = [(key, parse_bmd(value)) for key, value in zip(columns, values, strict=True) if key]
    if any(bmd is None for _, bmd in bmds):
        return False
    for key, bmd in bmds:
        assert bmd is not None and key is not None
        collector.add_dated_bmd(key, bmd, date, exam_date)
    return True
