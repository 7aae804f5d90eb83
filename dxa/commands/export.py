"""`dxa export FILE... --format fhir`: the FHIR R4 Bundle of each report, on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dxa.cliutil import debug_option, emit_json, for_each_file
from dxa.commands.options import clinic_option, load_clinic_or_exit, pdf_reader_option
from dxa.commands.reading import read_and_interpret
from dxa.context_options import ContextOptions, context_options

EXPORT_FORMATS = ("fhir",)


@click.command("export")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "export_format",
    type=click.Choice(EXPORT_FORMATS),
    default="fhir",
    show_default=True,
    help="fhir: a FHIR R4 Bundle (Patient, DiagnosticReport, LOINC-coded Observations).",
)
@clinic_option
@pdf_reader_option
@context_options
@debug_option
def export_command(
    files: tuple[str, ...],
    export_format: str,
    clinic_file: Path | None,
    pdf_reader: str,
    context_options: ContextOptions,
    debug: bool,
) -> None:
    """Print each report's results for an EHR: the same Bundle batch writes as <stem>_fhir.json.

    One pretty object for one file, JSON Lines for several; context as for `dxa interpret`."""
    from dxa.export.fhir import bundle_json

    many = len(files) > 1
    clinic = load_clinic_or_exit(clinic_file, debug)

    def handle(name: str) -> None:
        report, interpretation = read_and_interpret(name, clinic, context_options, pdf_reader)
        emit_json(bundle_json(report, interpretation), many=many)

    sys.exit(for_each_file(files, handle, debug=debug))
