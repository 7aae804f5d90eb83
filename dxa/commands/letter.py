"""`dxa letter FILE... --out DIR`: parse, interpret and write patient / physician letters.

The renderer (WeasyPrint and the templates, ~0.4 s of a cold start) is loaded while the
first report is read in its child process, so the two run side by side."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from dxa.cli import long_lived_imports
from dxa.cliutil import debug_option, for_each_file
from dxa.commands.options import (
    clinic_option,
    format_option,
    load_clinic_or_exit,
    ocr_option,
    pdf_reader_option,
)
from dxa.commands.reading import read_and_interpret
from dxa.context_options import ContextOptions, context_options
from dxa.fileio import write_atomic
from dxa.letters import AUDIENCES, FORMAT_CHOICES, Audience, Format
from dxa.letters.config import ClinicConfig
from dxa.naming import report_stem

RENDERER = "dxa.pipeline"  # render_letters, and the letters' renderer below it

# The command line's --audience choices and the letters each writes.
AUDIENCE_CHOICES: dict[str, tuple[Audience, ...]] = {
    **{audience: (audience,) for audience in AUDIENCES},
    "both": AUDIENCES,
}


def letters_for(
    name: str,
    clinic: ClinicConfig,
    options: ContextOptions,
    audiences: tuple[Audience, ...],
    formats: tuple[Format, ...],
    pdf_reader: str | None = None,
    ocr: str = "auto",
) -> dict[str, bytes]:
    """`<stem>_<audience>.<format>` -> bytes for one report; all rendered before any is written.

    A report held for review gets no patient letter (as in batch and watch), and says so."""
    meanwhile = None if RENDERER in sys.modules else _load_renderer
    report, interpretation = read_and_interpret(
        name, clinic, options, pdf_reader, ocr, meanwhile=meanwhile
    )
    from dxa.pipeline import held_audiences, render_letters

    allowed = tuple(a for a in audiences if a in held_audiences(interpretation))
    if allowed != audiences:
        reasons = "; ".join(reason.text for reason in interpretation.review_reasons[:3])
        click.echo(f"dxa: {name}: held for review, no patient letter ({reasons})", err=True)
    return render_letters(report_stem(report), report, interpretation, clinic, formats, allowed)


def _load_renderer() -> None:
    """The renderer's imports, kept for the life of the process (see `long_lived_imports`)."""
    with long_lived_imports():
        importlib.import_module(RENDERER)


@click.command("letter")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the letters (created if missing).",
)
@click.option(
    "--audience",
    type=click.Choice(list(AUDIENCE_CHOICES)),
    default="both",
    show_default=True,
    help="Which letters: the patient's, the physician's, or both.",
)
@format_option
@clinic_option
@pdf_reader_option
@ocr_option
@context_options
@debug_option
def letter_command(
    files: tuple[str, ...],
    out_dir: Path,
    audience: str,
    letter_format: str,
    clinic_file: Path | None,
    pdf_reader: str,
    ocr: str,
    context_options: ContextOptions,
    debug: bool,
) -> None:
    """Write patient and physician letters (PDF or HTML) for each report and print their paths."""
    clinic = load_clinic_or_exit(clinic_file, debug)

    def handle(name: str) -> None:
        letters = letters_for(
            name,
            clinic,
            context_options,
            AUDIENCE_CHOICES[audience],
            FORMAT_CHOICES[letter_format],
            pdf_reader,
            ocr,
        )
        for file_name, data in letters.items():
            write_atomic(out_dir / file_name, data)
            click.echo(str(out_dir / file_name))

    sys.exit(for_each_file(files, handle, debug=debug))
