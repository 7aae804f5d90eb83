"""`dxa batch`: every report under a folder through the pipeline on a pool of workers.

Rows are keyed and sorted by input path, so the CSVs do not depend on which worker
finished first; identical contents are processed once; `--resume` trusts the ledger.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dxa.fileio import write_atomic
from dxa.ledger import DONE, Ledger, file_sha256
from dxa.pipeline import PipelineOptions, PipelineResult, process_report
from dxa.workers import Outcome, WorkerPool

REPORT_SUFFIXES = (".pdf", ".txt")
SUMMARY_COLUMNS = (
    "file",
    "status",
    "error",
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
STATUS_DONE, STATUS_FAILED, STATUS_DUPLICATE = "done", "failed", "duplicate"
DEFAULT_TIME_LIMIT = 300.0
POLL_SECONDS = 0.5


@dataclass
class Row:
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
    """`.pdf` and `.txt` files below `input_dir`, sorted; hidden files and folders skipped.

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


def _process(payload: tuple[Path, Path, PipelineOptions]) -> PipelineResult:
    path, out_dir, options = payload
    return process_report(path, out_dir, options)


def _display_name(path: Path, input_dir: Path) -> str:
    return path.relative_to(input_dir).as_posix()


def _relative_folder(folder: Path | str, out_dir: Path) -> str:
    folder = Path(folder)
    try:
        return folder.relative_to(out_dir).as_posix()
    except ValueError:
        return folder.as_posix()


def run_batch(
    input_dir: Path,
    out_dir: Path,
    options: PipelineOptions,
    *,
    workers: int,
    resume: bool = False,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    on_outcome: Callable[[Row], None] = lambda row: None,
    work: Callable = _process,
    paths: list[Path] | None = None,
) -> list[Row]:
    """Process every report (`paths`, else all found); returns Rows sorted by file; writes CSVs."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = sorted(paths) if paths is not None else find_reports(input_dir, exclude=out_dir)
    rows: dict[Path, Row] = {}
    with Ledger(out_dir) as ledger:
        todo, first_of = _plan(paths, input_dir, out_dir, ledger, resume, rows, on_outcome)
        _run_pool(
            todo, input_dir, out_dir, options, workers, time_limit, ledger, rows, on_outcome, work
        )
    for path, original in first_of.items():
        source = rows[original]
        rows[path].output_folder = source.output_folder
        if source.status != STATUS_DONE:
            rows[path].status, rows[path].error = source.status, source.error
    ordered = [rows[path] for path in paths]
    write_csvs(out_dir, ordered)
    return ordered


def _plan(paths, input_dir, out_dir, ledger, resume, rows, on_outcome):
    """Hash every input: resumed ones get their row from the ledger, copies wait for their first."""
    todo: list[tuple[Path, str]] = []
    first_with_hash: dict[str, Path] = {}
    first_of: dict[Path, Path] = {}
    for path in paths:
        name = _display_name(path, input_dir)
        try:
            sha = file_sha256(path)
        except OSError as error:
            rows[path] = Row(
                name, STATUS_FAILED, error=f"could not read the file ({error.strerror})"
            )
            on_outcome(rows[path])
            continue
        if sha in first_with_hash:
            rows[path] = Row(name, STATUS_DUPLICATE)
            first_of[path] = first_with_hash[sha]
            ledger.record_duplicate(sha, name)
            on_outcome(rows[path])
            continue
        first_with_hash[sha] = path
        entry = ledger.get(sha)
        if resume and entry and entry.status == DONE and (out_dir / entry.output_dir).is_dir():
            rows[path] = Row(
                name,
                STATUS_DONE,
                output_folder=entry.output_dir or "",
                summary=entry.details.get("summary"),
                measurements=tuple(entry.details.get("measurements", ())),
            )
            on_outcome(rows[path])
            continue
        todo.append((path, sha))
    return todo, first_of


def _run_pool(
    todo, input_dir, out_dir, options, workers, time_limit, ledger, rows, on_outcome, work
):
    pending = list(enumerate(todo))
    in_flight: dict[int, tuple[Path, str]] = {}
    with WorkerPool(work, size=min(workers, max(1, len(todo))), time_limit=time_limit) as pool:
        while pending or in_flight:
            while pending and pool.free_slots:
                task_id, (path, sha) = pending.pop(0)
                ledger.start(sha, _display_name(path, input_dir))
                in_flight[task_id] = (path, sha)
                pool.submit(task_id, (path, out_dir, options))
            for outcome in pool.collect(timeout=POLL_SECONDS):
                path, sha = in_flight.pop(outcome.task_id)
                rows[path] = _record(outcome, path, sha, input_dir, out_dir, ledger)
                on_outcome(rows[path])


def _record(outcome: Outcome, path: Path, sha: str, input_dir: Path, out_dir: Path, ledger) -> Row:
    name = _display_name(path, input_dir)
    if not outcome.ok:
        ledger.fail(sha, outcome.reason)
        return Row(name, STATUS_FAILED, error=outcome.reason, traceback=outcome.traceback)
    result: PipelineResult = outcome.result
    folder = _relative_folder(result.output_dir, out_dir)
    details = {"summary": result.summary, "measurements": list(result.measurements)}
    ledger.finish(sha, folder, details)
    return Row(
        name,
        STATUS_DONE,
        output_folder=folder,
        summary=result.summary,
        measurements=result.measurements,
    )


def write_csvs(out_dir: Path, rows: list[Row]) -> None:
    """summary.csv (one row per input) and measurements.csv (one row per site), atomically."""
    summary = [row.summary_record() for row in rows]
    measurements = [
        {"file": row.file, **measurement}
        for row in rows
        if row.status == STATUS_DONE
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
