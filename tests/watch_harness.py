"""A watched-folder service running in a thread for the length of a test, with the task a
test gives its workers (a stand-in pipeline, or one that fails on purpose)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dxa.watch import WatchService, WatchSettings


@contextmanager
def watching(tmp_path: Path, task: Callable, **settings) -> Iterator[WatchSettings]:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir(exist_ok=True)
    watch_settings = WatchSettings(inbox=inbox, out_dir=out, **{"workers": 2, **settings})
    stop, started = threading.Event(), threading.Event()
    service = WatchService(watch_settings, task)
    thread = threading.Thread(target=service.run, args=(stop, started), daemon=True)
    thread.start()
    assert started.wait(15)
    try:
        yield watch_settings
    finally:
        stop.set()
        thread.join(30)
        assert not thread.is_alive()
