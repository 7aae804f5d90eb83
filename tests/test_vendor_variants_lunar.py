"""GE Lunar enCORE layouts drawn a second, independent way (tests/pdfkit.py): Young-Adult /
Age-Matched group headers over percent columns or iDXA's YA / AM, v12 paired header fields,
v16 charts above the table, ancillary rows, trend tables and their titles, dashes for
scores, a real minus sign. Each test states the invented values it drew and checks them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dxa.parser.api import parse
from pdfkit import (
    A4,
    DEJAVU,
    LANDSCAPE,
    LETTER,
    MINUS,
    SQUARE,
    Col,
    Sheet,
    Style,
    draw_table,
    fields,
    score,
)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from variant_layouts import (
    SPINE,
    found,
    lunar_footer,
    lunar_header,
    lunar_results,
)


@pytest.mark.parametrize(
    "style",
    [
        Style("Times-Roman", 8, SQUARE),
        Style("Helvetica", 7, LETTER, glyphs=True, shuffle=True),
        Style("Courier", 6, SQUARE),
    ],
    ids=["times", "helvetica-glyphs-shuffled", "courier-6pt"],
)
def test_lunar_spine_with_ancillary_rows_and_trend(tmp_path: Path, style: Style) -> None:
    values = [
        ("L1", 0.993, -1.1, -0.8),
        ("L2", 1.083, -1.0, -0.6),
        ("L3", 1.126, -0.8, -0.4),
        ("L4", 1.131, -0.7, -0.3),
        ("L1-L2", 1.040, -1.0, -0.7),
        ("L2-L4", 1.115, -0.8, -0.4),
        ("L1-L4", 1.046, -1.0, -0.5),
    ]
    sheet = Sheet(style)
    lunar_header(sheet, order=0)
    sheet.put(40, 130, "AP Spine Bone Density")
    # A chart axis printed left of the table, level with its rows.
    for index, tick in enumerate(("1.45", "1.30", "1.15", "1.00", "0.85")):
        sheet.put(300, 190 + index * 14, tick)
    bottom = lunar_results(sheet, 170, values, percent=True)
    sheet.put(330, bottom + 10, "Densitometry Trend: L1-L4")
    trend = [
        Col("Measured\nDate", 330, "left"),
        Col("Age\n(years)", 420),
        Col("BMD\n(g/cm²)", 470),
        Col("Change vs\nPrevious\n(g/cm²)", 540),
        Col("Change vs\nPrevious\n(%)", 600),
    ]
    rows = [
        ["01/14/2019", "76.7", "1.046", f"{MINUS}0.035*", f"{MINUS}3.2*"],
        ["01/10/2017", "74.7", "1.081", f"{MINUS}0.009", f"{MINUS}0.8"],
        ["01/06/2015", "72.7", "1.090", "-", "-"],
    ]
    after = draw_table(sheet, bottom + 14, trend, rows)
    sheet.put(330, after + 6, "(LSC= 0.028 g/cm² for AP Spine L1-L4)", size=style.size - 1)
    lunar_footer(sheet, after + 30, "AP Spine L1-L4")
    report = parse(sheet.save(tmp_path / "lunar_spine.pdf"))
    assert report.source.vendor == "ge_lunar"
    assert found(report) == {(SPINE, None, label, b, t, z) for label, b, t, z in values}
    assert {(p.date, p.region, p.bmd) for p in report.previous} == {
        (dt.date(2017, 1, 10), "L1-L4", 1.081),
        (dt.date(2015, 1, 6), "L1-L4", 1.090),
    }
    assert [(x.site, x.region, x.value) for x in report.lsc] == [(SPINE, "L1-L4", 0.028)]
    assert report.exam.date == dt.date(2019, 1, 14)
    assert report.patient.age == 76.7


@pytest.mark.parametrize(
    "style",
    [Style("Courier", 7, SQUARE), Style("Helvetica", 9, A4, shuffle=True)],
    ids=["courier", "helvetica-a4-shuffled"],
)
def test_lunar_dual_femur_without_mean_rows(tmp_path: Path, style: Style) -> None:
    values = [
        ("Neck Left", 0.741, -2.1, 0.1),
        ("Neck Right", 0.764, -1.8, 0.4),
        ("Neck Diff.", 0.023, 0.3, 0.3),
        ("Total Left", 0.777, -2.1, 0.1),
        ("Total Right", 0.800, -1.8, 0.4),
        ("Total Diff.", 0.023, 0.3, 0.3),
    ]
    sheet = Sheet(style)
    lunar_header(sheet, order=1)
    sheet.put(40, 130, "DualFemur Bone Density")
    bottom = lunar_results(sheet, 200, values, percent=False, x0=300)
    lunar_footer(sheet, bottom + 20, "DualFemur Total Mean")
    report = parse(sheet.save(tmp_path / "dualfemur.pdf"))
    expected = {
        ("femoral_neck", "left", None, 0.741, -2.1, 0.1),
        ("femoral_neck", "right", None, 0.764, -1.8, 0.4),
        ("total_hip", "left", None, 0.777, -2.1, 0.1),
        ("total_hip", "right", None, 0.800, -1.8, 0.4),
    }
    assert found(report) == expected
    assert report.patient.id == "GL-41177"


def test_lunar_left_femur_ancillary_rows_with_unicode_minus(tmp_path: Path) -> None:
    if not DEJAVU.exists():
        pytest.skip("DejaVu Sans is needed to draw a real minus sign")
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    style = Style("DejaVuSans", 7.5, LETTER, minus=MINUS)
    values = [
        ("Neck", 0.712, -2.3, -0.9),
        ("Upper Neck", 0.601, -2.0, -0.7),
        ("Wards", 0.512, -2.6, -0.5),
        ("Troch", 0.603, -1.6, -0.6),
        ("Shaft", 0.902, None, None),
        ("Total", 0.768, -1.9, -0.8),
    ]
    sheet = Sheet(style)
    lunar_header(sheet, order=0)
    sheet.put(40, 130, "Left Femur Bone Density")
    bottom = lunar_results(sheet, 190, values, percent=True, x0=250)
    lunar_footer(sheet, bottom + 20, "Left Femur Total")
    report = parse(sheet.save(tmp_path / "left_femur.pdf"))
    sites = ["femoral_neck", "upper_neck", "wards", "trochanter", "femoral_shaft", "total_hip"]
    expected = {(s, "left", None, v[1], v[2], v[3]) for s, v in zip(sites, values, strict=True)}
    assert found(report) == expected


def test_lunar_forearm_rows(tmp_path: Path) -> None:
    style = Style("Times-Roman", 8, SQUARE)
    values = [
        ("Radius UD", 0.296, -3.8, -2.4),
        ("Ulna UD", 0.237, None, None),
        ("Radius 33%", 0.897, 0.1, 1.5),
        ("Ulna 33%", 0.798, None, None),
        ("Both UD", 0.270, None, None),
        ("Both 33%", 0.851, None, None),
        ("Radius Total", 0.613, -1.1, 0.2),
        ("Both Total", 0.549, None, None),
    ]
    sheet = Sheet(style)
    lunar_header(sheet, order=1)
    sheet.put(40, 130, "ANCILLARY RESULTS [Right Forearm]", size=style.size + 3)
    bottom = lunar_results(sheet, 180, values, percent=True, x0=320)
    lunar_footer(sheet, bottom + 20, "Right Forearm")
    report = parse(sheet.save(tmp_path / "forearm.pdf"))
    sites = [
        "radius_ultradistal",
        "ulna_ultradistal",
        "radius_33",
        "ulna_33",
        "radius_ulna_ultradistal",
        "radius_ulna_33",
        "radius_total",
        "radius_ulna_total",
    ]
    expected = {(s, "right", None, v[1], v[2], v[3]) for s, v in zip(sites, values, strict=True)}
    assert found(report) == expected


@pytest.mark.parametrize(
    "style",
    [Style("Courier", 8, SQUARE), Style("Times-Roman", 10, LANDSCAPE, shuffle=True)],
    ids=["courier", "times-10pt-landscape"],
)
def test_lunar_v12_combined_fields_one_line_ya_headers_young_patient(
    tmp_path: Path, style: Style
) -> None:
    """v12 "Height / Weight" and "Sex / Ethnic" fields; "YA T-Score" on one line; dashes."""
    fields(
        sheet := Sheet(style),
        40,
        [
            [
                ("Patient", "Fable, Noor"),
                ("Birth Date", "11/05/2003"),
                ("Height / Weight", "166.0 cm 51.2 kg"),
                ("Sex / Ethnic", "Female Asian"),
            ],
            [
                ("Facility ID", "GL-88012"),
                ("Referring Physician", "(none)"),
                ("Measured", "06/30/2021 9:05:44 AM (12)"),
                ("Analyzed", "06/30/2021 9:07:10 AM (12)"),
            ],
        ],
    )
    x0 = 200
    sheet.put(x0, 150, "Densitometry: USA (Combined NHANES/Lunar)")
    cols = [
        Col("Region", x0, "left"),
        Col("BMD (g/cm²)", x0 + 130),
        Col("YA T-Score", x0 + 210),
        Col("AM Z-Score", x0 + 290),
    ]
    rows = [
        ["L1", "0.902", "-", score(-0.6, style.minus)],
        ["L2", "0.951", "-", score(-0.4, style.minus)],
        ["L3", "0.988", "-", score(-0.3, style.minus)],
        ["L4", "1.004", "-", score(-0.2, style.minus)],
        ["L1-L4", "0.963", "-", score(-0.4, style.minus)],
    ]
    draw_table(sheet, 156, cols, rows, leading=style.size * 1.25)
    sheet.put(40, 690, "GE Healthcare")
    report = parse(sheet.save(tmp_path / "lunar_v12.pdf"))
    assert found(report) == {
        (SPINE, None, "L1", 0.902, None, -0.6),
        (SPINE, None, "L2", 0.951, None, -0.4),
        (SPINE, None, "L3", 0.988, None, -0.3),
        (SPINE, None, "L4", 1.004, None, -0.2),
        (SPINE, None, "L1-L4", 0.963, None, -0.4),
    }
    assert (report.patient.height_cm, report.patient.weight_kg) == (166.0, 51.2)
    assert (report.patient.sex, report.patient.ethnicity) == ("female", "Asian")
    assert report.patient.birth_date == dt.date(2003, 11, 5)


def test_lunar_dual_femur_three_line_headers_tight_rows_glyphs(tmp_path: Path) -> None:
    style = Style("Helvetica", 6.5, LETTER, glyphs=True, shuffle=True)
    labels = ["Neck Left", "Neck Right", "Neck Mean", "Neck Diff.", "Total Left"]
    labels += ["Total Right", "Total Mean", "Total Diff."]
    values = [
        (0.701, -2.4, -0.6),
        (0.722, -2.2, -0.4),
        (0.712, -2.3, -0.5),
        (0.021, 0.2, 0.2),
        (0.766, -2.0, -0.5),
        (0.781, -1.9, -0.4),
        (0.774, -1.9, -0.4),
        (0.015, 0.1, 0.1),
    ]
    sheet = Sheet(style)
    lunar_header(sheet, order=0)
    sheet.put(40, 130, "DualFemur Bone Density")
    x0 = 280
    cols = [
        Col("Region", x0, "left"),
        Col("BMD\n(g/cm²)", x0 + 90, "center"),
        Col("Young-\nAdult\nT-Score", x0 + 140, "center"),
        Col("Age-\nMatched\nZ-Score", x0 + 190, "center"),
    ]
    rows = [
        [label, f"{b:.3f}", score(t, MINUS), score(z, MINUS)]
        for label, (b, t, z) in zip(labels, values, strict=True)
    ]
    draw_table(sheet, 180, cols, rows, leading=style.size * 1.2)
    sheet.put(40, 690, "GE Healthcare")
    report = parse(sheet.save(tmp_path / "dual_tight.pdf"))
    expected = set()
    for label, (b, t, z) in zip(labels, values, strict=True):
        site, side = label.split()
        if side != "Diff.":
            name = "femoral_neck" if site == "Neck" else "total_hip"
            expected.add((name, side.lower(), None, b, t, z))
    assert found(report) == expected


def test_lunar_ancillary_dual_femur_with_dashes_for_scores(tmp_path: Path) -> None:
    """v12 ancillary page: Wards/Troch/Shaft/Total per side, every score a dash."""
    style = Style("Helvetica", 7, SQUARE)
    bmds = {
        ("Neck", "Left"): 1.347,
        ("Neck", "Right"): 1.232,
        ("Neck", "Mean"): 1.289,
        ("Wards", "Left"): 1.243,
        ("Wards", "Right"): 1.184,
        ("Troch", "Left"): 1.109,
        ("Troch", "Mean"): 1.082,
        ("Shaft", "Right"): 1.382,
        ("Total", "Left"): 1.307,
        ("Total", "Right"): 1.224,
        ("Total", "Mean"): 1.266,
    }
    values = []
    for (site, side), bmd in bmds.items():
        values.append((f"{site} {side}", bmd, None, None))
        if side == "Right":
            values.append((f"{site} Diff.", 0.061, None, None))
    sheet = Sheet(style)
    lunar_header(sheet, order=1)
    sheet.put(40, 140, "ANCILLARY RESULTS [DualFemur]", size=style.size + 3)
    lunar_results(sheet, 160, values, percent=True, x0=60)
    report = parse(sheet.save(tmp_path / "ancillary.pdf"))
    names = {
        "Neck": "femoral_neck",
        "Wards": "wards",
        "Troch": "trochanter",
        "Shaft": "femoral_shaft",
        "Total": "total_hip",
    }
    assert found(report) == {
        (names[site], side.lower(), None, bmd, None, None) for (site, side), bmd in bmds.items()
    }


def test_lunar_v16_single_row_table_under_a_chart(tmp_path: Path) -> None:
    """v16: chart axis titles and ticks above the table, YA/AM stacked over each column."""
    style = Style("Helvetica", 7, SQUARE)
    sheet = Sheet(style)
    fields(
        sheet,
        40,
        [
            [("Patient", "Story, Mabel"), ("Birth Date", "07/19/1950"), ("Height", "160.0 cm")],
            [("Referring Physician", "(not specified)"), ("Patient ID", "GL-60603")],
            [("Measured", "04/25/2019 9:26:11 AM (16 [SP 2])"), ("Sex", "Female")],
        ],
    )
    sheet.put(330, 110, "AP Spine: L1-L4 (BMD)")
    sheet.put(300, 122, "BMD (g/cm²)")
    sheet.put(560, 122, "YA T-score")
    for index, (tick, t) in enumerate(
        (("1.42", "2"), ("1.30", "1"), ("1.18", "0"), ("1.06", "-1"))
    ):
        sheet.put(300, 136 + index * 16, tick)
        sheet.put(590, 136 + index * 16, t)
    sheet.put(320, 136, "Normal")
    sheet.put(340, 210, "20    30    40    50    60    70    80    90    100")
    sheet.put(400, 222, "Age (years)")
    sheet.put(450, 250, "Densitometry: USA (Combined NHANES/Lunar)", align="center")
    cols = [
        Col("Region", 300, "left"),
        Col("BMD\n(g/cm²)", 390),
        Col("YA\n(%)", 440),
        Col("YA\nT-score", 490),
        Col("AM\n(%)", 540),
        Col("AM\nZ-score", 590),
    ]
    draw_table(sheet, 252, cols, [["L1-L4", "1.022", "87", "-1.3", "115", "1.1"]])
    sheet.put(40, 640, "COMMENTS:")
    small = 5.0
    notes = [
        "Statistically 68% of repeat scans fall within 1SD (± 0.010 g/cm² for AP Spine L1-L4);",
        "T-score: USA (Combined NHANES (ages 20-30) / Lunar (ages 20-40)) AP Spine, Female;",
        "Normal = T-score at or above -1.0 SD; Osteoporosis = T-score at or below -2.5 SD.",
    ]
    for index, text in enumerate(notes):
        sheet.put(40, 660 + index * 6, text, size=small)
    sheet.put(40, 690, "GE Healthcare")
    sheet.put(620, 690, "Lunar Prodigy")
    report = parse(sheet.save(tmp_path / "v16.pdf"))
    assert [
        (m.site, m.region, m.bmd, m.t_score, m.z_score, m.young_adult_percent)
        for m in report.measurements
    ] == [(SPINE, "L1-L4", 1.022, -1.3, 1.1, 87)]
    assert report.exam.date == dt.date(2019, 4, 25)
    assert report.patient.id == "GL-60603"


@pytest.mark.parametrize(
    ("title", "site", "side", "region"),
    [
        ("Densitometry Trend: DualFemur Total Mean", "total_hip", "mean", None),
        ("Densitometry Trend: Left Femur Neck", "femoral_neck", "left", None),
        ("Densitometry Trend: AP Spine L2-L4 (BMD)", SPINE, None, "L2-L4"),
        ("Densitometry Trend: Right Forearm Radius 33%", "radius_33", "right", None),
    ],
)
def test_lunar_trend_titles(
    tmp_path: Path, title: str, site: str, side: str | None, region: str | None
) -> None:
    """The trend table's title names the site of its earlier exams, in the scan's own words."""
    style = Style("Times-Roman", 8, SQUARE)
    sheet = Sheet(style)
    lunar_header(sheet, order=0)
    lunar_results(sheet, 160, [("L1-L4", 1.046, -1.0, -0.5)], percent=False, x0=300)
    sheet.put(300, 260, title)
    trend = [Col("Measured\nDate", 300, "left"), Col("Age\n(years)", 380)]
    trend += [Col("BMD\n(g/cm²)", 440), Col("Change vs\nBaseline (%)", 520)]
    rows = [["01/14/2019", "76.7", "0.801", "-2.0"], ["12/02/2016", "74.6", "0.817", ""]]
    draw_table(sheet, 264, trend, rows)
    sheet.put(40, 690, "GE Healthcare")
    report = parse(sheet.save(tmp_path / "trend.pdf"))
    assert [(p.date, p.site, p.side, p.region, p.bmd) for p in report.previous] == [
        (dt.date(2016, 12, 2), site, side, region, 0.817)
    ]


@pytest.mark.parametrize("halves", [False, True], ids=["v16", "v12-with-halves"])
def test_lunar_total_body_keeps_only_the_total(tmp_path: Path, halves: bool) -> None:
    labels = ["Head", "Arms", "Legs", "Trunk", "Ribs", "Pelvis", "Spine"]
    if halves:
        labels = [f"{side} {part}" for side in ("Left", "Right") for part in ("Arm", "Leg")]
        labels += ["Left Total", "Right Total", "Head", "Trunk"]
    values = [(label, 0.8 + index / 100, None, None) for index, label in enumerate(labels)]
    values.append(("Total", 1.093, -0.4, 0.3))
    sheet = Sheet(Style("Helvetica", 7, SQUARE))
    lunar_header(sheet, order=1)
    sheet.put(40, 130, "Total Body Bone Density")
    lunar_results(sheet, 170, values, percent=True, x0=300)
    sheet.put(40, 690, "GE Healthcare")
    report = parse(sheet.save(tmp_path / "total_body.pdf"))
    assert found(report) == {("total_body", None, None, 1.093, -0.4, 0.3)}
