"""Osteoporosis treatment (current and past, names normalised) and glucocorticoids (dose in
prednisone-equivalent mg/day, duration in months) from a report's sentences.

Vocabulary and conversion factors: lexicon/clinical_history.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dxa.parser.text.clinical_terms import (
    CURRENT_RE,
    NUMBER,
    TERMS,
    Sentence,
    compile_words,
    duration_years,
    modifiers_of,
    number,
    scoped,
)

TREATMENT_RES = {
    name: re.compile(rf"\b{compile_words(words)}\b", re.IGNORECASE)
    for name, words in TERMS["treatments"].items()
}
STEROID_RES = {
    name: (re.compile(rf"\b{compile_words(row['words'])}\b", re.IGNORECASE), row["factor"])
    for name, row in TERMS["glucocorticoids"].items()
}
NO_TREATMENT_RE = re.compile(TERMS["no_treatment"], re.IGNORECASE)
DRUG_HOLIDAY_RE = re.compile(TERMS["drug_holiday"], re.IGNORECASE)
SWITCHED_TO_RE = re.compile(
    r"\b(?:switched|changed|moved|transitioned)\s+(?:over\s+)?to\s*$", re.IGNORECASE
)
DOSE_RE = re.compile(
    rf"(?<![\d.])(?P<dose>\d+(?:[.,]\d+)?)\s*{TERMS['dose_unit']}\b(?!\s*(?:-|to)\s*\d)",
    re.IGNORECASE,
)
FREQUENCIES = [(re.compile(rf"\b(?:{p})", re.IGNORECASE), f) for p, f in TERMS["frequency"].items()]
ALTERNATIVE_RE = re.compile(r"\bor\b|\balternative\w*|\binstead\b|\beither\b", re.IGNORECASE)
DAILY_TOTAL_RE = re.compile(
    r"\(\s*(?:total\s+)?(?P<dose>\d+(?:[.,]\d+)?)\s*mg\s*(?:/\s*d(?:ay)?|per\s+day|daily)\s*(?:total\s*)?\)",
    re.IGNORECASE,
)
# "3 doses so far"; not "review after 6 infusions" (a plan) nor "up to 10 doses".
DOSES_RE = re.compile(
    rf"(?<!after\s)(?<!up\sto\s)(?<!total\sof\s)\b(?P<n>{NUMBER})\s+(?:doses|injections|infusions|shots)\b",
    re.IGNORECASE,
)
# "dexamethasone 2 mg daily planned x 3 months", "starting prednisolone 40 mg": a planned
# course counts as the patient's glucocorticoid (the FRAX and GIOP rules look ahead).
PLANNED_RE = re.compile(
    r"\b(?:start(?:s|ing|ed)?|commenc\w*|initiat\w*|plann\w*|will\s+(?:start|begin))\b", re.I
)
ADVICE_WORDS_RE = re.compile(
    r"\b(?:consider\w*|if|would|could|should|recommend\w*|suggest\w*|risk|advis\w*)\b", re.I
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str  # "treatment" or "steroid"
    name: str
    factor: float = 1.0


def drug_mentions(text: str) -> list[Mention]:
    """Every treatment and glucocorticoid named in a sentence, in order (one per place)."""
    found: list[Mention] = []
    for name, pattern in TREATMENT_RES.items():
        found += [Mention(m.start(), m.end(), "treatment", name) for m in pattern.finditer(text)]
    for name, (pattern, factor) in STEROID_RES.items():
        found += [
            Mention(m.start(), m.end(), "steroid", name, factor) for m in pattern.finditer(text)
        ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


@dataclass
class DrugFacts:
    on_treatment: str | None = None
    treatment_years: float | None = None
    treatment_evidence: str | None = None
    treatment_negated: bool = False
    past: list[str] = field(default_factory=list)
    dose: float | None = None
    months: float | None = None
    steroid_evidence: str | None = None
    steroid_negated: bool = False
    steroid_dose_unknown: str | None = None


@dataclass(frozen=True)
class Current:
    name: str
    years: float | None
    evidence: str
    emphasised: bool  # "now on", "currently", "switched to"


def read_drugs(sentences: list[Sentence], exam_date: dt.date | None) -> DrugFacts:
    facts = DrugFacts()
    current: list[Current] = []
    for sentence in sentences:
        text = sentence.text
        mentions = drug_mentions(text)
        spans = [(m.start, m.end) for m in mentions]
        advised_before: Mention | None = None
        for index, mention in enumerate(mentions):
            scope, start, end = scoped(text, spans, index)
            mods = modifiers_of(scope, start, end, text)
            if _alternative_to(advised_before, mention, text):
                mods.add("hypothetical")
            if mention.kind == "treatment" and _advised_in_plan(sentence, scope[:start]):
                mods.add("hypothetical")
            if mention.kind == "steroid" and _planned_course(scope, start, end):
                mods.discard("hypothetical")
            if mods & {"family", "hypothetical"}:
                advised_before = mention if "hypothetical" in mods else None
                continue
            advised_before = None
            if mention.kind == "treatment":
                _treatment(mention, scope, start, end, mods, sentence, exam_date, facts, current)
            else:
                _steroid(mention, scope, start, end, mods, sentence, exam_date, facts)
        if NO_TREATMENT_RE.search(text) or DRUG_HOLIDAY_RE.search(text):
            facts.treatment_negated = True
            facts.treatment_evidence = facts.treatment_evidence or text
    if current:
        emphasised = [c for c in current if c.emphasised]
        chosen = (emphasised or current)[-1]
        years = [c.years for c in current if c.name == chosen.name and c.years is not None]
        facts.on_treatment = chosen.name
        facts.treatment_years = (
            chosen.years if chosen.years is not None else next(iter(years), None)
        )
        facts.treatment_evidence, facts.treatment_negated = chosen.evidence, False
    facts.past = [name for name in dict.fromkeys(facts.past) if name != facts.on_treatment]
    return facts


def _planned_course(scope: str, start: int, end: int) -> bool:
    """A glucocorticoid course being started or planned, not one merely advised."""
    around = scope[max(0, start - 40) : end + 40]
    return bool(PLANNED_RE.search(around)) and not ADVICE_WORDS_RE.search(
        scope[max(0, start - 40) : start]
    )


def _alternative_to(advised: Mention | None, mention: Mention, text: str) -> bool:
    """'Recommend zoledronic acid 5 mg yearly, or alendronate 70 mg weekly': a drug offered
    as the alternative to an advised one is advised too."""
    if advised is None:
        return False
    between = text[advised.end : mention.start]
    return bool(ALTERNATIVE_RE.search(between)) and not CURRENT_RE.search(between)


def _advised_in_plan(sentence: Sentence, before: str) -> bool:
    """A drug named in the recommendations is advice, unless it is to be continued."""
    return sentence.section == "recommendation" and not CURRENT_RE.search(before[-40:])


def _treatment(mention, scope, start, end, mods, sentence, exam_date, facts, current) -> None:
    before = scope[max(0, start - 40) : start]
    if "negated" in mods:
        facts.treatment_negated = True
        facts.treatment_evidence = facts.treatment_evidence or sentence.text
        return
    if "historical" in mods or DRUG_HOLIDAY_RE.search(scope):
        facts.past.append(mention.name)
        return
    years = duration_years(scope[end:], exam_date)
    if years is None:
        years = duration_years(scope, exam_date)
    if years is None and (doses := DOSES_RE.search(scope)):
        per_dose = TERMS["dose_years"].get(mention.name)
        n = number(doses["n"])
        if per_dose and n:
            years = n * per_dose
    emphasised = bool(CURRENT_RE.search(before) or SWITCHED_TO_RE.search(before))
    current.append(Current(mention.name, years, sentence.text, emphasised))


def _steroid(mention, scope, start, end, mods, sentence, exam_date, facts) -> None:
    if "not_systemic" in mods or "historical" in mods:
        return
    if "negated" in mods:
        if facts.dose is None:
            facts.steroid_negated = True
            facts.steroid_evidence = facts.steroid_evidence or sentence.text
        return
    dose = _dose(scope, start, end)
    if dose is None:
        facts.steroid_dose_unknown = facts.steroid_dose_unknown or sentence.text
        return
    if facts.dose is not None:
        return  # the first dose stated is the one read
    facts.dose = round(dose * mention.factor, 2)
    facts.steroid_negated = False
    facts.steroid_evidence = sentence.text
    years = duration_years(scope[end:], exam_date)
    if years is None:
        years = duration_years(scope, exam_date)
    facts.months = None if years is None else round(years * 12, 1)


def _dose(scope: str, start: int, end: int) -> float | None:
    """The mg dose right after the drug ('prednisolone 7.5 mg daily') or right before it
    ('5 mg prednisone'), times the frequency ('twice daily'), per day."""
    if total := DAILY_TOTAL_RE.search(scope[end : end + 90]):
        return float(total["dose"].replace(",", "."))  # "10 mg AM / 5 mg noon (20 mg/day)"
    after = DOSE_RE.search(scope[end : end + 30])
    if after:
        dose, rest = (
            float(after["dose"].replace(",", ".")),
            scope[end + after.end() : end + after.end() + 30],
        )
    else:
        before = list(DOSE_RE.finditer(scope[max(0, start - 20) : start]))
        if not before:
            return None
        dose, rest = float(before[-1]["dose"].replace(",", ".")), scope[end : end + 30]
    for pattern, per_day in FREQUENCIES:
        if pattern.search(rest):
            return dose * per_day
    return dose
