"""Treatment decision, risk category, first line and repeat interval (clinical-rules.md §5, §7)."""

from __future__ import annotations

from dataclasses import dataclass

from dxa.interpret.facts import Facts
from dxa.interpret.model import Classification, FirstLine, RiskCategory, Scoring, TreatmentDecision
from dxa.interpret.rules import (
    GIOP_GLUCOCORTICOID_MG,
    GIOP_GLUCOCORTICOID_MONTHS_ABOVE,
    GIOP_REPEAT_MONTHS,
    GOURLAY_BANDS,
    GOURLAY_MIN_AGE,
    NORMAL_REPEAT_MONTHS,
    OSTEOPOROSIS_T_MAX,
    TREATED_REPEAT_MONTHS,
    TREATMENT_FRAX_HIP,
    TREATMENT_FRAX_MOF,
    UNTREATED_LOW_BONE_MASS_REPEAT_MONTHS,
    VERY_HIGH_FRACTURE_COUNT,
    VERY_HIGH_FRAX_HIP_ABOVE,
    VERY_HIGH_FRAX_MOF_ABOVE,
    VERY_HIGH_RECENT_FRACTURE_YEARS,
    VERY_HIGH_T_BELOW,
)
from dxa.parser.model import Sex


def fracture_phrase(sites: tuple[str, ...]) -> str:
    """('hip', 'vertebral') -> 'hip and vertebral fragility fractures'."""
    plural = "s" if len(sites) > 1 else ""
    return f"{' and '.join(sites)} fragility fracture{plural}"


def treatment_reasons(scoring: Scoring | None, t_score: float | None, facts: Facts) -> list[str]:
    """§5 (BHOF 2022; FRAX at any BMD per ES 2019): why treatment is recommended, if it is.

    Only for T-score patients (postmenopausal women, men >= 50).
    """
    if scoring is not Scoring.t_score:
        return []
    reasons = []
    if facts.has_hip_or_vertebral_fracture:
        reasons.append(fracture_phrase(facts.diagnostic_fracture_sites))
    if t_score is not None and t_score <= OSTEOPOROSIS_T_MAX:
        reasons.append(f"T-score {t_score:+.1f} ≤ {OSTEOPOROSIS_T_MAX:.1f}")
    if facts.frax_hip is not None and facts.frax_hip >= TREATMENT_FRAX_HIP:
        reasons.append(f"FRAX hip {facts.frax_hip:g}% ≥ {TREATMENT_FRAX_HIP:g}%")
    if facts.frax_mof is not None and facts.frax_mof >= TREATMENT_FRAX_MOF:
        reasons.append(f"FRAX major osteoporotic {facts.frax_mof:g}% ≥ {TREATMENT_FRAX_MOF:g}%")
    return reasons


def very_high_reasons(t_score: float | None, facts: Facts) -> list[str]:
    """§5 very high risk (ES 2020, AACE 2020), for patients already recommended treatment.

    A fracture in a patient currently on treatment is taken as a fracture on treatment
    (the context does not date the treatment); the caller records that assumption.
    """
    fractures = facts.known_fractures
    reasons = []
    if t_score is not None and t_score < VERY_HIGH_T_BELOW:
        reasons.append(f"T-score {t_score:+.1f} < {VERY_HIGH_T_BELOW:.1f}")
    if any(
        f.years_ago is not None and f.years_ago <= VERY_HIGH_RECENT_FRACTURE_YEARS
        for f in fractures
    ):
        reasons.append("fracture within the last 12 months")
    if len(fractures) >= VERY_HIGH_FRACTURE_COUNT:
        reasons.append(f"{len(fractures)} fractures")
    if fractures and facts.on_treatment:
        reasons.append(f"fracture while on treatment ({facts.on_treatment})")
    if fractures and t_score is not None and t_score <= OSTEOPOROSIS_T_MAX:
        reasons.append(f"T-score ≤ {OSTEOPOROSIS_T_MAX:.1f} with a fragility fracture")
    if facts.frax_mof is not None and facts.frax_mof > VERY_HIGH_FRAX_MOF_ABOVE:
        reasons.append(
            f"FRAX major osteoporotic {facts.frax_mof:g}% > {VERY_HIGH_FRAX_MOF_ABOVE:g}%"
        )
    if facts.frax_hip is not None and facts.frax_hip > VERY_HIGH_FRAX_HIP_ABOVE:
        reasons.append(f"FRAX hip {facts.frax_hip:g}% > {VERY_HIGH_FRAX_HIP_ABOVE:g}%")
    return reasons


def treatment_decision(
    scoring: Scoring | None,
    classification: Classification,
    reasons: list[str],
    facts: Facts,
) -> TreatmentDecision:
    """§5. A T-score patient with no usable score and no reason to treat is not_applicable."""
    if classification is Classification.below_expected_range_for_age:
        return TreatmentDecision.specialist_evaluation
    if scoring is not Scoring.t_score:
        return TreatmentDecision.not_applicable
    if reasons:
        return TreatmentDecision.recommended
    if classification is Classification.low_bone_mass and not facts.frax_known:
        return TreatmentDecision.frax_needed
    if classification is Classification.not_classified:
        return TreatmentDecision.not_applicable
    return TreatmentDecision.not_indicated


def risk_category(
    decision: TreatmentDecision,
    classification: Classification,
    very_high: list[str],
    facts: Facts,
) -> RiskCategory:
    """§5 risk table. Normal BMD with a fracture elsewhere than hip/spine (not in the table:
    'low' requires no fracture) is called moderate, like low bone mass below the FRAX
    thresholds. Z-score and unclassified patients are undetermined (the table is for
    postmenopausal women and men >= 50)."""
    if decision is TreatmentDecision.recommended:
        return RiskCategory.very_high if very_high else RiskCategory.high
    if decision is not TreatmentDecision.not_indicated:
        return RiskCategory.undetermined
    if classification is Classification.low_bone_mass or facts.known_fractures:
        return RiskCategory.moderate
    return RiskCategory.low


def first_line(risk: RiskCategory) -> FirstLine | None:
    """§5: anabolic first at very high risk, an antiresorptive at high risk."""
    return {
        RiskCategory.very_high: FirstLine.anabolic,
        RiskCategory.high: FirstLine.antiresorptive,
    }.get(risk)


@dataclass(frozen=True)
class RepeatChoice:
    """The §7 row that applied: months (None: not set yet) and the row's name."""

    months: int | None
    row: str


def on_giop_schedule(facts: Facts) -> bool:
    """Glucocorticoids >= 2.5 mg/day for more than 3 months (ACR GIOP 2022)."""
    return (
        facts.glucocorticoids_mg_per_day is not None
        and facts.glucocorticoids_mg_per_day >= GIOP_GLUCOCORTICOID_MG
        and facts.glucocorticoid_months is not None
        and facts.glucocorticoid_months > GIOP_GLUCOCORTICOID_MONTHS_ABOVE
    )


def gourlay_months(t_score: float) -> int | None:
    """Gourlay 2012 band for the lowest T-score; None below -2.5 (osteoporosis)."""
    for band in GOURLAY_BANDS:
        if t_score > band.t_above:
            return band.months
    return None


def repeat_interval(
    scoring: Scoring | None,
    classification: Classification,
    decision: TreatmentDecision,
    t_score: float | None,
    facts: Facts,
) -> RepeatChoice:
    """§7, the first row that applies.

    'Untreated' means not on treatment and treatment not recommended; a pending FRAX
    decision is not 'untreated', so frax_needed gets no interval (the §7 row 'null until
    FRAX is known'), after the glucocorticoid and treatment rows. Z-score patients follow
    the 'other' rows: within the expected range like normal BMD, below it like low bone mass.
    Under-20s get no interval (paediatric follow-up).
    """
    if on_giop_schedule(facts):
        return RepeatChoice(GIOP_REPEAT_MONTHS, "glucocorticoids")
    if decision is TreatmentDecision.recommended or facts.on_treatment:
        return RepeatChoice(TREATED_REPEAT_MONTHS, "treatment")
    if decision is TreatmentDecision.frax_needed:
        return RepeatChoice(None, "frax_needed")
    if scoring is None or classification is Classification.not_classified:
        return RepeatChoice(None, "not_classified")
    if (
        scoring is Scoring.t_score
        and facts.sex is Sex.female
        and facts.age is not None
        and facts.age >= GOURLAY_MIN_AGE
        and not facts.known_fractures
        and t_score is not None
        and gourlay_months(t_score) is not None
    ):
        return RepeatChoice(gourlay_months(t_score), "gourlay")
    if classification in (
        Classification.low_bone_mass,
        Classification.below_expected_range_for_age,
    ):
        return RepeatChoice(UNTREATED_LOW_BONE_MASS_REPEAT_MONTHS, "untreated_low_bone_mass")
    return RepeatChoice(NORMAL_REPEAT_MONTHS, "normal")
