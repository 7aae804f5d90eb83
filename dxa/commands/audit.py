"""`dxa audit INPUT_DIR [--out audit.csv]`: the report-audit table, printed with rich."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dxa.cliutil import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, debug_option
from dxa.commands.options import clinic_option, load_clinic_or_exit


def _print(rows, totals) -> None:
    from rich.console import Console
    from rich.table import Table

    from dxa.interpret.discrepancies import DISCREPANCY_CODES

    console = Console(soft_wrap=False)
    table = Table(title="Report audit: the reports' own conclusions against the rules")
    for column in ("Report", "Stated", "By the rules", "Discrepancies"):
        table.add_column(column, overflow="fold")
    for row in rows:
        if row.status == "failed":
            table.add_row(row.file, "", "", f"[red]not read: {row.error}[/red]")
            continue
        found = "\n".join(
            f"[bold]{c}[/bold]: {t}" for c, t in zip(row.codes, row.texts, strict=True)
        )
        table.add_row(
            row.file, row.stated_classification or "—", row.classification, found or "none"
        )
    console.print(table)
    summary = Table(title="Totals", show_header=False)
    summary.add_row("Reports", str(totals.reports))
    summary.add_row("Reports read", str(totals.read))
    summary.add_row("Reports not read", str(totals.failed))
    summary.add_row("Reports with discrepancies", str(totals.with_discrepancies))
    for code in DISCREPANCY_CODES:
        summary.add_row(f"  {code}", str(totals.by_code.get(code, 0)))
    console.print(summary)


@click.command("audit")
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the table as CSV (one row per report).",
)
@clinic_option
@debug_option
def audit_command(
    input_dir: Path, out_file: Path | None, clinic_file: Path | None, debug: bool
) -> None:
    """The report audit of a department: per report, where its own conclusions disagree
    with the clinical rules; in total, reports read and discrepancies by code."""
    from dxa.audit import audit_csv, run_audit
    from dxa.fileio import write_atomic

    clinic = load_clinic_or_exit(clinic_file, debug)
    rows, totals = run_audit(input_dir, clinic)
    if not rows:
        click.echo(f"{input_dir}: no reports (.pdf, .txt) found", err=True)
        sys.exit(EXIT_USAGE)
    _print(rows, totals)
    if out_file is not None:
        try:
            write_atomic(out_file, audit_csv(rows))
        except OSError as error:
            click.echo(f"{out_file}: cannot be written ({error.strerror})", err=True)
            sys.exit(EXIT_SOME_FAILED)
    for row in rows:
        if row.status == "failed":
            click.echo(f"{row.file}: {row.error}", err=True)
    sys.exit(EXIT_SOME_FAILED if totals.failed else EXIT_OK)
