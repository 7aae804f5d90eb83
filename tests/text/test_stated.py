"""The report's own conclusions (report.stated): phrase rows as data
(tests/text/clinical/stated_phrases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from dxa.parser.api import parse_text

CASES = yaml.safe_load((Path(__file__).parent / "clinical" / "stated_phrases.yaml").read_text())
REPORT = "Exam date: 2024-06-01\nLumbar spine L1-L4 T-score -1.5.\n{text}\n"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_phrase_gives_its_conclusion(case: dict) -> None:
    stated = parse_text(REPORT.format(text=case["text"])).stated
    got = stated.model_dump(mode="json") if stated else {}
    if "classification" in case:
        assert got.get("classification") == case["classification"], got
        if case["classification"]:
            assert got["evidence"]["classification"]  # quoted
    if "lowest_site" in case:
        site = got.get("lowest_site") or {}
        assert {k: site.get(k) for k in case["lowest_site"]} == case["lowest_site"], got
    if "changes" in case:
        changes = [
            {"site": c["site"], "significant": c["significant"]} for c in got.get("changes", [])
        ]
        assert changes == case["changes"], got
    for key in ("treatment", "repeat_months"):
        if key in case:
            assert got.get(key) == case[key], got
