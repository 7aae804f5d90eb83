"""Free-text reading: behaviours beyond text -> values (those are rows in tests/text/phrases/),
in reports no sample file covers."""

from __future__ import annotations

import datetime as dt

import pytest
from dxa.parser.api import parse_text
from dxa.parser.errors import NoResultsFound
from dxa.parser.model import Report, Sex, Side, Site


def read(text: str, date_order: str | None = None) -> Report:
    return parse_text(text, date_order=date_order)


def only(report: Report, site: Site, side: Side | None = None):
    found = [m for m in report.measurements if m.site is site and m.side is side]
    assert len(found) == 1, report.measurements
    return found[0]


def test_comparison_sentence_fills_previous_not_current() -> None:
    report = read(
        "Left total hip BMD 0.700 g/cm2, T-score -2.0. Compared with 04/11/2022, "
        "the left total hip BMD was 0.731 g/cm2 on a GE Lunar Prodigy.",
        date_order="mdy",
    )
    assert only(report, Site.total_hip, Side.left).bmd == 0.700
    [previous] = report.previous
    assert (previous.date, previous.site, previous.side) == (
        dt.date(2022, 4, 11),
        Site.total_hip,
        Side.left,
    )
    assert (previous.bmd, previous.device) == (0.731, "GE Lunar Prodigy")


def test_from_to_puts_the_first_value_in_previous() -> None:
    report = read("Since 2022-01-10 the L1-L4 BMD fell from 0.950 g/cm2 to 0.911 g/cm2.")
    assert only(report, Site.lumbar_spine).bmd == 0.911
    assert [p.bmd for p in report.previous] == [0.950]


def test_conflicting_values_are_left_out_with_a_warning() -> None:
    report = read("Left femoral neck T-score -2.1.\nLeft femoral neck T-score -1.7.\nL1-L4 T -1.0")
    assert all(m.site is not Site.femoral_neck for m in report.measurements)
    assert any("femoral neck" in w for w in report.warnings)


def test_frax_in_either_order() -> None:
    report = read("L1-L4 T -1.0.\nFRAX: 12% for a major osteoporotic fracture and 2.1% for hip.")
    assert report.frax is not None
    assert (report.frax.major_osteoporotic, report.frax.hip) == (12.0, 2.1)


def test_patient_and_exam_facts() -> None:
    report = read(
        "Name: Testperson, Ada  DOB: 02.03.1950  MRN: QX-1001\n"
        "Exam date: March 4, 2024 on a GE Lunar Prodigy.\n"
        "74-year-old woman. L1-L4 T-score -1.0."
    )
    assert report.patient.name == "Testperson, Ada"
    assert report.patient.birth_date == dt.date(1950, 3, 2)
    assert report.patient.id == "QX-1001"
    assert (report.patient.sex.value, report.patient.age) == ("female", 74)
    assert report.exam.date == dt.date(2024, 3, 4)
    assert report.exam.device == "GE Lunar Prodigy"


def test_no_side_named_leaves_side_null() -> None:
    assert only(read("Total hip T-score -1.2"), Site.total_hip).side is None


def test_standardized_bmd_is_not_a_bmd() -> None:
    hip = only(
        read("Right total hip: sBMD 0.751 mg/cm2, T-score -1.6."), Site.total_hip, Side.right
    )
    assert (hip.bmd, hip.t_score) == (None, -1.6)


@pytest.mark.parametrize("text", ["Bone density is normal.", "WHO: T-score -2.5 or below.", "x"])
def test_no_measurement_raises_no_results(text: str) -> None:
    with pytest.raises(NoResultsFound):
        read(text)


def test_side_named_after_each_value() -> None:
    report = read("The femoral neck T-score is -2.4 on the left and -2.0 on the right.")
    assert only(report, Site.femoral_neck, Side.left).t_score == -2.4
    assert only(report, Site.femoral_neck, Side.right).t_score == -2.0


def test_hip_heading_side_reaches_the_sites_after_it() -> None:
    report = read(
        "Densitometry of the right hip demonstrates a femoral neck T-score of -2.1 and a "
        "total hip T-score of -1.6."
    )
    assert only(report, Site.femoral_neck, Side.right).t_score == -2.1
    assert only(report, Site.total_hip, Side.right).t_score == -1.6


def test_previous_exam_heading_before_a_colon() -> None:
    report = read("L1-L4 BMD 0.862 g/cm2, T -1.8.\nPREVIOUS EXAM 7/20/2022: L1-L4 BMD 0.880 G/CM2.")
    assert only(report, Site.lumbar_spine).bmd == 0.862
    assert [(p.date, p.bmd) for p in report.previous] == [(dt.date(2022, 7, 20), 0.880)]


@pytest.mark.parametrize(
    "text", ["\x00\x07" * 500 + "L1-L4 T -2.0", "(" * 100_000, "L1-" * 50_000, "-1.0 " * 100_000]
)
def test_hostile_text_gives_a_report_or_no_results(text: str) -> None:
    try:
        report = read(text)
    except NoResultsFound:
        return
    assert report.measurements


def test_one_value_is_not_shared_when_other_numbers_were_not_understood() -> None:
    report = read(
        "BMD of the lumbar spine, femoral neck and total hip were 0.9, 0.7 and 0.8 g/cm2 "
        "respectively.\nL1-L4 T-score -1.0."
    )
    assert all(m.bmd is None for m in report.measurements)
    assert any("BMD" in w for w in report.warnings)


def test_a_value_dated_to_another_year_is_not_today() -> None:
    report = read("Left femoral neck T-score -2.6 in 2018. Left femoral neck T-score -2.2.")
    assert only(report, Site.femoral_neck, Side.left).t_score == -2.2


def test_table_header_over_two_lines() -> None:
    report = read(
        "                     BMD        Young Adult     Age Matched\n"
        "Region               (g/cm2)    T-Score         Z-Score\n"
        "Left Femoral Neck    0.655      -1.9            -0.6\n"
    )
    neck = only(report, Site.femoral_neck, Side.left)
    assert (neck.bmd, neck.t_score, neck.z_score) == (0.655, -1.9, -0.6)


def test_trend_table_rows_give_previous_bmds() -> None:
    report = read(
        "Exam date: 2024-04-15\n\nLeft femoral neck trend\nDate        BMD     T-score\n"
        "04/15/2024  0.601   -2.4\n02/02/2022  0.622   -2.2\n"
    )
    neck = only(report, Site.femoral_neck, Side.left)
    assert (neck.bmd, neck.t_score) == (0.601, -2.4)
    assert [(p.date, p.side, p.bmd) for p in report.previous] == [
        (dt.date(2022, 2, 2), Side.left, 0.622)
    ]


def test_site_in_brackets_after_each_value() -> None:
    report = read("T-scores: -0.8 (lumbar spine), -1.1 (left femoral neck).")
    assert only(report, Site.lumbar_spine).t_score == -0.8
    assert only(report, Site.femoral_neck, Side.left).t_score == -1.1


def test_label_alone_on_a_line_labels_the_lines_under_it() -> None:
    report = read("Z-scores:\nLumbar spine: -2.2\nLeft femoral neck: -1.4\n")
    assert only(report, Site.lumbar_spine).z_score == -2.2
    assert only(report, Site.femoral_neck, Side.left).z_score == -1.4


def test_a_forearm_heading_side_does_not_reach_hip_sites() -> None:
    report = read(
        "LEFT FOREARM\nRadius 33%: BMD 0.611 g/cm2, T-score -3.1\n"
        "Femoral neck: BMD 0.700 g/cm2, T-score -1.5\n"
    )
    assert only(report, Site.radius_33, Side.left).t_score == -3.1
    assert only(report, Site.femoral_neck).t_score == -1.5


def test_previous_value_takes_the_region_of_todays_only_spine_reading() -> None:
    report = read(
        "Lumbar spine (L1-L4): BMD 0.843 g/cm2.\n"
        "Compared with 04/11/2022, the lumbar spine BMD was 0.872 g/cm2.",
        date_order="mdy",
    )
    [previous] = report.previous
    assert (previous.region, previous.bmd) == ("L1-L4", 0.872)


def test_reference_database_after_its_label() -> None:
    report = read(
        "Scanner: GE Lunar Prodigy   Reference: USA (Combined NHANES/Lunar)\nL1-L4 T -1.0"
    )
    assert report.exam.device == "GE Lunar Prodigy"
    assert report.exam.reference_database == "USA (Combined NHANES/Lunar)"


def test_clinician_shorthand_names_side_and_site() -> None:
    report = read("DXA: T-scores LS -2.6, LFN -2.1, RTH -1.5")
    assert only(report, Site.femoral_neck, Side.left).t_score == -2.1
    assert only(report, Site.total_hip, Side.right).t_score == -1.5


def test_a_result_without_a_site_is_left_out_with_a_warning() -> None:
    report = read("T-score: -2.5.\nL1-L4 T-score -1.0")
    assert [m.t_score for m in report.measurements] == [-1.0]
    assert report.warnings == ["A T-score of -2.5 was given without its site; left out."]


def test_side_word_right_before_each_value() -> None:
    report = read("Femoral neck T-scores: right -1.9, left -2.2.")
    assert only(report, Site.femoral_neck, Side.right).t_score == -1.9
    assert only(report, Site.femoral_neck, Side.left).t_score == -2.2


def test_each_earlier_value_takes_the_date_before_it() -> None:
    report = read(
        "L1-L4 BMD 0.901 g/cm2.\n"
        "Prior exams: 2020-01-01 L1-L4 BMD 0.950 g/cm2; 2022-01-01 L1-L4 BMD 0.920 g/cm2."
    )
    assert [(p.date.year, p.bmd) for p in report.previous] == [(2020, 0.950), (2022, 0.920)]


def test_standard_deviation_phrases_and_three_digit_percentages() -> None:
    report = read(
        "The BMD of L1-L4 is 1.012 g/cm2 which is 95% of young adult and 104% of age matched.\n"
        "The left femoral neck BMD is 0.612 g/cm2. This is 2.2 SD below the young adult mean "
        "(T-score) and 0.4 SD below the age-matched mean (Z-score)."
    )
    spine = only(report, Site.lumbar_spine)
    assert (spine.young_adult_percent, spine.age_matched_percent) == (95, 104)
    neck = only(report, Site.femoral_neck, Side.left)
    assert (neck.t_score, neck.z_score) == (-2.2, -0.4)


def test_heading_side_reaches_every_site_under_it() -> None:
    report = read("Left hip:\nFemoral neck T-score -2.1.\nTotal hip T-score -1.5.\n")
    assert only(report, Site.femoral_neck, Side.left).t_score == -2.1
    assert only(report, Site.total_hip, Side.left).t_score == -1.5


def test_unlabelled_scores_after_sites_take_the_kind_the_report_names() -> None:
    t_report = read("Spine: L1-L4 -1.5.\nIMPRESSION: the lowest T-score is at the spine.")
    assert only(t_report, Site.lumbar_spine).t_score == -1.5
    z_report = read("Z-scores are used for this patient.\nFemoral neck (left): -2.1")
    assert only(z_report, Site.femoral_neck, Side.left).z_score == -2.1


def test_unlabelled_score_is_left_out_when_the_report_names_both_kinds() -> None:
    report = read("Spine T-score -1.0, Z-score -0.5.\nFemoral neck (left): -2.1")
    assert [m.site for m in report.measurements] == [Site.lumbar_spine]
    assert any("without saying T or Z" in w for w in report.warnings)


def test_unlabelled_change_is_not_a_score() -> None:
    report = read("Spine T-score -1.0.\nChange since 2021: femoral neck -3.2, spine -1.1.")
    assert [(m.site, m.t_score) for m in report.measurements] == [(Site.lumbar_spine, -1.0)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("LSC for the spine is 0.028 g/cm2.", [(Site.lumbar_spine, 0.028, "g/cm2")]),
        (
            "Precision (LSC): spine 0.025 g/cm2, hip 0.030 g/cm2.",
            [(Site.lumbar_spine, 0.025, "g/cm2"), (Site.total_hip, 0.03, "g/cm2")],
        ),
        (
            "The least significant change at our center is 2.8% for the spine.",
            [(Site.lumbar_spine, 2.8, "percent")],
        ),
        ("Precision: spine CV 1.2%, LSC 0.027 g/cm2.", [(Site.lumbar_spine, 0.027, "g/cm2")]),
    ],
)
def test_printed_lsc(sentence: str, expected: list) -> None:
    report = read(f"Spine T-score -2.0. Total hip T-score -1.0.\n{sentence}")
    assert [(p.site, p.value, p.unit) for p in report.lsc] == expected


def test_a_change_is_not_the_lsc() -> None:
    report = read(
        "Spine BMD 0.800 g/cm2. Compared with 01/05/2021 (0.851 g/cm2), a decrease of"
        " 0.051 g/cm2, above the least significant change of 0.030 g/cm2."
    )
    assert [(p.site, p.value) for p in report.lsc] == [(Site.lumbar_spine, 0.03)]


def test_lsc_without_a_site_is_left_out_with_a_warning() -> None:
    report = read("Spine T-score -2.0.\n\nNote: LSC 2.8%.")
    assert report.lsc == []
    assert any("least significant change" in w for w in report.warnings)


def test_hip_named_after_a_hip_site_only_gives_its_side() -> None:
    report = read(
        "Femoral neck of the right hip measures 0.801 g/cm2 (T-score -1.4); total hip of the"
        " right measures 0.902 g/cm2 (T-score -0.9)."
    )
    assert only(report, Site.femoral_neck, Side.right).bmd == 0.801
    assert only(report, Site.total_hip, Side.right).bmd == 0.902


def test_respectively_in_the_next_sentence_follows_the_sites_in_order() -> None:
    report = read(
        "T-scores are -2.8 at the lumbar spine, -2.1 at the left femoral neck and -1.6 at the"
        " left total hip. Corresponding BMD values are 0.744, 0.612 and 0.760 g/cm2 respectively."
    )
    assert [m.bmd for m in report.measurements] == [0.744, 0.612, 0.760]


def test_short_labels_in_lower_case_before_a_value_label() -> None:
    report = read("hip lt: fn bmd=0.612 t=-2.2 / th bmd=0.733 t=-1.6")
    assert only(report, Site.femoral_neck, Side.left).t_score == -2.2
    assert only(report, Site.total_hip, Side.left).t_score == -1.6


def test_frax_labels_after_the_percentages() -> None:
    assert read("Spine T-score -2.0.\nFRAX 15% major, 3.2% hip").frax.hip == 3.2
    frax = read("Spine T-score -2.0.\nFRAX: major 20% hip 3%.").frax
    assert (frax.major_osteoporotic, frax.hip) == (20.0, 3.0)


def test_table_label_with_spaced_region_and_scan_heading_inside_the_table() -> None:
    report = read(
        "Region      BMD     T      Z\n"
        "L1 - L4     0.911  -1.4   -0.2\n"
        "\n"
        "Left Femur\n"
        "Neck        0.640  -1.9   -1.1\n"
    )
    assert only(report, Site.lumbar_spine).region == "L1-L4"
    assert only(report, Site.femoral_neck, Side.left).bmd == 0.640


def test_decrease_from_an_earlier_value_is_a_comparison() -> None:
    report = read(
        "Right total hip BMD 0.598 g/cm2, T-score -3.0.\n"
        "There has been a decrease in right total hip BMD from 0.641 g/cm2 on 5/5/2021."
    )
    assert only(report, Site.total_hip, Side.right).bmd == 0.598
    assert [(p.date, p.bmd) for p in report.previous] == [(dt.date(2021, 5, 5), 0.641)]


@pytest.mark.parametrize(
    "header", ["Name: Ann Doe   ID 5520-118", "Hospital No. 5520-118", "MRN: 5520-118"]
)
def test_patient_id_labels(header: str) -> None:
    assert read(f"{header}\nSpine T-score -1.0.").patient.id == "5520-118"


def test_three_decimal_number_right_after_a_site_is_its_bmd() -> None:
    report = read("BMD: L1-L4 0.870 g/cm2 (T -1.9). R hip: FN 0.680 (T -1.9), TH 0.790 (T -1.4).")
    assert only(report, Site.femoral_neck, Side.right).bmd == 0.680
    assert only(report, Site.total_hip, Side.right).bmd == 0.790


def test_number_after_a_non_result_label_is_not_a_bare_bmd() -> None:
    report = read("Spine L1-L4 BMD 0.855, T-score -2.0.\nTBS (L1-L4): 1.198")
    assert only(report, Site.lumbar_spine).bmd == 0.855
    assert report.tbs == 1.198


def test_sex_and_age_written_as_letter_then_number() -> None:
    report = read("DXA  2024-01-19   M 77\nLS (L1-L4)  BMD 1.210  T +1.1")
    assert (report.patient.sex, report.patient.age) == (Sex.male, 77)


@pytest.mark.parametrize(
    "text, sex",
    [
        ("Her lumbar spine T score was -1.6.", Sex.female),
        ("His lumbar spine T score was -1.6.", Sex.male),
        ("His or her lumbar spine T score was -1.6.", None),
    ],
)
def test_sex_from_pronouns_only_when_one_is_used(text: str, sex: Sex | None) -> None:
    assert read(text).patient.sex is sex


def test_dot_leaders_between_label_and_value() -> None:
    report = read("Lumbar spine\n  BMD ............ 0.801 g/cm2\n  T-score ........ -2.5\n")
    spine = only(report, Site.lumbar_spine)
    assert (spine.bmd, spine.t_score) == (0.801, -2.5)


def test_then_and_now_bmds_of_a_change() -> None:
    report = read(
        "Since the last study on 4/4/2022, BMD at the left total hip has increased by 2.1%"
        " (0.801 to 0.818 g/cm2). Left total hip T-score today is -1.3."
    )
    assert only(report, Site.total_hip, Side.left).bmd == 0.818
    assert [(p.date, p.bmd) for p in report.previous] == [(dt.date(2022, 4, 4), 0.801)]


def test_elliptical_clause_names_the_other_side() -> None:
    report = read("The right femoral neck T-score is -2.0; the left is -2.3.")
    assert only(report, Site.femoral_neck, Side.right).t_score == -2.0
    assert only(report, Site.femoral_neck, Side.left).t_score == -2.3


def test_versus_previously_is_the_earlier_exam() -> None:
    report = read(
        "Compared with the prior study of 10/10/2021: current lumbar spine BMD 0.955 g/cm2"
        " (T-score -1.4) versus 0.961 g/cm2 previously."
    )
    assert only(report, Site.lumbar_spine).bmd == 0.955
    assert [(p.date, p.bmd) for p in report.previous] == [(dt.date(2021, 10, 10), 0.961)]


def test_capital_letter_sides_before_values() -> None:
    report = read("FN T-score: R -1.5 / L -1.8")
    assert only(report, Site.femoral_neck, Side.right).t_score == -1.5
    assert only(report, Site.femoral_neck, Side.left).t_score == -1.8


def test_total_takes_the_scan_its_own_line_names() -> None:
    report = read(
        "AP Spine L2-L4 BMD 1.003 T-score -1.0\nDualFemur Total Mean BMD 0.870 T-score -1.1\n"
    )
    assert only(report, Site.total_hip, Side.mean).bmd == 0.870


def test_earlier_value_with_only_a_year_is_left_out_not_mixed_in() -> None:
    report = read("Exam date 2024-05-05. L1-L4 BMD 0.801 g/cm2 (T -2.0); 2021: 0.845 g/cm2.")
    assert only(report, Site.lumbar_spine).bmd == 0.801
    assert report.previous == []
    assert any("without a date" in w for w in report.warnings)
    assert "unread_value" in {r.code for r in report.review_reasons}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("L1-L4 BMD 0.801 g/cm2 (T -2.0), down from 0.845 g/cm2 in March 2021.", "2021-03-01"),
        (
            "L1-L4 BMD 0.801 g/cm2 (T -2.0). Compared with 09/2022 the L1-L4 BMD was 0.845 g/cm2.",
            "2022-09-01",
        ),
    ],
)
def test_an_earlier_exam_dated_by_its_month_is_dated_to_the_first(text: str, date: str) -> None:
    report = read(text)
    assert only(report, Site.lumbar_spine).bmd == 0.801
    assert [(p.date.isoformat(), p.bmd) for p in report.previous] == [(date, 0.845)]


def test_each_value_of_a_comparison_takes_the_date_written_right_after_it() -> None:
    report = read(
        "The L1-L4 BMD was 0.801 g/cm2 on 5/5/2024 compared with 0.845 g/cm2 on 3/3/2021."
    )
    assert only(report, Site.lumbar_spine).bmd == 0.801
    assert [(p.date, p.bmd) for p in report.previous] == [(dt.date(2021, 3, 3), 0.845)]


def test_prior_bmd_column_goes_to_previous_on_the_prior_exam_date() -> None:
    report = read(
        "Exam date: 06/01/2024   Prior exam: 05/15/2022\n"
        "Site            Current BMD   Prior BMD   Change   T-score\n"
        "L1-L4           0.845         0.870       -2.9%    -1.9\n"
    )
    assert only(report, Site.lumbar_spine).bmd == 0.845
    assert [(p.date, p.bmd) for p in report.previous] == [(dt.date(2022, 5, 15), 0.870)]


def test_prior_bmd_column_without_a_date_is_left_out_with_a_warning() -> None:
    report = read("Site   BMD     T-score   Previous BMD\nL1-L4  0.845   -1.9      0.870\n")
    assert only(report, Site.lumbar_spine).bmd == 0.845
    assert report.previous == []
    assert any("without a date" in w for w in report.warnings)


def test_in_before_a_site_is_not_inches() -> None:
    report = read("T-scores are -1.6 in the spine and -1.9 in the left femoral neck.")
    assert only(report, Site.lumbar_spine).t_score == -1.6
    assert only(report, Site.femoral_neck, Side.left).t_score == -1.9


def test_side_before_a_labelled_value() -> None:
    report = read("Total hip right T -0.9; left T -1.1.")
    assert only(report, Site.total_hip, Side.right).t_score == -0.9
    assert only(report, Site.total_hip, Side.left).t_score == -1.1


def test_bmd_without_a_leading_zero() -> None:
    assert only(read("L-spine: BMD .812, T -2.0"), Site.lumbar_spine).bmd == 0.812


def test_a_treatment_threshold_is_not_a_result() -> None:
    report = read("Left total hip T-score -1.2. Treat if the T-score reaches -2.5.")
    assert only(report, Site.total_hip, Side.left).t_score == -1.2
    assert report.warnings == []


def test_a_score_that_changed_from_an_earlier_one() -> None:
    report = read("The spine T-score improved from -2.8 to -2.4.")
    assert only(report, Site.lumbar_spine).t_score == -2.4


def test_label_after_the_value_inside_brackets() -> None:
    report = read("Left femoral neck: 0.650 g/cm2 (-1.9 T).")
    assert only(report, Site.femoral_neck, Side.left).t_score == -1.9


def test_table_rows_with_a_flag_and_an_excluded_vertebra() -> None:
    report = read(
        "Region   BMD     T-score   Z-score\n"
        "L2       0.830 * -2.1      -1.0\n"
        "L3       excluded\n"
        "L1-L4 (excl. L3) 0.845  -1.9  -0.9\n"
    )
    assert {m.region: m.bmd for m in report.measurements} == {"L2": 0.830, "L1-L2,L4": 0.845}


def test_bracketed_capital_side_after_each_value() -> None:
    report = read("Femoral neck T-scores: -2.1 (R), -2.4 (L).")
    assert only(report, Site.femoral_neck, Side.right).t_score == -2.1
    assert only(report, Site.femoral_neck, Side.left).t_score == -2.4


def test_results_under_a_previous_exam_heading_go_to_previous() -> None:
    report = read(
        "CURRENT EXAM (05/05/2024):\nSpine L1-L4 BMD 0.880 g/cm2, T -1.9\n"
        "PREVIOUS EXAM (05/01/2022):\nSpine L1-L4 BMD 0.905 g/cm2, T -1.7\n",
        date_order="mdy",
    )
    spine = only(report, Site.lumbar_spine)
    assert (spine.bmd, spine.t_score) == (0.880, -1.9)
    assert [(p.date, p.bmd) for p in report.previous] == [(dt.date(2022, 5, 1), 0.905)]


def test_a_previous_section_whose_date_is_ambiguous_is_not_read_as_todays() -> None:
    """Without the clinic's date order, 05/01/2022 cannot be dated: today's result stands,
    the earlier BMD is left out, and the report is held saying why."""
    report = read(
        "CURRENT EXAM (05/05/2024):\nSpine L1-L4 BMD 0.880 g/cm2, T -1.9\n"
        "PREVIOUS EXAM (05/01/2022):\nSpine L1-L4 BMD 0.905 g/cm2, T -1.7\n"
    )
    spine = only(report, Site.lumbar_spine)
    assert (spine.bmd, spine.t_score) == (0.880, -1.9)
    assert report.previous == []
    codes = {reason.code for reason in report.review_reasons}
    assert {"ambiguous_date", "unread_value"} <= codes


def test_a_comparison_dated_ambiguously_is_held_not_guessed() -> None:
    report = read(
        "Left total hip BMD 0.700 g/cm2, T-score -2.0. Compared with 04/11/2022, "
        "the left total hip BMD was 0.731 g/cm2."
    )
    assert only(report, Site.total_hip, Side.left).bmd == 0.700
    assert report.previous == []
    assert report.needs_review
    assert "ambiguous_date" in {reason.code for reason in report.review_reasons}


def test_a_comparison_label_with_its_date_is_not_a_previous_section() -> None:
    report = read("COMPARISON: 02/14/2022\nLumbar spine: BMD 0.900 g/cm2, T-score -1.5\n")
    assert only(report, Site.lumbar_spine).bmd == 0.900
    assert report.previous == []


def test_arrow_between_then_and_now_bmds() -> None:
    report = read("Comparison with 2/2/2020: spine 0.850 -> 0.880 g/cm2 (+3.5%).")
    assert only(report, Site.lumbar_spine).bmd == 0.880
    assert [(p.date, p.bmd) for p in report.previous] == [(dt.date(2020, 2, 2), 0.850)]


def test_bare_scores_read_as_t_say_so_in_warnings() -> None:
    """A report naming neither T nor Z: bare scores are read as T-scores, and the record says so."""
    record = parse_text("Lumbar spine: L1 -1.0, L2 -1.2; L1-L4 -1.1 (BMD 0.879 g/cm2).\n")
    assert [m.t_score for m in record.measurements] == [-1.0, -1.2, -1.1]
    assert any("read as T-scores" in warning for warning in record.warnings)


def test_bare_scores_in_a_z_report_are_z_without_the_t_warning() -> None:
    record = parse_text("Z-scores are used.\nLumbar spine: L1-L4 -2.2 (BMD 0.902 g/cm2).\n")
    assert [(m.t_score, m.z_score) for m in record.measurements] == [(None, -2.2)]
    assert not any("read as T-scores" in warning for warning in record.warnings)


def test_the_clinic_date_order_is_read_in_any_case_and_a_typo_is_refused() -> None:
    text = "Compared with 04/11/2022, the L1-L4 BMD was 0.872 g/cm2. L1-L4 BMD 0.843 g/cm2."
    assert [p.date for p in read(text, "MDY").previous] == [dt.date(2022, 4, 11)]
    with pytest.raises(ValueError, match="'dmy' or 'mdy'"):
        read(text, "ymd")


def test_the_ris_event_date_is_the_exam_date_not_a_referral_letter_date() -> None:
    report = read(
        "Date: 02/05/2024\nDear Colleague, thank you for referring this lady.\n"
        "Exam : DXA Bone Densitometry    Event Date : 21/06/2024 10:42\n"
        "Lumbar spine L1-L4 : BMD 0.781 g/cm2   T-score -2.6"
    )
    assert report.exam.date == dt.date(2024, 6, 21)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Performed By:   Rhodes, K (RT) on June 3, 2024 10:05 CDT\nL1-L4 BMD 0.801 g/cm2",
            "2024-06-03",
        ),
        (
            "She had a DXA on 2024-04-30 at Cedar Ridge Imaging: L1-L4 BMD 0.801 g/cm2.",
            "2024-04-30",
        ),
    ],
)
def test_the_exam_date_where_a_ris_or_an_office_note_gives_it(text: str, date: str) -> None:
    assert read(text).exam.date.isoformat() == date
