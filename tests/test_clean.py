"""Text cleaning in one place (parser/clean.py): control and bidi characters never reach a
letter or a record from a PDF, and show escaped in logs and messages."""

from __future__ import annotations

import hostile
import pytest
from dxa.letters.config import ClinicConfig
from dxa.letters.render import render
from dxa.parser.clean import clean_text, excerpt, visible
from dxa.parser.document import load_document
from letter_cases import osteoporosis_high_risk

HIDDEN = ("\u202e", "\x00", "\x1b", "\x07", "\u200b", "\u2066")
HOSTILE_NAME = "Smith\u202eFDP.exe\x00\x1b[31m\x07"


def test_clean_text_removes_hidden_characters_and_keeps_the_rest() -> None:
    assert clean_text(HOSTILE_NAME) == "SmithFDP.exe[31m"
    assert (
        clean_text("M\xfcller, Jos\xe9\nline two\tcolumn") == "M\xfcller, Jos\xe9\nline two\tcolumn"
    )


def test_visible_escapes_instead_of_removing() -> None:
    assert visible("a.txt\nforged\u202e") == "a.txt\\nforged\\u202e"
    assert visible("M\xfcller.pdf") == "M\xfcller.pdf"


def test_excerpt_is_short_for_any_value() -> None:
    huge = [[["x" * 1000] * 1000] * 1000]  # a million references, quoted in constant time
    assert len(excerpt(huge)) <= 40
    assert len(excerpt("y" * 10**6)) <= 40
    assert excerpt(10**5000) and len(excerpt(10**5000)) <= 40


@pytest.mark.parametrize("audience", ["patient", "physician"])
def test_hidden_characters_never_reach_a_letter(audience: str) -> None:
    report, interpretation = osteoporosis_high_risk()
    report = report.model_copy(
        update={
            "patient": report.patient.model_copy(update={"name": HOSTILE_NAME}),
            "exam": report.exam.model_copy(update={"device": "Horizon\u2066 A\u200b\x07"}),
        }
    )
    html = render(report, interpretation, audience, ClinicConfig(), "html").decode()
    assert not [char for char in HIDDEN if char in html]
    if audience == "physician":
        assert "SmithFDP.exe" in html


def test_pdf_words_are_cleaned_like_text_reports() -> None:
    """A font whose codes stand for RLO, BEL, ESC and NUL, as a hostile PDF may declare."""
    hidden = {0x51: "\u202e", 0x52: "\x07", 0x53: "\x1b", 0x54: "\x00"}
    letters = {code: chr(code) for code in range(0x41, 0x51)}  # A..P as themselves
    pdf = hostile.pdf_with_content(
        b"BT /F1 10 Tf 1 0 0 1 50 700 Tm (ABQCRD) Tj 1 0 0 1 50 650 Tm (TS) Tj ET",
        to_unicode=hostile.cmap(letters | hidden),
    )
    words = [word.text for word in load_document(pdf).pages[0].words]
    assert words == ["ABCD"]


def test_free_text_of_a_context_is_cleaned() -> None:
    from dxa.interpret.model import ClinicalContext

    context = ClinicalContext.model_validate({"on_treatment": "alendro\u202enate\x00\x1b"})
    assert context.on_treatment == "alendronate"
