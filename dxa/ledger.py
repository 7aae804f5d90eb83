"""The ledger: which report contents (by SHA-256) were done, held for review, failed or seen again.

It lives in the output folder as SQLite so that a restart, `--resume` or a re-dropped
file can tell finished work from new work without trusting file names. A report held for
review (`needs_review`) is finished work too: its outputs are written, and processing it
again would only write them again.
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
DONE, NEEDS_REVIEW, FAILED, PROCESSING = "done", "needs_review", "failed", "processing"
# Statuses of work that is over: not retried by `--resume`, a re-dropped copy is a duplicate.
FINISHED = (DONE, NEEDS_REVIEW)

_REPORTS_TABLE = """
CREATE TABLE IF NOT EXISTS {name} (
    sha256 TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('processing', 'done', 'needs_review', 'failed')),
    name TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    output_dir TEXT,
    error TEXT,
    details TEXT,
    updated TEXT NOT NULL
);
"""
_SCHEMA = (
    _REPORTS_TABLE.format(name="reports")
    + """
CREATE TABLE IF NOT EXISTS duplicates (
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS approvals (
    sha256 TEXT NOT NULL,
    output_dir TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    changes TEXT NOT NULL
);
"""
)


def file_sha256(path: Path) -> str:
    """Content hash, read in blocks so a large file never sits in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _allow_needs_review(db: sqlite3.Connection) -> None:
    """Ledgers written before the review gate only allow done/failed/processing: copy their
    rows into a table that also allows `needs_review` (SQLite cannot alter a CHECK)."""
    if "needs_review" in _reports_sql(db):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        if "needs_review" not in _reports_sql(db):  # another process may have done it
            db.execute(_REPORTS_TABLE.format(name="reports_new"))
            db.execute("INSERT INTO reports_new SELECT * FROM reports")
            db.execute("DROP TABLE reports")
            db.execute("ALTER TABLE reports_new RENAME TO reports")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _reports_sql(db: sqlite3.Connection) -> str:
    return db.execute("SELECT sql FROM sqlite_master WHERE name = 'reports'").fetchone()[0]


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
        _allow_needs_review(self._db)

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

    def finish(
        self, sha256: str, output_dir: str, details: dict[str, Any], status: str = DONE
    ) -> None:
        """Record finished work: `done`, or `needs_review` for a report held for a person."""
        if status not in FINISHED:
            raise ValueError(f"not a finished status: {status!r}")
        self._db.execute(
            "UPDATE reports SET status = ?, output_dir = ?, details = ?, updated = ?"
            " WHERE sha256 = ?",
            (status, output_dir, json.dumps(details), _now(), sha256),
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

    def record_approval(self, sha256: str, output_dir: str, entry: dict[str, Any]) -> None:
        """`dxa review`: a person approved this report's letters; the row is never changed.

        The report's status becomes `done`: its final letters are written."""
        self._db.execute(
            "INSERT INTO approvals (sha256, output_dir, reviewer, approved_at, changes)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                sha256,
                output_dir,
                entry["reviewer"],
                entry["approved_at"],
                json.dumps(entry["changes"]),
            ),
        )
        self._db.execute(
            "UPDATE reports SET status = 'done', updated = ? WHERE sha256 = ?", (_now(), sha256)
        )

    def approvals(self, sha256: str) -> list[dict[str, Any]]:
        """Every approval of this content, oldest first."""
        rows = self._db.execute(
            "SELECT output_dir, reviewer, approved_at, changes FROM approvals"
            " WHERE sha256 = ? ORDER BY rowid",
            (sha256,),
        )
        return [
            {"output_dir": d, "reviewer": r, "approved_at": a, "changes": json.loads(c)}
            for d, r, a, c in rows
        ]

    def entries(self) -> list[Entry]:
        hashes = [row[0] for row in self._db.execute("SELECT sha256 FROM reports ORDER BY name")]
        return [entry for sha in hashes if (entry := self.get(sha)) is not None]

    def duplicates(self) -> list[tuple[str, str]]:
        """(sha256, name) of every re-dropped copy, oldest first."""
        return list(self._db.execute("SELECT sha256, name FROM duplicates ORDER BY rowid"))
