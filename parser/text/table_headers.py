"""Plain-text table headers: the value columns a header row names (one header may span two
lines, or date a BMD column as an earlier exam's), and which column each cell of a row is in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Literal

from dxa.parser.dates import DATE_PATTERN, DATE_RE, ReportDates
from dxa.parser.model import ValueKind
from dxa.parser.numbers import parse_bmd, parse_score
from dxa.parser.text.values import PERCENT_KINDS, SCORE_KINDS, percent_value

COLUMN_RE = re.compile(
    r"(?P<prev>\b(?:prior|previous|prev\.?|baseline|last)\s+BMD\b|(?<!vs )(?<!vs\. )\b(?:prior|previous)\b(?:\s*\([^)]*\))?)"
    r"|(?P<bmd>\bBMD\b|\bdensity\b|\bDMO\b)"
    r"|(?P<either>\bT\s*/\s*Z(?:[\s\-]?scores?)?\b|\bZ\s*/\s*T(?:[\s\-]?scores?)?\b|\bT\s+or\s+Z\b)"
    r"|(?P<t_score>(?:\byoung[ \-]adult[ \-])?\bT[\s\-]?scores?\b|\bT\b)"
    r"|(?P<z_score>(?:\bage[ \-]?matched[ \-])?\bZ[\s\-]?scores?\b|\bZ\b)"
    r"|(?P<young_adult_percent>%\s*YA\b|\bYA(?:\s*%)?|\byoung[\s\-]+adult(?:\s*%)?|%\s*young\s+adult|%\s*peak|\bPR\b)"
    r"|(?P<age_matched_percent>%\s*AM\b|\bAM(?:\s*%)?|\bage[\s\-]*matched(?:\s*%)?|%\s*age[\s\-]*matched|\bAM\b)"
    r"|(?P<adjusted>\bheight[\s\-]*adjusted(?:\s+Z(?:[\s\-]?scores?)?)?|\bHAZ\b)"
    r"|(?P<skip>\bLSC\b|\bvs\.?\s+(?:previous|prior|baseline|last)\b|\bBMC\b|\barea\b|\bchange\b|\bdate\b|\bage\b|\bsBMD\b|\bdiff\w*)",
    re.IGNORECASE,
)

# A header column holds a value kind, or is one of the table's own: "prev" (an earlier exam's
# BMD), "either" (a `T/Z-score` column that does not say which: its cells stay unread, so the
# self-check flags them), "adjusted" (a children's height-adjusted Z-score: another view of
# the same result, not the Z-score a report is judged by, so dismissed by name) or "skip" (a
# column read by no one: BMC, area, change).
ColumnKind = Literal[ValueKind, "prev", "either", "adjusted", "skip"]


@dataclass
class HeaderColumn:
    kind: ColumnKind
    start: int
    end: int


def table_columns(line: str) -> list[HeaderColumn] | None:
    """The value columns of a header row, or None if the line is not a header row."""
    # Units are blanked, not removed, so that column positions stay where they are.
    stripped = re.sub(
        r"\(\s*g/cm\s*(?:2|²|\^2)\s*\)|g/cm\s*(?:2|²|\^2)|\(\s*%\s*\)",
        lambda m: " " * len(m[0]),
        line,
    )
    if re.search(r"\d[.,]\d", DATE_RE.sub(" ", stripped)):  # "BMD 15.11.2023" heads a column
        return None
    columns = [
        HeaderColumn(m.lastgroup or "skip", m.start(), m.end())
        for m in COLUMN_RE.finditer(stripped)
    ]
    columns = _join_synonyms(columns, stripped)
    kinds = {c.kind for c in columns}
    if "prev" in kinds and "bmd" not in kinds:
        return None  # "T-score compared to previous": a sentence, not a header
    if not kinds & {"bmd", "t_score", "z_score", "either"} or len(columns) < 2:
        return None
    # A header is column names: at most a few other words (Region, Site, units), not a sentence.
    rest = COLUMN_RE.sub(" ", stripped)
    other_words = [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w.lower() not in HEADER_WORDS]
    if len(other_words) > 2:
        return None
    return columns


SCORE_REFERENCES = {("young_adult_percent", "t_score"), ("age_matched_percent", "z_score")}


def _join_synonyms(columns: list[HeaderColumn], line: str) -> list[HeaderColumn]:
    """`DMO/BMD`, `BMD (density)`: one column named twice, in two languages or words; `YA
    T-score`, `AM Z-score`: a score named with its reference (Lunar's headings)."""
    joined: list[HeaderColumn] = []
    for column in columns:
        last = joined[-1] if joined else None
        gap = line[last.end : column.start] if last else ""
        if last and last.kind == column.kind and re.fullmatch(r"\s?[/(]\s?", gap):
            joined[-1] = HeaderColumn(last.kind, last.start, column.end)
        elif last and (last.kind, column.kind) in SCORE_REFERENCES and gap == " ":
            joined[-1] = HeaderColumn(column.kind, last.start, column.end)
        else:
            joined.append(column)
    return joined


# A second header line of units and the rest of split names ("(cm²) (g) (g/cm²) score (%)").
UNITS_LINE_RE = re.compile(
    r"^\s*(?:[(\[]?\s*(?:g\s*/\s*cm\s*(?:2|²|\^2)|gm/cm2|cm\s*(?:2|²)|g|%|SD|mg/cm2|scores?)"
    r"\s*[)\]]?\s*)+$",
    re.IGNORECASE,
)
HEADER_WORDS = {"region", "site", "location", "scan", "cm", "ref", "reference", "percent", "of"}


# "BMD now   BMD 2024": a BMD column headed by an earlier year is that exam's.
YEAR_BMD_RE = re.compile(r"\bBMD\s+\(?((?:19|20)\d\d)\)?(?![\d/.\-])", re.IGNORECASE)


def year_headed_dates(line: str, exam_date: dt.date | None, at: int | None = None) -> list[dt.date]:
    """The earlier years heading BMD columns, each dated its first day; `at`: only the
    column whose BMD word starts there."""
    if exam_date is None:
        return []
    found = [YEAR_BMD_RE.match(line, at)] if at is not None else YEAR_BMD_RE.finditer(line)
    years = {int(m[1]) for m in found if m} - {exam_date.year}
    return [dt.date(year, 1, 1) for year in sorted(years) if year < exam_date.year]


AFTER_BMD_DATE_RE = re.compile(rf"\s*\(?\s*({DATE_PATTERN})")


def dated_previous_columns(
    line: str, columns: list[HeaderColumn], exam_date: dt.date | None, read: ReportDates
) -> list[HeaderColumn]:
    """`| 16-02-2026 BMD | T-score | ... | 12-03-2024 BMD |`: a BMD column headed by another
    date than the exam's is that earlier exam's."""
    dated = []
    previous_end = 0
    for number, column in enumerate(columns):
        heading = line[previous_end : column.start]
        dates = [d for m in DATE_RE.finditer(heading) if (d := read(m[0]))]
        following = line[
            column.end : columns[number + 1].start if number + 1 < len(columns) else None
        ]
        if after := AFTER_BMD_DATE_RE.match(following):  # "| BMD 15.11.2023 |"
            dates += [d for d in [read(after[1])] if d]
        dates += year_headed_dates(line, exam_date, at=column.start)
        is_earlier = column.kind == "bmd" and dates and exam_date and dates[-1] < exam_date
        dated.append(replace(column, kind="prev") if is_earlier else column)
        previous_end = column.end
    return dated


def merge_header_lines(upper: list[HeaderColumn], lower: list[HeaderColumn]) -> list[HeaderColumn]:
    """A header over two lines (`BMD  Young Adult  Age Matched` over `(g/cm2)  T-Score
    Z-Score`): columns at the same place are one, named by the more specific word."""
    specific: dict[ColumnKind, int] = {
        "bmd": 0,
        "t_score": 0,
        "z_score": 0,
        "either": 0,
        "prev": 0,
        "young_adult_percent": 1,
        "age_matched_percent": 1,
        "adjusted": 1,
        "skip": 2,
    }
    merged = list(lower)
    for column in upper:
        centre = (column.start + column.end) / 2
        same = [c for c in merged if abs((c.start + c.end) / 2 - centre) <= 6]
        if not same:
            merged.append(column)
        elif specific[column.kind] < specific[same[0].kind]:
            merged[merged.index(same[0])] = column
    return sorted(merged, key=lambda c: c.start)


# ---------------------------------------------------------------------------------------
# Cells: a row's values and the column each is in

TEXT_CELL_RE = re.compile(
    # A cell stands between spaces or pipes ("|0.934     |-1.0    |": pipes without padding).
    r"(?<![^\s|])(?:[-+]?\d{1,3}(?:[.,]\d{1,4})?%?\*?|-{1,2}|n/?a|—)(?![^\s|])",
    re.IGNORECASE,
)


def trailing_cells(line: str) -> list[re.Match]:
    """The cells of a row: the last run of cells with only spaces or flags between them (words
    after it, like `baseline`, are notes), so that a label holding a cell-like token (`L1 - L4`)
    stays whole."""
    cells = list(TEXT_CELL_RE.finditer(line))
    end = cells[-1].end() if cells else 0
    run: list[re.Match] = []
    for cell in reversed(cells):
        if line[cell.end() : end].strip(" |*†#"):  # a flag ("0.830 *") is not a note
            break
        run.insert(0, cell)
        end = cell.start()
    return run


def assign_cells(
    cells: list[re.Match], columns: list[HeaderColumn]
) -> list[tuple[ColumnKind, re.Match]]:
    """Each cell with its column's kind: in order when the counts match, else by position."""
    if len(cells) == len(columns):
        return list(zip([c.kind for c in columns], cells, strict=True))
    return _align_by_position(cells, columns)


def _align_by_position(
    cells: list[re.Match], columns: list[HeaderColumn]
) -> list[tuple[ColumnKind, re.Match]]:
    """Fewer or more cells than columns: give each cell the column nearest to it, in order."""
    assigned = []
    used: set[int] = set()
    for cell in cells:
        centre = (cell.start() + cell.end()) / 2
        options = [
            (abs(centre - (c.start + c.end) / 2), i) for i, c in enumerate(columns) if i not in used
        ]
        if not options:
            break
        _, index = min(options)
        used.add(index)
        assigned.append((columns[index].kind, cell))
    return assigned


def cell_value(kind: str, text: str) -> float | None:
    """A cell's value for its column, refused when its shape does not fit the column
    (a score has at most two decimals, a BMD at least two)."""
    text = text.rstrip("*").rstrip("%")  # "-2.5*" flags a value; the flag is not the value
    if kind in SCORE_KINDS:
        return parse_score(text) if re.fullmatch(r"[-+]?\d{1,2}(?:[.,]\d{1,2})?", text) else None
    if kind == "bmd":
        return parse_bmd(text) if re.fullmatch(r"\d[.,]\d{2,4}", text) else None
    if kind in PERCENT_KINDS:
        return percent_value(text)
    return None
