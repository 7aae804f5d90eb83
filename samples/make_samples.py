"""Draw the invented vendor-style sample PDFs and write each one's expected record beside it.

Run `python samples/make_samples.py` from the repository root. Every patient, ID and value
here is invented. Each sample is described once as data (patient, exam, printed rows, and
what each row means); the PDF is drawn from that data and the `.expected.json` is built from
the same data, so the expectations never come from the parser under test.

Layouts imitate Hologic APEX, GE Lunar enCORE and Norland Illuminatus prints; layout
variations (glyph-by-glyph text, shuffled drawing order, chart axes and footnotes full of
numbers beside the tables, switched-off columns) exercise the position-aware reader.
Bad PDFs go to tests/fixtures/bad/ so that `dxa batch samples` stays clean.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dxa.parser.model import (  # noqa: E402
    Exam,
    Frax,
    Measurement,
    Patient,
    PreviousExam,
    PrintedLsc,
    Report,
    Source,
)

PDF_DIR = ROOT / "samples" / "pdf"
BAD_DIR = ROOT / "tests" / "fixtures" / "bad"
PAGE_WIDTH, PAGE_HEIGHT = letter

MONTHS = "January February March April May June July August September October November December"


# --------------------------------------------------------------------------- drawing


@dataclass
class Pen:
    """Records text and shapes for one page, then draws them plainly, glyph by glyph or shuffled.

    Coordinates are top-down (y grows downwards), as the parser sees them.
    """

    glyphs: bool = False
    shuffle_seed: int | None = None
    # Some printers place glyphs one by one and draw no space characters at all.
    draw_spaces: bool = True
    ops: list[Callable[[canvas.Canvas], None]] = field(default_factory=list)
    # Boxes and rules, drawn before any text (never shuffled) so no text is hidden.
    shapes: list[Callable[[canvas.Canvas], None]] = field(default_factory=list)

    def text(
        self, x: float, y: float, s: str, size: float = 8, font: str = "Helvetica", align="left"
    ) -> float:
        """Draw `s` with its baseline at y; returns the right edge."""
        width = stringWidth(s, font, size)
        if align == "right":
            x -= width
        elif align == "center":
            x -= width / 2
        if self.glyphs:
            offset = x
            for char in s:
                if char != " " or self.draw_spaces:
                    self._glyph(offset, y, char, size, font)
                offset += stringWidth(char, font, size)
        else:
            self._glyph(x, y, s, size, font)
        return x + width

    def _glyph(self, x: float, y: float, s: str, size: float, font: str) -> None:
        def draw(c: canvas.Canvas) -> None:
            c.setFont(font, size)
            c.drawString(x, PAGE_HEIGHT - y, s)

        self.ops.append(draw)

    def rect(self, x: float, y: float, w: float, h: float, fill: tuple | None = None) -> None:
        def draw(c: canvas.Canvas) -> None:
            if fill:
                c.setFillColorRGB(*fill)
            c.rect(x, PAGE_HEIGHT - y - h, w, h, stroke=1, fill=1 if fill else 0)
            c.setFillColorRGB(0, 0, 0)

        self.shapes.append(draw)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.shapes.append(lambda c: c.line(x0, PAGE_HEIGHT - y0, x1, PAGE_HEIGHT - y1))

    def finish(self, c: canvas.Canvas) -> None:
        for shape in self.shapes:
            shape(c)
        ops = list(self.ops)
        if self.shuffle_seed is not None:
            random.Random(self.shuffle_seed).shuffle(ops)
        for op in ops:
            op(c)
        c.setFillColorRGB(0, 0, 0)
        c.showPage()


def render(pages: list[Pen]) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    for pen in pages:
        pen.finish(c)
    c.save()
    return buffer.getvalue()


# --------------------------------------------------------------------------- invented data


@dataclass(frozen=True)
class Person:
    name: str
    id: str
    sex: str  # "female" | "male"
    birth_date: dt.date
    age: int | float
    ethnicity: str
    height_cm: float
    weight_kg: float


@dataclass(frozen=True)
class Row:
    """One printed table row and what it means (None: printed, but not a measurement)."""

    label: str
    values: dict  # column key -> printed value (None = empty cell)
    site: str | None = None
    side: str | None = None
    region: str | None = None
    group: bool = False  # a label-only row such as Hologic's dual-hip "Neck"


def row(label, site=None, side=None, region=None, **values) -> Row:
    return Row(label, values, site, side, region)


def group(label: str) -> Row:
    return Row(label, {}, group=True)


def measurement(r: Row) -> Measurement:
    v = r.values
    return Measurement(
        site=r.site,
        side=r.side,
        region=r.region,
        bmd=v.get("bmd") if isinstance(v.get("bmd"), float) else None,
        t_score=v.get("t"),
        z_score=v.get("z"),
        young_adult_percent=v.get("ya"),
        age_matched_percent=v.get("am"),
    )


def long_date(d: dt.date) -> str:
    return f"{MONTHS.split()[d.month - 1]} {d.day:02d}, {d.year}"


def us_date(d: dt.date, pad: bool = True) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year}" if pad else f"{d.month}/{d.day}/{d.year}"


def fmt(value, decimals: int) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{value:.{decimals}f}"


# --------------------------------------------------------------------------- Hologic


HOLOGIC_COLUMNS = {
    # key: (header line 1, header line 2, decimals)
    "area": ("Area", "(cm²)", 2),
    "bmc": ("BMC", "(g)", 2),
    "bmd": ("BMD", "(g/cm²)", 3),
    "t": ("T -", "score", 1),
    "ya": ("PR", "(%)", 0),
    "z": ("Z -", "score", 1),
    "am": ("AM", "(%)", 0),
}


@dataclass(frozen=True)
class HologicScan:
    scan_type: str  # "a Lumbar Spine", "a Left Hip", "a Dual Hip", "a R. Forearm", "a Whole Body"
    scan_id: str
    rows: list[Row]
    columns: tuple[str, ...] = ("area", "bmc", "bmd", "t", "ya", "z", "am")
    region_header: str = "Region"
    frax: tuple[float, float] | None = None
    chart_axis: bool = False
    reference: str = "2012 BMDCS/NHANES White Female"


def hologic_header(pen: Pen, p: Person) -> None:
    font, size = "Times-Roman", 8.5
    pen.line(60, 52, 560, 52)
    pen.rect(62, 58, 496, 44, fill=(1, 1, 0.75))
    sex = p.sex.capitalize()
    cells = [
        (66, 68, "Name:", p.name),
        (66, 79, "Patient ID:", p.id),
        (66, 90, "DOB:", long_date(p.birth_date)),
        (280, 68, "Sex:", sex),
        (280, 79, "Ethnicity:", p.ethnicity),
        (430, 68, "Height:", f"{p.height_cm:.1f} cm"),
        (430, 79, "Weight:", f"{p.weight_kg:.1f} kg"),
        (430, 90, "Age:", str(p.age)),
    ]
    for x, y, label, value in cells:
        pen.text(x, y, label, size, font)
        pen.text(x + 46, y, value, size, font)
    pen.text(62, 114, "Referring Physician: Dr. Invented", size, font)


def hologic_scan_info(pen: Pen, exam_date: dt.date, scan: HologicScan, x: float, y: float) -> None:
    font, size = "Times-Roman", 8.5
    pen.text(x, y, "Scan Information:", 10, "Helvetica-Bold")
    analysis = f"{long_date(exam_date)} 12:57 Version 13.6.0.5"
    entries = [
        ("Scan Date:", long_date(exam_date)),
        ("Scan Type:", scan.scan_type),
        ("Analysis:", analysis),
        ("", scan.scan_type.removeprefix("a ").strip()),
        ("Operator:", "RS"),
        ("Model:", "Horizon A (S/N 302081M)"),
        ("Comment:", ""),
    ]
    for index, (label, value) in enumerate(entries):
        line_y = y + 13 + index * 11
        pen.text(x, line_y, label, size, font)
        pen.text(x + 50, line_y, value, size, font)
    pen.text(x + 160, y + 13, f"ID: {scan.scan_id}", size, font)


def hologic_table(pen: Pen, scan: HologicScan, x: float, y: float) -> float:
    """Draw the DXA Results Summary table; returns the y below it."""
    font, bold, size = "Times-Roman", "Times-Bold", 8.5
    pen.text(x, y, "DXA Results Summary:", 10, "Helvetica-Bold")
    centers = [x + 95 + 46 * i for i in range(len(scan.columns))]
    width = centers[-1] + 35 - x
    pitch = 14.0
    height = 40 + pitch * len(scan.rows)
    pen.rect(x, y + 6, width, height, fill=(1, 1, 0.75))
    head_y = y + 20
    region_lines = scan.region_header.split("\n")
    for i, text in enumerate(region_lines):
        pen.text(x + 6, head_y + i * 9, text, size, bold)
    for key, cx in zip(scan.columns, centers, strict=True):
        first, second, _ = HOLOGIC_COLUMNS[key]
        pen.text(cx, head_y, first, size, bold, align="center")
        pen.text(cx, head_y + 9, second, size - 1, bold, align="center")
    row_y = head_y + 9 + pitch + 2
    for r in scan.rows:
        pen.text(x + 6, row_y, r.label, size, bold if r.group else font)
        for key, cx in zip(scan.columns, centers, strict=True):
            value = r.values.get(key)
            if value is not None:
                decimals = HOLOGIC_COLUMNS[key][2]
                pen.text(cx + 14, row_y, fmt(value, decimals), size, font, align="right")
        row_y += pitch
    note_y = y + 6 + height + 10
    pen.text(x, note_y, "Total BMD CV 1.0%, ACF = 1.029, BCF = 0.984, TH = 5.706", 6.5, font)
    if scan.chart_axis:
        # A reference chart beside the table: its axis numbers must never become results.
        axis_x = x + width + 25
        for i, tick in enumerate(["1.4", "1.2", "1.0", "0.8", "0.6", "0.4"]):
            pen.text(axis_x, y + 20 + i * 18, tick, size, font, align="right")
        pen.rect(axis_x + 5, y + 14, 60, 96)
        for i, age in enumerate(["20", "40", "60", "80"]):
            pen.text(axis_x + 8 + i * 15, y + 120, age, size - 1, font)
        pen.text(axis_x + 28, y + 130, "Age", size, font)
    return note_y + 12


def hologic_scan_page(p: Person, exam_date: dt.date, scan: HologicScan, pen: Pen) -> Pen:
    font = "Times-Roman"
    hologic_header(pen, p)
    # The scan image with its printed labels (words that sit outside the table).
    pen.rect(80, 135, 150, 190, fill=(0.15, 0.15, 0.15))
    pen.text(82, 340, "Image not for diagnostic use", 6.5, font)
    pen.text(82, 348, "k = 1.130, d0 = 48.6", 6.5, font)
    pen.text(82, 356, "116 x 135", 6.5, font)
    hologic_scan_info(pen, exam_date, scan, 300, 140)
    bottom = hologic_table(pen, scan, 70, 380)
    if scan.frax:
        bottom = hologic_frax(pen, scan.frax, 70, bottom + 10)
    pen.text(70, bottom + 8, "WHO Classification: Osteopenia", 8.5, font)
    pen.text(70, bottom + 19, "Fracture Risk: Increased", 8.5, font)
    ref = f"T-score vs. White Female. Source:{scan.reference}. Z-score vs. White Female. Source:{scan.reference}."
    pen.text(70, 740, ref, 6.5, font)
    pen.text(500, 765, "HOLOGIC", 11, "Helvetica-Bold")
    return pen


def hologic_frax(pen: Pen, frax: tuple[float, float], x: float, y: float) -> float:
    font, size = "Times-Roman", 8.5
    pen.text(x, y, "10-year Fracture Risk", 10, "Helvetica-Bold")
    pen.text(x, y + 13, "Major Osteoporotic Fracture", size, font)
    pen.text(x + 170, y + 13, f"{frax[0]:g}%", size, font, align="right")
    pen.text(x, y + 24, "Hip Fracture", size, font)
    pen.text(x + 170, y + 24, f"{frax[1]:g}%", size, font, align="right")
    pen.text(
        x, y + 35, "Reported Risk Factors: US (Caucasian), BMI=21.1, prior fracture", 6.5, font
    )
    return y + 45


def hologic_frax_page(p: Person, exam_date: dt.date, frax: tuple[float, float], pen: Pen) -> Pen:
    hologic_header(pen, p)
    pen.text(70, 150, f"FRAX® WHO Fracture Risk Assessment, {long_date(exam_date)}", 10)
    hologic_frax(pen, frax, 70, 180)
    pen.text(500, 765, "HOLOGIC", 11, "Helvetica-Bold")
    return pen


# --------------------------------------------------------------------------- GE Lunar


LUNAR_COLUMNS = {
    # key: (group header, unit line, decimals)
    "bmd": ("BMD", "(g/cm²)", 3),
    "ya": ("Young-Adult", "(%)", 0),
    "t": ("Young-Adult", "T-Score", 1),
    "am": ("Age-Matched", "(%)", 0),
    "z": ("Age-Matched", "Z-Score", 1),
}


@dataclass(frozen=True)
class LunarTrend:
    title_site: str  # "L1-L4", "DualFemur Total Mean"
    rows: list[tuple[dt.date, float, float]]  # date, age, bmd (current exam first)
    site: str
    side: str | None
    region: str | None
    # A trend chart drawn between the title and the table (its axis numbers are not results).
    chart_between: bool = False


@dataclass(frozen=True)
class LunarPage:
    title: str  # "AP Spine", "DualFemur", "Right Forearm", "Total Body", "Left Femur"
    rows: list[Row]
    percent_columns: bool = True
    trend: LunarTrend | None = None
    lsc: tuple[float, str] | None = None  # value, "AP Spine L1-L4"
    chart_beside: bool = False


def lunar_header(pen: Pen, p: Person, exam_date: dt.date, combined: bool) -> None:
    size, bold = 7.5, "Helvetica-Bold"
    pen.rect(60, 50, 492, 50, fill=(1, 1, 0.85))
    sex = p.sex.capitalize()
    if combined:  # enCORE v12/v13 prints pairs of fields on one line
        left = [
            ("Patient:", p.name),
            ("Birth Date:", us_date(p.birth_date)),
            ("Height / Weight:", f"{p.height_cm:.1f} cm  {p.weight_kg:.1f} kg"),
            ("Sex / Ethnic:", f"{sex}  {p.ethnicity}"),
        ]
    else:
        left = [
            ("Patient:", p.name),
            ("Birth Date:", f"{us_date(p.birth_date)}   Age: {p.age} years"),
            ("Height:", f"{p.height_cm:.1f} cm   Weight: {p.weight_kg:.1f} kg"),
            ("Sex:", f"{sex}   Ethnicity: {p.ethnicity}"),
        ]
    right = [
        ("Patient ID:", p.id),
        ("Referring Physician:", "(not specified)"),
        ("Measured:", f"{us_date(exam_date)} 3:19:17 PM (16 [SP 2])"),
        ("Analyzed:", f"{us_date(exam_date)} 3:21:40 PM (16 [SP 2])"),
    ]
    for i, (label, value) in enumerate(left):
        pen.text(64, 61 + i * 10, label, size, bold)
        pen.text(140, 61 + i * 10, value, size)
    for i, (label, value) in enumerate(right):
        pen.text(330, 61 + i * 10, label, size, bold)
        pen.text(420, 61 + i * 10, value, size)


def lunar_table(pen: Pen, page: LunarPage, x: float, y: float, reference: str) -> float:
    size, bold = 7.5, "Helvetica-Bold"
    keys = ["bmd", "ya", "t", "am", "z"] if page.percent_columns else ["bmd", "t", "z"]
    pen.text(x + 150, y, f"Densitometry: {reference}", 8, bold, align="center")
    pen.line(x, y + 4, x + 300, y + 4)
    centers = {}
    cx = x + 105
    for key in keys:
        centers[key] = cx
        cx += 45 if page.percent_columns else 60
    # Group headers span their two sub-columns; superscript footnote markers sit above them.
    groups: dict[str, list[float]] = {}
    for key in keys:
        groups.setdefault(LUNAR_COLUMNS[key][0], []).append(centers[key])
    for number, (name, xs) in enumerate(groups.items(), start=1):
        middle = sum(xs) / len(xs)
        label = name if page.percent_columns or name == "BMD" else name.split("-")[0][0] + "A"
        if not page.percent_columns and name != "BMD":
            label = {"Young-Adult": "YA", "Age-Matched": "AM"}[name]
        pen.text(middle, y + 16, label, size, bold, align="center")
        pen.text(middle + 22, y + 10, str(number), 4.5)
    pen.text(x + 4, y + 26, "Region", size, bold)
    for key in keys:
        pen.text(centers[key], y + 26, LUNAR_COLUMNS[key][1], size - 1, bold, align="center")
    pen.line(x, y + 29, x + 300, y + 29)
    row_y = y + 39
    for r in page.rows:
        pen.text(x + 4, row_y, r.label, size)
        for key in keys:
            value = r.values.get(key)
            text = fmt(value, LUNAR_COLUMNS[key][2]) if value is not None else "-"
            pen.text(centers[key] + 12, row_y, text, size, align="right")
        row_y += 11
    if page.chart_beside:
        # Chart axes beside the table: BMD ticks on the left, T-score ticks on the right.
        ax = x + 345
        pen.rect(ax + 8, y + 4, 110, row_y - y - 6, fill=(0.6, 0.9, 0.6))
        for i, tick in enumerate(["1.285", "1.205", "1.125", "1.045", "0.965", "0.885"]):
            pen.text(ax, y + 10 + i * 11, tick, size, align="right")
        for i, tick in enumerate(["2", "1", "0", "-1", "-2", "-3"]):
            pen.text(ax + 122, y + 10 + i * 11, tick, size)
    return row_y


def lunar_trend(pen: Pen, trend: LunarTrend, x: float, y: float) -> float:
    size, bold = 7.5, "Helvetica-Bold"
    pen.text(x + 150, y, f"Densitometry Trend: {trend.title_site}", 8, bold, align="center")
    if trend.chart_between:
        pen.rect(x + 40, y + 6, 200, 60, fill=(0.9, 0.9, 1))
        for i, (_, _, bmd) in enumerate(trend.rows):
            pen.text(x + 36, y + 14 + i * 14, f"{bmd:.3f}", size, align="right")
        y += 74
    heads = [
        ("Measured", "Date", ""),
        ("Age", "(years)", ""),
        ("BMD", "(g/cm²)", ""),
        ("Change vs", "Previous", "(g/cm²)"),
        ("Change vs", "Previous", "(%)"),
    ]
    xs = [x + 28, x + 95, x + 150, x + 210, x + 270]
    for cx, lines in zip(xs, heads, strict=True):
        for i, text in enumerate(lines):
            if text:
                pen.text(cx, y + 12 + i * 8, text, size, bold, align="center")
    pen.line(x, y + 30, x + 300, y + 30)
    row_y = y + 40
    previous_bmd = None
    rows = list(reversed(trend.rows))
    printed = []
    for date, age, bmd in rows:
        change = None if previous_bmd is None else round(bmd - previous_bmd, 3)
        percent = (
            None if previous_bmd is None else round(100 * (bmd - previous_bmd) / previous_bmd, 1)
        )
        printed.append((date, age, bmd, change, percent))
        previous_bmd = bmd
    for date, age, bmd, change, percent in reversed(printed):
        pen.text(x + 4, row_y, us_date(date), size)
        pen.text(xs[1] + 10, row_y, f"{age:.1f}", size, align="right")
        pen.text(xs[2] + 12, row_y, f"{bmd:.3f}", size, align="right")
        star = "*" if percent is not None and abs(percent) >= 3 else ""
        pen.text(
            xs[3] + 14, row_y, "-" if change is None else f"{change:.3f}{star}", size, align="right"
        )
        pen.text(
            xs[4] + 10,
            row_y,
            "-" if percent is None else f"{percent:.1f}{star}",
            size,
            align="right",
        )
        row_y += 11
    return row_y


def lunar_page(
    p: Person,
    exam_date: dt.date,
    page: LunarPage,
    pen: Pen,
    device: str,
    combined_header: bool,
    reference: str = "USA (Combined NHANES/Lunar)",
) -> Pen:
    size = 7.5
    lunar_header(pen, p, exam_date, combined_header)
    pen.text(120, 118, f"{page.title} Bone Density", 8, "Helvetica-Bold", align="center")
    pen.rect(64, 124, 130, 170, fill=(0.85, 0.85, 0.85))
    if not page.chart_beside:
        # The reference chart above the table, with its numbered axes.
        pen.text(330, 118, "BMD (g/cm²)", size)
        pen.rect(360, 124, 160, 110, fill=(0.6, 0.9, 0.6))
        for i, tick in enumerate(["1.285", "1.165", "1.045", "0.925", "0.805", "0.685"]):
            pen.text(355, 130 + i * 20, tick, size, align="right")
        for i, age in enumerate(["20", "40", "60", "80", "100"]):
            pen.text(360 + i * 38, 244, age, size)
        pen.text(420, 254, "Age (years)", size)
    bottom = lunar_table(pen, page, 250 if not page.chart_beside else 64, 310, reference)
    if page.trend:
        bottom = lunar_trend(pen, page.trend, 250 if not page.chart_beside else 64, bottom + 24)
    pen.text(64, bottom + 30, "COMMENTS:", size, "Helvetica-Bold")
    notes = [
        "1 - Statistically 68% of repeat scans fall within 1SD (± 0.010 g/cm² for "
        + (page.lsc[1] if page.lsc else page.title)
        + ")",
        "2 - USA (Combined NHANES (ages 20-30) / Lunar (ages 20-40)) Reference Population (v112)",
        "3 - Matched for Age, Weight (females 25-100 kg), Ethnic",
        "World Health Organization - Definition of Osteoporosis and Osteopenia for Caucasian Women:",
        "Normal = T-score at or above -1.0 SD; Osteopenia = T-score between -1.0 and -2.5 SD;",
        "Osteoporosis = T-score at or below -2.5 SD.",
    ]
    if page.lsc:
        notes.insert(1, f"(LSC= {page.lsc[0]:.3f} g/cm² for {page.lsc[1]})")
    for i, note in enumerate(notes):
        pen.text(64, 680 + i * 7, note, 5.5)
    pen.line(60, 735, 552, 735)
    pen.text(64, 748, "GE Healthcare", 7, "Helvetica-Bold")
    pen.text(300, 748, "Page: 1 of 1", 7, align="center")
    pen.text(552, 744, device, 6.5, align="right")
    pen.text(552, 752, "DF+15799", 6.5, align="right")
    return pen


# --------------------------------------------------------------------------- Norland


NORLAND_COLUMNS = [
    # key, header lines (top, middle, bottom), decimals
    ("bmd", ("", "BMD (g/cm²)", ""), 4),
    ("bmc", ("", "BMC (g)", ""), 3),
    ("area", ("Area", "", "(cm²)"), 2),
    ("length", ("Length", "", "(cm)"), 2),
    ("width", ("Width", "", "(cm)"), 2),
    ("t", ("T-", "", "Score"), 2),
    ("ya", ("Young", "", "Ref. (%)"), 1),
    ("z", ("Z-", "", "Score"), 2),
    ("am", ("Age", "", "Match (%)"), 1),
    ("st", ("ST Change", "", "(%)"), 1),
    ("stp", ("ST Change", "", "(%/yr)"), 1),
    ("lt", ("LT Change", "", "(%)"), 1),
    ("ltp", ("LT Change", "", "(%/yr)"), 1),
]


@dataclass(frozen=True)
class NorlandScan:
    title: str  # "Left Hip", "AP Spine"
    when: str  # "2/4/2008 8:42:05 AM"
    rows: list[Row]


def norland_header(pen: Pen, p: Person, imperial: bool) -> None:
    size, bold = 7, "Helvetica-Bold"
    pen.line(36, 48, 576, 48)
    if imperial:
        inches = round(p.height_cm / 2.54)
        height = f"{inches // 12}'{inches % 12}\""
        weight = f"{round(p.weight_kg / 0.45359237)}"
    else:
        height, weight = f"{p.height_cm:.1f} cm", f"{p.weight_kg:.1f} kg"
    cells = [
        (40, 58, "Name:", p.name),
        (40, 68, "ID:", p.id),
        (40, 78, "DOB:", us_date(p.birth_date, pad=False)),
        (260, 58, "Sex:", p.sex.capitalize()),
        (260, 68, "Ethnic:", p.ethnicity),
        (260, 78, "Age:", f"{p.age} years"),
        (440, 58, "Height:", height),
        (440, 68, "Weight:", weight),
    ]
    for x, y, label, value in cells:
        pen.text(x, y, label, size, bold)
        pen.text(x + 40, y, value, size)
    pen.line(36, 86, 576, 86)


def norland_table(pen: Pen, scan: NorlandScan, x: float, y: float) -> float:
    size, bold = 6.5, "Helvetica"
    pen.text(x, y, f"{scan.title} on {scan.when}", 7)
    pen.rect(x, y + 4, 532, 20 + 18 * len(scan.rows))
    head_mid = y + 17
    pen.text(x + 6, head_mid, "Region", size, bold)
    cx = x + 62
    centers = {}
    for key, lines, _ in NORLAND_COLUMNS:
        width = (
            54
            if key == "bmd"
            else 40
            if key == "bmc"
            else 36
            if key in ("st", "stp", "lt", "ltp")
            else 32
        )
        center = cx + width / 2
        centers[key] = center
        for offset, text in zip((-5, 0, 5), lines, strict=True):
            if text:
                pen.text(center, head_mid + offset, text, size, bold, align="center")
        cx += width
    row_mid = y + 40
    for r in scan.rows:
        words = r.label.split()
        if len(words) == 2:  # labels wrap: one word above, one below the numbers
            pen.text(x + 6, row_mid - 4, words[0], size)
            pen.text(x + 6, row_mid + 4, words[1], size)
        else:
            pen.text(x + 6, row_mid, r.label, size)
        for key, _, decimals in NORLAND_COLUMNS:
            value = r.values.get(key)
            if value is not None:
                pen.text(centers[key] + 10, row_mid, fmt(value, decimals), size, align="right")
        row_mid += 18
    return y + 24 + 18 * len(scan.rows)


def norland_page(p: Person, scans: list[NorlandScan], pen: Pen, imperial: bool) -> Pen:
    norland_header(pen, p, imperial)
    # The per-scan summary box beside the chart: key/value pairs, not a results table.
    first = next(r for r in scans[0].rows if r.site)
    box = [
        ("Young Ref. (%)", fmt(first.values.get("ya"), 1)),
        ("T-Score", fmt(first.values.get("t"), 2)),
        ("Age Match (%)", fmt(first.values.get("am"), 1)),
        ("Z-Score", fmt(first.values.get("z"), 2)),
    ]
    pen.rect(60, 120, 150, 80)
    for i, tick in enumerate(["1.361", "1.161", "0.961", "0.761", "0.561"]):
        pen.text(75, 130 + i * 14, tick, 6, align="right")
    for i, (label, value) in enumerate(box):
        pen.text(230, 140 + i * 11, label, 7)
        pen.text(310, 140 + i * 11, value, 7, align="right")
    y = 240
    for scan in scans:
        y = norland_table(pen, scan, 36, y) + 24
    pen.text(40, 740, "Images not for diagnosis.", 7, "Helvetica-Bold")
    pen.text(
        40,
        750,
        "STD CV: Total BMC=0.9; 6.5 mm X 13.0 mm, 260 mm/s, Rev. 3.9.4/2.1.0 Calib. 7/30/2018, S/N 6746",
        6,
    )
    pen.text(576, 745, "NORLAND", 12, "Helvetica-BoldOblique", align="right")
    pen.text(576, 755, f"{NORLAND_DEVICE} Illuminatus 4.7.5", 6, align="right")
    return pen


# --------------------------------------------------------------------------- RIS print


def ris_page(p: Person, exam_date: dt.date, rows: list[tuple[str, Row]], pen: Pen) -> Pen:
    """An unknown layout: a hospital RIS print with a ruled results table."""
    size = 10
    pen.text(60, 60, "Riverside Imaging Department - Final Report", 14, "Helvetica-Bold")
    pen.text(60, 84, f"Patient: {p.name}", size)
    pen.text(330, 84, f"MRN: {p.id}", size)
    pen.text(60, 98, f"DOB: {us_date(p.birth_date)}", size)
    pen.text(330, 98, f"Sex: {p.sex.capitalize()}", size)
    pen.text(60, 112, f"Exam date: {us_date(exam_date)}", size)
    pen.text(60, 136, "EXAM: DXA bone densitometry, axial skeleton.", size)
    pen.text(60, 156, "RESULTS:", size, "Helvetica-Bold")
    xs = [60, 230, 340, 430, 520]
    top = 164
    pen.line(xs[0], top, xs[-1], top)
    for i, head in enumerate(["Site", "BMD (g/cm2)", "T-score", "Z-score"]):
        pen.text(xs[i] + 5, top + 13, head, size, "Helvetica-Bold")
    y = top + 18
    pen.line(xs[0], y, xs[-1], y)
    for site_text, r in rows:
        pen.text(xs[0] + 5, y + 13, site_text, size)
        pen.text(xs[1] + 5, y + 13, f"{r.values['bmd']:.3f}", size)
        pen.text(xs[2] + 5, y + 13, f"{r.values['t']:.1f}", size)
        pen.text(xs[3] + 5, y + 13, f"{r.values['z']:.1f}", size)
        y += 18
        pen.line(xs[0], y, xs[-1], y)
    for x in xs:
        pen.line(x, top, x, y)
    pen.text(60, y + 24, "IMPRESSION: Low bone mass (osteopenia).", size)
    return pen


# --------------------------------------------------------------------------- the samples


ALICE = Person(
    "Example, Alice", "HX-100231", "female", dt.date(1956, 3, 2), 68, "White", 158.8, 54.4
)
BETTY = Person(
    "Sample, Betty", "HX-200417", "female", dt.date(1949, 11, 23), 74, "White", 162.0, 61.2
)
CARLA = Person(
    "Testcase, Carla", "HX-300912", "female", dt.date(2005, 6, 14), 19, "Hispanic", 165.1, 52.3
)
DORIS = Person(
    "Mockup, Doris", "GL-41177", "female", dt.date(1942, 4, 2), 76.7, "White", 154.0, 58.5
)
EDWARD = Person(
    "Fiction, Edward", "GL-52290", "male", dt.date(1951, 8, 30), 73.2, "Black", 178.0, 82.0
)
FRIEDA = Person(
    "Invent, Frieda", "NL-7001", "female", dt.date(1950, 12, 29), 57, "Caucasian", 154.9, 49.9
)
GRETA = Person(
    "Pretend, Greta", "RIS-88120", "female", dt.date(1958, 3, 11), 66, "White", 160.0, 60.0
)


def spine_rows_total(bmds, ts, zs, yas, ams) -> list[Row]:
    rows = []
    for i, name in enumerate(["L1", "L2", "L3", "L4", "Total"]):
        region = "L1-L4" if name == "Total" else name
        rows.append(
            row(
                name,
                "lumbar_spine",
                None,
                region,
                area=13.2 + i,
                bmc=11.5 + i,
                bmd=bmds[i],
                t=ts[i],
                ya=yas[i],
                z=zs[i],
                am=ams[i],
            )
        )
    return rows


COMBINATIONS = [
    "L1",
    "L2",
    "L3",
    "L4",
    "L1-L2",
    "L1,L3",
    "L1,L4",
    "L2-L3",
    "L2,L4",
    "L3-L4",
    "L1-L3",
    "L1-L2,L4",
    "L1,L3-L4",
    "L2-L4",
    "L1-L4",
]


def combination_rows(young: bool) -> list[Row]:
    rows = []
    for i, region in enumerate(COMBINATIONS):
        bmd = round(0.873 + 0.004 * i, 3)
        z = round(-1.0 + 0.1 * (i % 7), 1)
        t = None if young else round(z - 0.6, 1)
        rows.append(
            row(
                region,
                "lumbar_spine",
                None,
                region,
                area=13.26 + i,
                bmc=11.58 + i,
                bmd=bmd,
                t=t,
                z=z,
            )
        )
    return rows


def hip_rows(side: str) -> list[Row]:
    data = [
        ("Neck", "femoral_neck", 0.652, -2.1, -0.6, 74, 92),
        ("Troch", "trochanter", 0.588, -1.4, -0.2, 82, 97),
        ("Inter", "intertrochanter", 0.901, -1.5, -0.4, 80, 95),
        ("Total", "total_hip", 0.771, -1.5, -0.3, 80, 96),
        ("Ward's", "wards", 0.455, -2.3, -0.1, 65, 99),
    ]
    return [
        row(label, site, side, None, area=4.86 + i, bmc=3.9 + i, bmd=bmd, t=t, ya=ya, z=z, am=am)
        for i, (label, site, bmd, t, z, ya, am) in enumerate(data)
    ]


def dual_hip_rows() -> list[Row]:
    rows: list[Row] = []
    for name, site, base in [("Neck", "femoral_neck", 0.804), ("Total", "total_hip", 0.835)]:
        rows.append(group(name))
        left, right = base, round(base + 0.064, 3)
        mean = round((left + right) / 2, 3)
        for label, side, bmd, t in [
            ("Left", "left", left, -1.8),
            ("Right", "right", right, -1.3),
            ("Mean", "mean", mean, -1.6),
        ]:
            rows.append(
                row(label, site, side, None, area=4.86, bmc=3.9, bmd=bmd, t=t, z=round(t + 1.4, 1))
            )
        rows.append(
            row("|Diff.|", None, area=0.55, bmc=0.17, bmd=round(right - left, 3), t=0.5, z=0.5)
        )
    return rows


def forearm_rows(side: str) -> list[Row]:
    data = [
        ("1/3", "radius_33", 0.673, -1.2, 0.1),
        ("MID", "radius_mid", 0.559, -1.9, -0.3),
        ("UD", "radius_ultradistal", 0.355, -2.2, -0.9),
        ("Total", "radius_total", 0.533, -1.8, -0.3),
    ]
    return [
        row(label, site, side, None, area=4.46 + i, bmc=3.0 + i, bmd=bmd, t=t, z=z)
        for i, (label, site, bmd, t, z) in enumerate(data)
    ]


def whole_body_rows() -> list[Row]:
    parts = [
        "L Arm",
        "R Arm",
        "L Ribs",
        "R Ribs",
        "T Spine",
        "L Spine",
        "Pelvis",
        "L Leg",
        "R Leg",
        "Subtotal",
        "Head",
    ]
    rows = [
        row(name, None, area=100.0 + i, bmc=90.0 + i, bmd=round(0.6 + 0.03 * i, 3))
        for i, name in enumerate(parts)
    ]
    rows.append(
        row("Total", "total_body", None, None, area=1879.56, bmc=1853.37, bmd=0.986, t=-0.9, z=-1.6)
    )
    return rows


@dataclass(frozen=True)
class Sample:
    name: str
    pages: list[Pen]
    report: Report


def report_for(
    name: str,
    vendor: str | None,
    person: Person,
    exam: Exam,
    rows: list[Row],
    *,
    frax: tuple[float, float] | None = None,
    previous: list[PreviousExam] | None = None,
    lsc: list[PrintedLsc] | None = None,
    patient: Patient | None = None,
) -> Report:
    """The expected record, from the same invented data the PDF was drawn from."""
    if patient is None:
        patient = Patient(
            name=person.name,
            id=person.id,
            sex=person.sex,
            birth_date=person.birth_date,
            age=person.age,
            ethnicity=person.ethnicity,
            height_cm=person.height_cm,
            weight_kg=person.weight_kg,
        )
    measurements: list[Measurement] = []
    seen = set()
    for r in rows:
        if r.site is None:
            continue
        key = (r.site, r.side, r.region)
        if key not in seen:  # a combined report repeats rows on an extended page
            seen.add(key)
            measurements.append(measurement(r))
    return Report(
        source=Source(path=f"samples/pdf/{name}.pdf", format="pdf", vendor=vendor),
        patient=patient,
        exam=exam,
        measurements=measurements,
        frax=Frax(major_osteoporotic=frax[0], hip=frax[1]) if frax else None,
        previous=previous or [],
        lsc=lsc or [],
    )


HOLOGIC_DEVICE = "Horizon A (S/N 302081M)"
NORLAND_DEVICE = "Norland XR-800"
NHANES = "2012 BMDCS/NHANES White Female"


def hologic_samples() -> list[Sample]:
    samples = []
    day = dt.date(2024, 4, 15)
    exam = Exam(date=day, device=HOLOGIC_DEVICE, reference_database=NHANES)

    spine = HologicScan(
        "a Lumbar Spine",
        "A0415240D",
        spine_rows_total(
            [0.801, 0.845, 0.861, 0.857, 0.843],
            [-2.2, -2.0, -1.9, -1.8, -1.9],
            [-0.6, -0.4, -0.3, -0.2, -0.3],
            [76, 78, 80, 81, 79],
            [93, 95, 96, 97, 96],
        ),
    )
    samples.append(
        Sample(
            "hologic_spine",
            [hologic_scan_page(ALICE, day, spine, Pen())],
            report_for("hologic_spine", "hologic", ALICE, exam, spine.rows),
        )
    )

    young_day = dt.date(2024, 12, 4)
    combos = HologicScan(
        "a Lumbar Spine",
        "A1204240D",
        combination_rows(young=True),
        columns=("area", "bmc", "bmd", "t", "z"),
    )
    samples.append(
        Sample(
            "hologic_spine_combinations_young",
            [hologic_scan_page(CARLA, young_day, combos, Pen())],
            report_for(
                "hologic_spine_combinations_young",
                "hologic",
                CARLA,
                Exam(date=young_day, device=HOLOGIC_DEVICE, reference_database=NHANES),
                combos.rows,
            ),
        )
    )

    hip = HologicScan(
        "a Left Hip", "A0415240E", hip_rows("left"), frax=(17.0, 3.4), chart_axis=True
    )
    for variant, pen in [
        ("", Pen()),
        ("_glyphs", Pen(glyphs=True)),
        ("_shuffled", Pen(shuffle_seed=7)),
        ("_glyphs_no_spaces", Pen(glyphs=True, draw_spaces=False, shuffle_seed=8)),
    ]:
        name = f"hologic_left_hip_frax{variant}"
        samples.append(
            Sample(
                name,
                [hologic_scan_page(ALICE, day, hip, pen)],
                report_for(name, "hologic", ALICE, exam, hip.rows, frax=(17.0, 3.4)),
            )
        )

    dual = HologicScan(
        "a Dual Hip", "A0415240F", dual_hip_rows(), columns=("area", "bmc", "bmd", "t", "z")
    )
    samples.append(
        Sample(
            "hologic_dual_hip",
            [hologic_scan_page(BETTY, day, dual, Pen())],
            report_for("hologic_dual_hip", "hologic", BETTY, exam, dual.rows),
        )
    )

    arm = HologicScan(
        "a R. Forearm",
        "A0415240H",
        forearm_rows("right"),
        columns=("area", "bmc", "bmd", "t", "z"),
        region_header="Radius",
        reference="Hologic",
    )
    samples.append(
        Sample(
            "hologic_forearm",
            [hologic_scan_page(BETTY, day, arm, Pen())],
            report_for(
                "hologic_forearm",
                "hologic",
                BETTY,
                Exam(date=day, device=HOLOGIC_DEVICE, reference_database="Hologic"),
                arm.rows,
            ),
        )
    )

    body = HologicScan(
        "a Whole Body", "A0415240C", whole_body_rows(), columns=("area", "bmc", "bmd", "t", "z")
    )
    samples.append(
        Sample(
            "hologic_whole_body",
            [hologic_scan_page(ALICE, day, body, Pen())],
            report_for("hologic_whole_body", "hologic", ALICE, exam, body.rows),
        )
    )

    # A combined report: spine page, dual hip page, FRAX page; drawn in shuffled order.
    pages = [
        hologic_scan_page(BETTY, day, spine, Pen(shuffle_seed=1)),
        hologic_scan_page(BETTY, day, dual, Pen(shuffle_seed=2)),
        hologic_frax_page(BETTY, day, (21.0, 4.2), Pen(shuffle_seed=3)),
    ]
    samples.append(
        Sample(
            "hologic_combined_multipage",
            pages,
            report_for(
                "hologic_combined_multipage",
                "hologic",
                BETTY,
                exam,
                spine.rows + dual.rows,
                frax=(21.0, 4.2),
            ),
        )
    )
    return samples


def lunar_spine_rows(percent: bool) -> list[Row]:
    data = [
        ("L1", 0.993, -1.1, -0.8, 88, 91),
        ("L2", 1.083, -1.0, -0.6, 90, 94),
        ("L3", 1.126, -0.8, -0.4, 92, 96),
        ("L4", 1.131, -0.7, -0.3, 93, 97),
        ("L1-L4", 1.046, -1.0, -0.5, 89, 95),
    ]
    return [
        row(
            label,
            "lumbar_spine",
            None,
            label,
            bmd=bmd,
            t=t,
            z=z,
            ya=ya if percent else None,
            am=am if percent else None,
        )
        for label, bmd, t, z, ya, am in data
    ]


def lunar_samples() -> list[Sample]:
    samples = []
    day = dt.date(2019, 1, 14)
    ref = "USA (Combined NHANES/Lunar)"

    trend = LunarTrend(
        "L1-L4",
        [
            (day, 76.7, 1.046),
            (dt.date(2017, 1, 10), 74.7, 1.081),
            (dt.date(2015, 1, 6), 72.7, 1.090),
        ],
        "lumbar_spine",
        None,
        "L1-L4",
    )
    spine = LunarPage(
        "AP Spine",
        lunar_spine_rows(True),
        trend=trend,
        lsc=(0.028, "AP Spine L1-L4"),
        chart_beside=True,
    )
    previous = [
        PreviousExam(date=d, site="lumbar_spine", region="L1-L4", bmd=b)
        for d, _, b in trend.rows[1:]
    ]
    samples.append(
        Sample(
            "lunar_spine_trend",
            [lunar_page(DORIS, day, spine, Pen(), "Lunar Prodigy", combined_header=False)],
            report_for(
                "lunar_spine_trend",
                "ge_lunar",
                DORIS,
                Exam(date=day, device="Lunar Prodigy", reference_database=ref),
                spine.rows,
                previous=previous,
                lsc=[PrintedLsc(site="lumbar_spine", region="L1-L4", value=0.028)],
            ),
        )
    )

    dual_rows = []
    for site_label, site, base in [("Neck", "femoral_neck", 0.741), ("Total", "total_hip", 0.777)]:
        left, right = base, round(base + 0.023, 3)
        mean = round((left + right) / 2, 3)
        for side_label, bmd, t in [
            ("Left", left, -2.1),
            ("Right", right, -1.8),
            ("Mean", mean, -1.9),
        ]:
            dual_rows.append(
                row(
                    f"{site_label} {side_label}",
                    site,
                    side_label.lower(),
                    None,
                    bmd=bmd,
                    t=t,
                    z=round(t + 2.2, 1),
                )
            )
        dual_rows.append(row(f"{site_label} Diff.", None, bmd=round(right - left, 3), t=0.3, z=0.3))
    edate = dt.date(2020, 1, 22)
    dual_trend = LunarTrend(
        "DualFemur Total Mean",
        [(edate, 73.2, 0.788), (dt.date(2018, 1, 9), 71.2, 0.801)],
        "total_hip",
        "mean",
        None,
        chart_between=True,
    )
    dual = LunarPage(
        "DualFemur",
        dual_rows,
        percent_columns=False,
        trend=dual_trend,
        lsc=(0.033, "DualFemur Total Mean"),
    )
    samples.append(
        Sample(
            "lunar_idxa_dualfemur",
            [lunar_page(EDWARD, edate, dual, Pen(), "Lunar iDXA", combined_header=False)],
            report_for(
                "lunar_idxa_dualfemur",
                "ge_lunar",
                EDWARD,
                Exam(date=edate, device="Lunar iDXA", reference_database=ref),
                dual_rows,
                previous=[
                    PreviousExam(date=d, site="total_hip", side="mean", bmd=b)
                    for d, _, b in dual_trend.rows[1:]
                ],
                lsc=[PrintedLsc(site="total_hip", value=0.033)],
            ),
        )
    )

    arm_data = [
        ("Radius UD", "radius_ultradistal", 0.296, -3.8, -2.4, 63, 73),
        ("Ulna UD", "ulna_ultradistal", 0.237, None, None, None, None),
        ("Radius 33%", "radius_33", 0.897, 0.1, 1.5, 101, 117),
        ("Ulna 33%", "ulna_33", 0.798, None, None, None, None),
        ("Both UD", "radius_ulna_ultradistal", 0.270, None, None, None, None),
        ("Both 33%", "radius_ulna_33", 0.851, None, None, None, None),
        ("Radius Total", "radius_total", 0.613, -1.1, 0.2, 90, 102),
        ("Ulna Total", "ulna_total", 0.472, None, None, None, None),
        ("Both Total", "radius_ulna_total", 0.549, None, None, None, None),
    ]
    arm_rows = [
        row(label, site, "right", None, bmd=bmd, t=t, z=z, ya=ya, am=am)
        for label, site, bmd, t, z, ya, am in arm_data
    ]
    arm = LunarPage("Right Forearm", arm_rows)
    samples.append(
        Sample(
            "lunar_forearm",
            [lunar_page(DORIS, day, arm, Pen(glyphs=True), "Lunar Prodigy", combined_header=True)],
            report_for(
                "lunar_forearm",
                "ge_lunar",
                DORIS,
                Exam(date=day, device="Lunar Prodigy", reference_database=ref),
                arm_rows,
                patient=Patient(
                    name=DORIS.name,
                    id=DORIS.id,
                    sex=DORIS.sex,
                    birth_date=DORIS.birth_date,
                    ethnicity=DORIS.ethnicity,
                    height_cm=DORIS.height_cm,
                    weight_kg=DORIS.weight_kg,
                ),
            ),
        )
    )

    parts = ["Head", "Arms", "Legs", "Trunk", "Ribs", "Pelvis", "Spine"]
    body_rows = [row(name, None, bmd=round(0.6 + 0.05 * i, 3)) for i, name in enumerate(parts)]
    body_rows.append(
        row("Total", "total_body", None, None, bmd=1.096, t=-0.4, z=0.7, ya=97, am=105)
    )
    body = LunarPage("Total Body", body_rows)
    samples.append(
        Sample(
            "lunar_total_body",
            [
                lunar_page(
                    EDWARD,
                    edate,
                    body,
                    Pen(shuffle_seed=11),
                    "Lunar Prodigy",
                    combined_header=False,
                )
            ],
            report_for(
                "lunar_total_body",
                "ge_lunar",
                EDWARD,
                Exam(date=edate, device="Lunar Prodigy", reference_database=ref),
                body_rows,
            ),
        )
    )

    femur_data = [
        ("Neck", "femoral_neck", 0.702, -2.4, -0.9, 70, 88),
        ("Upper Neck", "upper_neck", 0.588, None, None, None, None),
        ("Wards", "wards", 0.561, -2.6, -0.4, 64, 94),
        ("Troch", "trochanter", 0.634, -1.5, -0.3, 80, 96),
        ("Shaft", "femoral_shaft", 0.954, None, None, None, None),
        ("Total", "total_hip", 0.781, -1.8, -0.6, 78, 92),
    ]
    femur_rows = [
        row(label, site, "left", None, bmd=bmd, t=t, z=z, ya=ya, am=am)
        for label, site, bmd, t, z, ya, am in femur_data
    ]
    femur_trend = LunarTrend(
        "Total Left",
        [(day, 76.7, 0.781), (dt.date(2016, 12, 1), 74.6, 0.812)],
        "total_hip",
        "left",
        None,
    )
    femur = LunarPage("Left Femur", femur_rows, trend=femur_trend, lsc=(0.033, "Left Femur Total"))
    samples.append(
        Sample(
            "lunar_left_femur_trend",
            [lunar_page(DORIS, day, femur, Pen(), "Lunar Prodigy", combined_header=False)],
            report_for(
                "lunar_left_femur_trend",
                "ge_lunar",
                DORIS,
                Exam(date=day, device="Lunar Prodigy", reference_database=ref),
                femur_rows,
                previous=[
                    PreviousExam(
                        date=dt.date(2016, 12, 1), site="total_hip", side="left", bmd=0.812
                    )
                ],
                lsc=[PrintedLsc(site="total_hip", value=0.033)],
            ),
        )
    )
    return samples


def norland_hip_rows(
    side: str, neck: float, troch: float, sbmd: int, ts: tuple[float, float, float]
) -> list[Row]:
    stars = {k: "*****" for k in ("st", "stp", "lt", "ltp")}
    return [
        row(
            "Fem Neck",
            "femoral_neck",
            side,
            None,
            bmd=neck,
            bmc=4.853,
            area=5.19,
            length=1.5,
            t=ts[0],
            ya=84.4,
            z=0.28,
            am=103.9,
            **stars,
        ),
        row(
            "Troch",
            "trochanter",
            side,
            None,
            bmd=troch,
            bmc=10.27,
            area=12.7,
            t=ts[1],
            ya=86.7,
            z=-0.08,
            am=98.9,
            **stars,
        ),
        # Standardized BMD in mg/cm²: kept as the total hip with its scores, bmd left null.
        row(
            "Total sBMD",
            "total_hip",
            side,
            None,
            bmd=f"{sbmd}mg/cm²",
            bmc="36144mg",
            area=35.68,
            t=ts[2],
            ya=88.3,
            z=0.12,
            am=101.5,
            **stars,
        ),
    ]


def norland_samples() -> list[Sample]:
    samples = []
    day = dt.date(2008, 2, 4)
    right = NorlandScan(
        "Right Hip",
        "2/4/2008 8:51:46 AM",
        norland_hip_rows("right", 0.9352, 0.8086, 1013, (-1.38, -1.10, -1.09)),
    )
    left = NorlandScan(
        "Left Hip",
        "2/4/2008 8:42:05 AM",
        norland_hip_rows("left", 0.9321, 0.8357, 1025, (-1.41, -0.86, -1.00)),
    )
    imperial = Patient(
        name=FRIEDA.name,
        id=FRIEDA.id,
        sex=FRIEDA.sex,
        birth_date=FRIEDA.birth_date,
        age=FRIEDA.age,
        ethnicity=FRIEDA.ethnicity,
        height_cm=154.9,
        weight_kg=49.9,
    )
    samples.append(
        Sample(
            "norland_dual_hip_imperial",
            [norland_page(FRIEDA, [right, left], Pen(), imperial=True)],
            report_for(
                "norland_dual_hip_imperial",
                "norland",
                FRIEDA,
                Exam(date=day, device=NORLAND_DEVICE),
                right.rows + left.rows,
                patient=imperial,
            ),
        )
    )
    stars = {k: "*****" for k in ("st", "stp", "lt", "ltp")}
    spine_rows = [
        row(
            "L2 - L4",
            "lumbar_spine",
            None,
            "L2-L4",
            bmd=1.0214,
            bmc=45.12,
            area=44.17,
            t=-0.72,
            ya=91.9,
            z=0.41,
            am=105.2,
            **stars,
        ),
        row(
            "L2",
            "lumbar_spine",
            None,
            "L2",
            bmd=0.9862,
            bmc=14.2,
            area=14.4,
            t=-0.95,
            ya=89.2,
            z=0.18,
            am=102.5,
            **stars,
        ),
        row(
            "L3",
            "lumbar_spine",
            None,
            "L3",
            bmd=1.0311,
            bmc=15.1,
            area=14.65,
            t=-0.66,
            ya=92.7,
            z=0.47,
            am=106.0,
            **stars,
        ),
        row(
            "L4",
            "lumbar_spine",
            None,
            "L4",
            bmd=1.0452,
            bmc=15.82,
            area=15.13,
            t=-0.55,
            ya=93.9,
            z=0.58,
            am=107.3,
            **stars,
        ),
        # The standardized total repeats L2-L4 in mg/cm²: the earlier L2-L4 row stands.
        row(
            "Total sBMD",
            None,
            bmd="1068mg/cm²",
            bmc="45120mg",
            area=44.17,
            t=-0.70,
            ya=92.1,
            z=0.43,
            am=105.4,
            **stars,
        ),
    ]
    spine_day = dt.date(2009, 3, 17)
    spine = NorlandScan("AP Spine", "3/17/2009 10:02:55 AM", spine_rows)
    metric = Person(
        FRIEDA.name, FRIEDA.id, FRIEDA.sex, FRIEDA.birth_date, 58, FRIEDA.ethnicity, 155.0, 50.5
    )
    samples.append(
        Sample(
            "norland_spine",
            [norland_page(metric, [spine], Pen(glyphs=True, shuffle_seed=5), imperial=False)],
            report_for(
                "norland_spine",
                "norland",
                metric,
                Exam(date=spine_day, device=NORLAND_DEVICE),
                spine_rows,
            ),
        )
    )
    return samples


def ris_samples() -> list[Sample]:
    day = dt.date(2024, 3, 15)
    rows = [
        ("Lumbar spine L1-L4", row("", "lumbar_spine", None, "L1-L4", bmd=0.912, t=-1.8, z=-0.6)),
        ("Left femoral neck", row("", "femoral_neck", "left", None, bmd=0.701, t=-2.1, z=-0.9)),
        ("Left total hip", row("", "total_hip", "left", None, bmd=0.802, t=-1.5, z=-0.4)),
    ]
    patient = Patient(name=GRETA.name, id=GRETA.id, sex=GRETA.sex, birth_date=GRETA.birth_date)
    report = report_for(
        "ris_print_table", None, GRETA, Exam(date=day), [r for _, r in rows], patient=patient
    )
    return [Sample("ris_print_table", [ris_page(GRETA, day, rows, Pen())], report)]


def all_samples() -> list[Sample]:
    return hologic_samples() + lunar_samples() + norland_samples() + ris_samples()


# --------------------------------------------------------------------------- bad PDFs


def encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt

    buffer = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption("secret", canModify=0)
    c = canvas.Canvas(buffer, pagesize=letter, invariant=1, encrypt=encrypt)
    c.drawString(72, 720, "Lumbar spine L1-L4 BMD 0.930 T-score -1.1")
    c.showPage()
    c.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A scanned report: one raster image and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).text((20, 80), "L1-L4 BMD 0.930 T-score -1.1", fill=0)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    c.drawImage(ImageReader(image), 72, 500, width=400, height=200)
    c.showPage()
    c.save()
    return buffer.getvalue()


def zero_page_pdf() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def bad_pdfs(good: bytes) -> dict[str, bytes]:
    return {
        "encrypted.pdf": encrypted_pdf(),
        "truncated.pdf": good[: len(good) // 3],
        "image_only.pdf": image_only_pdf(),
        "zero_pages.pdf": zero_page_pdf(),
        "not_a_pdf.pdf": b"This is a plain note saved with a .pdf name; it is not a PDF.\n",
        "empty.pdf": b"",
    }


# --------------------------------------------------------------------------- writing


def expected_json(report: Report, data: bytes) -> str:
    record = report.to_json_dict()
    record["source"]["sha256"] = hashlib.sha256(data).hexdigest()
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    BAD_DIR.mkdir(parents=True, exist_ok=True)
    first = b""
    for sample in all_samples():
        data = render(sample.pages)
        first = first or data
        (PDF_DIR / f"{sample.name}.pdf").write_bytes(data)
        (PDF_DIR / f"{sample.name}.expected.json").write_text(
            expected_json(sample.report, data), encoding="utf-8"
        )
    for name, data in bad_pdfs(first).items():
        (BAD_DIR / name).write_bytes(data)
    print(f"wrote {len(all_samples())} samples to {PDF_DIR} and bad PDFs to {BAD_DIR}")


if __name__ == "__main__":
    main()
