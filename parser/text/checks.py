"""The self-check: every number shaped like a result is read into the record or dismissed by
a named modifier rule; any other becomes a review reason quoting it and its line.

Shapes: a three-decimal BMD in 0.2-2.5 g/cm², a signed (or T/Z-labelled) score within ±7,
a percent on a line about fracture risk. A number counts as read when its value is one the
record holds; a conflicting value left out already has its own reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TypeVar

from dxa.parser.dates import DATE_RE
from dxa.parser.model import HIP_SITES, Measurement, PreviousExam, Report, Side
from dxa.parser.text.frax import frax_block_lines
from dxa.parser.text.modifiers import dismissing
from dxa.parser.text.values import PLAUSIBLE_SCORE
from dxa.parser.vocab import SIDE_NAMES, SIDE_WORDS

BMD_SHAPE = re.compile(r"(?<![\d.,/])\d[.,]\d{3}(?![\d.,]?\d)")
SCORE_SHAPE = re.compile(
    r"(?<![\w.,])[-+]\d{1,2}[.,]\d{1,2}(?![\d.,]?\d)"
    r"|\b(?:minus|negative)\s+\d{1,2}[.,]\d{1,2}(?![\d.,]?\d)"  # dictation's sign, spoken
    r"|(?<=\b[TZ][\s\-]score\s)\d[.,]\d{1,2}(?![\d.,]?\d)|(?<=\b[TZ][\s\-]score:\s)\d[.,]\d{1,2}(?![\d.,]?\d)",
    re.IGNORECASE,
)
RISK_PERCENT = re.compile(r"(?<![\d.,])\d{1,2}(?:[.,]\d{1,2})?(?=\s*%)")
RISK_WORDS = re.compile(r"frax|fracture|probability|\bMOF\b", re.IGNORECASE)
BMD_UNIT_AFTER_RE = re.compile(r"\s*(?:g|gm|gms)\s*/\s*cm", re.IGNORECASE)
BMD_RANGE = (0.2, 2.5)  # a three-decimal number this size is shaped like a BMD
PERCENT_RULES = frozenset({"percent_change"})
MAX_REASONS = 5  # beyond a few, more quotes do not help the person checking


def record_values(report: Report) -> set[float]:
    """Every number the record holds, as the text would print it."""
    found: set[float] = set()
    for m in report.measurements:
        found |= {v for v in (m.bmd, m.t_score, m.z_score) if v is not None}
    found |= {p.bmd for p in report.previous if p.bmd is not None}
    found |= {entry.value for entry in report.lsc}
    if report.frax:
        found |= {v for v in (report.frax.major_osteoporotic, report.frax.hip) if v is not None}
    if report.tbs is not None:
        found.add(report.tbs)
    return {round(v, 3) for v in found}


def result_shaped(line: str, about_risk: bool = False) -> Iterator[re.Match]:
    """The numbers of a line shaped like a result, outside dates; `about_risk` for a line
    under a FRAX heading, whose percents are results though it names no risk word."""
    dates = [(m.start(), m.end()) for m in DATE_RE.finditer(line)]
    found = [m for m in BMD_SHAPE.finditer(line) if BMD_RANGE[0] <= _number(m[0]) <= BMD_RANGE[1]]
    found += [m for m in SCORE_SHAPE.finditer(line) if abs(_number(m[0])) <= PLAUSIBLE_SCORE]
    if about_risk or RISK_WORDS.search(line):
        found += list(RISK_PERCENT.finditer(line))
    for match in sorted(found, key=lambda m: m.start()):
        if not any(a <= match.start() < b for a, b in dates):
            yield match


def risk_percents(lines: list[str]) -> list[float]:
    """The percents of lines about fracture risk (an earlier exam's FRAX, for instance)."""
    return [
        _number(m[0])
        for line in lines
        if RISK_WORDS.search(line)
        for m in RISK_PERCENT.finditer(line)
    ]


def _number(token: str) -> float:
    spoken = re.match(r"(?:minus|negative)\s+", token, re.IGNORECASE)
    if spoken:
        return -float(token[spoken.end() :].replace(",", "."))
    return float(token.replace(",", ".").replace("+", ""))


def unread_values(lines: list[str], report: Report, explained: set[float]) -> list[str]:
    """A sentence for each result-shaped number neither read nor dismissed."""
    known = record_values(report) | {round(v, 3) for v in explained}
    texts = []
    under_frax = frax_block_lines(lines)
    for number, line in enumerate(lines, start=1):
        for match in result_shaped(line, number - 1 in under_frax):
            if round(_number(match[0]), 3) in known:
                continue
            # A BMD with its unit is a measurement wherever it stands: a line rule (a
            # "change" line) does not explain it away, only a rule about the number itself.
            with_unit = bool(BMD_UNIT_AFTER_RE.match(line, match.end()))
            directions = ("forward", "backward") if with_unit else ("forward", "backward", "line")
            # A percent on a fracture-risk line is shaped like a probability: "it is a percent"
            # (the rule for percent changes) does not explain it.
            ignoring = PERCENT_RULES if match.re is RISK_PERCENT else frozenset()
            if dismissing(
                line, match.start(), match.end(), directions, ("read", "check"), ignoring
            ):
                continue
            quoted = line.strip() if len(line.strip()) <= 90 else line.strip()[:87] + "..."
            texts.append(
                f"{match[0]} on line {number} was not read as a result or dismissed: {quoted!r}"
            )
    return texts[:MAX_REASONS]


# A line that says which hip was scanned: a title, a technique or exam line, or a heading.
SCANNED_LINE_RE = re.compile(
    r"^\W*(?:exam\w*|study|technique|procedure|scan|examination|dxa|dexa)\b|scanned|^[^a-z\d]{4,60}$"
    r"|^[^:]{1,25}:\s*(?:dxa|dexa)\b",  # "Pemeriksaan     : DXA Spine + Hip (LEFT)"
    re.IGNORECASE,
)
SCANNED_HIP_RE = re.compile(
    rf"\b({SIDE_NAMES})\.?\s+(?:proximal\s+)?(?:hip|femur)\b(?!\s+(?:pain|replacement|arthroplasty|fracture|metalwork|prosthesis|hardware|implant|orif|surgery|pinning|screws?|nail))"
    rf"|\b(?:hip|femur)\s*\(\s*({SIDE_NAMES})\.?\s*\)",
    re.IGNORECASE,
)


NOT_SCANNED_HIP_RE = re.compile(
    rf"\b({SIDE_NAMES})\.?\s+(?:proximal\s+)?(?:hip|femur)\s+(?:was\s+)?(?:not\s+(?:scanned|imaged|"
    r"measured|performed|done|assessed|analy[sz]ed)|excluded|omitted)\b",
    re.IGNORECASE,
)


def side_contradictions(lines: list[str], report: Report) -> list[str]:
    """Hip results named on one side while the report's title or technique says only the
    other hip was scanned (`DXA LUMBAR SPINE AND LEFT HIP` over rows saying `Neck R`), or
    that this side was not ("Right hip not scanned - right total hip arthroplasty")."""
    named = {m.side for m in report.measurements if m.site in HIP_SITES and m.side is not None}
    unscanned = {
        SIDE_WORDS[m[1].lower()] for line in lines for m in NOT_SCANNED_HIP_RE.finditer(line)
    }
    found = [
        f"the report says the {side.value} hip was not scanned, but gives {side.value} hip results"
        for side in sorted(unscanned & named, key=lambda s: s.value)
    ]
    if found:
        return found  # the same doubt, said once
    scanned = scanned_hip_sides(lines)
    if len(scanned) != 1:
        return found
    [side] = scanned
    other = named - {side, Side.mean}
    if not other:
        return found
    return [
        *found,
        f"the report says the {side.value} hip was scanned, but gives hip results for the "
        f"{' and '.join(sorted(s.value for s in other))} side",
    ]


def scanned_hip_sides(lines: list[str]) -> set[Side]:
    """The hip sides a title, technique or exam line says were scanned (`DXA LUMBAR SPINE AND
    LEFT HIP`, "DEXA scan of the lumbar spine and left hip performed on ...")."""
    return {
        SIDE_WORDS[(m[1] or m[2]).lower()]
        for line in lines
        if SCANNED_LINE_RE.search(line) and not re.search(r"\d[.,]\d", line)
        for m in SCANNED_HIP_RE.finditer(NOT_SCANNED_HIP_RE.sub(" ", line))
    }


Sided = TypeVar("Sided", Measurement, PreviousExam)


def with_scanned_hip_side(items: list[Sided], lines: list[str], stated: Side | None) -> list[Sided]:
    """Hip results printed with no side at all, in a report that names one hip as the one
    scanned (a technique line, or a sentence `stated` saying "the left hip was scanned"):
    that hip's. A report naming either side on any hip result is left as it is."""
    if any(m.site in HIP_SITES and m.side is not None for m in items):
        return items
    sides = scanned_hip_sides(lines) | ({stated} if stated else set())
    if len(sides) != 1:
        return items
    [side] = sides
    return [m.model_copy(update={"side": side}) if m.site in HIP_SITES else m for m in items]
