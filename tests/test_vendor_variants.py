"""Vendor layouts drawn a second, independent way: other fonts, sizes, spacing, row sets, orders.

The golden samples come from one generator written alongside the parser, so they share its
assumptions. These pages are drawn here from scratch with reportlab (nothing shared with
`samples/make_samples.py`) the way the real reports vary: Helvetica / Times / Courier at
6-10 pt, headers wrapped over one to three lines, label spellings, header fields in other
orders, partial row sets, empty cells, a second table on the page, glyph-by-glyph text in
random order, square, Letter, A4 and landscape pages. Each test states the invented values
it drew and checks the parsed record against them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from dxa.parser.api import parse
from dxa.parser.model import Report
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

SQUARE = (720.0, 720.0)
LETTER = (612.0, 792.0)
A4 = (595.0, 842.0)
LANDSCAPE = (792.0, 612.0)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
MINUS = "\u2212"


@dataclass(frozen=True)
class Style:
    """How a page is drawn: font, size, page size, and the printer's habits."""

    font: str = "Helvetica"
    size: float = 8.0
    page: tuple[float, float] = SQUARE
    glyphs: bool = False  # one glyph per draw call, no space characters
    shuffle: bool = False  # draw calls in random order
    minus: str = "-"
    # A portrait page turned by /Rotate 90, its content drawn turned so that it reads upright.
    rotated: bool = False


@dataclass
class Sheet:
    """Draw calls for a multi-page PDF, with positions measured from the top of the page."""

    style: Style
    pages: list[list[tuple[float, float, str, str, float]]] = field(default_factory=lambda: [[]])
    # Grey pictures (scan images) per page: x, top, width, height.
    pictures: list[list[tuple[float, float, float, float]]] = field(default_factory=lambda: [[]])

    def put(
        self,
        x: float,
        top: float,
        text: str,
        *,
        size: float | None = None,
        align: str = "left",
        font: str | None = None,
    ) -> None:
        size = size or self.style.size
        font = font or self.style.font
        width = pdfmetrics.stringWidth(text, font, size)
        x -= {"left": 0.0, "center": width / 2, "right": width}[align]
        self.pages[-1].append((x, top, text, font, size))

    def picture(self, x: float, top: float, width: float, height: float) -> None:
        self.pictures[-1].append((x, top, width, height))

    def new_page(self) -> None:
        self.pages.append([])
        self.pictures.append([])

    def save(self, path: Path) -> Path:
        width, height = self.style.page
        pdf = canvas.Canvas(
            str(path), pagesize=(height, width) if self.style.rotated else (width, height)
        )
        chooser = random.Random(7)
        for calls, pictures in zip(self.pages, self.pictures, strict=True):
            if self.style.rotated:
                pdf.setPageRotation(90)
                pdf.transform(0, 1, -1, 0, height, 0)
            for x, top, w, h in pictures:
                scan = ImageReader(Image.new("L", (64, 96), 90))
                pdf.drawImage(scan, x, height - top - h, w, h)
            pieces = [piece for call in calls for piece in self.pieces(call)]
            if self.style.shuffle:
                chooser.shuffle(pieces)
            for x, top, text, font, size in pieces:
                pdf.setFont(font, size)
                pdf.drawString(x, self.style.page[1] - top, text)
            pdf.showPage()
        pdf.save()
        return path

    def pieces(self, call: tuple[float, float, str, str, float]) -> list[tuple]:
        x, top, text, font, size = call
        if not self.style.glyphs:
            return [call]
        return [
            (x + pdfmetrics.stringWidth(text[:i], font, size), top, char, font, size)
            for i, char in enumerate(text)
            if char != " "
        ]


@dataclass(frozen=True)
class Col:
    """A table column: header lines ("\\n" between them), anchor x and alignment."""

    header: str
    x: float
    align: str = "right"
    # Where the header sits relative to the values: shifted by header_dx, its own alignment.
    header_dx: float = 0.0
    header_align: str | None = None


def draw_table(
    sheet: Sheet,
    top: float,
    cols: list[Col],
    rows: list[list[str]],
    *,
    leading: float | None = None,
    spanners: tuple[tuple[str, float], ...] = (),
    header_on_top: bool = False,
    header_pitch: float = 1.15,
) -> float:
    """Header (bottom- or top-aligned stack, optional group headers above), then rows."""
    size = sheet.style.size
    line = size * header_pitch
    leading = leading or size * 1.5
    depth = max(len(col.header.split("\n")) for col in cols) + (1 if spanners else 0)
    for text, x in spanners:
        sheet.put(x, top + line, text, align="center")
    for col in cols:
        parts = col.header.split("\n")
        first = (1 if spanners else 0) if header_on_top else depth - len(parts)
        for index, part in enumerate(parts):
            x, align = col.x + col.header_dx, col.header_align or col.align
            sheet.put(x, top + (first + index + 1) * line, part, align=align)
    y = top + depth * line + leading
    for row in rows:
        for col, cell in zip(cols, row, strict=True):
            if cell:
                sheet.put(col.x, y, cell, align=col.align)
        y += leading
    return y


def fields(sheet: Sheet, top: float, columns: list[list[tuple[str, str]]], x0: float = 40) -> None:
    """A header box: columns of `Label:` / value pairs."""
    step = sheet.style.size * 1.4
    for index, pairs in enumerate(columns):
        x = x0 + index * 210
        for row, (label, value) in enumerate(pairs):
            sheet.put(x, top + row * step, f"{label}:")
            sheet.put(x + 80, top + row * step, value)


def score(value: float | None, minus: str, places: int = 1) -> str:
    if value is None:
        return ""
    return f"{value:.{places}f}".replace("-", minus)


def found(report: Report) -> set[tuple]:
    return {(m.site, m.side, m.region, m.bmd, m.t_score, m.z_score) for m in report.measurements}


# ---------------------------------------------------------------- Hologic APEX


def hologic_header(sheet: Sheet, order: int, scan_type: str) -> None:
    box = [
        ("Name", "Sample, Ingrid"),
        ("Patient ID", "HX-30417"),
        ("DOB", "March 02, 1956"),
        ("Sex", "Female"),
        ("Ethnicity", "White"),
        ("Height", "158.8 cm"),
        ("Weight", "54.4 kg"),
        ("Age", "68"),
    ]
    if order:
        box = box[3:] + box[:3]  # Sex/Ethnicity first, Name/ID/DOB last
    fields(sheet, 40, [box[0:3], box[3:6], box[6:8]])
    sheet.put(40, 90, "Referring Physician:")
    sheet.put(300, 110, "Scan Information:")
    info = [
        ("Scan Date", "April 15, 2024        ID: A04152404"),
        ("Scan Type", scan_type),
        ("Analysis", "April 15, 2024 10:02 Version 13.6.0.5"),
        ("Operator", "JQ"),
        ("Model", "Horizon W (S/N 301544M)"),
        ("Comment", ""),
    ]
    fields(sheet, 124, [info], x0=300)


HOLOGIC_COLUMNS = [
    ("Region", "Region"),
    ("Area\n(cm²)", "area"),
    ("BMC\n(g)", "bmc"),
    ("BMD\n(g/cm²)", "bmd"),
    ("T -\nscore", "t"),
    ("PR\n(%)", "ya"),
    ("Z -\nscore", "z"),
    ("AM\n(%)", "am"),
]


def hologic_rows(values: list[tuple], style: Style, keys: list[str]) -> list[list[str]]:
    """Cells for rows of (label, bmd, t, z); area/BMC/percent are filler derived from BMD."""
    rows = []
    for label, bmd, t, z in values:
        if bmd is None:
            rows.append([label] + [""] * (len(keys) - 1))
            continue
        cell = {
            "Region": label,
            "area": f"{bmd * 15:.2f}",
            "bmc": f"{bmd * 13:.2f}",
            "bmd": f"{bmd:.3f}",
            "t": score(t, style.minus),
            "ya": "" if t is None else str(round(100 + 10 * t)),
            "z": score(z, style.minus),
            "am": "" if z is None else str(round(100 + 10 * z)),
        }
        rows.append([cell[key] for key in keys])
    return rows


def hologic_page(
    sheet: Sheet,
    scan_type: str,
    values: list[tuple],
    *,
    order: int = 0,
    columns: list[tuple[str, str]] = HOLOGIC_COLUMNS,
    x0: float = 60,
    pitch: float = 70,
    header_on_top: bool = True,
    centered_headers: bool = False,
    top: float = 300,
) -> float:
    hologic_header(sheet, order, scan_type)
    sheet.put(x0 - 10, top, "DXA Results Summary:", size=sheet.style.size + 2)
    cols = [
        Col(header, x0, "left")
        if not index
        else Col(
            header,
            x0 + 40 + index * pitch,
            "right",
            header_dx=-1.2 * sheet.style.size if centered_headers else 0.0,
            header_align="center" if centered_headers else None,
        )
        for index, (header, _) in enumerate(columns)
    ]
    keys = [key for _, key in columns]
    rows = hologic_rows(values, sheet.style, keys)
    bottom = draw_table(sheet, top + 6, cols, rows, header_on_top=header_on_top)
    sheet.put(x0, bottom + 4, "Total BMD CV 1.0%, ACF = 1.033, BCF = 1.014, TH = 6.207")
    sheet.put(x0, bottom + 16, "WHO Classification: Osteopenia")
    sheet.put(x0, bottom + 28, "T-score vs. White Female. Source:2012 BMDCS/NHANES White Female.")
    return bottom + 40


SPINE = "lumbar_spine"


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


# ---------------------------------------------------------------- GE Lunar enCORE


def lunar_header(sheet: Sheet, order: int) -> None:
    left = [
        ("Patient", "Mockup, Doris"),
        ("Birth Date", "04/02/1942"),
        ("Height", "154.0 cm"),
        ("Sex", "Female"),
        ("Age", "76.7 years"),
    ]
    right = [
        ("Patient ID", "GL-41177"),
        ("Weight", "58.5 kg"),
        ("Ethnicity", "White"),
        ("Referring Physician", "(none)"),
        ("Measured", "01/14/2019 3:19:17 PM (16 [SP 2])"),
        ("Analyzed", "01/14/2019 3:21:40 PM (16 [SP 2])"),
    ]
    fields(sheet, 40, [right, left] if order else [left, right])


def lunar_results(
    sheet: Sheet,
    top: float,
    values: list[tuple],
    *,
    percent: bool,
    x0: float = 330,
) -> float:
    """`Densitometry:` table: with % columns under Young-Adult/Age-Matched, or iDXA's YA/AM."""
    m = sheet.style.minus
    sheet.put(x0, top, "Densitometry: USA (Combined NHANES/Lunar)")
    if percent:
        cols = [
            Col("Region", x0, "left"),
            Col("BMD\n(g/cm²)", x0 + 110),
            Col("(%)", x0 + 150),
            Col("T-Score", x0 + 195),
            Col("(%)", x0 + 235),
            Col("Z-Score", x0 + 280),
        ]
        cols.append(Col("BMC\n(g)", x0 + 325))
        spanners = (("Young-Adult", x0 + 175), ("Age-Matched", x0 + 260))
        rows = [
            [label, f"{b:.3f}", str(round(100 + 10 * t)) if t is not None else "-"]
            + [score(t, m) or "-", str(round(100 + 10 * z)) if z is not None else "-"]
            + [score(z, m) or "-", f"{b * 3.4:.2f}"]
            for label, b, t, z in values
        ]
        # Footnote numbers in small type over the group headers, as the real pages print them.
        for mark, x in (("1", x0 + 112), ("2", x0 + 205), ("3", x0 + 290)):
            sheet.put(x, top + 4 + sheet.style.size * 0.6, mark, size=sheet.style.size * 0.55)
    else:
        cols = [
            Col("Region", x0, "left"),
            Col("BMD\n(g/cm²)", x0 + 110),
            Col("YA\nT-score", x0 + 160),
            Col("AM\nZ-score", x0 + 210),
        ]
        spanners = ()
        rows = [[label, f"{b:.3f}", score(t, m), score(z, m)] for label, b, t, z in values]
    return draw_table(sheet, top + 4, cols, rows, spanners=spanners)


def lunar_footer(sheet: Sheet, top: float, lsc_site: str) -> None:
    small = sheet.style.size - 1.5
    lines = [
        f"1 - Statistically 68% of repeat scans fall within 1SD (± 0.010 g/cm² for {lsc_site})",
        "World Health Organization - Definition of Osteoporosis and Osteopenia for Caucasian Women:",
        "Normal = T-score at or above -1.0 SD; Osteopenia = T-score between -1.0 and -2.5 SD;",
        "Osteoporosis = T-score at or below -2.5 SD.",
    ]
    for index, text in enumerate(lines):
        sheet.put(40, top + index * small * 1.4, text, size=small)
    sheet.put(40, 690, "GE Healthcare")
    sheet.put(600, 690, "Lunar Prodigy")


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


# ---------------------------------------------------------------- Norland Illuminatus


def norland_header(sheet: Sheet) -> None:
    fields(
        sheet,
        40,
        [
            [("Name", "Invent, Frieda"), ("ID", "NL-7001"), ("DOB", "12/29/1950")],
            [("Sex", "Female"), ("Ethnic", "Caucasian"), ("Age", "57 years")],
            [("Height", "5'1\""), ("Weight", "110")],
        ],
    )


NORLAND_COLUMNS = [
    Col("Region", 30, "left"),
    Col("BMD\n(g/cm²)", 130),
    Col("BMC\n(g)", 180),
    Col("Area\n(cm²)", 225),
    Col("T-\nScore", 270),
    Col("Young\nRef. (%)", 315),
    Col("Z-\nScore", 355),
    Col("Age\nMatch (%)", 400),
    Col("ST Change\n(%)", 455),
    Col("LT Change\n(%)", 515),
]


def norland_rows(values: list[tuple], minus: str) -> list[list[str]]:
    rows = []
    for label, bmd, t, z in values:
        bmd_cell = f"{round(bmd * 1000)}mg/cm²" if label == "Total sBMD" else f"{bmd:.4f}"
        rows.append(
            [label, bmd_cell, f"{bmd * 8:.3f}", f"{bmd * 6:.2f}", score(t, minus, 2)]
            + [f"{100 + 10 * t:.1f}", score(z, minus, 2), f"{100 + 10 * z:.1f}", "*****", "*****"]
        )
    return rows


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


# ---------------------------------------------------------------- harder variants


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


# ---------------------------------------------------------------- seeded random drawings


T_HEADERS = (
    "T-score",
    "T - score",
    "T-Score",
    "YA T-score",
    "T -\nscore",
    "YA\nT-Score",
    "T-\nScore",
    "T \u2013 score",  # an en dash, as some printers set it
    "T Score",
)
Z_HEADERS = (
    "Z-score",
    "Z - score",
    "Z-Score",
    "AM Z-score",
    "Z -\nscore",
    "AM\nZ-Score",
    "Z-\nScore",
    "Z \u2013 score",
    "Z Score",
)
BMD_HEADERS = ("BMD", "BMD (g/cm²)", "BMD\n(g/cm²)", "BMD\n(g/cm2)")
FONTS = ("Helvetica", "Times-Roman", "Courier")
PAGES = (SQUARE, LETTER, A4, LANDSCAPE)
# Per vendor: the page furniture that names it, and row label -> (site, side, region).
HIP_ROWS = {
    "hologic": [
        ("Neck", "femoral_neck"),
        ("Troch", "trochanter"),
        ("Inter", "intertrochanter"),
        ("Total", "total_hip"),
        ("Ward's", "wards"),
    ],
    "ge_lunar": [
        ("Neck", "femoral_neck"),
        ("Upper Neck", "upper_neck"),
        ("Wards", "wards"),
        ("Troch", "trochanter"),
        ("Shaft", "femoral_shaft"),
        ("Total", "total_hip"),
    ],
    "norland": [("Fem Neck", "femoral_neck"), ("Troch", "trochanter")],
}


def random_page(seed: int) -> tuple[Sheet, set[tuple]]:
    """A one-table hip page drawn with seeded choices of everything the tests above vary."""
    chooser = random.Random(seed)
    vendor = chooser.choice(("hologic", "ge_lunar", "norland"))
    size = chooser.choice((6, 6.5, 7, 7.5, 8, 9, 10))
    style = Style(
        chooser.choice(FONTS),
        size,
        chooser.choice(PAGES),
        glyphs=chooser.random() < 0.3,
        shuffle=chooser.random() < 0.5,
    )
    sheet = Sheet(style)
    young = chooser.random() < 0.2
    rows = chooser.sample(HIP_ROWS[vendor], k=chooser.randint(2, len(HIP_ROWS[vendor])))
    headers = ["Region", chooser.choice(BMD_HEADERS), chooser.choice(T_HEADERS)]
    headers.append(chooser.choice(Z_HEADERS))
    if chooser.random() < 0.5:
        headers.insert(2, "BMC\n(g)" if chooser.random() < 0.5 else "Area (cm²)")
    widths = [pdfmetrics.stringWidth(h, style.font, size) for h in headers]
    pitch = max(max(widths), 5 * size) + chooser.uniform(1.5, 4) * size
    width = sheet.style.page[0]
    x0 = chooser.uniform(25, max(30, width - 60 - pitch * len(headers)))
    # Headers sit over their values: aligned the same way, or centred over them.
    align = chooser.choice(("left", "center", "right"))
    header_align = chooser.choice(("center", align))
    shift = {"left": 1.2, "center": 0.0, "right": -1.2}[align] * size
    cols = [Col("Region", x0, "left")] + [
        Col(h, x0 + 40 + i * pitch, align, shift if header_align != align else 0.0, header_align)
        for i, h in enumerate(headers[1:], start=1)
    ]
    side = chooser.choice(("Left", "Right"))
    if vendor == "hologic":
        hologic_header(sheet, chooser.randint(0, 1), f"a {side} Hip")
    elif vendor == "ge_lunar":
        lunar_header(sheet, chooser.randint(0, 1))
        sheet.put(40, 130, f"{side} Femur Bone Density")
        sheet.put(40, style.page[1] - 30, "GE Healthcare")
    else:
        norland_header(sheet)
    title = f"{side} Hip on 3/14/2012 10:01:02 AM" if vendor == "norland" else "Results"
    sheet.put(x0, 200, title)
    expected = set()
    cells = []
    for label, site in rows:
        bmd = round(chooser.uniform(0.4, 1.2), 3)
        t = None if young else round(chooser.uniform(-4, 1), 1)
        z = round(chooser.uniform(-3, 2), 1)
        row = [label, f"{bmd:.3f}", score(t, "-"), score(z, "-")]
        if len(headers) == 5:
            row.insert(2, f"{bmd * 5:.2f}")
        cells.append(row)
        expected.add((site, side.lower(), None, bmd, t, z))
    draw_table(
        sheet,
        206,
        cols,
        cells,
        leading=size * chooser.uniform(1.2, 1.9),
        header_on_top=chooser.random() < 0.5,
        header_pitch=chooser.choice((1.0, 1.15, 1.4, 1.75, 1.95)),
    )
    return sheet, expected


@pytest.mark.parametrize("seed", range(16))
def test_seeded_random_hip_pages(tmp_path: Path, seed: int) -> None:
    sheet, expected = random_page(seed)
    report = parse(sheet.save(tmp_path / f"random_{seed}.pdf"))
    assert found(report) == expected


SPINE_COMBINATIONS = ["L1-L2", "L1,L3", "L1,L4", "L2-L3", "L2,L4", "L3-L4", "L1-L3", "L1-L2,L4"]
SPINE_COMBINATIONS += ["L1,L3-L4", "L2-L4"]


def random_spine_rows(vendor: str, chooser: random.Random) -> list[tuple[str, str]]:
    """Printed row labels and the region each stands for, as each vendor lists them."""
    if vendor == "norland":
        return [("L2 - L4", "L2-L4"), ("L2", "L2"), ("L3", "L3"), ("L4", "L4")]
    singles = [(f"L{n}", f"L{n}") for n in range(1, 5)]
    if vendor == "ge_lunar":
        extra = chooser.sample(
            ["L1-L2", "L1-L3", "L2-L3", "L2-L4", "L3-L4"], k=chooser.randint(0, 3)
        )
        return singles + [(label, label) for label in extra] + [("L1-L4", "L1-L4")]
    style = chooser.randint(0, 2)
    if style == 0:  # every vertebra and a Total row
        return singles + [("Total", "L1-L4")]
    if style == 1:  # L1 excluded: Total covers L2-L4
        return singles[1:] + [("Total", "L2-L4")]
    combos = chooser.sample(SPINE_COMBINATIONS, k=chooser.randint(1, len(SPINE_COMBINATIONS)))
    return singles + [(label, label) for label in combos] + [("L1-L4", "L1-L4")]


def random_spine_page(seed: int) -> tuple[Sheet, set[tuple], str]:
    """A spine page with seeded fonts, spacing, headers (maybe with % columns under group
    headers), a chart axis beside the table and a trend table below it."""
    chooser = random.Random(1000 + seed)
    vendor = chooser.choice(("hologic", "ge_lunar", "norland"))
    size = chooser.choice((6, 7, 8, 9, 10))
    unicode_minus = DEJAVU.exists() and chooser.random() < 0.25
    if unicode_minus:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    style = Style(
        "DejaVuSans" if unicode_minus else chooser.choice(FONTS),
        size,
        chooser.choice(PAGES),
        glyphs=chooser.random() < 0.3,
        shuffle=chooser.random() < 0.5,
        minus=MINUS if unicode_minus else "-",
    )
    sheet = Sheet(style)
    if vendor == "hologic":
        hologic_header(sheet, chooser.randint(0, 1), "a Lumbar Spine")
    elif vendor == "ge_lunar":
        lunar_header(sheet, chooser.randint(0, 1))
        sheet.put(40, 130, "AP Spine Bone Density")
        sheet.put(40, style.page[1] - 30, "GE Healthcare")
    else:
        norland_header(sheet)
    percent = chooser.random() < 0.5
    width = lambda text: pdfmetrics.stringWidth(text, style.font, size)  # noqa: E731
    pitch = max(width("(g/cm²)"), width("T-Score"), 4 * size) + chooser.uniform(1.5, 3) * size
    ncols = 6 if percent else 4
    x0 = chooser.uniform(30 + 6 * size, max(40 + 6 * size, style.page[0] - 140 - pitch * ncols))
    header_top = 210
    title = "AP Spine on 5/6/2013 1:02:03 PM" if vendor == "norland" else "Results:"
    sheet.put(x0, header_top - 8, title)
    t_head, z_head = chooser.choice((("T-Score", "Z-Score"), ("T - score", "Z - score")))
    spanners: tuple[tuple[str, float], ...] = ()
    labels = random_spine_rows(vendor, chooser)
    label_width = max(width(label) for label, _ in labels) + width("Region")
    xs = [x0 + label_width + (i + 1) * pitch for i in range(ncols)]
    if percent:
        # Each vendor's words for the percent columns: Lunar's group headers over "(%)",
        # Hologic's PR / AM, Norland's Young Ref. / Age Match.
        ya, am = {
            "ge_lunar": ("(%)", "(%)"),
            "hologic": ("PR\n(%)", "AM\n(%)"),
            "norland": ("Young\nRef. (%)", "Age\nMatch (%)"),
        }[vendor]
        cols = [Col("Region", x0, "left"), Col("BMD\n(g/cm²)", xs[0])]
        cols += [Col(ya, xs[1]), Col(t_head, xs[2]), Col(am, xs[3]), Col(z_head, xs[4])]
        if vendor == "ge_lunar":
            spanners = (
                ("Young-Adult", (xs[1] + xs[2]) / 2 - 10),
                ("Age-Matched", (xs[3] + xs[4]) / 2 - 10),
            )
    else:
        cols = [Col("Region", x0, "left"), Col(chooser.choice(BMD_HEADERS), xs[0])]
        cols += [Col(t_head.replace(" - ", " -\n"), xs[1]), Col(z_head, xs[2])]
    expected = set()
    cells = []
    for label, region in labels:
        bmd = round(chooser.uniform(0.6, 1.3), 3)
        t, z = round(chooser.uniform(-4, 1), 1), round(chooser.uniform(-3, 2), 1)
        row = [label, f"{bmd:.3f}"]
        if percent:
            row += [str(round(100 + 10 * t)), score(t, style.minus), str(round(100 + 10 * z))]
        else:
            row += [score(t, style.minus)]
        cells.append(row + [score(z, style.minus)])
        if vendor != "norland" or label != "Total sBMD":
            expected.add((SPINE, None, region, bmd, t, z))
    leading = size * chooser.uniform(1.25, 1.8)
    top = header_top + 2
    # A chart axis left of the table, level with its rows.
    for index in range(len(cells)):
        sheet.put(
            x0 - 4 * size, top + 30 + index * leading, f"{1.4 - index * 0.12:.2f}", align="right"
        )
    bottom = draw_table(sheet, top, cols, cells, leading=leading, spanners=spanners)
    trend_top = bottom + 3 * size
    sheet.put(x0, trend_top, "Densitometry Trend: L1-L4" if vendor == "ge_lunar" else "Trend:")
    trend = [
        Col("Measured\nDate", x0, "left"),
        Col("Age\n(years)", xs[0]),
        Col("BMD\n(g/cm²)", xs[1]),
    ]
    rows = [["05/06/2013", "61.0", "1.000"], ["04/30/2011", "59.0", "1.031"]]
    draw_table(sheet, trend_top + 2, trend, rows, leading=leading)
    return sheet, expected, vendor


@pytest.mark.parametrize("seed", range(16))
def test_seeded_random_spine_pages(tmp_path: Path, seed: int) -> None:
    sheet, expected, vendor = random_spine_page(seed)
    report = parse(sheet.save(tmp_path / f"spine_{seed}.pdf"))
    assert report.source.vendor == vendor
    assert found(report) == expected


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


BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
DUAL_HIP_SITES = (("Neck", "femoral_neck"), ("Total", "total_hip"))
FOREARM_ROWS = {
    "hologic": [("1/3", "radius_33"), ("MID", "radius_mid"), ("UD", "radius_ultradistal")],
    "ge_lunar": [
        ("Radius 33%", "radius_33"),
        ("Radius UD", "radius_ultradistal"),
        ("Ulna 33%", "ulna_33"),
        ("Both UD", "radius_ulna_ultradistal"),
        ("Radius Total", "radius_total"),
    ],
}


def random_dual_or_forearm_page(seed: int) -> tuple[Sheet, set[tuple], str]:
    """Dual hip or forearm pages with a bold total row, headers in another size, cells a
    fraction of a point off the row's baseline, and Norland labels wrapped over two lines."""
    chooser = random.Random(5000 + seed)
    vendor = chooser.choice(("hologic", "ge_lunar", "norland"))
    scan = "dual" if vendor == "norland" else chooser.choice(("dual", "forearm"))
    size = chooser.choice((6, 7, 8, 9, 10))
    font = chooser.choice(FONTS)
    style = Style(
        font,
        size,
        chooser.choice(PAGES),
        glyphs=chooser.random() < 0.3,
        shuffle=chooser.random() < 0.5,
    )
    sheet = Sheet(style)
    side = chooser.choice(("Left", "Right"))
    if vendor == "hologic":
        hologic_header(
            sheet,
            chooser.randint(0, 1),
            "a Dual Hip" if scan == "dual" else f"a {side[0]}. Forearm",
        )
    elif vendor == "ge_lunar":
        lunar_header(sheet, chooser.randint(0, 1))
        sheet.put(
            40, 130, "DualFemur Bone Density" if scan == "dual" else f"{side} Forearm Bone Density"
        )
        sheet.put(40, style.page[1] - 30, "GE Healthcare")
    else:
        norland_header(sheet)
    # (printed label lines, bold?, expected (site, side) or None, has values)
    rows: list[tuple[list[str], bool, tuple[str, str | None] | None]] = []
    if scan == "forearm":
        chosen = FOREARM_ROWS[vendor][:]
        if vendor == "hologic":
            chosen.append(("Total", "radius_total"))
        for label, site in chosen:
            rows.append(([label], "Total" in label, (site, side.lower())))
    elif vendor == "hologic":
        for group, site in DUAL_HIP_SITES:
            rows.append(([group], False, None))
            for part in ("Left", "Right", "Mean", "|Diff.|"):
                rows.append(
                    ([part], group == "Total", None if "Diff" in part else (site, part.lower()))
                )
    elif vendor == "ge_lunar":
        for group, site in DUAL_HIP_SITES:
            parts = ["Left", "Right"] + (["Mean"] if chooser.random() < 0.5 else []) + ["Diff."]
            for part in parts:
                expected_key = None if part == "Diff." else (site, part.lower())
                rows.append(([f"{group} {part}"], group == "Total", expected_key))
    else:
        for hip in ("Left", "Right"):
            rows.append(([f"{hip} Hip on 2/4/2008 8:42:05 AM"], False, None))
            rows.append((["Fem", "Neck"], False, ("femoral_neck", hip.lower())))
            rows.append((["Troch"], False, ("trochanter", hip.lower())))
    header_size = size + chooser.choice((-1, 0, 1))
    header_font = chooser.choice((font, BOLD[font]))
    width = max(pdfmetrics.stringWidth(" ".join(r[0]), font, size) for r in rows if len(r[0]) < 3)
    label_width = min(width, 120) + 2 * size
    pitch = max(pdfmetrics.stringWidth("(g/cm²)", header_font, header_size), 4 * size) + 2 * size
    x0 = chooser.uniform(30, max(35, style.page[0] - 60 - label_width - 4 * pitch))
    xs = [x0 + label_width + (i + 1) * pitch for i in range(3)]
    headers = [("BMD", "(g/cm²)"), ("T-", "score") if vendor != "ge_lunar" else ("YA", "T-Score")]
    headers.append(("Z-", "score") if vendor != "ge_lunar" else ("AM", "Z-Score"))
    label_header = "Radius" if vendor == "hologic" and scan == "forearm" else "Region"
    leading = size * chooser.uniform(1.3, 1.8)
    top = 230
    expected = set()

    def header(at: float) -> float:
        sheet.put(x0, at + 2 * header_size, label_header, size=header_size, font=header_font)
        for x, (upper, lower) in zip(xs, headers, strict=True):
            sheet.put(x, at + header_size, upper, size=header_size, align="right", font=header_font)
            sheet.put(
                x, at + 2 * header_size, lower, size=header_size, align="right", font=header_font
            )
        return at + 2 * header_size + leading

    y = header(top) if vendor != "norland" else top
    for lines, bold, key in rows:
        if vendor == "norland" and key is None:  # a per-hip title, then that hip's header
            y += leading
            sheet.put(x0, y, lines[0])
            y = header(y + 2)
            continue
        row_font = BOLD[font] if bold else font
        jitter = chooser.uniform(-0.3, 0.3)
        if len(lines) == 2:  # set solid, 1.2 lines apart, centred on the values
            y += 0.6 * size
            sheet.put(x0, y - 0.6 * size, lines[0], font=row_font)
            sheet.put(x0, y + 0.6 * size, lines[1], font=row_font)
        else:
            sheet.put(x0, y, lines[0], font=row_font)
        if key is not None or "Diff" in lines[0]:
            bmd = round(chooser.uniform(0.3, 1.2), 3)
            t, z = round(chooser.uniform(-4, 1), 1), round(chooser.uniform(-3, 2), 1)
            for x, cell in zip(xs, (f"{bmd:.3f}", score(t, "-"), score(z, "-")), strict=True):
                sheet.put(
                    x, y + chooser.uniform(-0.3, 0.3) + jitter, cell, align="right", font=row_font
                )
            if key is not None:
                expected.add((key[0], key[1], None, bmd, t, z))
        y += leading + (1.2 * size if len(lines) == 2 else 0)
    return sheet, expected, vendor


@pytest.mark.parametrize("seed", range(16))
def test_seeded_random_dual_hip_and_forearm_pages(tmp_path: Path, seed: int) -> None:
    sheet, expected, vendor = random_dual_or_forearm_page(seed)
    report = parse(sheet.save(tmp_path / f"mixed_{seed}.pdf"))
    assert report.source.vendor == vendor
    assert found(report) == expected


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
