"""Batch machinery with a stand-in pipeline stage: CSVs, order, duplicates, --resume, failures.

The stand-in keeps these tests independent of the parser, interpreter and letters; the
end-to-end run over real samples is in test_batch_cli.py.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from dxa.parser.errors import DamagedPDF

from dxa.batch import find_reports, run_batch
from dxa.ledger import Ledger, file_sha256
from dxa.pipeline import PipelineOptions, PipelineResult, publish_folder

OPTIONS = PipelineOptions(formats=("html",))


def fake_work(payload: tuple[Path, Path, PipelineOptions]) -> PipelineResult:
    """Behaves like process_report: BAD -> typed error, HANG -> sleeps, else one folder."""
    path, out_dir, _ = payload
    text = path.read_text()
    if text.startswith("BAD"):
        raise DamagedPDF()
    if text.startswith("HANG"):
        time.sleep(60)
    sha = file_sha256(path)
    folder = out_dir / f"{path.stem}_{sha[:8]}"
    publish_folder(folder, {"record.json": text.encode()})
    summary = {"vendor": "", "exam_date": "2024-01-02", "classification": "normal"}
    site = {"site": "total_hip", "side": "left", "region": "", "bmd": "0.9", "t_score": "-0.5"}
    return PipelineResult(str(path), sha, folder, (folder / "record.json",), summary, (site,))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def run(inbox: Path, out: Path, **kwargs) -> list:
    kwargs.setdefault("workers", 2)
    return run_batch(inbox, out, OPTIONS, work=fake_work, **kwargs)


def test_find_reports_skips_hidden_sidecars_goldens_and_the_output_folder(tmp_path: Path) -> None:
    keep = [write(tmp_path / "a.txt", "x"), write(tmp_path / "sub" / "b.PDF", "x")]
    write(tmp_path / "a.context.json", "{}")
    write(tmp_path / "a.expected.json", "{}")
    write(tmp_path / ".hidden.txt", "x")
    write(tmp_path / ".work" / "c.txt", "x")
    write(tmp_path / "out" / "old" / "d.txt", "x")
    assert find_reports(tmp_path, exclude=tmp_path / "out") == sorted(keep)


def test_outputs_and_csvs_sorted_by_input_with_a_failure(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    for name in ["c", "a", "e", "b"]:
        write(inbox / f"{name}.txt", f"report {name}")
    write(inbox / "d.txt", "BAD")
    rows = run(inbox, out)
    summary = read_csv(out / "summary.csv")
    assert [r["file"] for r in summary] == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert [r["status"] for r in summary] == ["done", "done", "done", "failed", "done"]
    assert summary[3]["error"] == "not a PDF or damaged PDF"
    assert summary[0]["classification"] == "normal"
    for row in summary:
        if row["status"] == "done":
            assert (out / row["output_folder"] / "record.json").is_file()
    measurements = read_csv(out / "measurements.csv")
    assert [m["file"] for m in measurements] == ["a.txt", "b.txt", "c.txt", "e.txt"]
    assert measurements[0]["site"] == "total_hip" and measurements[0]["t_score"] == "-0.5"
    assert [r.file for r in rows] == [r["file"] for r in summary]
    assert not [p for p in out.iterdir() if p.name.startswith(".partial-")]


def test_csvs_do_not_depend_on_worker_count(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    for i in range(8):
        write(inbox / f"r{i}.txt", f"report {i}")
    run(inbox, tmp_path / "one", workers=1)
    run(inbox, tmp_path / "two", workers=2)
    for name in ["summary.csv", "measurements.csv"]:
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()


def test_identical_contents_are_processed_once(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    write(inbox / "a.txt", "same")
    write(inbox / "copy" / "a.txt", "same")
    rows = run(inbox, out)
    assert [(r.file, r.status) for r in rows] == [("a.txt", "done"), ("copy/a.txt", "duplicate")]
    assert rows[0].output_folder == rows[1].output_folder
    with Ledger(out) as ledger:
        assert [e.attempts for e in ledger.entries()] == [1]
        assert [name for _, name in ledger.duplicates()] == ["copy/a.txt"]


def test_resume_skips_done_and_retries_failed(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    write(inbox / "a.txt", "report a")
    bad = write(inbox / "b.txt", "BAD")
    run(inbox, out)
    bad.write_text("report b, fixed")
    write(inbox / "c.txt", "report c")
    rows = run(inbox, out, resume=True)
    assert [r.status for r in rows] == ["done", "done", "done"]
    with Ledger(out) as ledger:
        attempts = {e.name: e.attempts for e in ledger.entries()}
    assert attempts == {"a.txt": 1, "b.txt": 1, "c.txt": 1}
    summary = read_csv(out / "summary.csv")
    assert summary[0]["classification"] == "normal"  # resumed rows keep their details
    assert len(read_csv(out / "measurements.csv")) == 3


def test_without_resume_everything_is_processed_again(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    write(inbox / "a.txt", "report a")
    run(inbox, out)
    run(inbox, out)
    with Ledger(out) as ledger:
        assert [e.attempts for e in ledger.entries()] == [2]


def test_a_hung_file_fails_alone(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    write(inbox / "a.txt", "report a")
    write(inbox / "b.txt", "HANG")
    write(inbox / "c.txt", "report c")
    rows = run(inbox, out, time_limit=1.0)
    assert [r.status for r in rows] == ["done", "failed", "done"]
    assert "longer than the 1-second limit" in rows[1].error
