"""Read result tables from word positions: the one table reader every vendor layout uses.

A table is found by its header words, its columns take their x-ranges from the header
(headers wrap over two or three lines, and a group header such as "Young-Adult" spans the
"(%)" and "T-Score" columns under it), rows are grouped by y and each row's cells are read
by column. Nothing depends on the order of text in the content stream, and words outside
the table's columns (chart axes, footnotes, image labels) never reach a cell.

Nothing depends on one printer's type either: header phrases are told apart by the width
of a space in their own type (Courier's is a letter wide), two tables whose headers share
their lines are split at the second label column, and a long row label may run on past
the label column's boundary.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from dxa.parser.document import Line, Page, Word

# Words smaller than this share of the text size are footnote markers (superscripts).
SMALL_TEXT = 0.65
# Words on one header line closer than this many heights belong to one phrase ("T - score").
PHRASE_GAP = 0.45
# Two words whose letters are this close in width (a share) are in monospaced type, where a
# space is as wide as a letter; a gap up to SPACE_SLACK letters still joins them.
MONOSPACE_TOLERANCE = 0.02
SPACE_SLACK = 1.1
# A header phrase ending like this is complete ("T - score", "(%)", "BMD (g/cm²)"): a word
# after it starts the next column, however tightly the columns are set.
CLOSED_HEADER = re.compile(r"(?:score|\))$", re.IGNORECASE)
# Header lines are stacked closer than this many heights (a gap of one line: headers set
# at up to double spacing).
HEADER_LEADING = 1.0
MAX_HEADER_LINES = 4
# A wrapped row label line belongs to the value line whose centre is this close (in heights).
LABEL_ATTACH = 0.85
# A vertical gap of more than this many heights between rows ends a table.
ROW_GAP = 3.0
# Words this many heights beyond the outer header columns are outside the table.
SIDE_MARGIN = 2.0

# What a value cell may hold: numbers (maybe with %, * or a mg unit), dashes, asterisks, dates.
CELL_RE = re.compile(
    r"^(?:[-+\u2212\u2013]?\d[\d.,]*(?:%|\*+|mg/cm²|mg/cm2|mg|g/cm²)?|\*+|[-\u2212\u2013\u2014]+|mg/cm²|mg/cm2|g/cm²|g/cm2|mg|g|%|\d{1,2}/\d{1,2}/\d{2,4}|[nN]/?[aA])$"
)

# Column keys and how their (normalized) header text reads. Percent columns are tested first.
PERCENT_KEYS = {
    "young_adult_percent": re.compile(r"young|\bya\b|\bpr\b|peak"),
    "age_matched_percent": re.compile(r"\bage\b|age-match|\bam\b"),
}
VALUE_KEYS = {
    "bmd": re.compile(r"(?<!s)\bbmd(?![a-z])"),
    "t_score": re.compile(r"\bt[- ]?score"),
    "z_score": re.compile(r"\bz[- ]?score"),
}


@dataclass(frozen=True)
class Column:
    header: str
    x0: float
    x1: float
    key: str | None = None


@dataclass(frozen=True)
class Row:
    """A table row: its label (region column text) and its cells by column key."""

    label: str
    cells: dict[str, str]
    # False for a label-only row, such as Hologic's dual-hip "Neck" above Left/Right/Mean.
    has_values: bool = True


@dataclass(frozen=True)
class Table:
    top: float
    header: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    # A row-shaped line that ended the table because a figure in it is not a cell ("0.7l2"):
    # the self-check reports it instead of letting the rows below vanish unnoticed.
    stopped_by: Row | None = None

    def has(self, key: str) -> bool:
        return any(column.key == key for column in self.columns)


def find_tables(page: Page, label_header: re.Pattern[str]) -> list[Table]:
    """Every results table on a page: a header with a BMD column and a label column."""
    page_body = body_height(page)
    headers = []
    for block in header_blocks(page, page_body):
        # The table's own text size, so that a table in smaller type than the page still reads.
        body = statistics.median(w.height for line in block for w in normal_words(line, page_body))
        for columns in side_by_side(header_columns(block, body), label_header):
            if any(column.key == "bmd" for column in columns):
                headers.append((block, columns, body))
    tables = []
    for block, columns, body in headers:
        limit = min(
            (
                other[0].top
                for other, others, _ in headers
                if other[0].top > block[-1].bottom
                and others[0].x0 < columns[-1].x1
                and columns[0].x0 < others[-1].x1
            ),
            default=float("inf"),
        )
        rows, stopped_by = read_rows(page, block, columns, body, limit)
        header_text = " | ".join(column.header for column in columns)
        tables.append(Table(block[0].top, header_text, tuple(columns), tuple(rows), stopped_by))
    return tables


def side_by_side(columns: list[Column], label_header: re.Pattern[str]) -> list[list[Column]]:
    """The tables whose headers share these lines: each starts at a label column.

    A trend table printed beside the results table has its own "Measured Date" column; the
    columns left of the first label column belong to no table this layout reads.
    """
    tables: list[list[Column]] = []
    for column in columns:
        if label_header.search(column.header):
            tables.append([])
        if tables:
            tables[-1].append(column)
    return [assign_keys(table) for table in tables]


def body_height(page: Page) -> float:
    """The height of ordinary text on the page (the median word height)."""
    return statistics.median(word.height for word in page.words) if page.words else 1.0


def normal_words(line: Line, body: float) -> list[Word]:
    return [w for w in line.words if w.height >= SMALL_TEXT * body]


FIGURE_RE = re.compile(r"^[(\[]?[-+\u2212\u2013]?\d[\d.,:/]*[%*]?[)\]]?$")


def is_figure(word: Word) -> bool:
    """A figure (value, date, time, chart tick), as opposed to a unit such as "(g/cm2)"."""
    return FIGURE_RE.match(word.text) is not None


def is_header_like(line: Line, body: float) -> bool:
    """Header lines hold words only: no `Label:`, and no figures among the header words.

    Figures beside the header words (a chart axis printed on the same line) are allowed;
    figures between them (a data row, a dated title) are not.
    """
    words = normal_words(line, body)
    plain = [w for w in words if not is_figure(w)]
    if not plain or any(w.text.endswith(":") for w in words):
        return False
    left, right = plain[0].x0, plain[-1].x1
    return not any(is_figure(w) and w.x1 > left and w.x0 < right for w in words)


def header_blocks(page: Page, body: float) -> list[list[Line]]:
    """Groups of stacked header-like lines, each containing a BMD header word."""
    lines = page.lines
    blocks: list[list[Line]] = []
    used: set[int] = set()
    for index, line in enumerate(lines):
        if index in used or not is_header_like(line, body):
            continue
        if not any(VALUE_KEYS["bmd"].search(w.text.lower()) for w in line.words):
            continue
        members = [index]
        for step in (-1, 1):
            cursor = index
            while len(members) < MAX_HEADER_LINES:
                neighbour = next_normal_line(lines, cursor, step, body)
                if neighbour is None:
                    break
                near = lines[neighbour] if step > 0 else lines[cursor]
                far = lines[cursor] if step > 0 else lines[neighbour]
                if near.top - far.bottom > HEADER_LEADING * body:
                    break
                if not is_header_like(lines[neighbour], body) or neighbour in used:
                    break
                if not continues_header(lines[neighbour], lines[cursor], line, body):
                    break
                members.append(neighbour)
                cursor = neighbour
        used.update(members)
        blocks.append([lines[i] for i in sorted(members)])
    return blocks


def continues_header(candidate: Line, adjacent: Line, anchor: Line, body: float) -> bool:
    """Whether a header-like line next to a header block is part of that header.

    A line of several phrases is ("Young-Adult  Age-Matched", "(g/cm²)  (%)  score"). A line of
    one phrase is when it is the wrapped part of a single column header ("Z-" over "score",
    "(g/cm²)" under "BMD"): clear of the label column, over at most two phrases of the line
    next to it. A lone word in the label column is a group row ("Neck") or a title.
    """
    found = phrases(candidate, body)
    if len(found) >= 2:
        return True
    if not found:
        return False
    label = phrases(anchor, body)[0]
    phrase = found[0]
    spanned = sum(overlaps(phrase, other) for other in phrases(adjacent, body))
    return phrase.x0 > label.x1 and 1 <= spanned <= 2


def next_normal_line(lines: tuple[Line, ...], index: int, step: int, body: float) -> int | None:
    """The next line up or down with normal-size words (superscripts and chart ticks skipped)."""
    cursor = index + step
    while 0 <= cursor < len(lines):
        if any(not is_figure(w) for w in normal_words(lines[cursor], body)):
            return cursor
        cursor += step
    return None


def phrases(line: Line, body: float) -> list[Word]:
    """Merge closely spaced words of a header line into phrases ("T", "-" -> "T -")."""
    merged: list[Word] = []
    for word in normal_words(line, body):
        if is_figure(word):
            continue  # a chart tick beside the header, never a column
        if (
            merged
            and not CLOSED_HEADER.search(merged[-1].text)
            and word.x0 - merged[-1].x1 <= phrase_gap(merged[-1], word)
        ):
            last = merged[-1]
            merged[-1] = Word(
                f"{last.text} {word.text}",
                last.x0,
                word.x1,
                min(last.top, word.top),
                max(last.bottom, word.bottom),
            )
        else:
            merged.append(word)
    return merged


def phrase_gap(left: Word, right: Word) -> float:
    """The widest gap inside one header phrase: a space.

    In proportional type a space is narrow (under half the text height); in monospaced type
    (Courier) it is as wide as any letter, so there the letter pitch is the limit. Equal
    words ("YA" over two columns) are equally wide in any type and prove nothing.
    """
    gap = PHRASE_GAP * right.height
    pitch_left = (left.x1 - left.x0) / len(left.text)
    pitch_right = (right.x1 - right.x0) / len(right.text)
    monospaced = abs(pitch_left - pitch_right) <= MONOSPACE_TOLERANCE * pitch_right
    if monospaced and left.text.split()[-1] != right.text:
        gap = max(gap, SPACE_SLACK * pitch_right)
    return gap


def overlaps(a: Word | Column, b: Word | Column) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5


def header_columns(block: list[Line], body: float) -> list[Column]:
    """Columns from a header block (not yet keyed): stacked phrases form one column, spanning
    phrases head several."""
    rows = [phrases(line, body) for line in block]
    spanners: list[Word] = []
    leaves: list[Word] = []
    for index, row in enumerate(rows):
        for phrase in row:
            spans = any(
                sum(overlaps(phrase, other) for other in rows[j]) >= 2
                for j in range(len(rows))
                if j != index
            )
            (spanners if spans else leaves).append(phrase)
    clusters: list[list[Word]] = []
    for leaf in sorted(leaves, key=lambda w: w.x0):
        home = next((c for c in clusters if any(overlaps(leaf, w) for w in c)), None)
        if home is None:
            clusters.append([leaf])
        else:
            home.append(leaf)
    columns = []
    for cluster in sorted(clusters, key=lambda c: min(w.x0 for w in c)):
        x0, x1 = min(w.x0 for w in cluster), max(w.x1 for w in cluster)
        box = Column("", x0, x1)
        above = [s for s in spanners if overlaps(s, box)]
        parts = sorted(above + cluster, key=lambda w: (w.top, w.x0))
        columns.append(Column(" ".join(w.text for w in parts), x0, x1))
    return columns


def normalize_header(text: str) -> str:
    """Lower case with dashes closed up: "T - score", "T- Score", "T – score" all read "t-score"."""
    return re.sub(r"\s*[-\u2010\u2011\u2013\u2014\u2212]\s*", "-", text.lower())


def column_key(header: str) -> str | None:
    text = normalize_header(header)
    if "%" in text and not re.search(r"change|fat", text):
        for key, pattern in PERCENT_KEYS.items():
            if pattern.search(text):
                return key
        return "percent"  # a bare "(%)": its neighbour decides (see assign_keys)
    for key, pattern in VALUE_KEYS.items():
        if pattern.search(text):
            return key
    return None


def assign_keys(columns: list[Column]) -> list[Column]:
    """Key each column once, left to right; a bare "(%)" column takes its score neighbour's kind."""
    keyed: list[Column] = []
    taken: set[str] = set()
    for index, column in enumerate(columns):
        key = column_key(column.header) if index else "label"
        if key == "percent":
            following = column_key(columns[index + 1].header) if index + 1 < len(columns) else None
            key = {"t_score": "young_adult_percent", "z_score": "age_matched_percent"}.get(
                following or ""
            )
        if key in taken:
            key = None
        if key:
            taken.add(key)
        keyed.append(Column(column.header, column.x0, column.x1, key))
    return keyed


def column_finder(columns: list[Column]) -> Callable[[Word], int]:
    """Map a word to its column: boundaries sit midway between neighbouring header extents."""
    bounds = [(a.x1 + b.x0) / 2 for a, b in zip(columns, columns[1:], strict=False)]

    def find(word: Word) -> int:
        return sum(word.center_x > bound for bound in bounds)

    return find


def read_rows(
    page: Page, block: list[Line], columns: list[Column], body: float, limit: float
) -> tuple[list[Row], Row | None]:
    """Rows below a header until a gap, a line that is not table data, or the next table;
    and the line that ended them when it is shaped like a row (see `row_shaped`)."""
    left = columns[0].x0 - SIDE_MARGIN * body
    right = columns[-1].x1 + SIDE_MARGIN * body
    header_bottom = max(line.bottom for line in block)
    by_position = column_finder(columns)
    long_labels: set[Word] = set()

    def find(word: Word) -> int:
        return 0 if word in long_labels else by_position(word)

    lines: list[tuple[Line, list[Word]]] = []
    stopped_by: Row | None = None
    previous_bottom = header_bottom
    for line in page.lines:
        if line.top < header_bottom - 0.5 or line.top >= limit:
            continue
        words = [w for w in normal_words(line, body) if left <= w.center_x <= right]
        if not words:
            continue
        if words[0].top - previous_bottom > ROW_GAP * body:
            break
        long_labels.update(label_overflow(words, by_position))
        if any(w.text.endswith(":") for w in words) or not all(
            find(w) == 0 or CELL_RE.match(w.text) for w in words
        ):
            if row_shaped(words, find):
                stopped_by = make_row(words, columns, find)
            break  # a footnote or a sentence: the table has ended
        lines.append((line, words))
        previous_bottom = max(w.bottom for w in words)
    return assemble_rows(lines, columns, find), stopped_by


def row_shaped(words: list[Word], find: Callable[[Word], int]) -> bool:
    """A label with figures under the value columns and nothing else: a row, however garbled.

    A footnote or sentence has words without digits ("ACF =", "of repeat scans").
    """
    values = [w for w in words if find(w) > 0]
    return (
        any(find(w) == 0 for w in words)
        and bool(values)
        and all(any(ch.isdigit() for ch in w.text) and not w.text.endswith(":") for w in values)
    )


def label_overflow(words: list[Word], find: Callable[[Word], int]) -> list[Word]:
    """Words of a long row label that run on past the label column ("Upper Neck Right").

    They continue the label's phrase (a space apart, not figures), so they are label words
    even where their position falls in the first value column.
    """
    overflow: list[Word] = []
    previous: Word | None = None
    for word in sorted(words, key=lambda w: w.x0):
        if find(word) == 0:
            previous = word
        elif previous is None or CELL_RE.match(word.text):
            break
        elif word.x0 - previous.x1 <= phrase_gap(previous, word):
            overflow.append(word)
            previous = word
        else:
            break
    return overflow


def assemble_rows(
    lines: list[tuple[Line, list[Word]]],
    columns: list[Column],
    find: Callable[[Word], int],
) -> list[Row]:
    """Join wrapped label lines to the value line they flank; other label-only lines are groups.

    "Flank" is measured in the label's own text height, which may differ from the header's.
    """
    value_lines = [words for _, words in lines if any(find(w) > 0 for w in words)]
    attached: dict[int, list[Word]] = {id(words): list(words) for words in value_lines}
    order: list[list[Word]] = []
    for _, words in lines:
        if any(find(w) > 0 for w in words):
            order.append(attached[id(words)])
            continue
        centre = statistics.mean(w.center_y for w in words)
        nearest = min(
            value_lines,
            key=lambda v: abs(statistics.mean(w.center_y for w in v) - centre),
            default=None,
        )
        reach = LABEL_ATTACH * max(w.height for w in words)
        if (
            nearest is not None
            and abs(statistics.mean(w.center_y for w in nearest) - centre) < reach
        ):
            attached[id(nearest)].extend(words)
        else:
            order.append(list(words))
    return [make_row(words, columns, find) for words in order]


def make_row(words: list[Word], columns: list[Column], find: Callable[[Word], int]) -> Row:
    label_words = sorted((w for w in words if find(w) == 0), key=lambda w: (w.top, w.x0))
    cells: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: w.x0):
        index = find(word)
        key = columns[index].key
        if index and key:
            cells.setdefault(key, []).append(word.text)
    return Row(
        " ".join(w.text for w in label_words),
        {key: " ".join(parts) for key, parts in cells.items()},
        has_values=len(label_words) < len(words),
    )
