"""The watched folder with a real watchdog observer on a tmp inbox (service in a thread).

The processing stage is a stand-in that copies the input into its output folder, so these
tests check the service itself: nothing lost, nothing taken early, nothing done twice.
Damaged and encrypted PDFs go through the real parser to get its typed errors.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from dxa.parser import parse
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas
from watch_harness import watching as shared_watching

from dxa import __version__
from dxa.inbox import (
    StabilityTracker,
    is_candidate,
    looks_complete,
    unique_destination,
)
from dxa.ledger import Ledger
from dxa.pipeline import PipelineOptions, PipelineResult, publish_folder

SETTLE = 0.4


def stand_in(payload: tuple[Path, Path, PipelineOptions]) -> PipelineResult:
    """Copies the input into `<out>/<hash12>/input`.

    `bad_*` files go through the real parser, `crash_*` kill their worker, `hang_*` hang.
    """
    path, out_dir, _ = payload
    if path.name.startswith("bad_"):
        parse(path)
    if path.name.startswith("crash_"):
        os._exit(9)
    if path.name.startswith("hang_"):
        time.sleep(60)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    folder = out_dir / sha[:12]
    publish_folder(folder, {"input": data})
    return PipelineResult(str(path), sha, folder, (folder / "input",), {}, ())


def pdf_bytes(text: str, password: str | None = None) -> bytes:
    buffer = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption(password) if password else None
    page = canvas.Canvas(buffer, encrypt=encrypt)
    for line in range(40):
        page.drawString(72, 760 - 18 * line, f"{text} line {line}")
    page.save()
    return buffer.getvalue()


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the watched folder")
        time.sleep(0.1)


def watching(tmp_path: Path, **overrides):
    return shared_watching(tmp_path, stand_in, **{"settle": SETTLE, **overrides})


def finished(inbox: Path) -> list[str]:
    """Names of inputs moved to processed/ or failed/ (error files excluded)."""
    names = [p.name for p in (inbox / "processed").iterdir()]
    names += [p.name for p in (inbox / "failed").iterdir() if not p.name.endswith(".error.txt")]
    return sorted(names)


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: (p / "input").read_bytes() for p in out.iterdir() if p.is_dir()}


def attempts(out: Path) -> list[int]:
    with Ledger(out) as ledger:
        return [entry.attempts for entry in ledger.entries()]


# ---------------------------------------------------------------- small pure pieces


def test_partial_uploads_hidden_files_and_sidecars_are_not_candidates() -> None:
    assert is_candidate(Path("a.pdf")) and is_candidate(Path("notes.docx"))
    for name in ["a.pdf.part", "a.PDF.TMP", ".a.pdf", "a.context.json", "a.context.yaml"]:
        assert not is_candidate(Path(name))


def test_tracker_waits_for_settle_and_restarts_on_change(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one")
    tracker = StabilityTracker(settle=2.0)
    tracker.add(path)
    assert tracker.ready(now=0.0) == []  # first sight starts the clock
    assert tracker.ready(now=1.0) == []
    path.write_text("one two\n")
    assert tracker.ready(now=2.5) == []  # changed: clock restarts at 2.5
    assert tracker.ready(now=4.0) == []
    assert tracker.ready(now=4.6) == [path]


def test_incomplete_pdf_waits_longer_but_is_taken_in_the_end(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_bytes("x")[:500])
    assert not looks_complete(path)
    tracker = StabilityTracker(settle=1.0)
    tracker.add(path)
    tracker.ready(now=0.0)
    assert tracker.ready(now=2.0) == []
    assert tracker.ready(now=5.0) == [path]


def test_unique_destination_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_text("x")
    (tmp_path / "a-1.pdf.error.txt").write_text("x")
    assert unique_destination(tmp_path, "a.pdf") == tmp_path / "a-2.pdf"
    assert unique_destination(tmp_path, "b.pdf") == tmp_path / "b.pdf"


# ---------------------------------------------------------------- the running service


def test_waiting_files_and_a_burst_of_50_are_all_processed_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    waiting = {f"early{i}.txt": f"early report {i}".encode() for i in range(3)}
    for name, data in waiting.items():
        (inbox / name).write_bytes(data)
    with watching(tmp_path) as settings:
        burst = {f"r{i:02}.txt": f"report number {i}".encode() for i in range(50)}
        for name, data in burst.items():
            (inbox / name).write_bytes(data)
        everything = waiting | burst
        wait_until(lambda: len(finished(inbox)) == len(everything))
    assert finished(inbox) == sorted(everything)
    assert sorted(outputs(settings.out_dir).values()) == sorted(everything.values())
    assert attempts(settings.out_dir) == [1] * len(everything)
    assert list((inbox / ".work").iterdir()) == []


def test_a_slowly_written_pdf_is_taken_only_when_complete(tmp_path: Path) -> None:
    data = pdf_bytes("slow report")
    chunks = [data[i * len(data) // 4 : (i + 1) * len(data) // 4] for i in range(4)]
    with watching(tmp_path) as settings:
        target = settings.inbox / "slow.pdf"
        with target.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                handle.flush()
                time.sleep(1.0)
        wait_until(lambda: finished(settings.inbox) == ["slow.pdf"])
    assert list(outputs(settings.out_dir).values()) == [data]
    assert attempts(settings.out_dir) == [1]


def test_renamed_partial_upload_counts_as_new(tmp_path: Path) -> None:
    with watching(tmp_path) as settings:
        part = settings.inbox / "upload.txt.part"
        part.write_text("a report uploaded under a temporary name")
        time.sleep(SETTLE * 3)
        assert finished(settings.inbox) == []
        part.rename(settings.inbox / "upload.txt")
        wait_until(lambda: finished(settings.inbox) == ["upload.txt"])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4\n1 0 obj << garbage\n%%EOF\n", "not a PDF or damaged PDF"),
        (pdf_bytes("locked", password="secret"), "password-protected PDF"),
    ],
    ids=["damaged", "encrypted"],
)
def test_unreadable_pdfs_go_to_failed_with_an_error_file(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    with watching(tmp_path) as settings:
        (settings.inbox / "bad_scan.pdf").write_bytes(data)
        wait_until(lambda: (settings.inbox / "failed" / "bad_scan.pdf.error.txt").exists())
    failed = settings.inbox / "failed"
    assert (failed / "bad_scan.pdf").read_bytes() == data
    lines = (failed / "bad_scan.pdf.error.txt").read_text().splitlines()
    assert lines[0] == reason
    assert lines[1].startswith("time: 20")
    assert lines[2] == f"dxa version: {__version__}"
    assert outputs(settings.out_dir) == {}


def test_a_duplicate_is_recorded_and_not_processed_again(tmp_path: Path) -> None:
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        (inbox / "a.txt").write_text("the same report")
        wait_until(lambda: finished(inbox) == ["a.txt"])
        (inbox / "a.txt").write_text("the same report")
        (inbox / "copy.txt").write_text("the same report")
        wait_until(lambda: len(finished(inbox)) == 3)
    assert finished(inbox) == ["a-1.txt", "a.txt", "copy.txt"]
    assert attempts(settings.out_dir) == [1]
    with Ledger(settings.out_dir) as ledger:
        assert sorted(name for _, name in ledger.duplicates()) == ["a.txt", "copy.txt"]
    assert len(outputs(settings.out_dir)) == 1


def test_a_sidecar_travels_with_its_report(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.context.json").write_text('{"age": 70}')
    (inbox / "a.txt").write_text("report with context")
    with watching(tmp_path):
        wait_until(lambda: finished(inbox) == ["a.context.json", "a.txt"])


def test_a_crashing_worker_fails_its_file_and_the_service_goes_on(tmp_path: Path) -> None:
    with watching(tmp_path) as settings:
        inbox = settings.inbox
        (inbox / "crash_1.txt").write_text("takes its worker down")
        wait_until(lambda: (inbox / "failed" / "crash_1.txt.error.txt").exists())
        (inbox / "after.txt").write_text("a report after the crash")
        wait_until(lambda: finished(inbox) == ["after.txt", "crash_1.txt"])
    reason = (inbox / "failed" / "crash_1.txt.error.txt").read_text().splitlines()[0]
    assert reason == "the worker processing this file crashed (exit code 9)"


def test_polling_observer_for_network_shares(tmp_path: Path) -> None:
    with watching(tmp_path, poll=0.3, rescan_seconds=3600) as settings:
        (settings.inbox / "from_share.txt").write_text("a report on an SMB share")
        wait_until(lambda: finished(settings.inbox) == ["from_share.txt"])


def test_a_hung_file_is_failed_at_the_time_limit(tmp_path: Path) -> None:
    with watching(tmp_path, time_limit=1.0) as settings:
        inbox = settings.inbox
        (inbox / "hang_1.txt").write_text("never finishes")
        (inbox / "fine.txt").write_text("a normal report")
        wait_until(lambda: finished(inbox) == ["fine.txt", "hang_1.txt"])
    reason = (inbox / "failed" / "hang_1.txt.error.txt").read_text().splitlines()[0]
    assert reason == "processing took longer than the 1-second limit"
