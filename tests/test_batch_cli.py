"""`dxa batch` end to end on real sample reports, as a user runs it."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

from dxa.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent
TEXT_SAMPLES = sorted((ROOT / "samples" / "text").glob("*.txt"))[:3]


def dxa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dxa", *args], capture_output=True, text=True, timeout=300
    )


def summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def make_inputs(folder: Path) -> None:
    for sample in TEXT_SAMPLES:
        shutil.copy(sample, folder / sample.name)
    (folder / "broken").mkdir()
    (folder / "broken" / "damaged.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << garbage\n%%EOF\n")
    (folder / "broken" / "empty.txt").write_text("")


def test_batch_writes_letters_and_csvs_and_exits_1_on_a_bad_file(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    make_inputs(inputs)
    run = dxa("batch", str(inputs), "--out", str(out), "--workers", "2", "--format", "html")
    assert run.returncode == 1
    assert run.stdout == ""
    failure_lines = [line for line in run.stderr.splitlines() if line.startswith("broken/")]
    assert failure_lines == [
        "broken/damaged.pdf: not a PDF or damaged PDF",
        "broken/empty.txt: empty file",
    ]
    assert "Traceback" not in run.stderr
    rows = summary(out)
    assert [r["file"] for r in rows] == sorted(r["file"] for r in rows)
    done = [r for r in rows if r["status"] == "done"]
    assert len(done) == len(TEXT_SAMPLES)
    for row in done:
        folder = out / row["output_folder"]
        names = sorted(p.name for p in folder.iterdir())
        assert names == sorted(
            f"{folder.name}_{kind}"
            for kind in [
                "record.json",
                "interpretation.json",
                "fhir.json",
                "patient.html",
                "physician.html",
            ]
        )
        assert row["classification"] and row["risk"] and row["treatment_decision"]
    with (out / "measurements.csv").open(newline="") as handle:
        measured_files = {r["file"] for r in csv.DictReader(handle)}
    assert measured_files == {r["file"] for r in done}

    rerun = dxa("batch", str(inputs), "--out", str(out), "--resume", "--format", "html")
    assert rerun.returncode == 1  # the bad files fail again; the good ones are skipped
    assert summary(out) == rows
    with Ledger(out) as ledger:
        attempts = {e.name: e.attempts for e in ledger.entries()}
    assert all(attempts[r["file"]] == 1 for r in done)
    assert attempts["broken/empty.txt"] == 2


def test_all_good_exits_0(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(TEXT_SAMPLES[0], inputs / "one.txt")
    run = dxa("batch", str(inputs), "--out", str(tmp_path / "out"), "--format", "html")
    assert run.returncode == 0, run.stderr
    assert [r["status"] for r in summary(tmp_path / "out")] == ["done"]


def test_a_bad_clinic_file_is_a_usage_error(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.toml"
    clinic.write_text('paper_size = "tabloid"\n')
    run = dxa("batch", str(tmp_path), "--out", str(tmp_path / "out"), "--clinic", str(clinic))
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "clinic.toml" in run.stderr
    assert not (tmp_path / "out" / "summary.csv").exists()
