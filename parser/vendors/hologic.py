"""Hologic APEX (Horizon / Discovery) reports: header box, Scan Information, DXA Results Summary.

Each scan prints on its own page with the header repeated; `Scan Type` on the page decides
what a bare "Total" row means (L1-L4 on a spine page, the total hip on a hip page, the
total radius on a forearm page, the whole body on a body page).
"""

from __future__ import annotations

import re

from dxa.parser.document import Document, Page
from dxa.parser.model import (
    Exam,
    Frax,
    Measurement,
    PreviousExam,
    Report,
    ReviewReason,
    Side,
    Source,
)
from dxa.parser.vendors.common import (
    RowReading,
    build_patient,
    first_match,
    labelled_values,
    page_lines,
    parse_vendor_date,
    read_row,
    read_table_rows,
    scan_and_side,
    scan_of_rows,
    total_region_of,
)
from dxa.parser.vendors.selfcheck import merge_repeats
from dxa.parser.vendors.table import Table, find_tables
from dxa.parser.vendors.trend import DATE_HEADER, trend_rows, trend_title
from dxa.parser.vocab import Scan, normalize_label, strip_side_words

VENDOR = "hologic"
LABELS = (
    "Name",
    "Patient ID",
    "DOB",
    "Sex",
    "Ethnicity",
    "Height",
    "Weight",
    "Age",
    "Referring Physician",
    "Scan Date",
    "ID",
    "Scan Type",
    "Analysis",
    "Operator",
    "Model",
    "Comment",
)
# The first column is "Region", or the bone measured on a forearm page ("Radius + Ulna"),
# or the exam date on a trend table ("Scan Date").
LABEL_HEADER = re.compile(r"^(region|radius|ulna)|\bdate\b", re.IGNORECASE)
FRAX_MAJOR = r"Major\s*Osteoporotic\s*Fracture\s*(?:Risk)?[:\s]*(\d{1,2}(?:\.\d+)?)\s*%"
FRAX_HIP = r"\bHip\s*Fracture\s*(?:Risk)?[:\s]*(\d{1,2}(?:\.\d+)?)\s*%"
REFERENCE = r"T-score\s+vs\.?.*?Source:\s*(.+?)\.(?:\s|$)"


def detect(document: Document) -> bool:
    lines = page_lines(document)
    return first_match(r"DXA Results Summary|\bHOLOGIC\b|Scan Type:", lines) is not None


def extract(document: Document, source: Source) -> Report:
    lines = page_lines(document)
    fields = labelled_values(lines, LABELS)
    patient = build_patient(
        name=fields.get("Name"),
        patient_id=fields.get("Patient ID"),
        sex=fields.get("Sex"),
        birth=fields.get("DOB"),
        age=fields.get("Age"),
        ethnicity=fields.get("Ethnicity"),
        height=fields.get("Height"),
        weight=fields.get("Weight"),
    )
    reference = first_match(REFERENCE, lines)
    exam = Exam(
        date=parse_vendor_date(fields.get("Scan Date")),
        device=fields.get("Model") or None,
        reference_database=reference.group(1).strip() if reference else None,
    )
    reasons: list[ReviewReason] = []
    measurements: list[Measurement | None] = []
    previous: list[PreviousExam] = []
    for page in document.pages:
        scan, side = page_scan(page)
        for table in find_tables(page, LABEL_HEADER):
            if DATE_HEADER.search(table.columns[0].header):
                title = trend_title(page, table)
                previous.extend(trend_rows(table, title, scan, side, exam.date))
            else:
                found, doubts = table_measurements(table, scan, side)
                measurements.extend(found)
                reasons.extend(doubts)
    merged, conflicts = merge_repeats(measurements)
    return Report(
        source=source.model_copy(update={"vendor": VENDOR}),
        patient=patient,
        exam=exam,
        measurements=merged,
        frax=read_frax(lines),
        previous=previous,
        review_reasons=reasons + conflicts,
    )


def page_scan(page: Page) -> tuple[Scan | None, Side | None]:
    """The scan and side the page's `Scan Type` names ("a Left Hip" -> hip, left)."""
    scan_type = labelled_values((line.text for line in page.lines), LABELS).get("Scan Type", "")
    return scan_and_side(scan_type)


def table_measurements(
    table: Table, scan: Scan | None, side: Side | None
) -> tuple[list[Measurement | None], list[ReviewReason]]:
    """Rows of one results table; dual-hip group rows ("Neck") name the site of the rows below.

    On a forearm page the bone in the label header ("Radius + Ulna") names the site with the
    row label; a row naming no contract site is a review reason (`read_row`).
    """
    scan = scan or scan_of_rows(table.rows)
    bone = table.columns[0].header
    forearm_prefix = bone if scan is Scan.forearm and not bone.lower().startswith("region") else ""
    total_region = total_region_of(table.rows)
    group: str | None = None
    readings: list[RowReading] = []
    for row in table.rows:
        if not row.has_values:
            group = row.label
            continue
        label_site, _ = strip_side_words(normalize_label(row.label))
        site_label = None
        if group and not label_site:
            site_label = group
        elif forearm_prefix:
            site_label = f"{forearm_prefix} {row.label}"
        readings.append(
            read_row(row, scan, site_label=site_label, side=side, total_region=total_region)
        )
    return read_table_rows(readings, table, scan, total_region)


def read_frax(lines: list[str]) -> Frax | None:
    major = first_match(FRAX_MAJOR, lines)
    hip = first_match(FRAX_HIP, lines)
    if not (major or hip):
        return None
    return Frax(
        major_osteoporotic=float(major.group(1)) if major else None,
        hip=float(hip.group(1)) if hip else None,
    )
