"""`dxa interpret FILE...`: parse, interpret, and print JSON or a summary for a clinical note."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dxa.cliutil import debug_option, emit_json, for_each_file
from dxa.commands.options import clinic_option, load_clinic_or_exit, pdf_reader_option
from dxa.commands.reading import read_and_interpret
from dxa.context_options import ContextOptions, context_options
from dxa.interpret.model import Interpretation
from dxa.letters.wording import CLASS_NAMES, DECISION_NAMES, FIRST_LINE_NAMES, RISK_NAMES
from dxa.parser.model import Measurement, Report, site_words


def in_sentence(name: str) -> str:
    """'Low bone mass' -> 'low bone mass' mid-sentence; 'FRAX needed' keeps its acronym."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def score_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1f}"


def measurement_line(m: Measurement) -> str:
    """'  left femoral neck: BMD 0.585 g/cm², T -2.4 (derived), Z -1.1'."""
    place = site_words(m.site, m.side, m.region)
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
        f"Classification: {in_sentence(CLASS_NAMES[result.classification])}{severe}."
        + (f" {result.basis}" if result.basis else ""),
        f"Fracture risk: {in_sentence(RISK_NAMES[result.risk_category])}. "
        f"Treatment: {in_sentence(DECISION_NAMES[result.treatment_decision])}."
        + (
            f" First line: {in_sentence(FIRST_LINE_NAMES[result.first_line])}."
            if result.first_line
            else ""
        ),
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
@clinic_option
@pdf_reader_option
@context_options
@debug_option
def interpret_command(
    files: tuple[str, ...],
    output_format: str,
    clinic_file: Path | None,
    pdf_reader: str,
    context_options: ContextOptions,
    debug: bool,
) -> None:
    """Parse and interpret reports per the clinical rules (context: sidecar < --context < flags).

    `--clinic` gives the date order for ambiguous dates and the clinic's own LSC values."""
    many = len(files) > 1
    clinic = load_clinic_or_exit(clinic_file, debug)

    def handle(name: str) -> None:
        report, result = read_and_interpret(name, clinic, context_options, pdf_reader)
        if output_format == "text":
            click.echo(text_summary(report, result) + ("\n" if many else ""))
        else:
            payload = {"report": report.to_json_dict(), "interpretation": result.to_json_dict()}
            emit_json(payload, many=many)

    sys.exit(for_each_file(files, handle, debug=debug))
