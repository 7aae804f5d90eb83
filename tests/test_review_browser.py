"""A held report from the watched folder to approved letters, through the browser (issue 14).

Playwright drives Debian's `chromium` (apt-get install chromium; `.ci/run` installs it):
the watched folder holds a drawn Hologic page with a row no reader knows; `dxa review`'s
app is served by uvicorn on a free loopback port; the test opens the start address, the
queue, the held report, corrects a T-score from the keyboard, approves, and finds the
final letters on disk. Screenshots of both pages go to DXA_SCREENSHOTS when it is set
(for a person to look at), else to the test's own folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from dxa.letters.config import DEFAULT_CLINIC
from test_vendor_review import hologic_page_with_unknown_row
from test_watch import wait_until

from dxa.batch import process_payload
from dxa.pipeline import PipelineOptions
from dxa.review.app import Settings, create_app
from dxa.watch import WatchService, WatchSettings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOKEN = "browser-test-token-0123456789"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no system chromium to drive (apt-get install chromium; .ci/run installs it)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def watched(inbox: Path, out: Path) -> Iterator[None]:
    settings = WatchSettings(
        inbox=inbox, out_dir=out, options=PipelineOptions(formats=("pdf", "html")), settle=0.4
    )
    stop, started = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=WatchService(settings, process_payload).run, args=(stop, started), daemon=True
    )
    thread.start()
    assert started.wait(15)
    try:
        yield
    finally:
        stop.set()
        thread.join(30)


@contextmanager
def serving(out: Path) -> Iterator[str]:
    import uvicorn

    port = free_port()
    app = create_app(Settings(out_dir=out, token=TOKEN, clinic=DEFAULT_CLINIC))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started, timeout=30)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DXA_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_held_report_is_corrected_and_approved_in_the_browser(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    with watched(inbox, out):
        shutil.copy(hologic_page_with_unknown_row(tmp_path / "drawn.pdf"), inbox / "held.pdf")
        wait_until(lambda: (inbox / "processed" / "held.pdf").exists(), timeout=60)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    assert not list(folder.glob("*_patient.*"))
    shots = screenshots(tmp_path)

    with serving(out) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{base}/?token={TOKEN}")
            assert "token" not in page.url  # traded for the session cookie
            expect(page.get_by_role("link", name="Needs review 1")).to_be_visible()
            page.screenshot(path=shots / "review-queue.png")

            page.get_by_role("link", name="Review", exact=True).click()
            expect(page.locator(".reasons")).to_contain_text("Neck2")
            expect(page.locator("#interpretation dl")).to_contain_text("low bone mass")
            expect(page.locator(".page .box").first).to_be_attached()

            neck_t = page.locator(
                "tr.measurement", has=page.locator("option[value=femoral_neck]:checked")
            ).locator("input[name=t_score]")
            neck_t.focus()
            expect(page.locator(".box.lit").first).to_be_attached()  # its word on the page lit
            page.keyboard.press("Control+A")
            page.keyboard.type("-2.8")
            expect(page.locator("#interpretation dl")).to_contain_text("osteoporosis")
            expect(page.locator("#tab-patient")).to_be_enabled()
            page.screenshot(path=shots / "review-report.png", full_page=True)

            reviewer = page.get_by_label("Reviewer")
            reviewer.fill("Dr. Ada Test")
            reviewer.press("Enter")  # submits the form: Approve from the keyboard
            expect(page.locator("#message")).to_contain_text(
                "Approved by Dr. Ada Test", timeout=60_000
            )
            expect(page.locator("#status-badge")).to_have_text("Approved")
            page.screenshot(path=shots / "review-approved.png")
            assert errors == []
        finally:
            browser.close()

    stem = folder.name
    for letter in ("patient.pdf", "patient.html", "physician.pdf", "physician.html"):
        assert (folder / f"{stem}_{letter}").is_file(), letter
    assert 'class="draft-mark"' not in (folder / f"{stem}_physician.html").read_text()
    (approval,) = json.loads((folder / f"{stem}_approvals.json").read_text())
    assert approval["reviewer"] == "Dr. Ada Test"
    assert [(c["field"].split(".")[-1], c["to"]) for c in approval["changes"]] == [
        ("t_score", -2.8)
    ]
    interpretation = json.loads((folder / f"{stem}_interpretation.json").read_text())
    assert interpretation["classification"] == "osteoporosis"
