"""Batch on a Dask distributed cluster: the WorkerPool's interface over `distributed` futures.

A registry's 10^5-10^6 reports outgrow one machine; rather than a home-made scheduler, the
same per-report function runs on an existing engine. `ClusterPool` has the WorkerPool's
interface (`free_slots`, `submit`, `collect`, `close`), so batch's coordinator is unchanged:
it alone writes the ledger and the CSVs, feeds the progress bar and plans `--resume`; the
workers only run `process_report`, whose folders are published atomically by rename.

- At most one report per worker thread is in flight: a crash then touches one report only.
- A report's failure is turned into its one sentence on the worker (as in workers.py), so
  no exception type has to travel back.
- A worker that dies (segfault, out of memory) fails its report ("the worker ... crashed").
  `local:N` clusters are told not to retry such a task; a remote scheduler retries it as
  its own `distributed.scheduler.allowed-failures` says, then fails it.
- A report over its time limit is failed and its worker restarted (a thread cannot be
  stopped otherwise); the nanny brings the worker back.

Inputs and outputs must be on a file system every worker sees at the same path (NFS, SMB,
a cluster file system), or `ship_files` sends each report's bytes to the worker and brings
the outputs back (dxa/shipping.py). Every worker needs dxa: `pip install 'dxa[cluster]'`.
"""

from __future__ import annotations

import contextlib
import logging
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dxa.cliutil import failure_reason
from dxa.workers import Outcome

LOCAL_PREFIX = "local:"
CRASH_REASON = "the worker processing this file crashed"
RESTART_TIMEOUT = 60
CONNECT_TIMEOUT = 10  # seconds to reach a remote scheduler before giving up


class ClusterError(Exception):
    """The cluster cannot be used: a bad address, `distributed` missing, nobody answering."""


def run_one(work: Callable[[Any], Any], payload: Any) -> tuple[Any, str, str]:
    """The worker side: (result, "", "") or (None, reason, traceback); never raises."""
    try:
        return work(payload), "", ""
    except Exception as error:  # every failure becomes one sentence for its file
        return None, failure_reason(error), traceback.format_exc()


def local_size(address: str) -> int | None:
    """N from `local:N`, None for a scheduler address; ClusterError when N is not a count."""
    if not address.startswith(LOCAL_PREFIX):
        return None
    count = address.removeprefix(LOCAL_PREFIX)
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"--cluster local:N needs a number of workers (got {address!r})")
    return int(count)


def connect(address: str):
    """A Client to the scheduler at `address`, or to a new LocalCluster for `local:N`.

    Returns (client, cluster or None); the caller closes both.
    """
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(
            "--cluster needs the optional 'distributed' package: pip install 'dxa[cluster]'"
        ) from None
    size = local_size(address)
    if size is None:
        if "://" not in address:
            raise ClusterError(f"--cluster needs tcp://HOST:PORT or local:N (got {address!r})")
        try:
            return Client(address, timeout=CONNECT_TIMEOUT), None
        except OSError as error:
            raise ClusterError(
                f"could not reach the Dask scheduler at {address} ({error})"
            ) from None
    # A crashed report is not retried on another worker: it would only crash that one too.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(
            n_workers=size,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,  # failures reach the user as their sentences
        )
    return Client(cluster), cluster


@dataclass
class _Task:
    task_id: int
    future: Any
    started: float
    out_dir: Any = None  # set when the outputs come back as bytes (--ship-files)


class ClusterPool:
    """`work(payload)` on every thread of a Dask cluster; one report per thread at a time."""

    def __init__(
        self,
        client,
        work: Callable[[Any], Any],
        time_limit: float | None,
        cluster=None,
        ship_files: bool = False,
    ) -> None:
        self._client, self._cluster = client, cluster
        self._work, self._time_limit = work, time_limit
        self._ship_files = ship_files
        self._tasks: dict[str, _Task] = {}
        self._ready: list[Outcome] = []  # failed before reaching the cluster
        self._slots = self._count_threads()

    def _count_threads(self) -> int:
        """Worker threads now: workers that join (or leave) a running batch are counted."""
        return max(1, sum(self._client.nthreads().values()))

    @property
    def free_slots(self) -> int:
        return max(0, self._slots - len(self._tasks))

    def submit(self, task_id: int, payload: Any) -> None:
        """Send one report; with `ship_files` the payload is batch's (path, out_dir, options)."""
        key = f"dxa-report-{task_id}-{uuid.uuid4().hex[:8]}"
        work, out_dir = self._work, None
        if self._ship_files:
            from dxa.shipping import process_shipped, ship

            try:
                payload, out_dir, work = ship(payload), payload[1], process_shipped
            except Exception as error:  # e.g. the file cannot be read: that report fails
                self._ready.append(Outcome(task_id, reason=failure_reason(error)))
                return
        future = self._client.submit(run_one, work, payload, key=key, pure=False)
        self._tasks[key] = _Task(task_id, future, time.monotonic(), out_dir)

    def collect(self, timeout: float) -> list[Outcome]:
        """Wait up to `timeout` seconds; the outcomes of reports that ended or overran."""
        from distributed import wait

        ready, self._ready = self._ready, []
        if not self._tasks:
            if not ready:
                time.sleep(timeout)
            return ready
        futures = [task.future for task in self._tasks.values()]
        with contextlib.suppress(TimeoutError):
            wait(futures, timeout=timeout, return_when="FIRST_COMPLETED")
        outcomes = [self._finished(key) for key, t in list(self._tasks.items()) if t.future.done()]
        self._slots = self._count_threads()
        return ready + outcomes + self._overrun()

    def _finished(self, key: str) -> Outcome:
        task = self._tasks.pop(key)
        if task.future.status == "finished":
            result, reason, trace = task.future.result()
            if not reason and task.out_dir is not None:
                return self._landed(task, result)
            return Outcome(task.task_id, result, reason, trace)
        if task.future.status == "cancelled":
            return Outcome(task.task_id, reason="the cluster cancelled this report")
        error = task.future.exception()
        if type(error).__name__ == "KilledWorker":
            return Outcome(task.task_id, reason=CRASH_REASON)
        return Outcome(task.task_id, reason=failure_reason(error))

    @staticmethod
    def _landed(task: _Task, outputs) -> Outcome:
        """Publish a shipped report's returned files here; a write failure fails that report."""
        from dxa.shipping import land

        try:
            return Outcome(task.task_id, land(outputs, task.out_dir))
        except Exception as error:
            return Outcome(
                task.task_id, reason=failure_reason(error), traceback=traceback.format_exc()
            )

    def _overrun(self) -> list[Outcome]:
        """Fail the reports past the time limit, and restart the workers that hold them."""
        if self._time_limit is None:
            return []
        now = time.monotonic()
        late = [k for k, t in self._tasks.items() if now - t.started > self._time_limit]
        if not late:
            return []
        processing = self._client.processing()
        workers = {w for w, keys in processing.items() if set(keys) & set(late)}
        outcomes = []
        for key in late:
            task = self._tasks.pop(key)
            task.future.cancel()
            reason = f"processing took longer than the {self._time_limit:g}-second limit"
            outcomes.append(Outcome(task.task_id, reason=reason))
        if workers:
            with contextlib.suppress(Exception):  # a worker that is gone needs no restart
                self._client.restart_workers(
                    sorted(workers), timeout=RESTART_TIMEOUT, raise_for_error=False
                )
        return outcomes

    def close(self) -> None:
        for task in self._tasks.values():
            task.future.cancel()
        self._tasks.clear()
        with contextlib.suppress(Exception):
            self._client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()

    def __enter__(self) -> ClusterPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_cluster_pool(
    address: str, work: Callable[[Any], Any], time_limit: float | None, ship_files: bool = False
) -> ClusterPool:
    client, cluster = connect(address)
    return ClusterPool(client, work, time_limit, cluster, ship_files)
