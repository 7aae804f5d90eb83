"""The patient's own facts in report text (parser/text/demographics.py), as phrase rows.

Every row in tests/text/fields/demographics.yaml states each field that must be read and
so, by omission, every field that must stay null: a history age read as the patient's
("early menopause (age 42)") fails the row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from dxa.parser.review import REVIEW_CODES
from dxa.parser.text.demographics import age_patterns, read_patient

ROWS = yaml.safe_load((Path(__file__).parent / "text" / "fields" / "demographics.yaml").read_text())


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["text"][:60])
def test_patient_fields_from_a_phrase(row: dict) -> None:
    lines = row["text"].split("\n")
    reading = read_patient(lines, row.get("exam"), row.get("order"), columned=lines)
    read = reading.patient.model_dump(exclude_none=True)
    assert {key: getattr(value, "value", value) for key, value in read.items()} == row["expect"]
    assert [reason.code for reason in reading.reasons] == row.get("reasons", [])


def test_there_are_enough_rows_and_every_reason_is_a_known_code() -> None:
    assert len(ROWS) >= 60
    assert {code for row in ROWS for code in row.get("reasons", [])} <= set(REVIEW_CODES)


@pytest.mark.parametrize("pattern", age_patterns(), ids=lambda pattern: pattern.name)
def test_every_age_pattern_matches_its_own_example(pattern) -> None:
    match = pattern.regex.search(pattern.example)
    assert match and re.fullmatch(r"\d{1,3}(?:\.\d)?", match["age"])


def test_a_refused_history_age_is_reported_as_dismissed() -> None:
    reading = read_patient(["72 yo F, early menopause (age 42)"], None, None)
    assert reading.patient.age == 72
    assert reading.dismissed == ["'age 42' dates a history event"]
    assert reading.evidence["age"] == "72 yo F"


def test_a_spoken_age_is_read_after_the_text_is_cleaned() -> None:
    """Dictation spells the age out ("a seventy-three-year-old woman"); the reader writes it
    as digits before the demographics look for it."""
    from dxa.parser.api import parse_text

    report = parse_text(
        "Patient is a seventy-three-year-old woman for osteoporosis screening.\n"
        "Lumbar spine L1-L4: BMD 0.812 g/cm2, T-score -2.1.\n"
    )
    assert (report.patient.age, report.patient.sex and report.patient.sex.value) == (73, "female")
