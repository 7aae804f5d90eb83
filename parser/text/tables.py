"""Plain-text tables read by their header row, and trend tables under a site heading."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Literal

from dxa.parser.dates import DATE_RE, ReportDates
from dxa.parser.model import Site, ValueKind
from dxa.parser.numbers import parse_bmd, parse_score
from dxa.parser.text.attach import Collector, site_key
from dxa.parser.text.context import COMPARISON_RE, Context, side_from_heading, update_context
from dxa.parser.text.sites import SiteMention, find_site_mentions, scan_of, scan_of_site
from dxa.parser.text.values import PERCENT_KINDS, SCORE_KINDS, percent_value
from dxa.parser.vocab import MEAN_NAMES, SIDE_NAMES, SIDE_WORDS, region_from_vertebrae

COLUMN_RE = re.compile(
    r"(?P<prev>\b(?:prior|previous|prev\.?|baseline|last)\s+BMD\b|(?<!vs )(?<!vs\. )\b(?:prior|previous)\b(?:\s*\([^)]*\))?)"
    r"|(?P<bmd>\bBMD\b|\bdensity\b|\bDMO\b)"
    r"|(?P<either>\bT\s*/\s*Z(?:[\s\-]?scores?)?\b|\bZ\s*/\s*T(?:[\s\-]?scores?)?\b|\bT\s+or\s+Z\b)"
    r"|(?P<t_score>(?:\byoung[ \-]adult[ \-])?\bT[\s\-]?scores?\b|\bT\b)"
    r"|(?P<z_score>(?:\bage[ \-]?matched[ \-])?\bZ[\s\-]?scores?\b|\bZ\b)"
    r"|(?P<young_adult_percent>%\s*YA\b|\bYA(?:\s*%)?|\byoung[\s\-]+adult(?:\s*%)?|%\s*young\s+adult|%\s*peak|\bPR\b)"
    r"|(?P<age_matched_percent>%\s*AM\b|\bAM(?:\s*%)?|\bage[\s\-]*matched(?:\s*%)?|%\s*age[\s\-]*matched|\bAM\b)"
    r"|(?P<skip>\bvs\.?\s+(?:previous|prior|baseline|last)\b|\bBMC\b|\barea\b|\bchange\b|\bdate\b|\bage\b|\bsBMD\b|\bdiff\w*)",
    re.IGNORECASE,
)
TEXT_CELL_RE = re.compile(
    r"(?<!\S)(?:[-+]?\d{1,3}(?:[.,]\d{1,4})?%?\*?|-{1,2}|n/?a|—)(?!\S)", re.IGNORECASE
)


# A header column holds a value kind, or is one of the table's own: "prev" (an earlier exam's
# BMD), "either" (a `T/Z-score` column that does not say which: its cells stay unread, so the
# self-check flags them) or "skip" (a column read by no one: BMC, area, change).
ColumnKind = Literal[ValueKind, "prev", "either", "skip"]


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
    if re.search(r"\d[.,]\d", stripped):
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


# A side after a row's values: "(Lt)", or a bare "Lt" set apart as a column of its own.
ROW_SIDE_NOTE_RE = re.compile(
    rf"(?:\s*[(\[]\s*({SIDE_NAMES})\.?\s*[)\]]|\s{{2,}}({SIDE_NAMES})\.?)\s*$", re.IGNORECASE
)
SCORE_LABEL_RE = re.compile(r"\b[TZ][\s\-]?scores?\b|\b[TZ]\s*[:=]", re.IGNORECASE)
DIFFERENCE_ROW_RE = re.compile(r"\bdiff(?:erence)?\b\.?|\bdelta\b|\basymmetry\b", re.IGNORECASE)
NOT_A_ROW_RE = re.compile(
    r"\bfrax\b|probabilit|fracture\s+risk|\bgarvan\b|\d%?\.\s+[A-Z]{2,}", re.IGNORECASE
)
# A second header line of units and the rest of split names ("(cm²) (g) (g/cm²) score (%)").
UNITS_LINE_RE = re.compile(
    r"^\s*(?:[(\[]?\s*(?:g\s*/\s*cm\s*(?:2|²|\^2)|gm/cm2|cm\s*(?:2|²)|g|%|SD|mg/cm2|scores?)"
    r"\s*[)\]]?\s*)+$",
    re.IGNORECASE,
)
CELL_UNIT_RE = re.compile(r"(?<=\d)\s*g/cm\s*(?:2|²|\^2)(?=\s|\||$)", re.IGNORECASE)
SIDE_ONLY_LABEL_RE = re.compile(rf"({SIDE_NAMES}|{MEAN_NAMES})\.?", re.IGNORECASE)
HEADER_WORDS = {"region", "site", "location", "scan", "cm", "ref", "reference", "percent", "of"}


EXCLUDED_ROW_RE = re.compile(
    r"^\s*[LT]\d{1,2}\b.*\b(?:exclu\w*|omitted|not\s+(?:included|evaluated|analy[sz]ed|measured))",
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


def read_table_row(
    line: str, columns: list[HeaderColumn], context: Context, collector: Collector
) -> bool:
    """One table row: a site label then cells. Returns False when the line is not a row."""
    if NOT_A_ROW_RE.search(line):
        return False  # "FRAX (Sweden), with BMD collum: major osteoporotic 11 %" ends a table
    line = CELL_UNIT_RE.sub(lambda m: " " * len(m[0]), line)  # "| 0,934 g/cm² |"
    cells = trailing_cells(line)
    if not cells:
        return bool(EXCLUDED_ROW_RE.search(line))  # "L3   excluded": a row without values
    # A leading "33%" is part of the label ("Ulna 33%") when the row has a cell too many.
    while len(cells) > len(columns) and cells[0][0].endswith("%"):
        cells = cells[1:]
    if SCORE_LABEL_RE.search(line, cells[0].start()):
        return False  # "1/3 radius: 0.702 g/cm2  T score -2.4  Z score -1.1" labels its own values
    label = line[: cells[0].start()].strip(" :|") if cells else ""
    if not label:
        return _read_other_side_row(line, cells, columns, context, collector)
    dated = label.replace("|", " ").strip()
    if DATE_RE.fullmatch(dated) and context.heading_site is not None:
        return _read_trend_row(dated, cells, columns, context, collector)
    if DATE_RE.fullmatch(dated) and context.row_site is not None:
        # "|  | 09/08/2022 | 76 | 0.944 |": an earlier exam's row of the site above
        context.heading_site = context.row_site
        try:
            return _read_trend_row(dated, cells, columns, context, collector)
        finally:
            context.heading_site = None
    if DIFFERENCE_ROW_RE.search(label):
        return True  # "Neck Diff.  0.018 ...": the left-right difference, not a result
    if (side := SIDE_ONLY_LABEL_RE.fullmatch(label)) and context.row_site is not None:
        # "NECK   LEFT  0.645 ..." then "       RIGHT  0.668 ...": the site above, this side
        mention = replace(context.row_site, side=SIDE_WORDS[side[1].lower()])
        _add_cells(cells, columns, mention, context, collector)
        return True
    mentions = find_site_mentions(label, context.scan, True)
    site_mentions = [m for m in mentions if m.site is not None]
    named = [m for m in site_mentions if label[m.start : m.end].lower() != "total"]
    if named and len(named) < len(site_mentions):
        site_mentions = named  # "Corpo inteiro (total)": the bare "total" is part of the name
    if len({(m.site, m.side) for m in site_mentions}) == 1 and all(
        re.fullmatch(r"[\s()/\[\]-]*", label[a.end : b.start])
        for a, b in zip(site_mentions, site_mentions[1:], strict=False)
    ):
        site_mentions = site_mentions[:1]  # "Collum (neck)": one site named twice
    if len(site_mentions) != 1:
        return bool(mentions)
    mention = site_mentions[0]
    context.row_site = mention  # a following row with only a date continues this site
    if mention.side is None and (note := ROW_SIDE_NOTE_RE.match(line, cells[-1].end())):
        mention.side = SIDE_WORDS[
            (note[1] or note[2]).lower()
        ]  # "Total hip  0.812  -1.5  -0.8  (Lt)"
    side_from_heading(mention, context)
    context.scan = scan_of_site(mention.site) or context.scan  # a later "Total" row is this scan's
    if mention.site is Site.lumbar_spine:
        if mention.region is None:
            # A spine table's "Total" row covers the vertebrae listed above it.
            mention.region = region_from_vertebrae(context.vertebrae)
        elif "," not in mention.region and "-" not in mention.region:
            context.vertebrae.append(mention.region)
    _add_cells(cells, columns, mention, context, collector)
    return True


def _site_heading_row(line: str, context: Context) -> bool:
    """A short line naming one site and nothing else (`Neck` over `Left  0.742 ...` and
    `Right  0.768 ...`): the site of the side rows under it."""
    label = line.strip(" :|")
    if len(label) > 25:
        return False
    sites = [m for m in find_site_mentions(label, context.scan, True) if m.site is not None]
    if len(sites) != 1 or sites[0].side is not None:
        return False
    context.row_site = sites[0]
    return True


def _add_cells(
    cells: list[re.Match],
    columns: list[HeaderColumn],
    mention: SiteMention,
    context: Context,
    collector: Collector,
) -> None:
    for kind, cell in _assign_cells(cells, columns):
        if kind == "prev":
            _read_previous_cell(cell[0], mention, context, collector)
        elif (value := cell_value(kind, cell[0])) is not None:
            collector.add(site_key(mention), kind, value)


def _assign_cells(
    cells: list[re.Match], columns: list[HeaderColumn]
) -> list[tuple[ColumnKind, re.Match]]:
    """Each cell with its column's kind: in order when the counts match, else by position."""
    if len(cells) == len(columns):
        return list(zip([c.kind for c in columns], cells, strict=True))
    return _align_by_position(cells, columns)


def _read_other_side_row(
    line: str,
    cells: list[re.Match],
    columns: list[HeaderColumn],
    context: Context,
    collector: Collector,
) -> bool:
    """A label-less row whose side follows its values, under a site's row of the other side
    (`Fem neck  0.611  -2.5  Rt` then `          0.598  -2.6  Lt`): that site, this side."""
    note = ROW_SIDE_NOTE_RE.match(line, cells[-1].end())
    above = context.row_site
    if note is None or above is None or above.side is None:
        return False
    side = SIDE_WORDS[(note[1] or note[2]).lower()]
    if side is above.side:
        return False
    mention = replace(above, side=side)
    assigned = _assign_cells(cells, columns)
    for kind, cell in assigned:
        if kind != "prev" and (value := cell_value(kind, cell[0])) is not None:
            collector.add(site_key(mention), kind, value)
    return True


def _read_previous_cell(
    text: str, mention: SiteMention, context: Context, collector: Collector
) -> None:
    """A `Prior BMD` cell: the earlier exam's BMD, on the date the header or report gives."""
    value = cell_value("bmd", text)
    if value is None:
        return
    if context.comparison_date is None:
        collector.warnings.append("A previous BMD was given without a date; left out.")
        return
    collector.add_previous(context.comparison_date, site_key(mention), value, None)


def _read_trend_row(
    label: str,
    cells: list[re.Match],
    columns: list[HeaderColumn],
    context: Context,
    collector: Collector,
) -> bool:
    """A trend-table row (`04/11/2022  66  0.873  -1.6`) under a site heading: today's
    values on the exam's date, else an earlier exam's BMD."""
    date = context.read_date(label)
    if date is None or context.heading_site is None:
        return False
    key = site_key(context.heading_site)
    assigned = _assign_cells(cells, columns)
    values = [(kind, v) for kind, cell in assigned if (v := cell_value(kind, cell[0])) is not None]
    for kind, value in values:
        if date == context.exam_date:
            collector.add(key, kind, value)
        elif kind == "bmd":
            collector.add_previous(date, key, value, None)
        else:
            collector.dismiss([value], "historical")
    return True


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
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None
        return percent_value(value)
    return None


def dated_previous_columns(
    line: str, columns: list[HeaderColumn], exam_date: dt.date | None, read: ReportDates
) -> list[HeaderColumn]:
    """`| 16-02-2026 BMD | T-score | ... | 12-03-2024 BMD |`: a BMD column headed by another
    date than the exam's is that earlier exam's."""
    dated = []
    previous_end = 0
    for column in columns:
        heading = line[previous_end : column.start]
        dates = [d for m in DATE_RE.finditer(heading) if (d := read(m[0]))]
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


def read_tables(
    lines: list[str],
    collector: Collector,
    exam_date: dt.date | None,
    comparison_date: dt.date | None = None,
    read_date: ReportDates | None = None,
) -> set[int]:
    """Read every header-led table; returns the indexes of the lines consumed."""
    read_date = read_date or ReportDates()
    consumed: set[int] = set()
    columns: list[HeaderColumn] | None = None
    table_rows = 0
    table_context = Context(
        exam_date=exam_date, comparison_date=comparison_date, read_date=read_date
    )
    for index, line in enumerate(lines):
        header = table_columns(line)
        if header is not None:
            header_dates = [
                d for m in DATE_RE.finditer(line) if (d := table_context.read_date(m[0]))
            ]
            earlier = [d for d in header_dates if d != exam_date]
            if earlier:  # "Previous (05/15/2022)"
                table_context.comparison_date = earlier[0]
            header = dated_previous_columns(line, header, exam_date, table_context.read_date)
            follows_header = index - 1 in consumed and columns is not None and not table_rows
            columns = merge_header_lines(columns, header) if follows_header else header
            table_context.vertebrae = []
            table_context.row_site = None
            table_rows = 0
            consumed.add(index)
            continue
        if columns is None:
            update_context(line, table_context)
            _note_heading_site(line, table_context)
            continue
        if not re.search(r"[A-Za-z0-9]", line) or UNITS_LINE_RE.match(line):
            continue  # a rule or a line of units under the header ("   g/cm2")
        if COMPARISON_RE.search(line) and not DATE_RE.match(line.strip()):
            columns = None
            update_context(line, table_context)
            _note_heading_site(line, table_context)  # "SERIAL COMPARISON (right total hip):"
            continue
        if read_table_row(line, columns, table_context, collector):
            consumed.add(index)
            table_rows += 1
        elif is_scan_heading(line):
            update_context(line, table_context)  # "Left Femur" over more rows of the table
        elif _site_heading_row(line, table_context):
            continue  # "Neck" over its side rows; left for the prose reader's context too
        else:
            columns = None
            update_context(line, table_context)
            _note_heading_site(line, table_context)
    return consumed


def is_scan_heading(line: str) -> bool:
    """A short results-free line naming only a scan (`Left Femur`, `RIGHT HIP`), or the spine
    as a heading over its vertebra rows (`COLUMNA LUMBAR`, `LUMBAR SPINE`)."""
    if re.search(r"\d", line) or len(line.strip()) > 40 or scan_of(line) is None:
        return False
    mentions = find_site_mentions(line, None, True)
    spine_heading = [m.site for m in mentions] == [Site.lumbar_spine] and not line.strip().endswith(
        ":"
    )
    return bool(mentions) and (all(m.general for m in mentions) or spine_heading)


def _note_heading_site(line: str, context: Context) -> None:
    """Remember the single site a results-free line names (a table's title)."""
    if not re.search(r"[A-Za-z]", line) or re.search(r"\d[.,]\d", line):
        return
    specific = [m for m in find_site_mentions(line, context.scan, True) if not m.general]
    if len(specific) == 1 and specific[0].site is not None:
        side_from_heading(specific[0], context)
        context.heading_site = specific[0]
    else:
        context.heading_site = None


# ---------------------------------------------------------------------------------------
# The report
