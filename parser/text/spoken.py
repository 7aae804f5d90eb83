"""Spoken values written as digits: dictation's "tea score minus one point two", "zero point
nine one three grams per centimeter squared", "eleven percent", "L1 through L for".

The words are data (`lexicon/numbers.yaml`, `lexicon/units.yaml`); this module turns them into
the printed forms the value readers know ("T-score minus 1.2", "0.913 g/cm2", "11%", "L4"),
so every later stage, the self-check included, reads one spelling.
"""

from __future__ import annotations

import re

from dxa.parser.dates import MONTH_PATTERN
from dxa.parser.text import lexicon

_NUMBERS = lexicon.load("numbers")
_UNITS = lexicon.load("units")


def _words(words: object) -> str:
    """A whole-word alternation in which a space stands for any run of spaces or hyphens."""
    phrases = sorted(words, key=len, reverse=True)  # longest first: "sixteen" before "six"
    return "|".join(r"[\s\-]+".join(map(re.escape, re.split(r"[\s\-]+", p))) for p in phrases)


_CARDINAL = rf"(?:(?:{_words(_NUMBERS['tens'])})(?:[\s\-]+(?:{_words(_NUMBERS['cardinals'])}))?|{_words(_NUMBERS['cardinals'])})"
_DIGIT_WORDS = _words(w for w, n in _NUMBERS["cardinals"].items() if n < 10)
# "point eight one two": dictation often drops the leading zero of a BMD.
_SPOKEN_RE = re.compile(
    rf"(?<![\w\-])(?:(?P<whole>{_CARDINAL})|(?=(?:{_words(_NUMBERS['points'])})\s))"
    rf"(?:\s*(?<![\w])(?:{_words(_NUMBERS['points'])})(?P<fraction>(?:\s+(?:{_DIGIT_WORDS}))+))?(?!\w|-(?!years?\b))",
    re.IGNORECASE,
)
# "negative point 1": the decimal point spoken, its digits printed.
_POINT_DIGITS_RE = re.compile(
    rf"\b((?:{_words(_NUMBERS['signs'])})\s+)(?:{_words(_NUMBERS['points'])})\s+(\d{{1,3}})\b(?![.,]\d)",
    re.IGNORECASE,
)
_YEAR_OLD_AFTER_RE = re.compile(r"[\s-]+years?[\s-]+old\b", re.IGNORECASE)  # an age
_ORDINAL_DAY_RE = re.compile(
    rf"\b(?:({_words(_NUMBERS['tens'])})[\s-]+)?({_words(_NUMBERS['ordinals'])})(?=\s+of\s+{MONTH_PATTERN}\b)",
    re.IGNORECASE,
)
# "March twenty twenty six", "June nineteen fifty two", "May two thousand and nine": a year,
# read only right after a month name, where nothing else is spoken that way.
_SPOKEN_YEAR_RE = re.compile(
    rf"(\b{MONTH_PATTERN},?\s+)(?:(?P<century>nineteen|twenty)[\s\-]+(?P<rest>{_CARDINAL})"
    rf"|two[\s\-]+thousand(?:[\s\-]+and)?(?:[\s\-]+(?P<after>{_CARDINAL}))?)\b",
    re.IGNORECASE,
)
_SIGN_BEFORE_RE = re.compile(rf"\b(?:{_words(_NUMBERS['signs'])})\s+$", re.IGNORECASE)
_PERCENT_AFTER_RE = re.compile(rf"\s*(?:{_words(_NUMBERS['percent'])})\b", re.IGNORECASE)
_PERCENT_RE = re.compile(rf"(?<=\d)\s*(?:{_words(_NUMBERS['percent'])})\b", re.IGNORECASE)
_HEARD = {re.sub(r"[\s\-]+", " ", k.lower()): v for k, v in _NUMBERS["heard"].items()}
_HEARD_RE = re.compile(rf"\b(?:{_words(_NUMBERS['heard'])})\b", re.IGNORECASE)
_VERTEBRA_RE = re.compile(rf"\b(?-i:L)\s+({_words(_NUMBERS['vertebra_words'])})\b", re.IGNORECASE)
_UNIT_RES = [
    (re.compile(rf"\b(?:{_words(spellings)})\b", re.IGNORECASE), written)
    for written, spellings in _UNITS.items()
]


def _value(words: str) -> int:
    """The value of a spoken cardinal, 0-99 ("twenty one" -> 21)."""
    table = {**_NUMBERS["cardinals"], **_NUMBERS["tens"]}
    return sum(table[w.lower()] for w in re.split(r"[\s\-]+", words.strip()))


def _digits(match: re.Match) -> str:
    """A spoken number as digits, where its shape says it is a value; else the words as they are."""
    text = match.string
    result_shaped = (
        match["fraction"]
        or _YEAR_OLD_AFTER_RE.match(text, match.end())
        or _SIGN_BEFORE_RE.search(text[max(0, match.start() - 12) : match.start()])
        or _PERCENT_AFTER_RE.match(text, match.end())
    )
    if not result_shaped:
        return match[0]
    if not match[0].strip():
        return match[0]
    number = str(_value(match["whole"])) if match["whole"] else "0"
    if match["fraction"]:
        table = _NUMBERS["cardinals"]
        number += "." + "".join(str(table[w.lower()]) for w in match["fraction"].split())
    return number


def _ordinal_day(match: re.Match) -> str:
    """ "twenty first" -> "21" before "of <month>"."""
    tens = _NUMBERS["tens"].get((match[1] or "").lower(), 0)
    return str(tens + _NUMBERS["ordinals"][match[2].lower()])


def _spoken_year(match: re.Match) -> str:
    if match["century"]:
        year = (19 if match["century"].lower() == "nineteen" else 20) * 100 + _value(match["rest"])
    else:
        year = 2000 + (_value(match["after"]) if match["after"] else 0)
    return f"{match[1]}{year}"


def write_spoken(text: str) -> str:
    """The text with spoken labels, numbers, percentages and units in their printed form."""
    text = _HEARD_RE.sub(lambda m: _HEARD[re.sub(r"[\s\-]+", " ", m[0].lower())], text)
    text = _VERTEBRA_RE.sub(lambda m: f"L{_NUMBERS['vertebra_words'][m[1].lower()]}", text)
    text = _ORDINAL_DAY_RE.sub(_ordinal_day, text)
    text = _SPOKEN_YEAR_RE.sub(_spoken_year, text)
    text = _SPOKEN_RE.sub(_digits, text)
    text = _POINT_DIGITS_RE.sub(r"\g<1>0.\2", text)
    for pattern, written in _UNIT_RES:
        text = pattern.sub(written, text)
    return _PERCENT_RE.sub("%", text)
