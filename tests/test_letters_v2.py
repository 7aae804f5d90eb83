"""Letters that tell the whole truth (issue 12, Build point 3), on the layout variants of
tests/letter_variants.py: real reports interpreted by the real rules, then rendered."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from dxa.interpret import interpret
from dxa.interpret.model import ClinicalContext
from dxa.letters import wording
from dxa.letters.config import DEFAULT_CLINIC
from dxa.letters.figures import MUTED_COLOUR
from dxa.letters.render import render, render_html
from dxa.letters.views import patient_view, physician_view
from letter_variants import VARIANTS, interpreted

from dxa.pipeline import held_audiences

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def html_of(name: str, audience: str) -> str:
    report, interpretation = interpreted(name)
    return render_html(report, interpretation, audience, DEFAULT_CLINIC, standalone=True)


def test_z_scores_say_why_beside_the_scores() -> None:
    report, interpretation = interpreted("z_scored")
    view = physician_view(report, interpretation)
    assert view["scores_note"].startswith("Premenopausal: Z-scores used (ISCD 2023)")
    html = html_of("z_scored", "physician")
    table_end = html.index("</table>", html.index('class="results"'))
    assert html.index("Premenopausal: Z-scores used") - table_end < 40  # right under the scores
    assert physician_view(*interpreted("t_scored"))["scores_note"] is None


def test_fracture_based_diagnosis_is_said_plainly_and_not_drawn_green() -> None:
    html = html_of("fracture_based", "patient")
    assert "osteoporosis</strong>, because of the broken bone in your spine." in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "#cde8cf" not in svg  # the green band colour
    assert MUTED_COLOUR in svg and wording.FRACTURE_FIGURE_NOTE in svg
    assert "This is good news" not in html
    plain = html_of("t_scored", "patient")
    assert "#cde8cf" in plain and "broken bone" not in plain


def test_changes_name_each_site_once_per_date() -> None:
    report, interpretation = interpreted("with_changes")
    lines = patient_view(report, interpretation)["changes"]
    assert len(lines) == 4
    neck = [line for line in lines if "femoral neck" in line]
    total = [line for line in lines if "total hip" in line]
    assert len(neck) == 1 and len(total) == 2  # total hip: two earlier dates
    assert {("2 February 2022" in line) for line in total} == {True, False}
    assert all("your left hip has" not in line.lower() for line in lines)


def test_changes_of_one_site_and_date_never_contradict() -> None:
    """Two spine ranges are both 'your lower back': the patient hears one of them."""
    report, interpretation = interpreted("with_changes")
    spine = interpretation.changes[0]
    twin = spine.model_copy(update={"region": "L2-L4", "significant": False})
    interpretation = interpretation.model_copy(update={"changes": [*interpretation.changes, twin]})
    lines = patient_view(report, interpretation)["changes"]
    back = [line for line in lines if "lower back" in line]
    assert back == ["Your lower back (spine) has gone down since your scan on 2 February 2022."]


@pytest.mark.parametrize(("name", "shown"), [("on_treatment", True), ("t_scored", False)])
def test_denosumab_line_only_for_a_patient_on_denosumab(name: str, shown: bool) -> None:
    report, interpretation = interpreted(name)
    codes = {rec.code.value for rec in interpretation.recommendations}
    assert "denosumab_discontinuation_warning" in codes  # the physician always hears it
    html = html_of(name, "patient")
    assert ("denosumab (Prolia)" in html) is shown
    assert "is part of your care" not in html


def test_physician_letter_typesetting() -> None:
    html = html_of("t_scored", "physician")
    assert "33% (one-third) radius (left)" in html and "Radius 33" not in html
    assert "left 33% (one-third) radius" in html and "radius 33" not in html  # the basis
    results = html[
        html.index('class="results"') : html.index("</table>", html.index('class="results"'))
    ]
    assert "−1.9" in results and not re.search(r">-\d", results)
    changes = html_of("with_changes", "physician")
    assert not ISO_DATE.search(changes.split("<body", 1)[1]), "one date format"
    assert "2 February 2022" in changes and "−0.057" in changes
    fracture = html_of("fracture_based", "physician")
    assert '<span class="nowrap">L1-L2,L4</span>' in fracture


@pytest.mark.parametrize(
    ("name", "fragments"),
    [
        ("z_scored", ["1000 mg of calcium", "600 units of vitamin D"]),  # aged 41
        ("t_scored", ["1000 to 1200 mg of calcium", "800 to"]),  # aged 68
    ],
)
def test_calcium_and_vitamin_d_for_the_patients_age(name: str, fragments: list[str]) -> None:
    html = html_of(name, "patient")
    assert all(fragment in html for fragment in fragments)


def test_held_report_gets_a_draft_physician_letter_and_no_patient_letter() -> None:
    report, interpretation = interpreted("held_for_review")
    assert interpretation.needs_review
    assert "patient" not in held_audiences(interpretation)
    html = html_of("held_for_review", "physician")
    assert wording.DRAFT_MARK in html and "draft-banner" in html


@pytest.mark.parametrize("name", sorted(VARIANTS))
@pytest.mark.parametrize("audience", ["patient", "physician"])
def test_no_page_holds_only_the_closing(name: str, audience: str) -> None:
    report, interpretation = interpreted(name)
    pdf = render(report, interpretation, audience, DEFAULT_CLINIC, "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        last = document.pages[-1].extract_text()
        pages = len(document.pages)
    closing = [
        DEFAULT_CLINIC.signatory_name,
        DEFAULT_CLINIC.name,
        wording.PHYSICIAN_SUPPORTS_NOT_REPLACES,
        "With best wishes,",
        "Page ",
        "DRAFT",
    ]
    rest = [
        line
        for line in last.splitlines()
        if line.strip() and not any(part in line for part in closing) and " · ID " not in line
    ]
    assert pages == 1 or rest, f"page {pages} holds only the closing: {last!r}"


def test_derived_t_scores_show_in_the_results_with_their_reference() -> None:
    """A caller that passes the unprepared report still gets the derived T-scores in the
    table, and the note names each reference's mean and SD (clinical rules §9)."""
    report, context = VARIANTS["t_scored"]
    bare = report.model_copy(
        update={
            "measurements": [
                m.model_copy(update={"t_score": None, "z_score": None})
                for m in report.measurements
                if m.site.value == "lumbar_spine"
            ]
        }
    )
    html = render_html(bare, interpret(bare, context), "physician", DEFAULT_CLINIC, standalone=True)
    results = html[
        html.index('class="results"') : html.index("</table>", html.index('class="results"'))
    ]
    assert "−1.9" in results and "Derived T-score" in results  # (0.843 − 1.047) / 0.110 = −1.85
    assert "mean 1.047 g/cm², SD 0.11" in html


def test_context_counts_read_in_the_singular_for_one() -> None:
    report, _ = VARIANTS["on_treatment"]
    context = ClinicalContext(
        menopausal_status="post",
        fractures=[{"site": "hip", "years_ago": 1}],
        on_treatment="alendronate",
        treatment_years=1,
    )
    html = render_html(
        report, interpret(report, context), "physician", DEFAULT_CLINIC, standalone=True
    )
    assert "hip, 1 year ago" in html and "1 years" not in html
