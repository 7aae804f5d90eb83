"""Trend tables: earlier exams printed under a `Trend: <site>` title, the current one first.

Lunar prints `Densitometry Trend: L1-L4` tables (first column "Measured Date"), Hologic
`Trend: Total` tables (first column "Scan Date"); both list the current exam too, which is
left out of `previous`.
"""

from __future__ import annotations

import datetime as dt
import re

from dxa.parser.dates import first_date as parse_vendor_date
from dxa.parser.document import Page
from dxa.parser.model import PreviousExam, Side, Site
from dxa.parser.numbers import parse_bmd
from dxa.parser.vendors.common import nearest_line_above
from dxa.parser.vendors.table import Table
from dxa.parser.vocab import (
    Scan,
    canonical_site,
    normalize_label,
    split_spine_region,
    strip_side_words,
)

# A table whose first column is the exam date is a trend table.
DATE_HEADER = re.compile(r"\bdate\b|^measured", re.IGNORECASE)
# Words of a title that name the scan, not the site ("DualFemur Total Mean", "Right Forearm
# Radius 33%"): the rest of the title names the site within that scan.
SCAN_TITLE_WORDS = {
    "dualfemur": Scan.hip,
    "dual": Scan.hip,
    "femur": Scan.hip,
    "femurs": Scan.hip,
    "hip": Scan.hip,
    "forearm": Scan.forearm,
}


def trend_title(page: Page, table: Table) -> str:
    """The `Trend: <site>` title over a trend table: right above it, or the nearest above."""
    match = nearest_line_above(page, table, r"Trend:.*$")
    return match.group(0) if match else ""


def named_site(label: str, scan: Scan | None) -> tuple[Site | None, Side | None, str | None]:
    """Site, side and region a trend title names: "AP Spine L1-L4", "DualFemur Total Mean".

    Scan words ("DualFemur", "Left Femur", "Right Forearm") only say which scan; the rest
    names the site. A bracketed note ("AP Spine L1-L4 (BMD)") names nothing.
    """
    label = re.sub(r"\([^)]*\)", " ", label)
    words, side = strip_side_words(normalize_label(label))
    scans = [SCAN_TITLE_WORDS[word] for word in words.split() if word in SCAN_TITLE_WORDS]
    kept = [word for word in words.split() if word not in SCAN_TITLE_WORDS]
    if scans and kept:
        site = canonical_site(" ".join(kept), scans[0])
    else:  # no scan words, or nothing else: the vocabulary knows "Right Forearm" too
        site = canonical_site(label, scan)
    region = split_spine_region(label)[1] if site is Site.lumbar_spine else None
    return site, side, region


def trend_rows(
    table: Table, title: str, scan: Scan | None, side: Side | None, exam_date: dt.date | None
) -> list[PreviousExam]:
    """Earlier exams from a `Trend: <site>` table (the current exam row excluded)."""
    site, title_side, region = named_site(re.sub(r"^.*?Trend:\s*", "", title), scan)
    if site is None:
        return []
    rows = []
    for index, row in enumerate(table.rows):
        date = parse_vendor_date(row.label)
        bmd = parse_bmd(row.cells.get("bmd", "").rstrip("*"))
        if date is None or bmd is None:
            continue
        if date == exam_date or (exam_date is None and index == 0):
            continue
        rows.append(
            PreviousExam(date=date, site=site, side=title_side or side, region=region, bmd=bmd)
        )
    return rows
