"""Modifiers (ConText-style): named rules, read from `lexicon/modifiers.yaml`, that dismiss a
number as something other than a result (a threshold, a range, a change, a precision value).

A rule looks forward (it precedes its number), backward (it follows it) or at the number's
line. The reader asks `dismissing` before it reads a number, and the self-check asks it why
a number was left unread; a rule's name is what a review reason or a test quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dxa.parser.text import lexicon

DIRECTIONS = ("forward", "backward", "line")


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    direction: str
    scope: int
    pattern: re.Pattern
    example: str
    not_example: str
    # "read": the reader leaves such numbers unread; "check": only the self-check's reasons.
    stage: str = "read"

    def applies(self, text: str, start: int, end: int) -> bool:
        """Whether this rule dismisses the number at text[start:end]."""
        if self.direction == "forward":
            return bool(self.pattern.search(text[max(0, start - self.scope) : start]))
        if self.direction == "backward":
            return bool(self.pattern.match(text[end : end + self.scope]))
        return bool(self.pattern.search(text))


def _rule(row: dict, forward_gap: str) -> Rule:
    direction = row["direction"]
    if direction not in DIRECTIONS:
        raise ValueError(f"modifier {row['name']}: direction {direction!r}")
    pattern = row["pattern"]
    if direction == "forward":
        pattern = f"(?:{pattern}){forward_gap}$"
    elif direction == "backward":
        pattern = rf"\s*(?:{pattern})"
    return Rule(
        name=row["name"],
        category=row["category"],
        direction=direction,
        scope=int(row.get("scope", 40)),
        pattern=re.compile(pattern, re.IGNORECASE),
        example=row["example"],
        not_example=row["not_example"],
        stage=row.get("stage", "read"),
    )


def build_rules(rows: list[dict], forward_gap: str) -> tuple[Rule, ...]:
    """Rules from lexicon rows: the same engine serves other vocabularies (the clinical
    history's negation, family and history modifiers, lexicon/clinical_history.yaml)."""
    return tuple(_rule(row, forward_gap) for row in rows)


def load_rules() -> tuple[Rule, ...]:
    table = lexicon.load("modifiers")
    return build_rules(table["rules"], table["forward_gap"])


RULES = load_rules()


def dismissing(
    text: str,
    start: int,
    end: int,
    directions: tuple[str, ...] = DIRECTIONS,
    stages: tuple[str, ...] = ("read",),
    ignoring: frozenset[str] = frozenset(),
) -> Rule | None:
    """The first rule that dismisses the number at text[start:end], or None; rules named in
    `ignoring` do not count."""
    for rule in RULES:
        if rule.name in ignoring:
            continue
        if rule.stage in stages and rule.direction in directions and rule.applies(text, start, end):
            return rule
    return None
