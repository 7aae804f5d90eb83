"""The patient vocabulary (lexicon/patient.yaml) and the sentence helpers its readers share."""

from __future__ import annotations

import re
from typing import TypeVar

from dxa.parser.model import ReviewReason
from dxa.parser.text.lexicon import load

# A sentence ends at a line end, or at . ! ? ; followed by a space.
SENTENCE_END_RE = re.compile(r"\n|[.!?;](?=\s)")
WORD_RE = re.compile(r"[^\W\d_]+")
T = TypeVar("T")


def lexicon() -> dict:
    """The patient vocabulary (read once by the lexicon package)."""
    return load("patient")


def words_pattern(words: list[str]) -> str:
    """A whole-word alternation, longest first so that "years old" wins over "years".

    Words end at letters only, so that a unit or sex letter printed against a number is
    still a word ("76Y", "58Y/F", "Wt61kg")."""
    escaped = (re.escape(word) for word in sorted(words, key=len, reverse=True))
    return rf"(?<![^\W\d_])(?:{'|'.join(escaped)})(?![^\W\d_])"


def has_word(text: str, words: list[str]) -> bool:
    return re.search(words_pattern(words), text, re.I) is not None


def joined_text(lines: list[str]) -> str:
    """The lines as one text, a wrapped line (starting lower-case or with "(") joined to the
    one before, so that "early menopause" / "(age 42)" stay one sentence; pipes between
    cells ("Patient: X | M | 68 Y | MRN 33") separate like commas."""
    text = re.sub(r"\n(?=[ \t]*[a-z(])", " ", "\n".join(lines))
    return re.sub(r"[ \t]+\|[ \t]+", ", ", text)


def sentence_before(text: str, start: int) -> str:
    """The part of the sentence that precedes `start`."""
    ends = [match.end() for match in SENTENCE_END_RE.finditer(text, 0, start)]
    return text[ends[-1] if ends else 0 : start]


def sentence_after(text: str, end: int) -> str:
    """The part of the sentence that follows `end`."""
    stop = SENTENCE_END_RE.search(text, end)
    return text[end : stop.start() if stop else len(text)]


def clause_before(text: str, start: int) -> str:
    """The part of the clause (back to a comma or the sentence start) before `start`."""
    return re.split(r",", sentence_before(text, start))[-1]


def one_value(
    what: str, found: list[T], code: str = "conflicting_value"
) -> tuple[T | None, list[ReviewReason]]:
    """The one distinct value found for a field, or None with a review reason."""
    distinct = list(dict.fromkeys(found))
    if len(distinct) > 1:
        listed = ", ".join(str(value) for value in distinct)
        text = f"The report gives different {what}s ({listed}); left out."
        return None, [ReviewReason(code=code, text=text)]
    return (distinct[0] if distinct else None), []
