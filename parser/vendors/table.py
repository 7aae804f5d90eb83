"""Read result tables from word positions: the one table reader every vendor layout uses.

A table is found by its header (`vendors/columns.py`: the columns take their x-ranges from
the header words), rows are grouped by y and each row's cells are read by column. Nothing
depends on the order of text in the content stream, and words outside the table's columns
(chart axes, footnotes, image labels) never reach a cell. A long row label may run on past
the label column's boundary; a wrapped label joins the value line it flanks.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from dxa.parser.document import Line, Page, Word, group_lines
from dxa.parser.ocr.confusions import undo_vertebra_confusions
from dxa.parser.vendors.columns import (
    Column,
    body_height,
    column_finder,
    header_blocks,
    header_columns,
    normal_words,
    phrase_gap,
    side_by_side,
)

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
        # By its middle: the boxes OCR draws round words are taller than the glyphs, so a
        # first row's box may reach up into the header's (in a text layer, no difference).
        if (line.top + line.bottom) / 2 < header_bottom or line.top >= limit:
            continue
        words = [w for w in normal_words(line, body) if left <= w.center_x <= right]
        if not words:
            continue
        if words[0].top - previous_bottom > ROW_GAP * body:
            break
        long_labels.update(label_overflow(words, by_position))
        if page.ocr:  # what OCR made of marks under columns no reader reads ("*****")
            words = [w for w in words if find(w) == 0 or columns[find(w)].key is not None]
            if not words:
                continue
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
    # Line by line, then left to right: OCR boxes on one line differ in top ("Both" may
    # start lower than "33%", which read as "33% Both" names the radius, not both bones).
    label_words = [w for line in group_lines(w for w in words if find(w) == 0) for w in line.words]
    cells: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: w.x0):
        index = find(word)
        key = columns[index].key
        if index and key:
            cells.setdefault(key, []).append(word.text)
    label = " ".join(w.text for w in label_words)
    return Row(
        undo_vertebra_confusions(label) or label,
        {key: " ".join(parts) for key, parts in cells.items()},
        has_values=len(label_words) < len(words),
    )
