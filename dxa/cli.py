"""The `dxa` command line; each command lives in dxa/commands/ and is loaded only when run.

`dxa --help` lists the commands from the table below without importing them (their
modules load pydantic, the readers, WeasyPrint ...); `tests/test_cli_startup.py` holds each
line of the table equal to its command's own help.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
from collections.abc import Iterator

import click

# name: (module in dxa/commands/, the command's attribute, its one-line help).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "parse": (
        "parse",
        "parse_command",
        "Read reports (PDF, text, or a scan: PNG, JPEG, TIFF, DICOM; - for text on stdin) and"
        " print their records as JSON.",
    ),
    "interpret": (
        "interpret",
        "interpret_command",
        "Parse and interpret reports per the clinical rules "
        "(context: sidecar < --context < flags).",
    ),
    "letter": (
        "letter",
        "letter_command",
        "Write patient and physician letters (PDF or HTML) for each report and print their "
        "paths.",
    ),
    "batch": (
        "batch",
        "batch_command",
        "Process every .pdf and .txt report under INPUT_DIR into --out.",
    ),
    "watch": (
        "watch",
        "watch_command",
        "Process every report dropped into INBOX; originals go to processed/ or failed/.",
    ),
    "review": (
        "review",
        "review_command",
        "Review held reports in a browser: correct, approve, and write the final letters.",
    ),
    "export": (
        "export",
        "export_command",
        "Print each report's results for an EHR: the same Bundle batch writes as "
        "<stem>_fhir.json.",
    ),
    "audit": (
        "audit",
        "audit_command",
        "The report audit of a department: per report, where its own conclusions disagree "
        "with the clinical rules; in total, reports read and discrepancies by code.",
    ),
}


@contextlib.contextmanager
def long_lived_imports() -> Iterator[None]:
    """Imports without the cycle collector, whose objects then leave its care (`gc.freeze`).

    A command's imports (WeasyPrint, pydantic's models, the readers' patterns) create some
    hundred thousand objects that live as long as the process and are not garbage; the
    collector would otherwise walk them all again and again while they load, and once more
    at exit (about 0.25 s of a cold `dxa letter`). Objects made later are collected as ever,
    and forked workers share the frozen ones without copying them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class LazyCommands(click.Group):
    """A group that imports a command's module only when that command is run (or asked for
    its own help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*COMMANDS, *self.commands])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        if name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[name]
        with long_lived_imports():
            return getattr(importlib.import_module(f"dxa.commands.{module}"), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's own listing (the same shortening), from the table instead of imports."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            listed = self.commands.get(name) or click.Command(name, help=COMMANDS[name][2])
            rows.append((name, listed.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from dxa import __version__

    click.echo(f"dxa, version {__version__}")
    ctx.exit()


@click.group(cls=LazyCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """Turn DXA (bone density) reports into validated data and interpretation letters."""


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the report record."""
    from dxa.parser.model import Report

    click.echo(json.dumps(Report.model_json_schema(), indent=2))


def main() -> None:
    cli(prog_name="dxa")
