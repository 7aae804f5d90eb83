"""Tables whose columns are sides (a DualFemur summary):

    DUAL FEMUR
                        Left      Right     Mean
    Femur neck  BMD     0,689     0,702     0,696
                T-score -1,4      -1,3      -1,4
    Total BMD           0,801     0,823     0,812

The header names only sides; each row names what it holds (BMD, T-score, Z-score) and its
site, or continues the site of the row above. A row whose cells do not match the header
ends the table and stays for the other readers and the self-check.
"""

from __future__ import annotations

import re

from dxa.parser.model import HIP_SITES, Side, Site
from dxa.parser.numbers import parse_bmd, parse_score
from dxa.parser.text.attach import Collector
from dxa.parser.text.segment import cells as table_cells
from dxa.parser.text.sites import find_site_mentions
from dxa.parser.vocab import SIDE_WORDS, Scan, normalize_label

HEADER_LABELS = {"", "region", "site", "side", "bmd", "g/cm2"}
KIND_RE = re.compile(
    r"\b(?:(?P<bmd>BMD|density)|(?P<t_score>T[\s-]?scores?|T)|(?P<z_score>Z[\s-]?scores?|Z))\b\s*(?:\([^()]*\))?\s*:?\s*$",
    re.IGNORECASE,
)
NUMBER_CELL_RE = re.compile(r"[-+]?\d{1,2}[.,]\d{1,3}")


def header_sides(line: str) -> list[Side] | None:
    """The sides a header names in order, when it names nothing but two or more sides."""
    cells = table_cells(line)
    sides = [SIDE_WORDS.get(normalize_label(c)) for c in cells]
    if len(cells) < 2:
        return None
    if sides[0] is None and _title_cell(cells[0]):
        sides = sides[1:]
    if len(sides) < 2 or None in sides or len(set(sides)) != len(sides):
        return None
    return sides  # type: ignore[return-value]


def _title_cell(cell: str) -> bool:
    """A first header cell that labels the table ("Region", "DUAL FEMUR"), not a value."""
    return normalize_label(cell) in HEADER_LABELS or (
        not any(ch.isdigit() for ch in cell) and len(cell) <= 30
    )


GROUP_KIND_RE = re.compile(
    r"(?P<bmd>BMD|density|g/cm2)|(?P<t_score>T(?:[\s-]?scores?)?)|(?P<z_score>Z(?:[\s-]?scores?)?)",
    re.IGNORECASE,
)


HEADER_NOISE_RE = re.compile(r"\(\s*g\s*/\s*cm\s*(?:2|²)\s*\)|\bYA\b|\bAM\b|\(%\)|%", re.I)


def grouped_header(line: str) -> list[tuple[Side, str]] | None:
    """ "Region  Left  T  Z  Right  T  Z  Mean  T  Z": one group of columns per side, the
    side's own column its BMD unless the group names one; (side, kind) per column. One
    group is enough when it opens the line ("Mean  BMD (g/cm²)  YA T-score  AM Z-score")."""
    line = HEADER_NOISE_RE.sub(" ", line)
    cells = [c for c in re.split(r"\s+(?![-\s]?score)", line.strip()) if c]
    if cells and SIDE_WORDS.get(normalize_label(cells[0])) is None and _title_cell(cells[0]):
        cells = cells[1:]
    columns: list[tuple[Side, str]] = []
    side: Side | None = None
    own_bmd = False
    for cell in cells:
        if (named := SIDE_WORDS.get(normalize_label(cell))) is not None:
            side, own_bmd = named, True
            columns.append((named, "bmd"))
        elif side is not None and (kind := GROUP_KIND_RE.fullmatch(cell)):
            if kind.lastgroup == "bmd" and own_bmd:
                own_bmd = False  # "Left BMD T Z": the side's column is only its heading
                continue
            columns.append((side, kind.lastgroup or ""))
        else:
            return None
    sides = {s for s, _ in columns}
    opens = bool(cells) and SIDE_WORDS.get(normalize_label(cells[0])) is not None
    if len(columns) <= len(sides) or (len(sides) < 2 and not (opens and len(columns) >= 2)):
        return None
    if len(set(columns)) != len(columns):
        return None  # "Left Right Left Right": sides under kinds, a stacked header's lower line
    return columns


def stacked_header(upper: str, line: str) -> list[tuple[Side, str]] | None:
    """Kinds over side pairs on two lines: "BMD (g/cm²)  YA T-score  AM Z-score" above
    "Region  Left  Right  Left  Right  Left  Right". Each side column takes the kind whose
    label starts at or before it."""
    labels = re.finditer(
        r"(?:(?:YA|AM)\s+)?(?:BMD|T[\s-]?scores?|Z[\s-]?scores?|T|Z)\b", upper, re.I
    )
    kinds = [(m.start(), GROUP_KIND_RE.search(m[0]).lastgroup or "") for m in labels]  # type: ignore[union-attr]
    words = [(m.start(), m[0]) for m in re.finditer(r"\S+", line)]
    if len(kinds) < 2 or not words:
        return None
    if SIDE_WORDS.get(normalize_label(words[0][1])) is None and _title_cell(words[0][1]):
        words = words[1:]
    columns = []
    for start, word in words:
        side = SIDE_WORDS.get(normalize_label(word))
        before = [kind for position, kind in kinds if position <= start + 2]
        if side is None or not before:
            return None
        columns.append((side, before[-1]))
    if len({c[1] for c in columns}) < 2 or len(set(columns)) != len(columns):
        return None
    return columns


def read_grouped_row(line: str, columns: list[tuple[Side, str]], collector: Collector) -> bool:
    """A row of a grouped side table: a hip site, then one number per column."""
    numbers = list(NUMBER_CELL_RE.finditer(line))
    if len(numbers) != len(columns) or line[numbers[-1].end() :].strip():
        return False
    label = line[: numbers[0].start()]
    mentions = [m for m in find_site_mentions(label, Scan.hip, True) if m.site in HIP_SITES]
    if len({m.site for m in mentions}) != 1:
        return False
    site = mentions[0].site
    for (side, kind), number in zip(columns, numbers, strict=True):
        value = parse_bmd(number[0]) if kind == "bmd" else parse_score(number[0])
        if value is not None:
            collector.add((site, side, None), kind, value)
    return True


def read_side_tables(lines: list[str], collector: Collector) -> set[int]:
    """Read every side-column table; the indexes of the lines read."""
    consumed: set[int] = set()
    sides: list[Side] | None = None
    site: Site | None = None
    grouped: list[tuple[Side, str]] | None = None
    for index, line in enumerate(lines):
        if grouped is not None:
            if read_grouped_row(line, grouped, collector):
                consumed.add(index)
                continue
            grouped = None
        found_groups = grouped_header(line)
        if found_groups is None and index > 0:
            found_groups = stacked_header(lines[index - 1], line)
            if found_groups is not None:
                consumed.add(index - 1)
        if found_groups is not None:
            grouped = found_groups
            consumed.add(index)
            continue
        if sides is not None:
            row = _row(line, sides, site)
            if row is not None:
                site, kind, values = row
                for side, value in zip(sides, values, strict=True):
                    collector.add((site, side, None), kind, value)
                consumed.add(index)
                continue
            sides, site = None, None
        found = header_sides(line)
        if found is not None:
            sides, site = found, None
            consumed.add(index)
    return consumed


def _row(line: str, sides: list[Side], site: Site | None) -> tuple[Site, str, list[float]] | None:
    numbers = list(NUMBER_CELL_RE.finditer(line))
    if len(numbers) != len(sides) or not numbers:
        return None
    label = line[: numbers[0].start()]
    kind_match = KIND_RE.search(label)
    if kind_match is None or line[numbers[-1].end() :].strip(" %"):
        return None
    kind = kind_match.lastgroup or ""
    mentions = [
        m
        for m in find_site_mentions(label[: kind_match.start()], Scan.hip, True)
        if m.site in HIP_SITES
    ]
    if len({m.site for m in mentions}) > 1:
        return None
    row_site = mentions[0].site if mentions else site
    if row_site is None:
        return None
    parse = parse_bmd if kind == "bmd" else parse_score
    values = [parse(m[0]) for m in numbers]
    if None in values:
        return None
    return row_site, kind, values  # type: ignore[return-value]
