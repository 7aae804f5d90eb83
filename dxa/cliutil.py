"""What every command shares: per-file error handling, exit codes, JSON output."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from dxa.parser.errors import ReportError

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2

debug_option = click.option("--debug", is_flag=True, help="Show tracebacks for failures.")


def failure_reason(error: BaseException) -> str:
    """One plain sentence for any failure; never a traceback."""
    if isinstance(error, ReportError):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return "file not found"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not a report"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, ValidationError):
        return "the report contains values outside the valid range"
    if isinstance(error, MemoryError):
        return "file too large to read"
    return f"unexpected error ({type(error).__name__})"


def report_failure(name: str, error: BaseException, debug: bool) -> None:
    """Print the one stderr line for a failed file (and the traceback with --debug)."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    click.echo(f"{name}: {failure_reason(error)}", err=True)


def for_each_file(files: Iterable[str], handle: Callable[[str], None], *, debug: bool) -> int:
    """Run `handle` on every file; a failure is reported and the rest go on. Returns the exit code."""
    failed = False
    for name in files:
        try:
            handle(name)
        except KeyboardInterrupt:
            raise
        except Exception as error:  # every failure is one line; the batch goes on
            failed = True
            report_failure(name, error, debug)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def read_input(name: str, date_order: str | None = None):
    """Parse a FILE argument: a path, or `-` for a text report on stdin; `date_order` is
    the clinic's, for dates the report leaves ambiguous."""
    from dxa.parser import parse, parse_text
    from dxa.parser.api import MAX_TEXT_CHARS

    if name == "-":
        text = sys.stdin.read(MAX_TEXT_CHARS + 1)
        return parse_text(text, date_order=date_order)
    path = Path(name)
    if path.is_dir():
        raise IsADirectoryError(name)
    return parse(path, date_order=date_order)


def emit_json(obj: Any, *, many: bool) -> None:
    """One pretty object for one file; compact JSON Lines for several."""
    if many:
        click.echo(json.dumps(obj, ensure_ascii=False))
    else:
        click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def configure_logging(debug: bool) -> None:
    """dxa's own logger at INFO (DEBUG with --debug); every other library at WARNING unless
    --debug, so a watched folder logs a few lines per report, not WeasyPrint's and
    fontTools' steps."""
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("dxa").setLevel(logging.DEBUG if debug else logging.INFO)
