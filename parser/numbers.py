"""Score and BMD tokens as reports print them: every minus sign, "minus", decimal commas, units.

Readers find candidate tokens with the regex fragments here and turn them into floats with
`parse_score` / `parse_bmd`, so the spelling rules live in one place.
"""

from __future__ import annotations

import re

# A reading outside the bounds the model accepts is not a score or a BMD.
from dxa.parser.model import BMD_MAX, BMD_MIN, SCORE_LIMIT

# Every character reports use for a minus sign: hyphens, unicode minus, figure/en/em dashes.
MINUS_CHARS = "-\u2010\u2011\u2212\u2013\u2014\u2012\ufe63\uff0d"
MINUS = f"[{MINUS_CHARS}]"

# g/cm2 spelled every way reports print it.
BMD_UNIT = r"(?:g|gm|gms|grams?)\s*(?:/|per)\s*(?:cm\s*(?:2|²|\^\s*2|\*\*2)|sq\.?\s*cm|square\s+cm|cm\s+squared)"
# A standardized BMD in mg/cm² is not a BMD (contract): recognized only to be refused.
SBMD_UNIT = r"mg\s*/\s*cm\s*(?:2|²|\^\s*2)"


_SCORE_RE = re.compile(
    rf"^\s*(?P<sign>{MINUS}|\+|minus\s+|plus\s+|negative\s+|positive\s+)?\s*(?P<int>\d{{1,2}})(?:[.,](?P<frac>\d{{1,3}}))?\s*(?:sd|s\.d\.)?\s*$",
    re.IGNORECASE,
)
_BMD_RE = re.compile(
    rf"^\s*(?P<int>\d{{1,2}})(?:[.,](?P<frac>\d{{1,4}}))?\s*(?P<unit>{BMD_UNIT}|{SBMD_UNIT})?\s*$",
    re.IGNORECASE,
)
_SBMD_RE = re.compile(SBMD_UNIT, re.IGNORECASE)


def parse_score(token: str) -> float | None:
    """A T- or Z-score from its printed token, or None if the token is not one.

    "-2.5", "−2.5", "–2.5", "minus 2.5", "+1.2", "-2,5", "-2.5 SD" -> float.
    """
    match = _SCORE_RE.match(token)
    if not match:
        return None
    value = float(f"{match['int']}.{match['frac'] or 0}")
    sign = (match["sign"] or "").strip().lower()
    if sign and sign not in ("+", "plus", "positive"):
        value = -value
    if abs(value) > SCORE_LIMIT:
        return None
    return value + 0.0  # turns -0.0 into 0.0


def parse_bmd(token: str) -> float | None:
    """A BMD in g/cm² from its printed token ("0.812", "0,812 g/cm²", "0.812 gm/cm2"), or None.

    A value in mg/cm² is a standardized sBMD, not a BMD, and is refused.
    """
    match = _BMD_RE.match(token)
    if not match or (match["unit"] and _SBMD_RE.fullmatch(match["unit"].strip())):
        return None
    value = float(f"{match['int']}.{match['frac'] or 0}")
    if not BMD_MIN <= value <= BMD_MAX:
        return None
    return value


def is_sbmd_unit(text: str) -> bool:
    """True when text starts with mg/cm² (a standardized BMD)."""
    return _SBMD_RE.match(text.strip()) is not None
