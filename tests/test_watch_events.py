"""The watched folder wakes on file-system events, not on a tick: an idle service sleeps, a
dropped file is taken when its settle time is over, a file arriving while the only worker
is busy is not lost, and where inotify cannot be had the folder is polled instead."""

from __future__ import annotations

import errno
import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import dxa.watch
from dxa.inbox import StabilityTracker
from dxa.pipeline import PipelineOptions, PipelineResult, publish_folder
from dxa.watch import WatchService, WatchSettings

SETTLE = 0.3
RELEASE = "release"  # a held_* file waits in its worker until INBOX/../release exists


def task(payload: tuple[Path, Path, PipelineOptions]) -> PipelineResult:
    """Copies the input into `<out>/<hash12>/input`; a `held_*` file first waits for RELEASE."""
    path, out_dir, _ = payload
    if path.name.startswith("held_"):
        release = out_dir.parent / RELEASE
        deadline = time.monotonic() + 30
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    data = path.read_bytes()
    folder = out_dir / hashlib.sha256(data).hexdigest()[:12]
    publish_folder(folder, {"input": data})
    return PipelineResult(str(path), "", folder, (folder / "input",), {}, ())


@contextmanager
def service(tmp_path: Path, **settings) -> Iterator[tuple[WatchSettings, list[float]]]:
    """The service in a thread; yields its settings and the times its loop looked for work."""
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    watch = WatchSettings(
        inbox=inbox, out_dir=tmp_path / "out", settle=SETTLE, rescan_seconds=3600, **settings
    )
    running = WatchService(watch, task)
    looks: list[float] = []
    take = running._take_new_files

    def counted(*args):
        looks.append(time.monotonic())
        return take(*args)

    running._take_new_files = counted
    stop, started = threading.Event(), threading.Event()
    thread = threading.Thread(target=running.run, args=(stop, started), daemon=True)
    thread.start()
    assert started.wait(15)
    try:
        yield watch, looks
    finally:
        stop.set()
        thread.join(30)
        assert not thread.is_alive()  # stop alone wakes it


def wait_for(*paths: Path) -> None:
    deadline = time.monotonic() + 30
    while not all(path.exists() for path in paths):
        assert time.monotonic() < deadline, f"not processed: {[p.name for p in paths]}"
        time.sleep(0.05)


def test_next_check_is_a_files_settle_then_its_patience(tmp_path: Path) -> None:
    unfinished = tmp_path / "a.txt"
    unfinished.write_text("a report still being dictated")  # no final line break yet
    tracker = StabilityTracker(settle=2.0)
    assert tracker.next_check() is None
    tracker.add(unfinished)
    assert tracker.next_check() == 0.0  # not looked at yet: at once
    assert tracker.ready(now=10.0) == []
    assert tracker.next_check() == 12.0  # its settle time after it was first seen
    assert tracker.ready(now=12.0) == []  # settled, but it does not look complete
    assert tracker.next_check() == 14.0  # so it waits for its patience: 2 settle times
    assert tracker.ready(now=14.0) == [unfinished]


def test_an_idle_service_sleeps_and_a_dropped_file_wakes_it(tmp_path: Path) -> None:
    with service(tmp_path, workers=1) as (settings, looks):
        time.sleep(1.0)  # a 0.2 s tick would have looked ~5 times by now
        assert len(looks) <= 2
        (settings.inbox / "a.txt").write_text("a report\n")
        wait_for(settings.inbox / "processed" / "a.txt")
        done = len(looks)
        time.sleep(1.0)
        assert len(looks) == done  # asleep again, nothing waiting
    # woken by the event, then at the end of the settle time: a few looks, not a tick's 10+
    assert done <= 8


def test_a_file_arriving_while_the_only_worker_is_busy_is_not_lost(tmp_path: Path) -> None:
    with service(tmp_path, workers=1) as (settings, _):
        inbox = settings.inbox
        (inbox / "held_first.txt").write_text("first report\n")
        wait_for(inbox / ".work" / "held_first.txt")  # claimed: its worker is now busy
        (inbox / "second.txt").write_text("second report\n")  # its event finds no free worker
        time.sleep(SETTLE * 3)
        assert (inbox / "second.txt").exists()  # still waiting, not dropped
        (tmp_path / RELEASE).touch()
        wait_for(inbox / "processed" / "held_first.txt", inbox / "processed" / "second.txt")
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == [
        "held_first.txt",
        "second.txt",
    ]


class _NoInotify:
    """An observer whose start fails as inotify's does when its instance limit is reached."""

    def schedule(self, *args, **kwargs) -> None:
        pass

    def start(self) -> None:
        raise OSError(errno.EMFILE, "inotify instance limit reached")


def test_without_inotify_the_folder_is_polled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(dxa.watch, "Observer", _NoInotify)
    monkeypatch.setattr(dxa.watch, "FALLBACK_POLL_SECONDS", 0.2)
    with caplog.at_level(logging.WARNING, logger="dxa.watch"), service(tmp_path) as (settings, _):
        (settings.inbox / "a.txt").write_text("a report\n")
        wait_for(settings.inbox / "processed" / "a.txt")
    assert "file-system events unavailable (inotify instance limit reached)" in caplog.text
