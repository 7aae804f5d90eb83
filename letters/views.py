"""What each letter shows, as plain data for its template: every number from the report or
the interpretation (which records where its FRAX came from), every word from `wording`
or the rule texts. No rendering here: see render.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dxa.interpret.context_used import LABELS as CONTEXT_LABELS
from dxa.interpret.model import (
    Change,
    Classification,
    Interpretation,
    Recommendation,
    RecommendationCode,
    Scoring,
    TreatmentDecision,
)
from dxa.interpret.reference import find_reference, prepare, report_manufacturer
from dxa.interpret.texts import patient_text
from dxa.letters import wording
from dxa.letters.figures import format_score, score_scale_svg
from dxa.letters.typeset import letter_date, letter_text, signed
from dxa.parser.model import VALUE_NAMES, Measurement, Provenance, Report
from markupsafe import Markup

NOT_GIVEN = "—"


def _date(value: dt.date | str | None) -> str | None:
    return letter_date(value)


def _score(value: float | None) -> str:
    return NOT_GIVEN if value is None else format_score(value)


def _bmd(value: float | None) -> str:
    return NOT_GIVEN if value is None else f"{value:.3f}"


def patient_ref(report: Report) -> str:
    parts = [report.patient.name, f"ID {report.patient.id}" if report.patient.id else None]
    exam = _date(report.exam.date)
    parts.append(f"exam {exam}" if exam else None)
    return " · ".join(part for part in parts if part)


# ---------------------------------------------------------------- patient letter


def patient_view(report: Report, interpretation: Interpretation) -> dict[str, Any]:
    """Everything the patient template shows, already in plain words."""
    recs = {rec.code: rec for rec in interpretation.recommendations if rec.in_patient_letter}
    scoring = interpretation.scoring
    figure, lowest = _patient_figure(interpretation)
    fracture = interpretation.fracture_basis
    return {
        "greeting": greeting_name(report.patient.name),
        "exam_date": _date(report.exam.date),
        "sites": _join_words(
            wording.patient_sites([(m.site, m.side) for m in report.measurements])
        ),
        "class_name": wording.PATIENT_CLASS_NAMES[interpretation.classification],
        "class_reason": wording.patient_fracture_reason(fracture) if fracture else None,
        "meaning": (
            wording.patient_fracture_sentence(fracture)
            if fracture
            else wording.PATIENT_MEANING[interpretation.classification]
        ),
        "score_explained": wording.PATIENT_SCORE_EXPLAINED.get(scoring) if figure else None,
        "figure": figure,
        "no_picture": wording.NO_PICTURE_SENTENCE,
        "lowest": lowest,
        "changes": patient_changes(interpretation),
        "helps": _patient_texts(wording.PATIENT_HELP_CODES, recs) or wording.GENERAL_HELPS,
        "discuss": [
            *_decision_sentence(interpretation),
            *_patient_texts(wording.PATIENT_DISCUSS_CODES, recs),
        ]
        or [wording.GENERAL_DISCUSS],
        "next_scan": [
            _repeat_sentence(interpretation, recs),
            *_patient_texts(wording.PATIENT_NEXT_SCAN_CODES, recs),
        ],
        "supports": wording.SUPPORTS_NOT_REPLACES,
    }


def _decision_sentence(interpretation: Interpretation) -> list[str]:
    sentence = wording.PATIENT_DECISION_SENTENCES.get(interpretation.treatment_decision)
    return [sentence] if sentence else []


def _repeat_sentence(interpretation: Interpretation, recs: dict[RecommendationCode, Any]) -> str:
    rec = recs.get(RecommendationCode.repeat_dxa)
    if rec is not None and rec.patient_text:
        return rec.patient_text
    return patient_text(RecommendationCode.repeat_dxa, months=interpretation.repeat_dxa_months)


def patient_changes(interpretation: Interpretation) -> list[str]:
    """One sentence per exactly named site and earlier date (v2, rules §8): two spine ranges
    would both be "your lower back", so the diagnostic range (or the first) speaks for it."""
    chosen: dict[tuple[str, str], Change] = {}
    diagnostic = interpretation.diagnostic_site
    for change in interpretation.changes:
        key = (wording.patient_site(change.site, change.side), change.previous_date)
        preferred = diagnostic is not None and (
            (change.site, change.side, change.region)
            == (diagnostic.site, diagnostic.side, diagnostic.region)
        )
        if key not in chosen or preferred:
            chosen[key] = change
    return [
        wording.patient_change_sentence(
            part, _date(previous_date), change.percent_change, change.significant
        )
        for (part, previous_date), change in chosen.items()
    ]


def greeting_name(name: str | None) -> str:
    """`DOE, JANE` -> `Jane Doe`: reports often print `LAST, FIRST` in capitals."""
    if not name:
        return "patient"
    if name.isupper():
        name = name.title()
    last, comma, first = name.partition(",")
    if comma and first.strip() and "," not in first:
        return f"{first.strip()} {last.strip()}"
    return name.strip()


def _patient_texts(
    order: tuple[RecommendationCode, ...], recs: dict[RecommendationCode, Recommendation]
) -> list[str]:
    """The interpreter's patient sentences for the codes it chose, in the letter's order."""
    return [recs[code].patient_text or patient_text(code) for code in order if code in recs]


def _patient_figure(interpretation: Interpretation) -> tuple[Any, str | None]:
    """The scale and a sentence naming the lowest score, or (None, None) when there is no score."""
    site = interpretation.diagnostic_site
    scoring = interpretation.scoring
    if interpretation.classification is Classification.not_classified or site is None:
        return None, None
    score = site.t_score if scoring is Scoring.t_score else site.z_score
    if scoring is None or score is None:
        return None, None
    where = wording.patient_site(site.site, site.side)
    name = VALUE_NAMES[scoring.value]
    sentence = f"Your lowest {name} was {format_score(score)}, at your {where}."
    short = wording.patient_sites([(site.site, site.side)])[0]
    if interpretation.fracture_basis:
        # (v2, rules §11) Not in the green band as if all were well: the diagnosis band.
        figure = score_scale_svg(
            scoring, score, short, diagnosis="Osteoporosis", note=wording.FRACTURE_FIGURE_NOTE
        )
        return figure, sentence
    return score_scale_svg(scoring, score, short), sentence


def _join_words(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------- physician letter


def physician_view(report: Report, interpretation: Interpretation) -> dict[str, Any]:
    """Everything the physician template shows; every number comes from report or interpretation.
    The report is shown prepared (idempotent): a T-score the interpretation derived is in the
    results table too, whichever caller forgot to prepare it."""
    report = prepare(report)
    measurements = [_measurement_row(m) for m in report.measurements]
    references = _derivation_references(report)
    return {
        "header": _physician_header(report),
        "measurements": measurements,
        "derived_note": (
            "Italic rows: T-score derived here from BMD, T = (BMD − young-adult mean) / SD, "
            f"reference: {'; '.join(references) or 'not named'}."
        )
        if any(row["derived"] for row in measurements)
        else None,
        "scores_note": _scores_note(interpretation),
        "assessment": _assessment(report, interpretation),
        "recommendations": [
            {"text": letter_text(rec.text), "source": rec.source}
            for rec in interpretation.recommendations
        ],
        "changes": [
            {
                "site": _site_label(c.site, c.side, c.region),
                "date": _date(c.previous_date),
                "bmd_change": signed(f"{c.bmd_change:+.3f}"),
                "percent_change": signed(f"{c.percent_change:+.1f}"),
                "lsc": NOT_GIVEN if c.lsc is None else f"{c.lsc:.3f}",
                "significant": {True: "Yes", False: "No", None: "Not assessed"}[c.significant],
            }
            for c in interpretation.changes
        ],
        "notes": [
            ("Flags", [letter_text(flag.text) for flag in interpretation.flags]),
            ("Assumptions", [letter_text(text) for text in interpretation.assumptions]),
            ("Missing inputs", interpretation.missing),
            ("Notes from reading the report", [letter_text(w) for w in report.warnings]),
        ],
        "supports": wording.PHYSICIAN_SUPPORTS_NOT_REPLACES,
        "draft": _draft(report, interpretation),
        "discrepancies": _discrepancies(interpretation),
        "context_used": _context_used(interpretation),
    }


def _discrepancies(interpretation: Interpretation) -> dict[str, Any] | None:
    """The report audit, shown first (clinical-rules §10): each statement with its source."""
    if not interpretation.discrepancies:
        return None
    return {
        "title": wording.DISCREPANCIES_TITLE,
        "note": wording.DISCREPANCIES_NOTE,
        "items": [(d.text, d.source) for d in interpretation.discrepancies],
    }


def _context_used(interpretation: Interpretation) -> dict[str, Any] | None:
    """Every clinical-context fact used and where it came from (§11): fact, value, source,
    and the report's own sentence for a fact read from its text."""
    if not interpretation.context_used:
        return None
    rows = [
        {
            "fact": CONTEXT_LABELS.get(fact.key, fact.key),
            "value": fact.value,
            "source": wording.CONTEXT_SOURCE_NAMES[fact.source],
            "quote": fact.evidence,
        }
        for fact in interpretation.context_used
    ]
    return {"title": wording.CONTEXT_USED_TITLE, "rows": rows}


def _draft(report: Report, interpretation: Interpretation) -> dict[str, Any] | None:
    """The DRAFT mark and the reasons, for a report held for review; None otherwise."""
    if not (interpretation.needs_review or report.needs_review):
        return None
    return {
        "mark": wording.DRAFT_MARK,
        "note": wording.DRAFT_NOTE,
        "reasons_title": wording.DRAFT_REASONS_TITLE,
        "reasons": _draft_reasons(interpretation),
    }


def _draft_reasons(interpretation: Interpretation) -> list[str]:
    """The reasons to hold; the report's discrepancies are one line here, shown in full first."""
    reasons = [r.text for r in interpretation.review_reasons if r.code != "report_discrepancy"]
    if any(r.code == "report_discrepancy" for r in interpretation.review_reasons):
        reasons.append(wording.DISCREPANCIES_HELD)
    return reasons


def _scores_note(interpretation: Interpretation) -> str | None:
    """(v2) When Z-scores classify, why, beside the table of T- and Z-scores."""
    if interpretation.scoring is not Scoring.z_score:
        return None
    reason = interpretation.scoring_basis or "Z-scores used"
    return wording.Z_SCORES_USED_NOTE.format(reason=reason[0].upper() + reason[1:])


def _site_label(site, side, region) -> Markup:
    """The physician's site label with its vertebra range kept on one line."""
    return letter_text(wording.site_label(site, side, region))


def _derivation_references(report: Report) -> list[str]:
    """Each reference a derived T-score used, with its mean and SD (clinical rules §9)."""
    manufacturer = report_manufacturer(report)
    named = set()
    for m in report.measurements:
        if not (_is_derived(m) and m.reference):
            continue
        reference = find_reference(manufacturer, m) if manufacturer else None
        numbers = f" (mean {reference.mean:g} g/cm², SD {reference.sd:g})" if reference else ""
        named.add(f"{m.reference}{numbers}")
    return sorted(named)


def _is_derived(measurement: Measurement) -> bool:
    return measurement.provenance is Provenance.derived


def _measurement_row(m: Measurement) -> dict[str, Any]:
    derived = _is_derived(m)
    source = "Reported"
    if derived:
        source = f"Derived T-score: {m.reference}" if m.reference else "Derived T-score"
    return {
        "site": _site_label(m.site, m.side, m.region),
        "bmd": _bmd(m.bmd),
        "t": _score(m.t_score),
        "z": _score(m.z_score),
        "source": source,
        "derived": derived,
    }


def _physician_header(report: Report) -> list[tuple[str, str]]:
    patient, exam = report.patient, report.exam
    sex_age = " · ".join(
        part
        for part in [
            patient.sex.value if patient.sex else None,
            f"{patient.age:g} years" if patient.age is not None else None,
        ]
        if part
    )
    rows = [
        ("Patient", patient.name),
        ("Patient ID", patient.id),
        ("Date of birth", _date(patient.birth_date)),
        ("Sex, age", sex_age or None),
        ("Exam date", _date(exam.date)),
        ("Device", exam.device),
        ("Reference database", exam.reference_database),
    ]
    return [(label, value or NOT_GIVEN) for label, value in rows]


def _assessment(report: Report, interpretation: Interpretation) -> list[tuple[str, str]]:
    site = interpretation.diagnostic_site
    classification = wording.CLASS_NAMES[interpretation.classification]
    if interpretation.severe:
        classification += " (severe: with fragility fracture)"
    diagnostic = NOT_GIVEN
    if site:
        diagnostic = letter_text(
            f"{wording.site_label(site.site, site.side, site.region)}: "
            f"T {_score(site.t_score)}, Z {_score(site.z_score)}"
        )
    return [
        ("Classification", classification),
        ("Basis", letter_text(interpretation.basis or wording.CLASS_BASIS[interpretation.scoring])),
        ("Scores used", letter_text(interpretation.scoring_basis) or NOT_GIVEN),
        ("Diagnostic site", diagnostic),
        ("FRAX 10-year risk", frax_text(interpretation)),
        ("TBS", NOT_GIVEN if report.tbs is None else f"{report.tbs:.3f} (from the report)"),
        ("Risk category", wording.RISK_NAMES[interpretation.risk_category]),
        ("Treatment decision", wording.DECISION_NAMES[interpretation.treatment_decision]),
        ("First line", wording.FIRST_LINE_NAMES[interpretation.first_line]),
        ("Repeat DXA", _repeat_text(interpretation)),
    ]


def _repeat_text(interpretation: Interpretation) -> str:
    months = interpretation.repeat_dxa_months
    if months is not None:
        return f"In {months} months"
    if interpretation.treatment_decision is TreatmentDecision.frax_needed:
        return "To be set once FRAX is known"
    return NOT_GIVEN


def frax_text(interpretation: Interpretation) -> str:
    """FRAX as the interpreter used it, naming each value's source (context or report)."""
    used = interpretation.frax
    parts = []
    for label, value in (
        ("Major osteoporotic", used.major_osteoporotic if used else None),
        ("hip", used.hip if used else None),
    ):
        if value is not None:
            source = "clinical context" if value.source == "context" else "from the report"
            parts.append(f"{label} {value.value:g}% ({source})")
    return "; ".join(parts) if parts else "Not given"
