"""The watched folder under faults: a full or unwritable output is waited out (files stay
claimed and are retried, nothing goes to failed/ and no restart is needed), stranded claims
and staging folders are picked up at every rescan, long and hostile names work, and a twin
waits for its original's outcome."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from dxa.parser.errors import ReportError
from watch_harness import watching as shared_watching

from dxa import watch
from dxa.inbox import unique_destination
from dxa.ledger import Ledger
from dxa.naming import error_file_name
from dxa.pipeline import PipelineOptions, PipelineResult, publish_folder
from dxa.retry import OutputUnavailable, RetryQueue, is_transient

SETTLE = 0.3
# While this file exists beside the inbox, writing outputs fails as on a full disk.
FULL = "DISK-FULL"


def faulty(payload: tuple[Path, Path, PipelineOptions]) -> PipelineResult:
    """A stand-in for the pipeline: copies the input to `<out>/<hash12>/input`.

    Fails as a full disk while FULL exists; content starting `SLOWFAIL` is a bad report
    that takes a second to find out; `bad_*` names are bad reports."""
    path, out_dir, _ = payload
    if (out_dir.parent / FULL).exists():
        raise OSError(errno.ENOSPC, "No space left on device")
    data = path.read_bytes()
    if data.startswith(b"SLOWFAIL"):
        time.sleep(1.0)
        raise ReportError("no BMD results found")
    if path.name.startswith("bad_"):
        raise ReportError("no BMD results found")
    sha = hashlib.sha256(data).hexdigest()
    folder = out_dir / sha[:12]
    publish_folder(folder, {"input": data})
    return PipelineResult(str(path), sha, folder, (folder / "input",), {}, ())


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the watched folder")
        time.sleep(0.1)


def watching(tmp_path: Path, **overrides):
    defaults = {"settle": SETTLE, "rescan_seconds": 0.5}
    return shared_watching(tmp_path, faulty, **{**defaults, **overrides})


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        watch, "RetryQueue", partial(RetryQueue, first_pause=0.2, longest_pause=0.5)
    )


# ---------------------------------------------------------------- small pieces


def test_output_errors_are_transient_and_report_errors_are_not() -> None:
    assert is_transient(OSError(errno.ENOSPC, "No space left on device"))
    assert is_transient(PermissionError(errno.EACCES, "Permission denied"))
    assert is_transient(sqlite3.OperationalError("database or disk is full"))
    assert is_transient(OutputUnavailable())
    assert not is_transient(ReportError("no BMD results found"))
    assert not is_transient(OSError(errno.ENOENT, "No such file"))


def test_the_pause_doubles_up_to_the_longest_until_forgotten(tmp_path: Path) -> None:
    queue = RetryQueue(first_pause=1, longest_pause=3)
    path = tmp_path / "a.txt"
    now = 0.0
    for pause in [1, 2, 3, 3]:
        queue.add(path, "a.txt", now)
        assert path in queue and queue.due(now + pause - 0.01) == []
        now += pause
        assert queue.due(now) == [(path, "a.txt")] and path not in queue
    queue.forget(path)
    queue.add(path, "a.txt", now)
    assert queue.due(now + 1) == [(path, "a.txt")]


def test_a_pipeline_write_refused_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dxa import pipeline

    def refuse(folder: Path, files: dict) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(pipeline, "publish_folder", refuse)
    report = Path(__file__).resolve().parent.parent / "samples" / "pdf" / "hologic_spine.pdf"
    with pytest.raises(OutputUnavailable, match="cannot be written"):
        pipeline.process_report(report, tmp_path / "out", PipelineOptions(formats=("html",)))


@pytest.mark.parametrize("length", [232, 245, 246, 255])
def test_error_file_names_fit_the_file_system(tmp_path: Path, length: int) -> None:
    name = "r" * (length - 4) + ".txt"
    error_name = error_file_name(name)
    assert len(error_name.encode()) <= 255 and error_name.endswith(".error.txt")
    (tmp_path / error_name).write_text("fits")
    assert error_file_name("r" * 250 + "1.txt") != error_file_name("r" * 250 + "2.txt")


def test_numbered_destinations_of_a_long_name_fit(tmp_path: Path) -> None:
    name = "é" * 124 + ".txt"  # 252 bytes
    (tmp_path / name).write_text("first")
    second = unique_destination(tmp_path, name)
    assert len(second.name.encode()) <= 255 and second.suffix == ".txt"
    second.write_text("second")
    assert unique_destination(tmp_path, name) not in {tmp_path / name, second}


# ---------------------------------------------------------------- the service


def test_a_full_disk_keeps_files_claimed_until_space_returns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="dxa.watch")
    (tmp_path / FULL).touch()
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        for number in range(3):
            (inbox / f"r{number}.txt").write_text(f"report {number}")
        wait_until(lambda: len(names(inbox / ".work")) == 3)
        time.sleep(1.5)  # several retries while the disk is full
        assert names(inbox / "failed") == [] and names(inbox / "processed") == []
        (tmp_path / FULL).unlink()  # space is freed; no restart
        wait_until(lambda: names(inbox / "processed") == ["r0.txt", "r1.txt", "r2.txt"])
        assert names(inbox / ".work") == []
    warnings = [r.getMessage() for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(warnings) == 1  # the condition is logged once, not per file or attempt
    assert any(r.getMessage() == "outputs can be written again" for r in caplog.records)


def test_a_ledger_on_a_full_disk_strands_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = threading.Event()
    full.set()
    real_start = Ledger.start

    def start(self, sha256: str, name: str) -> None:
        if full.is_set():
            raise sqlite3.OperationalError("database or disk is full")
        real_start(self, sha256, name)

    monkeypatch.setattr(Ledger, "start", start)
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        (inbox / "a.txt").write_text("a report")
        wait_until(lambda: names(inbox / ".work") == ["a.txt"])
        time.sleep(1.0)
        full.clear()
        wait_until(lambda: names(inbox / "processed") == ["a.txt"])
        assert names(inbox / ".work") == []


def test_a_stranded_claim_is_taken_at_the_next_rescan(tmp_path: Path) -> None:
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        (inbox / ".work" / "stranded.txt").write_text("claimed before, then forgotten")
        wait_until(lambda: names(inbox / "processed") == ["stranded.txt"])


def test_stale_staging_folders_are_swept_at_every_rescan(tmp_path: Path) -> None:
    with watching(tmp_path, time_limit=60.0) as settings:
        out = settings.out_dir
        wait_until(out.is_dir)
        stale, fresh = out / ".partial-abc.x1", out / ".partial-def.x2"
        for folder in (stale, fresh):
            folder.mkdir()
            (folder / "letter.pdf").write_bytes(b"half")
        os.utime(stale, (time.time() - 120, time.time() - 120))
        wait_until(lambda: not stale.exists())
        assert fresh.exists()  # young enough to be a write in progress


def test_a_twin_waits_for_its_original_and_shares_its_failure(tmp_path: Path) -> None:
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        (inbox / "a.txt").write_bytes(b"SLOWFAIL a report with no results")
        wait_until(lambda: names(inbox / ".work") == ["a.txt"])
        (inbox / "b.txt").write_bytes(b"SLOWFAIL a report with no results")
        wait_until(lambda: "b.txt.error.txt" in names(inbox / "failed"), timeout=60)
    assert names(inbox / "processed") == []
    assert names(inbox / "failed") == ["a.txt", "a.txt.error.txt", "b.txt", "b.txt.error.txt"]


@pytest.mark.parametrize("length", [240, 255])
def test_long_file_names_are_processed_or_failed_with_their_error_file(
    tmp_path: Path, length: int
) -> None:
    good, bad = "g" * (length - 4) + ".txt", "bad_" + "b" * (length - 8) + ".txt"
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        (inbox / good).write_text("a report")
        (inbox / bad).write_text("another report")
        wait_until(lambda: len(names(inbox / "failed")) == 2)
        wait_until(lambda: names(inbox / "processed") == [good])
    assert names(inbox / "failed") == sorted([bad, error_file_name(bad)])


def test_a_newline_in_a_file_name_cannot_forge_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="dxa.watch")
    name = "bad_x.txt\n2026-01-01 dxa.watch INFO: \u202eall reports done"
    with watching(tmp_path) as settings:
        (settings.inbox / name).write_text("a report")
        wait_until(lambda: len(names(settings.inbox / "failed")) == 2)
    messages = [r.getMessage() for r in caplog.records if r.name == watch.log.name]
    about = [m for m in messages if m.startswith("bad_x.txt")]
    assert about and all("\n" not in m and "\u202e" not in m for m in about)
    assert any("bad_x.txt\\n2026" in m for m in about)


def test_a_symbolic_link_is_refused_and_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("a file outside the inbox\n")
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        (inbox / "link.txt").symlink_to(outside)
        wait_until(lambda: "link.txt.error.txt" in names(inbox / "failed"))
    reason = (inbox / "failed" / "link.txt.error.txt").read_text().splitlines()[0]
    assert reason == "a symbolic link, not a file: links are not followed"
    assert outside.read_text() == "a file outside the inbox\n"
    assert [p for p in settings.out_dir.iterdir() if p.is_dir()] == []


def test_a_text_report_without_a_final_line_break_waits_twice_the_settle(tmp_path: Path) -> None:
    ended, unended = tmp_path / "ended.txt", tmp_path / "unended.txt"
    ended.write_text("Lumbar spine T-score -2.6\n")
    unended.write_text("Lumbar spine T-score")
    tracker = watch.StabilityTracker(settle=1.0)
    for path in (ended, unended):
        tracker.add(path)
    tracker.ready(now=0.0)
    assert tracker.ready(now=1.0) == [ended]
    tracker.forget(ended)
    assert tracker.ready(now=1.9) == []
    assert tracker.ready(now=2.0) == [unended]


def test_a_failed_file_never_lands_in_failed_without_its_error_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inbox's own disk full while the error file is written: the file stays claimed."""
    full = threading.Event()
    full.set()
    real_write = watch.write_text_atomic

    def write(path: Path, text: str) -> None:
        if full.is_set():
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, text)

    monkeypatch.setattr(watch, "write_text_atomic", write)
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        (inbox / "bad_report.txt").write_text("no results here\n")
        wait_until(lambda: names(inbox / ".work") == ["bad_report.txt"])
        time.sleep(1.0)
        assert names(inbox / "failed") == []
        full.clear()
        wait_until(
            lambda: names(inbox / "failed") == ["bad_report.txt", "bad_report.txt.error.txt"]
        )
        assert names(inbox / ".work") == []
