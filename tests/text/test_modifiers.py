"""Every modifier rule dismisses the bracketed number of its example and not of its
counter-example, so a rule row cannot drift from what it is meant to catch."""

from __future__ import annotations

import re

import pytest
from dxa.parser.text.modifiers import DIRECTIONS, RULES, Rule


def target(example: str) -> tuple[str, int, int]:
    """The example without its brackets, and where the bracketed number is."""
    match = re.search(r"\[([^\]]+)\]", example)
    assert match, f"no [number] in {example!r}"
    text = example[: match.start()] + match[1] + example[match.end() :]
    return text, match.start(), match.start() + len(match[1])


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_dismisses_its_example(rule: Rule) -> None:
    assert rule.applies(*target(rule.example))


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_leaves_its_counter_example(rule: Rule) -> None:
    assert not rule.applies(*target(rule.not_example))


def test_rule_names_are_unique_and_directions_known() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert {r.direction for r in RULES} <= set(DIRECTIONS)
