"""Report blocks: a whole earlier exam's report reproduced after today's ("PRIOR REPORT",
then its own DATE:, FINDINGS, FRAX ...). Its values belong to that exam, not to today's, so
its lines are read as an earlier section (BMDs to `previous`), and its dates and FRAX are
not today's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dxa.parser.dates import DATE_RE, ReportDates
from dxa.parser.text import lexicon
from dxa.parser.text.context import CURRENT_RE

PRIOR_BLOCK_RE = re.compile(
    rf"^\W*(?:{lexicon.alternation(lexicon.load('sections')['prior_blocks'])})\b"
    r"(?:\s*(?:dated|from|of|on)?[\s\d/.\-(),:]*)?$",
    re.IGNORECASE,
)
BLOCK_DATE_RE = re.compile(r"^\s*(?:exam\s+|study\s+)?date(?:\s+of\s+(?:exam|study))?\s*[:=]", re.I)


@dataclass(frozen=True)
class PriorBlock:
    start: int  # first line of the block (its heading)
    end: int  # the line after it
    date: dt.date | None  # its exam's date: on its heading, else its first `Date:` line


def prior_block(lines: list[str], read: ReportDates) -> PriorBlock | None:
    """The earlier exam's block of a report, or None when the report has none."""
    start = next((i for i, line in enumerate(lines) if PRIOR_BLOCK_RE.match(line)), None)
    if start is None:
        return None
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if CURRENT_RE.search(lines[i]) and lines[i].strip().endswith(":")
        ),
        len(lines),
    )
    return PriorBlock(start, end, _block_date(lines[start:end], read))


def _block_date(lines: list[str], read: ReportDates) -> dt.date | None:
    dated = [lines[0]] + [line for line in lines[1:] if BLOCK_DATE_RE.match(line)]
    for line in dated:
        for match in DATE_RE.finditer(line):
            if (date := read(match[0])) is not None:
                return date
    return None
