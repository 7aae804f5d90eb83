"""docs/clinical-rules.md and interpret/rules.py hold the same numbers.

A clinic reviews the rules on the page; the interpreter applies the module. The page's
appendix lists every numeric constant of the module with its value, and each of those
numbers must also be stated in the rules text, so a changed threshold that is not written
down (or a row left behind for a removed constant) fails here.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from enum import Enum
from pathlib import Path

import pytest
from dxa.interpret import rules

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "clinical-rules.md"
APPENDIX_HEADING = "## Appendix: the numbers in `interpret/rules.py`"
# A number, signed by an ASCII hyphen or a minus sign when nothing word-like precedes it,
# so that 'L1-L4', 'v113' and '25-OH' give no stray numbers.
NUMBER_RE = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?")
ROW_RE = re.compile(r"^\|\s*`(?P<name>[A-Z][A-Z0-9_]*)`\s*\|(?P<value>[^|]*)\|", re.MULTILINE)


def numbers_in(value: object) -> list[Decimal]:
    """Every int/float inside a constant: tuples, dict values and dataclass fields included."""
    if isinstance(value, bool | str | Enum):
        return []
    if isinstance(value, int | float):
        return [Decimal(str(value))]
    if isinstance(value, tuple | list):
        return [number for item in value for number in numbers_in(item)]
    if isinstance(value, dict):
        return [number for item in value.values() for number in numbers_in(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            number
            for item in dataclasses.fields(value)
            for number in numbers_in(getattr(value, item.name))
        ]
    return []


def numbers_of_text(text: str) -> list[Decimal]:
    return [Decimal(match.replace("−", "-")) for match in NUMBER_RE.findall(text)]


def numeric_constants() -> dict[str, list[Decimal]]:
    """Module-level UPPER_CASE names of interpret/rules.py that hold numbers."""
    found = {}
    for name, value in vars(rules).items():
        if name.isupper() and not isinstance(value, type):
            numbers = numbers_in(value)
            if numbers:
                found[name] = numbers
    return found


def document_parts() -> tuple[str, dict[str, list[Decimal]]]:
    """The rules text before the appendix, and the appendix rows: name -> numbers."""
    text = DOCUMENT.read_text(encoding="utf-8")
    body, heading, appendix = text.partition(APPENDIX_HEADING)
    assert heading, f"{DOCUMENT.name} has lost its appendix heading"
    rows = {m["name"]: numbers_of_text(m["value"]) for m in ROW_RE.finditer(appendix)}
    return body, rows


CONSTANTS = numeric_constants()


def test_the_module_has_the_constants_this_test_reads() -> None:
    """Guards the collector itself: a few known thresholds must be found with their values."""
    assert CONSTANTS["OSTEOPOROSIS_T_MAX"] == [Decimal("-2.5")]
    assert CONSTANTS["DEFAULT_LSC_PERCENT"] == [Decimal("5.3"), Decimal("5.0"), Decimal("6.9")]
    assert len(CONSTANTS["YOUNG_ADULT_REFERENCES"]) == 2 * len(rules.YOUNG_ADULT_REFERENCES)


@pytest.mark.parametrize("name", sorted(CONSTANTS))
def test_constant_is_in_the_appendix_with_its_value(name: str) -> None:
    _, rows = document_parts()
    assert name in rows, f"{name} has no row in the appendix of {DOCUMENT.name}"
    assert rows[name] == CONSTANTS[name], f"{name}: the page says {rows[name]}"


@pytest.mark.parametrize("name", sorted(CONSTANTS))
def test_constant_value_is_stated_in_the_rules(name: str) -> None:
    body, _ = document_parts()
    stated = set(numbers_of_text(body))
    missing = [number for number in CONSTANTS[name] if number not in stated]
    assert not missing, f"{name}: {missing} not stated in the rules of {DOCUMENT.name}"


def test_every_appendix_row_names_a_constant_of_the_module() -> None:
    _, rows = document_parts()
    stale = sorted(set(rows) - set(CONSTANTS))
    assert not stale, f"appendix rows for constants rules.py does not have: {stale}"
