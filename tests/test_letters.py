"""Both letters render for every kind of result, say the right things, and stay readable."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from dxa.interpret.model import Classification, ClinicalContext, ContextFrax, Scoring
from dxa.letters import wording
from dxa.letters.config import DEFAULT_CLINIC, ClinicConfig
from dxa.letters.figures import BAR_LEFT, format_score, score_scale_svg, x_for
from dxa.letters.readability import body_text, flesch_kincaid_grade
from dxa.letters.render import render, render_html
from dxa.letters.typeset import letter_text
from dxa.letters.views import frax_text, greeting_name
from letter_cases import ALL_CASES, not_classified_child, very_high_risk_off_scale

MAX_PATIENT_GRADE = 8.0


def pdf_pages_and_text(pdf: bytes) -> tuple[int, str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages), "\n".join(page.extract_text() for page in document.pages)


def flat(text: str) -> str:
    """Extracted PDF text with line breaks and hyphen splits joined, for phrase searches."""
    return " ".join(text.split())


@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_physician_pdf_has_every_site_score_and_the_classification(case: str) -> None:
    report, interpretation = ALL_CASES[case]()
    pages, text = pdf_pages_and_text(
        render(report, interpretation, "physician", DEFAULT_CLINIC, "pdf")
    )
    assert 1 <= pages <= 2
    for measurement in report.measurements:
        if measurement.t_score is not None:
            assert format_score(measurement.t_score) in text
        assert f"{measurement.bmd:.3f}" in text
    assert wording.CLASS_NAMES[interpretation.classification] in flat(text)
    for recommendation in interpretation.recommendations:
        assert recommendation.source in text


@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_patient_pdf_fits_two_pages_and_names_the_result(case: str) -> None:
    report, interpretation = ALL_CASES[case]()
    pages, text = pdf_pages_and_text(
        render(report, interpretation, "patient", DEFAULT_CLINIC, "pdf")
    )
    assert 1 <= pages <= 2
    assert wording.PATIENT_CLASS_NAMES[interpretation.classification] in flat(text)
    assert report.patient.name in text
    assert wording.SUPPORTS_NOT_REPLACES in flat(text)


@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_patient_body_text_is_grade_8_or_lower(case: str) -> None:
    report, interpretation = ALL_CASES[case]()
    html = render_html(report, interpretation, "patient", DEFAULT_CLINIC, standalone=True)
    text = body_text(html)
    assert len(text.split()) > 80  # the measured text is the letter, not an empty selection
    assert flesch_kincaid_grade(text) <= MAX_PATIENT_GRADE


def test_patient_letter_marks_the_lowest_score_and_names_its_site() -> None:
    report, interpretation = ALL_CASES["osteoporosis_high_risk"]()
    html = render_html(report, interpretation, "patient", DEFAULT_CLINIC, standalone=True)
    assert "<svg" in html
    # True minus signs (U+2212) in scores; the exact site in the sentence (issue 12).
    assert "You: T-score −2.6, left hip" in html
    assert "Your lowest T-score was −2.6, at your left hip (femoral neck" in html


def test_z_score_patient_gets_the_z_score_scale() -> None:
    report, interpretation = ALL_CASES["z_score_below_range"]()
    html = render_html(report, interpretation, "patient", DEFAULT_CLINIC, standalone=True)
    assert "Below the expected range" in html
    assert "Osteoporosis" not in html
    assert "You: Z-score −2.4" in html


def test_not_classified_has_no_marker_but_a_sentence() -> None:
    report, interpretation = not_classified_child()
    html = render_html(report, interpretation, "patient", DEFAULT_CLINIC, standalone=True)
    assert "<svg" not in html
    assert wording.NO_PICTURE_SENTENCE in html


def test_score_beyond_the_axis_is_clamped_with_its_true_value_printed() -> None:
    svg = score_scale_svg(Scoring.t_score, -5.3, "lower back (spine)")
    assert f"{x_for(-5.3):.1f}," in svg and x_for(-5.3) == BAR_LEFT
    assert "T-score −5.3 (off the scale)" in svg
    report, interpretation = very_high_risk_off_scale()
    html = render_html(report, interpretation, "patient", DEFAULT_CLINIC, standalone=True)
    assert "−5.3 (off the scale)" in html


def test_treatments_are_only_things_to_ask_the_clinician_about() -> None:
    report, interpretation = very_high_risk_off_scale()
    html = render_html(report, interpretation, "patient", DEFAULT_CLINIC, standalone=True)
    lines = [line.strip() for line in body_text(html).splitlines()]
    medicine_lines = [line for line in lines if "medicine" in line or "denosumab" in line]
    assert len(medicine_lines) >= 3  # pharmacologic, anabolic and the sequence all appear
    assert all("ask your clinician" in line.lower() for line in medicine_lines)


def test_next_scan_follows_the_interval_and_the_same_scanner_advice() -> None:
    report, interpretation = ALL_CASES["osteoporosis_high_risk"]()
    html = render_html(report, interpretation, "patient", DEFAULT_CLINIC, standalone=True)
    assert "1 to 2 years" in html and "same machine" in html
    report, interpretation = ALL_CASES["low_bone_mass_frax_needed"]()
    html = render_html(report, interpretation, "patient", DEFAULT_CLINIC, standalone=True)
    assert "Ask your clinician when your next bone density scan should be." in html


def test_physician_letter_marks_derived_values_with_their_reference() -> None:
    report, interpretation = ALL_CASES["osteoporosis_high_risk"]()
    html = render_html(report, interpretation, "physician", DEFAULT_CLINIC, standalone=True)
    assert "Derived T-score: Hologic spine reference: mean 1.047, SD 0.110" in html
    assert html.count('class="derived"') == 1


def test_physician_letter_lists_changes_flags_assumptions_and_missing() -> None:
    report, interpretation = ALL_CASES["osteoporosis_high_risk"]()
    html = render_html(report, interpretation, "physician", DEFAULT_CLINIC, standalone=True)
    assert "−0.047" in html and "−5.3" in html and "0.028" in html
    for item in [
        interpretation.flags[0].text,
        *interpretation.assumptions,
        *interpretation.missing,
    ]:
        assert str(letter_text(item)) in html  # as typeset: true minus, unbroken ranges


def test_every_classification_has_patient_and_physician_words() -> None:
    for classification in Classification:
        assert wording.PATIENT_CLASS_NAMES[classification]
        assert wording.PATIENT_MEANING[classification]
        assert wording.CLASS_NAMES[classification]


@pytest.mark.parametrize(("paper", "width_pt"), [("a4", 595), ("letter", 612)])
def test_paper_size_comes_from_the_clinic(paper: str, width_pt: int) -> None:
    report, interpretation = ALL_CASES["normal_bone_density"]()
    pdf = render(report, interpretation, "patient", ClinicConfig(paper_size=paper), "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert round(document.pages[0].width) == width_pt


def test_clinic_letterhead_and_signatory_appear() -> None:
    clinic = ClinicConfig(
        name="Riverside Bone Clinic",
        address=["1 Example Road", "Sampletown"],
        phone="555-0100",
        signatory_name="Dr. A. Placeholder",
        signatory_title="Consultant in bone health",
    )
    report, interpretation = ALL_CASES["normal_bone_density"]()
    html = render_html(report, interpretation, "physician", clinic, standalone=True)
    for text in ["Riverside Bone Clinic", "1 Example Road", "555-0100", "Dr. A. Placeholder"]:
        assert text in html


def test_greeting_puts_last_comma_first_names_in_speaking_order() -> None:
    assert greeting_name("DOE, JANE") == "Jane Doe"
    assert greeting_name("Harrow, Beatrice") == "Beatrice Harrow"
    assert greeting_name("Jane Example") == "Jane Example"
    assert greeting_name(None) == "patient"


@pytest.mark.parametrize("audience", ["patient", "physician"])
def test_letters_use_only_the_bundled_fonts(audience: str) -> None:
    """System fonts would make layout machine-dependent and subsetting slow."""
    report, interpretation = ALL_CASES["osteoporosis_high_risk"]()
    pdf = render(report, interpretation, audience, DEFAULT_CLINIC, "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        fonts = {char["fontname"].split("+")[-1] for page in document.pages for char in page.chars}
    assert fonts and all(font.startswith("Letter-Sans") for font in fonts)


def test_patient_change_wording_claims_no_more_than_the_lsc_allows() -> None:
    def say(percent: float, significant: bool | None) -> str:
        return wording.patient_change_sentence("hip", "2 May 2022", percent, significant)

    assert say(-5.3, True) == "Your hip has gone down since your scan on 2 May 2022."
    assert "has gone up" in say(4.0, True)
    assert "about the same" in say(-2.0, False)
    assert "gone" not in say(-9.0, None) and "same" not in say(-9.0, None)


def test_frax_names_its_source_and_context_values_win() -> None:
    """The interpreter decides which FRAX wins (once, in interpret/facts.py); the letter
    shows what it used and where each value came from."""
    from dxa.interpret import interpret

    report, _ = ALL_CASES["osteoporosis_high_risk"]()  # the report prints 17% and 3.4%
    assert frax_text(interpret(report)) == (
        "Major osteoporotic 17% (from the report); hip 3.4% (from the report)"
    )
    context = ClinicalContext(frax=ContextFrax(major_osteoporotic=22.0))
    assert frax_text(interpret(report, context)) == (
        "Major osteoporotic 22% (clinical context); hip 3.4% (from the report)"
    )
    no_frax, _ = ALL_CASES["normal_bone_density"]()
    assert frax_text(interpret(no_frax)) == "Not given"
