"""The review gate (issue 14, item 1): a report with `needs_review` is held for a person.

It gets its record, its interpretation and a physician letter marked DRAFT, no patient
letter, and status `needs_review` in summary.csv and in the ledger; `--resume` and the
watched folder treat it as finished. Reports are invented: a built Report for the pipeline
function, a drawn Hologic page with an unknown row for batch and watch.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from dxa.parser.model import Report
from letter_cases import osteoporosis_high_risk
from test_vendor_review import hologic_page_with_unknown_row
from test_watch import wait_until

import dxa.pipeline as pipeline
from dxa.batch import process_payload, run_batch
from dxa.cli import cli
from dxa.ledger import LEDGER_NAME, Ledger
from dxa.pipeline import PipelineOptions, process_report
from dxa.watch import WatchService, WatchSettings

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdf"
BOTH = PipelineOptions(formats=("pdf", "html"))
HTML_ONLY = PipelineOptions(formats=("html",))
REASON = {"code": "unread_value", "text": "0.748 on line 9 was not read as a result or dismissed"}


def held_report() -> Report:
    """The invented high-risk example, carrying one review reason."""
    report, _ = osteoporosis_high_risk()
    return Report.model_validate({**report.to_json_dict(), "review_reasons": [REASON]})


@pytest.fixture
def parsed_as(monkeypatch: pytest.MonkeyPatch):
    """Replace the parser stage by a given, already-parsed report."""

    def use(report: Report) -> Report:
        monkeypatch.setattr(pipeline, "_parse", lambda path, date_order, pdf_reader, ocr: report)
        return report

    return use


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_held_report_gets_record_interpretation_and_a_draft_physician_letter_only(
    tmp_path: Path, parsed_as
) -> None:
    parsed_as(held_report())
    result = process_report(tmp_path / "EX-1001.pdf", tmp_path / "out", BOTH)
    stem = result.output_dir.name
    assert sorted(p.name for p in result.output_dir.iterdir()) == [
        f"{stem}_context.json",  # for `dxa review`, with the source copy (none here: no file)
        f"{stem}_fhir.json",
        f"{stem}_interpretation.json",
        f"{stem}_physician.html",
        f"{stem}_physician.pdf",
        f"{stem}_record.json",
    ]
    assert result.needs_review
    record = json.loads((result.output_dir / f"{stem}_record.json").read_text())
    assert record["needs_review"] is True and record["review_reasons"] == [REASON]
    interpretation = json.loads((result.output_dir / f"{stem}_interpretation.json").read_text())
    assert interpretation["needs_review"] is True
    html = (result.output_dir / f"{stem}_physician.html").read_text()
    assert '<div class="draft-mark">DRAFT</div>' in html
    assert REASON["text"] in html
    text = pdf_text(result.output_dir / f"{stem}_physician.pdf")
    assert text.lstrip().startswith("DRAFT")  # the page header, above the letterhead
    assert REASON["text"] in " ".join(text.split())
    assert result.summary["needs_review"] == "true"
    assert result.summary["review_reasons"] == "unread_value"


def test_a_clean_report_gets_both_letters_and_no_draft_mark(tmp_path: Path, parsed_as) -> None:
    parsed_as(osteoporosis_high_risk()[0])
    result = process_report(tmp_path / "EX-1001.pdf", tmp_path / "out", BOTH)
    names = sorted(p.name.split("_", 3)[-1] for p in result.output_dir.iterdir())
    assert names == [
        "fhir.json",
        "interpretation.json",
        "patient.html",
        "patient.pdf",
        "physician.html",
        "physician.pdf",
        "record.json",
    ]
    assert not result.needs_review
    letter = next(result.output_dir.glob("*_physician.html")).read_text()
    assert 'class="draft' not in letter and "<body>" in letter
    assert "DRAFT" not in pdf_text(next(result.output_dir.glob("*_physician.pdf")))
    interpretation = json.loads(next(result.output_dir.glob("*_interpretation.json")).read_text())
    assert interpretation["needs_review"] is False
    assert (result.summary["needs_review"], result.summary["review_reasons"]) == ("false", "")


def test_review_codes_are_joined_once_each_in_order(tmp_path: Path, parsed_as) -> None:
    report, _ = osteoporosis_high_risk()
    reasons = [
        {"code": "conflicting_value", "text": "total_hip left is given two BMD values"},
        {"code": "unread_row", "text": "results row 'Neck2 0.712 -1.5'"},
        {"code": "conflicting_value", "text": "total_hip left is given two T-score values"},
    ]
    parsed_as(Report.model_validate({**report.to_json_dict(), "review_reasons": reasons}))
    result = process_report(tmp_path / "x.pdf", tmp_path / "out", HTML_ONLY)
    assert result.summary["review_reasons"] == "conflicting_value;unread_row"


def test_dxa_parse_prints_the_review_fields(tmp_path: Path) -> None:
    page = hologic_page_with_unknown_row(tmp_path / "neck2.pdf")
    run = CliRunner().invoke(cli, ["parse", str(page)])
    assert run.exit_code == 0, run.output
    record = json.loads(run.output)
    assert record["needs_review"] is True
    assert [r["code"] for r in record["review_reasons"]] == ["unread_row"]
    assert "Neck2 0.712 -1.5" in record["review_reasons"][0]["text"]


def test_batch_says_how_many_reports_are_held(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    hologic_page_with_unknown_row(inbox / "held.pdf")
    args = ["batch", str(inbox), "--out", str(tmp_path / "out"), "--format", "html"]
    run = CliRunner().invoke(cli, [*args, "--workers", "1"])
    assert run.exit_code == 0, run.output
    assert "1 of 1 reports done, 1 held for review (no patient letter)" in run.output


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_batch_holds_the_report_in_summary_and_ledger_and_resume_keeps_it(
    tmp_path: Path,
) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    hologic_page_with_unknown_row(inbox / "a_held.pdf")
    shutil.copy(SAMPLES / "hologic_spine.pdf", inbox / "b_clean.pdf")
    rows = run_batch(inbox, out, HTML_ONLY, workers=2, work=process_payload)
    assert [(r.file, r.status) for r in rows] == [
        ("a_held.pdf", "needs_review"),
        ("b_clean.pdf", "done"),
    ]
    summary = read_csv(out / "summary.csv")
    assert [(s["status"], s["needs_review"], s["review_reasons"]) for s in summary] == [
        ("needs_review", "true", "unread_row"),
        ("done", "false", ""),
    ]
    held_folder = out / summary[0]["output_folder"]
    assert not list(held_folder.glob("*_patient.*"))
    assert "DRAFT" in next(held_folder.glob("*_physician.html")).read_text()
    assert list((out / summary[1]["output_folder"]).glob("*_patient.html"))
    # measurements.csv is unchanged: the held report's sites are listed like any other.
    measured = read_csv(out / "measurements.csv")
    assert {m["file"] for m in measured} == {"a_held.pdf", "b_clean.pdf"}
    assert list(measured[0]) == [
        "file", "site", "side", "region", "bmd", "t_score", "z_score", "provenance"
    ]  # fmt: skip
    with Ledger(out) as ledger:
        statuses = {e.name: (e.status, e.attempts) for e in ledger.entries()}
    assert statuses == {"a_held.pdf": ("needs_review", 1), "b_clean.pdf": ("done", 1)}

    rows = run_batch(inbox, out, HTML_ONLY, workers=2, work=process_payload, resume=True)
    assert [r.status for r in rows] == ["needs_review", "done"]
    with Ledger(out) as ledger:
        assert [e.attempts for e in ledger.entries()] == [1, 1]  # not retried
    resumed = read_csv(out / "summary.csv")
    assert resumed[0]["needs_review"] == "true" and resumed[0]["review_reasons"] == "unread_row"


def test_watch_holds_the_report_and_a_second_copy_is_a_duplicate(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    settings = WatchSettings(inbox=inbox, out_dir=out, options=HTML_ONLY, settle=0.4)
    stop, started = threading.Event(), threading.Event()
    service = WatchService(settings, process_payload)
    thread = threading.Thread(target=service.run, args=(stop, started), daemon=True)
    thread.start()
    assert started.wait(15)
    try:
        page = hologic_page_with_unknown_row(tmp_path / "drawn.pdf")
        shutil.copy(page, inbox / "held.pdf")
        wait_until(lambda: (inbox / "processed" / "held.pdf").exists(), timeout=60)
        shutil.copy(page, inbox / "held-again.pdf")
        wait_until(lambda: (inbox / "processed" / "held-again.pdf").exists(), timeout=60)
    finally:
        stop.set()
        thread.join(30)
    with Ledger(out) as ledger:
        (entry,) = ledger.entries()
        duplicates = [name for _, name in ledger.duplicates()]
    assert (entry.status, entry.attempts) == ("needs_review", 1)
    assert duplicates == ["held-again.pdf"]
    folder = out / entry.output_dir
    assert not list(folder.glob("*_patient.*"))
    assert "DRAFT" in next(folder.glob("*_physician.html")).read_text()


OLD_SCHEMA = """
CREATE TABLE reports (
    sha256 TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('processing', 'done', 'failed')),
    name TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    output_dir TEXT,
    error TEXT,
    details TEXT,
    updated TEXT NOT NULL
);
INSERT INTO reports VALUES ('aa', 'done', 'a.pdf', 1, 'A', NULL, '{}', '2024-01-01');
"""


def test_a_ledger_from_before_the_gate_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / LEDGER_NAME) as db:
        db.executescript(OLD_SCHEMA)
    with Ledger(tmp_path) as ledger:
        ledger.start("bb", "b.pdf")
        ledger.finish("bb", "B", {"summary": {}}, "needs_review")
    with Ledger(tmp_path) as ledger:
        assert [(e.name, e.status) for e in ledger.entries()] == [
            ("a.pdf", "done"),
            ("b.pdf", "needs_review"),
        ]


def test_only_finished_statuses_finish_an_entry(tmp_path: Path) -> None:
    with Ledger(tmp_path) as ledger:
        ledger.start("aa", "a.pdf")
        with pytest.raises(ValueError, match="not a finished status"):
            ledger.finish("aa", "A", {}, "failed")
