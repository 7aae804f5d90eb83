"""End-to-end scenarios: a dictated text report in tests/scenarios/, parsed and interpreted.

Each `NAME.txt` has a `NAME.yaml` with an optional `context` (what the clinician adds) and
`expect`, checked by tests/interpretation_checks.py (fields exactly, lists and fragments
that must or must not appear). The seed questions of issue 12 and the reviewer-style cases
(`rNN_*`, written from clinical-rules.md v2) are scenarios too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from dxa.interpret import interpret
from dxa.interpret.model import ClinicalContext
from dxa.parser import parse
from interpretation_checks import check

SCENARIOS = Path(__file__).parent / "scenarios"


def scenario_names() -> list[str]:
    return sorted(path.stem for path in SCENARIOS.glob("*.yaml"))


def test_there_are_at_least_twenty_scenarios() -> None:
    names = scenario_names()
    assert len(names) >= 20
    assert all((SCENARIOS / f"{name}.txt").is_file() for name in names)


@pytest.mark.parametrize("name", scenario_names())
def test_scenario(name: str) -> None:
    spec = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    context = ClinicalContext.model_validate(spec.get("context") or {})
    check(interpret(parse(SCENARIOS / f"{name}.txt"), context), spec["expect"])
