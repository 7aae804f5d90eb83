"""How the letters print numbers, dates and vertebra ranges (issue 12):

- a score's sign is a true minus (U+2212), not a hyphen: "−2.5";
- every date reads one way, "2 February 2022", whether it came as a date or inside a
  sentence of the interpreter ("The 2022-02-02 exam ...");
- a vertebra range ("L1-L2,L4") never breaks across lines.

`letter_text` applies all three to a sentence from the interpreter and returns escaped
Markup, so a template prints it as is.
"""

from __future__ import annotations

import datetime as dt
import re

from dxa.parser.model import VERTEBRA_NAMES
from markupsafe import Markup, escape

MINUS = "\u2212"
# A hyphen that is a sign: before a digit, and not inside a word, a range or a date
# ("L1-L4", "1000-1200", "25-OH", "2022-02-02" keep theirs).
SIGN_RE = re.compile(r"(?<![\w\-.)/])-(?=\d)")
ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
RANGE_RE = re.compile(rf"\b(?:{VERTEBRA_NAMES})(?:[-,](?:{VERTEBRA_NAMES}))+\b")


def letter_date(value: dt.date | str | None) -> str | None:
    """`15 April 2024`: unambiguous in every country; text that is not a date stays as is."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def signed(value: str) -> str:
    """'-2.5' -> '−2.5' (a true minus for every sign in the text)."""
    return SIGN_RE.sub(MINUS, value)


def _iso_to_letter(match: re.Match) -> str:
    return letter_date(match[0]) or match[0]


def nowrap(text: str) -> Markup:
    return Markup('<span class="nowrap">{}</span>').format(text)


def letter_text(text: str | None) -> Markup:
    """A sentence for a letter: dates in the letter's format, true minus signs, unbroken
    vertebra ranges; escaped, so the template prints it as is."""
    if text is None:
        return Markup("")
    text = signed(ISO_DATE_RE.sub(_iso_to_letter, text))
    parts: list[Markup | str] = []
    last = 0
    for match in RANGE_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(nowrap(match[0]))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
