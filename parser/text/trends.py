"""Trend lines under a legend: `(L1-L4 / left total hip)` names the columns, and each line
after it (`10/02/2019: 0.752 / 0.689`) gives one exam's BMDs in that order. An earlier
date's BMDs go to `previous`; the exam's own date's are today's.
"""

from __future__ import annotations

import datetime as dt
import re

from dxa.parser.dates import DATE_PATTERN, ReportDates
from dxa.parser.numbers import BMD_UNIT, parse_bmd
from dxa.parser.text.attach import Collector, Key, site_key
from dxa.parser.text.sites import find_site_mentions

LEGEND_RE = re.compile(r"\(([^()]*/[^()]*)\)")
TREND_LINE_RE = re.compile(
    rf"^\W*({DATE_PATTERN})\s*[:=\-]?\s*"
    rf"(\d[.,]\d{{3}}(?:\s*/\s*\d[.,]\d{{3}})+)\s*(?:{BMD_UNIT})?\W*$",
    re.IGNORECASE,
)


def legend_sites(line: str) -> list[Key] | None:
    """The sites a legend names in order, when each of its parts names exactly one site."""
    match = LEGEND_RE.search(line)
    if not match:
        return None
    keys = []
    for part in match[1].split("/"):
        mentions = [m for m in find_site_mentions(part, None, True) if not m.general]
        if len(mentions) != 1 or mentions[0].site is None:
            return None
        keys.append(site_key(mentions[0]))
    return keys


def read_trend_lines(
    lines: list[str], collector: Collector, exam_date: dt.date | None, read: ReportDates
) -> set[int]:
    """Read every trend line that follows a legend with as many sites as it has BMDs; the
    indexes of the lines read, so the prose reader skips them."""
    consumed: set[int] = set()
    legend: list[Key] | None = None
    for index, line in enumerate(lines):
        trend = TREND_LINE_RE.match(line)
        if trend and legend:
            bmds = [parse_bmd(token) for token in trend[2].split("/")]
            date = read(trend[1])
            if date is not None and len(bmds) == len(legend) and None not in bmds:
                for key, bmd in zip(legend, bmds, strict=True):
                    assert bmd is not None
                    collector.add_dated_bmd(key, bmd, date, exam_date)
                consumed.add(index)
            continue  # an unreadable trend line stays for the self-check to quote
        legend = legend_sites(line) if not trend else None
    return consumed
