"""Page arrangements drawn a second, independent way (tests/pdfkit.py): pages turned by a
/Rotate entry, a large scan picture beside few words, two tables side by side, row labels
running past their column, and patient header fields in any order and spacing.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from dxa.parser.api import parse
from pdfkit import (
    FONTS,
    LANDSCAPE,
    PAGES,
    SQUARE,
    Col,
    Sheet,
    Style,
    draw_table,
    fields,
)
from reportlab.pdfbase import pdfmetrics
from variant_layouts import (
    SPINE,
    found,
    hologic_page,
    lunar_header,
    norland_header,
)


@pytest.mark.parametrize(
    "style",
    [Style("Helvetica", 8, LANDSCAPE, rotated=True), Style("Courier", 7, SQUARE, rotated=True)],
    ids=["letter-turned-landscape", "square-turned"],
)
def test_pages_turned_by_a_rotate_entry(tmp_path: Path, style: Style) -> None:
    values = [("L1", 0.873, -1.6, -0.4), ("L2-L4", 0.948, -1.4, -0.2), ("L1-L4", 0.930, -1.5, -0.3)]
    sheet = Sheet(style)
    hologic_page(sheet, "a Lumbar Spine", values, pitch=62)
    sheet.new_page()
    hologic_page(sheet, "a Left Hip", [("Neck", 0.640, -2.1, -0.6)], pitch=62)
    report = parse(sheet.save(tmp_path / "turned.pdf"))
    expected = {(SPINE, None, label, b, t, z) for label, b, t, z in values}
    expected.add(("femoral_neck", "left", None, 0.640, -2.1, -0.6))
    assert found(report) == expected


def test_sparse_report_beside_a_large_scan_picture_is_not_a_scanned_page(tmp_path: Path) -> None:
    """Few words and a picture over half the page: its figures show it is a report, not a scan."""
    style = Style("Helvetica", 8, SQUARE)
    sheet = Sheet(style)
    sheet.picture(20, 20, 700, 420)
    fields(sheet, 460, [[("Patient", "Story, Mabel"), ("Measured", "04/25/2019")]])
    cols = [Col("Region", 300, "left"), Col("BMD", 380), Col("YA T-score", 450)]
    cols.append(Col("AM Z-score", 520))
    draw_table(sheet, 500, cols, [["L1-L4", "1.022", "-1.3", "1.1"]])
    sheet.put(40, 690, "GE Healthcare")
    report = parse(sheet.save(tmp_path / "sparse.pdf"))
    assert found(report) == {(SPINE, None, "L1-L4", 1.022, -1.3, 1.1)}


def test_lunar_trend_table_beside_the_results_table(tmp_path: Path) -> None:
    """Two tables whose headers share their lines: each is read on its own."""
    style = Style("Helvetica", 7, LANDSCAPE)
    sheet = Sheet(style)
    lunar_header(sheet, order=0)
    sheet.put(40, 130, "AP Spine Bone Density")
    cols = [Col("Region", 40, "left"), Col("BMD\n(g/cm²)", 150)]
    cols += [Col("YA\nT-score", 200), Col("AM\nZ-score", 250)]
    rows = [["L1", "0.900", "-1.2", "-0.3"], ["L1-L4", "0.950", "-1.0", "-0.2"]]
    draw_table(sheet, 200, cols, rows)
    sheet.put(400, 195, "Densitometry Trend: L1-L4")
    trend = [Col("Measured\nDate", 400, "left"), Col("Age\n(years)", 480)]
    trend += [Col("BMD\n(g/cm²)", 540), Col("Change vs\nPrevious (%)", 620)]
    draw_table(
        sheet,
        200,
        trend,
        [["01/14/2019", "76.7", "0.950", "-1.0"], ["01/10/2017", "74.7", "0.960", ""]],
    )
    sheet.put(40, 580, "GE Healthcare")
    report = parse(sheet.save(tmp_path / "beside.pdf"))
    assert found(report) == {
        (SPINE, None, "L1", 0.900, -1.2, -0.3),
        (SPINE, None, "L1-L4", 0.950, -1.0, -0.2),
    }
    assert [(p.date, p.region, p.bmd) for p in report.previous] == [
        (dt.date(2017, 1, 10), "L1-L4", 0.960)
    ]


def test_norland_dual_hip_tables_side_by_side(tmp_path: Path) -> None:
    """Each table takes its side from the title above it, not from the other table's title."""
    style = Style("Times-Roman", 7, LANDSCAPE)
    sheet = Sheet(style)
    norland_header(sheet)
    cols = [Col("Region", 30, "left"), Col("BMD\n(g/cm²)", 130), Col("T-\nScore", 180)]
    cols.append(Col("Z-\nScore", 230))
    right = [Col(c.header, c.x + 380, c.align) for c in cols]
    sheet.put(30, 200, "Left Hip on 2/4/2008 8:42:05 AM")
    sheet.put(410, 200, "Right Hip on 2/4/2008 8:51:46 AM")
    draw_table(sheet, 206, cols, [["Fem Neck", "0.9321", "-1.41", "0.28"]])
    draw_table(sheet, 206, right, [["Fem Neck", "0.9352", "-1.38", "0.31"]])
    report = parse(sheet.save(tmp_path / "norland_beside.pdf"))
    assert found(report) == {
        ("femoral_neck", "left", None, 0.9321, -1.41, 0.28),
        ("femoral_neck", "right", None, 0.9352, -1.38, 0.31),
    }


@pytest.mark.parametrize("font", FONTS)
def test_long_row_labels_running_past_the_label_column(tmp_path: Path, font: str) -> None:
    """A narrow "Region" header with long labels: "Upper Neck Right" reaches under "BMD"."""
    style = Style(font, 8, SQUARE)
    sheet = Sheet(style)
    lunar_header(sheet, order=0)
    sheet.put(40, 130, "DualFemur Bone Density")
    longest = pdfmetrics.stringWidth("Upper Neck Right", font, 8)
    bmd_right = 40 + longest + pdfmetrics.stringWidth("0.000", font, 8) + 8
    cols = [Col("Region", 40, "left"), Col("BMD", bmd_right)]
    cols += [Col("YA\nT-score", bmd_right + 45), Col("AM\nZ-score", bmd_right + 90)]
    rows = [
        ["Neck Left", "0.900", "-1.2", "-0.3"],
        ["Upper Neck Right", "0.700", "-1.0", "-0.2"],
        ["Total Mean", "0.950", "-0.9", "-0.1"],
    ]
    draw_table(sheet, 200, cols, rows)
    sheet.put(40, 690, "GE Healthcare")
    report = parse(sheet.save(tmp_path / "long_labels.pdf"))
    assert found(report) == {
        ("femoral_neck", "left", None, 0.900, -1.2, -0.3),
        ("upper_neck", "right", None, 0.700, -1.0, -0.2),
        ("total_hip", "mean", None, 0.950, -0.9, -0.1),
    }


HEADER_FIELDS = {
    "hologic": [
        ("Name", "Parable, Olga"),
        ("Patient ID", "HX-55120"),
        ("DOB", "September 07, 1949"),
        ("Sex", "Female"),
        ("Ethnicity", "Hispanic"),
        ("Height", "161.3 cm"),
        ("Weight", "70.2 kg"),
        ("Age", "74"),
        ("Scan Date", "May 02, 2024"),
        ("Scan Type", "a Left Hip"),
    ],
    "ge_lunar": [
        ("Patient", "Parable, Olga"),
        ("Patient ID", "HX-55120"),
        ("Birth Date", "09/07/1949"),
        ("Sex", "Female"),
        ("Ethnicity", "Hispanic"),
        ("Height", "161.3 cm"),
        ("Weight", "70.2 kg"),
        ("Age", "74.6 years"),
        ("Measured", "05/02/2024 11:04:51 AM (17)"),
        ("Referring Physician", "(not specified)"),
    ],
    "norland": [
        ("Name", "Parable, Olga"),
        ("ID", "HX-55120"),
        ("DOB", "9/7/1949"),
        ("Sex", "Female"),
        ("Ethnic", "Hispanic"),
        ("Height", "161.3 cm"),
        ("Weight", "70.2 kg"),
        ("Age", "74 years"),
    ],
}


@pytest.mark.parametrize("seed", range(6))
def test_header_fields_in_any_order_and_spacing(tmp_path: Path, seed: int) -> None:
    chooser = random.Random(9000 + seed)
    vendor = ("hologic", "ge_lunar", "norland")[seed % 3]
    style = Style(chooser.choice(FONTS), chooser.choice((7, 8, 9)), chooser.choice(PAGES))
    sheet = Sheet(style)
    pairs = HEADER_FIELDS[vendor][:]
    chooser.shuffle(pairs)
    per_column = chooser.randint(3, 5)
    step = style.size * chooser.uniform(1.2, 1.6)
    width = lambda text: pdfmetrics.stringWidth(text, style.font, style.size)  # noqa: E731
    x = 30.0
    for start in range(0, len(pairs), per_column):
        column = pairs[start : start + per_column]
        # Values right after their labels, or lined up in a column of their own.
        lined_up = chooser.random() < 0.5
        value_x = x + max(width(f"{label}:") for label, _ in column) + 2 * style.size
        for row, (label, value) in enumerate(column):
            y = 40 + row * step
            sheet.put(x, y, f"{label}:")
            sheet.put(value_x if lined_up else x + width(f"{label}: "), y, value)
        x = value_x + max(width(value) for _, value in column) + 3 * style.size
    if vendor == "norland":
        sheet.put(30, 200, "Left Hip on 5/2/2024 11:04:51 AM")
    elif vendor == "ge_lunar":
        sheet.put(30, 200, "Left Femur Bone Density")
        sheet.put(30, style.page[1] - 30, "GE Healthcare")
    cols = [Col("Region", 30, "left"), Col("BMD\n(g/cm²)", 150), Col("T-score", 210)]
    cols.append(Col("Z-score", 270))
    draw_table(sheet, 210, cols, [["Neck", "0.712", "-2.3", "-0.9"]])
    report = parse(sheet.save(tmp_path / "fields.pdf"))
    patient = report.patient
    assert (patient.name, patient.id, patient.sex) == ("Parable, Olga", "HX-55120", "female")
    assert patient.birth_date == dt.date(1949, 9, 7)
    assert (patient.height_cm, patient.weight_kg, patient.ethnicity) == (161.3, 70.2, "Hispanic")
    assert patient.age == (74.6 if vendor == "ge_lunar" else 74)
    assert report.exam.date == dt.date(2024, 5, 2)
    assert found(report) == {("femoral_neck", "left", None, 0.712, -2.3, -0.9)}
