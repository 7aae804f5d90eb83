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
from dxa.retry import TRANSIENT_ERRNOS, OutputUnavailable

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
    if isinstance(error, OSError) and error.errno in TRANSIENT_ERRNOS:  # disk full, I/O
        return f"{OutputUnavailable.reason} ({error.strerror})"
    if isinstance(error, ValidationError):
        return "the report contains values outside the valid range"
    if isinstance(error, MemoryError):
        return "file too large to read"
    return f"unexpected error ({type(error).__name__})"


def report_failure(name: str, error: BaseException, debug: bool) -> None:
    """Print the one stderr line for a failed file (and the traceback with --debug)."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
        click.echo(getattr(error, "worker_traceback", ""), err=True, nl=False)
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


def read_input(
    name: str,
    date_order: str | None = None,
    pdf_reader: str | None = None,
    ocr: str = "auto",
    meanwhile: Callable[[], None] | None = None,
):
    """Parse a FILE argument: a path, or `-` for a report on stdin (its bytes decoded as a
    file's are); `date_order` is the clinic's, for dates the report leaves ambiguous;
    `pdf_reader` the PDF reader (`--pdf-reader`); `ocr` which pages are read by OCR (auto,
    always, never).

    The reading runs in a child process stopped after `CLI_SECONDS` (parser/limits.py), or
    `CLI_OCR_SECONDS` where OCR may read it. `meanwhile` is other work for this process
    while the child reads (`dxa letter` loads its renderer): the child then imports its
    reader itself, beside it, instead of this process importing it first."""
    from dxa.parser.errors import TooLarge
    from dxa.parser.limits import CLI_OCR_SECONDS, CLI_SECONDS, MAX_FILE_BYTES
    from dxa.workers import run_once

    data = None
    if name == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        data = stdin.read(MAX_FILE_BYTES + 1) if stdin else sys.stdin.read().encode()
        if len(data) > MAX_FILE_BYTES:
            raise TooLarge()
    elif Path(name).is_dir():
        raise IsADirectoryError(name)
    if meanwhile is None:
        _import_reader(name, data)
    seconds = CLI_OCR_SECONDS if ocr != "never" and may_need_ocr(name) else CLI_SECONDS
    payload = (name, data, date_order, pdf_reader, ocr)
    return run_once(_parse_input, payload, seconds, meanwhile=meanwhile)


def may_need_ocr(name: str) -> bool:
    """A PDF or a picture may be a scan that OCR reads (a few seconds a page); text never is."""
    from dxa.parser.ocr.kinds import PICTURE_SUFFIXES

    return name.lower().endswith((".pdf", *PICTURE_SUFFIXES))


def _import_reader(name: str, data: bytes | None) -> None:
    """The reader this file needs, imported here before the reading process forks, so that
    several files do not each import it again (and a text file never loads the PDF readers)."""
    from dxa.parser.api import looks_like_pdf

    head = data[:1024] if data is not None else b""
    if data is None:
        try:
            with Path(name).open("rb") as handle:
                head = handle.read(1024)
        except OSError:
            return  # the reading process says why, in its one sentence
    if looks_like_pdf(head, name):
        import dxa.parser.document  # noqa: F401
        import dxa.parser.vendors  # noqa: F401
    else:
        import dxa.parser.text  # noqa: F401


def _parse_input(payload: tuple[str, bytes | None, str | None, str | None, str]):
    from dxa.parser import parse
    from dxa.parser.api import parse_bytes

    name, data, date_order, pdf_reader, ocr = payload
    if data is not None:
        return parse_bytes(data, name, date_order=date_order, pdf_reader=pdf_reader, ocr=ocr)
    return parse(Path(name), date_order=date_order, pdf_reader=pdf_reader, ocr=ocr)


def emit_json(obj: Any, *, many: bool) -> None:
    """One pretty object for one file; compact JSON Lines for several."""
    if many:
        click.echo(json.dumps(obj, ensure_ascii=False))
    else:
        click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


# What other libraries log at WARNING or above that tells the operator nothing, by logger:
# watchdog (7.x) logs an ERROR when its observer stops within half a second of a file leaving
# the watched folder (the service's own claim of a report): the unpaired move it still held
# is dropped with the observer, as it should be.
HARMLESS_MESSAGES = {
    "watchdog.observers.inotify": (
        "InotifyEmitter.queue_events() called when the thread is inactive",
    ),
}


def configure_logging(debug: bool) -> None:
    """dxa's own logger at INFO (DEBUG with --debug); every other library at WARNING unless
    --debug, so a watched folder logs a few lines per report, not WeasyPrint's and
    fontTools' steps, and none of the HARMLESS_MESSAGES."""
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("dxa").setLevel(logging.DEBUG if debug else logging.INFO)
    if not debug:
        for name, quiet in _QUIETING.items():
            logging.getLogger(name).addFilter(quiet)  # once: the same filter is not added twice


class _Without(logging.Filter):
    """Drops records whose message is one of `messages`."""

    def __init__(self, messages: tuple[str, ...]) -> None:
        super().__init__()
        self.messages = messages

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.messages


_QUIETING = {name: _Without(messages) for name, messages in HARMLESS_MESSAGES.items()}
