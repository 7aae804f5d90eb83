"""The offline Flesch-Kincaid counter gives sensible grades (it gates the patient letter)."""

from __future__ import annotations

import pytest
from dxa.letters.readability import body_text, flesch_kincaid_grade, sentence_count, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [("bone", 1), ("scan", 1), ("about", 2), ("vitamin", 3), ("calcium", 3), ("osteoporosis", 5)],
)
def test_syllables_of_common_letter_words(word: str, count: int) -> None:
    assert abs(syllables(word) - count) <= (1 if count > 4 else 0)


def test_plain_text_scores_low_and_jargon_scores_high() -> None:
    plain = "Your bones are strong. This is good news. Keep walking every day."
    jargon = (
        "Osteoporosis is a systemic skeletal disease characterized by low bone mass and "
        "microarchitectural deterioration of bone tissue, with a consequent increase in bone "
        "fragility and susceptibility to fracture."
    )
    assert flesch_kincaid_grade(plain) < 4
    assert flesch_kincaid_grade(jargon) > 14


def test_list_items_and_headings_count_as_sentences() -> None:
    assert sentence_count("Heading\n\nFirst item\n\nSecond item. Third.") == 4


def test_body_text_takes_only_the_readable_parts() -> None:
    html = (
        '<header>Clinic Name Ltd</header><div class="readable"><p>Dear Jo,</p>'
        "<ul><li>Walk daily.</li></ul><br></div><table><tr><td>0.843</td></tr></table>"
    )
    text = body_text(html)
    assert "Dear Jo," in text and "Walk daily." in text
    assert "Clinic" not in text and "0.843" not in text


def test_empty_text_has_grade_zero() -> None:
    assert flesch_kincaid_grade("") == 0.0
