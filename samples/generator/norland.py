"""Norland Illuminatus pages: the patient box (imperial or metric), a summary box beside the
chart, and one wide table per scan with three-line headers and labels wrapped over two lines."""

from __future__ import annotations

from dataclasses import dataclass

from dxa.parser.model import Exam

from .data import Person, Printed, Row
from .kit import Pen, fmt, us_date

COLUMNS = [
    # key, header lines (top, middle, bottom), width, decimals
    ("bmd", ("", "BMD (g/cm²)", ""), 54, 4),
    ("bmc", ("", "BMC (g)", ""), 40, 3),
    ("area", ("Area", "", "(cm²)"), 32, 2),
    ("length", ("Length", "", "(cm)"), 32, 2),
    ("width", ("Width", "", "(cm)"), 32, 2),
    ("t", ("T-", "", "Score"), 32, 2),
    ("ya", ("Young", "", "Ref. (%)"), 32, 1),
    ("z", ("Z-", "", "Score"), 32, 2),
    ("am", ("Age", "", "Match (%)"), 32, 1),
    ("st", ("ST Change", "", "(%)"), 36, 1),
    ("stp", ("ST Change", "", "(%/yr)"), 36, 1),
    ("lt", ("LT Change", "", "(%)"), 36, 1),
    ("ltp", ("LT Change", "", "(%/yr)"), 36, 1),
]
SIZE = 6.5


@dataclass(frozen=True)
class Scan:
    title: str  # "Left Hip", "AP Spine"
    when: str  # "2/4/2008 8:42:05 AM"
    rows: list[Row]


def header(pen: Pen, p: Person, imperial: bool) -> None:
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


def table(pen: Pen, scan: Scan, x: float, y: float) -> float:
    """Draw one scan's table; returns the y below it."""
    pen.text(x, y, f"{scan.title} on {scan.when}", 7)
    pen.rect(x, y + 4, 532, 20 + 18 * len(scan.rows))
    head_mid = y + 17
    pen.text(x + 6, head_mid, "Region", SIZE, "Helvetica")
    cx = x + 62
    centers = {}
    for key, lines, width, _ in COLUMNS:
        center = cx + width / 2
        centers[key] = center
        for offset, text in zip((-5, 0, 5), lines, strict=True):
            if text:
                pen.text(center, head_mid + offset, text, SIZE, "Helvetica", align="center")
        cx += width
    row_mid = y + 40
    for r in scan.rows:
        words = r.label.split()
        if len(words) == 2:  # labels wrap: one word above, one below the numbers
            pen.text(x + 6, row_mid - 4, words[0], SIZE)
            pen.text(x + 6, row_mid + 4, words[1], SIZE)
        else:
            pen.text(x + 6, row_mid, r.label, SIZE)
        for key, _, _, decimals in COLUMNS:
            value = r.values.get(key)
            if value is not None:
                pen.text(centers[key] + 10, row_mid, fmt(value, decimals), SIZE, align="right")
        row_mid += 18
    return y + 24 + 18 * len(scan.rows)


def summary_box(pen: Pen, first: Row) -> None:
    """The per-scan summary box beside the chart: key/value pairs, not a results table."""
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


def draw(p: Person, exam: Exam, scans: list[Scan], pen: Pen, imperial: bool) -> None:
    header(pen, p, imperial)
    summary_box(pen, next(r for r in scans[0].rows if r.site))
    y = 240
    for scan in scans:
        y = table(pen, scan, 36, y) + 24
    pen.text(40, 740, "Images not for diagnosis.", 7, "Helvetica-Bold")
    pen.text(
        40,
        750,
        "STD CV: Total BMC=0.9; 6.5 mm X 13.0 mm, 260 mm/s, Rev. 3.9.4/2.1.0 Calib. 7/30/2018, S/N 6746",
        6,
    )
    pen.text(576, 745, "NORLAND", 12, "Helvetica-BoldOblique", align="right")
    pen.text(576, 755, f"{exam.device} Illuminatus 4.7.5", 6, align="right")


def paint(spec: dict, p: Person, exam: Exam, pen: Pen) -> Printed:
    """One page with a table per scan (a dual hip prints two)."""
    scans = [Scan(**scan) for scan in spec["scans"]]
    draw(p, exam, scans, pen, spec["imperial"])
    return Printed([r for scan in scans for r in scan.rows])


PAINTERS = {"norland": paint}
