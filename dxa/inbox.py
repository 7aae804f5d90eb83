"""The watched folder's files: which are reports waiting, when one is ready, how it moves.

Pure file-system helpers for `dxa/watch.py`, which runs the service: nothing here decides
what to do with a file, only what it is and how to move it without overwriting anything.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from dxa import __version__
from dxa.interpret.context import SIDECAR_SUFFIXES
from dxa.naming import NAME_MAX, error_file_name, fitted
from dxa.parser.limits import INCOMPLETE_PDF_PATIENCE, INCOMPLETE_TEXT_PATIENCE
from dxa.parser.ocr.kinds import PICTURE_SUFFIXES, picture_looks_complete

IGNORED_SUFFIXES = (".tmp", ".part")


# ---------------------------------------------------------------- which files, and when


def is_candidate(path: Path) -> bool:
    """A file a person dropped: not hidden, not a partial upload, not a context sidecar."""
    name = path.name.lower()
    return not (
        name.startswith(".") or name.endswith(IGNORED_SUFFIXES) or name.endswith(SIDECAR_SUFFIXES)
    )


def looks_complete(path: Path) -> bool:
    """A PDF is complete once its trailer (%%EOF) is written; a text report once it ends
    with a line break (a sender that pauses mid-line has not finished); a picture once its
    format's end marker is written, where it has one (parser/ocr/kinds.py)."""
    is_pdf = path.suffix.lower() == ".pdf"
    if path.suffix.lower() in PICTURE_SUFFIXES:
        return picture_looks_complete(path)
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - (2048 if is_pdf else 1)))
            tail = handle.read()
    except OSError:
        return False
    return b"%%EOF" in tail if is_pdf else tail in (b"\n", b"\r")


def patience(path: Path) -> int:
    """Settle periods after which a file that never looks complete is taken anyway."""
    return INCOMPLETE_PDF_PATIENCE if path.suffix.lower() == ".pdf" else INCOMPLETE_TEXT_PATIENCE


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    stable_since: float


class StabilityTracker:
    """Remembers each waiting file's size and mtime; ready once unchanged for `settle` seconds."""

    def __init__(self, settle: float) -> None:
        self.settle = settle
        self._seen: dict[Path, _Seen] = {}
        self._last_check = float("-inf")

    def add(self, path: Path) -> None:
        self._seen.setdefault(path, _Seen(-1, -1, 0.0))

    def __len__(self) -> int:
        return len(self._seen)

    def ready(self, now: float) -> list[Path]:
        """Files stable long enough (and, for PDFs, complete or past patience), oldest first."""
        self._last_check = now
        ready = []
        for path, seen in list(self._seen.items()):
            try:
                stat = path.stat()
            except OSError:  # moved away or deleted by the sender: forget it
                del self._seen[path]
                continue
            if (stat.st_size, stat.st_mtime_ns) != (seen.size, seen.mtime_ns):
                self._seen[path] = _Seen(stat.st_size, stat.st_mtime_ns, now)
                continue
            quiet = now - seen.stable_since
            if quiet >= self.settle and (
                looks_complete(path) or quiet >= self.settle * patience(path)
            ):
                ready.append(path)
        return sorted(ready, key=lambda p: self._seen[p].stable_since)

    def next_check(self) -> float | None:
        """When `ready` could next take a file: once a file's settle time (or, if it does not
        look complete, its patience) has run out since it last changed; at once for a file
        not looked at yet. None when no file waits. A change in between restarts the clock
        when it is seen, at that check or at the event it makes."""
        due = None
        for path, seen in self._seen.items():
            if seen.size < 0:
                return 0.0
            when = seen.stable_since + self.settle
            if when <= self._last_check:  # settled, but not complete: waits for its patience
                when = seen.stable_since + self.settle * patience(path)
            due = when if due is None else min(due, when)
        return due

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)


# ---------------------------------------------------------------- moving files


def unique_destination(folder: Path, name: str) -> Path:
    """`folder/name`, or `stem-1.ext`, `stem-2.ext`... so nothing is ever overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 1
    while candidate.exists() or (folder / error_file_name(candidate.name)).exists():
        candidate = folder / fitted(stem, f"-{number}{suffix}")
        number += 1
    return candidate


def sidecars_of(report: Path) -> list[Path]:
    """Context files beside a report that travel with it (`<stem>.context.json` ...)."""
    names = [report.stem + suffix for suffix in SIDECAR_SUFFIXES]
    return [
        report.with_name(name)
        for name in names
        if len(os.fsencode(name)) <= NAME_MAX and report.with_name(name).is_file()
    ]


def move_with_sidecars(report: Path, folder: Path, destination: Path | None = None) -> Path:
    """Move a report (and its context sidecars, renamed to match) into `folder`, under a
    free name or at `destination` (a free name chosen before)."""
    destination = destination or unique_destination(folder, report.name)
    sidecars = sidecars_of(report)
    os.rename(report, destination)
    for sidecar in sidecars:
        suffix = sidecar.name[len(report.stem) :]
        os.rename(sidecar, unique_destination(folder, destination.stem + suffix))
    return destination


def error_text(reason: str, when: dt.datetime | None = None) -> str:
    """The NAME.error.txt body: the plain sentence, when, and which dxa said so."""
    when = when or dt.datetime.now(dt.UTC)
    return f"{reason}\ntime: {when.isoformat(timespec='seconds')}\ndxa version: {__version__}\n"
