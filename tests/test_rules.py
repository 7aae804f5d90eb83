"""Table-driven tests of clinical-rules.md: both sides of every boundary named in issue 4.

Reports are built directly with the models so each row isolates one rule.
"""

from __future__ import annotations

from typing import Any

import pytest
from dxa.interpret import interpret
from dxa.interpret.model import ClinicalContext, Interpretation
from dxa.parser.model import Measurement, Report, Source


def report(*measurements: Measurement, **fields: Any) -> Report:
    return Report(
        source=Source(path="t.txt", format="text"), measurements=list(measurements), **fields
    )


def spine(t: float | None = None, z: float | None = None, **kw: Any) -> Measurement:
    return Measurement(
        site="lumbar_spine", region=kw.pop("region", "L1-L4"), t_score=t, z_score=z, **kw
    )


def neck(t: float | None = None, z: float | None = None, **kw: Any) -> Measurement:
    return Measurement(site="femoral_neck", side=kw.pop("side", "left"), t_score=t, z_score=z, **kw)


def hip(t: float | None = None, z: float | None = None, **kw: Any) -> Measurement:
    return Measurement(site="total_hip", side=kw.pop("side", "left"), t_score=t, z_score=z, **kw)


def woman(age: float = 60, **context: Any) -> ClinicalContext:
    """A postmenopausal woman with no fractures unless told otherwise."""
    base = {"sex": "female", "age": age, "menopausal_status": "post", "fractures": []}
    return ClinicalContext(**(base | context))


def run(t: float, **context: Any) -> Interpretation:
    """One spine T-score, a postmenopausal woman, FRAX low unless told otherwise."""
    context.setdefault("frax", {"major_osteoporotic": 5, "hip": 0.5})
    return interpret(report(spine(t)), woman(**context))


def codes(result: Interpretation) -> list[str]:
    return [r.code.value for r in result.recommendations]


# ---------------------------------------------------------------- §3 WHO classes


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (-1.0, "normal"),
        (-1.1, "low_bone_mass"),
        (-2.4, "low_bone_mass"),
        (-2.5, "osteoporosis"),
        (0.5, "normal"),
    ],
)
def test_who_class_boundaries(t: float, expected: str) -> None:
    assert run(t).classification.value == expected


@pytest.mark.parametrize(("z", "expected"), [(-2.0, "below"), (-1.9, "within")])
def test_z_class_boundary(z: float, expected: str) -> None:
    context = ClinicalContext(sex="female", age=38, menopausal_status="pre")
    result = interpret(report(spine(t=-2.8, z=z)), context)
    assert result.scoring.value == "z_score"
    assert result.classification.value == f"{expected}_expected_range_for_age"


def test_below_expected_range_gets_workup_and_specialist_not_drugs() -> None:
    context = ClinicalContext(sex="female", age=38, menopausal_status="pre")
    result = interpret(report(spine(t=-2.9, z=-2.3)), context)
    assert result.treatment_decision.value == "specialist_evaluation"
    assert result.first_line is None
    assert {"secondary_causes_workup", "specialist_referral", "calcium_vitamin_d"} <= set(
        codes(result)
    )
    assert "pharmacologic_therapy" not in codes(result)


def test_premenopausal_t_below_minus_2_5_is_not_osteoporosis() -> None:
    """ISCD: never osteoporosis from BMD alone in premenopausal women."""
    context = ClinicalContext(sex="female", age=40, menopausal_status="pre")
    result = interpret(report(spine(t=-2.7, z=-1.5)), context)
    assert result.classification.value == "within_expected_range_for_age"
    assert result.treatment_decision.value == "not_applicable"


# ---------------------------------------------------------------- §1 scoring by age and sex


@pytest.mark.parametrize(
    ("sex", "age", "scoring"),
    [
        ("male", 49, "z_score"),
        ("male", 50, "t_score"),
        ("female", 49, "z_score"),  # menopause unknown: premenopausal below 50
        ("female", 50, "t_score"),  # ... postmenopausal from 50
        (None, 49, "z_score"),
        (None, 50, "t_score"),
    ],
)
def test_scoring_by_age_and_sex(sex: str | None, age: float, scoring: str) -> None:
    result = interpret(report(spine(t=-1.5, z=-1.0)), ClinicalContext(sex=sex, age=age))
    assert result.scoring.value == scoring
    if sex != "male":
        assert result.assumptions, "an inferred menopausal status or unknown sex is written down"


@pytest.mark.parametrize("age", [49, 50])
def test_unknown_menopause_is_an_assumption_and_missing(age: float) -> None:
    result = interpret(report(spine(t=-1.5, z=-1.0)), ClinicalContext(sex="female", age=age))
    status = "postmenopausal" if age >= 50 else "premenopausal"
    assert f"assumed {status} at age {age}" in " ".join(result.assumptions)
    assert "menopausal status" in result.missing


def test_unknown_age_uses_t_scores_and_says_so() -> None:
    result = interpret(report(spine(t=-2.6, z=-1.0)), ClinicalContext(sex="female"))
    assert result.scoring.value == "t_score"
    assert "age" in result.missing


@pytest.mark.parametrize(("age", "classified"), [(19, False), (20, True)])
def test_under_20_not_classified(age: float, classified: bool) -> None:
    context = ClinicalContext(sex="male", age=age)
    result = interpret(report(spine(t=-3.0, z=-2.5)), context)
    assert (result.classification.value != "not_classified") is classified
    if not classified:
        assert result.scoring is None
        assert result.treatment_decision.value == "not_applicable"
        assert result.repeat_dxa_months is None


def test_perimenopausal_woman_uses_t_scores() -> None:
    result = interpret(
        report(spine(t=-2.6, z=-1.8)),
        ClinicalContext(sex="female", age=47, menopausal_status="peri"),
    )
    assert result.scoring.value == "t_score"
    assert result.classification.value == "osteoporosis"


# ---------------------------------------------------------------- §2 diagnostic sites


def test_wards_never_diagnoses() -> None:
    wards = Measurement(site="wards", side="left", t_score=-2.6)
    result = interpret(
        report(wards, neck(-1.3), spine(-0.4)), woman(frax={"major_osteoporotic": 8, "hip": 1})
    )
    assert result.classification.value == "low_bone_mass"
    assert result.diagnostic_site.site.value == "femoral_neck"


@pytest.mark.parametrize(
    "site",
    [
        "trochanter",
        "intertrochanter",
        "upper_neck",
        "femoral_shaft",
        "radius_ultradistal",
        "radius_mid",
        "radius_total",
        "total_body",
    ],
)
def test_non_diagnostic_sites_are_ignored(site: str) -> None:
    result = interpret(report(Measurement(site=site, t_score=-3.5), spine(-0.5)), woman())
    assert result.classification.value == "normal"


def test_radius_33_diagnoses() -> None:
    result = interpret(
        report(Measurement(site="radius_33", side="left", t_score=-2.7), spine(-0.5)), woman()
    )
    assert result.classification.value == "osteoporosis"
    assert result.diagnostic_site.site.value == "radius_33"


def test_single_vertebra_never_diagnoses() -> None:
    result = interpret(report(spine(-3.5, region="L2"), spine(-1.2, region="L1-L4")), woman())
    assert result.classification.value == "low_bone_mass"


def test_spine_uses_range_with_most_vertebrae_when_l1_l4_absent() -> None:
    result = interpret(
        report(spine(-2.6, region="L2-L3"), spine(-2.2, region="L2-L4"), spine(-3.3, region="L3")),
        woman(frax={"major_osteoporotic": 5, "hip": 0.5}),
    )
    assert result.diagnostic_site.region == "L2-L4"
    assert result.classification.value == "low_bone_mass"


def test_hip_mean_row_ignored_when_sides_given() -> None:
    mean = hip(-2.7, side="mean")
    result = interpret(
        report(hip(-1.5), hip(-1.8, side="right"), mean),
        woman(frax={"major_osteoporotic": 5, "hip": 1}),
    )
    assert result.classification.value == "low_bone_mass"
    assert result.diagnostic_site.side.value == "right"


def test_hip_mean_row_used_when_only_row() -> None:
    result = interpret(report(hip(-2.7, side="mean")), woman())
    assert result.classification.value == "osteoporosis"


def test_lowest_score_wins_across_sites() -> None:
    result = interpret(report(spine(-1.2), neck(-2.6), hip(-2.0)), woman())
    assert result.diagnostic_site.site.value == "femoral_neck"
    assert result.diagnostic_site.t_score == -2.6


# ---------------------------------------------------------------- §3 fracture-based diagnosis, severity


@pytest.mark.parametrize("site", ["hip", "vertebral"])
def test_hip_or_vertebral_fracture_is_osteoporosis_whatever_t(site: str) -> None:
    result = run(-0.8, fractures=[{"site": site, "years_ago": 3}])
    assert result.classification.value == "osteoporosis"
    assert site in result.basis
    assert result.treatment_decision.value == "recommended"
    assert result.severe is False  # WHO severe needs T <= -2.5


def test_wrist_fracture_with_normal_bmd_is_not_a_diagnosis() -> None:
    """v2 §3: a wrist fracture diagnoses osteoporosis only together with low bone mass."""
    assert run(-0.9, fractures=[{"site": "wrist", "years_ago": 3}]).classification.value == "normal"


@pytest.mark.parametrize(
    ("t", "fractures", "severe"),
    [(-2.5, [{"site": "wrist"}], True), (-2.5, [], False), (-2.4, [{"site": "wrist"}], False)],
)
def test_severe_osteoporosis(t: float, fractures: list, severe: bool) -> None:
    assert run(t, fractures=fractures).severe is severe


# ---------------------------------------------------------------- §5 treatment decision and risk


@pytest.mark.parametrize(
    ("frax", "decision"),
    [
        ({"major_osteoporotic": 10, "hip": 2.9}, "not_indicated"),
        ({"major_osteoporotic": 10, "hip": 3.0}, "recommended"),
        ({"major_osteoporotic": 19.9, "hip": 1}, "not_indicated"),
        ({"major_osteoporotic": 20.0, "hip": 1}, "recommended"),
        ({}, "frax_needed"),
    ],
)
def test_frax_treatment_threshold_in_low_bone_mass(frax: dict, decision: str) -> None:
    assert run(-1.8, frax=frax).treatment_decision.value == decision


def test_frax_threshold_applies_at_normal_bmd_too() -> None:
    """ES 2019: the FRAX rule at any BMD."""
    result = run(-0.5, frax={"major_osteoporotic": 22, "hip": 1})
    assert result.treatment_decision.value == "recommended"
    assert result.risk_category.value == "high"


@pytest.mark.parametrize(
    ("frax", "risk"),
    [
        ({"major_osteoporotic": 30.0, "hip": 1}, "high"),
        ({"major_osteoporotic": 30.1, "hip": 1}, "very_high"),
        ({"major_osteoporotic": 10, "hip": 4.5}, "high"),
        ({"major_osteoporotic": 10, "hip": 4.6}, "very_high"),
    ],
)
def test_frax_very_high_thresholds(frax: dict, risk: str) -> None:
    assert run(-1.8, frax=frax).risk_category.value == risk


@pytest.mark.parametrize(("t", "risk"), [(-3.0, "high"), (-3.1, "very_high")])
def test_t_very_high_threshold(t: float, risk: str) -> None:
    assert run(t).risk_category.value == risk


@pytest.mark.parametrize(
    ("years_ago", "risk"), [(1.0, "very_high"), (0.5, "very_high"), (1.5, "high")]
)
def test_fracture_within_12_months(years_ago: float, risk: str) -> None:
    result = run(-1.5, fractures=[{"site": "vertebral", "years_ago": years_ago}])
    assert result.risk_category.value == risk


def test_two_fractures_are_very_high() -> None:
    one = run(-1.5, fractures=[{"site": "hip", "years_ago": 5}])
    two = run(-1.5, fractures=[{"site": "hip", "years_ago": 5}, {"site": "wrist", "years_ago": 8}])
    assert (one.risk_category.value, two.risk_category.value) == ("high", "very_high")


def test_osteoporosis_with_any_fragility_fracture_is_very_high() -> None:
    assert (
        run(-2.6, fractures=[{"site": "wrist", "years_ago": 5}]).risk_category.value == "very_high"
    )
    assert run(-2.6).risk_category.value == "high"


def test_fracture_on_treatment_is_never_assumed() -> None:
    """v2 §5b: without the treatment's duration a fracture is not taken as one on treatment."""
    result = run(
        -1.5, fractures=[{"site": "vertebral", "years_ago": 3}], on_treatment="alendronate"
    )
    assert result.treatment_decision.value == "continue"
    assert "duration of treatment" in result.missing
    assert not any("on treatment" in a for a in result.assumptions if "FRAX" not in a)


@pytest.mark.parametrize(
    ("t", "frax", "fractures", "risk"),
    [
        (-1.8, {"major_osteoporotic": 10, "hip": 1}, [], "moderate"),
        (-0.5, {"major_osteoporotic": 10, "hip": 1}, [], "low"),
        (-0.5, {}, [], "low"),
        (-1.8, {}, [], "undetermined"),
    ],
)
def test_lower_risk_categories(t: float, frax: dict, fractures: list, risk: str) -> None:
    assert run(t, frax=frax, fractures=fractures).risk_category.value == risk


def test_first_line_follows_risk() -> None:
    very_high = run(-3.5)
    high = run(-2.6)
    assert very_high.first_line.value == "anabolic"
    assert {
        "anabolic_therapy",
        "sequential_antiresorptive",
        "specialist_referral",
        "pharmacologic_therapy",
    } <= set(codes(very_high))
    assert high.first_line.value == "antiresorptive"
    assert "antiresorptive_therapy" in codes(high) and "anabolic_therapy" not in codes(high)


def test_frax_needed_gives_calculate_frax_and_no_drug() -> None:
    result = run(-2.4, frax={})
    assert result.risk_category.value == "undetermined"
    assert "calculate_frax" in codes(result)
    assert "pharmacologic_therapy" not in codes(result) and result.first_line is None
    assert "FRAX" in result.missing
    assert result.repeat_dxa_months is None


def test_frax_printed_on_report_is_used_and_context_wins() -> None:
    printed = report(spine(-1.8), frax={"major_osteoporotic": 25, "hip": 1})
    assert interpret(printed, woman()).treatment_decision.value == "recommended"
    context = woman(frax={"major_osteoporotic": 12})
    assert interpret(printed, context).treatment_decision.value == "not_indicated"


# ---------------------------------------------------------------- denosumab warning


@pytest.mark.parametrize(
    ("t", "treatment", "warned"),
    [
        (-2.6, None, True),  # antiresorptive text names denosumab
        (-3.5, None, True),  # anabolic path names denosumab as an alternative
        (-0.5, "denosumab", True),  # on denosumab, no new treatment
        (-0.5, "Prolia 60 mg", True),
        (-0.5, "alendronate", False),
        (-1.8, None, False),
    ],
)
def test_denosumab_warning_whenever_named(t: float, treatment: str | None, warned: bool) -> None:
    result = run(t, on_treatment=treatment)
    assert ("denosumab_discontinuation_warning" in codes(result)) is warned


# ---------------------------------------------------------------- §6 recommendations


def test_general_measures_for_low_bmd_only() -> None:
    general = {"calcium_vitamin_d", "exercise_fall_prevention", "lifestyle"}
    assert general <= set(codes(run(-1.8)))
    assert not general & set(codes(run(-0.5)))


@pytest.mark.parametrize(("age", "calc"), [(39, False), (40, True)])
def test_calculate_frax_needs_age_40(age: float, calc: bool) -> None:
    context = ClinicalContext(sex="female", age=age, menopausal_status="post", fractures=[])
    result = interpret(report(spine(-1.8)), context)
    assert ("calculate_frax" in codes(result)) is calc


def test_calculate_frax_not_when_on_treatment() -> None:
    assert "calculate_frax" not in codes(run(-1.8, frax={}, on_treatment="alendronate"))


@pytest.mark.parametrize(
    ("sex", "age", "vfa"),
    [("female", 69, False), ("female", 70, True), ("male", 79, False), ("male", 80, True)],
)
def test_vfa_age_thresholds(sex: str, age: float, vfa: bool) -> None:
    context = ClinicalContext(
        sex=sex, age=age, menopausal_status="post" if sex == "female" else None, fractures=[]
    )
    result = interpret(report(spine(-1.5)), context)
    assert ("vfa" in codes(result)) is vfa


@pytest.mark.parametrize(
    ("t", "context", "vfa"),
    [
        (-1.1, {"height_loss_cm": 4.5}, True),
        (-1.1, {"height_loss_cm": 4.0}, False),
        (-1.0, {"height_loss_cm": 6}, False),  # T must be below -1.0
        (-1.1, {"glucocorticoids_mg_per_day": 5, "glucocorticoid_months": 3}, True),
        # v2 §5a: every glucocorticoid patient (>= 2.5 mg/day for >= 3 months) gets VFA.
        (-1.1, {"glucocorticoids_mg_per_day": 2.4, "glucocorticoid_months": 6}, False),
        (-1.1, {"glucocorticoids_mg_per_day": 5, "glucocorticoid_months": 2}, False),
    ],
)
def test_vfa_risk_factors(t: float, context: dict, vfa: bool) -> None:
    assert ("vfa" in codes(run(t, **context))) is vfa


def test_secondary_workup_for_low_z_even_with_t_scoring() -> None:
    result = interpret(
        report(spine(t=-1.8, z=-2.0)), woman(frax={"major_osteoporotic": 5, "hip": 1})
    )
    assert "secondary_causes_workup" in codes(result)
    assert "secondary_causes_workup" not in codes(run(-1.8))
    assert "secondary_causes_workup" in codes(run(-2.5))


def test_testosterone_in_mens_workup_only() -> None:
    man = interpret(report(spine(-2.6)), ClinicalContext(sex="male", age=60, fractures=[]))
    wife = run(-2.6)
    workup = {r.code.value: r.text for r in man.recommendations}["secondary_causes_workup"]
    assert "testosterone" in workup
    assert (
        "testosterone"
        not in {r.code.value: r.text for r in wife.recommendations}["secondary_causes_workup"]
    )


def test_every_recommendation_has_text_and_source() -> None:
    for result in (run(-3.5), run(-1.8, frax={}), run(-0.3)):
        assert all(r.text and r.source for r in result.recommendations)
        assert codes(result)[-1] in ("repeat_dxa", "same_scanner_follow_up")


# ---------------------------------------------------------------- §7 repeat interval


@pytest.mark.parametrize(
    ("t", "age", "months"),
    [
        (-1.49, 65, 180),
        (-1.50, 65, 60),
        (-1.99, 65, 60),
        (-2.00, 65, 12),
        (-2.49, 65, 12),
        (-0.5, 65, 180),
        (-1.49, 64, 24),  # not Gourlay below 65: other untreated low bone mass
        (-0.5, 64, 60),  # other normal BMD
    ],
)
def test_gourlay_bands_and_other_rows(t: float, age: float, months: int) -> None:
    assert run(t, age=age).repeat_dxa_months == months


def test_gourlay_needs_no_fracture() -> None:
    assert run(-1.2, age=70, fractures=[{"site": "wrist", "years_ago": 5}]).repeat_dxa_months == 24


@pytest.mark.parametrize(
    ("dose", "months", "repeat"),
    [(2.5, 4, 12), (2.4, 4, 60), (2.5, 3, 60), (7.5, 12, 12)],
)
def test_glucocorticoid_repeat_row(dose: float, months: float, repeat: int) -> None:
    result = run(-0.5, glucocorticoids_mg_per_day=dose, glucocorticoid_months=months)
    assert result.repeat_dxa_months == repeat


def test_glucocorticoid_row_comes_before_treatment_row() -> None:
    result = run(-2.8, glucocorticoids_mg_per_day=10, glucocorticoid_months=6)
    assert result.treatment_decision.value == "recommended"
    assert result.repeat_dxa_months == 12


def test_treated_repeat_two_years() -> None:
    assert run(-2.6, age=70).repeat_dxa_months == 24
    assert run(-0.5, age=70, on_treatment="alendronate").repeat_dxa_months == 24


def test_repeat_text_and_same_scanner() -> None:
    result = run(-0.5, age=60)
    texts = {r.code.value: r.text for r in result.recommendations}
    assert "about 5 years, sooner if risk factors change" in texts["repeat_dxa"]
    assert "same_scanner_follow_up" in texts
    assert "same_scanner_follow_up" not in codes(run(-1.8, frax={}))


# ---------------------------------------------------------------- missing and assumptions


def test_missing_fracture_history_is_assumed_none() -> None:
    result = interpret(
        report(spine(-1.8)), ClinicalContext(sex="female", age=60, menopausal_status="post")
    )
    assert "fracture history" in result.missing
    assert any("Fracture history" in a for a in result.assumptions)


def test_no_diagnostic_score() -> None:
    result = interpret(report(Measurement(site="wards", t_score=-3)), woman())
    assert result.classification.value == "not_classified"
    assert "a diagnostic T-score" in result.missing


def test_half_known_frax_names_the_missing_probability() -> None:
    result = run(-1.6, frax={"major_osteoporotic": 12})
    assert result.treatment_decision.value == "not_indicated"
    assert "FRAX hip probability" in result.missing
    assert "FRAX" not in result.missing
