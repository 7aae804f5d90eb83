"""Text cleaning in one place, for every string that reaches a letter, a record or a log.

A name printed as `Smith<RLO>FDP.exe` shows in a letter as "Smithexe.PDF"; a NUL, ESC or
BEL can corrupt a terminal or a PDF; a newline in a file name can forge a log line. Text
for people (letters, records) loses these characters; text for logs and error messages
shows them visibly, escaped, so nothing is hidden and nothing is forged.
"""

from __future__ import annotations

import reprlib
import unicodedata
from typing import Any

from dxa.parser.limits import MAX_EXCERPT_CHARS

# Kept in text for people: they are layout, not hidden controls.
_LAYOUT = frozenset("\n\t")
_ELLIPSIS = "\u2026"


def is_hidden(char: str) -> bool:
    """Control, format (bidi overrides, zero-width) and unassigned characters: unicode
    category C, except the line break and tab."""
    return char not in _LAYOUT and unicodedata.category(char)[0] == "C"


def clean_text(text: str) -> str:
    """`text` for people: hidden characters removed, nothing else changed."""
    if text.isprintable():  # the common case, decided in C
        return text
    return "".join(char for char in text if not is_hidden(char))


def visible(text: str) -> str:
    """`text` for a log line or an error message: every hidden character, line breaks and
    tabs included, written as its escape (`\\n`, `\\u202e`), so one line stays one line."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxdict, _SHORT.maxlist = 2, 3, 3
_SHORT.maxstring = _SHORT.maxother = MAX_EXCERPT_CHARS
_SHORT.maxlong = MAX_EXCERPT_CHARS


def excerpt(value: Any, limit: int = MAX_EXCERPT_CHARS) -> str:
    """A short, visible quotation of any value for an error message: a huge or deeply
    nested value costs no more to quote than a small one."""
    if isinstance(value, str):
        text = repr(value[: limit + 1])
    else:
        try:
            text = _SHORT.repr(value)
        except (RecursionError, ValueError):  # a self-referring value; an int too long
            text = f"<{type(value).__name__}>"
    return shorten(text, limit)


def shorten(text: str, limit: int = MAX_EXCERPT_CHARS) -> str:
    """`text` made visible and cut to `limit` characters, an ellipsis marking the cut."""
    text = visible(text[: limit * 2])
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS
