"""Each review reason the text reader gives, on a report that must carry it, and the
self-check's silence on a report it read fully."""

from __future__ import annotations

import pytest
from dxa.parser.api import parse_text
from dxa.parser.review import REVIEW_CODES


def codes(text: str) -> list[str]:
    return [reason.code for reason in parse_text(text).review_reasons]


def test_a_result_shaped_number_left_unread_is_quoted_with_its_line() -> None:
    report = parse_text("Lumbar spine T-score -1.0.\nfem neck (R) -1.9 T / 0.711")
    [reason] = [r for r in report.review_reasons if r.code == "unread_value"]
    assert "0.711 on line 2" in reason.text and report.needs_review


def test_two_values_for_one_site_leave_it_empty_with_a_conflict() -> None:
    text = "Left femoral neck T-score -2.1, BMD 0.700 g/cm2.\nLeft femoral neck T-score -2.6."
    report = parse_text(text)
    [neck] = report.measurements
    assert (neck.t_score, neck.bmd) == (None, 0.700)
    [reason] = report.review_reasons
    assert reason.code == "conflicting_value" and "-2.6" in reason.text


def test_two_exam_dates_leave_the_date_empty_with_a_conflict() -> None:
    text = "Exam date: 03/14/2024\nLumbar spine T-score -1.0.\nStudy date: 03/21/2024"
    report = parse_text(text)
    assert report.exam.date is None
    assert "conflicting_date" in codes(text)


def test_unlabelled_scores_read_as_t_say_so() -> None:
    assert "assumed_score_kind" in codes("Lumbar spine: L1 -1.0, L2 -1.2")


@pytest.mark.parametrize(
    "text",
    [
        "Lumbar spine BMD 0.912 g/cm2, T-score -1.4.",
        "WHO criteria: osteoporosis is a T-score of -2.5 or below.\nLumbar spine T-score -1.0.",
        "The femoral neck BMD decreased by 0.031 g/cm2 since 2021.\nLumbar spine T-score -1.0.",
        "T-scores -1.0 to -2.5 indicate low bone mass.\nLumbar spine T-score -1.0.",
        "ACF = 1.031, BCF = 1.003\nLumbar spine T-score -1.0.",
    ],
)
def test_numbers_read_or_dismissed_give_no_reason(text: str) -> None:
    assert codes(text) == []


def test_one_result_under_both_sides_asks_which_side() -> None:
    """A LEFT HIP title over rows that say "Neck R": the same BMD read for both sides."""
    text = (
        "DXA LUMBAR SPINE AND LEFT HIP\nNeck Right  0.714  -2.4\n"
        "The left femoral neck BMD is 0.714 g/cm2 with a T-score of -2.4."
    )
    assert "conflicting_side" in codes(text)


def test_scores_equal_on_both_sides_are_two_results() -> None:
    assert codes("Femoral neck T-score -2.2 bilaterally. Lumbar spine T-score -1.0.") == []


def test_an_unreadable_age_holds_the_interpretation_not_the_record() -> None:
    from dxa.interpret import interpret
    from dxa.interpret.model import ClinicalContext

    report = parse_text("Sex: F\nLumbar spine BMD 0.912 g/cm2, T-score -1.4.")
    assert report.review_reasons == []
    held = interpret(report)
    assert held.needs_review and [r.code for r in held.review_reasons] == ["unknown_age"]
    assert not interpret(report, ClinicalContext(age=64)).needs_review


def test_every_code_given_is_defined() -> None:
    given = ("unread_value", "conflicting_value", "conflicting_date", "assumed_score_kind")
    for code in (*given, "conflicting_side", "ambiguous_date", "conflicting_age", "unknown_age"):
        assert code in REVIEW_CODES


def test_dates_none_of_which_is_the_exams_say_so() -> None:
    text = (
        "Age/Sex : 74 Y / F    Date : 21/12/2023\nRight femur neck 0.654 T -1.7\n"
        "ADDENDUM (23/12/2023): the T-score was typed in error."
    )
    report = parse_text(text, date_order="dmy")
    assert report.exam.date is None
    [reason] = [r for r in report.review_reasons if r.code == "unknown_exam_date"]
    assert "21/12/2023" in reason.text and "23/12/2023" in reason.text


def test_no_unknown_exam_date_when_the_only_dates_are_earlier_exams() -> None:
    text = "Spine L1-L4: BMD 0.836 g/cm2, T: -1.9.\nCompared with 19/02/2024, spine 0.822."
    assert "unknown_exam_date" not in codes(text)


def test_a_spoken_signed_score_left_unread_is_quoted() -> None:
    text = "Lumbar spine L1-L4 BMD 0.701 T-score -3.1.\nL hip neck: 0.512, its value minus two point nine."
    report = parse_text(text)
    assert any(r.code == "unread_value" and "minus 2.9" in r.text for r in report.review_reasons)


def test_a_report_dating_only_its_paperwork_has_no_exam_date_and_says_so() -> None:
    text = (
        "Patient: A. EXAMPLE\nReported on: 14/10/2026\n\n"
        "Lumbar spine L1-L4: BMD 0.812 g/cm2, Z-score -1.9."
    )
    report = parse_text(text, date_order="dmy")
    assert report.exam.date is None
    assert "unknown_exam_date" in codes_of_report(report)


def test_a_labelled_exam_date_beside_paperwork_dates_is_kept() -> None:
    text = (
        "Exam date: 12/10/2026   Reported on: 14/10/2026\n"
        "Lumbar spine L1-L4: BMD 0.812 g/cm2, Z-score -1.9."
    )
    assert parse_text(text, date_order="dmy").exam.date.isoformat() == "2026-10-12"


def codes_of_report(report) -> list[str]:
    return [reason.code for reason in report.review_reasons]
