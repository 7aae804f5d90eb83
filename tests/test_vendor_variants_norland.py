"""Norland Illuminatus layouts drawn a second, independent way (tests/pdfkit.py): standardized
"Total sBMD" rows in mg/cm², change columns of stars, one-line headers on landscape pages.
Each test states the invented values it drew and checks the parsed record against them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dxa.parser.api import parse
from pdfkit import (
    A4,
    LANDSCAPE,
    LETTER,
    SQUARE,
    Col,
    Sheet,
    Style,
    draw_table,
)
from variant_layouts import (
    NORLAND_COLUMNS,
    SPINE,
    found,
    norland_header,
    norland_rows,
)


@pytest.mark.parametrize(
    "style",
    [Style("Helvetica", 7, LETTER), Style("Times-Roman", 8, SQUARE, glyphs=True, shuffle=True)],
    ids=["helvetica-letter", "times-glyphs-shuffled"],
)
def test_norland_left_hip(tmp_path: Path, style: Style) -> None:
    values = [
        ("Fem Neck", 0.9321, -1.41, 0.28),
        ("Troch", 0.8357, -0.86, -0.08),
        ("Total sBMD", 1.013, -1.00, 0.12),
    ]
    sheet = Sheet(style)
    norland_header(sheet)
    sheet.put(30, 200, "Left Hip on 2/4/2008 8:42:05 AM")
    draw_table(sheet, 206, NORLAND_COLUMNS, norland_rows(values, style.minus))
    sheet.put(30, 690, "Norland XR-800")
    report = parse(sheet.save(tmp_path / "norland_hip.pdf"))
    assert report.source.vendor == "norland"
    assert found(report) == {
        ("femoral_neck", "left", None, 0.9321, -1.41, 0.28),
        ("trochanter", "left", None, 0.8357, -0.86, -0.08),
        ("total_hip", "left", None, None, -1.0, 0.12),
    }
    assert report.exam.date == dt.date(2008, 2, 4)
    assert report.patient.height_cm == 154.9


def test_norland_spine(tmp_path: Path) -> None:
    style = Style("Courier", 7, A4)
    values = [
        ("L2 - L4", 1.0512, -0.95, 0.41),
        ("L2", 1.0101, -1.10, 0.30),
        ("L3", 1.0633, -0.88, 0.47),
        ("L4", 1.0802, -0.79, 0.52),
        ("Total sBMD", 1.098, -0.95, 0.41),
    ]
    sheet = Sheet(style)
    norland_header(sheet)
    sheet.put(30, 200, "AP Spine on 11/3/2009 9:15:00 AM")
    draw_table(sheet, 206, NORLAND_COLUMNS, norland_rows(values, style.minus), leading=13)
    report = parse(sheet.save(tmp_path / "norland_spine.pdf"))
    assert found(report) == {
        (SPINE, None, "L2-L4", 1.0512, -0.95, 0.41),
        (SPINE, None, "L2", 1.0101, -1.1, 0.3),
        (SPINE, None, "L3", 1.0633, -0.88, 0.47),
        (SPINE, None, "L4", 1.0802, -0.79, 0.52),
    }
    assert report.exam.date == dt.date(2009, 11, 3)


def test_norland_right_hip_one_line_headers_landscape(tmp_path: Path) -> None:
    style = Style("Helvetica", 10, LANDSCAPE)
    cols = [
        Col("Region", 30, "left"),
        Col("BMD", 150),
        Col("BMC", 210),
        Col("Area", 260),
        Col("Length", 320),
        Col("Width", 375),
        Col("T-Score", 440),
        Col("Young Ref. (%)", 535),
        Col("Z-Score", 600),
        Col("Age Match (%)", 690),
    ]
    rows = [
        ["Fem Neck", "0.7104", "3.551", "5.00", "1.50", "3.33", "-2.01", "74.9", "-0.92", "87.1"],
        ["Troch", "0.6012", "7.214", "12.00", "", "", "-1.62", "79.0", "-0.66", "90.2"],
        ["Total sBMD", "802mg/cm²", "24100mg", "30.05", "", "", "-1.77", "77.8", "-0.71", "89.4"],
    ]
    sheet = Sheet(style)
    norland_header(sheet)
    sheet.put(30, 220, "Right Hip on 10/12/2011 2:14:33 PM")
    draw_table(sheet, 226, cols, rows)
    sheet.put(30, 580, "Norland ELITE")
    report = parse(sheet.save(tmp_path / "norland_right.pdf"))
    assert found(report) == {
        ("femoral_neck", "right", None, 0.7104, -2.01, -0.92),
        ("trochanter", "right", None, 0.6012, -1.62, -0.66),
        ("total_hip", "right", None, None, -1.77, -0.71),
    }
    assert report.exam.date == dt.date(2011, 10, 12)
