"""The review app's pure parts: which words are boxed, which numbers are marked, and how
a clinician's change is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from dxa.interpret.model import ClinicalContext
from dxa.parser.model import Report

from dxa.review.approve import CorrectionError, changes, corrections_from
from dxa.review.source import number_of, text_lines, value_keys


@pytest.mark.parametrize(
    ("word", "number"),
    [("-1.9", -1.9), ("\u22121.9", -1.9), ("0.843,", 0.843), ("(2.4)", 2.4), ("L1-L4", None)],
)
def test_a_word_is_a_number_once_its_punctuation_is_off(word: str, number) -> None:
    assert number_of(word) == number


RECORD = {
    "measurements": [
        {"site": "femoral_neck", "bmd": 0.652, "t_score": -2.1, "z_score": -0.6},
        {"site": "total_hip", "bmd": 0.771, "t_score": -1.5, "provenance": "derived"},
    ]
}


def test_values_are_keyed_by_measurement_and_reasons_by_their_decimals() -> None:
    reasons = [{"code": "unread_row", "text": "results row 'Neck2 0.712 -1.5' on line 9"}]
    keys = value_keys(RECORD, reasons)
    assert keys[0.652] == ["m0.bmd"] and keys[-2.1] == ["m0.t_score"]
    assert 0.771 not in keys  # a derived row's numbers were not printed by the report
    assert keys[0.712] == ["reason"] and keys[-1.5] == ["reason"]
    assert 9.0 not in keys  # 'line 9' is no value


def test_text_lines_mark_only_the_read_numbers(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    source.write_text("Left femoral neck T-score -2.1 (2019: 0.700)\nAge 68\n")
    lines = text_lines(source, value_keys(RECORD, []))
    assert lines[0] == [
        {"text": "Left femoral neck T-score ", "keys": []},
        {"text": "-2.1", "keys": ["m0.t_score"]},
        {"text": " (2019: 0.700)", "keys": []},
    ]
    assert lines[1] == [{"text": "Age 68", "keys": []}]


def report(*measurements: dict) -> Report:
    return Report.model_validate(
        {"source": {"path": "x.txt", "format": "text"}, "measurements": list(measurements)}
    )


def test_changes_name_each_value_row_and_context_key() -> None:
    neck = {"site": "femoral_neck", "side": "left", "t_score": -2.1}
    spine = {"site": "lumbar_spine", "region": "L1-L4", "t_score": -1.0}
    before = report(neck, spine)
    after = report({**neck, "t_score": -2.8})
    found = changes(before, ClinicalContext(age=70), after, ClinicalContext(age=71, sex="female"))
    assert found == [
        {"field": "measurements[0].t_score", "from": -2.1, "to": -2.8},
        {
            "field": "measurements[1]",
            "from": before.measurements[1].model_dump(mode="json"),
            "to": None,
        },
        {"field": "context.age", "from": 70.0, "to": 71.0},
        {"field": "context.sex", "from": None, "to": "female"},
    ]


def test_an_empty_body_is_no_correction_and_a_blank_reviewer_is_none() -> None:
    empty = corrections_from(None)
    assert (empty.measurements, empty.context, empty.reviewer) == (None, {}, None)
    assert corrections_from({"reviewer": "   "}).reviewer is None
    with pytest.raises(CorrectionError, match="at most 60"):
        corrections_from({"measurements": [{}] * 61})
