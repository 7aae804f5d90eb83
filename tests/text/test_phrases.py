"""Phrase cases as data (tests/text/phrases/*.yaml): each text gives the readings listed,
and where a row says so its FRAX, previous exams and review reason codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from dxa.parser.api import parse_text
from dxa.parser.model import Measurement

PHRASES = Path(__file__).parent / "phrases"
CASES = [
    case for path in sorted(PHRASES.glob("*.yaml")) for case in yaml.safe_load(path.read_text())
]
KEYS = ("site", "side", "region")


def matching(measurements: list[Measurement], expected: dict) -> list[Measurement]:
    wanted = {k: expected.get(k) for k in KEYS if k in expected or k == "side"}
    return [
        m
        for m in measurements
        if all(
            (getattr(m, k).value if k != "region" and getattr(m, k) else getattr(m, k)) == v
            for k, v in wanted.items()
        )
    ]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_phrase_gives_its_readings(case: dict) -> None:
    report = parse_text(case["text"])
    for expected in case["readings"]:
        found = matching(report.measurements, expected)
        assert len(found) == 1, (expected, report.measurements)
        values = {k: v for k, v in expected.items() if k not in KEYS}
        assert {k: getattr(found[0], k) for k in values} == values
    if case.get("only"):
        assert len(report.measurements) == len(case["readings"]), report.measurements
    if "frax" in case:  # null: no FRAX result in the text
        frax = report.frax.model_dump() if report.frax else None
        assert frax == case["frax"]
    if "previous" in case:
        previous = [
            {
                "date": p.date.isoformat(),
                "site": p.site.value,
                "side": p.side and p.side.value,
                "bmd": p.bmd,
            }
            for p in report.previous
        ]
        assert previous == case["previous"]
    if "exam_date" in case:
        assert str(report.exam.date) == str(case["exam_date"])
    if "review" in case:
        assert [r.code for r in report.review_reasons] == case["review"]
