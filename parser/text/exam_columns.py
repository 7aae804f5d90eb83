"""Tables whose column groups are exams, today's beside an earlier one:

                   Now (3.9.2024)         Previous (11.2021)     Change
    Column L1-L4   0,798   T -2,2         0,771   T -2,5         +3,5 %

The header names each group once: today's ("now", "current", "today", or the exam's own
date) and earlier ones (a comparison word with that exam's date); others (a change) are
skipped. A value belongs to the group whose heading starts at or before it. Today's values
are results; an earlier group's BMD goes to `previous` and its scores are historical.
A line of kind words under the dates (`BMD  T  Z  BMD  BMD`) names each column's kind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dxa.parser.dates import DATE_RE, ReportDates
from dxa.parser.model import ValueKind
from dxa.parser.text.attach import Collector, Key, site_key
from dxa.parser.text.context import COMPARISON_RE, CURRENT_RE
from dxa.parser.text.sites import find_site_mentions
from dxa.parser.text.values import SCORE_LETTERS

LABEL_RE = re.compile(r"\S+(?: \S+)*")  # a header label: words one space apart
VALUE_RE = re.compile(r"(?<![\d.,])[-+]?\d{1,2}[.,]\d{1,3}(?![\d.,]?\d)")
ROW_KIND_RE = re.compile(r"\b(?:([TZ])(?:[\s-]*scores?)?|BMD)\s*$", re.IGNORECASE)
SCORE_LABEL_RE = re.compile(r"\b([TZ])[\s-]*(?:score)?[\s:=]*$", re.IGNORECASE)
KIND_WORD_RE = re.compile(r"\b(?:BMD|([TZ])(?:[\s-]?scores?)?)(?=\s|$)", re.IGNORECASE)
# "Site  BMD  T  Z  BMD  % change  LSC (95%)": kind words, with the table's label column and
# columns no one reads (changes, the LSC) beside them.
KIND_LINE_RE = re.compile(
    r"\s*(?:(?:site|region)\s+)?(?:(?:BMD|[TZ](?:[\s-]?scores?)?|%?\s*change|LSC(?:\s*\(95\s*%\))?)(?:\s*\(g/cm2\))?\s+)+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ExamGroup:
    start: int
    date: dt.date | None  # None: today's
    skip: bool = False


def header_groups(
    line: str, exam_date: dt.date | None, read: ReportDates, under_earlier_heading: bool = False
) -> list[ExamGroup] | None:
    """The exam groups of a header line, when it names today's exam and an earlier one, or,
    under an earlier exams' heading, only earlier exams' dates."""
    if re.search(r"\d[.,]\d", DATE_RE.sub(" ", line)):
        return None  # a row, not a header
    groups = []
    labels = list(LABEL_RE.finditer(line))
    today_date = exam_date if exam_date in _date_columns(labels, read) else None
    if today_date is None and exam_date is None and len(_date_columns(labels, read)) >= 2:
        today_date = max(_date_columns(labels, read))  # "Site  27/02/2025  14/02/2023  ..."
    for label in labels:
        dates = [d for m in DATE_RE.finditer(label[0]) if (d := read.earlier(m[0]))]
        if year := re.fullmatch(r"\(?((?:19|20)\d\d)\)?", label[0]):
            dates = [dt.date(int(year[1]), 1, 1)]  # "2019": an exam known by its year
        today = CURRENT_RE.search(label[0]) or (dates and dates[0] == (today_date or exam_date))
        if today:
            groups.append(ExamGroup(label.start(), None))
        elif dates and (COMPARISON_RE.search(label[0]) or (today_date and dates[0] < today_date)):
            groups.append(ExamGroup(label.start(), dates[0]))
        else:  # a skipped group keeps its date, for a table of earlier exams only
            groups.append(ExamGroup(label.start(), dates[0] if dates else None, skip=True))
    kinds = {(g.skip, g.date is None) for g in groups}
    if under_earlier_heading and (False, True) not in kinds:
        # "PREVIOUS BMD (g/cm2)" over "15/11/2022   28/11/2024": every column an earlier exam
        groups = [
            ExamGroup(g.start, g.date, skip=not (g.date and exam_date and g.date < exam_date))
            for g in groups
        ]
        return groups if any(not g.skip for g in groups) else None
    if (False, True) not in kinds or not any(not g.skip and g.date for g in groups):
        return None
    return groups


def _date_columns(labels: list[re.Match], read: ReportDates) -> list[dt.date]:
    """The dates of header labels that are a date (and perhaps a word such as "baseline")."""
    found = []
    for label in labels:
        match = DATE_RE.search(label[0])
        if (
            match
            and match.start() == 0
            and (date := read.earlier(match[0]))
            and len(label[0]) <= len(match[0]) + 12
        ):
            found.append(date)
    return found


def read_exam_columns(
    lines: list[str], collector: Collector, exam_date: dt.date | None, read: ReportDates
) -> set[int]:
    """Read every such table; the indexes of the lines read."""
    consumed: set[int] = set()
    groups: list[ExamGroup] | None = None
    kinds: list[tuple[int, ValueKind]] = []
    last: Key | None = None  # the site of the row above, for a row naming only its kind
    earlier_heading = False  # the line above heads earlier exams' results
    for index, line in enumerate(lines):
        if groups and not kinds and KIND_LINE_RE.fullmatch(line + " "):
            kinds = kind_columns(line)
            consumed.add(index)
            continue
        if groups and (key := _read_row(line, groups, collector, kinds, last)) is not None:
            consumed.add(index)
            last = key
            continue
        groups, kinds, last = header_groups(line, exam_date, read, earlier_heading), [], None
        if groups:
            consumed.add(index)
        if line.strip():
            earlier_heading = bool(EARLIER_HEADING_RE.match(line))
    return consumed


# "PREVIOUS BMD (g/cm2)", "Prior results:", "EARLIER EXAMS": a heading over earlier exams' dates
EARLIER_HEADING_RE = re.compile(
    r"^\W*(?:previous|prior|earlier|past)\s+(?:bmd|results?|exam\w*|stud(?:y|ies)|scans?|dxa|values?)"
    r"(?:\s*\(?\s*g/cm\S*?\)?)?[^\d]{0,20}$",
    re.IGNORECASE,
)


def kind_columns(line: str) -> list[tuple[int, ValueKind]]:
    """Where each kind word of a kinds line starts, and its kind (BMD, T- or Z-score)."""
    return [(m.start(), _kind_word(m[1])) for m in KIND_WORD_RE.finditer(line)]


def _kind_word(letter: str | None) -> ValueKind:
    """The kind a `BMD` (no letter), `T` or `Z` word names."""
    return SCORE_LETTERS[letter.lower()] if letter else "bmd"


def _column_kind(position: int, kinds: list[tuple[int, ValueKind]]) -> ValueKind | None:
    """The kind of the kinds-line word nearest a value (within a few characters)."""
    distance, kind = min(
        ((abs(start - position), kind) for start, kind in kinds), default=(9, None)
    )
    return kind if distance <= 3 else None


def _group_of(
    position: int, groups: list[ExamGroup], kinds: list[tuple[int, ValueKind]]
) -> ExamGroup | None:
    """The group a value belongs to: the last whose heading starts at or before it, the
    value first placed under its kinds-line word (which may start a little left of it)."""
    if kinds:
        position = min(kinds, key=lambda kind: abs(kind[0] - position))[0]
        position = max(position, min(g.start for g in groups))
    return next((g for g in reversed(groups) if g.start - 4 <= position), None)


def _read_row(
    line: str,
    groups: list[ExamGroup],
    collector: Collector,
    kinds: list[tuple[int, ValueKind]],
    last: Key | None = None,
) -> Key | None:
    """One row; its site (or None when the line is not a row of the table). A row naming
    only its kind ("  T-score  -2.9  -2.5  -2.3") continues the site of the row above."""
    values = list(VALUE_RE.finditer(line))
    first = min(g.start for g in groups if not g.skip) - 2
    if kinds:  # the kinds line's words may stand left of the group headings above them
        first = min(first, min(start for start, _ in kinds) - 2)
    if not values or values[0].start() < first:
        return None
    mentions = [m for m in find_site_mentions(line[:first], None, True) if m.site is not None]
    row_kind = ROW_KIND_RE.search(line[:first])  # "Rt FN T   -2.4   -2.4   -2.6"
    if len(mentions) == 1:
        key = site_key(mentions[0])
    elif not mentions and last is not None and row_kind and not line[: row_kind.start()].strip():
        key = last
    else:
        return None
    for value in values:
        group = _group_of(value.start(), groups, kinds)
        if group is None or group.skip:
            continue
        number = float(value[0].replace(",", "."))
        label = SCORE_LABEL_RE.search(line[max(0, value.start() - 8) : value.start()])
        kind = SCORE_LETTERS[label[1].lower()] if label else None
        if kind is None and kinds:
            kind = _column_kind(value.start(), kinds)
        if kind is None and row_kind:
            kind = _kind_word(row_kind[1])
        if kind is None and re.search(r"\d{3}$", value[0]):
            kind = "bmd"
        if kind is None:
            continue
        if group.date is None:
            collector.add(key, kind, number)
        elif kind == "bmd":
            collector.add_previous(group.date, key, number, None)
        else:
            collector.dismiss([number], "historical")
    return key
