"""The report audit (clinical-rules §10, v2): the report's own statements (`report.stated`)
checked against what the rules give. One entry per disagreement, with a fixed code, a
neutral sentence and the rule's source; any one holds the report for review.

Each error gets its most specific code only, so one mistake is not counted twice: a
diagnosis resting on a non-diagnostic site is `non_diagnostic_site`, not also a class
mismatch; a T-score class for a young patient is `t_score_in_young`; a fracture-based
osteoporosis stated as something else is `fracture_omitted`.
"""

from __future__ import annotations

from dxa.interpret.classify import is_redundant_mean, who_class
from dxa.interpret.facts import Facts
from dxa.interpret.model import Change, Classification, Discrepancy, Interpretation, Scoring
from dxa.interpret.rules import (
    AACE,
    BHOF,
    DIAGNOSTIC_SITES,
    ISCD,
    MIN_SPINE_VERTEBRAE,
    SURELY_PREMENOPAUSAL_AGE,
    T_SCORE_AGE,
)
from dxa.interpret.spine import vertebrae
from dxa.parser.model import (
    HIP_SITES,
    VALUE_NAMES,
    Measurement,
    Report,
    Sex,
    StatedChange,
    StatedSite,
    site_words,
)

# The codes are fixed (independent writers label test reports with them): never rename.
DISCREPANCY_CODES: dict[str, str] = {
    "class_mismatch": "the stated classification is not the class the lowest valid score gives",
    "non_diagnostic_site": "the diagnosis rests on a site that does not diagnose (Ward's, trochanter, a single vertebra, a mean row when the sides are given, ...)",
    "t_score_in_young": f"T-score classes used for a premenopausal woman or a man under {T_SCORE_AGE}",
    "wrong_lowest_site": "the site named as the lowest is not the lowest valid site",
    "change_significance": "a change called significant below the LSC, or not significant at or beyond it",
    "fracture_omitted": "a fracture that makes the diagnosis osteoporosis is left out of the stated diagnosis",
}
T_CLASSES = (Classification.normal, Classification.low_bone_mass, Classification.osteoporosis)
CLASS_WORDS = {
    "normal": "normal bone density",
    "low_bone_mass": "low bone mass (osteopenia)",
    "osteoporosis": "osteoporosis",
    "within_expected_range_for_age": "within the expected range for age",
    "below_expected_range_for_age": "below the expected range for age",
    "not_classified": "not classified",
}


def is_diagnostic(site: StatedSite, report: Report) -> bool:
    """§2: a diagnostic site, a spine range of two or more vertebrae, not a redundant mean."""
    if site.site not in DIAGNOSTIC_SITES:
        return False
    spine = site.site.value == "lumbar_spine" and site.region
    if spine and len(vertebrae(site.region)) < MIN_SPINE_VERTEBRAE:
        return False
    probe = Measurement(site=site.site, side=site.side, region=site.region)
    return not is_redundant_mean(probe, report.measurements)


def _score_text(score: float | None, scoring: Scoring | None) -> str:
    name = VALUE_NAMES[(scoring or Scoring.t_score).value]  # a report without one: T
    return f"the lowest valid {name}" if score is None else f"the lowest valid {name}, {score:+.1f}"


def _lowest(result: Interpretation) -> tuple[str, float | None]:
    site = result.diagnostic_site
    if site is None:
        return "", None
    score = site.z_score if result.scoring is Scoring.z_score else site.t_score
    return site_words(site.site, site.side, site.region), score


def young_for_t_scores(facts: Facts) -> bool:
    """Z-scored with confidence: a premenopausal woman, a man under 50 (T_SCORE_AGE), or a
    woman of unknown status well under 50 (SURELY_PREMENOPAUSAL_AGE)."""
    if facts.sex is Sex.male:
        return facts.age is not None and facts.age < T_SCORE_AGE
    if facts.menopausal_status == "pre":
        return True
    return (
        facts.menopausal_status is None
        and facts.age is not None
        and facts.age < SURELY_PREMENOPAUSAL_AGE
    )


def fracture_based(result: Interpretation) -> bool:
    """Osteoporosis resting on a fracture, where the lowest T-score alone would not say so."""
    _, score = _lowest(result)
    return (
        result.scoring is Scoring.t_score
        and result.classification is Classification.osteoporosis
        and (score is None or who_class(score) is not Classification.osteoporosis)
    )


def class_discrepancies(report: Report, result: Interpretation, facts: Facts) -> list[Discrepancy]:
    """Classification and the site it rests on: one code for one error."""
    stated = report.stated
    stated_class = stated.classification
    site = stated.lowest_site
    said = CLASS_WORDS.get(stated_class or "", "")
    if site is not None and not is_diagnostic(site, report):
        where = site_words(site.site, site.side, site.region)
        text = (
            f"The report bases its diagnosis on the {where}, which is not a "
            f"diagnostic site; by {ISCD} only the lumbar spine (at least two vertebrae), "
            "femoral neck, total hip and 33% radius diagnose."
        )
        return [Discrepancy(code="non_diagnostic_site", text=text, source=ISCD)]
    if stated_class is None or result.classification is Classification.not_classified:
        return []
    where, score = _lowest(result)
    computed = CLASS_WORDS[result.classification.value]
    if (
        result.scoring is Scoring.z_score
        and stated_class in T_CLASSES
        and young_for_t_scores(facts)
    ):
        quoted_t = "t-score" in stated.evidence.get("classification", "").lower()
        if stated_class != "normal" or quoted_t:
            text = (
                f"The report states {said}, a T-score class; by {ISCD} a premenopausal woman "
                f"or a man under {T_SCORE_AGE} is classified by Z-score: {computed}."
            )
            return [Discrepancy(code="t_score_in_young", text=text, source=ISCD)]
        return []
    if fracture_based(result) and stated_class != "osteoporosis":
        text = (
            f"The report states {said}; a hip or vertebral fragility fracture (or a low bone mass "
            f"with a fragility fracture) is a clinical diagnosis of osteoporosis ({BHOF}, {AACE})."
        )
        return [Discrepancy(code="fracture_omitted", text=text, source=f"{BHOF}, {AACE}")]
    if stated_class != result.classification.value and not said_of_its_sites(report, result):
        place = f" at the {where}" if where else ""
        text = f"The report states {said}; by {ISCD} {_score_text(score, result.scoring)}{place}, is {computed}."
        return [Discrepancy(code="class_mismatch", text=text, source=ISCD)]
    return []


def said_of_its_sites(report: Report, result: Interpretation) -> bool:
    """A class stated of named sites ("spine and left neck osteopenic") that is right for
    the lowest of those sites: the report says nothing of the others."""
    named = [s for s in report.stated.classification_sites if is_diagnostic(s, report)]
    if not named or result.scoring is not Scoring.t_score:
        return False
    scores = [
        m.t_score
        for m in report.measurements
        for s in named
        if m.t_score is not None and _measured_at(m, s)
    ]
    return bool(scores) and who_class(min(scores)).value == report.stated.classification


def _measured_at(measurement: Measurement, site: StatedSite) -> bool:
    same_site = measurement.site is site.site or (
        site.general and site.site in HIP_SITES and measurement.site in HIP_SITES
    )
    return (
        same_site
        and (site.side is None or measurement.side is site.side)
        and (site.region is None or measurement.region == site.region)
    )


def _same_place(stated: StatedSite, site, score: float | None, scoring) -> bool:
    """The stated site is the rules' lowest site (or names the same score)."""
    stated_score = stated.z_score if scoring is Scoring.z_score else stated.t_score
    if stated_score is not None and score is not None and stated_score == score:
        return True
    same_site = stated.site is site.site or (
        stated.general and stated.site in HIP_SITES and site.site in HIP_SITES
    )
    same_side = stated.side is None or site.side is None or stated.side is site.side
    same_region = stated.region is None or site.region is None or stated.region == site.region
    return same_site and same_side and same_region


def lowest_site_discrepancies(report: Report, result: Interpretation) -> list[Discrepancy]:
    stated = report.stated.lowest_site
    site = result.diagnostic_site
    if stated is None or site is None or not is_diagnostic(stated, report):
        return []
    where, score = _lowest(result)
    if _same_place(stated, site, score, result.scoring):
        return []
    named = site_words(stated.site, stated.side, stated.region)
    text = (
        f"The report names the {named} as the lowest site; by {ISCD} "
        f"{_score_text(score, result.scoring)}{'' if score is None else ','} is at the {where}."
    )
    return [Discrepancy(code="wrong_lowest_site", text=text, source=ISCD)]


def _changes_meant(statement: StatedChange, changes: list[Change]) -> list[Change]:
    judged = [c for c in changes if c.significant is not None]
    if statement.site is None:
        return judged
    same = [c for c in judged if c.site is statement.site]
    if not same and statement.site in HIP_SITES:
        same = [c for c in judged if c.site in HIP_SITES]
    return same


def change_discrepancies(report: Report, result: Interpretation) -> list[Discrepancy]:
    """§8: a change called significant when no measured change reaches the LSC, or not
    significant when one does."""
    found = []
    for statement in report.stated.changes:
        meant = _changes_meant(statement, result.changes)
        if not meant:
            continue
        significant = [c for c in meant if c.significant]
        where = f" at the {statement.site.value.replace('_', ' ')}" if statement.site else ""
        if statement.significant and not significant:
            worst = max(meant, key=lambda c: abs(c.bmd_change))
            text = (
                f"The report calls the change{where} significant; by {ISCD} it is not: "
                f"{worst.bmd_change:+.3f} g/cm² against an LSC of {worst.lsc:.3f} g/cm²."
            )
        elif not statement.significant and significant:
            worst = significant[0]
            text = (
                f"The report calls the change{where} not significant; by {ISCD} it is: "
                f"{worst.bmd_change:+.3f} g/cm² against an LSC of {worst.lsc:.3f} g/cm²."
            )
        else:
            continue
        entry = Discrepancy(code="change_significance", text=text, source=ISCD)
        if entry not in found:
            found.append(entry)
    return found


def find_discrepancies(report: Report, result: Interpretation, facts: Facts) -> list[Discrepancy]:
    """Every disagreement between the report's conclusions and the rules (§10)."""
    if report.stated is None:
        return []
    classes = class_discrepancies(report, result, facts)
    if classes and classes[0].code == "non_diagnostic_site":
        return [*classes, *change_discrepancies(report, result)]
    sites = lowest_site_discrepancies(report, result)
    if (
        sites
        and classes
        and classes[0].code == "class_mismatch"
        and follows_from_site(report, result)
    ):
        classes = []  # the class is the named site's: one mistake, the site
    return [*classes, *sites, *change_discrepancies(report, result)]


def follows_from_site(report: Report, result: Interpretation) -> bool:
    """The stated class is what the (wrongly) named site's own score gives."""
    stated = report.stated
    site = stated.lowest_site
    score = site.t_score
    if score is None:
        measured = [
            m.t_score
            for m in report.measurements
            if m.site is site.site
            and (site.side is None or m.side is site.side)
            and m.t_score is not None
        ]
        score = min(measured) if measured else None
    if score is None or result.scoring is not Scoring.t_score:
        return False
    return who_class(score).value == stated.classification
