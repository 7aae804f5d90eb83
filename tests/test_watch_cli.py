"""`dxa watch` as deployed: real parser, interpreter and letters, real signals, quiet logs."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "text" / "01_line_per_site.txt"
SAMPLE_MRN = "ZX12345"  # the invented patient ID printed in SAMPLE


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the watched folder")
        time.sleep(0.1)


def run_service(tmp_path: Path, *extra: str) -> tuple[Path, Path, str]:
    """Drop a good and a damaged report, wait for both, SIGTERM; returns inbox, out, log."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    service = subprocess.Popen(
        [sys.executable, "-m", "dxa", "watch", str(inbox), "--out", str(out)]
        + ["--settle", "0.3", "--format", "html", *extra],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        shutil.copy(SAMPLE, inbox / "morning.txt")
        (inbox / "scan.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << garbage\n%%EOF\n")
        wait_until(
            lambda: (
                (inbox / "processed" / "morning.txt").exists()
                and (inbox / "failed" / "scan.pdf.error.txt").exists()
            )
        )
    finally:
        service.send_signal(signal.SIGTERM)
        _, log = service.communicate(timeout=60)
    assert service.returncode == 0
    return inbox, out, log


def test_reports_become_letters_and_logs_name_files_only(tmp_path: Path) -> None:
    inbox, out, log = run_service(tmp_path)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    assert sorted(p.name.removeprefix(folder.name) for p in folder.iterdir()) == [
        "_fhir.json",
        "_interpretation.json",
        "_patient.html",
        "_physician.html",
        "_record.json",
    ]
    assert (
        (inbox / "failed" / "scan.pdf.error.txt")
        .read_text()
        .startswith("not a PDF or damaged PDF\n")
    )
    assert "morning.txt: done" in log and "scan.pdf: failed" in log
    assert SAMPLE_MRN not in log and "Traceback" not in log


def test_log_phi_adds_the_output_folder(tmp_path: Path) -> None:
    _, _, log = run_service(tmp_path, "--log-phi")
    assert SAMPLE_MRN in log


def test_a_burst_of_50_real_reports(tmp_path: Path) -> None:
    """Eight sample texts, each in variants told apart by trailing blank lines, dropped at once."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    samples = sorted((ROOT / "samples" / "text").glob("*.txt"))
    service = subprocess.Popen(
        [sys.executable, "-m", "dxa", "watch", str(inbox), "--out", str(out)]
        + ["--settle", "0.3", "--format", "html", "--workers", "2"],
        stderr=subprocess.DEVNULL,
    )
    try:
        for i in range(50):
            text = samples[i % len(samples)].read_text() + "\n" * (1 + i // len(samples))
            (inbox / f"r{i:02}.txt").write_text(text)
        processed = inbox / "processed"
        wait_until(lambda: processed.is_dir() and len(list(processed.iterdir())) == 50, 120)
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(60)
    assert list((inbox / "failed").iterdir()) == []
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == 50
    for folder in folders:
        [interpretation] = folder.glob("*_interpretation.json")
        held = json.loads(interpretation.read_text())["needs_review"]
        names = {p.name.removeprefix(folder.name) for p in folder.iterdir()}
        letters = {"_physician.html"} if held else {"_physician.html", "_patient.html"}
        # A held report also keeps its context and a copy of its source for `dxa review`.
        review = {"_context.json", "_source.txt"} if held else set()
        outputs = {"_record.json", "_interpretation.json", "_fhir.json"}
        assert names == outputs | letters | review, folder


def test_the_log_holds_a_few_lines_per_report_and_none_from_other_libraries(
    tmp_path: Path,
) -> None:
    """PDF letters make WeasyPrint and fontTools talk at INFO; none of it reaches the log."""
    _, _, log = run_service(tmp_path, "--format", "pdf")
    lines = [line for line in log.splitlines() if line.strip()]
    for name in ("morning.txt", "scan.pdf"):
        assert 1 <= sum(name in line for line in lines) <= 3, log
    assert len(lines) <= 2 * 3 + 3, log  # two reports, plus start and stop lines
    assert not any(word in log.lower() for word in ("fonttools", "weasyprint", "glyph")), log
    # The stop comes right after a file left the inbox, which watchdog reports at ERROR.
    assert strangers(log, ("morning.txt", "scan.pdf")) == [], log


PDF_SAMPLE = ROOT / "samples" / "pdf" / "hologic_dual_hip.pdf"
SERVICE_LINES = ("watching ", "SIGTERM received", "stopped")  # its own, not a report's


def strangers(log: str, names: tuple[str, ...]) -> list[str]:
    """The log's messages that are neither a report's progress nor the service's start and stop
    ("2026-12-03 06:32:40,119 INFO morning.txt: done in 1.2 s": the message after the level)."""
    messages = [line.split(" ", 3)[3] for line in log.splitlines() if line.strip()]
    ours = SERVICE_LINES + tuple(f"{name}: " for name in names)
    return [message for message in messages if not message.startswith(ours)]


def test_two_real_reports_log_three_lines_each_and_no_line_of_another_library(
    tmp_path: Path,
) -> None:
    """Issue 9, as deployed: a text report and a vendor PDF, both with PDF letters (so PDF
    reading, WeasyPrint and fontTools all run). Each report logs at most 3 lines, and every
    line is the service's own: a report's progress, or its start and stop."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    names = ("dictated.txt", "hologic.pdf")
    service = subprocess.Popen(
        [sys.executable, "-m", "dxa", "watch", str(inbox), "--out", str(out)]
        + ["--settle", "0.3", "--format", "pdf"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        shutil.copy(SAMPLE, inbox / names[0])
        shutil.copy(PDF_SAMPLE, inbox / names[1])
        wait_until(lambda: all((inbox / "processed" / name).exists() for name in names))
    finally:
        service.send_signal(signal.SIGTERM)
        _, log = service.communicate(timeout=60)
    assert service.returncode == 0, log
    assert len(list(out.glob("*/*_physician.pdf"))) == 2, log
    for name in names:
        assert 1 <= sum(f"{name}: " in line for line in log.splitlines()) <= 3, log
    assert strangers(log, names) == [], log


def test_only_the_harmless_watchdog_message_is_dropped() -> None:
    """The filter is for one known message: watchdog's other errors still reach the log."""
    script = (
        "import logging\n"
        "from dxa.cliutil import HARMLESS_MESSAGES, configure_logging\n"
        "configure_logging(False)\n"
        "for name, messages in HARMLESS_MESSAGES.items():\n"
        "    logging.getLogger(name).error(messages[0])\n"
        "    logging.getLogger(name).error('inotify watch limit reached')\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("inotify watch limit reached") == 1, run.stderr
    assert "called when the thread is inactive" not in run.stderr, run.stderr
