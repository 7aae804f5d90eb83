"""Who is scored how, which measurements diagnose, and the class (clinical-rules.md §1-§3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dxa.interpret.facts import Facts
from dxa.interpret.model import Classification, Scoring
from dxa.interpret.reference import round_half_away
from dxa.interpret.rules import (
    ADULT_AGE,
    BELOW_EXPECTED_Z_MAX,
    DIAGNOSTIC_SITES,
    ISCD,
    MIN_SPINE_VERTEBRAE,
    NORMAL_T_MIN,
    OSTEOPOROSIS_T_MAX,
    SPINE_STANDARD_REGION,
    T_SCORE_AGE,
    WHO,
)
from dxa.interpret.spine import vertebrae
from dxa.parser.model import Measurement, Provenance, Sex, Side, Site


@dataclass(frozen=True)
class ScoringChoice:
    """T, Z or none (under 20), with the assumptions taken and the facts that were missing."""

    scoring: Scoring | None
    assumptions: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def choose_scoring(facts: Facts) -> ScoringChoice:
    """§1. Perimenopausal women are scored like postmenopausal women (v2: the WHO classes
    apply in the menopausal transition, ISCD 2023)."""
    age, sex, status = facts.age, facts.sex, facts.menopausal_status
    if age is not None and age < ADULT_AGE:
        return ScoringChoice(None)
    if sex is Sex.female:
        return _female_scoring(age, status)
    if sex is Sex.male:
        if age is None:
            return ScoringChoice(
                Scoring.t_score, ("Age not given: T-scores used (WHO classes).",), ("age",)
            )
        return ScoringChoice(Scoring.t_score if age >= T_SCORE_AGE else Scoring.z_score)
    if age is None:
        return ScoringChoice(
            Scoring.t_score,
            ("Sex and age not given: T-scores used (WHO classes).",),
            ("sex", "age"),
        )
    scoring = Scoring.t_score if age >= T_SCORE_AGE else Scoring.z_score
    word = "T-scores" if scoring is Scoring.t_score else "Z-scores"
    return ScoringChoice(scoring, (f"Sex not given: {word} used at age {age:g}.",), ("sex",))


def _female_scoring(age: float | None, status: str | None) -> ScoringChoice:
    """Women: menopausal status decides; unknown status is inferred from age."""
    if status in ("post", "peri"):
        return ScoringChoice(Scoring.t_score)
    if status == "pre":
        return ScoringChoice(Scoring.z_score)
    if age is None:
        return ScoringChoice(
            Scoring.t_score,
            ("Menopausal status and age not given: T-scores used (WHO classes).",),
            ("menopausal status", "age"),
        )
    if age >= T_SCORE_AGE:
        return ScoringChoice(
            Scoring.t_score,
            (f"Menopausal status not given: assumed postmenopausal at age {age:g}.",),
            ("menopausal status",),
        )
    return ScoringChoice(
        Scoring.z_score,
        (f"Menopausal status not given: assumed premenopausal at age {age:g}.",),
        ("menopausal status",),
    )


def scoring_basis(facts: Facts, scoring: Scoring | None) -> str:
    """Why this score kind, in a few words, for the letters (§1)."""
    age, sex, status = facts.age, facts.sex, facts.menopausal_status
    if scoring is None:
        return f"under {ADULT_AGE}: not classified ({ISCD})"
    word = f"T-scores used ({WHO})" if scoring is Scoring.t_score else f"Z-scores used ({ISCD})"
    if age is None:
        return f"age not known: {word}"
    if sex is Sex.female:
        who = {
            "post": "postmenopausal",
            "peri": "perimenopausal",
            "pre": "premenopausal",
        }.get(status or "")
        if who is None:
            assumed = "post" if scoring is Scoring.t_score else "pre"
            who = f"aged {age:g}, menopausal status not given (taken as {assumed}menopausal)"
        return f"{who}: {word}"
    if sex is Sex.male:
        band = (
            f"man aged {T_SCORE_AGE} or more" if age >= T_SCORE_AGE else f"man under {T_SCORE_AGE}"
        )
        return f"{band}: {word}"
    return f"sex not given, age {age:g}: {word}"


def fracture_basis(scoring: Scoring | None, score: float | None, facts: Facts) -> list[str]:
    """The fracture sites a fracture-based diagnosis rests on (empty when BMD decides)."""
    if not is_fracture_based(scoring, score, facts):
        return []
    return list(facts.diagnostic_fracture_sites or facts.low_bone_mass_fracture_sites)


def score_of(measurement: Measurement, scoring: Scoring) -> float | None:
    """The score that classifies, as printed; a derived score rounded half away from zero."""
    value = measurement.t_score if scoring is Scoring.t_score else measurement.z_score
    if value is None:
        return None
    return round_half_away(value) if measurement.provenance is Provenance.derived else value


def choose_spine(
    candidates: list[Measurement], excluded: frozenset[str] = frozenset()
) -> Measurement | None:
    """L1-L4; else an unlabelled spine total; else the range with most vertebrae (>= 2).

    (v2) When the report states vertebrae were excluded, no range holding one of them is
    used, even a printed L1-L4. An unlabelled total (region null) is taken as the report's
    own total. Among ranges with the same count the first reported wins.
    """
    spine = [
        m
        for m in candidates
        if m.site is Site.lumbar_spine and not (vertebrae(m.region) & excluded)
    ]
    for m in spine:
        if m.region == SPINE_STANDARD_REGION:
            return m
    for m in spine:
        if m.region is None:
            return m
    ranges = [m for m in spine if len(vertebrae(m.region)) >= MIN_SPINE_VERTEBRAE]
    if not ranges:
        return None
    return max(ranges, key=lambda m: len(vertebrae(m.region)))


def is_redundant_mean(measurement: Measurement, measurements: list[Measurement]) -> bool:
    """A vendor's hip 'mean' row is not diagnostic when a side of that site is given."""
    return measurement.side is Side.mean and any(
        m.site is measurement.site and m.side in (Side.left, Side.right) for m in measurements
    )


def diagnostic_measurements(
    measurements: list[Measurement],
    has_score: Callable[[Measurement], bool],
    excluded: frozenset[str] = frozenset(),
) -> list[Measurement]:
    """§2: spine (one chosen range), femoral necks, total hips, 33% radius; in that order."""
    usable = [
        m
        for m in measurements
        if m.site in DIAGNOSTIC_SITES and has_score(m) and not is_redundant_mean(m, measurements)
    ]
    spine = choose_spine(usable, excluded)
    others = [m for m in usable if m.site is not Site.lumbar_spine]
    others.sort(key=lambda m: DIAGNOSTIC_SITES.index(m.site))
    return ([spine] if spine else []) + others


def lowest(measurements: list[Measurement], scoring: Scoring) -> Measurement | None:
    """The diagnostic measurement with the lowest score; ties go to the first in site order."""
    scored = [m for m in measurements if score_of(m, scoring) is not None]
    return min(scored, key=lambda m: score_of(m, scoring)) if scored else None


def who_class(t_score: float) -> Classification:
    """§3: -1.0 is normal, -2.5 is osteoporosis."""
    if t_score >= NORMAL_T_MIN:
        return Classification.normal
    if t_score > OSTEOPOROSIS_T_MAX:
        return Classification.low_bone_mass
    return Classification.osteoporosis


def z_class(z_score: float) -> Classification:
    """§3: Z <= -2.0 is below the expected range for age."""
    if z_score <= BELOW_EXPECTED_Z_MAX:
        return Classification.below_expected_range_for_age
    return Classification.within_expected_range_for_age


def classify(scoring: Scoring | None, score: float | None, facts: Facts) -> Classification:
    """The class; a hip or vertebral fragility fracture is osteoporosis whatever the T-score,
    and (v2, AACE 2020) so is low bone mass with a humerus, pelvis or wrist fracture."""
    if scoring is None:
        return Classification.not_classified
    if scoring is Scoring.z_score:
        return Classification.not_classified if score is None else z_class(score)
    if facts.has_hip_or_vertebral_fracture:
        return Classification.osteoporosis
    if score is None:
        return Classification.not_classified
    by_bmd = who_class(score)
    if by_bmd is Classification.low_bone_mass and facts.low_bone_mass_fracture_sites:
        return Classification.osteoporosis
    return by_bmd


def is_fracture_based(scoring: Scoring | None, score: float | None, facts: Facts) -> bool:
    """Osteoporosis from a fracture where the BMD alone would not say so."""
    if scoring is not Scoring.t_score:
        return False
    by_bmd = None if score is None else who_class(score)
    if facts.has_hip_or_vertebral_fracture:
        return by_bmd is not Classification.osteoporosis
    return by_bmd is Classification.low_bone_mass and bool(facts.low_bone_mass_fracture_sites)


def is_severe(classification: Classification, t_score: float | None, facts: Facts) -> bool:
    """WHO severe (established) osteoporosis: T <= -2.5 and a fragility fracture (WHO 1994).

    A fracture-based diagnosis with a T-score above -2.5 is not called severe; a fracture at
    an 'other' site changes no class (§3 v2), so it does not make osteoporosis severe.
    """
    return (
        classification is Classification.osteoporosis
        and t_score is not None
        and t_score <= OSTEOPOROSIS_T_MAX
        and bool(facts.counted_fractures)
    )
