"""What the clinical-history and stated-conclusion readers share: the report cut into
sentences with their section, the ConText-style modifiers of lexicon/clinical_history.yaml
(negated, family, historical, hypothetical ...) and the time expressions ("(2019)", "6
months ago", "since 2021", "for over 3 months").

A mention is judged within its own scope: from the end of the previous mention of the same
kind to the start of the next, so "alendronate stopped 2018, now on denosumab" stops
nothing but alendronate.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dxa.parser.text import lexicon
from dxa.parser.text.modifiers import Rule, build_rules
from dxa.parser.text.segment import paragraphs, split_sentences

TERMS = lexicon.load("clinical_history")
RULES: tuple[Rule, ...] = build_rules(TERMS["rules"], TERMS["forward_gap"])
CURRENT_RE = re.compile(TERMS["current_words"], re.IGNORECASE)


def compile_words(words: list[str]) -> str:
    """An alternation of lexicon patterns, longest first, as one group."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


# ---------------------------------------------------------------- sentences and sections

SECTION_WORDS = {
    "history": r"(?:clinical\s+)?(?:history|hx|indications?|reason\s+for\s+(?:exam\w*|study|referral|scan)|clinical\s+(?:information|details|indication|notes?)|risk\s+factors|medications?|current\s+medications?|meds|referral|background|presenting\s+complaint|patient\s+information)",
    "conclusion": r"(?:a/p|a&p|impressions?|conclusions?|comments?|assessment|summary|diagnosis|diagnoses|interpretation|opinion|who\s+classification|classification|overall|final\s+diagnosis)",
    "recommendation": r"(?:recommendations?|recommend(?:ed)?|plan|advice|suggestions?|follow[-\s]?up)",
    "findings": r"(?:findings|results?|technique|procedure|bmd\s+results|densitometry|measurements?|comparison|examination|exam|study)",
}
SECTION_RES = {
    name: re.compile(rf"^\W*{words}\b[^:\n]{{0,25}}:|^\W*{words}\W*$", re.IGNORECASE)
    for name, words in SECTION_WORDS.items()
}


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str  # history, conclusion, recommendation, findings or "" (none named)
    # True when an addendum or correction heading came before it.
    corrected: bool = False


CORRECTION_HEAD_RE = re.compile(
    rf"^\W*(?:{lexicon.alternation(lexicon.load('sections')['corrections'])})\b", re.IGNORECASE
)


def section_of(line: str) -> str | None:
    for name, pattern in SECTION_RES.items():
        if pattern.match(line):
            return name
    return None


def report_sentences(lines: list[str]) -> list[Sentence]:
    """Every sentence of the report with the section it is in; a heading line sets the
    section until the next heading or a blank line after a one-line section."""
    sentences: list[Sentence] = []
    section, corrected = "", False
    for paragraph in paragraphs(lines):
        for line in paragraph:
            if not line.strip():
                continue
            if CORRECTION_HEAD_RE.match(line):
                corrected = True
            named = section_of(line)
            if named:
                section = named
            for clause in split_sentences(line):
                sentences.append(Sentence(clause.strip(), section, corrected))
    return sentences


# ---------------------------------------------------------------- modifiers


def modifiers_of(
    text: str,
    start: int,
    end: int,
    sentence: str | None = None,
    directions: tuple[str, ...] = ("forward", "backward", "line"),
) -> set[str]:
    """The categories of every clinical modifier that applies to text[start:end]; a line
    rule reads the whole `sentence` when the text is a mention's scope within it."""
    found = set()
    for rule in RULES:
        if rule.direction not in directions:
            continue
        whole = sentence if rule.direction == "line" and sentence is not None else text
        if rule.applies(whole, start, end):
            found.add(rule.category)
    if "negated" in found and CURRENT_RE.search(text[max(0, start - 30) : start]):
        found.discard("negated")  # "no longer on X, now on Y" is judged by "now"
    return found


def scoped(text: str, spans: list[tuple[int, int]], index: int) -> tuple[str, int, int]:
    """The text a mention is judged in: from the end of the previous mention of its kind
    to the start of the next, and the mention's position in that text."""
    begin = spans[index - 1][1] if index > 0 else 0
    finish = spans[index + 1][0] if index + 1 < len(spans) else len(text)
    start, end = spans[index]
    return text[begin:finish], start - begin, end - begin


# ---------------------------------------------------------------- numbers and time

NUMBER_WORDS: dict[str, float | None] = TERMS["number_words"]
NUMBER = r"(?:\d+(?:[.,]\d+)?|" + "|".join(NUMBER_WORDS) + r")"
UNIT_YEARS = {"y": 1.0, "m": 1 / 12, "w": 1 / 52, "d": 1 / 365}
# "4/12" and "6/52" are British clinical shorthand for 4 months and 6 weeks.
UNIT = r"(?:years?|yrs?|y\b|months?|mos?\b|mths?|weeks?|wks?|days?|/12(?![\d/])|/52(?![\d/]))"
MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
MONTH = r"(?:(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?"
YEAR = r"(?P<year>(?:19[4-9]|20\d)\d)"


def number(word: str) -> float | None:
    word = word.lower().replace(",", ".")
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    try:
        return float(word)
    except ValueError:
        return None


def unit_years(unit: str) -> float:
    if unit.startswith("/"):
        return UNIT_YEARS["m" if unit == "/12" else "w"]
    return UNIT_YEARS[
        "m" if unit.lower().startswith("mo") or unit.lower().startswith("mth") else unit[0].lower()
    ]


def years_between(year: int, month: str | None, exam_date: dt.date | None) -> float | None:
    """Years from a year (and month) to the exam; None without an exam date or if after it."""
    if exam_date is None:
        return None
    if month is None:
        gap = float(exam_date.year - year)
    else:
        index = MONTHS.index(month[:3].lower()) + 1
        gap = round((exam_date.year - year) + (exam_date.month - index) / 12, 3)
    return gap if gap >= 0 else None


AGO_RE = re.compile(rf"\b(?P<n>{NUMBER})\s*(?P<unit>{UNIT})\s+ago\b", re.IGNORECASE)
AT_AGE_RE = re.compile(
    r"\b(?:at\s+(?:the\s+)?age\s+(?:of\s+)?|aged\s+)(?P<age>\d{2})\b", re.IGNORECASE
)
YEAR_RE = re.compile(rf"\b{MONTH}(?:\d{{1,2}}[/.-])?{YEAR}\b", re.IGNORECASE)
LAST_YEAR_RE = re.compile(r"\blast\s+year\b|\ba\s+year\s+ago\b", re.IGNORECASE)
THIS_YEAR_RE = re.compile(
    r"\b(?:this|earlier\s+this)\s+year\b|\blast\s+(?:month|week)\b", re.IGNORECASE
)
RECENT_RE = re.compile(r"\brecent(?:ly)?\b|\bnew\b|\bacute\b", re.IGNORECASE)


@dataclass(frozen=True)
class When:
    start: int
    years_ago: float


def times_in(text: str, exam_date: dt.date | None, age: float | None) -> list[When]:
    """Every 'how long ago' in a text, in order of position."""
    found: list[When] = []
    for match in AGO_RE.finditer(text):
        n = number(match["n"])
        if n is not None:
            found.append(When(match.start(), round(n * unit_years(match["unit"]), 2)))
    for match in YEAR_RE.finditer(text):
        gap = years_between(int(match["year"]), match["month"], exam_date)
        if gap is not None:
            found.append(When(match.start(), gap))
    if age is not None:
        for match in AT_AGE_RE.finditer(text):
            if 0 <= age - int(match["age"]) <= 100:
                found.append(When(match.start(), float(age - int(match["age"]))))
    for pattern, years in (
        (LAST_YEAR_RE, TERMS["last_year_years"]),
        (THIS_YEAR_RE, 0.0),
        (RECENT_RE, TERMS["recent_years"]),
    ):
        found += [When(m.start(), years) for m in pattern.finditer(text)]
    return sorted(found, key=lambda w: w.start)


DURATION_RES = (
    re.compile(
        rf"\b(?:for|x|×|over|duration(?:\s+of)?)\s*:?\s*(?:(?:over|more\s+than|greater\s+than|>\s*|about|approximately|approx\.?|around|~|nearly|almost|at\s+least|the\s+(?:past|last))\s*)*(?:(?P<n>{NUMBER})\s*[-\s]?|(?<=past\s)|(?<=last\s))(?P<unit>{UNIT})",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?P<n>{NUMBER})\s*[-\s]?(?P<unit>{UNIT})\s+(?:of|on)\b", re.IGNORECASE),
    re.compile(
        rf"\b(?P<n>{NUMBER})\s*[-\s]?(?P<unit>{UNIT})['’]?\s+(?:duration|course|history)\b",
        re.IGNORECASE,
    ),
    # "started 4 months ago": as long as it has run.
    re.compile(
        rf"\b(?:started|began|commenced|initiated)\s+(?:about\s+|approximately\s+|~\s*)?(?P<n>{NUMBER})\s*[-\s]?(?P<unit>{UNIT})\s+ago\b",
        re.IGNORECASE,
    ),
    # "since then (6 months)", "since 2020 (4 yrs)": the length in brackets.
    re.compile(
        rf"\(\s*(?:for\s+)?(?:about\s+|approx\.?\s*|~\s*)?(?P<n>{NUMBER})\s*[-\s]?(?P<unit>{UNIT})\s*\)",
        re.IGNORECASE,
    ),
)
SINCE_RE = re.compile(
    rf"\b(?:since|started|began|commenced|initiated|starting|from)\s+(?:on\s+|in\s+)?(?:it\s+in\s+)?{MONTH}(?:\d{{1,2}}[/.-])?{YEAR}(?!\s*(?:-|–|to|until)\s*(?:19|20)\d\d)",
    re.IGNORECASE,
)
RANGE_TO_NOW_RE = re.compile(
    rf"\b{YEAR}\s*(?:-|–|to)\s*(?:present|date|now|current|ongoing)\b", re.IGNORECASE
)


def duration_years(text: str, exam_date: dt.date | None) -> float | None:
    """How long something has lasted: 'for over 3 months', 'x 5 years', 'since 2021'."""
    for pattern in DURATION_RES:
        if match := pattern.search(text):
            n = number(match["n"]) if match["n"] else 1.0
            if n is not None:
                return round(n * unit_years(match["unit"]), 3)
    for pattern in (SINCE_RE, RANGE_TO_NOW_RE):
        if match := pattern.search(text):
            month = match.groupdict().get("month")
            return years_between(int(match["year"]), month, exam_date)
    return None
