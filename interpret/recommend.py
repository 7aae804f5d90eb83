"""Which recommendations apply, with their wording and sources (clinical-rules.md §5, §6)."""

from __future__ import annotations

from dataclasses import dataclass

from dxa.interpret.facts import Facts
from dxa.interpret.model import (
    Change,
    Classification,
    FirstLine,
    Recommendation,
    RiskCategory,
    TreatmentDecision,
)
from dxa.interpret.model import RecommendationCode as Code
from dxa.interpret.risk import RepeatChoice, glucocorticoid_phrase
from dxa.interpret.rules import (
    BELOW_EXPECTED_Z_MAX,
    CALCULATE_FRAX_MIN_AGE,
    FALL_PREVENTION_FALLS,
    NORMAL_T_MIN,
    VFA_GLUCOCORTICOID_MG,
    VFA_GLUCOCORTICOID_MONTHS,
    VFA_HEIGHT_LOSS_CM_ABOVE,
    VFA_MAN_AGE,
    VFA_WOMAN_AGE,
)
from dxa.interpret.texts import (
    ANABOLIC_WITHOUT_ROMOSOZUMAB,
    MALE_WORKUP_EXTRA,
    PHYSICIAN_TEXTS,
    REPEAT_SOURCES,
    SOURCES,
    SPECIALIST_BELOW_EXPECTED,
    SPECIALIST_PAEDIATRIC,
    SPECIALIST_TREATMENT_FAILURE,
    SPECIALIST_VERY_HIGH,
    SPECIALIST_Z_FRACTURE,
    VFA_GLUCOCORTICOID_SOURCE,
    calcium_vitamin_d_text,
    patient_text,
    physician_repeat_text,
)
from dxa.parser.model import Sex, site_words

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
    failure_reasons: tuple[str, ...]
    lowest_diagnostic_t: float | None  # any scoring: VFA looks at T-scores
    lowest_diagnostic_z: float | None  # any scoring: secondary causes look at Z-scores
    repeat: RepeatChoice
    losses: tuple[Change, ...] = ()
    z_scored: bool = False
    under_20: bool = False


def make(code: Code, *, source: str | None = None, **fields: str) -> Recommendation:
    """A recommendation with its one wording, source and patient sentence."""
    return Recommendation(
        code=code,
        text=PHYSICIAN_TEXTS[code].format(**fields),
        source=source or SOURCES[code],
        patient_text=patient_text(code),
    )


def therapy(findings: Findings, facts: Facts) -> list[Recommendation]:
    """§5: pharmacologic therapy, the first-line agent, and the denosumab warning."""
    recs = []
    if findings.decision is TreatmentDecision.recommended:
        recs.append(make(Code.pharmacologic_therapy, basis="; ".join(findings.treatment_reasons)))
    if findings.first_line is FirstLine.anabolic:
        recs.append(anabolic(facts))
    if findings.first_line is FirstLine.anabolic or facts.on_anabolic:
        recs.append(make(Code.sequential_antiresorptive))
    elif findings.first_line is FirstLine.antiresorptive:
        recs.append(make(Code.antiresorptive_therapy))
    # Both first-line texts name denosumab; so may the current treatment. The patient
    # letter carries the line only for a patient on denosumab (§5 v2).
    if findings.first_line is not None or facts.on_denosumab:
        warning = make(Code.denosumab_discontinuation_warning)
        if not facts.on_denosumab:
            warning = warning.model_copy(update={"in_patient_letter": False})
        recs.append(warning)
    return recs


def anabolic(facts: Facts) -> Recommendation:
    """§5 (v2): romosozumab is named for women only."""
    rec = make(Code.anabolic_therapy)
    if facts.sex is Sex.female:
        return rec
    return rec.model_copy(update={"text": ANABOLIC_WITHOUT_ROMOSOZUMAB})


def general_measures(findings: Findings, facts: Facts) -> list[Recommendation]:
    """§6: calcium and vitamin D for low BMD in any scoring (amounts by age); exercise and
    fall prevention (v2: also after two or more falls); lifestyle."""
    recs = []
    if findings.classification in (*LOW_BMD_CLASSES, Classification.below_expected_range_for_age):
        rec = make(Code.calcium_vitamin_d)
        recs.append(
            rec.model_copy(
                update={
                    "text": calcium_vitamin_d_text(facts.age, patient=False),
                    "patient_text": calcium_vitamin_d_text(facts.age, patient=True),
                }
            )
        )
    falls = facts.falls_last_year is not None and facts.falls_last_year >= FALL_PREVENTION_FALLS
    if findings.classification in LOW_BMD_CLASSES or falls:
        recs.append(make(Code.exercise_fall_prevention))
    if findings.classification in LOW_BMD_CLASSES:
        recs.append(make(Code.lifestyle))
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
    """§6 (ISCD 2023): T < -1.0 at a diagnostic site plus a vertebral-fracture risk factor;
    (v2) every glucocorticoid patient of §5a whatever the T-score (ACR GIOP 2022)."""
    if facts.on_giop:
        return [glucocorticoid_phrase(facts)]
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
        reasons.append(glucocorticoid_phrase(facts))
    return reasons


def needs_secondary_workup(findings: Findings, facts: Facts) -> bool:
    """§6: Z <= -2.0 at a diagnostic site, osteoporosis, (v2) a significant BMD loss, a
    Z-scored patient with a fragility fracture, or a possible treatment failure."""
    z_score = findings.lowest_diagnostic_z
    return (
        findings.classification is Classification.osteoporosis
        or (z_score is not None and z_score <= BELOW_EXPECTED_Z_MAX)
        or bool(findings.losses)
        or (findings.z_scored and bool(facts.counted_fractures))
        or bool(findings.failure_reasons)
    )


def referral_basis(findings: Findings, facts: Facts) -> tuple[str, str] | None:
    """§6 specialist_referral: why, and its source; None when none applies."""
    if findings.under_20:
        z_score = findings.lowest_diagnostic_z
        low_z = z_score is not None and z_score <= BELOW_EXPECTED_Z_MAX
        if not (low_z or facts.counted_fractures):
            return None
        why = (
            f"Z-score {z_score:+.1f} ≤ {BELOW_EXPECTED_Z_MAX:.1f}"
            if low_z
            else "fragility fracture"
        )
        name, source = SPECIALIST_PAEDIATRIC
        return f"{name} (under 20, {why})", source
    if findings.failure_reasons:
        name, source = SPECIALIST_TREATMENT_FAILURE
        return f"{name} ({'; '.join(findings.failure_reasons)})", source
    if findings.classification is Classification.below_expected_range_for_age:
        return SPECIALIST_BELOW_EXPECTED
    if findings.z_scored and facts.has_hip_or_vertebral_fracture:
        return SPECIALIST_Z_FRACTURE
    if findings.risk is RiskCategory.very_high:
        name, source = SPECIALIST_VERY_HIGH
        return f"{name} ({'; '.join(findings.very_high_reasons)})", source
    return None


def specialist(findings: Findings, facts: Facts) -> Recommendation | None:
    chosen = referral_basis(findings, facts)
    if chosen is None:
        return None
    basis, source = chosen
    return make(Code.specialist_referral, source=source, basis=basis)


def follow_up(repeat: RepeatChoice, losses: tuple[Change, ...]) -> list[Recommendation]:
    """§6/§7: repeat DXA always; same scanner whenever a repeat is advised."""
    detail = ""
    if repeat.row == "significant_loss":
        detail = "significant BMD loss: " + "; ".join(loss_phrase(c) for c in losses)
    recs = [
        Recommendation(
            code=Code.repeat_dxa,
            text=physician_repeat_text(repeat.row, repeat.months, detail),
            source=REPEAT_SOURCES[repeat.row],
            patient_text=patient_text(Code.repeat_dxa, months=repeat.months),
        )
    ]
    if repeat.months is not None:
        recs.append(make(Code.same_scanner_follow_up))
    return recs


def loss_phrase(change: Change) -> str:
    """'lumbar spine L1-L4 -0.045 g/cm² (-5.2%) since 2022-03-01'."""
    where = site_words(change.site, change.side, change.region)
    return (
        f"{where} {change.bmd_change:+.3f} g/cm² ({change.percent_change:+.1f}%) "
        f"since {change.previous_date}"
    )


def recommendations(findings: Findings, facts: Facts) -> list[Recommendation]:
    """Every recommendation that applies, therapy first, follow-up last."""
    recs = therapy(findings, facts) + general_measures(findings, facts)
    if needs_frax(findings, facts):
        recs.append(make(Code.calculate_frax))
    vfa = vfa_reasons(findings, facts)
    if vfa:
        source = VFA_GLUCOCORTICOID_SOURCE if facts.on_giop else None
        recs.append(make(Code.vfa, source=source, basis="; ".join(vfa)))
    if needs_secondary_workup(findings, facts):
        extra = MALE_WORKUP_EXTRA if facts.sex is Sex.male else ""
        recs.append(make(Code.secondary_causes_workup, male_extra=extra))
    referral = specialist(findings, facts)
    if referral is not None:
        recs.append(referral)
    return recs + follow_up(findings.repeat, findings.losses)
