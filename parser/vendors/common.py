"""What the vendor layouts share: labelled header fields, dates, units, and table rows -> records.

Each vendor module decides what its labels and rows mean; the spelling rules for dates,
heights, weights and cells live here once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dxa.parser.dates import first_date as parse_vendor_date
from dxa.parser.document import Document, Page
from dxa.parser.model import (
    FOREARM_SITES,
    HIP_SITES,
    PERCENT_OF_REFERENCE_MAX,
    Measurement,
    Patient,
    ReviewReason,
    Sex,
    Side,
    Site,
)
from dxa.parser.numbers import parse_bmd, parse_score
from dxa.parser.vendors.selfcheck import (
    is_diagnostic,
    row_reasons,
    stopped_row_reasons,
    unknown_row,
)
from dxa.parser.vendors.table import Row, Table
from dxa.parser.vocab import (
    Scan,
    canonical_site,
    canonical_spine_region,
    normalize_label,
    region_from_vertebrae,
    strip_side_words,
)

DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")

CM_PER_INCH = 2.54
KG_PER_POUND = 0.45359237

# Labels of a whole-body table that are sub-regions, not the total-body site.
BODY_REGIONS = {"head", "arm", "arms", "leg", "legs", "trunk", "ribs", "pelvis", "subtotal"}


def labelled_values(lines: Iterable[str], labels: Iterable[str]) -> dict[str, str]:
    """`Label: value` pairs from printed lines; a value runs to the next known label.

    Labels are matched whole and longest first, so "Patient ID:" is not read as "ID:".
    The first occurrence of a label wins (headers repeat on every page).
    """
    names = sorted(labels, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w/])(" + "|".join(re.escape(n).replace(r"\ ", r"\s*") for n in names) + r")\s*:",
        re.IGNORECASE,
    )
    canonical = {re.sub(r"\s+", "", n.lower()): n for n in names}
    values: dict[str, str] = {}
    for line in lines:
        matches = list(pattern.finditer(line))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
            name = canonical[re.sub(r"\s+", "", match.group(1).lower())]
            values.setdefault(name, line[match.end() : end].strip())
    return values


def page_lines(document: Document | Page) -> list[str]:
    pages = document.pages if isinstance(document, Document) else (document,)
    return [line.text for page in pages for line in page.lines]


def parse_number(text: str | None) -> int | float | None:
    """The first number in a value, as printed: "68" -> 68, "76.7 years" -> 76.7."""
    match = DIGITS_RE.search(text or "")
    if not match:
        return None
    token = match.group(0)
    return float(token) if "." in token else int(token)


def parse_percent(cell: str | None) -> int | float | None:
    """A young-adult or age-matched %, or None for a figure no report prints there (an OCR
    misreading such as 828): like parse_bmd and parse_score, it is then not read."""
    if not cell or not re.fullmatch(r"\d+(?:\.\d+)?%?\*?", cell.strip()):
        return None
    value = parse_number(cell)
    return value if value is not None and value <= PERCENT_OF_REFERENCE_MAX else None


def parse_sex(text: str | None) -> Sex | None:
    word = (text or "").strip().lower()
    if word.startswith("f"):
        return Sex.female
    if word.startswith("m"):
        return Sex.male
    return None


def parse_height_cm(text: str | None) -> float | None:
    """Height in cm from "171.5 cm", 5'1\" or "61 in"."""
    text = text or ""
    if match := re.search(r"(\d+(?:\.\d+)?)\s*cm", text):
        return round(float(match.group(1)), 1)
    if match := re.search(r"(\d)\s*'\s*(\d{1,2}(?:\.\d+)?)?", text):
        inches = 12 * int(match.group(1)) + float(match.group(2) or 0)
        return round(inches * CM_PER_INCH, 1)
    if match := re.search(r"(\d+(?:\.\d+)?)\s*(?:in|inches)\b", text):
        return round(float(match.group(1)) * CM_PER_INCH, 1)
    return None


def parse_weight_kg(text: str | None, *, pounds_by_default: bool) -> float | None:
    """Weight in kg from "62.0 kg", "110 lbs", or a bare number (pounds when the report is imperial)."""
    text = text or ""
    if match := re.search(r"(\d+(?:\.\d+)?)\s*kg", text):
        return round(float(match.group(1)), 1)
    if match := re.search(r"(\d+(?:\.\d+)?)\s*(lbs?|pounds)?", text):
        pounds = match.group(2) is not None or pounds_by_default
        value = float(match.group(1))
        return round(value * KG_PER_POUND if pounds else value, 1)
    return None


def is_imperial_height(text: str | None) -> bool:
    return bool(re.search(r"'|\bin\b|inches", text or ""))


def build_patient(
    *,
    name: str | None,
    patient_id: str | None,
    sex: str | None,
    birth: str | None,
    age: str | None,
    ethnicity: str | None,
    height: str | None,
    weight: str | None,
) -> Patient:
    """A Patient from printed header values; anything missing or unreadable stays null."""
    return Patient(
        name=name or None,
        id=patient_id or None,
        sex=parse_sex(sex),
        birth_date=parse_vendor_date(birth),
        age=parse_number(age),
        ethnicity=ethnicity or None,
        height_cm=parse_height_cm(height),
        weight_kg=parse_weight_kg(weight, pounds_by_default=is_imperial_height(height)),
    )


def label_words(label: str) -> tuple[str, Side | None]:
    """A row label's site words and the side it names."""
    return strip_side_words(normalize_label(label))


# Words of a scan title ("Scan Type: a Left Hip", "AP Spine on 2/4/2008") and the scan each names.
SCAN_WORDS = (
    ("spine", Scan.spine),
    ("hip", Scan.hip),
    ("femur", Scan.hip),
    ("forearm", Scan.forearm),
    ("radius", Scan.forearm),
    ("body", Scan.body),
)


def scan_and_side(title: str) -> tuple[Scan | None, Side | None]:
    """The scan and side a scan title names: "a Left Hip" -> (hip, left), "AP Spine" ->
    (spine, None)."""
    words, side = label_words(title)
    return next((kind for word, kind in SCAN_WORDS if word in words), None), side


def scan_of_rows(rows: Iterable[Row]) -> Scan | None:
    """The scan a table belongs to, judged from its row labels (for layouts with no scan type)."""
    labels = [row.label for row in rows if row.label]
    if any(set(label_words(label)[0].split()) & BODY_REGIONS for label in labels):
        return Scan.body
    sites = {canonical_site(label) for label in labels}
    if sites & HIP_SITES:
        return Scan.hip
    if sites & FOREARM_SITES:
        return Scan.forearm
    if Site.lumbar_spine in sites:
        return Scan.spine
    return None


def table_vertebrae(rows: Iterable[Row]) -> list[str]:
    """The single vertebrae a spine table lists (what its "Total" row covers)."""
    names = []
    for row in rows:
        region = canonical_spine_region(row.label)
        if region and "-" not in region and "," not in region:
            names.append(region)
    return names


@dataclass(frozen=True)
class RowReading:
    """What one table row gave: its measurement (None for rows that are not one) and the
    self-check's reasons for anything printed in it that was not read."""

    measurement: Measurement | None
    reasons: tuple[ReviewReason, ...] = ()


def is_dismissed(row: Row, scan: Scan | None) -> bool:
    """Rows never read as measurements, on purpose: differences, and on a whole-body scan
    everything but the total (sub-regions, and v12's "Left Total" / "Right Total" halves)."""
    words, label_side = label_words(row.label)
    if "diff" in words.split():
        return True
    return scan is Scan.body and (words != "total" or bool(label_side))


def read_row(
    row: Row,
    scan: Scan | None,
    *,
    site_label: str | None = None,
    side: Side | None = None,
    total_region: str | None = None,
) -> RowReading:
    """The measurement a table row states, with the self-check of what it printed.

    `site_label` replaces the row label for the site (dual-hip groups, forearm bones);
    `side` is the scan's side when the label names none; `total_region` is what a spine
    "Total" row covers.
    """
    if not row.has_values or is_dismissed(row, scan):
        return RowReading(None)
    site = canonical_site(site_label or row.label, scan)
    if site is None:
        return RowReading(None, (unknown_row(row),))
    region = None
    if site is Site.lumbar_spine:
        region = canonical_spine_region(row.label) or total_region or "L1-L4"
    values = {
        "bmd": parse_bmd(row.cells.get("bmd", "").rstrip("*")),
        "t_score": parse_score(row.cells.get("t_score", "")),
        "z_score": parse_score(row.cells.get("z_score", "")),
        "young_adult_percent": parse_percent(row.cells.get("young_adult_percent")),
        "age_matched_percent": parse_percent(row.cells.get("age_matched_percent")),
    }
    reasons = row_reasons(row, values, diagnostic=is_diagnostic(site, region, total_region))
    if all(value is None for value in values.values()):
        return RowReading(None, tuple(reasons))
    _, label_side = label_words(row.label)
    measurement = Measurement(site=site, side=label_side or side, region=region, **values)
    return RowReading(measurement, tuple(reasons))


def read_table_rows(
    readings: Iterable[RowReading], table: Table, scan: Scan | None, total_region: str | None
) -> tuple[list[Measurement | None], list[ReviewReason]]:
    """Measurements and reasons of a table's rows, plus a row-shaped line that ended it."""
    measurements: list[Measurement | None] = []
    reasons: list[ReviewReason] = []
    for reading in readings:
        measurements.append(reading.measurement)
        reasons.extend(reading.reasons)
    reasons.extend(stopped_reasons(table, scan, total_region))
    return measurements, reasons


def stopped_reasons(
    table: Table, scan: Scan | None, total_region: str | None
) -> list[ReviewReason]:
    """The line that ended a table counts only when its label names a site (else it is a
    date line, a footnote or a chart label)."""
    row = table.stopped_by
    if row is None or is_dismissed(row, scan):
        return []
    site = canonical_site(row.label, scan)
    if site is None:
        return []
    region = canonical_spine_region(row.label) if site is Site.lumbar_spine else None
    return stopped_row_reasons(row, diagnostic=is_diagnostic(site, region, total_region))


def total_region_of(rows: Iterable[Row]) -> str | None:
    return region_from_vertebrae(table_vertebrae(rows))


def nearest_line_above(page: Page, table: Table, pattern: str) -> re.Match[str] | None:
    """The closest title above a table matching a pattern (maybe past a chart).

    Only words over the table's own width count, so two tables printed side by side each
    take their own title ("Left Hip on ..." | "Right Hip on ...").
    """
    compiled = re.compile(pattern, re.IGNORECASE)
    left, right = table.columns[0].x0, table.columns[-1].x1
    above = [line for line in page.lines if line.bottom <= table.top + 0.5]
    for line in sorted(above, key=lambda line: line.bottom, reverse=True):
        words = [w.text for w in line.words if w.x1 > left and w.x0 < right]
        if match := compiled.search(" ".join(words)):
            return match
    return None


def first_match(pattern: str, lines: Iterable[str]) -> re.Match[str] | None:
    compiled = re.compile(pattern, re.IGNORECASE)
    for line in lines:
        if match := compiled.search(line):
            return match
    return None
