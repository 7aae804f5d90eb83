"""The clinical history a report gives (report.history): phrase rows as data
(tests/text/clinical/history_phrases.yaml), and the modifier rows' own examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from dxa.parser.api import parse_text
from dxa.parser.text.clinical_terms import RULES

CASES = yaml.safe_load((Path(__file__).parent / "clinical" / "history_phrases.yaml").read_text())
REPORT = "Exam date: 2024-06-01\n{text}\nLumbar spine L1-L4 T-score -1.5.\n"


def history_of(text: str) -> dict:
    history = parse_text(REPORT.format(text=text)).history
    return history.model_dump(mode="json") if history else {}


def close(expected, actual) -> bool:
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(expected - actual) <= 0.1
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            close(e, a) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            close(v, actual[k]) for k, v in expected.items()
        )
    return expected == actual


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_phrase_gives_its_history(case: dict) -> None:
    history = history_of(case["text"])
    for key, value in case.get("history", {}).items():
        assert key in history.get("evidence", {}), (key, history)  # stated, so quoted
        assert close(value, history[key]), (key, history[key], value)
    for key in case.get("absent", []):
        assert history.get(key) is None, (key, history)
        assert key not in history.get("evidence", {}), (key, history)
    if "risk_factors" in case:
        assert [r["code"] for r in history.get("risk_factors", [])] == case["risk_factors"]
    if "past_treatments" in case:
        assert history["past_treatments"] == case["past_treatments"]


def test_no_history_is_null() -> None:
    """A report that says nothing of the patient's history has none, not an empty one."""
    assert parse_text(REPORT.format(text="Technique: standard.")).history is None


def test_a_man_has_no_menopausal_status() -> None:
    report = parse_text(REPORT.format(text="Sex: M. Age 70. Postmenopausal changes noted."))
    assert report.history is None or report.history.menopausal_status is None


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_modifier_row_examples(rule) -> None:
    """Every clinical modifier row applies to the [bracketed] mention of its example and
    not to its not_example's."""
    for text, applies in ((rule.example, True), (rule.not_example, False)):
        match = re.search(r"\[([^\]]+)\]", text)
        plain = text.replace("[", "").replace("]", "")
        start = match.start()
        end = start + len(match[1])
        assert rule.applies(plain, start, end) is applies, (rule.name, text)


def test_an_impossible_history_fact_is_left_out_and_the_report_still_reads() -> None:
    """ "height loss from 165 cm" once failed the whole report on the model's 100 cm bound."""
    from dxa.parser.api import parse_text

    report = parse_text(
        "History: height loss from 165 cm (self-reported maximum) to 161 cm.\n"
        "Lumbar spine L1-L4: BMD 0.838 g/cm2, T-score -1.9.\n"
    )
    assert report.measurements[0].t_score == -1.9
    assert report.history is None or report.history.height_loss_cm is None
