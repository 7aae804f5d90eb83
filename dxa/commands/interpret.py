"""`dxa interpret FILE...`: parse, interpret, and print JSON or a summary for a clinical note."""

from __future__ import annotations

import sys

import click

from dxa.cliutil import debug_option, emit_json, for_each_file, read_input
from dxa.context_options import ContextOptions, context_for, context_options
from interpret import interpret, prepare
from interpret.model import Interpretation
from parser.model import Measurement, Report

LABELS = {
    "normal": "normal",
    "low_bone_mass": "low bone mass (osteopenia)",
    "osteoporosis": "osteoporosis",
    "within_expected_range_for_age": "within the expected range for age",
    "below_expected_range_for_age": "below the expected range for age",
    "not_classified": "not classified",
    "very_high": "very high",
    "frax_needed": "FRAX needed before deciding",
    "not_indicated": "not indicated",
    "specialist_evaluation": "specialist evaluation",
    "not_applicable": "not applicable",
}


def label(value: str | None) -> str:
    """A code as words: 'low_bone_mass' -> 'low bone mass (osteopenia)'."""
    if value is None:
        return "none"
    return LABELS.get(value, value.replace("_", " "))


def score_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1f}"


def measurement_line(m: Measurement) -> str:
    """'  left femoral neck: BMD 0.585 g/cm², T -2.4 (derived), Z -1.1'."""
    place = " ".join(
        part for part in (m.side and m.side.value, m.site.value.replace("_", " "), m.region) if part
    )
    bmd = "n/a" if m.bmd is None else f"{m.bmd:.3f} g/cm²"
    derived = " (derived)" if m.provenance.value == "derived" else ""
    return f"  {place}: BMD {bmd}, T {score_text(m.t_score)}{derived}, Z {score_text(m.z_score)}"


def patient_line(report: Report) -> str:
    p, exam = report.patient, report.exam
    parts = [
        p.sex.value if p.sex else "sex not stated",
        f"age {p.age:g}" if p.age is not None else "age not stated",
        f"exam {exam.date.isoformat()}" if exam.date else "exam date not stated",
    ]
    if exam.device:
        parts.append(exam.device)
    return "Patient: " + ", ".join(parts)


def text_summary(report: Report, result: Interpretation) -> str:
    """A plain summary a clinician could paste into a note."""
    lines = [f"DXA interpretation: {report.source.path}", patient_line(report), "Results:"]
    lines += [measurement_line(m) for m in report.measurements]
    severe = " (severe)" if result.severe else ""
    lines += [
        f"Classification: {label(result.classification.value)}{severe}."
        + (f" {result.basis}" if result.basis else ""),
        f"Fracture risk: {label(result.risk_category.value)}. "
        f"Treatment: {label(result.treatment_decision.value)}."
        + (f" First line: {result.first_line.value}." if result.first_line else ""),
        "Recommendations:",
    ]
    lines += [f"  - {r.text} [{r.source}]" for r in result.recommendations]
    if result.changes:
        lines.append("Change since previous exams:")
        for c in result.changes:
            verdict = {True: "significant", False: "not significant", None: "no LSC"}[c.significant]
            lsc = f", LSC {c.lsc:.3f}" if c.lsc is not None else ""
            lines.append(
                f"  {c.site.value.replace('_', ' ')} since {c.previous_date}: "
                f"{c.bmd_change:+.3f} g/cm² ({c.percent_change:+.1f}%{lsc}): {verdict}"
            )
    for heading, items in (
        ("Flags", [f.text for f in result.flags]),
        ("Assumptions", result.assumptions),
        ("Missing", result.missing),
        ("Report warnings", report.warnings),
    ):
        if items:
            lines.append(f"{heading}:")
            lines += [f"  - {item}" for item in items]
    lines.append("This interpretation supports, and does not replace, the clinician's judgement.")
    return "\n".join(lines)


@click.command("interpret")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="JSON record, or a text summary for a clinical note.",
)
@context_options
@debug_option
def interpret_command(
    files: tuple[str, ...], output_format: str, context_options: ContextOptions, debug: bool
) -> None:
    """Parse and interpret reports per the clinical rules (context: sidecar < --context < flags)."""
    many = len(files) > 1

    def handle(name: str) -> None:
        report = prepare(read_input(name))
        result = interpret(report, context_for(name, context_options))
        if output_format == "text":
            click.echo(text_summary(report, result) + ("\n" if many else ""))
        else:
            payload = {"report": report.to_json_dict(), "interpretation": result.to_json_dict()}
            emit_json(payload, many=many)

    sys.exit(for_each_file(files, handle, debug=debug))
