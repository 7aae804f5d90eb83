"""Norland Illuminatus reports (ELITE, XR-800): header, `<Side> <Site> on <date>` tables.

Heights and weights may be imperial (5'1", a bare pound figure) and become cm and kg.
The `Total sBMD` row prints a standardized BMD in mg/cm², which is not a g/cm² BMD: the
row is kept as the scan's total site with `bmd` left null and its printed scores, unless
another row already gives that site (on a spine table, the L2-L4 row). Its scores come
from the standardized BMD, so they may differ from that row's without a conflict.
"""

from __future__ import annotations

import re

from dxa.parser.document import Document
from dxa.parser.model import Exam, Measurement, Report, ReviewReason, Side, Source
from dxa.parser.vendors.common import (
    build_patient,
    first_match,
    labelled_values,
    nearest_line_above,
    page_lines,
    parse_vendor_date,
    read_row,
    read_table_rows,
    scan_and_side,
    scan_of_rows,
    total_region_of,
)
from dxa.parser.vendors.selfcheck import merge_repeats
from dxa.parser.vendors.table import Row, Table, find_tables
from dxa.parser.vocab import Scan, normalize_label

VENDOR = "norland"
LABELS = (
    "Name",
    "ID",
    "DOB",
    "Sex",
    "Ethnic",
    "Ethnicity",
    "Age",
    "Height",
    "Weight",
    "Scan Date",
    "Technologist",
    "Physician",
)
# The name (often only in the logo picture) or a per-scan title "Left Hip on 2/4/2008".
MARKERS = r"\bNORLAND\b|Illuminatus|\b(Hip|Spine|Femur|Forearm)\s+on\s+\d{1,2}/\d{1,2}/\d{4}"
DEVICE = r"\bNorland\s+(?:XR-?\d+|Elite|Excell\w*|pDEXA)\b"
LABEL_HEADER = re.compile(r"^region", re.IGNORECASE)
TITLE = r"^(.*?)\s+on\s+(\d{1,2}/\d{1,2}/\d{4})"  # "Left Hip on 2/4/2008 8:42:05 AM"
# Norland's forearm rows (normalized labels): its distal site (Dist.) and proximal one-third
# site (Prox.) of the radius (R) or radius and ulna (R+U), as the contract names them.
FOREARM_LABELS = {
    "dist r u": "radius ulna ud",
    "prox r u": "radius ulna 33%",
    "dist r": "radius ud",
    "prox r": "radius 33%",
}


def detect(document: Document) -> bool:
    lines = page_lines(document)
    return first_match(MARKERS, lines) is not None


def extract(document: Document, source: Source) -> Report:
    lines = page_lines(document)
    fields = labelled_values(lines, LABELS)
    patient = build_patient(
        name=fields.get("Name"),
        patient_id=fields.get("ID"),
        sex=fields.get("Sex"),
        birth=fields.get("DOB"),
        age=fields.get("Age"),
        ethnicity=fields.get("Ethnic") or fields.get("Ethnicity"),
        height=fields.get("Height"),
        weight=fields.get("Weight"),
    )
    exam_date = parse_vendor_date(fields.get("Scan Date"))
    measurements: list[Measurement | None] = []
    reasons: list[ReviewReason] = []
    for page in document.pages:
        for table in find_tables(page, LABEL_HEADER):
            title = nearest_line_above(page, table, TITLE)
            scan, side = scan_and_side(title.group(1) if title else "")
            if title and exam_date is None:
                exam_date = parse_vendor_date(title.group(2))
            scan = scan or scan_of_rows(table.rows)
            total_region = total_region_of(table.rows)
            found, doubts = table_measurements(table, scan, side, total_region)
            measurements.extend(found)
            reasons.extend(doubts)
    merged, conflicts = merge_repeats(measurements)
    device = first_match(DEVICE, lines)
    return Report(
        source=source.model_copy(update={"vendor": VENDOR}),
        patient=patient,
        exam=Exam(date=exam_date, device=device.group(0) if device else None),
        measurements=merged,
        review_reasons=reasons + conflicts,
    )


def table_measurements(
    table: Table, scan: Scan | None, side: Side | None, total_region: str | None
) -> tuple[list[Measurement | None], list[ReviewReason]]:
    """The table's rows in order; the `Total sBMD` row only where no other row gives its site."""
    readings = [
        read_row(standard_label(row), scan, side=side, total_region=total_region)
        for row in table.rows
    ]
    found, reasons = read_table_rows(readings, table, scan, total_region)
    given = {key(m) for m, row in zip(found, table.rows, strict=True) if m and not is_sbmd(row)}
    kept = [
        m
        for m, row in zip(found, table.rows, strict=True)
        if not (m and is_sbmd(row) and key(m) in given)
    ]
    return kept, reasons


def key(measurement: Measurement) -> tuple:
    return (measurement.site, measurement.side, measurement.region)


def is_sbmd(row: Row) -> bool:
    return "sbmd" in normalize_label(row.label).split()


def standard_label(row: Row) -> Row:
    """`Total sBMD` is the scan's total (its mg/cm² figure is refused as a BMD by parse_bmd);
    a forearm row's Norland name becomes the contract's."""
    if is_sbmd(row):
        return Row("Total", row.cells, row.has_values)
    if (forearm := FOREARM_LABELS.get(normalize_label(row.label))) is not None:
        return Row(forearm, row.cells, row.has_values)
    return row
