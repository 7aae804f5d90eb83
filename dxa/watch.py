"""`dxa watch`: the watched-folder service. Every input ends in processed/ or failed/.

Life of a file: seen (event, start-up scan or periodic rescan) -> stable (size and mtime
unchanged for `settle` seconds, and a PDF looks complete) -> claimed by an atomic rename
into INBOX/.work/ -> hashed and checked against the ledger -> processed by a worker
process -> moved to processed/ (a report held for review too: its outputs are written) or
to failed/ with NAME.error.txt. Event handlers only enqueue paths; the one main loop does
all moving, so no two threads race over a file.

The loop sleeps until something happens: a file-system event (the handler wakes it through
a pipe), a worker finishing, a waiting file's settle time running out, a retry falling due,
the periodic rescan, or `stop`. Where inotify cannot be had (its limits reached, or no such
facility) the folder is polled instead, as with `--poll`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from dxa.batch import process_payload
from dxa.fileio import write_text_atomic
from dxa.inbox import (
    StabilityTracker,
    error_text,
    is_candidate,
    move_with_sidecars,
    unique_destination,
)
from dxa.ledger import DONE, FINISHED, NEEDS_REVIEW, Ledger, file_sha256
from dxa.naming import error_file_name
from dxa.parser.clean import visible
from dxa.parser.limits import (
    FALLBACK_POLL_SECONDS,
    REPORT_SECONDS,
    RESCAN_SECONDS,
    SETTLE_SECONDS,
    STALE_PARTIAL_SECONDS,
)
from dxa.pipeline import OLD_PREFIX, TEMP_PREFIX, PipelineOptions, PipelineResult, import_readers
from dxa.retry import OutputTrouble, OutputUnavailable, RetryQueue, is_transient, sweep_partials
from dxa.workers import Outcome, WorkerPool

log = logging.getLogger("dxa.watch")

WORK_DIR, PROCESSED_DIR, FAILED_DIR = ".work", "processed", "failed"
# The pause after an unexpected error in the loop, so that a persistent one does not spin.
ERROR_PAUSE_SECONDS = 0.2


@dataclass(frozen=True)
class WatchSettings:
    inbox: Path
    out_dir: Path
    options: PipelineOptions = field(default_factory=PipelineOptions)
    settle: float = SETTLE_SECONDS
    poll: float | None = None
    workers: int = 1
    time_limit: float | None = REPORT_SECONDS
    log_phi: bool = False
    rescan_seconds: float = RESCAN_SECONDS


# ---------------------------------------------------------------- the service


class _Wakeup:
    """A pipe the main loop waits on beside its workers; any thread may `set` it."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        for end in (self._read, self._write):
            os.set_blocking(end, False)
        self._lock = threading.Lock()
        self._closed = False

    def fileno(self) -> int:
        return self._read

    def set(self) -> None:
        with self._lock:
            if self._closed:
                return
            with contextlib.suppress(BlockingIOError):  # full: it is set already
                os.write(self._write, b"\0")

    def clear(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self._read, 4096):
                pass

    def close(self) -> None:
        with self._lock:
            self._closed = True
            os.close(self._read)
            os.close(self._write)


class _Enqueue(FileSystemEventHandler):
    """Handlers only enqueue (and wake the loop): all decisions are made by the main loop."""

    def __init__(self, paths: queue.Queue[Path], wakeup: _Wakeup) -> None:
        self._paths = paths
        self._wakeup = wakeup

    def _put(self, path: bytes | str) -> None:
        self._paths.put(Path(os.fsdecode(path)))
        self._wakeup.set()

    def on_created(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._put(event.src_path)

    on_modified = on_created

    def on_moved(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._put(event.dest_path)


@dataclass
class _Claim:
    work_path: Path
    name: str
    sha256: str
    started: float


class WatchService:
    """The watched folder; `run(stop)` returns once `stop` is set and the current files finish."""

    def __init__(
        self, settings: WatchSettings, work: Callable[[tuple], PipelineResult] = process_payload
    ) -> None:
        self.settings = settings
        self.inbox = settings.inbox
        self.work_dir = self.inbox / WORK_DIR
        self.processed_dir = self.inbox / PROCESSED_DIR
        self.failed_dir = self.inbox / FAILED_DIR
        self._work = work
        self._events: queue.Queue[Path] = queue.Queue()
        self._tracker = StabilityTracker(settings.settle)
        self._recovered: deque[tuple[Path, str]] = deque()
        self._retries = RetryQueue()
        self._trouble = OutputTrouble(log)
        self._in_flight: dict[int, _Claim] = {}
        self._next_task = 0
        self._wakeup: _Wakeup | None = None

    def run(self, stop: threading.Event, started: threading.Event | None = None) -> None:
        """Workers first (forked before the observer's threads start), then events, then a scan.

        Watching before scanning means a file arriving during start-up is seen either way.
        """
        for folder in (self.work_dir, self.processed_dir, self.failed_dir):
            folder.mkdir(parents=True, exist_ok=True)
        import_readers()
        with (
            WorkerPool(self._work, self.settings.workers, self.settings.time_limit) as pool,
            Ledger(self.settings.out_dir) as ledger,
        ):
            self._wakeup = wakeup = _Wakeup()
            threading.Thread(target=lambda: (stop.wait(), wakeup.set()), daemon=True).start()
            observer = self._start_observer(wakeup)
            try:
                self._rescan()
                log.info(
                    "watching %s (%d waiting, %d to resume)",
                    self.inbox,
                    len(self._tracker),
                    len(self._recovered),
                )
                if started is not None:
                    started.set()
                self._loop(stop, ledger, pool)
            finally:
                observer.stop()
                observer.join(timeout=5)
                wakeup.close()
        log.info("stopped")

    def _loop(self, stop: threading.Event, ledger: Ledger, pool: WorkerPool) -> None:
        last_scan = time.monotonic()
        while not stop.is_set() or self._in_flight:
            try:
                if not stop.is_set():
                    last_scan = self._take_new_files(ledger, pool, last_scan)
                timeout = self._seconds_to_wait(pool, last_scan, stop.is_set())
                for outcome in pool.collect(timeout, wake=(self._wakeup.fileno(),)):
                    self._finish(outcome, ledger)
                self._wakeup.clear()  # the events it stood for are in the queue, taken next
            except Exception:  # the service outlives any one file's or one wake-up's trouble
                log.exception("unexpected error in the watch loop; continuing")
                time.sleep(ERROR_PAUSE_SECONDS)

    def _seconds_to_wait(self, pool: WorkerPool, last_scan: float, stopping: bool) -> float:
        """Until the next thing the loop must do by itself: a waiting file's settle time or a
        retry running out, or the rescan. Events and finished workers wake it earlier."""
        now = time.monotonic()
        if stopping:
            return self.settings.rescan_seconds  # only the workers still matter
        due = [last_scan + self.settings.rescan_seconds]
        if pool.free_slots:
            if self._recovered:
                return 0.0
            due += [
                t for t in (self._tracker.next_check(), self._retries.next_due()) if t is not None
            ]
        return max(0.0, min(due) - now)

    def _start_observer(self, wakeup: _Wakeup):
        """inotify (or the platform's own events); polling with `--poll`, or when the events
        cannot be had (inotify's instance or watch limit reached)."""
        handler = _Enqueue(self._events, wakeup)
        if self.settings.poll is None:
            observer = Observer()
            try:
                observer.schedule(handler, str(self.inbox), recursive=False)
                observer.start()
                return observer
            except OSError as error:
                log.warning(
                    "file-system events unavailable (%s); polling the inbox every %g s",
                    error.strerror or error,
                    FALLBACK_POLL_SECONDS,
                )
        observer = PollingObserver(timeout=self.settings.poll or FALLBACK_POLL_SECONDS)
        observer.schedule(handler, str(self.inbox), recursive=False)
        observer.start()
        return observer

    def _rescan(self) -> None:
        """New files in the inbox; claimed files in .work/ that nothing holds (stranded by
        an error or a restart); staging folders a killed writer left in the output."""
        for path in self.inbox.iterdir():
            if path.is_file() and is_candidate(path):
                self._tracker.add(path)
        held = {claim.work_path for claim in self._in_flight.values()}
        held.update(path for path, _ in self._recovered)
        for path in sorted(self.work_dir.iterdir()):
            if is_candidate(path) and path not in held and path not in self._retries:
                self._recovered.append((path, path.name))
        stale = self.settings.time_limit or STALE_PARTIAL_SECONDS
        sweep_partials(self.settings.out_dir, (TEMP_PREFIX, OLD_PREFIX), older_than=stale)

    def _take_new_files(self, ledger: Ledger, pool: WorkerPool, last_scan: float) -> float:
        now = time.monotonic()
        if now - last_scan >= self.settings.rescan_seconds:
            self._rescan()
            last_scan = now
        self._drain_events()
        self._recovered.extend(self._retries.due(now))
        while self._recovered and pool.free_slots:
            path, name = self._recovered.popleft()
            self._start(path, name, ledger, pool, resumed=True)
        if pool.free_slots:
            for path in self._tracker.ready(now)[: pool.free_slots]:
                self._tracker.forget(path)
                claimed = self._claim(path)
                if claimed is not None:
                    self._start(claimed, path.name, ledger, pool, resumed=False)
        return last_scan

    def _drain_events(self) -> None:
        while True:
            try:
                path = self._events.get_nowait()
            except queue.Empty:
                return
            if path.parent == self.inbox and is_candidate(path) and path.is_file():
                self._tracker.add(path)

    def _claim(self, path: Path) -> Path | None:
        """Atomic rename into .work/; None if the file vanished first (the sender took it back)."""
        try:
            return move_with_sidecars(path, self.work_dir)
        except FileNotFoundError:
            return None

    def _start(
        self, work_path: Path, name: str, ledger: Ledger, pool: WorkerPool, resumed: bool
    ) -> None:
        if work_path.is_symlink():  # it could point anywhere, e.g. outside the inbox
            self._fail(work_path, name, "a symbolic link, not a file: links are not followed")
            return
        if not work_path.is_file():  # taken away by a person while it waited
            return
        try:
            sha = file_sha256(work_path)
        except OSError as error:
            self._fail(work_path, name, f"could not read the file ({error.strerror})")
            return
        if any(claim.sha256 == sha for claim in self._in_flight.values()):
            self._retries.add(work_path, name, time.monotonic())  # waits for its twin's outcome
            return
        try:
            self._submit(work_path, name, sha, ledger, pool, resumed)
        except Exception as error:
            if not is_transient(error):
                raise
            self._defer(work_path, name, f"{OutputUnavailable.reason} ({error})")

    def _submit(
        self, work_path: Path, name: str, sha: str, ledger: Ledger, pool: WorkerPool, resumed: bool
    ) -> None:
        entry = ledger.get(sha)
        if entry is not None and entry.status in FINISHED:
            if not (resumed and entry.name == name):
                ledger.record_duplicate(sha, name)
                log.info(
                    "%s: duplicate of an already processed report; not processed again",
                    visible(name),
                )
            self._move(work_path, self.processed_dir)
            return
        ledger.start(sha, name)
        task_id, self._next_task = self._next_task, self._next_task + 1
        self._in_flight[task_id] = _Claim(work_path, name, sha, time.monotonic())
        pool.submit(task_id, (work_path, self.settings.out_dir, self.settings.options))
        log.info("%s: processing%s", visible(name), " (resumed)" if resumed else "")

    def _defer(self, work_path: Path, name: str, reason: str) -> None:
        """Keep a file claimed and try it again later: its output could not be written."""
        self._trouble.seen(reason)
        self._retries.add(work_path, name, time.monotonic())

    def _finish(self, outcome: Outcome, ledger: Ledger) -> None:
        claim = self._in_flight.pop(outcome.task_id)
        if outcome.transient:
            self._defer(claim.work_path, claim.name, outcome.reason)
            return
        try:
            self._record(outcome, claim, ledger)
        except Exception as error:
            if not is_transient(error):
                raise
            self._defer(claim.work_path, claim.name, f"{OutputUnavailable.reason} ({error})")

    def _record(self, outcome: Outcome, claim: _Claim, ledger: Ledger) -> None:
        seconds = time.monotonic() - claim.started
        if outcome.ok:
            result: PipelineResult = outcome.result
            folder = result.output_dir.name
            status = NEEDS_REVIEW if result.needs_review else DONE
            ledger.finish(claim.sha256, folder, {"summary": result.summary}, status)
            self._move(claim.work_path, self.processed_dir)
            where = f" -> {folder}" if self.settings.log_phi else ""
            held = "; held for review, no patient letter" if result.needs_review else ""
            self._trouble.cleared()
            log.info("%s: done in %.1f s%s%s", visible(claim.name), seconds, held, where)
        else:
            ledger.fail(claim.sha256, outcome.reason)
            if outcome.traceback and self.settings.log_phi:  # tracebacks may quote report text
                log.debug("%s: %s", visible(claim.name), outcome.traceback)
            self._fail(claim.work_path, claim.name, outcome.reason)
        self._retries.forget(claim.work_path)  # its work is over: a new file starts afresh

    def _fail(self, work_path: Path, name: str, reason: str) -> None:
        """The error file first, then the move: a file in failed/ always has its reason (if
        the error file cannot be written, the file stays claimed in .work/)."""
        destination = unique_destination(self.failed_dir, work_path.name)
        write_text_atomic(
            destination.with_name(error_file_name(destination.name)), error_text(reason)
        )
        move_with_sidecars(work_path, self.failed_dir, destination)
        log.warning("%s: failed: %s", visible(name), visible(reason))

    def _move(self, work_path: Path, folder: Path) -> Path:
        return move_with_sidecars(work_path, folder)
