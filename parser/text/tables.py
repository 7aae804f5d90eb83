"""Plain-text tables read by their header row (`table_headers`), row by row: each row's site
label and cells, rows continuing the site above, and trend rows under a site heading."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from dxa.parser.dates import DATE_RE, ReportDates
from dxa.parser.model import Site
from dxa.parser.text.attach import Collector, site_key
from dxa.parser.text.context import COMPARISON_RE, Context, side_from_heading, update_context
from dxa.parser.text.scans import scan_of, scan_of_site
from dxa.parser.text.sites import SiteMention, find_site_mentions
from dxa.parser.text.table_headers import (
    UNITS_LINE_RE,
    HeaderColumn,
    assign_cells,
    cell_value,
    dated_previous_columns,
    merge_header_lines,
    table_columns,
    trailing_cells,
    year_headed_dates,
)
from dxa.parser.vocab import MEAN_NAMES, SIDE_NAMES, SIDE_WORDS, region_from_vertebrae

# A side after a row's values: "(Lt)", or a bare "Lt" set apart as a column of its own.
ROW_SIDE_NOTE_RE = re.compile(
    rf"(?:\s*[(\[]\s*({SIDE_NAMES})\.?\s*[)\]]|\s{{2,}}({SIDE_NAMES})\.?)\s*$", re.IGNORECASE
)
SCORE_LABEL_RE = re.compile(r"\b[TZ][\s\-]?scores?\b|\b[TZ]\s*[:=]", re.IGNORECASE)
DIFFERENCE_ROW_RE = re.compile(r"\bdiff(?:erence)?\b\.?|\bdelta\b|\basymmetry\b", re.IGNORECASE)
NOT_A_ROW_RE = re.compile(
    r"\bfrax\b|probabilit|fracture\s+risk|\bgarvan\b|\d%?\.\s+[A-Z]{2,}"
    r"|\bheight[\s\-]*(?:for[\s\-]*age\b[^|\t]*?)?adjusted"  # a sentence, not a row: for prose
    r"|\bLSC\b|least\s+significant\s+change",  # the LSC line under a table is the LSC reader's
    re.IGNORECASE,
)
CELL_UNIT_RE = re.compile(r"(?<=\d)\s*g/cm\s*(?:2|²|\^2)(?=\s|\||$)", re.IGNORECASE)
SIDE_ONLY_LABEL_RE = re.compile(rf"({SIDE_NAMES}|{MEAN_NAMES})\.?", re.IGNORECASE)


EXCLUDED_ROW_RE = re.compile(
    r"^\s*[LT]\d{1,2}\b.*\b(?:exclu\w*|omitted|not\s+(?:included|evaluated|analy[sz]ed|measured))",
    re.IGNORECASE,
)


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
    # ... and a lone dash there is an empty label column ("| Lumbar L1-L4 |  -  | 0.968 |").
    while len(cells) > len(columns) and cells[0][0].strip() in ("-", "–", "—"):
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
    for kind, cell in assign_cells(cells, columns):
        if kind == "prev":
            _read_previous_cell(cell[0], mention, context, collector)
        elif kind == "adjusted" and (value := cell_value("z_score", cell[0])) is not None:
            collector.dismiss([value], "height_adjusted")
        elif (value := cell_value(kind, cell[0])) is not None:
            collector.add(site_key(mention), kind, value)


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
    assigned = assign_cells(cells, columns)
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
    assigned = assign_cells(cells, columns)
    values = [(kind, v) for kind, cell in assigned if (v := cell_value(kind, cell[0])) is not None]
    for kind, value in values:
        if date == context.exam_date:
            collector.add(key, kind, value)
        elif kind == "bmd":
            collector.add_previous(date, key, value, None)
        else:
            collector.dismiss([value], "historical")
    return True


def read_tables(
    lines: list[str],
    collector: Collector,
    exam_date: dt.date | None,
    comparison_date: dt.date | None = None,
    read_date: ReportDates | None = None,
) -> set[int]:
    """Read every header-led table; returns the indexes of the lines consumed."""
    read_date = read_date or ReportDates()
    wrapped: dict[int, int] = {}  # a continuation line's index -> its row's
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
            header_dates += year_headed_dates(line, exam_date)
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
        if index in wrapped:
            continue
        if (continuation := wrapped_cells(lines, index, columns)) is not None:
            line = f"{line.rstrip()}   {continuation.strip()}"
            wrapped[index + 1] = index
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
    return consumed | {index for index, row in wrapped.items() if row in consumed}


WRAPPED_CELLS_RE = re.compile(
    r"\s+[-+]?\d{1,3}(?:[.,]\d{1,3})?(?:\s+[-+]?\d{1,3}(?:[.,]\d{1,3})?){0,5}\s*"
)


def wrapped_cells(lines: list[str], index: int, columns: list[HeaderColumn]) -> str | None:
    """A row wrapped by a narrow window, its last cells alone on the next, indented line
    ("Total  63.69  56.38  0.885  -1.5  86" / "   -0.3   97"): those cells, when the row
    lacks exactly as many as the next line holds."""
    if index + 1 >= len(lines) or not WRAPPED_CELLS_RE.fullmatch(lines[index + 1]):
        return None
    have = len(trailing_cells(lines[index]))
    more = len(lines[index + 1].split())
    return lines[index + 1] if have and have + more == len(columns) else None


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
