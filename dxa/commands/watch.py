"""`dxa watch INBOX --out DIR`: run the watched-folder service until SIGTERM or Ctrl-C."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path

import click

from dxa.cliutil import EXIT_OK, EXIT_USAGE, debug_option, failure_reason
from dxa.pipeline import FORMAT_CHOICES, PipelineOptions, load_clinic
from dxa.watch import WatchService, WatchSettings


@click.command("watch")
@click.argument("inbox", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for report outputs and the ledger.",
)
@click.option(
    "--poll",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Poll every SECONDS instead of using file-system events (SMB/NFS shares).",
)
@click.option(
    "--settle",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds a file's size and time must stay unchanged before it is taken.",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--format",
    "letter_format",
    type=click.Choice(sorted(FORMAT_CHOICES)),
    default="pdf",
    show_default=True,
    help="Letter format.",
)
@click.option(
    "--clinic",
    "clinic_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Clinic configuration (letterhead, signatory, paper size, LSC).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds one report may take before it is failed.",
)
@click.option("--log-phi", is_flag=True, help="Also log output folder names (patient IDs).")
@debug_option
def watch_command(
    inbox: Path,
    out_dir: Path,
    poll: float | None,
    settle: float,
    workers: int,
    letter_format: str,
    clinic_file: Path | None,
    time_limit: float,
    log_phi: bool,
    debug: bool,
) -> None:
    """Process every report dropped into INBOX; originals go to processed/ or failed/."""
    try:
        load_clinic(clinic_file)
    except Exception as error:
        if debug:
            raise
        click.echo(f"{clinic_file}: {failure_reason(error)}", err=True)
        sys.exit(EXIT_USAGE)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    settings = WatchSettings(
        inbox=inbox,
        out_dir=out_dir,
        options=PipelineOptions(formats=FORMAT_CHOICES[letter_format], clinic_file=clinic_file),
        settle=settle,
        poll=poll,
        workers=workers,
        time_limit=time_limit,
        log_phi=log_phi,
    )
    stop = threading.Event()
    main_pid = os.getpid()

    def request_stop(signum: int, _frame: object) -> None:
        if os.getpid() == main_pid:  # forked workers inherit handlers briefly
            logging.getLogger("dxa.watch").info(
                "%s received: finishing current files", signal.Signals(signum).name
            )
            stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    WatchService(settings).run(stop)
    sys.exit(EXIT_OK)
