"""`dxa batch`: every report under a folder through the pipeline on a pool of workers.

Rows are keyed and sorted by input path, so the CSVs do not depend on which worker
finished first; identical contents are processed once; `--resume` trusts the ledger.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dxa.fileio import write_atomic
from dxa.ledger import DONE, FINISHED, NEEDS_REVIEW, Ledger, file_sha256
from dxa.parser.limits import BATCH_POLL_SECONDS, REPORT_SECONDS
from dxa.parser.ocr.kinds import PICTURE_SUFFIXES
from dxa.pipeline import PipelineOptions, PipelineResult, import_readers, process_report
from dxa.workers import Outcome, WorkerPool

REPORT_SUFFIXES = (".pdf", ".txt", *PICTURE_SUFFIXES)
SUMMARY_COLUMNS = (
    "file",
    "status",
    "error",
    "needs_review",
    "review_reasons",
    "discrepancies",
    "vendor",
    "exam_date",
    "classification",
    "lowest_site",
    "lowest_score",
    "scoring",
    "risk",
    "treatment_decision",
    "output_folder",
)
MEASUREMENT_COLUMNS = (
    "file",
    "site",
    "side",
    "region",
    "bmd",
    "t_score",
    "z_score",
    "provenance",
)
SUMMARY_CSV, MEASUREMENTS_CSV = "summary.csv", "measurements.csv"
STATUS_DONE, STATUS_FAILED, STATUS_DUPLICATE = DONE, "failed", "duplicate"
# Held for a person: its record, interpretation and DRAFT physician letter are written.
STATUS_NEEDS_REVIEW = NEEDS_REVIEW
# Rows whose outputs were written (their measurements go to measurements.csv).
WRITTEN = (STATUS_DONE, STATUS_NEEDS_REVIEW)
DEFAULT_TIME_LIMIT = REPORT_SECONDS
POLL_SECONDS = BATCH_POLL_SECONDS


@dataclass
class SummaryRow:
    """One input file's line in summary.csv, plus its measurement rows."""

    file: str
    status: str
    error: str = ""
    output_folder: str = ""
    summary: dict[str, str] | None = None
    measurements: tuple[dict[str, str], ...] = ()
    traceback: str = ""  # for --debug only; never written to the CSVs

    def summary_record(self) -> dict[str, str]:
        record = dict.fromkeys(SUMMARY_COLUMNS, "")
        record.update(self.summary or {})
        record.update(
            file=self.file, status=self.status, error=self.error, output_folder=self.output_folder
        )
        return {column: record[column] for column in SUMMARY_COLUMNS}


def find_reports(input_dir: Path, exclude: Path | None = None) -> list[Path]:
    """Report files below `input_dir` (`.pdf`, `.txt`, and the pictures OCR reads), sorted;
    hidden files and folders skipped.

    Sidecars (`.context.json/.yaml`) and golden `.expected.json` files are not reports by
    suffix; `exclude` keeps an output folder inside the input folder from being re-read.
    """
    excluded = exclude.resolve() if exclude else None
    found = []
    for path in input_dir.rglob("*"):
        relative = path.relative_to(input_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if excluded and (path.resolve() == excluded or excluded in path.resolve().parents):
            continue
        if path.suffix.lower() in REPORT_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def process_payload(payload: tuple[Path, Path, PipelineOptions]) -> PipelineResult:
    """The worker's task: a picklable (report, output folder, options) triple."""
    path, out_dir, options = payload
    return process_report(path, out_dir, options)


def run_batch(
    input_dir: Path,
    out_dir: Path,
    options: PipelineOptions,
    *,
    workers: int,
    resume: bool = False,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    on_outcome: Callable[[SummaryRow], None] = lambda row: None,
    work: Callable[[tuple[Path, Path, PipelineOptions]], PipelineResult] = process_payload,
    paths: list[Path] | None = None,
    cluster: str | None = None,
    ship_files: bool = False,
) -> list[SummaryRow]:
    """Process every report (`paths`, else all found); returns Rows sorted by file; writes CSVs.

    `cluster` (`tcp://HOST:PORT` or `local:N`) runs the reports on Dask instead of the local
    worker processes; everything else, ledger and CSVs included, stays in this process.
    `ship_files` sends the reports' bytes to the cluster instead of sharing a file system.
    """
    # The cluster is reached first: an unreachable one leaves no output folder behind.
    cluster_pool = _open_cluster(cluster, work, time_limit, ship_files)
    with cluster_pool or contextlib.nullcontext():
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = sorted(paths) if paths is not None else find_reports(input_dir, exclude=out_dir)
        with Ledger(out_dir) as ledger:
            run = _BatchRun(input_dir, out_dir, ledger, on_outcome)
            todo = run.plan(paths, resume)
            if cluster_pool is None:
                import_readers()  # before the workers fork, so that each starts with them
            pool = cluster_pool or WorkerPool(
                work, size=min(workers, max(1, len(todo))), time_limit=time_limit
            )
            with pool:
                run.process(todo, pool, options)
    rows = run.rows_in_order(paths)
    write_csvs(out_dir, rows)
    return rows


def _open_cluster(cluster: str | None, work, time_limit: float | None, ship_files: bool):
    """The Dask cluster's pool (dxa/cluster.py, the WorkerPool's interface), or None."""
    if cluster is None:
        return None
    from dxa.cluster import open_cluster_pool

    return open_cluster_pool(cluster, work, time_limit, ship_files=ship_files)


@dataclass
class _BatchRun:
    """The state of one batch: rows so far, and which inputs are copies of which."""

    input_dir: Path
    out_dir: Path
    ledger: Ledger
    on_outcome: Callable[[SummaryRow], None]
    rows: dict[Path, SummaryRow] = field(default_factory=dict)
    copy_of: dict[Path, Path] = field(default_factory=dict)

    def name(self, path: Path) -> str:
        return path.relative_to(self.input_dir).as_posix()

    def _set(self, path: Path, row: SummaryRow) -> None:
        self.rows[path] = row
        self.on_outcome(row)

    def plan(self, paths: list[Path], resume: bool) -> list[tuple[Path, str]]:
        """Hash every input; resumed ones get their row from the ledger, copies wait for their first.

        Returns the (path, sha256) pairs still to process.
        """
        todo: list[tuple[Path, str]] = []
        first_with_hash: dict[str, Path] = {}
        for path in paths:
            try:
                sha = file_sha256(path)
            except OSError as error:
                reason = f"could not read the file ({error.strerror})"
                self._set(path, SummaryRow(self.name(path), STATUS_FAILED, error=reason))
                continue
            if sha in first_with_hash:
                self.copy_of[path] = first_with_hash[sha]
                self.ledger.record_duplicate(sha, self.name(path))
                self._set(path, SummaryRow(self.name(path), STATUS_DUPLICATE))
                continue
            first_with_hash[sha] = path
            resumed = self._resumed_row(path, sha) if resume else None
            if resumed is not None:
                self._set(path, resumed)
            else:
                todo.append((path, sha))
        return todo

    def _resumed_row(self, path: Path, sha: str) -> SummaryRow | None:
        """The ledger's row for content already finished (done, or held for review) whose
        output folder still exists."""
        entry = self.ledger.get(sha)
        if entry is None or entry.status not in FINISHED or not entry.output_dir:
            return None
        if not (self.out_dir / entry.output_dir).is_dir():
            return None
        return SummaryRow(
            self.name(path),
            entry.status,
            output_folder=entry.output_dir,
            summary=entry.details.get("summary"),
            measurements=tuple(entry.details.get("measurements", ())),
        )

    def process(
        self, todo: list[tuple[Path, str]], pool: WorkerPool, options: PipelineOptions
    ) -> None:
        pending = deque(enumerate(todo))
        in_flight: dict[int, tuple[Path, str]] = {}
        while pending or in_flight:
            while pending and pool.free_slots:
                task_id, (path, sha) = pending.popleft()
                self.ledger.start(sha, self.name(path))
                in_flight[task_id] = (path, sha)
                pool.submit(task_id, (path, self.out_dir, options))
            for outcome in pool.collect(timeout=POLL_SECONDS):
                path, sha = in_flight.pop(outcome.task_id)
                self._set(path, self._record(outcome, path, sha))

    def _record(self, outcome: Outcome, path: Path, sha: str) -> SummaryRow:
        if not outcome.ok:
            self.ledger.fail(sha, outcome.reason)
            return SummaryRow(
                self.name(path), STATUS_FAILED, error=outcome.reason, traceback=outcome.traceback
            )
        result: PipelineResult = outcome.result
        folder = result.output_dir.relative_to(self.out_dir).as_posix()
        details = {"summary": result.summary, "measurements": list(result.measurements)}
        status = STATUS_NEEDS_REVIEW if result.needs_review else STATUS_DONE
        self.ledger.finish(sha, folder, details, status)
        return SummaryRow(
            self.name(path),
            status,
            output_folder=folder,
            summary=result.summary,
            measurements=result.measurements,
        )

    def rows_in_order(self, paths: list[Path]) -> list[SummaryRow]:
        """One row per input in path order; a copy shares its first's folder and fate."""
        for path, first in self.copy_of.items():
            original, copy = self.rows[first], self.rows[path]
            copy.output_folder = original.output_folder
            if original.status not in WRITTEN:
                copy.status, copy.error = original.status, original.error
        return [self.rows[path] for path in paths]


def write_csvs(out_dir: Path, rows: list[SummaryRow]) -> None:
    """summary.csv (one row per input) and measurements.csv (one row per site), atomically."""
    summary = [row.summary_record() for row in rows]
    measurements = [
        {"file": row.file, **measurement}
        for row in rows
        if row.status in WRITTEN
        for measurement in row.measurements
    ]
    write_atomic(out_dir / SUMMARY_CSV, _csv_bytes(SUMMARY_COLUMNS, summary))
    write_atomic(out_dir / MEASUREMENTS_CSV, _csv_bytes(MEASUREMENT_COLUMNS, measurements))


def _csv_bytes(columns: tuple[str, ...], records: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue().encode("utf-8")
