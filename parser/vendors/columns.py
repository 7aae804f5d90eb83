"""A results table's columns, read from its header words' positions.

A header is a block of stacked header-like lines holding a BMD word. Its words are merged
into phrases (told apart by the width of a space in their own type: Courier's is a letter
wide), stacked phrases form one column, and a group header such as "Young-Adult" spans the
"(%)" and "T-Score" columns under it. Each column is then keyed by what its header says
(`bmd`, `t_score`, ... the Measurement field it fills). Two tables whose headers share
their lines are split at the second label column. `vendors/table.py` reads the rows.
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
# A header phrase ending like this is complete ("T - score", "(%)", "BMD (g/cm²)", the label
# column's "Region"): a word after it starts the next column, however tightly the columns
# are set (OCR's wider boxes leave Norland's "Region  BMD" a space apart).
CLOSED_HEADER = re.compile(r"(?:score|region|\))$", re.IGNORECASE)
# Header lines are stacked closer than this many heights (a gap of one line: headers set
# at up to double spacing).
HEADER_LEADING = 1.0
# A `Label:` this many body heights left of the next word is a caption beside the header.
CAPTION_GAP = 6.0
# A line with this many figures is a table row, never a header line (a chart tick is one).
VALUE_LINE_FIGURES = 2
MAX_HEADER_LINES = 4

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
    """A column: its header text, its x-range, and the Measurement field it fills (or
    "label" for the row labels, None for a column no reading uses)."""

    header: str
    x0: float
    x1: float
    key: str | None = None


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
    words = beside_caption(normal_words(line, body), body)
    plain = [w for w in words if not is_figure(w)]
    if not plain or any(w.text.endswith(":") for w in words):
        return False
    left, right = plain[0].x0, plain[-1].x1
    return not any(is_figure(w) and w.x1 > left and w.x0 < right for w in words)


def is_value_line(line: Line, body: float) -> bool:
    """A table row ("Neck Left  0.980  -0.4  0.7"): a label with several figures beside it.
    Header-like by its words, it joins no header, although OCR's tall boxes touch it."""
    return sum(is_figure(w) for w in normal_words(line, body)) >= VALUE_LINE_FIGURES


def beside_caption(words: list[Word], body: float) -> list[Word]:
    """The words right of a caption set far apart on the same line: a `Label:` ("COMMENTS:")
    or a picture's labels with figures ("Ulna 33%  Radius 33%"), printed at the height of a
    header beside them, which a page read by OCR puts on the header's line."""
    start = 0
    for index, (word, after) in enumerate(zip(words, words[1:], strict=False)):
        if after.x0 - word.x1 > CAPTION_GAP * body and any(
            w.text.endswith(":") or is_figure(w) for w in words[start : index + 1]
        ):
            start = index + 1
    return words[start:]


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
        # Below first: the lines under the BMD word are its units and wrapped headers; the
        # lines above may be a title or a caption, and take what room is left.
        for step in (1, -1):
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
                if is_value_line(lines[neighbour], body):
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
