"""GE Lunar enCORE reports (Prodigy, iDXA): header, Densitometry tables, trend tables, LSC footnote.

The scan is judged from the row labels (Lunar has no "Scan Type" line); the side of a
single femur or forearm comes from the page title ("Left Femur", "Right Forearm").
A `Densitometry Trend:` table lists earlier exams, the current one included: rows dated on
the exam date are left out of `previous`. Footnotes and chart axes are never read as
results (the table reader only reads rows under a header).
"""

from __future__ import annotations

import re

from dxa.parser.document import Document, Page
from dxa.parser.model import (
    Exam,
    Measurement,
    PreviousExam,
    PrintedLsc,
    Report,
    ReviewReason,
    Side,
    Source,
)
from dxa.parser.vendors.common import (
    build_patient,
    first_match,
    labelled_values,
    page_lines,
    parse_vendor_date,
    read_row,
    read_table_rows,
    scan_of_rows,
    total_region_of,
)
from dxa.parser.vendors.selfcheck import merge_repeats
from dxa.parser.vendors.table import find_tables
from dxa.parser.vendors.trend import named_site, trend_rows, trend_title
from dxa.parser.vocab import Scan, strip_side_words

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
SIDE_TITLE = r"\b(Left|Right)\s+(Femur|Hip|Forearm)\b"
# The image's title names the scan of a page without a side ("DualFemur Bone Density"),
# which a table of "Total Left / Right / Mean" rows alone does not.
SCAN_TITLE = r"\b(AP\s*Spine|Dual\s*Femur|Total\s*Body)\s+Bone\s+Density\b"
TITLE_SCANS = {"apspine": Scan.spine, "dualfemur": Scan.hip, "totalbody": Scan.body}


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
    exam_date = parse_vendor_date(fields.get("Measured"))
    device = first_match(DEVICE, lines)
    reference = first_match(REFERENCE, lines)
    exam = Exam(
        date=exam_date,
        device=device.group(1) if device else None,
        reference_database=reference.group(1) if reference else None,
    )
    measurements: list[Measurement | None] = []
    reasons: list[ReviewReason] = []
    previous: list[PreviousExam] = []
    lsc: list[PrintedLsc] = []
    for page in document.pages:
        page_scan, side = page_side(page)
        for table in find_tables(page, LABEL_HEADER):
            if table.has("bmd") and table.columns[0].header.lower().startswith("region"):
                scan = scan_of_rows(table.rows) or page_scan
                total_region = total_region_of(table.rows)
                readings = (
                    read_row(row, scan, side=side, total_region=total_region) for row in table.rows
                )
                found, doubts = read_table_rows(readings, table, scan, total_region)
                measurements.extend(found)
                reasons.extend(doubts)
            else:
                title = trend_title(page, table)
                previous.extend(trend_rows(table, title, page_scan, side, exam_date))
        lsc.extend(printed_lsc(page))
    merged, conflicts = merge_repeats(measurements)
    return Report(
        source=source.model_copy(update={"vendor": VENDOR}),
        patient=patient,
        exam=exam,
        measurements=merged,
        previous=previous,
        lsc=lsc,
        review_reasons=reasons + conflicts,
    )


def page_side(page: Page) -> tuple[str | None, Side | None]:
    """The scan and side a single-femur or forearm page names in its title."""
    match = first_match(SIDE_TITLE, (line.text for line in page.lines))
    if not match:
        titled = first_match(SCAN_TITLE, (line.text for line in page.lines))
        return (TITLE_SCANS[re.sub(r"\s", "", titled.group(1).lower())] if titled else None), None
    _, side = strip_side_words(match.group(1).lower())
    return (Scan.forearm if match.group(2).lower() == "forearm" else Scan.hip), side


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
