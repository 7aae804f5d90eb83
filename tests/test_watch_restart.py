"""The service as a separate process: SIGKILL mid-run then restart, and a clean SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dxa.ledger import Ledger

# A service whose stage takes a moment per file, so that a kill lands mid-run.
SERVICE = """
import hashlib, signal, sys, threading, time
from pathlib import Path
from dxa.pipeline import PipelineResult, publish_folder
from dxa.watch import WatchService, WatchSettings

def slow_copy(payload):
    path, out_dir, _ = payload
    time.sleep(0.25)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    folder = out_dir / sha[:12]
    publish_folder(folder, {"input": data})
    return PipelineResult(str(path), sha, folder, (folder / "input",), {}, ())

stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
settings = WatchSettings(inbox=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), settle=0.2, workers=2)
WatchService(settings, slow_copy).run(stop)
"""


def start_service(inbox: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SERVICE, str(inbox), str(out)])


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the watched folder")
        time.sleep(0.05)


def in_folder(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_sigkill_mid_run_then_restart_loses_nothing(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    reports = {f"r{i:02}.txt": f"report {i}".encode() for i in range(20)}
    for name, data in reports.items():
        (inbox / name).write_bytes(data)
    service = start_service(inbox, out)
    try:
        wait_until(lambda: len(in_folder(inbox / "processed")) >= 4)
    finally:
        service.kill()
        service.wait(10)
    assert len(in_folder(inbox / "processed")) < len(reports)  # the kill did land mid-run
    restarted = start_service(inbox, out)
    try:
        wait_until(lambda: in_folder(inbox / "processed") == sorted(reports))
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(30) == 0
    assert in_folder(inbox / ".work") == [] and in_folder(inbox / "failed") == []
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert sorted((p / "input").read_bytes() for p in folders) == sorted(reports.values())
    with Ledger(out) as ledger:
        entries = ledger.entries()
        assert ledger.duplicates() == []
    assert sorted(e.name for e in entries) == sorted(reports)
    assert {e.status for e in entries} == {"done"}
    # Only the files held by the two workers at the kill may have been started twice.
    assert sum(e.attempts for e in entries) <= len(reports) + 2


def test_sigterm_finishes_the_current_file_and_exits_cleanly(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    service = start_service(inbox, out)
    try:
        wait_until(lambda: (inbox / ".work").is_dir())
        (inbox / "a.txt").write_text("a report")
        wait_until(lambda: in_folder(inbox / ".work") == ["a.txt"])
        service.send_signal(signal.SIGTERM)
        assert service.wait(30) == 0
    finally:
        if service.poll() is None:
            os.kill(service.pid, signal.SIGKILL)
    assert in_folder(inbox / "processed") == ["a.txt"]
    assert in_folder(inbox / ".work") == []
