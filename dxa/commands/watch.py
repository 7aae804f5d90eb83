"""`dxa watch INBOX --out DIR`: run the watched-folder service until SIGTERM or Ctrl-C."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path

import click

from dxa.batch import DEFAULT_TIME_LIMIT
from dxa.cliutil import EXIT_OK, configure_logging, debug_option
from dxa.commands.options import (
    clinic_option,
    format_option,
    load_clinic_or_exit,
    ocr_option,
    pdf_reader_option,
    time_limit_option,
)
from dxa.parser.limits import SETTLE_SECONDS
from dxa.pipeline import FORMAT_CHOICES, PipelineOptions
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
    default=SETTLE_SECONDS,
    show_default=True,
    help="Seconds a file's size and time must stay unchanged before it is taken.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Reports processed at once.",
)
@format_option
@clinic_option
@pdf_reader_option
@ocr_option
@time_limit_option(DEFAULT_TIME_LIMIT)
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
    pdf_reader: str,
    ocr: str,
    time_limit: float,
    log_phi: bool,
    debug: bool,
) -> None:
    """Process every report dropped into INBOX; originals go to processed/ or failed/."""
    load_clinic_or_exit(clinic_file, debug)
    configure_logging(debug)
    settings = WatchSettings(
        inbox=inbox,
        out_dir=out_dir,
        options=PipelineOptions(
            formats=FORMAT_CHOICES[letter_format],
            clinic_file=clinic_file,
            pdf_reader=pdf_reader,
            ocr=ocr,
        ),
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
