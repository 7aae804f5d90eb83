"""Workers are recycled after their share of tasks, and leave no temporary folders behind
(WeasyPrint makes one per process and its finalizers never run in a worker)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dxa.workers import WorkerPool


def pid_and_temp_folder(_: object) -> tuple[int, str]:
    """What a letter render does: a temporary folder that only a finalizer would remove."""
    return os.getpid(), tempfile.mkdtemp(prefix="weasyprint-")


def run(pool: WorkerPool, tasks: int) -> list[tuple[int, str]]:
    results = []
    for task_id in range(tasks):
        pool.submit(task_id, None)
        while not (outcomes := pool.collect(timeout=0.5)):
            pass
        results.append(outcomes[0].result)
    return results


def test_a_worker_is_replaced_after_its_share_of_tasks() -> None:
    with WorkerPool(pid_and_temp_folder, size=1, time_limit=30, max_tasks=2) as pool:
        pids = [pid for pid, _ in run(pool, 6)]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4] == pids[5]


def test_no_temporary_folder_outlives_its_worker() -> None:
    with WorkerPool(pid_and_temp_folder, size=2, time_limit=30, max_tasks=2) as pool:
        folders = [Path(folder) for _, folder in run(pool, 5)]
        assert all(folder.parent.name.startswith("dxa-worker-") for folder in folders)
    assert [folder for folder in folders if folder.exists()] == []
    assert [folder for folder in {f.parent for f in folders} if folder.exists()] == []


def test_temporary_folders_of_a_killed_service_are_swept_by_the_next(tmp_path: Path) -> None:
    """A parent killed with SIGKILL cannot remove its workers' folders; the next pool does."""
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    orphan = Path(tempfile.gettempdir()) / f"dxa-worker-{dead.pid}-abcd1234"
    (orphan / "weasyprint-x").mkdir(parents=True)
    mine = Path(tempfile.mkdtemp(prefix=f"dxa-worker-{os.getpid()}-"))
    with WorkerPool(pid_and_temp_folder, size=1, time_limit=30):
        pass
    assert not orphan.exists()
    assert mine.exists()  # its parent (this process) is alive
    mine.rmdir()
