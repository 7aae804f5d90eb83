"""The clinic's `date_order` end to end: `dxa parse/interpret/letter/batch --clinic` read a
report whose dates are all ambiguous by it; without it the report is held, not guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dxa.cli import cli

# Every date here may be day-first or month-first: nothing in the report decides it.
REPORT = """Patient: EXAMPLE, IONA   MRN: EX-3003   Sex: F
DOB: 04/05/1952
Exam date: 03/04/2024
Lumbar spine L1-L4: BMD 0.812 g/cm2, T-score -2.4, Z-score -0.9.
Left femoral neck: BMD 0.601 g/cm2, T-score -2.1.
Compared with 02/03/2022, the lumbar spine BMD was 0.845 g/cm2.
"""


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "iona.txt"
    path.write_text(REPORT)
    return path


def clinic(tmp_path: Path, order: str) -> Path:
    path = tmp_path / f"clinic-{order}.toml"
    path.write_text(f'name = "Example Bone Clinic"\ndate_order = "{order}"\n')
    return path


def parse_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["parse", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("order", "exam", "birth", "previous"),
    [
        ("dmy", "2024-04-03", "1952-05-04", "2022-03-02"),
        ("mdy", "2024-03-04", "1952-04-05", "2022-02-03"),
    ],
)
def test_parse_reads_ambiguous_dates_by_the_clinic_order(
    tmp_path: Path, report: Path, order: str, exam: str, birth: str, previous: str
) -> None:
    record = parse_json(str(report), "--clinic", str(clinic(tmp_path, order)))
    assert record["exam"]["date"] == exam
    assert record["patient"]["birth_date"] == birth
    assert [p["date"] for p in record["previous"]] == [previous]
    assert record["needs_review"] is False


def test_without_a_clinic_order_the_dates_are_left_null_for_review(report: Path) -> None:
    record = parse_json(str(report))
    assert record["exam"]["date"] is None and record["patient"]["birth_date"] is None
    assert record["previous"] == []
    assert record["needs_review"] is True
    assert "ambiguous_date" in {reason["code"] for reason in record["review_reasons"]}


def test_a_bad_date_order_in_the_clinic_file_is_one_sentence(tmp_path: Path, report: Path) -> None:
    result = CliRunner().invoke(
        cli, ["parse", str(report), "--clinic", str(clinic(tmp_path, "ymd"))]
    )
    assert result.exit_code == 2
    assert "date_order" in result.output and "Traceback" not in result.output


def test_letter_holds_the_patient_letter_until_the_dates_are_known(
    tmp_path: Path, report: Path
) -> None:
    held = CliRunner().invoke(
        cli, ["letter", str(report), "--out", str(tmp_path / "held"), "--format", "html"]
    )
    assert held.exit_code == 0, held.output
    assert [p.name.split("_")[-1] for p in (tmp_path / "held").iterdir()] == ["physician.html"]
    assert "held for review, no patient letter" in held.stderr
    dated = CliRunner().invoke(
        cli,
        ["letter", str(report), "--out", str(tmp_path / "dated"), "--format", "html"]
        + ["--clinic", str(clinic(tmp_path, "dmy"))],
    )
    assert dated.exit_code == 0, dated.output
    names = sorted(p.name.split("_")[-1] for p in (tmp_path / "dated").iterdir())
    assert names == ["patient.html", "physician.html"]


def test_batch_passes_the_clinic_order_to_every_report(tmp_path: Path, report: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["batch", str(report.parent), "--out", str(out), "--format", "html"]
        + ["--clinic", str(clinic(tmp_path, "dmy"))],
    )
    assert result.exit_code == 0, result.output
    [record] = out.glob("*/*_record.json")
    assert json.loads(record.read_text())["exam"]["date"] == "2024-04-03"


def test_interpret_takes_the_clinic_too(tmp_path: Path, report: Path) -> None:
    result = CliRunner().invoke(
        cli, ["interpret", str(report), "--clinic", str(clinic(tmp_path, "mdy"))]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["report"]["exam"]["date"] == "2024-03-04"
