"""process_report: the real interpreter and letters on an invented report; all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dxa.interpret.context import ContextError
from dxa.parser.errors import NoResultsFound
from letter_cases import osteoporosis_high_risk

import dxa.pipeline as pipeline
from dxa.batch import run_batch
from dxa.clinic import load_clinic
from dxa.pipeline import PipelineOptions, process_report, publish_folder

HTML_ONLY = PipelineOptions(formats=("html",))


@pytest.fixture
def example_report(monkeypatch: pytest.MonkeyPatch):
    """The parser stage replaced by an invented, already-parsed report."""
    report, _ = osteoporosis_high_risk()
    monkeypatch.setattr(pipeline, "_parse", lambda path, date_order, pdf_reader, ocr: report)
    return report


def test_one_folder_with_record_interpretation_and_both_letters(
    tmp_path: Path, example_report
) -> None:
    result = process_report(tmp_path / "EX-1001.pdf", tmp_path / "out", HTML_ONLY)
    stem = "EX-1001_2024-04-15_ab12cd34"
    assert result.output_dir == tmp_path / "out" / stem
    assert sorted(p.name for p in result.output_dir.iterdir()) == [
        f"{stem}_fhir.json",
        f"{stem}_interpretation.json",
        f"{stem}_patient.html",
        f"{stem}_physician.html",
        f"{stem}_record.json",
    ]
    assert list(result.files) == sorted(result.output_dir.iterdir())
    record = json.loads((result.output_dir / f"{stem}_record.json").read_text())
    assert record["patient"]["id"] == "EX-1001"
    interpretation = json.loads((result.output_dir / f"{stem}_interpretation.json").read_text())
    assert result.summary["classification"] == interpretation["classification"]
    assert result.summary["lowest_site"] == "femoral_neck left"
    assert result.summary["lowest_score"] == "-2.6"
    assert result.summary["vendor"] == "hologic"
    assert result.summary["exam_date"] == "2024-04-15"
    assert len(result.measurements) == len(example_report.measurements)
    assert "<html" in (result.output_dir / f"{stem}_patient.html").read_text().lower()


def test_pdf_letters_are_pdfs(tmp_path: Path, example_report) -> None:
    result = process_report(tmp_path / "x.pdf", tmp_path / "out", PipelineOptions(formats=("pdf",)))
    letters = [p for p in result.files if p.suffix == ".pdf"]
    assert len(letters) == 2
    assert all(p.read_bytes().startswith(b"%PDF-") for p in letters)


def test_a_failing_stage_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    def no_results(path: Path, date_order, pdf_reader, ocr):
        raise NoResultsFound()

    monkeypatch.setattr(pipeline, "_parse", no_results)
    with pytest.raises(NoResultsFound):
        process_report(tmp_path / "x.txt", tmp_path / "out", HTML_ONLY)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_write_failure_midway_leaves_no_partial_folder(
    tmp_path: Path, monkeypatch, example_report
) -> None:
    real_write = pipeline.write_atomic
    written: list[Path] = []

    def disk_full_on_third_file(path: Path, data: bytes) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(path)
        real_write(path, data)

    monkeypatch.setattr(pipeline, "write_atomic", disk_full_on_third_file)
    with pytest.raises(OSError):
        process_report(tmp_path / "x.pdf", tmp_path / "out", HTML_ONLY)
    assert len(written) == 2
    assert list((tmp_path / "out").iterdir()) == []


def test_publishing_again_replaces_the_folder_whole(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "stem"
    publish_folder(folder, {"a.json": b"old", "stale.html": b"old"})
    publish_folder(folder, {"a.json": b"new"})
    assert sorted(p.name for p in folder.parent.iterdir()) == ["stem"]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {"a.json": b"new"}


def test_sidecar_context_reaches_the_interpreter(tmp_path: Path, example_report) -> None:
    report_path = tmp_path / "in" / "x.pdf"
    report_path.parent.mkdir()
    report_path.with_name("x.context.json").write_text('{"age": 300}')
    with pytest.raises(ContextError, match="age"):
        process_report(report_path, tmp_path / "out", HTML_ONLY)


def test_physician_letter_names_the_context_as_the_frax_source(tmp_path: Path) -> None:
    report_path = tmp_path / "in" / "x.txt"
    report_path.parent.mkdir()
    report_path.write_text(
        "Patient ID: CTX-1. Exam date: 2024-02-01. 70-year-old woman.\n"
        "Left femoral neck: BMD 0.600 g/cm2, T-score -2.1.\n"
    )
    report_path.with_name("x.context.json").write_text('{"frax": {"major_osteoporotic": 22.0}}')
    result = process_report(report_path, tmp_path / "out", HTML_ONLY)
    physician = next(p for p in result.files if p.name.endswith("_physician.html")).read_text()
    assert "22% (clinical context)" in physician


def test_batch_workers_use_the_clinic_the_parent_loaded(tmp_path: Path) -> None:
    """The command loads the clinic once; forked workers inherit it and read no file. Were
    a worker to read the clinic file again, the file gone here would fail every report."""
    clinic_file = tmp_path / "clinic.yaml"
    clinic_file.write_text("name: Lakeside Invented Bone Clinic\n")
    load_clinic(clinic_file)  # as `dxa batch` does before its workers start
    clinic_file.unlink()
    inbox = tmp_path / "in"
    inbox.mkdir()
    samples = Path(__file__).resolve().parent.parent / "samples" / "text"
    for name in ("01_line_per_site.txt", "03_terse_note.txt"):
        (inbox / name).write_bytes((samples / name).read_bytes())
    options = PipelineOptions(formats=("html",), clinic_file=clinic_file)
    rows = run_batch(inbox, tmp_path / "out", options, workers=2)
    assert [row.status for row in rows] == ["done", "done"]
    letters = sorted((tmp_path / "out").glob("*/*_physician.html"))
    assert len(letters) == 2
    assert all("Lakeside Invented Bone Clinic" in p.read_text() for p in letters)
