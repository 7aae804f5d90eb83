"""`dxa interpret`: JSON shape, JSON Lines, text summary, context sources and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dxa.cli import cli

SCENARIOS = Path(__file__).parent / "scenarios"
NECK_2_4 = "03_neck_2_4_without_frax.txt"  # low bone mass, no FRAX in the report
SPINE_4_1 = "01_spine_4_1_age_70.txt"


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    for name in (NECK_2_4, SPINE_4_1, "25_hologic_bmd_only_derived.txt"):
        shutil.copy(SCENARIOS / name, tmp_path / name)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["interpret", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_shape_for_one_file(reports: Path) -> None:
    code, out, _ = run(str(reports / NECK_2_4))
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"report", "interpretation"}
    assert payload["report"]["schema_version"] == "1"
    interpretation = payload["interpretation"]
    assert interpretation["classification"] == "low_bone_mass"
    assert interpretation["treatment_decision"] == "frax_needed"
    for field in ("risk_category", "recommendations", "changes", "flags", "assumptions", "missing"):
        assert field in interpretation


def test_json_lines_for_two_files(reports: Path) -> None:
    code, out, _ = run(str(reports / NECK_2_4), str(reports / SPINE_4_1))
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["interpretation"]["classification"] == "low_bone_mass"
    assert second["interpretation"]["risk_category"] == "very_high"


def test_prepared_report_shows_derived_t_scores(reports: Path) -> None:
    code, out, _ = run(str(reports / "25_hologic_bmd_only_derived.txt"))
    assert code == 0
    measurements = json.loads(out)["report"]["measurements"]
    assert [m["t_score"] for m in measurements] == [-1.1, -2.4, -1.9]
    assert {m["provenance"] for m in measurements} == {"derived"}


def test_text_summary(reports: Path) -> None:
    code, out, _ = run(str(reports / SPINE_4_1), "--format", "text", "--menopause", "post")
    assert code == 0
    assert "Classification: osteoporosis" in out
    assert "Fracture risk: very high" in out
    assert "Anabolic agent first" in out and "[AACE 2020, ES 2020]" in out
    assert "does not replace" in out
    assert not out.lstrip().startswith("{")


def test_flags_override_context_file(reports: Path) -> None:
    context = reports / "ctx.json"
    context.write_text(json.dumps({"frax": {"major_osteoporotic": 25, "hip": 1.0}}))
    _, from_file, _ = run(str(reports / NECK_2_4), "--context", str(context))
    assert json.loads(from_file)["interpretation"]["treatment_decision"] == "recommended"
    _, overridden, _ = run(str(reports / NECK_2_4), "--context", str(context), "--frax-mof", "10")
    assert json.loads(overridden)["interpretation"]["treatment_decision"] == "not_indicated"


def test_sidecar_is_read(reports: Path) -> None:
    sidecar = reports / NECK_2_4.replace(".txt", ".context.yaml")
    sidecar.write_text("frax: {major_osteoporotic: 10, hip: 3.2}\n")
    _, out, _ = run(str(reports / NECK_2_4))
    assert json.loads(out)["interpretation"]["treatment_decision"] == "recommended"


def test_bad_sidecar_fails_that_file_only(reports: Path) -> None:
    (reports / NECK_2_4.replace(".txt", ".context.json")).write_text('{"age": 300}')
    code, out, err = run(str(reports / NECK_2_4), str(reports / SPINE_4_1))
    assert code == 1
    assert len(out.strip().splitlines()) == 1
    assert err.strip().splitlines() == [
        f"{reports / NECK_2_4}: context file "
        f"{NECK_2_4.replace('.txt', '.context.json')}: "
        "age must be at most 120 (got 300)"
    ]


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--age", "300"], "--age must be at most 120"),
        (["--frax-hip", "140"], "--frax-hip must be at most 100"),
    ],
)
def test_bad_context_flags_exit_2(reports: Path, args: list[str], sentence: str) -> None:
    code, out, err = run(str(reports / NECK_2_4), *args)
    assert code == 2
    assert sentence in err
    assert out == "" and "Traceback" not in err


def test_unknown_key_in_context_file_exits_2(reports: Path) -> None:
    context = reports / "ctx.yaml"
    context.write_text("weight_class: heavy\n")
    code, out, err = run(str(reports / NECK_2_4), "--context", str(context))
    assert code == 2
    assert "unknown key 'weight_class'" in err
    assert out == ""


def test_bad_file_is_one_line_and_others_go_on(reports: Path) -> None:
    missing = reports / "nope.txt"
    code, out, err = run(str(missing), str(reports / SPINE_4_1))
    assert code == 1
    assert err.strip() == f"{missing}: file not found"
    assert json.loads(out.strip())["interpretation"]["first_line"] == "anabolic"
