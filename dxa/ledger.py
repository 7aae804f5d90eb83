"""The ledger: which report contents (by SHA-256) were done, failed or seen again.

It lives in the output folder as SQLite so that a restart, `--resume` or a re-dropped
file can tell finished work from new work without trusting file names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LEDGER_NAME = "dxa-ledger.sqlite3"
DONE, FAILED, PROCESSING = "done", "failed", "processing"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    sha256 TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('processing', 'done', 'failed')),
    name TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    output_dir TEXT,
    error TEXT,
    details TEXT,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS duplicates (
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    seen TEXT NOT NULL
);
"""


def file_sha256(path: Path) -> str:
    """Content hash, read in blocks so a large file never sits in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Entry:
    sha256: str
    status: str
    name: str
    attempts: int
    output_dir: str | None
    error: str | None
    details: dict[str, Any]


class Ledger:
    """One SQLite file; every change is committed at once so a crash loses nothing recorded."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / LEDGER_NAME
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(self, sha256: str) -> Entry | None:
        row = self._db.execute(
            "SELECT sha256, status, name, attempts, output_dir, error, details"
            " FROM reports WHERE sha256 = ?",
            (sha256,),
        ).fetchone()
        if row is None:
            return None
        *fields, details = row
        return Entry(*fields, details=json.loads(details) if details else {})

    def start(self, sha256: str, name: str) -> None:
        """Mark work begun; `attempts` counts how often the content was processed."""
        self._db.execute(
            "INSERT INTO reports (sha256, status, name, attempts, updated)"
            " VALUES (?, 'processing', ?, 1, ?)"
            " ON CONFLICT (sha256) DO UPDATE SET status = 'processing', name = excluded.name,"
            " attempts = attempts + 1, error = NULL, updated = excluded.updated",
            (sha256, name, _now()),
        )

    def finish(self, sha256: str, output_dir: str, details: dict[str, Any]) -> None:
        self._db.execute(
            "UPDATE reports SET status = 'done', output_dir = ?, details = ?, updated = ?"
            " WHERE sha256 = ?",
            (output_dir, json.dumps(details), _now(), sha256),
        )

    def fail(self, sha256: str, error: str) -> None:
        self._db.execute(
            "UPDATE reports SET status = 'failed', error = ?, updated = ? WHERE sha256 = ?",
            (error, _now(), sha256),
        )

    def record_duplicate(self, sha256: str, name: str) -> None:
        self._db.execute(
            "INSERT INTO duplicates (sha256, name, seen) VALUES (?, ?, ?)", (sha256, name, _now())
        )

    def entries(self) -> list[Entry]:
        hashes = [row[0] for row in self._db.execute("SELECT sha256 FROM reports ORDER BY name")]
        return [entry for sha in hashes if (entry := self.get(sha)) is not None]

    def duplicates(self) -> list[tuple[str, str]]:
        """(sha256, name) of every re-dropped copy, oldest first."""
        return list(self._db.execute("SELECT sha256, name FROM duplicates ORDER BY rowid"))
