"""The report audit (clinical-rules §10): table-driven, one case per discrepancy code and
its clean counterpart, then what a discrepancy does (holds the report, is listed)."""

from __future__ import annotations

import pytest
from dxa.interpret import interpret
from dxa.interpret.discrepancies import DISCREPANCY_CODES
from dxa.interpret.model import ClinicalContext
from dxa.parser.api import parse_text

HEADER = "Exam date: 2024-06-01\nSex: F  Age: {age}\n"
OLD_WOMAN = {"age": 67, "menopausal_status": "post", "fractures": []}

# (name, report body, context, codes expected)
CASES = [
    (
        "minus_one_called_osteopenia",
        "Left femoral neck T-score -1.0.\nLumbar spine L1-L4 T-score -0.4.\nIMPRESSION: Osteopenia.",
        OLD_WOMAN,
        ["class_mismatch"],
    ),
    (
        "minus_one_one_is_osteopenia",
        "Left femoral neck T-score -1.1.\nLumbar spine L1-L4 T-score -0.4.\nIMPRESSION: Osteopenia.",
        OLD_WOMAN,
        [],
    ),
    (
        "minus_two_four_called_osteoporosis",
        "Left femoral neck T-score -2.4.\nIMPRESSION: Osteoporosis.",
        OLD_WOMAN,
        ["class_mismatch"],
    ),
    (
        "wards_area_used",
        "Left femoral neck T-score -2.0.\nLeft Ward's triangle T-score -2.7.\n"
        "IMPRESSION: Osteoporosis based on Ward's triangle (T-score -2.7).",
        OLD_WOMAN,
        ["non_diagnostic_site"],
    ),
    (
        "single_vertebra_used",
        "Lumbar spine L1-L4 T-score -2.1.\nL3 T-score -2.7.\n"
        "IMPRESSION: Osteoporosis based on L3 (T-score -2.7).",
        OLD_WOMAN,
        ["non_diagnostic_site"],
    ),
    (
        "t_scores_for_a_premenopausal_woman",
        "Lumbar spine L1-L4 T-score -1.8, Z-score -1.0.\nIMPRESSION: Osteopenia.",
        {"age": 38, "menopausal_status": "pre"},
        ["t_score_in_young"],
    ),
    (
        "z_scores_for_a_premenopausal_woman",
        "Lumbar spine L1-L4 T-score -1.8, Z-score -1.0.\n"
        "IMPRESSION: Bone density within the expected range for age.",
        {"age": 38, "menopausal_status": "pre"},
        [],
    ),
    (
        "wrong_lowest_site",
        "Lumbar spine L1-L4 T-score -1.5.\nLeft femoral neck T-score -2.2.\n"
        "Left total hip T-score -1.8.\nIMPRESSION: Osteopenia; the lowest T-score is at the lumbar spine.",
        OLD_WOMAN,
        ["wrong_lowest_site"],
    ),
    (
        "right_lowest_site",
        "Lumbar spine L1-L4 T-score -1.5.\nLeft femoral neck T-score -2.2.\n"
        "Left total hip T-score -1.8.\nIMPRESSION: Osteopenia; the lowest T-score is at the left femoral neck.",
        OLD_WOMAN,
        [],
    ),
    (
        "change_below_lsc_called_significant",
        "Lumbar spine L1-L4 BMD 0.850 g/cm2, T-score -1.8.\n"
        "Compared with 2022-06-01, the lumbar spine BMD was 0.860 g/cm2.\n"
        "IMPRESSION: Osteopenia. Significant decrease in lumbar spine BMD since the prior exam.",
        OLD_WOMAN,
        ["change_significance"],
    ),
    (
        "change_below_lsc_called_stable",
        "Lumbar spine L1-L4 BMD 0.850 g/cm2, T-score -1.8.\n"
        "Compared with 2022-06-01, the lumbar spine BMD was 0.860 g/cm2.\n"
        "IMPRESSION: Osteopenia. No significant change at the lumbar spine since the prior exam.",
        OLD_WOMAN,
        [],
    ),
    (
        "hip_fracture_left_out",
        "Left femoral neck T-score -1.8.\nIMPRESSION: Osteopenia.",
        {**OLD_WOMAN, "fractures": [{"site": "hip", "years_ago": 0.5}]},
        ["fracture_omitted"],
    ),
    (
        "hip_fracture_in_the_report_left_out",
        "History: low-trauma hip fracture 6 months ago.\nLeft femoral neck T-score -1.8.\n"
        "IMPRESSION: Osteopenia.",
        {"age": 67, "menopausal_status": "post"},
        ["fracture_omitted"],
    ),
    (
        "hip_fracture_named",
        "Left femoral neck T-score -1.8.\n"
        "IMPRESSION: Osteoporosis, by the clinical diagnosis of a hip fracture.",
        {**OLD_WOMAN, "fractures": [{"site": "hip", "years_ago": 0.5}]},
        [],
    ),
]


def interpreted(body: str, context: dict, **options):
    report = parse_text(HEADER.format(age=context.get("age", 67)) + body)
    return interpret(report, ClinicalContext(**context), **options)


@pytest.mark.parametrize("name, body, context, codes", CASES, ids=[c[0] for c in CASES])
def test_discrepancy_codes(name: str, body: str, context: dict, codes: list[str]) -> None:
    result = interpreted(body, context)
    assert [d.code for d in result.discrepancies] == codes
    for discrepancy in result.discrepancies:
        assert discrepancy.text and discrepancy.source  # neutral sentence, with its rule


def test_every_code_has_a_case() -> None:
    covered = {code for case in CASES for code in case[3]}
    assert covered == set(DISCREPANCY_CODES)


def test_a_discrepancy_holds_the_report() -> None:
    body, context = CASES[0][1], CASES[0][2]
    result = interpreted(body, context)
    assert result.needs_review
    assert [r.code for r in result.review_reasons] == ["report_discrepancy"]
    clean = interpreted(CASES[1][1], CASES[1][2])
    assert not clean.needs_review


def test_an_approved_report_keeps_its_discrepancies_listed_but_not_held() -> None:
    result = interpreted(CASES[0][1], CASES[0][2], hold_on_discrepancies=False)
    assert [d.code for d in result.discrepancies] == ["class_mismatch"]
    assert not result.needs_review
