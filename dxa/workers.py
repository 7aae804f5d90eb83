"""A pool of long-lived worker processes where one file can fail without taking others along.

concurrent.futures cannot do this: a crashed worker breaks the whole ProcessPoolExecutor
and a hung task cannot be stopped. Here every worker has its own pipe, the parent knows
which task each worker holds and since when, and a worker that dies or overruns the time
limit is killed and replaced while its task alone is reported as failed.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from dxa.cliutil import failure_reason
from dxa.parser.errors import ReportError
from dxa.parser.limits import MAX_TASKS_PER_WORKER
from dxa.retry import is_transient

_CONTEXT = multiprocessing.get_context("fork")
_STOP = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Workers' temporary folders: `dxa-worker-<parent pid>-<random>`.
_TEMP_PREFIX = "dxa-worker-"


def _sweep_orphaned_temp_dirs() -> None:
    """Remove workers' temporary folders whose parent is gone (killed with SIGKILL, so it
    could not remove them itself)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_TEMP_PREFIX}*-*"):
        owner = folder.name[len(_TEMP_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


@dataclass(frozen=True)
class Outcome:
    """The end of one task: a result, or one plain sentence saying why it failed."""

    task_id: int
    result: Any = None
    reason: str = ""
    # The worker's traceback for a failure raised in `work`, shown only with --debug.
    traceback: str = ""
    # The failure was the output's (disk full, permission), not the file's: worth a retry.
    transient: bool = False

    @property
    def ok(self) -> bool:
        return not self.reason


@dataclass
class _Worker:
    process: Any
    conn: Connection
    # The worker's own temporary folder, removed by the parent when the worker ends: a
    # process that is killed or exits at once never runs the finalizers that would.
    temp_dir: str
    task_id: int | None = None
    started: float = 0.0
    tasks_done: int = 0


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker if the parent dies (e.g. SIGKILL).

    Otherwise an orphaned worker could still be writing a report's folder while a
    restarted service processes the same file again.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)  # the running process, libc included
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _worker_main(conn: Connection, work: Callable[[Any], Any], temp_dir: str) -> None:
    """Run tasks until told to stop; Ctrl-C belongs to the parent, which decides when to stop."""
    _die_with_parent()
    tempfile.tempdir = os.environ["TMPDIR"] = temp_dir  # WeasyPrint's font folders go here
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent is gone: nothing left to do
            return
        if message is _STOP:
            return
        task_id, payload = message
        try:
            reply = (task_id, work(payload), "", "", False)
        except Exception as error:  # every failure becomes one sentence for its file
            reply = (
                task_id,
                None,
                failure_reason(error),
                traceback.format_exc(),
                is_transient(error),
            )
        try:
            conn.send(reply)
        except Exception as error:  # e.g. an unpicklable result
            conn.send((task_id, None, failure_reason(error), traceback.format_exc(), False))


class WorkerPool:
    """`size` processes running `work(payload)`; at most one task per worker at a time."""

    def __init__(
        self,
        work: Callable[[Any], Any],
        size: int,
        time_limit: float | None,
        max_tasks: int | None = MAX_TASKS_PER_WORKER,
    ) -> None:
        self._work = work
        self._time_limit = time_limit
        self._max_tasks = max_tasks
        _sweep_orphaned_temp_dirs()
        self._workers = [self._spawn() for _ in range(max(1, size))]

    def _spawn(self) -> _Worker:
        parent_end, child_end = _CONTEXT.Pipe()
        temp_dir = tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-")
        process = _CONTEXT.Process(
            target=_worker_main, args=(child_end, self._work, temp_dir), daemon=True
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end, temp_dir)

    @property
    def free_slots(self) -> int:
        return sum(1 for worker in self._workers if worker.task_id is None)

    @property
    def busy(self) -> int:
        return len(self._workers) - self.free_slots

    def submit(self, task_id: int, payload: Any) -> None:
        """Hand a task to an idle worker; call only while `free_slots` > 0."""
        worker = next(w for w in self._workers if w.task_id is None)
        worker.task_id, worker.started = task_id, time.monotonic()
        worker.conn.send((task_id, payload))

    def collect(self, timeout: float, wake: Sequence[int] = ()) -> list[Outcome]:
        """Wait up to `timeout` seconds for tasks to end, or for a file descriptor in `wake` to
        be readable (the watched folder's events); return the tasks that ended."""
        busy = [w for w in self._workers if w.task_id is not None]
        if not busy and not wake:
            time.sleep(timeout)
            return []
        waitables = [w.conn for w in busy] + [w.process.sentinel for w in busy] + list(wake)
        wait(waitables, timeout=min(timeout, self._time_to_next_deadline(busy)))
        outcomes = [o for w in busy if (o := self._check(w)) is not None]
        return outcomes

    def _time_to_next_deadline(self, busy: list[_Worker]) -> float:
        if self._time_limit is None or not busy:
            return float("inf")
        now = time.monotonic()
        return max(0.0, min(w.started + self._time_limit - now for w in busy))

    def _check(self, worker: _Worker) -> Outcome | None:
        """The worker's outcome if its task has ended (done, crashed or overran), else None."""
        task_id = worker.task_id
        if worker.conn.poll():
            try:
                _, result, reason, trace, transient = worker.conn.recv()
            except (EOFError, OSError):
                return self._replace(worker, Outcome(task_id, reason=self._crash_reason(worker)))
            worker.task_id = None
            worker.tasks_done += 1
            if self._max_tasks is not None and worker.tasks_done >= self._max_tasks:
                self._retire(worker)
            return Outcome(task_id, result, reason, trace, transient)
        if not worker.process.is_alive():
            return self._replace(worker, Outcome(task_id, reason=self._crash_reason(worker)))
        if self._time_limit is not None and time.monotonic() - worker.started > self._time_limit:
            reason = f"processing took longer than the {self._time_limit:g}-second limit"
            return self._replace(worker, Outcome(task_id, reason=reason))
        return None

    @staticmethod
    def _crash_reason(worker: _Worker) -> str:
        worker.process.join(timeout=1)
        return f"the worker processing this file crashed (exit code {worker.process.exitcode})"

    def _replace(self, worker: _Worker, outcome: Outcome | None) -> Outcome | None:
        """Kill a failed worker and put a fresh one in its slot."""
        self._terminate(worker)
        self._workers[self._workers.index(worker)] = self._spawn()
        return outcome

    def _retire(self, worker: _Worker) -> None:
        """Stop an idle worker that has done its share and put a fresh one in its slot."""
        with contextlib.suppress(OSError):
            worker.conn.send(_STOP)
        worker.process.join(timeout=5)
        self._replace(worker, None)

    @staticmethod
    def _terminate(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        shutil.rmtree(worker.temp_dir, ignore_errors=True)

    def close(self) -> None:
        """Stop idle workers politely and any busy ones by force."""
        for worker in self._workers:
            if worker.task_id is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(_STOP)
        for worker in self._workers:
            if worker.task_id is None:
                worker.process.join(timeout=5)
            self._terminate(worker)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class WorkerFailure(ReportError):
    """A task that failed in a worker: its plain sentence, and the worker's traceback."""

    def __init__(self, reason: str, worker_traceback: str = "") -> None:
        super().__init__(reason)
        self.worker_traceback = worker_traceback


def run_once(
    work: Callable[[Any], Any],
    payload: Any,
    time_limit: float,
    meanwhile: Callable[[], None] | None = None,
) -> Any:
    """`work(payload)` in a child process that is killed past `time_limit` seconds.

    The CLI reads each file this way, so a file that escapes every check of its reading
    (a page that hangs inside a library, memory that keeps growing) ends with its process
    and one sentence, not with the command. `meanwhile` runs here while the child works."""
    with WorkerPool(work, size=1, time_limit=time_limit) as pool:
        pool.submit(0, payload)
        if meanwhile is not None:
            meanwhile()
        while not (outcomes := pool.collect(timeout=0.5)):
            pass
    outcome = outcomes[0]
    if not outcome.ok:
        raise WorkerFailure(outcome.reason, outcome.traceback)
    return outcome.result
