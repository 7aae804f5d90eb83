"""Which recommendations apply, with their wording and sources (clinical-rules.md §5, §6)."""

from __future__ import annotations

from dataclasses import dataclass

from dxa.interpret.facts import Facts
from dxa.interpret.model import (
    Classification,
    FirstLine,
    Recommendation,
    RiskCategory,
    TreatmentDecision,
)
from dxa.interpret.model import RecommendationCode as Code
from dxa.interpret.risk import RepeatChoice
from dxa.interpret.rules import (
    BELOW_EXPECTED_Z_MAX,
    CALCULATE_FRAX_MIN_AGE,
    NORMAL_T_MIN,
    VFA_GLUCOCORTICOID_MG,
    VFA_GLUCOCORTICOID_MONTHS,
    VFA_HEIGHT_LOSS_CM_ABOVE,
    VFA_MAN_AGE,
    VFA_WOMAN_AGE,
)
from dxa.interpret.texts import (
    MALE_WORKUP_EXTRA,
    PHYSICIAN_TEXTS,
    REPEAT_SOURCES,
    SOURCES,
    SPECIALIST_BELOW_EXPECTED,
    SPECIALIST_VERY_HIGH,
    physician_repeat_text,
)
from dxa.parser.model import Sex

LOW_BMD_CLASSES = (Classification.low_bone_mass, Classification.osteoporosis)


@dataclass(frozen=True)
class Findings:
    """What the recommendations depend on, decided by classify and risk."""

    classification: Classification
    decision: TreatmentDecision
    risk: RiskCategory
    first_line: FirstLine | None
    treatment_reasons: tuple[str, ...]
    very_high_reasons: tuple[str, ...]
    lowest_diagnostic_t: float | None  # any scoring: VFA looks at T-scores
    lowest_diagnostic_z: float | None  # any scoring: secondary causes look at Z-scores
    repeat: RepeatChoice


def make(code: Code, **fields: str) -> Recommendation:
    """A recommendation with its one wording and source."""
    return Recommendation(
        code=code, text=PHYSICIAN_TEXTS[code].format(**fields), source=SOURCES[code]
    )


def therapy(findings: Findings, facts: Facts) -> list[Recommendation]:
    """§5: pharmacologic therapy, the first-line agent, and the denosumab warning."""
    recs = []
    if findings.decision is TreatmentDecision.recommended:
        recs.append(make(Code.pharmacologic_therapy, basis="; ".join(findings.treatment_reasons)))
    if findings.first_line is FirstLine.anabolic:
        recs += [make(Code.anabolic_therapy), make(Code.sequential_antiresorptive)]
    elif findings.first_line is FirstLine.antiresorptive:
        recs.append(make(Code.antiresorptive_therapy))
    # Both first-line texts name denosumab; so may the current treatment.
    if findings.first_line is not None or facts.on_denosumab:
        recs.append(make(Code.denosumab_discontinuation_warning))
    return recs


def general_measures(findings: Findings) -> list[Recommendation]:
    """§6: calcium and vitamin D for low BMD in any scoring; exercise and lifestyle."""
    recs = []
    if findings.classification in (*LOW_BMD_CLASSES, Classification.below_expected_range_for_age):
        recs.append(make(Code.calcium_vitamin_d))
    if findings.classification in LOW_BMD_CLASSES:
        recs += [make(Code.exercise_fall_prevention), make(Code.lifestyle)]
    return recs


def needs_frax(findings: Findings, facts: Facts) -> bool:
    """§6 calculate_frax: low bone mass, FRAX unknown, age >= 40 (or unknown), untreated."""
    return (
        findings.classification is Classification.low_bone_mass
        and not facts.frax_known
        and (facts.age is None or facts.age >= CALCULATE_FRAX_MIN_AGE)
        and not facts.on_treatment
    )


def vfa_reasons(findings: Findings, facts: Facts) -> list[str]:
    """§6 (ISCD 2023): T < -1.0 at a diagnostic site plus a vertebral-fracture risk factor."""
    t_score = findings.lowest_diagnostic_t
    if t_score is None or t_score >= NORMAL_T_MIN:
        return []
    age = facts.age
    reasons = []
    if facts.sex is Sex.female and age is not None and age >= VFA_WOMAN_AGE:
        reasons.append(f"woman aged {age:g}")
    if facts.sex is Sex.male and age is not None and age >= VFA_MAN_AGE:
        reasons.append(f"man aged {age:g}")
    if facts.height_loss_cm is not None and facts.height_loss_cm > VFA_HEIGHT_LOSS_CM_ABOVE:
        reasons.append(f"height loss {facts.height_loss_cm:g} cm")
    if facts.has_vertebral_fracture:
        reasons.append("prior vertebral fracture")
    if (
        facts.glucocorticoids_mg_per_day is not None
        and facts.glucocorticoids_mg_per_day >= VFA_GLUCOCORTICOID_MG
        and facts.glucocorticoid_months is not None
        and facts.glucocorticoid_months >= VFA_GLUCOCORTICOID_MONTHS
    ):
        reasons.append(
            f"glucocorticoids {facts.glucocorticoids_mg_per_day:g} mg/day for "
            f"{facts.glucocorticoid_months:g} months"
        )
    return reasons


def needs_secondary_workup(findings: Findings) -> bool:
    """§6: Z <= -2.0 at a diagnostic site, or osteoporosis."""
    z_score = findings.lowest_diagnostic_z
    return findings.classification is Classification.osteoporosis or (
        z_score is not None and z_score <= BELOW_EXPECTED_Z_MAX
    )


def specialist(findings: Findings) -> Recommendation | None:
    """§6: Z-score patients below the expected range; very high risk."""
    if findings.classification is Classification.below_expected_range_for_age:
        basis, source = SPECIALIST_BELOW_EXPECTED
    elif findings.risk is RiskCategory.very_high:
        basis, source = SPECIALIST_VERY_HIGH
        basis = f"{basis} ({'; '.join(findings.very_high_reasons)})"
    else:
        return None
    text = PHYSICIAN_TEXTS[Code.specialist_referral].format(basis=basis)
    return Recommendation(code=Code.specialist_referral, text=text, source=source)


def follow_up(repeat: RepeatChoice) -> list[Recommendation]:
    """§6/§7: repeat DXA always; same scanner whenever a repeat is advised."""
    recs = [
        Recommendation(
            code=Code.repeat_dxa,
            text=physician_repeat_text(repeat.row, repeat.months),
            source=REPEAT_SOURCES[repeat.row],
        )
    ]
    if repeat.months is not None:
        recs.append(make(Code.same_scanner_follow_up))
    return recs


def recommendations(findings: Findings, facts: Facts) -> list[Recommendation]:
    """Every recommendation that applies, therapy first, follow-up last."""
    recs = therapy(findings, facts) + general_measures(findings)
    if needs_frax(findings, facts):
        recs.append(make(Code.calculate_frax))
    vfa = vfa_reasons(findings, facts)
    if vfa:
        recs.append(make(Code.vfa, basis="; ".join(vfa)))
    if needs_secondary_workup(findings):
        extra = MALE_WORKUP_EXTRA if facts.sex is Sex.male else ""
        recs.append(make(Code.secondary_causes_workup, male_extra=extra))
    referral = specialist(findings)
    if referral is not None:
        recs.append(referral)
    return recs + follow_up(findings.repeat)
