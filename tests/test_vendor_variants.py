"""Hologic APEX layouts drawn a second, independent way (tests/pdfkit.py: nothing shared with
the sample generator) the way the real reports vary: fonts at 6-10 pt, headers wrapped over
one to three lines or centred over their values, header fields in other orders, partial row
sets, empty cells, a trend table under the results, several scans in one report,
glyph-by-glyph text in random order, square, Letter, A4 and landscape pages. Each test
states the invented values it drew and checks the parsed record against them.

The other vendors and variations are in test_vendor_variants_{lunar,norland,pages,random}.py.
The drawing helpers (kit and layouts) stay importable from this module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dxa.parser.api import parse
from pdfkit import (
    A4,
    BOLD,
    DEJAVU,
    FONTS,
    LANDSCAPE,
    LETTER,
    MINUS,
    PAGES,
    SQUARE,
    Col,
    Sheet,
    Style,
    draw_table,
    fields,
    score,
)
from variant_layouts import (
    HOLOGIC_COLUMNS,
    NORLAND_COLUMNS,
    SPINE,
    found,
    hologic_header,
    hologic_page,
    hologic_rows,
    lunar_footer,
    lunar_header,
    lunar_results,
    norland_header,
    norland_rows,
)

# The drawing kit and the layouts, re-exported: other tests import them from this module.
__all__ = [
    "SQUARE",
    "LETTER",
    "A4",
    "LANDSCAPE",
    "DEJAVU",
    "MINUS",
    "FONTS",
    "PAGES",
    "BOLD",
    "Style",
    "Sheet",
    "Col",
    "draw_table",
    "fields",
    "score",
    "SPINE",
    "found",
    "hologic_header",
    "HOLOGIC_COLUMNS",
    "hologic_rows",
    "hologic_page",
    "lunar_header",
    "lunar_results",
    "lunar_footer",
    "norland_header",
    "NORLAND_COLUMNS",
    "norland_rows",
]


@pytest.mark.parametrize(
    "style",
    [
        Style("Helvetica", 8, SQUARE),
        Style("Times-Roman", 7, LETTER, glyphs=True, shuffle=True),
        Style("Courier", 6, A4),
        Style("Helvetica", 10, LANDSCAPE, shuffle=True),
    ],
    ids=["helvetica-square", "times-glyphs-shuffled", "courier-6pt-a4", "landscape-10pt"],
)
def test_hologic_spine_with_some_combination_rows(tmp_path: Path, style: Style) -> None:
    values = [
        ("L1", 0.873, -1.6, -0.4),
        ("L2", 0.943, -1.3, -0.2),
        ("L3", 0.941, -1.5, -0.3),
        ("L4", 0.959, -1.4, -0.2),
        ("L1-L2", 0.909, -1.5, -0.3),
        ("L2,L4", 0.951, -1.4, -0.2),
        ("L1-L2,L4", 0.926, -1.5, -0.3),
        ("L2-L4", 0.948, -1.4, -0.2),
        ("L1-L4", 0.930, -1.5, -0.3),
    ]
    pitch = 58 if style.page == A4 or style.size < 7 else 62
    sheet = Sheet(style)
    hologic_page(sheet, "a Lumbar Spine", values, pitch=pitch, x0=50)
    report = parse(sheet.save(tmp_path / "spine.pdf"))
    assert report.source.vendor == "hologic"
    assert found(report) == {(SPINE, None, label, b, t, z) for label, b, t, z in values}
    assert report.patient.name == "Sample, Ingrid"
    assert report.patient.birth_date == dt.date(1956, 3, 2)
    assert report.exam.date == dt.date(2024, 4, 15)


def test_hologic_young_patient_total_row_and_missing_l1(tmp_path: Path) -> None:
    """No T-score or PR for a young patient; "Total" over L2-L4 covers L2-L4; fields reordered."""
    style = Style("Times-Roman", 9, LETTER)
    values = [("L2", 1.012, None, 0.4), ("L3", 1.054, None, 0.6), ("L4", 1.071, None, 0.7)]
    values.append(("Total", 1.047, None, 0.6))
    sheet = Sheet(style)
    hologic_page(sheet, "a Lumbar Spine", values, order=1, header_on_top=False, pitch=64)
    report = parse(sheet.save(tmp_path / "young.pdf"))
    expected = {(SPINE, None, v[0], v[1], None, v[3]) for v in values[:3]}
    expected.add((SPINE, None, "L2-L4", 1.047, None, 0.6))
    assert found(report) == expected
    assert report.patient.id == "HX-30417"
    assert report.patient.sex == "female"
    assert report.patient.age == 68


@pytest.mark.parametrize(
    "style",
    [Style("Courier", 9, A4), Style("Helvetica", 6, SQUARE, glyphs=True, shuffle=True)],
    ids=["courier-a4", "helvetica-6pt-glyphs"],
)
def test_hologic_left_hip_without_wards_with_frax_and_trend_table(
    tmp_path: Path, style: Style
) -> None:
    values = [
        ("Neck", 0.640, -2.1, -0.6),
        ("Troch", 0.581, -1.4, -0.4),
        ("Inter", 0.960, -1.3, -0.4),
        ("Total", 0.793, -1.5, -0.4),
    ]
    columns = [c for c in HOLOGIC_COLUMNS if c[1] not in ("ya", "am")]
    sheet = Sheet(style)
    bottom = hologic_page(sheet, "a Left Hip", values, columns=columns, pitch=60)
    # A trend table beside the results on the same page (Hologic prints one under the image).
    trend = [
        Col("Scan Date", 60, "left"),
        Col("Age", 160),
        Col("BMD\n(g/cm²)", 230),
        Col("Change vs\nPrevious (%)", 320),
    ]
    sheet.put(60, bottom + 6, "Trend: Total")
    rows = [["04/15/2024", "68", "0.793", ""], ["03/02/2022", "66", "0.812", f"{MINUS}2.3"]]
    after = draw_table(sheet, bottom + 10, trend, rows)
    sheet.put(60, after + 10, "10-year Fracture Risk")
    sheet.put(60, after + 22, "Major Osteoporotic Fracture")
    sheet.put(300, after + 22, "17%")
    sheet.put(60, after + 34, "Hip Fracture")
    sheet.put(300, after + 34, "3.4%")
    report = parse(sheet.save(tmp_path / "hip.pdf"))
    sites = ["femoral_neck", "trochanter", "intertrochanter", "total_hip"]
    expected = {(s, "left", None, v[1], v[2], v[3]) for s, v in zip(sites, values, strict=True)}
    assert found(report) == expected
    assert report.frax is not None
    assert (report.frax.major_osteoporotic, report.frax.hip) == (17.0, 3.4)
    # The trend table's earlier exam; the row of this exam's own date is not an earlier one.
    assert [(p.date, p.site, p.side, p.bmd) for p in report.previous] == [
        (dt.date(2022, 3, 2), "total_hip", "left", 0.812)
    ]


@pytest.mark.parametrize(
    "style",
    [Style("Helvetica", 7, SQUARE), Style("Times-Roman", 8, LETTER, shuffle=True)],
    ids=["helvetica", "times-shuffled"],
)
def test_hologic_dual_hip_groups(tmp_path: Path, style: Style) -> None:
    values = [
        ("Neck", None, None, None),
        ("Left", 0.702, -1.7, -0.2),
        ("Right", 0.688, -1.8, -0.3),
        ("Mean", 0.695, -1.8, -0.3),
        ("|Diff.|", 0.014, None, None),
        ("Total", None, None, None),
        ("Left", 0.845, -1.1, 0.1),
        ("Right", 0.860, -1.0, 0.2),
        ("Mean", 0.853, -1.0, 0.2),
        ("|Diff.|", 0.015, None, None),
    ]
    sheet = Sheet(style)
    hologic_page(sheet, "a Dual Hip", values, pitch=66)
    report = parse(sheet.save(tmp_path / "dual.pdf"))
    expected = set()
    for site, group in (("femoral_neck", values[1:4]), ("total_hip", values[6:9])):
        expected |= {(site, side.lower(), None, b, t, z) for side, b, t, z in group}
    assert found(report) == expected


def test_hologic_forearm_rows(tmp_path: Path) -> None:
    style = Style("Courier", 8, LETTER)
    values = [
        ("1/3", 0.673, -1.2, 0.1),
        ("MID", 0.559, -1.9, -0.3),
        ("UD", 0.355, -2.2, -0.9),
        ("Total", 0.533, -1.8, -0.3),
    ]
    sheet = Sheet(style)
    columns = [("Radius", "Region")] + [c for c in HOLOGIC_COLUMNS[1:] if c[1] not in ("ya", "am")]
    hologic_page(sheet, "a R. Forearm", values, columns=columns, pitch=64)
    report = parse(sheet.save(tmp_path / "forearm.pdf"))
    sites = ["radius_33", "radius_mid", "radius_ultradistal", "radius_total"]
    expected = {(s, "right", None, v[1], v[2], v[3]) for s, v in zip(sites, values, strict=True)}
    assert found(report) == expected


@pytest.mark.parametrize(
    ("bone", "prefix"),
    [("Radius", "radius"), ("Ulna", "ulna"), ("Radius + Ulna", "radius_ulna")],
)
def test_hologic_forearm_bone_named_in_the_label_header(
    tmp_path: Path, bone: str, prefix: str
) -> None:
    values = [("1/3", 0.673, -1.2, 0.1), ("UD", 0.355, -2.2, -0.9), ("Total", 0.533, -1.8, -0.3)]
    columns = [(bone, "Region")] + [c for c in HOLOGIC_COLUMNS[1:] if c[1] not in ("ya", "am")]
    sheet = Sheet(Style("Times-Roman", 8, LETTER))
    hologic_page(sheet, "a L. Forearm", values, columns=columns, pitch=64)
    report = parse(sheet.save(tmp_path / "bone.pdf"))
    sites = [f"{prefix}_33", f"{prefix}_ultradistal", f"{prefix}_total"]
    expected = {(s, "left", None, v[1], v[2], v[3]) for s, v in zip(sites, values, strict=True)}
    assert found(report) == expected


ONE_LINE_HOLOGIC = [
    ("Region", "Region"),
    ("BMD (g/cm²)", "bmd"),
    ("T - score", "t"),
    ("PR (%)", "ya"),
    ("Z - score", "z"),
    ("AM (%)", "am"),
]


@pytest.mark.parametrize(
    "style",
    [Style("Helvetica", 9, LETTER), Style("Courier", 8, SQUARE, glyphs=True, shuffle=True)],
    ids=["helvetica-9pt", "courier-glyphs-shuffled"],
)
def test_hologic_one_line_headers_centred_over_values_and_total_row(
    tmp_path: Path, style: Style
) -> None:
    values = [
        ("L1", 0.801, -2.3, -1.0),
        ("L2", 0.845, -2.2, -0.9),
        ("L3", 0.902, -1.9, -0.6),
        ("L4", 0.918, -1.8, -0.5),
        ("Total", 0.871, -2.0, -0.7),
    ]
    sheet = Sheet(style)
    hologic_page(
        sheet, "a Lumbar Spine", values, columns=ONE_LINE_HOLOGIC, pitch=75, centered_headers=True
    )
    report = parse(sheet.save(tmp_path / "one_line.pdf"))
    expected = {(SPINE, None, v[0], v[1], v[2], v[3]) for v in values[:4]}
    expected.add((SPINE, None, "L1-L4", 0.871, -2.0, -0.7))
    assert found(report) == expected
    percents = {
        m.region: (m.young_adult_percent, m.age_matched_percent) for m in report.measurements
    }
    assert percents["L1"] == (77, 90)


def test_hologic_whole_body_keeps_only_the_total(tmp_path: Path) -> None:
    style = Style("Times-Roman", 8, SQUARE)
    values = [
        ("L Arm", 0.712, None, None),
        ("R Arm", 0.731, None, None),
        ("L Ribs", 0.604, None, None),
        ("T Spine", 0.845, None, None),
        ("L Spine", 0.921, None, None),
        ("Pelvis", 1.012, None, None),
        ("L Leg", 1.101, None, None),
        ("Subtotal", 0.911, None, None),
        ("Head", 2.012, None, None),
        ("Total", 1.093, -0.4, 0.3),
    ]
    sheet = Sheet(style)
    hologic_page(sheet, "a Whole Body", values, pitch=64)
    report = parse(sheet.save(tmp_path / "body.pdf"))
    assert found(report) == {("total_body", None, None, 1.093, -0.4, 0.3)}


def test_hologic_combined_report_one_scan_per_page(tmp_path: Path) -> None:
    """Spine, then a right hip with Ward's; the FRAX page last; header repeated on each page."""
    style = Style("Courier", 8, LETTER)
    spine = [("L1-L4", 0.930, -1.5, -0.3)]
    hip = [
        ("Neck", 0.655, -1.9, -0.4),
        ("Troch", 0.590, -1.3, -0.3),
        ("Inter", 0.972, -1.2, -0.3),
        ("Total", 0.806, -1.4, -0.3),
        ("Ward's", 0.455, -2.4, -0.2),
    ]
    sheet = Sheet(style)
    hologic_page(sheet, "a Lumbar Spine", spine, pitch=60)
    sheet.new_page()
    hologic_page(sheet, "a Right Hip", hip, pitch=60, top=340)
    sheet.new_page()
    hologic_header(sheet, 0, "a Right Hip")
    sheet.put(60, 300, "10-year Fracture Risk")
    sheet.put(60, 314, "Major Osteoporotic Fracture 21%")
    sheet.put(60, 328, "Hip Fracture 4.1%")
    report = parse(sheet.save(tmp_path / "combined.pdf"))
    sites = ["femoral_neck", "trochanter", "intertrochanter", "total_hip", "wards"]
    expected = {(s, "right", None, v[1], v[2], v[3]) for s, v in zip(sites, hip, strict=True)}
    expected.add((SPINE, None, "L1-L4", 0.930, -1.5, -0.3))
    assert found(report) == expected
    assert report.frax is not None
    assert (report.frax.major_osteoporotic, report.frax.hip) == (21.0, 4.1)
