"""Every clinical-context fact the interpretation used, and where it came from (clinical
rules §11 v2): report text, the sidecar beside the report, a --context file, flags. Age and
sex are listed whichever layer gave them, the report's own header included."""

from __future__ import annotations

from collections.abc import Mapping

from dxa.interpret.model import ClinicalContext, ContextFact, ContextSource, FraxInputs
from dxa.parser.model import Report


def _number(value: float) -> str:
    return f"{value:g}"


def _count(value: float, unit: str) -> str:
    """'1 year', '3 years', '0.5 years': singular only for exactly one."""
    return f"{value:g} {unit}" if value == 1 else f"{value:g} {unit}s"


def _fractures(context: ClinicalContext) -> str:
    if not context.fractures:
        return "none"
    parts = []
    for fracture in context.fractures:
        when = "" if fracture.years_ago is None else f", {_count(fracture.years_ago, 'year')} ago"
        parts.append(f"{fracture.site.value}{when}")
    return "; ".join(parts)


# Context key -> how its value reads in the letter (None values: "none" where negated).
FORMATS = {
    "menopausal_status": lambda c: {
        "pre": "premenopausal",
        "peri": "perimenopausal",
        "post": "postmenopausal",
    }[c.menopausal_status],
    "fractures": _fractures,
    "glucocorticoids_mg_per_day": lambda c: (
        "none"
        if not c.glucocorticoids_mg_per_day
        else f"{_number(c.glucocorticoids_mg_per_day)} mg/day (prednisone equivalent)"
    ),
    "glucocorticoid_months": lambda c: _count(c.glucocorticoid_months, "month"),
    "on_treatment": lambda c: c.on_treatment or "none",
    "treatment_years": lambda c: _count(c.treatment_years, "year"),
    "height_loss_cm": lambda c: f"{_number(c.height_loss_cm)} cm",
    "falls_last_year": lambda c: str(c.falls_last_year),
    "injurious_fall": lambda c: "yes" if c.injurious_fall else "no",
}
LABELS = {
    "age": "Age",
    "sex": "Sex",
    "menopausal_status": "Menopausal status",
    "fractures": "Fragility fractures",
    "glucocorticoids_mg_per_day": "Glucocorticoids",
    "glucocorticoid_months": "Glucocorticoid duration",
    "on_treatment": "Osteoporosis treatment",
    "treatment_years": "Years on treatment",
    "height_loss_cm": "Height loss",
    "falls_last_year": "Falls in the last year",
    "injurious_fall": "Injurious fall in the last year",
    "frax.major_osteoporotic": "FRAX major osteoporotic",
    "frax.hip": "FRAX hip",
}


def context_facts(
    report: Report,
    context: ClinicalContext,
    sources: Mapping[str, ContextSource],
    frax: FraxInputs | None,
) -> list[ContextFact]:
    """The listing, in the letter's order: age, sex, then the history keys, then FRAX."""
    evidence = report.history.evidence if report.history else {}
    facts: list[ContextFact] = []
    age = context.age if "age" in sources else report.patient.age
    if age is not None:
        facts.append(
            ContextFact(key="age", value=_count(age, "year"), source=sources.get("age", "report"))
        )
    sex = context.sex if "sex" in sources else report.patient.sex
    if sex is not None:
        facts.append(ContextFact(key="sex", value=sex.value, source=sources.get("sex", "report")))
    for key, shown in FORMATS.items():
        if key not in sources or (getattr(context, key) is None and key != "on_treatment"):
            continue  # a key set to null says nothing; a null drug is "not on treatment"
        source = sources[key]
        quote = evidence.get(key) if source == "report" else None
        facts.append(ContextFact(key=key, value=shown(context), source=source, evidence=quote))
    for kind in ("major_osteoporotic", "hip"):
        used = getattr(frax, kind) if frax else None
        if used is not None:
            key = f"frax.{kind}"
            source = "report" if used.source == "report" else sources.get(key, "context")
            facts.append(ContextFact(key=key, value=f"{_number(used.value)}%", source=source))
    return facts
