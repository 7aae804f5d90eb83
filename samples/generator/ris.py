"""A hospital RIS print: a layout of no known vendor, with a ruled results table."""

from __future__ import annotations

from dxa.parser.model import Exam

from .data import Person, Printed, Row
from .kit import Pen, us_date


def draw(p: Person, exam: Exam, rows: list[Row], pen: Pen) -> None:
    size = 10
    pen.text(60, 60, "Riverside Imaging Department - Final Report", 14, "Helvetica-Bold")
    pen.text(60, 84, f"Patient: {p.name}", size)
    pen.text(330, 84, f"MRN: {p.id}", size)
    pen.text(60, 98, f"DOB: {us_date(p.birth_date)}", size)
    pen.text(330, 98, f"Sex: {p.sex.capitalize()}", size)
    pen.text(60, 112, f"Exam date: {us_date(exam.date)}", size)
    pen.text(60, 136, "EXAM: DXA bone densitometry, axial skeleton.", size)
    pen.text(60, 156, "RESULTS:", size, "Helvetica-Bold")
    xs = [60, 230, 340, 430, 520]
    top = 164
    pen.line(xs[0], top, xs[-1], top)
    for i, head in enumerate(["Site", "BMD (g/cm2)", "T-score", "Z-score"]):
        pen.text(xs[i] + 5, top + 13, head, size, "Helvetica-Bold")
    y = top + 18
    pen.line(xs[0], y, xs[-1], y)
    for r in rows:
        pen.text(xs[0] + 5, y + 13, r.label, size)
        pen.text(xs[1] + 5, y + 13, f"{r.values['bmd']:.3f}", size)
        pen.text(xs[2] + 5, y + 13, f"{r.values['t']:.1f}", size)
        pen.text(xs[3] + 5, y + 13, f"{r.values['z']:.1f}", size)
        y += 18
        pen.line(xs[0], y, xs[-1], y)
    for x in xs:
        pen.line(x, top, x, y)
    pen.text(60, y + 24, "IMPRESSION: Low bone mass (osteopenia).", size)


def paint(spec: dict, p: Person, exam: Exam, pen: Pen) -> Printed:
    draw(p, exam, spec["rows"], pen)
    return Printed(spec["rows"])


PAINTERS = {"ris": paint}
