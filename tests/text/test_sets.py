"""The independent report sets (tests/text/sets/*) never read worse than their floors in
`floors.json`: field recall and precision as bench/score_sets.py computes them, and no more
reports with a silent error than recorded."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SETS = Path(__file__).parent / "sets"
FLOORS = json.loads((SETS / "floors.json").read_text())
_SPEC = importlib.util.spec_from_file_location(
    "score_sets", Path(__file__).parents[2] / "bench" / "score_sets.py"
)
assert _SPEC and _SPEC.loader
score_sets = importlib.util.module_from_spec(_SPEC)
sys.modules["score_sets"] = score_sets  # its dataclasses look their module up
_SPEC.loader.exec_module(score_sets)


def test_every_set_has_a_floor() -> None:
    folders = {p.name for p in SETS.iterdir() if p.is_dir()}
    assert folders == set(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_set_reads_at_least_its_floor(name: str) -> None:
    score = score_sets.score_set(SETS / name)
    recall = score.correct / score.expected
    precision = score.correct / score.produced
    assert recall >= FLOORS[name]["recall"], score.details
    assert precision >= FLOORS[name]["precision"], score.details
    # A report wrong or incomplete without a review reason: never more than recorded.
    assert len(score.silent) <= FLOORS[name]["silent"], score.silent
