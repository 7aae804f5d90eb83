"""GE Lunar enCORE reports (Prodigy, iDXA): header, Densitometry tables, trend tables, LSC footnote.

The scan is judged from the row labels (Lunar has no "Scan Type" line); the side of a
single femur or forearm comes from the page title ("Left Femur", "Right Forearm").
A `Densitometry Trend:` table lists earlier exams, the current one included: rows dated on
the exam date are left out of `previous`. Footnotes and chart axes are never read as
results (the table reader only reads rows under a header).
"""

from __future__ import annotations

import datetime as dt
import re

from parser.document import Document, Page
from parser.model import Exam, Measurement, PreviousExam, PrintedLsc, Report, Side, Site, Source
from parser.numbers import parse_bmd
from parser.vendors.common import (
    build_patient,
    first_match,
    labelled_values,
    nearest_line_above,
    page_lines,
    parse_date,
    row_measurement,
    scan_of_rows,
    total_region_of,
    unique_measurements,
)
from parser.vendors.table import Table, find_tables
from parser.vocab import canonical_site, normalize_label, split_spine_region, strip_side_words

VENDOR = "ge_lunar"
LABELS = (
    "Patient",
    "Name",
    "Birth Date",
    "Height / Weight",
    "Height",
    "Weight",
    "Sex / Ethnic",
    "Sex",
    "Ethnicity",
    "Ethnic",
    "Age",
    "Patient ID",
    "Facility ID",
    "Referring Physician",
    "Measured",
    "Analyzed",
)
# Printed words only Lunar reports carry (a RIS print naming the scanner falls back to free text
# when no Lunar table is found).
MARKERS = r"GE Healthcare|\bLunar\b|\benCORE\b|Densitometry( Trend)?:|Young-Adult|\bYA T-?score"
# Results tables start with "Region"; trend tables with the exam date ("Measured Date").
LABEL_HEADER = re.compile(r"^region|^measured|\bdate\b", re.IGNORECASE)
DEVICE = r"\b(Lunar\s+(?:Prodigy(?:\s+(?:Advance|Primo|Pro))?|iDXA|DPX[-\w]*|Expert))\b"
REFERENCE = r"Densitometry:\s*(.+?)\s*(?:\(Enhanced Analysis\))?\s*$"
LSC = r"LSC\s*=?\s*(\d+(?:\.\d+)?)\s*(g/cm²|g/cm2|%)\s*for\s+([^)]+)\)"
# Words of a title that name the scan, not the site ("DualFemur Total Mean", "Right Forearm
# Radius 33%"): the rest of the title names the site within that scan.
SCAN_TITLE_WORDS = {
    "dualfemur": "hip",
    "dual": "hip",
    "femur": "hip",
    "femurs": "hip",
    "hip": "hip",
    "forearm": "forearm",
}
SIDE_TITLE = r"\b(Left|Right)\s+(Femur|Hip|Forearm)\b"


def detect(document: Document) -> bool:
    lines = page_lines(document)
    return first_match(MARKERS, lines) is not None


def extract(document: Document, source: Source) -> Report:
    lines = page_lines(document)
    fields = labelled_values(lines, LABELS)
    height, weight = fields.get("Height"), fields.get("Weight")
    if "Height / Weight" in fields:
        combined = fields["Height / Weight"]
        height = re.search(r"[\d.]+\s*cm|\d'\s*\d*\"?|[\d.]+\s*in", combined)
        weight = re.search(r"[\d.]+\s*(?:kg|lbs?)", combined)
        height, weight = (
            (height.group(0) if height else None),
            (weight.group(0) if weight else None),
        )
    sex, ethnicity = fields.get("Sex"), fields.get("Ethnicity") or fields.get("Ethnic")
    if "Sex / Ethnic" in fields:
        sex, _, ethnicity = fields["Sex / Ethnic"].partition(" ")
    patient = build_patient(
        name=fields.get("Patient") or fields.get("Name"),
        patient_id=fields.get("Patient ID"),
        sex=sex,
        birth=fields.get("Birth Date"),
        age=fields.get("Age"),
        ethnicity=(ethnicity or "").strip() or None,
        height=height,
        weight=weight,
    )
    exam_date = parse_date(fields.get("Measured"))
    device = first_match(DEVICE, lines)
    reference = first_match(REFERENCE, lines)
    exam = Exam(
        date=exam_date,
        device=device.group(1) if device else None,
        reference_database=reference.group(1) if reference else None,
    )
    measurements: list[Measurement | None] = []
    previous: list[PreviousExam] = []
    lsc: list[PrintedLsc] = []
    for page in document.pages:
        page_scan, side = page_side(page)
        for table in find_tables(page, LABEL_HEADER):
            if table.has("bmd") and table.columns[0].header.lower().startswith("region"):
                scan = scan_of_rows(table.rows) or page_scan
                total_region = total_region_of(table.rows)
                measurements.extend(
                    row_measurement(row, scan, side=side, total_region=total_region)
                    for row in table.rows
                )
            else:
                title = trend_title(page, table)
                previous.extend(trend_rows(table, title, page_scan, side, exam_date))
        lsc.extend(printed_lsc(page))
    return Report(
        source=source.model_copy(update={"vendor": VENDOR}),
        patient=patient,
        exam=exam,
        measurements=unique_measurements(measurements),
        previous=previous,
        lsc=lsc,
    )


def page_side(page: Page) -> tuple[str | None, Side | None]:
    """The scan and side a single-femur or forearm page names in its title."""
    match = first_match(SIDE_TITLE, (line.text for line in page.lines))
    if not match:
        return None, None
    _, side = strip_side_words(match.group(1).lower())
    return ("forearm" if match.group(2).lower() == "forearm" else "hip"), side


def trend_title(page: Page, table: Table) -> str:
    """The `Trend: <site>` title over a trend table: right above it, or the nearest above."""
    match = nearest_line_above(page, table, r"Trend:.*$")
    return match.group(0) if match else ""


def named_site(label: str, scan: str | None) -> tuple[Site | None, Side | None, str | None]:
    """Site, side and region a Lunar title names: "AP Spine L1-L4", "DualFemur Total Mean".

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
    table: Table, title: str, scan: str | None, side: Side | None, exam_date: dt.date | None
) -> list[PreviousExam]:
    """Earlier exams from a `Densitometry Trend: <site>` table (the current exam row excluded)."""
    site, title_side, region = named_site(re.sub(r"^.*?Trend:\s*", "", title), scan)
    if site is None:
        return []
    rows = []
    for index, row in enumerate(table.rows):
        date = parse_date(row.label)
        bmd = parse_bmd(row.cells.get("bmd", "").rstrip("*"))
        if date is None or bmd is None:
            continue
        if date == exam_date or (exam_date is None and index == 0):
            continue
        rows.append(
            PreviousExam(date=date, site=site, side=title_side or side, region=region, bmd=bmd)
        )
    return rows


def printed_lsc(page: Page) -> list[PrintedLsc]:
    """The least significant change a footnote prints: "(LSC= 0.028 g/cm² for AP Spine L1-L4)"."""
    values = []
    for line in page.lines:
        for match in re.finditer(LSC, line.text, re.IGNORECASE):
            site, _, region = named_site(match.group(3).strip(), None)
            if site is None:
                continue
            unit = "percent" if match.group(2) == "%" else "g/cm2"
            values.append(
                PrintedLsc(site=site, region=region, value=float(match.group(1)), unit=unit)
            )
    return values
