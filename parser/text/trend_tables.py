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
from dxa.parser.model import HIP_SITES, Side
from dxa.parser.numbers import parse_bmd, parse_score
from dxa.parser.text.attach import Collector, Key, site_key
from dxa.parser.text.context import SCANNED_SIDE_RE
from dxa.parser.text.segment import cells
from dxa.parser.text.sites import find_site_mentions
from dxa.parser.vocab import SIDE_WORDS, Scan

ROW_RE = re.compile(rf"^\W*({DATE_PATTERN})(?=\s{{2,}}|\s*\|)", re.IGNORECASE)
SKIPPED_HEADER_RE = re.compile(r"change|diff|%|delta|vs\.?\s+prior|t[\s-]?score|z[\s-]?score", re.I)
DATE_HEADER_RE = re.compile(r"^\W*(?:exam\s+|scan\s+|study\s+)?dates?\b|^\W*year\b", re.I)

# A value column: the site it belongs to and what it holds (a BMD, or the T- or Z-score of
# the site column before it), or None for a column to skip.
SiteColumn = tuple[Key, str] | None
SCORE_HEADER_RE = re.compile(
    r"^\s*(?:(?P<t_score>T(?:[\s-]?scores?)?)|(?P<z_score>Z(?:[\s-]?scores?)?))\s*$", re.I
)


def header_columns(line: str) -> list[SiteColumn] | None:
    """The columns after the date column, when the line is such a header: it starts with a
    date label and at least one later cell names exactly one site; a bare `T` or `Z` cell
    after a site's column holds that site's score."""
    parts = cells(line)
    if len(parts) < 2 or not DATE_HEADER_RE.match(parts[0]):
        return None
    columns: list[SiteColumn] = []
    last: Key | None = None
    for part in parts[1:]:
        mentions = [m for m in find_site_mentions(part, None, True) if m.site is not None]
        if len(mentions) == 1 and not SKIPPED_HEADER_RE.search(part):
            last = site_key(mentions[0])
            columns.append((last, "bmd"))
        elif last is not None and (score := SCORE_HEADER_RE.match(part)):
            columns.append((last, score.lastgroup or ""))
        else:
            columns.append(None)
    return columns if any(c and c[1] == "bmd" for c in columns) else None


def with_side(columns: list[SiteColumn], side: Side | None) -> list[SiteColumn]:
    """ "lumbar spine L1-L4 and left femur" over the table: its hip columns are that side's."""
    if side is None:
        return columns
    return [
        ((c[0][0], side, c[0][2]), c[1]) if c and c[0][0] in HIP_SITES and c[0][1] is None else c
        for c in columns
    ]


def heading_side(lines: list[str], index: int) -> Side | None:
    """The one hip side named on the nearest non-empty line above a table's header."""
    for line in reversed(lines[max(0, index - 2) : index]):
        if line.strip():
            sides = {SIDE_WORDS[m[1].lower()] for m in SCANNED_SIDE_RE[Scan.hip].finditer(line)}
            return sides.pop() if len(sides) == 1 else None
    return None


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
            columns = with_side(columns, heading_side(lines, index))
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
    read = [
        (column, parse_bmd(value) if column[1] == "bmd" else parse_score(value))
        for column, value in zip(columns, values, strict=True)
        if column
    ]
    if any(value is None for _, value in read):
        return False
    for (key, kind), value in read:
        assert value is not None
        if kind == "bmd":
            collector.add_dated_bmd(key, value, date, exam_date)
        elif date == exam_date:
            collector.add(key, kind, value)  # an earlier exam's scores are not kept
        else:
            collector.dismiss([value], "historical")
    return True
