"""End-to-end scenarios: a dictated text report in tests/scenarios/, parsed and interpreted.

Each `NAME.txt` has a `NAME.yaml` with an optional `context` (what the clinician adds) and
`expect`: interpretation fields to match exactly, `diagnostic_site` and `changes` to match
key by key, and lists of recommendation codes, flag codes and missing inputs that must
(`_include`) or must not (`_exclude`) appear.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from dxa.interpret import interpret
from dxa.interpret.model import ClinicalContext
from dxa.parser import parse

SCENARIOS = Path(__file__).parent / "scenarios"
EXACT_FIELDS = (
    "scoring",
    "classification",
    "severe",
    "risk_category",
    "treatment_decision",
    "first_line",
    "repeat_dxa_months",
)


def scenario_names() -> list[str]:
    return sorted(path.stem for path in SCENARIOS.glob("*.yaml"))


def codes_of(items: list[dict[str, Any]]) -> set[str]:
    return {item["code"] for item in items}


def check_subset(actual: dict[str, Any] | None, expected: dict[str, Any], what: str) -> None:
    assert actual is not None, f"{what}: none"
    for key, value in expected.items():
        assert actual[key] == value, f"{what}.{key}: {actual[key]!r} != {value!r}"


def test_there_are_at_least_twenty_scenarios() -> None:
    names = scenario_names()
    assert len(names) >= 20
    assert all((SCENARIOS / f"{name}.txt").is_file() for name in names)


@pytest.mark.parametrize("name", scenario_names())
def test_scenario(name: str) -> None:
    spec = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    context = ClinicalContext.model_validate(spec.get("context") or {})
    result = interpret(parse(SCENARIOS / f"{name}.txt"), context).to_json_dict()
    expect = spec["expect"]
    for field in EXACT_FIELDS:
        if field in expect:
            assert result[field] == expect[field], f"{field}: {result[field]!r}"
    if "diagnostic_site" in expect:
        check_subset(result["diagnostic_site"], expect["diagnostic_site"], "diagnostic_site")
    recommended = codes_of(result["recommendations"])
    assert set(expect.get("recommendations_include", [])) <= recommended, recommended
    assert not set(expect.get("recommendations_exclude", [])) & recommended, recommended
    flags = codes_of(result["flags"])
    assert set(expect.get("flags_include", [])) <= flags, result["flags"]
    if "flags" in expect:
        assert sorted(flags) == sorted(expect["flags"]), result["flags"]
    assert set(expect.get("missing_include", [])) <= set(result["missing"]), result["missing"]
    assert not set(expect.get("missing_exclude", [])) & set(result["missing"]), result["missing"]
    for fragment in expect.get("basis_contains", []):
        assert fragment in result["basis"], result["basis"]
    for text_fragment in expect.get("flag_text_contains", []):
        assert any(text_fragment in flag["text"] for flag in result["flags"]), result["flags"]
    if "changes" in expect:
        assert len(result["changes"]) == len(expect["changes"]), result["changes"]
        for actual, wanted in zip(result["changes"], expect["changes"], strict=True):
            check_subset(actual, wanted, "change")
