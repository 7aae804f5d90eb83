"""Score and BMD tokens: every way reports print a sign, a decimal and a unit."""

from __future__ import annotations

import re

import pytest
from dxa.parser.numbers import BMD_UNIT, parse_bmd, parse_score


@pytest.mark.parametrize(
    "token, value",
    [
        ("-2.5", -2.5),
        ("\u22122.5", -2.5),
        ("\u20132.5", -2.5),
        ("\u20142.5", -2.5),
        ("minus 2.5", -2.5),
        ("Minus 1.0", -1.0),
        ("+1.2", 1.2),
        ("1.2", 1.2),
        ("-2,5", -2.5),
        ("-2.5 SD", -2.5),
        ("-0.0", 0.0),
        (" -3 ", -3.0),
    ],
)
def test_score_tokens(token: str, value: float) -> None:
    assert parse_score(token) == value


@pytest.mark.parametrize("token", ["", "abc", "-12.5", "2.5.1", "--2.5", "0.812 g/cm2", "25%"])
def test_non_scores_are_refused(token: str) -> None:
    assert parse_score(token) is None


@pytest.mark.parametrize(
    "token, value",
    [
        ("0.812", 0.812),
        ("0,812", 0.812),
        ("0.812 g/cm2", 0.812),
        ("0.812 g/cm²", 0.812),
        ("0.812 gm/cm2", 0.812),
        ("0.812 g/cm^2", 0.812),
        ("0.812 g/sq cm", 0.812),
        ("1.05 G/CM2", 1.05),
    ],
)
def test_bmd_tokens(token: str, value: float) -> None:
    assert parse_bmd(token) == value


@pytest.mark.parametrize("token", ["812 mg/cm2", "0.812 mg/cm²", "-0.8", "4.5", "0.01", "x"])
def test_non_bmds_are_refused(token: str) -> None:
    """sBMD in mg/cm², signed or implausible values are not BMDs."""
    assert parse_bmd(token) is None


def test_unit_fragment_matches_the_spellings() -> None:
    for unit in ["g/cm2", "g/cm²", "gm/cm2", "g/cm^2", "g/sq cm", "g per cm2", "grams/cm2"]:
        assert re.fullmatch(BMD_UNIT, unit, re.IGNORECASE), unit
