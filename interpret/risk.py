"""Treatment decision, risk category, first line and repeat interval (clinical-rules.md §5, §7).

Untreated T-scored patients follow §5 and §5a (glucocorticoids); patients already on
treatment follow §5b, where FRAX decides nothing (it is not validated on treatment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dxa.interpret.facts import Facts
from dxa.interpret.model import (
    Change,
    Classification,
    FirstLine,
    RiskCategory,
    Scoring,
    TreatmentDecision,
)
from dxa.interpret.rules import (
    DRUG_HOLIDAY_HIP_T_ABOVE,
    DRUG_HOLIDAY_ORAL_YEARS,
    DRUG_HOLIDAY_ZOLEDRONIC_YEARS,
    GIOP_GLUCOCORTICOID_MG,
    GIOP_GLUCOCORTICOID_MONTHS_ABOVE,
    GIOP_MIN_AGE,
    GIOP_MODERATE_FRAX_HIP_ABOVE,
    GIOP_MODERATE_FRAX_MOF,
    GIOP_REPEAT_MONTHS,
    GIOP_VERY_HIGH_MG,
    GIOP_VERY_HIGH_MONTHS_ABOVE,
    GIOP_VERY_HIGH_T_MAX,
    GOURLAY_BANDS,
    GOURLAY_MIN_AGE,
    NORMAL_REPEAT_MONTHS,
    NORMAL_T_MIN,
    OSTEOPOROSIS_T_MAX,
    SIGNIFICANT_LOSS_REPEAT_MONTHS,
    TREATED_REPEAT_MONTHS,
    TREATMENT_FRAX_HIP,
    TREATMENT_FRAX_MOF,
    UNTREATED_LOW_BONE_MASS_REPEAT_MONTHS,
    VERY_HIGH_FALLS,
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


def low_bone_mass_fracture_phrase(sites: tuple[str, ...]) -> str:
    """§3 (v2, AACE 2020): 'wrist fragility fracture with low bone mass'."""
    return f"{fracture_phrase(sites)} with low bone mass"


@dataclass
class Plan:
    """What §5 decides for one patient, with the reasons and notes behind it."""

    decision: TreatmentDecision
    risk: RiskCategory
    first_line: FirstLine | None = None
    treatment_reasons: list[str] = field(default_factory=list)
    very_high_reasons: list[str] = field(default_factory=list)
    failure_reasons: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reasons


def fracture_rule_reason(classification: Classification, facts: Facts) -> str | None:
    """§5 item 1: a hip or vertebral fracture, or osteoporosis by the §3 fracture rule."""
    if facts.has_hip_or_vertebral_fracture:
        return fracture_phrase(facts.diagnostic_fracture_sites)
    if classification is Classification.osteoporosis and facts.low_bone_mass_fracture_sites:
        return low_bone_mass_fracture_phrase(facts.low_bone_mass_fracture_sites)
    return None


def is_low_bone_mass_t(t_score: float | None) -> bool:
    return t_score is not None and OSTEOPOROSIS_T_MAX < t_score < NORMAL_T_MIN


def frax_reasons(facts: Facts) -> list[str]:
    """§5 item 3 (ES 2019): FRAX at any BMD; glucocorticoid-adjusted when §5a says so."""
    reasons = []
    if facts.frax_hip is not None and facts.frax_hip >= TREATMENT_FRAX_HIP:
        reasons.append(f"FRAX hip {facts.frax_hip:g}% ≥ {TREATMENT_FRAX_HIP:g}%")
    if facts.frax_mof is not None and facts.frax_mof >= TREATMENT_FRAX_MOF:
        reasons.append(f"FRAX major osteoporotic {facts.frax_mof:g}% ≥ {TREATMENT_FRAX_MOF:g}%")
    return reasons


def glucocorticoid_phrase(facts: Facts) -> str:
    return (
        f"glucocorticoids {facts.glucocorticoids_mg_per_day:g} mg/day for "
        f"{facts.glucocorticoid_months:g} months"
    )


def giop_very_high_reasons(t_score: float | None, facts: Facts) -> list[str]:
    """§5a very high (ACR GIOP 2022): >= 30 mg/day for > 30 days whatever the planned
    duration, or, within §5a, T <= -3.0 or a fracture while on glucocorticoids."""
    reasons = []
    dose, months = facts.glucocorticoids_mg_per_day, facts.glucocorticoid_months
    adult = facts.age is None or facts.age >= GIOP_MIN_AGE
    if (
        adult
        and dose is not None
        and dose >= GIOP_VERY_HIGH_MG
        and months is not None
        and months > GIOP_VERY_HIGH_MONTHS_ABOVE
    ):
        reasons.append(f"{glucocorticoid_phrase(facts)} (≥ {GIOP_VERY_HIGH_MG:g} mg/day)")
    if facts.on_giop and t_score is not None and t_score <= GIOP_VERY_HIGH_T_MAX:
        reasons.append(f"T-score {t_score:+.1f} ≤ {GIOP_VERY_HIGH_T_MAX:.1f} on glucocorticoids")
    if facts.fractures_on_glucocorticoids:
        reasons.append("fragility fracture while on glucocorticoids")
    return reasons


def giop_reason(classification: Classification, t_score: float | None, facts: Facts) -> str | None:
    """§5a item 4: glucocorticoid treatment indication (high or moderate risk, ACR 2022)."""
    if not facts.on_giop:
        return None
    mof, hip = facts.frax_mof, facts.frax_hip
    moderate = (
        (mof is not None and mof >= GIOP_MODERATE_FRAX_MOF)
        or (hip is not None and hip > GIOP_MODERATE_FRAX_HIP_ABOVE)
        or is_low_bone_mass_t(t_score)
    )
    high = bool(facts.counted_fractures) or (t_score is not None and t_score <= OSTEOPOROSIS_T_MAX)
    if not (moderate or high):
        return None
    return f"{glucocorticoid_phrase(facts)} with {classification_words(classification)}"


def classification_words(classification: Classification) -> str:
    return {
        Classification.osteoporosis: "osteoporosis",
        Classification.low_bone_mass: "low bone mass",
        Classification.normal: "normal BMD",
    }.get(classification, "an unclassified BMD")


def treatment_reasons(
    classification: Classification, t_score: float | None, facts: Facts, *, with_frax: bool
) -> list[str]:
    """§5 (BHOF 2022; FRAX at any BMD per ES 2019; §5a): why treatment is indicated."""
    reasons = []
    fracture = fracture_rule_reason(classification, facts)
    if fracture:
        reasons.append(fracture)
    if t_score is not None and t_score <= OSTEOPOROSIS_T_MAX:
        reasons.append(f"T-score {t_score:+.1f} ≤ {OSTEOPOROSIS_T_MAX:.1f}")
    if with_frax:
        reasons += frax_reasons(facts)
    giop = giop_reason(classification, t_score, facts)
    if giop:
        reasons.append(giop)
    return reasons + giop_very_high_reasons(t_score, facts)


def very_high_reasons(t_score: float | None, facts: Facts, *, with_frax: bool) -> list[str]:
    """§5 very high risk (ES 2020, AACE 2020), for patients whose treatment is indicated.

    Fractures at 'other' sites are not counted (§3 v2). A fracture on treatment is §5b's.
    """
    fractures = facts.counted_fractures
    reasons = []
    if t_score is not None and t_score < VERY_HIGH_T_BELOW:
        reasons.append(f"T-score {t_score:+.1f} < {VERY_HIGH_T_BELOW:.1f}")
    if any(
        f.years_ago is not None and f.years_ago <= VERY_HIGH_RECENT_FRACTURE_YEARS
        for f in fractures
    ):
        reasons.append("fracture within the last 12 months")
    if len(fractures) >= VERY_HIGH_FRACTURE_COUNT:
        reasons.append(f"{len(fractures)} fragility fractures")
    if fractures and t_score is not None and t_score <= OSTEOPOROSIS_T_MAX:
        reasons.append(f"T-score ≤ {OSTEOPOROSIS_T_MAX:.1f} with a fragility fracture")
    if with_frax and facts.frax_mof is not None and facts.frax_mof > VERY_HIGH_FRAX_MOF_ABOVE:
        reasons.append(
            f"FRAX major osteoporotic {facts.frax_mof:g}% > {VERY_HIGH_FRAX_MOF_ABOVE:g}%"
        )
    if with_frax and facts.frax_hip is not None and facts.frax_hip > VERY_HIGH_FRAX_HIP_ABOVE:
        reasons.append(f"FRAX hip {facts.frax_hip:g}% > {VERY_HIGH_FRAX_HIP_ABOVE:g}%")
    if facts.falls_last_year is not None and facts.falls_last_year >= VERY_HIGH_FALLS:
        reasons.append(f"{facts.falls_last_year} falls in the last year")
    if facts.injurious_fall:
        reasons.append("an injurious fall in the last year")
    return reasons + giop_very_high_reasons(t_score, facts)


def significant_losses(changes: list[Change]) -> list[Change]:
    """§8: decreases at least the LSC."""
    return [c for c in changes if c.significant and c.bmd_change < 0]


# ---------------------------------------------------------------- the plan


def plan_for(
    scoring: Scoring | None,
    classification: Classification,
    t_score: float | None,
    lowest_hip_t: float | None,
    facts: Facts,
    losses: list[Change],
) -> Plan:
    """§5: the decision for this patient, by scoring and treatment status."""
    if scoring is None:
        return Plan(TreatmentDecision.not_applicable, RiskCategory.undetermined)
    if scoring is Scoring.z_score:
        return z_plan(classification, facts)
    if facts.on_treatment:
        return treated_plan(classification, t_score, lowest_hip_t, facts, losses)
    return untreated_plan(classification, t_score, facts)


def z_plan(classification: Classification, facts: Facts) -> Plan:
    """Z-scored patients: below the range, or (v2) a hip or vertebral fracture -> specialist."""
    if (
        classification is Classification.below_expected_range_for_age
        or facts.has_hip_or_vertebral_fracture
    ):
        return Plan(TreatmentDecision.specialist_evaluation, RiskCategory.undetermined)
    return Plan(TreatmentDecision.not_applicable, RiskCategory.undetermined)


def untreated_plan(classification: Classification, t_score: float | None, facts: Facts) -> Plan:
    """§5 and §5a for a T-scored patient not on treatment."""
    reasons = treatment_reasons(classification, t_score, facts, with_frax=True)
    if reasons:
        very_high = very_high_reasons(t_score, facts, with_frax=True)
        risk = RiskCategory.very_high if very_high else RiskCategory.high
        return Plan(
            TreatmentDecision.recommended,
            risk,
            first_line(risk),
            treatment_reasons=reasons,
            very_high_reasons=very_high,
        )
    if classification is Classification.low_bone_mass and not facts.frax_known:
        return Plan(TreatmentDecision.frax_needed, RiskCategory.undetermined)
    if classification is Classification.not_classified:
        return Plan(TreatmentDecision.not_applicable, RiskCategory.undetermined)
    return Plan(TreatmentDecision.not_indicated, untreated_lower_risk(classification, facts))


def untreated_lower_risk(classification: Classification, facts: Facts) -> RiskCategory:
    """Moderate for low bone mass below the FRAX thresholds; normal BMD with a counted
    fracture that indicates no treatment (a wrist fracture) is moderate too, as 'low'
    requires no fracture; an 'other' fracture changes nothing (§3 v2)."""
    if classification is Classification.low_bone_mass or facts.counted_fractures:
        return RiskCategory.moderate
    return RiskCategory.low


def treated_plan(
    classification: Classification,
    t_score: float | None,
    lowest_hip_t: float | None,
    facts: Facts,
    losses: list[Change],
) -> Plan:
    """§5b (ES 2019/2020, ASBMR 2016, IOF 2012); FRAX is not used on treatment."""
    reasons = treatment_reasons(classification, t_score, facts, with_frax=False)
    very_high = very_high_reasons(t_score, facts, with_frax=False) if reasons else []
    missing = [] if facts.treatment_years is not None else ["duration of treatment"]
    failure = failure_reasons(facts, losses)
    if failure:
        return Plan(
            TreatmentDecision.specialist_evaluation,
            RiskCategory.very_high,
            FirstLine.anabolic,
            treatment_reasons=reasons,
            very_high_reasons=failure + very_high,
            failure_reasons=failure,
            missing=missing,
        )
    if reasons:
        risk = RiskCategory.very_high if very_high else RiskCategory.high
    elif classification is Classification.not_classified:
        risk = RiskCategory.undetermined
    else:
        risk = untreated_lower_risk(classification, facts)
    plan = Plan(
        TreatmentDecision.continue_,
        risk,
        treatment_reasons=reasons,
        very_high_reasons=very_high,
        missing=missing,
    )
    if holiday_candidate(facts, lowest_hip_t, risk):
        plan.decision = TreatmentDecision.drug_holiday_candidate
    elif is_holiday_drug(facts) and facts.treatment_years is not None and lowest_hip_t is None:
        plan.missing.append("a hip T-score (to judge a drug holiday)")
    return plan


def failure_reasons(facts: Facts, losses: list[Change]) -> list[str]:
    """§5b possible treatment failure: a fracture after treatment began, or a significant
    BMD loss on treatment (IOF 2012)."""
    reasons = []
    if facts.fractures_on_treatment:
        reasons.append(f"fragility fracture on treatment ({facts.on_treatment})")
    if losses:
        reasons.append(f"significant BMD loss on treatment ({facts.on_treatment})")
    return reasons


def is_holiday_drug(facts: Facts) -> bool:
    return facts.on_oral_bisphosphonate or facts.on_zoledronic_acid


def holiday_candidate(facts: Facts, lowest_hip_t: float | None, risk: RiskCategory) -> bool:
    """§5b (ASBMR 2016): oral bisphosphonate >= 5 years or zoledronic acid >= 3 years, no
    fracture on treatment, lowest hip T > -2.5, not very high risk. A fracture whose date is
    unknown cannot be ruled out as one on treatment, so it keeps the patient on treatment."""
    years = facts.treatment_years
    if years is None or facts.on_denosumab or facts.on_anabolic:
        return False
    long_enough = (facts.on_oral_bisphosphonate and years >= DRUG_HOLIDAY_ORAL_YEARS) or (
        facts.on_zoledronic_acid and years >= DRUG_HOLIDAY_ZOLEDRONIC_YEARS
    )
    undated = any(f.years_ago is None for f in facts.counted_fractures)
    return (
        long_enough
        and not undated
        and not facts.fractures_on_treatment
        and lowest_hip_t is not None
        and lowest_hip_t > DRUG_HOLIDAY_HIP_T_ABOVE
        and risk is not RiskCategory.very_high
    )


def first_line(risk: RiskCategory) -> FirstLine | None:
    """§5: anabolic first at very high risk, an antiresorptive at high risk."""
    return {
        RiskCategory.very_high: FirstLine.anabolic,
        RiskCategory.high: FirstLine.antiresorptive,
    }.get(risk)


# ---------------------------------------------------------------- §7 repeat interval


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
    losses: list[Change],
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
    if losses:
        return RepeatChoice(SIGNIFICANT_LOSS_REPEAT_MONTHS, "significant_loss")
    if (
        scoring is Scoring.t_score
        and facts.sex is Sex.female
        and facts.age is not None
        and facts.age >= GOURLAY_MIN_AGE
        and not facts.counted_fractures
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
