"""The patient's clinical history in the report's own words (`report.history`, contract
Additions): fragility fractures, glucocorticoids, osteoporosis treatment, menopausal status,
height loss, falls, and the FRAX risk factors listed for the clinician.

Not to be confused with `history.py`, which reads earlier exams (`report.previous`).
Vocabulary, modifiers and conversions are rows of lexicon/clinical_history.yaml; a negated
fact is recorded as such (an empty fracture list, 0 mg/day, a null drug with its evidence).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dxa.parser.model import History, HistoryFracture, RiskFactor, Sex
from dxa.parser.text.clinical_drugs import read_drugs
from dxa.parser.text.clinical_terms import (
    TERMS,
    UNIT,
    Sentence,
    compile_words,
    modifiers_of,
    number,
    scoped,
    times_in,
)
from pydantic import ValidationError

DEFINITION_RE = re.compile(
    r"defin(?:e|ed|es|ition)|\bcriteria\b|\bWHO\s+classification\b|T[\s-]?score\s*(?:<=|>=|≤|≥|<|>)",
    re.IGNORECASE,
)
FRACTURE_RE = re.compile(TERMS["fracture_word"], re.IGNORECASE)
SITE_RES = {
    site: re.compile(rf"\b{compile_words(words)}\b", re.IGNORECASE)
    for site, words in TERMS["fracture_sites"].items()
}
ALL_SITES = compile_words([w for words in TERMS["fracture_sites"].values() for w in words])
# Words that may stand between a fracture's site and the word "fracture".
CHAIN_WORD = (
    r"(?:left|right|lt|rt|l|r|bilateral|both|low[-\s]?(?:trauma|energy|impact)|minimal[-\s]trauma|"
    r"fragility|osteoporotic|insufficiency|stress|prior|previous|old|healed|recent|new|acute|"
    r"remote|prevalent|incident|distal|proximal|mild|moderate|severe|grade\s*\d|a|an|the|her|"
    r"his|and|or|&|\(\s*(?:19|20)\d\d\s*\)|(?:19|20)\d\d|two|three|four|five|several|multiple|"
    r"multilevel|\d|level|body|bodies|non[-\s]?displaced|displaced|impacted)"
)
PRE_CHAIN_RE = re.compile(rf"(?:(?:{ALL_SITES}|{CHAIN_WORD})(?!\w)[\s,/-]*)+$", re.IGNORECASE)
POST_CHAIN_RE = re.compile(
    rf"^\w*\s*(?:[:\-]\s*|\s+(?:of|to|involving|at|in)\s+(?=(?:the\s+|her\s+|his\s+|a\s+)?(?:(?:left|right|lt|rt|l|r)\.?\s+)?{ALL_SITES})"
    # "Fx R wrist 2019", "# L distal radius 2011", "#NOF": the site straight after.
    rf"|(?=(?:(?:the|her|his|a)\s+)?(?:(?:left|right|lt|rt|l|r)\.?\s+)?(?:(?:distal|proximal)\s+)?{ALL_SITES}(?!\w)))"
    rf"(?:(?:{ALL_SITES}|{CHAIN_WORD})(?!\w)[\s,/()-]*)+",
    re.IGNORECASE,
)
FRAGILITY_RE = re.compile(r"fragility|osteoporotic|low[-\s]?trauma|insufficiency", re.IGNORECASE)
LEVEL_RE = re.compile(r"\b[TL]\d{1,2}\b")
COUNTS = {str(k).lower(): v for k, v in TERMS["count_words"].items()}
TIME_UNIT_RE = re.compile(rf"\s*{UNIT}", re.IGNORECASE)  # "3 months": a time, not a count
COUNT_RE = re.compile(rf"\b(?:{'|'.join(map(re.escape, COUNTS))})\b", re.IGNORECASE)


@dataclass(frozen=True)
class SiteHit:
    site: str
    start: int  # position in the sentence


def fracture_sites(text: str, start: int, end: int) -> tuple[list[SiteHit], int]:
    """The sites a fracture word names (before it, or after 'of'/'to'/':'), and a count
    ('two vertebral fractures', 'T12 and L1 compression fractures')."""
    hits: list[SiteHit] = []
    chains = []
    if pre := PRE_CHAIN_RE.search(text[max(0, start - 80) : start]):
        chains.append((max(0, start - 80) + pre.start(), pre[0]))
    if post := POST_CHAIN_RE.search(text[end : end + 80]):
        chains.append((end + post.start(), post[0]))
    count = 1
    for offset, chain in chains:
        for site, pattern in SITE_RES.items():
            hits += [SiteHit(site, offset + m.start()) for m in pattern.finditer(chain)]
        levels = len(set(LEVEL_RE.findall(chain)))
        counted = [
            COUNTS[m[0].lower()]
            for m in COUNT_RE.finditer(chain)
            if not TIME_UNIT_RE.match(text, offset + m.end())  # "#NOF 3 months ago"
        ]
        count = max([count, levels, *counted])
    unique: dict[str, SiteHit] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        unique.setdefault(hit.site, hit)
    return list(unique.values()), count


def read_fractures(
    sentences: list[Sentence], exam_date: dt.date | None, age: float | None
) -> tuple[list[HistoryFracture] | None, str | None]:
    """Fragility fractures with how long ago; [] when the report says there were none."""
    found: list[HistoryFracture] = []
    evidence: list[str] = []
    negated = siteless = None
    for sentence in sentences:
        text = sentence.text
        if DEFINITION_RE.search(text):
            continue
        spans = [m.span() for m in FRACTURE_RE.finditer(text)]
        for index in range(len(spans)):
            scope, s, e = scoped(text, spans, index)
            mods = modifiers_of(scope, s, e, text)
            if mods & {"family", "hypothetical", "traumatic", "childhood", "generic"}:
                continue
            hits, count = fracture_sites(scope, s, e)
            if "negated" in mods:
                if not hits:
                    negated = negated or text
                continue
            if not hits:  # "a prior fragility fracture": most often one named elsewhere
                if FRAGILITY_RE.search(scope):
                    siteless = siteless or text
                continue
            times = times_in(scope, exam_date, age)
            if _merge(found, _dated(hits, times, count)) and text not in evidence:
                evidence.append(text)
    if not found and siteless:
        found, evidence = [HistoryFracture(site="other")], [siteless]
    if found:
        return found, " ".join(evidence)
    if negated:
        return [], negated
    return None, None


def _dated(hits: list[SiteHit], times, count: int) -> list[HistoryFracture]:
    """Each site gets the time expression after it and before the next site, else the one
    time of the sentence."""
    result = []
    for i, hit in enumerate(hits):
        limit = hits[i + 1].start if i + 1 < len(hits) else 10**6
        own = [t for t in times if hit.start <= t.start < limit]
        chosen = own[0] if own else (times[0] if len(times) == 1 else None)
        years = None if chosen is None else chosen.years_ago
        repeat = count if len(hits) == 1 else 1
        result += [HistoryFracture(site=hit.site, years_ago=years) for _ in range(repeat)]
    return result


def _merge(found: list[HistoryFracture], new: list[HistoryFracture]) -> bool:
    """Add the fractures of one sentence; one already known (the same site, with the same
    or no time, from an earlier sentence) is not added again. True when any was read."""
    known = list(found)
    for fracture in new:
        same = next((i for i, old in enumerate(known) if _same(old, fracture)), None)
        if same is None:
            found.append(fracture)
            continue
        index = found.index(known.pop(same))
        if found[index].years_ago is None and fracture.years_ago is not None:
            found[index] = fracture
    return bool(new)


def _same(old: HistoryFracture, new: HistoryFracture) -> bool:
    if old.site != new.site:
        return False
    if old.years_ago is None or new.years_ago is None:
        return True
    return abs(old.years_ago - new.years_ago) <= 1


# ---------------------------------------------------------------- menopause, height, falls

MENOPAUSE_RES = {
    status: re.compile(rf"\b{compile_words(words)}", re.IGNORECASE)
    for status, words in TERMS["menopause"].items()
}


def read_menopause(sentences: list[Sentence]) -> tuple[str | None, str | None]:
    """Post, peri or pre; a history section's statement first, else the first one."""
    found: list[tuple[bool, str, str]] = []
    for sentence in sentences:
        if DEFINITION_RE.search(sentence.text):
            continue
        for status in ("peri", "pre", "post"):  # "premature menopause" is post (a row of post)
            for match in MENOPAUSE_RES[status].finditer(sentence.text):
                mods = modifiers_of(sentence.text, match.start(), match.end())
                if mods & {"generic", "family", "hypothetical"}:
                    continue
                if "negated" in mods and not match[0].lower().startswith("not"):
                    continue
                if status == "pre" and re.match(r"premature", match[0], re.I):
                    continue
                found.append((sentence.section != "history", status, sentence.text))
                break
    if not found:
        return None, None
    _, status, text = min(found, key=lambda f: f[0])
    return status, text


HEIGHT_RES = [re.compile(p, re.IGNORECASE) for p in TERMS["height_loss"]]
HEIGHT_WORD_RE = re.compile(TERMS["height_word"], re.IGNORECASE)


def read_height_loss(sentences: list[Sentence]) -> tuple[float | None, str | None]:
    for sentence in sentences:
        text = sentence.text
        for pattern in HEIGHT_RES:
            if match := pattern.search(text):
                if "negated" in modifiers_of(text, match.start(), match.end()):
                    continue
                value = float(match["n"].replace(",", "."))
                if not match["unit"].lower().startswith("c"):
                    value = round(value * 2.54, 1)
                return value, text
        if (word := HEIGHT_WORD_RE.search(text)) and "negated" in modifiers_of(text, *word.span()):
            return 0.0, text
    return None, None


FALLS = TERMS["falls"]
FALL_COUNT_RE = re.compile(FALLS["count"], re.IGNORECASE)
FALL_VERB_RE = re.compile(FALLS["verb"], re.IGNORECASE)
FALL_LABEL_RE = re.compile(r"\bfalls?\b[^.;:\d]{0,30}[:=]\s*(?P<n>\d+)\b", re.IGNORECASE)
LAST_YEAR_RE = re.compile(FALLS["last_year"], re.IGNORECASE)
FALL_WORD_RE = re.compile(FALLS["word"], re.IGNORECASE)


def read_falls(sentences: list[Sentence]) -> tuple[int | None, str | None]:
    """Falls in the last year: a count with a last-year scope; 'no falls' is 0."""
    for sentence in sentences:
        text = sentence.text
        for pattern in (FALL_COUNT_RE, FALL_VERB_RE, FALL_LABEL_RE):
            for match in pattern.finditer(text):
                mods = modifiers_of(text, match.start(), match.end())
                if mods & {"family", "hypothetical", "generic"}:
                    continue
                if "negated" in mods:
                    return 0, text
                word = match["n"].lower()
                n = FALLS["times"].get(word, number(word))
                if n is not None and LAST_YEAR_RE.search(text):
                    return int(n), text
        for word in FALL_WORD_RE.finditer(text):
            mods = modifiers_of(text, word.start(), word.end())
            if "negated" in mods and not mods & {"hypothetical", "family"}:
                return 0, text
    return None, None


# ---------------------------------------------------------------- risk factors

RISK_RES = {code: re.compile(p, re.IGNORECASE) for code, p in TERMS["risk_factors"].items()}
RISK_NEGATION_RE = re.compile(TERMS["risk_factor_negation"], re.IGNORECASE)


def read_risk_factors(sentences: list[Sentence]) -> list[RiskFactor]:
    found: dict[str, str] = {}
    for sentence in sentences:
        text = sentence.text
        if DEFINITION_RE.search(text):
            continue
        for code, pattern in RISK_RES.items():
            for match in pattern.finditer(text):
                mods = modifiers_of(text, match.start(), match.end())
                family = "family" in mods and code != "parental_hip_fracture"
                if family or mods & {"negated", "hypothetical", "generic"}:
                    continue
                if RISK_NEGATION_RE.search(text[max(0, match.start() - 20) : match.start()]):
                    continue
                found.setdefault(code, text)
                break
    return [RiskFactor(code=code, evidence=text) for code, text in found.items()]


# ---------------------------------------------------------------- the whole history


def read_history(
    sentences: list[Sentence],
    exam_date: dt.date | None,
    age: float | None,
    sex: Sex | None,
) -> History | None:
    """Every history fact the sentences give, each with its evidence; None when none."""
    facts: dict = {}
    evidence: dict[str, str] = {}

    def put(key: str, value, text: str | None) -> None:
        if text is not None:
            facts[key] = value
            evidence[key] = text

    fractures, text = read_fractures(sentences, exam_date, age)
    put("fractures", fractures, text)
    drugs = read_drugs(sentences, exam_date)
    if drugs.treatment_evidence:
        put("on_treatment", drugs.on_treatment, drugs.treatment_evidence)
        if drugs.on_treatment and drugs.treatment_years is not None:
            put("treatment_years", round(drugs.treatment_years, 2), drugs.treatment_evidence)
    if drugs.steroid_evidence:
        put(
            "glucocorticoids_mg_per_day",
            0.0 if drugs.steroid_negated else drugs.dose,
            drugs.steroid_evidence,
        )
        if drugs.months is not None and not drugs.steroid_negated:
            put("glucocorticoid_months", drugs.months, drugs.steroid_evidence)
    if sex is not Sex.male:
        put("menopausal_status", *read_menopause(sentences))
    put("height_loss_cm", *read_height_loss(sentences))
    put("falls_last_year", *read_falls(sentences))
    risk_factors = read_risk_factors(sentences)
    if drugs.steroid_dose_unknown and "glucocorticoids_mg_per_day" not in facts:
        risk_factors.append(
            RiskFactor(code="glucocorticoids_dose_not_given", evidence=drugs.steroid_dose_unknown)
        )
    if not (facts or drugs.past or risk_factors):
        return None
    return _valid_history(facts, drugs.past, risk_factors, evidence)


def _valid_history(facts: dict, past: list, risk_factors: list, evidence: dict) -> History:
    """The History, without any fact outside the model's bounds ("height loss from 165 cm"
    read as a loss): a doubtful history fact is left out, never a reason to fail the report."""
    try:
        return History(**facts, past_treatments=past, risk_factors=risk_factors, evidence=evidence)
    except ValidationError as error:
        bad = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
        if not bad & set(facts):
            raise
        kept = {k: v for k, v in facts.items() if k not in bad}
        return _valid_history(
            kept, past, risk_factors, {k: v for k, v in evidence.items() if k not in bad}
        )
