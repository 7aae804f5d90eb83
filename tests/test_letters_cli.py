"""`dxa letter` end to end: a text report in, letters out under sanitized names, one-line failures."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from click.testing import CliRunner

from dxa.cli import cli

REPORT = """BONE DENSITOMETRY REPORT
Patient: EXAMPLE, ROSA    DOB: 03/02/1950
MRN: {id}
Sex: F   Age: 74
Exam date: 04/15/2024
Scanner: Hologic Horizon A

LUMBAR SPINE (L1-L4): BMD 0.800 g/cm2. T-score -2.2. Z-score -0.4.
LEFT FEMORAL NECK: BMD 0.540 g/cm2. T-score -2.8. Z-score -1.2.
LEFT TOTAL HIP: BMD 0.690 g/cm2. T-score -2.0. Z-score -0.9.
"""


def write_report(folder: Path, name: str = "rosa.txt", patient_id: str = "EX-2001") -> Path:
    path = folder / name
    path.write_text(REPORT.format(id=patient_id))
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["letter", *args])


def pdf_text(path: Path) -> str:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as document:
        return "\n".join(page.extract_text() for page in document.pages)


def test_both_letters_in_both_formats(tmp_path: Path) -> None:
    report = write_report(tmp_path)
    out = tmp_path / "out"
    result = run(str(report), "--out", str(out), "--format", "both", "--frax-mof", "25")
    assert result.exit_code == 0, result.output
    printed = result.stdout.split()
    assert sorted(Path(p).name for p in printed) == sorted(p.name for p in out.iterdir())
    assert len(printed) == 4
    assert {Path(p).name.split("_", 3)[3] for p in printed} == {
        "patient.pdf",
        "patient.html",
        "physician.pdf",
        "physician.html",
    }
    physician = pdf_text(next(out.glob("*_physician.pdf")))
    for score in ["−2.2", "−2.8", "−2.0"]:
        assert score in physician
    assert "Osteoporosis" in physician
    assert "Major osteoporotic 25% (clinical context)" in physician  # --frax-mof 25
    patient = pdf_text(next(out.glob("*_patient.pdf")))
    assert "osteoporosis" in patient and "T-score −2.8" in patient


def test_audience_and_format_choose_the_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        str(write_report(tmp_path)), "--out", str(out), "--audience", "patient", "--format", "html"
    )
    assert result.exit_code == 0, result.output
    assert [p.name.endswith("_patient.html") for p in out.iterdir()] == [True]


def test_a_path_in_the_patient_id_cannot_escape_out(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    report = write_report(tmp_path, patient_id="../../../evil")
    result = run(str(report), "--out", str(out), "--audience", "physician")
    assert result.exit_code == 0, result.output
    written = list(out.iterdir())
    assert len(written) == 1 and ".." not in written[0].name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep", "rosa.txt"]


def test_one_bad_file_fails_alone_with_one_line(tmp_path: Path) -> None:
    good = write_report(tmp_path)
    bad = tmp_path / "notes.txt"
    bad.write_text("Nothing about bones here.\n")
    out = tmp_path / "out"
    result = run(str(bad), str(good), "--out", str(out), "--audience", "patient")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"{bad}: no BMD results found"]
    assert len(list(out.glob("*_patient.pdf"))) == 1
    assert not list(out.glob(".*"))  # no temporary files left behind


def test_bad_clinic_config_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.toml"
    clinic.write_text('paper_size = "legal"\n')
    out = tmp_path / "out"
    result = run(str(write_report(tmp_path)), "--out", str(out), "--clinic", str(clinic))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "paper_size" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_clinic_config_reaches_the_letter(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("name: Hillside Bone Clinic\npaper_size: a4\n")
    out = tmp_path / "out"
    result = run(
        str(write_report(tmp_path)),
        "--out",
        str(out),
        "--clinic",
        str(clinic),
        "--audience",
        "physician",
    )
    assert result.exit_code == 0, result.output
    letter = next(out.glob("*.pdf"))
    assert "Hillside Bone Clinic" in pdf_text(letter)
    with pdfplumber.open(letter) as document:
        assert round(document.pages[0].width) == 595
