"""Which failures are the output's and not the report's, and how the watched folder waits them out.

A full disk, an unwritable output folder or an I/O error says nothing about the report:
the file stays claimed and is tried again later, with a growing pause, until the output
can be written again. Only a report's own fault sends it to failed/.
"""

from __future__ import annotations

import errno
import logging
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from dxa.parser.clean import visible
from dxa.parser.errors import ReportError
from dxa.parser.limits import RETRY_FIRST_PAUSE, RETRY_LONGEST_PAUSE

# Errors of the place outputs are written to: no space, no quota, no permission, read-only
# file system, failing device.
TRANSIENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO}
)
# SQLite's words for the same conditions on the ledger.
TRANSIENT_SQLITE = ("disk is full", "readonly database", "unable to open", "disk i/o error")
FIRST_PAUSE = RETRY_FIRST_PAUSE
LONGEST_PAUSE = RETRY_LONGEST_PAUSE


class OutputUnavailable(ReportError, OSError):
    """The outputs of a report could not be written; the report itself may be fine. An
    OSError still, for callers that catch those."""

    reason = "the output folder cannot be written"
    transient = True


def is_transient(error: BaseException) -> bool:
    """True for an error of the output (disk full, permission, I/O), not of the report."""
    if getattr(error, "transient", False):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return any(words in str(error).lower() for words in TRANSIENT_SQLITE)
    return isinstance(error, OSError) and error.errno in TRANSIENT_ERRNOS


@dataclass
class _Waiting:
    name: str
    due: float


@dataclass
class RetryQueue:
    """Claimed files waiting to be tried again, each after a pause that doubles (up to a
    limit) every time it is tried in vain, until `forget` says it is over."""

    first_pause: float = FIRST_PAUSE
    longest_pause: float = LONGEST_PAUSE
    _waiting: dict[Path, _Waiting] = field(default_factory=dict)
    _pauses: dict[Path, float] = field(default_factory=dict)

    def add(self, path: Path, name: str, now: float) -> None:
        previous = self._pauses.get(path)
        pause = self.first_pause if previous is None else min(previous * 2, self.longest_pause)
        self._pauses[path] = pause
        self._waiting[path] = _Waiting(name, now + pause)

    def due(self, now: float) -> list[tuple[Path, str]]:
        """Files whose pause is over, removed from the queue, in the order they fell due."""
        ready = sorted((w.due, path) for path, w in self._waiting.items() if w.due <= now)
        return [(path, self._waiting.pop(path).name) for _, path in ready]

    def next_due(self) -> float | None:
        """When the first waiting file falls due; None when none waits."""
        return min((waiting.due for waiting in self._waiting.values()), default=None)

    def forget(self, path: Path) -> None:
        """The file's work is over (done or failed): a later file of its name starts afresh."""
        self._waiting.pop(path, None)
        self._pauses.pop(path, None)

    def __contains__(self, path: object) -> bool:
        return path in self._waiting

    def __len__(self) -> int:
        return len(self._waiting)


class OutputTrouble:
    """Logs an output condition once when it begins and once when it clears, not per file."""

    def __init__(self, log: logging.Logger) -> None:
        self._log = log
        self.active = False

    def seen(self, reason: str) -> None:
        if not self.active:
            self._log.warning(
                "%s; files stay claimed in .work/ and are retried until it can",
                visible(reason),
            )
        self.active = True

    def cleared(self) -> None:
        if self.active:
            self._log.info("outputs can be written again")
        self.active = False


def sweep_partials(out_dir: Path, prefixes: tuple[str, ...], older_than: float) -> int:
    """Remove staging folders (`.partial-*`, `.replaced-*`) left by a killed writer, once
    they are older than any write in progress could be. Returns how many were removed."""
    removed = 0
    cutoff = time.time() - older_than
    try:
        candidates = [p for p in out_dir.iterdir() if p.name.startswith(prefixes)]
    except OSError:
        return 0
    for folder in candidates:
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder)
                removed += 1
        except OSError:
            continue
    return removed
