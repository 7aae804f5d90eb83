"""`dxa batch INPUT_DIR --out DIR`: every report in a folder, with CSV summaries."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dxa.batch import (
    DEFAULT_TIME_LIMIT,
    STATUS_FAILED,
    STATUS_NEEDS_REVIEW,
    SummaryRow,
    find_reports,
    run_batch,
)
from dxa.cliutil import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, debug_option
from dxa.cluster import LOCAL_PREFIX, ClusterError, local_size
from dxa.commands.options import (
    clinic_option,
    format_option,
    load_clinic_or_exit,
    ocr_option,
    pdf_reader_option,
    time_limit_option,
)
from dxa.pipeline import FORMAT_CHOICES, PipelineOptions

EXIT_INTERRUPTED = 130  # the shell's convention for a command stopped by Ctrl-C


def _checked_address(address: str | None) -> str | None:
    """A malformed --cluster is a usage error before any output exists."""
    if address is None:
        return None
    try:
        local_size(address)
    except ClusterError as error:
        raise click.BadParameter(str(error)) from None
    if not address.startswith(LOCAL_PREFIX) and "://" not in address:
        raise click.BadParameter(f"needs tcp://HOST:PORT or local:N (got {address!r})")
    return address


@click.command("batch")
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for one sub-folder per report, summary.csv and measurements.csv.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: CPU count).",
)
@click.option("--resume", is_flag=True, help="Skip reports whose content is already done.")
@click.option(
    "--cluster",
    metavar="ADDRESS",
    callback=lambda ctx, param, value: _checked_address(value),
    help="Run the reports on Dask: tcp://HOST:8786 (a scheduler), or local:N (a LocalCluster "
    "of N worker processes). Inputs and outputs must be on a file system all workers share. "
    "Needs pip install 'dxa[cluster]'.",
)
@click.option(
    "--ship-files",
    is_flag=True,
    help="With --cluster: send each report's bytes to the workers and write the outputs here, "
    "for clusters without a shared file system.",
)
@format_option
@clinic_option
@pdf_reader_option
@ocr_option
@time_limit_option(DEFAULT_TIME_LIMIT)
@debug_option
def batch_command(
    input_dir: Path,
    out_dir: Path,
    workers: int | None,
    resume: bool,
    cluster: str | None,
    ship_files: bool,
    letter_format: str,
    clinic_file: Path | None,
    pdf_reader: str,
    ocr: str,
    time_limit: float,
    debug: bool,
) -> None:
    """Process every .pdf and .txt report under INPUT_DIR into --out."""
    if ship_files and cluster is None:
        raise click.UsageError("--ship-files needs --cluster")
    options = PipelineOptions(
        formats=FORMAT_CHOICES[letter_format],
        clinic_file=clinic_file,
        pdf_reader=pdf_reader,
        ocr=ocr,
    )
    load_clinic_or_exit(clinic_file, debug)
    paths = find_reports(input_dir, exclude=out_dir)
    counts = {"done": 0, "failed": 0}
    with click.progressbar(
        length=len(paths),
        label="Reports",
        file=sys.stderr,
        item_show_func=lambda _: f"done {counts['done']}, failed {counts['failed']}",
    ) as bar:

        def advance(row: SummaryRow) -> None:
            counts["failed" if row.status == STATUS_FAILED else "done"] += 1
            bar.update(1, row.file)

        try:
            rows = run_batch(
                input_dir,
                out_dir,
                options,
                workers=workers or os.cpu_count() or 1,
                resume=resume,
                time_limit=time_limit,
                on_outcome=advance,
                paths=paths,
                cluster=cluster,
                ship_files=ship_files,
            )
        except ClusterError as error:
            click.echo(f"\ndxa: {error}", err=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("\nInterrupted; run again with --resume to continue.", err=True)
            sys.exit(EXIT_INTERRUPTED)
    failures = [row for row in rows if row.status == STATUS_FAILED]
    for row in failures:
        if debug and row.traceback:
            click.echo(row.traceback, err=True, nl=False)
        click.echo(f"{row.file}: {row.error}", err=True)
    held = sum(row.status == STATUS_NEEDS_REVIEW for row in rows)
    held_note = f", {held} held for review (no patient letter)" if held else ""
    click.echo(
        f"{len(rows) - len(failures)} of {len(rows)} reports done{held_note}; "
        f"see {out_dir / 'summary.csv'}",
        err=True,
    )
    sys.exit(EXIT_SOME_FAILED if failures else EXIT_OK)
