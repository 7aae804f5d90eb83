"""GE Lunar enCORE pages: the patient box (v12/v13 pairs of fields, or one field a line), the
"Densitometry" table under Young-Adult / Age-Matched group headers, an optional trend table,
reference charts with numbered axes, and the footnotes with the printed LSC."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dxa.parser.model import Exam, PreviousExam, PrintedLsc

from .data import Person, Printed, Row
from .kit import Pen, fmt, us_date

COLUMNS = {
    # key: (group header, unit line, decimals)
    "bmd": ("BMD", "(g/cm²)", 3),
    "ya": ("Young-Adult", "(%)", 0),
    "t": ("Young-Adult", "T-Score", 1),
    "am": ("Age-Matched", "(%)", 0),
    "z": ("Age-Matched", "Z-Score", 1),
}
SIZE, BOLD = 7.5, "Helvetica-Bold"


@dataclass(frozen=True)
class Trend:
    """The "Densitometry Trend" table: this exam first, then the earlier ones."""

    title: str  # "L1-L4", "DualFemur Total Mean"
    exams: list[tuple[dt.date, float, float]]  # date, age, bmd
    # What the earlier exams measured, for the expected record.
    site: str
    side: str | None = None
    region: str | None = None
    # A trend chart drawn between the title and the table (its axis numbers are not results).
    chart_between: bool = False


@dataclass(frozen=True)
class Page:
    title: str  # "AP Spine", "DualFemur", "Right Forearm", "Total Body", "Left Femur"
    rows: list[Row]
    combined_header: bool  # enCORE v12/v13 prints pairs of fields on one line
    percent_columns: bool = True
    trend: Trend | None = None
    lsc: dict | None = None  # value, printed_for ("AP Spine L1-L4"), site, region
    chart_beside: bool = False


def header(pen: Pen, p: Person, exam_date: dt.date, combined: bool) -> None:
    pen.rect(60, 50, 492, 50, fill=(1, 1, 0.85))
    sex = p.sex.capitalize()
    if combined:
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
        pen.text(64, 61 + i * 10, label, SIZE, BOLD)
        pen.text(140, 61 + i * 10, value, SIZE)
    for i, (label, value) in enumerate(right):
        pen.text(330, 61 + i * 10, label, SIZE, BOLD)
        pen.text(420, 61 + i * 10, value, SIZE)


def table(pen: Pen, page: Page, x: float, y: float, reference: str) -> float:
    """Draw the Densitometry table; returns the y below it."""
    keys = ["bmd", "ya", "t", "am", "z"] if page.percent_columns else ["bmd", "t", "z"]
    pen.text(x + 150, y, f"Densitometry: {reference}", 8, BOLD, align="center")
    pen.line(x, y + 4, x + 300, y + 4)
    centers = {}
    cx = x + 105
    for key in keys:
        centers[key] = cx
        cx += 45 if page.percent_columns else 60
    # Group headers span their two sub-columns; superscript footnote markers sit above them.
    groups: dict[str, list[float]] = {}
    for key in keys:
        groups.setdefault(COLUMNS[key][0], []).append(centers[key])
    for number, (name, xs) in enumerate(groups.items(), start=1):
        middle = sum(xs) / len(xs)
        label = name
        if not page.percent_columns and name != "BMD":  # iDXA's short YA / AM
            label = {"Young-Adult": "YA", "Age-Matched": "AM"}[name]
        pen.text(middle, y + 16, label, SIZE, BOLD, align="center")
        pen.text(middle + 22, y + 10, str(number), 4.5)
    pen.text(x + 4, y + 26, "Region", SIZE, BOLD)
    for key in keys:
        pen.text(centers[key], y + 26, COLUMNS[key][1], SIZE - 1, BOLD, align="center")
    pen.line(x, y + 29, x + 300, y + 29)
    row_y = y + 39
    for r in page.rows:
        pen.text(x + 4, row_y, r.label, SIZE)
        for key in keys:
            value = r.values.get(key)
            text = fmt(value, COLUMNS[key][2]) if value is not None else "-"
            pen.text(centers[key] + 12, row_y, text, SIZE, align="right")
        row_y += 11
    if page.chart_beside:
        # Chart axes beside the table: BMD ticks on the left, T-score ticks on the right.
        ax = x + 345
        pen.rect(ax + 8, y + 4, 110, row_y - y - 6, fill=(0.6, 0.9, 0.6))
        for i, tick in enumerate(["1.285", "1.205", "1.125", "1.045", "0.965", "0.885"]):
            pen.text(ax, y + 10 + i * 11, tick, SIZE, align="right")
        for i, tick in enumerate(["2", "1", "0", "-1", "-2", "-3"]):
            pen.text(ax + 122, y + 10 + i * 11, tick, SIZE)
    return row_y


def changes(exams: list[tuple[dt.date, float, float]]) -> list[tuple]:
    """Each exam with its change against the one before it (None for the first)."""
    printed = []
    previous_bmd = None
    for date, age, bmd in reversed(exams):
        change = None if previous_bmd is None else round(bmd - previous_bmd, 3)
        percent = (
            None if previous_bmd is None else round(100 * (bmd - previous_bmd) / previous_bmd, 1)
        )
        printed.append((date, age, bmd, change, percent))
        previous_bmd = bmd
    return list(reversed(printed))


def trend_table(pen: Pen, trend: Trend, x: float, y: float) -> float:
    pen.text(x + 150, y, f"Densitometry Trend: {trend.title}", 8, BOLD, align="center")
    if trend.chart_between:
        pen.rect(x + 40, y + 6, 200, 60, fill=(0.9, 0.9, 1))
        for i, (_, _, bmd) in enumerate(trend.exams):
            pen.text(x + 36, y + 14 + i * 14, f"{bmd:.3f}", SIZE, align="right")
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
                pen.text(cx, y + 12 + i * 8, text, SIZE, BOLD, align="center")
    pen.line(x, y + 30, x + 300, y + 30)
    row_y = y + 40
    for date, age, bmd, change, percent in changes(trend.exams):
        pen.text(x + 4, row_y, us_date(date), SIZE)
        pen.text(xs[1] + 10, row_y, f"{age:.1f}", SIZE, align="right")
        pen.text(xs[2] + 12, row_y, f"{bmd:.3f}", SIZE, align="right")
        star = "*" if percent is not None and abs(percent) >= 3 else ""
        pen.text(
            xs[3] + 14, row_y, "-" if change is None else f"{change:.3f}{star}", SIZE, align="right"
        )
        pen.text(
            xs[4] + 10,
            row_y,
            "-" if percent is None else f"{percent:.1f}{star}",
            SIZE,
            align="right",
        )
        row_y += 11
    return row_y


def footnotes(pen: Pen, page: Page, bottom: float) -> None:
    pen.text(64, bottom + 30, "COMMENTS:", SIZE, BOLD)
    lsc_for = page.lsc["printed_for"] if page.lsc else page.title
    notes = [
        f"1 - Statistically 68% of repeat scans fall within 1SD (± 0.010 g/cm² for {lsc_for})",
        "2 - USA (Combined NHANES (ages 20-30) / Lunar (ages 20-40)) Reference Population (v112)",
        "3 - Matched for Age, Weight (females 25-100 kg), Ethnic",
        "World Health Organization - Definition of Osteoporosis and Osteopenia for Caucasian Women:",
        "Normal = T-score at or above -1.0 SD; Osteopenia = T-score between -1.0 and -2.5 SD;",
        "Osteoporosis = T-score at or below -2.5 SD.",
    ]
    if page.lsc:
        notes.insert(1, f"(LSC= {page.lsc['value']:.3f} g/cm² for {lsc_for})")
    for i, note in enumerate(notes):
        pen.text(64, 680 + i * 7, note, 5.5)


def draw(p: Person, exam: Exam, page: Page, pen: Pen) -> None:
    header(pen, p, exam.date, page.combined_header)
    pen.text(120, 118, f"{page.title} Bone Density", 8, BOLD, align="center")
    pen.rect(64, 124, 130, 170, fill=(0.85, 0.85, 0.85))
    if not page.chart_beside:
        # The reference chart above the table, with its numbered axes.
        pen.text(330, 118, "BMD (g/cm²)", SIZE)
        pen.rect(360, 124, 160, 110, fill=(0.6, 0.9, 0.6))
        for i, tick in enumerate(["1.285", "1.165", "1.045", "0.925", "0.805", "0.685"]):
            pen.text(355, 130 + i * 20, tick, SIZE, align="right")
        for i, age in enumerate(["20", "40", "60", "80", "100"]):
            pen.text(360 + i * 38, 244, age, SIZE)
        pen.text(420, 254, "Age (years)", SIZE)
    x = 64 if page.chart_beside else 250
    bottom = table(pen, page, x, 310, exam.reference_database)
    if page.trend:
        bottom = trend_table(pen, page.trend, x, bottom + 24)
    footnotes(pen, page, bottom)
    pen.line(60, 735, 552, 735)
    pen.text(64, 748, "GE Healthcare", 7, BOLD)
    pen.text(300, 748, "Page: 1 of 1", 7, align="center")
    pen.text(552, 744, exam.device, 6.5, align="right")
    pen.text(552, 752, "DF+15799", 6.5, align="right")


def paint(spec: dict, p: Person, exam: Exam, pen: Pen) -> Printed:
    """One enCORE page; its trend's earlier exams and its printed LSC go in the record."""
    trend = Trend(**spec["trend"]) if "trend" in spec else None
    page = Page(**spec | {"trend": trend})
    draw(p, exam, page, pen)
    previous = []
    if trend:
        previous = [
            PreviousExam(date=d, site=trend.site, side=trend.side, region=trend.region, bmd=b)
            for d, _, b in trend.exams[1:]
        ]
    lsc = []
    if page.lsc:
        fields = {k: page.lsc[k] for k in ("site", "region", "value") if k in page.lsc}
        lsc = [PrintedLsc(**fields)]
    return Printed(page.rows, previous=previous, lsc=lsc)


PAINTERS = {"lunar": paint}
