"""`dxa export FILE... --format fhir`: one Bundle per file, JSON Lines for several, plain failures."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fhir.resources.R4B.bundle import Bundle

from dxa.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SPINE_PDF = SAMPLES / "pdf" / "hologic_spine.pdf"
TEXT = SAMPLES / "text" / "01_line_per_site.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_one_file_prints_one_valid_bundle() -> None:
    code, out, err = run(str(SPINE_PDF), "--format", "fhir")
    assert (code, err) == (0, "")
    bundle = json.loads(out)
    Bundle.model_validate(bundle)
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert types[:2] == ["Patient", "DiagnosticReport"] and set(types[2:]) == {"Observation"}


def test_several_files_are_json_lines_and_a_bad_one_fails_alone(tmp_path: Path) -> None:
    missing = tmp_path / "gone.pdf"
    code, out, err = run(str(SPINE_PDF), str(missing), str(TEXT))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["resourceType"] == "Bundle" for line in lines)
    assert err.strip() == f"{missing}: file not found"


def test_context_flags_reach_the_bundle() -> None:
    code, out, _ = run(str(TEXT), "--frax-mof", "21", "--frax-hip", "2.4")
    assert code == 0
    values = {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]["valueQuantity"]["value"]
        for e in json.loads(out)["entry"]
        if e["resource"]["resourceType"] == "Observation" and "bodySite" not in e["resource"]
    }
    assert values == {"90265-0": 21.0, "90266-8": 2.4}


def test_an_unknown_format_is_a_usage_error() -> None:
    code, _, err = run(str(TEXT), "--format", "hl7v2")
    assert code == 2 and "hl7v2" in err
