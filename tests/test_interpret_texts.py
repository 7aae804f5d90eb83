"""Recommendation wording: every code has a physician and a patient text; patient texts stay safe."""

from __future__ import annotations

import re

import pytest
from dxa.interpret.model import RecommendationCode as Code
from dxa.interpret.texts import PATIENT_TEXTS, PHYSICIAN_TEXTS, SOURCES, patient_text

# Codes whose source depends on why they apply (specialist) or on the §7 row (repeat).
SOURCE_BY_CASE = {Code.specialist_referral, Code.repeat_dxa}


@pytest.mark.parametrize("code", list(Code))
def test_every_code_has_both_wordings_and_a_source(code: Code) -> None:
    assert PHYSICIAN_TEXTS[code]
    assert PATIENT_TEXTS[code]
    assert code in SOURCES or code in SOURCE_BY_CASE


@pytest.mark.parametrize("code", list(Code))
def test_patient_text_names_no_dose_and_gives_no_drug_order(code: Code) -> None:
    text = patient_text(code, months=24)
    if (
        code is not Code.calcium_vitamin_d
    ):  # nutrient amounts are asked for (issue 5), no drug doses
        assert not re.search(r"\b(mg|µg|IU|SC|IV)\b", text)
    assert not re.search(r"^(start|stop|take)\b|\. (Start|Stop|Take)\b", text, re.IGNORECASE)


@pytest.mark.parametrize(
    ("months", "phrase"),
    [(12, "1 year"), (24, "1 to 2 years"), (60, "about 5 years"), (180, "about 15 years")],
)
def test_patient_repeat_interval(months: int, phrase: str) -> None:
    assert phrase in patient_text(Code.repeat_dxa, months=months)


def test_patient_repeat_without_interval_asks_the_clinician() -> None:
    assert "Ask your clinician" in patient_text(Code.repeat_dxa, months=None)


def test_patient_calcium_text_gives_the_amounts_from_the_rule() -> None:
    """Issue 5 asks the patient letter for calcium and vitamin D amounts (BHOF 2022)."""
    text = PATIENT_TEXTS[Code.calcium_vitamin_d]
    assert "1000 to 1200 mg of calcium" in text
    assert "800 to 1000 units of vitamin D" in text
