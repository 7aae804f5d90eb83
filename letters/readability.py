"""Flesch-Kincaid grade of the patient letter's body text, computed offline.

textstat downloads a dictionary at run time; this counter uses pyphen's bundled
hyphenation dictionary instead, with a vowel-group count as a floor because
hyphenation rules never split short words ("about", "area").
"""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser

import pyphen
import regex

_WORD = regex.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)*")
_SENTENCE_END = regex.compile(r"[.!?]+(?=\s|$)|:(?=\s*\n)|\n\s*\n")
_VOWEL_GROUP = regex.compile(r"[aeiouy]+")
BODY_CLASS = "readable"


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in one word: the larger of pyphen's hyphenation points + 1 and vowel groups."""
    if word[0].isdigit():
        return 1
    lower = word.lower()
    vowel_groups = len(_VOWEL_GROUP.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee")) and vowel_groups > 1:
        vowel_groups -= 1  # silent final e: "bone", "same"
    hyphenated = len(_dictionary().positions(lower)) + 1
    return max(hyphenated, vowel_groups, 1)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    """Sentences end at . ! ? and at the end of each list item or heading (one per line block)."""
    pieces = [piece for piece in _SENTENCE_END.split(text) if words(piece)]
    return max(len(pieces), 1)


def flesch_kincaid_grade(text: str) -> float:
    """0.39 * words/sentence + 11.8 * syllables/word - 15.59 (Kincaid et al. 1975)."""
    found = words(text)
    if not found:
        return 0.0
    total_syllables = sum(syllables(word) for word in found)
    return 0.39 * len(found) / sentence_count(text) + 11.8 * total_syllables / len(found) - 15.59


class _BodyText(HTMLParser):
    """Collects text inside elements with class `readable`, one block per line."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "div", "section", "tr"}
    VOID = {"br", "img", "hr", "meta", "link", "input", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # nesting level inside the current readable element, 0 = outside
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            if self.depth and tag == "br":
                self.parts.append("\n\n")
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
        elif BODY_CLASS in classes:
            self.depth = 1
        if self.depth and tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if tag in self.BLOCKS:
                self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """`<x/>` opens and closes at once: nesting depth is unchanged."""

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def body_text(html: str) -> str:
    """The prose a patient reads: the parts of the letter marked `class="readable"`."""
    collector = _BodyText()
    collector.feed(html)
    return "".join(collector.parts)
