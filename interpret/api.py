"""The interpreter's entry point: Report + context -> Interpretation (clinical-rules.md v2).

`interpret()` calls `prepare()` itself (it is idempotent), so callers may pass the parsed
or the prepared report; whoever shows the report should show `prepare(report)`, so that a
derived T-score is visible as derived.

Choices where clinical-rules.md is silent (each also in the docstring where it is made):
- an unknown fracture history counts as no fracture, noted in `assumptions` and `missing`;
- severe osteoporosis needs T <= -2.5 with a fracture (WHO), not a fracture-based diagnosis;
- normal BMD with a counted fracture (not hip/spine, not 'other') and no treatment
  indication is 'moderate';
- Z-score and unclassified patients have risk 'undetermined'; Z patients follow the
  'other' repeat rows (within range like normal BMD, below it like low bone mass);
- frax_needed gets no repeat interval (it is not 'untreated' until FRAX decides);
- FRAX counts as known when either probability is given (the other goes to `missing`);
- a lumbar spine row without a vertebral range is taken as the spine total;
- §5a applies to T-scored patients (its VFA row to every §5a patient); an unknown age
  does not exclude a patient from §5a (the report is held for review anyway);
- §5b applies to T-scored patients on treatment; a drug it does not name is continued;
- a Z-scored patient with a hip or vertebral fracture is also referred (specialist_referral);
- comparisons need both exams' manufacturers to differ to be refused; an unnamed scanner
  is assumed the same (noted in `assumptions`) unless the report says it was the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from dxa.interpret.change import changes_since_previous
from dxa.interpret.classify import (
    choose_scoring,
    classify,
    diagnostic_measurements,
    fracture_basis,
    is_fracture_based,
    is_severe,
    lowest,
    score_of,
    scoring_basis,
)
from dxa.interpret.context import history_context, layered
from dxa.interpret.context_used import context_facts
from dxa.interpret.discrepancies import find_discrepancies
from dxa.interpret.facts import Facts, facts_from, frax_inputs, glucocorticoid_adjusted
from dxa.interpret.model import (
    ClinicalContext,
    ContextSource,
    DiagnosticSite,
    Flag,
    Interpretation,
    Scoring,
    SiteLsc,
    TreatmentDecision,
)
from dxa.interpret.recommend import Findings, recommendations
from dxa.interpret.reference import prepare, site_label
from dxa.interpret.risk import (
    Plan,
    fracture_phrase,
    low_bone_mass_fracture_phrase,
    plan_for,
    repeat_interval,
    significant_losses,
)
from dxa.interpret.rules import AACE, ADULT_AGE, BHOF, GIOP_GLUCOCORTICOID_MG, ISCD
from dxa.interpret.spine import vertebra_exclusion_flags
from dxa.parser.model import VALUE_NAMES, Measurement, Report, ReviewReason, Site


def lowest_of(
    report: Report, scoring: Scoring, sites: tuple[Site, ...] | None = None
) -> tuple[Measurement | None, float | None]:
    """The lowest diagnostic measurement for a score kind (at `sites`, if given), and that
    score; a range holding a vertebra the report excludes is not diagnostic (§2 v2)."""
    usable = diagnostic_measurements(
        report.measurements,
        lambda m: score_of(m, scoring) is not None,
        frozenset(report.excluded_vertebrae),
    )
    if sites is not None:
        usable = [m for m in usable if m.site in sites]
    chosen = lowest(usable, scoring)
    return chosen, (score_of(chosen, scoring) if chosen else None)


def describe_site(measurement: Measurement, scoring: Scoring, score: float) -> str:
    """'lowest T-score -2.4 at the left femoral neck (derived from BMD, <reference>)'."""
    text = f"lowest {VALUE_NAMES[scoring.value]} {score:+.1f} at the {site_label(measurement)}"
    if measurement.reference and scoring is Scoring.t_score:
        text += f" (derived from BMD, {measurement.reference})"
    return text


def basis_sentence(
    scoring: Scoring | None,
    chosen: Measurement | None,
    score: float | None,
    facts: Facts,
) -> str:
    """One sentence saying what the classification rests on."""
    if scoring is None:
        return f"Under 20: not classified; paediatric interpretation needs paediatric references ({ISCD})."
    site = describe_site(chosen, scoring, score) if chosen and score is not None else None
    if is_fracture_based(scoring, score, facts):
        if facts.has_hip_or_vertebral_fracture:
            fracture = fracture_phrase(facts.diagnostic_fracture_sites)
            text = f"Osteoporosis by clinical diagnosis: {fracture}, whatever the T-score ({BHOF}, {AACE})"
        else:
            fracture = low_bone_mass_fracture_phrase(facts.low_bone_mass_fracture_sites)
            text = f"Osteoporosis by clinical diagnosis: {fracture} ({AACE})"
        return f"{text}; {site}." if site else f"{text}."
    if site is None:
        return f"No {VALUE_NAMES[scoring.value]} at a diagnostic site."
    return site[0].upper() + site[1:] + "."


def diagnostic_site(chosen: Measurement | None) -> DiagnosticSite | None:
    if chosen is None:
        return None
    return DiagnosticSite(
        site=chosen.site,
        side=chosen.side,
        region=chosen.region,
        t_score=chosen.t_score,
        z_score=chosen.z_score,
    )


def context_notes(scoring: Scoring | None, facts: Facts, plan: Plan) -> tuple[list[str], list[str]]:
    """Assumptions and missing inputs beyond the scoring choice."""
    assumptions, missing = [], list(plan.missing)
    if scoring is Scoring.t_score and facts.fractures is None:
        assumptions.append("Fracture history not given: assumed no fragility fracture.")
        missing.append("fracture history")
    if scoring is Scoring.t_score and facts.on_treatment:
        if facts.frax_known:
            assumptions.append(
                f"FRAX not used: it is not validated on treatment ({facts.on_treatment})."
            )
    elif plan.decision is TreatmentDecision.frax_needed or (
        plan.treatment_reasons and not facts.frax_known
    ):
        missing.append("FRAX")
    elif scoring is Scoring.t_score and facts.frax_known:
        if facts.frax_mof is None:
            missing.append("FRAX major osteoporotic probability")
        if facts.frax_hip is None:
            missing.append("FRAX hip probability")
    dose = facts.glucocorticoids_mg_per_day
    if dose is not None and dose >= GIOP_GLUCOCORTICOID_MG and facts.glucocorticoid_months is None:
        missing.append("glucocorticoid duration")
    return assumptions, missing


def spine_assumption(chosen: Measurement | None) -> list[str]:
    if chosen is not None and chosen.site is Site.lumbar_spine and chosen.region is None:
        return ["Lumbar spine result without a vertebral range: taken as the spine total."]
    return []


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def interpret(
    report: Report,
    context: ClinicalContext | None = None,
    *,
    site_lsc: Mapping[Site, SiteLsc] | None = None,
    context_sources: Mapping[str, ContextSource] | None = None,
    hold_on_discrepancies: bool = True,
) -> Interpretation:
    """Apply clinical-rules.md. Context values win over the report's own; `site_lsc` is the
    clinic's configured LSC (interpret/clinic.py).

    The report's own history (`report.history`) is the lowest layer under `context`;
    `context_sources` says which layer (sidecar, context_file, flags) gave each key of
    `context`, for the listing of facts used. A discrepancy between the report's stated
    conclusions and the rules holds the report, unless a person has already approved it
    (`hold_on_discrepancies=False`)."""
    report = prepare(report)
    given = layered(("report", history_context(report)), ("context", context))
    sources = {
        key: (context_sources or {}).get(key, source) if source == "context" else source
        for key, source in given.sources.items()
    }
    context = given.context
    facts, frax_notes = glucocorticoid_adjusted(facts_from(report, context))
    choice = choose_scoring(facts)
    scoring = choice.scoring
    chosen, score = lowest_of(report, scoring) if scoring else (None, None)
    classification = classify(scoring, score, facts)
    t_score = score if scoring is Scoring.t_score else None
    change = changes_since_previous(report, site_lsc)
    losses = significant_losses(change.changes)
    lowest_hip_t = lowest_of(report, Scoring.t_score, (Site.femoral_neck, Site.total_hip))[1]
    plan = plan_for(scoring, classification, t_score, lowest_hip_t, facts, losses)
    repeat = repeat_interval(scoring, classification, plan.decision, t_score, facts, losses)
    findings = Findings(
        classification=classification,
        decision=plan.decision,
        risk=plan.risk,
        first_line=plan.first_line,
        treatment_reasons=tuple(plan.treatment_reasons),
        very_high_reasons=tuple(plan.very_high_reasons),
        failure_reasons=tuple(plan.failure_reasons),
        lowest_diagnostic_t=lowest_of(report, Scoring.t_score)[1] if scoring else None,
        lowest_diagnostic_z=lowest_of(report, Scoring.z_score)[1],
        repeat=repeat,
        losses=tuple(losses),
        z_scored=scoring is Scoring.z_score,
        under_20=facts.age is not None and facts.age < ADULT_AGE,
    )
    assumptions, missing = context_notes(scoring, facts, plan)
    if scoring is not None and chosen is None:
        missing.append(f"a diagnostic {VALUE_NAMES[scoring.value]}")
    reasons_to_hold = [*report.review_reasons, *own_reasons(scoring, facts)]
    result = Interpretation(
        scoring=scoring,
        classification=classification,
        basis=basis_sentence(scoring, chosen, score, facts),
        scoring_basis=scoring_basis(facts, scoring),
        fracture_basis=fracture_basis(scoring, score, facts),
        severe=is_severe(classification, t_score, facts),
        diagnostic_site=diagnostic_site(chosen),
        risk_category=plan.risk,
        treatment_decision=plan.decision,
        first_line=plan.first_line,
        repeat_dxa_months=repeat.months,
        recommendations=recommendations(findings, facts),
        changes=change.changes,
        flags=[
            *vertebra_exclusion_flags(report.measurements),
            *excluded_range_flags(report, chosen),
            *change.flags,
        ],
        assumptions=unique(
            [
                *choice.assumptions,
                *spine_assumption(chosen),
                *frax_notes,
                *assumptions,
                *change.assumptions,
            ]
        ),
        missing=unique([*choice.missing, *missing]),
        needs_review=bool(reasons_to_hold),
        review_reasons=reasons_to_hold,
        frax=frax_inputs(report, context),
    )
    return audited(report, result, facts, context, sources, hold_on_discrepancies)


def audited(
    report: Report,
    result: Interpretation,
    facts: Facts,
    context: ClinicalContext,
    sources: Mapping[str, ContextSource],
    hold: bool,
) -> Interpretation:
    """The interpretation with the report audit (§10) and the context facts used (§11)."""
    found = find_discrepancies(report, result, facts)
    reasons = list(result.review_reasons)
    if hold:
        reasons += [ReviewReason(code="report_discrepancy", text=d.text) for d in found]
    return result.model_copy(
        update={
            "discrepancies": found,
            "context_used": context_facts(report, context, sources, result.frax),
            "needs_review": bool(reasons),
            "review_reasons": reasons,
        }
    )


def excluded_range_flags(report: Report, chosen: Measurement | None) -> list[Flag]:
    """§2 (v2): the report excludes vertebrae but prints no spine range without them."""
    excluded = report.excluded_vertebrae
    spine_rows = [
        m for m in report.measurements if m.site is Site.lumbar_spine and m.t_score is not None
    ]
    usable = diagnostic_measurements(
        report.measurements, lambda m: m.t_score is not None, frozenset(excluded)
    )
    if not excluded or not spine_rows or any(m.site is Site.lumbar_spine for m in usable):
        return []
    text = (
        f"The report excludes {', '.join(excluded)} but gives no lumbar spine range without "
        f"them: the spine was not used for diagnosis ({ISCD})."
    )
    return [Flag(code="excluded_vertebrae_without_range", text=text)]


def own_reasons(scoring: Scoring | None, facts: Facts) -> list[ReviewReason]:
    """§1 (v2): an unknown age chooses T-scores, and a person must confirm it."""
    if scoring is None or facts.age is not None:
        return []
    text = "The patient's age is not in the report or the context, so T-scores were used."
    return [ReviewReason(code="unknown_age", text=text)]
