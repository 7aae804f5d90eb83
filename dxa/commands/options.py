"""Options and checks that letter, batch and watch share, defined once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dxa.clinic import load_clinic
from dxa.cliutil import EXIT_USAGE, failure_reason
from dxa.letters import FORMAT_CHOICES
from dxa.parser.ocr.settings import OCR_MODES
from dxa.parser.readers import DEFAULT_PDF_READER, PDF_READERS

format_option = click.option(
    "--format",
    "letter_format",
    type=click.Choice(list(FORMAT_CHOICES)),
    default="pdf",
    show_default=True,
    help="Letters as PDF (printable), standalone HTML, or both.",
)

clinic_option = click.option(
    "--clinic",
    "clinic_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Clinic configuration (TOML or YAML): letterhead, signatory, paper size, LSC, "
    "date order (dmy/mdy) for ambiguous dates.",
)


ocr_option = click.option(
    "--ocr",
    type=click.Choice(list(OCR_MODES)),
    default="auto",
    show_default=True,
    help="Read scanned pages and image files (PNG, JPEG, TIFF, DICOM) by OCR: auto = only "
    "pages without a usable text layer; always = every page; never = refuse them.",
)

pdf_reader_option = click.option(
    "--pdf-reader",
    type=click.Choice(PDF_READERS),
    default=DEFAULT_PDF_READER,
    show_default=True,
    help="How PDFs are read: pdfium (fast) or pdfplumber (the reference); the same records.",
)


def time_limit_option(default: float):
    return click.option(
        "--time-limit",
        type=click.FloatRange(min=0, min_open=True),
        default=default,
        show_default=True,
        help="Seconds one report may take before it is failed.",
    )


def load_clinic_or_exit(clinic_file: Path | None, debug: bool):
    """A bad clinic file is a usage error: say so once, before any report is touched."""
    try:
        return load_clinic(clinic_file)
    except Exception as error:
        if debug:
            raise
        click.echo(f"dxa: {failure_reason(error)}", err=True)
        sys.exit(EXIT_USAGE)
