"""`dxa parse FILE...`: the Report record as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dxa.cliutil import debug_option, emit_json, for_each_file, read_input
from dxa.commands.options import clinic_option, load_clinic_or_exit, ocr_option, pdf_reader_option
from dxa.interpret import prepare


@click.command("parse")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--prepared",
    is_flag=True,
    help="The record as batch and watch write it (<stem>_record.json): missing diagnostic "
    "T-scores derived from BMD (provenance derived), with a warning where none can be.",
)
@clinic_option
@pdf_reader_option
@ocr_option
@debug_option
def parse_command(
    files: tuple[str, ...],
    prepared: bool,
    clinic_file: Path | None,
    pdf_reader: str,
    ocr: str,
    debug: bool,
) -> None:
    """Read reports (PDF, text, or a scan: PNG, JPEG, TIFF, DICOM; - for text on stdin)
    and print their records as JSON.

    The record is what the report prints, nothing computed; `--prepared` adds the derived
    T-scores the interpretation uses. The clinic's `date_order` decides dates the report
    leaves ambiguous (03/04/2023)."""
    many = len(files) > 1
    date_order = load_clinic_or_exit(clinic_file, debug).date_order

    def handle(name: str) -> None:
        report = read_input(name, date_order, pdf_reader, ocr)
        emit_json((prepare(report) if prepared else report).to_json_dict(), many=many)

    sys.exit(for_each_file(files, handle, debug=debug))
