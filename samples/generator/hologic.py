"""Hologic APEX pages: the patient box, scan information, the "DXA Results Summary" table
(two-line headers, switchable columns, an optional reference chart beside it) and FRAX."""

from __future__ import annotations

from dataclasses import dataclass

from dxa.parser.model import Exam

from .data import Person, Printed, Row
from .kit import Pen, fmt, long_date

COLUMNS = {
    # key: (header line 1, header line 2, decimals)
    "area": ("Area", "(cm²)", 2),
    "bmc": ("BMC", "(g)", 2),
    "bmd": ("BMD", "(g/cm²)", 3),
    "t": ("T -", "score", 1),
    "ya": ("PR", "(%)", 0),
    "z": ("Z -", "score", 1),
    "am": ("AM", "(%)", 0),
}
FONT, BOLD, SIZE = "Times-Roman", "Times-Bold", 8.5


@dataclass(frozen=True)
class Scan:
    """One scan page as the catalogue describes it."""

    scan_type: str  # "a Lumbar Spine", "a Left Hip", "a Dual Hip", "a R. Forearm", "a Whole Body"
    scan_id: str
    rows: list[Row]
    columns: tuple[str, ...] = ("area", "bmc", "bmd", "t", "ya", "z", "am")
    region_header: str = "Region"
    frax: tuple[float, float] | None = None  # major osteoporotic, hip (%)
    chart_axis: bool = False


def header(pen: Pen, p: Person) -> None:
    pen.line(60, 52, 560, 52)
    pen.rect(62, 58, 496, 44, fill=(1, 1, 0.75))
    cells = [
        (66, 68, "Name:", p.name),
        (66, 79, "Patient ID:", p.id),
        (66, 90, "DOB:", long_date(p.birth_date)),
        (280, 68, "Sex:", p.sex.capitalize()),
        (280, 79, "Ethnicity:", p.ethnicity),
        (430, 68, "Height:", f"{p.height_cm:.1f} cm"),
        (430, 79, "Weight:", f"{p.weight_kg:.1f} kg"),
        (430, 90, "Age:", str(p.age)),
    ]
    for x, y, label, value in cells:
        pen.text(x, y, label, SIZE, FONT)
        pen.text(x + 46, y, value, SIZE, FONT)
    pen.text(62, 114, "Referring Physician: Dr. Invented", SIZE, FONT)


def scan_info(pen: Pen, exam: Exam, scan: Scan, x: float, y: float) -> None:
    pen.text(x, y, "Scan Information:", 10, "Helvetica-Bold")
    entries = [
        ("Scan Date:", long_date(exam.date)),
        ("Scan Type:", scan.scan_type),
        ("Analysis:", f"{long_date(exam.date)} 12:57 Version 13.6.0.5"),
        ("", scan.scan_type.removeprefix("a ").strip()),
        ("Operator:", "RS"),
        ("Model:", exam.device),
        ("Comment:", ""),
    ]
    for index, (label, value) in enumerate(entries):
        line_y = y + 13 + index * 11
        pen.text(x, line_y, label, SIZE, FONT)
        pen.text(x + 50, line_y, value, SIZE, FONT)
    pen.text(x + 160, y + 13, f"ID: {scan.scan_id}", SIZE, FONT)


def table(pen: Pen, scan: Scan, x: float, y: float) -> float:
    """Draw the DXA Results Summary table; returns the y below it."""
    pen.text(x, y, "DXA Results Summary:", 10, "Helvetica-Bold")
    centers = [x + 95 + 46 * i for i in range(len(scan.columns))]
    width = centers[-1] + 35 - x
    pitch = 14.0
    height = 40 + pitch * len(scan.rows)
    pen.rect(x, y + 6, width, height, fill=(1, 1, 0.75))
    head_y = y + 20
    for i, text in enumerate(scan.region_header.split("\n")):
        pen.text(x + 6, head_y + i * 9, text, SIZE, BOLD)
    for key, cx in zip(scan.columns, centers, strict=True):
        first, second, _ = COLUMNS[key]
        pen.text(cx, head_y, first, SIZE, BOLD, align="center")
        pen.text(cx, head_y + 9, second, SIZE - 1, BOLD, align="center")
    row_y = head_y + 9 + pitch + 2
    for r in scan.rows:
        pen.text(x + 6, row_y, r.label, SIZE, BOLD if r.group else FONT)
        for key, cx in zip(scan.columns, centers, strict=True):
            value = r.values.get(key)
            if value is not None:
                pen.text(cx + 14, row_y, fmt(value, COLUMNS[key][2]), SIZE, FONT, align="right")
        row_y += pitch
    note_y = y + 6 + height + 10
    pen.text(x, note_y, "Total BMD CV 1.0%, ACF = 1.029, BCF = 0.984, TH = 5.706", 6.5, FONT)
    if scan.chart_axis:
        chart_axis(pen, x + width + 25, y)
    return note_y + 12


def chart_axis(pen: Pen, axis_x: float, y: float) -> None:
    """A reference chart beside the table: its axis numbers must never become results."""
    for i, tick in enumerate(["1.4", "1.2", "1.0", "0.8", "0.6", "0.4"]):
        pen.text(axis_x, y + 20 + i * 18, tick, SIZE, FONT, align="right")
    pen.rect(axis_x + 5, y + 14, 60, 96)
    for i, age in enumerate(["20", "40", "60", "80"]):
        pen.text(axis_x + 8 + i * 15, y + 120, age, SIZE - 1, FONT)
    pen.text(axis_x + 28, y + 130, "Age", SIZE, FONT)


def frax_block(pen: Pen, frax: tuple[float, float], x: float, y: float) -> float:
    pen.text(x, y, "10-year Fracture Risk", 10, "Helvetica-Bold")
    pen.text(x, y + 13, "Major Osteoporotic Fracture", SIZE, FONT)
    pen.text(x + 170, y + 13, f"{frax[0]:g}%", SIZE, FONT, align="right")
    pen.text(x, y + 24, "Hip Fracture", SIZE, FONT)
    pen.text(x + 170, y + 24, f"{frax[1]:g}%", SIZE, FONT, align="right")
    pen.text(
        x, y + 35, "Reported Risk Factors: US (Caucasian), BMI=21.1, prior fracture", 6.5, FONT
    )
    return y + 45


def scan_page(p: Person, exam: Exam, scan: Scan, pen: Pen) -> None:
    header(pen, p)
    # The scan image with its printed labels (words that sit outside the table).
    pen.rect(80, 135, 150, 190, fill=(0.15, 0.15, 0.15))
    pen.text(82, 340, "Image not for diagnostic use", 6.5, FONT)
    pen.text(82, 348, "k = 1.130, d0 = 48.6", 6.5, FONT)
    pen.text(82, 356, "116 x 135", 6.5, FONT)
    scan_info(pen, exam, scan, 300, 140)
    bottom = table(pen, scan, 70, 380)
    if scan.frax:
        bottom = frax_block(pen, scan.frax, 70, bottom + 10)
    pen.text(70, bottom + 8, "WHO Classification: Osteopenia", SIZE, FONT)
    pen.text(70, bottom + 19, "Fracture Risk: Increased", SIZE, FONT)
    source = exam.reference_database
    ref = f"T-score vs. White Female. Source:{source}. Z-score vs. White Female. Source:{source}."
    pen.text(70, 740, ref, 6.5, FONT)
    pen.text(500, 765, "HOLOGIC", 11, "Helvetica-Bold")


def paint_scan(spec: dict, p: Person, exam: Exam, pen: Pen) -> Printed:
    """A scan page: patient box, scan information, results table, FRAX if the scan has it."""
    fields = spec | {"columns": tuple(spec.get("columns", Scan.columns))}
    if "frax" in spec:
        fields["frax"] = (spec["frax"][0], spec["frax"][1])
    scan = Scan(**fields)
    scan_page(p, exam, scan, pen)
    return Printed(scan.rows, frax=scan.frax)


def paint_frax(spec: dict, p: Person, exam: Exam, pen: Pen) -> Printed:
    """The FRAX page that closes a combined report."""
    frax = (spec["frax"][0], spec["frax"][1])
    header(pen, p)
    pen.text(70, 150, f"FRAX® WHO Fracture Risk Assessment, {long_date(exam.date)}", 10)
    frax_block(pen, frax, 70, 180)
    pen.text(500, 765, "HOLOGIC", 11, "Helvetica-Bold")
    return Printed([], frax=frax)


PAINTERS = {"hologic_scan": paint_scan, "hologic_frax": paint_frax}
