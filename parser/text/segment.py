"""Segments: the cleaned lines of a report, joined where wrapped, split into sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from dxa.parser.limits import MAX_LINE_CHARS, MAX_LINES
from dxa.parser.numbers import MINUS_CHARS
from dxa.parser.text import lexicon
from dxa.parser.text.field_records import rewrite_field_records
from dxa.parser.text.spoken import write_spoken
from dxa.parser.vocab import MEAN_NAMES


def clean_text(text: str, keep_columns: bool = False) -> list[str]:
    """Lines of the text, NFKC-normalized, minus signs unified, spoken values written as digits
    (`spoken`), `.812` written 0.812, control characters removed.

    Runs of spaces are collapsed unless `keep_columns` (they align table columns)."""
    return column_lines(text) if keep_columns else collapsed(column_lines(text))


def column_lines(text: str) -> list[str]:
    """The cleaned lines with their runs of spaces kept (they align table columns)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(f"[{MINUS_CHARS}]", "-", text)
    text = write_spoken(text)
    text = re.sub(r"(?<![\w.])\.(\d{3})(?![\d.])", r"0.\1", text)  # "BMD .812" is 0.812
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = align_tab_tables(text).expandtabs(8)  # other tabs: tab stops keep columns aligned
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    text = unbracket_fields(rewrite_field_records(text))
    return [
        without_both_hips(line.rstrip()[:MAX_LINE_CHARS]) for line in text.split("\n")[:MAX_LINES]
    ]


MEAN_LABEL_RE = re.compile(rf"\b(?:{MEAN_NAMES})\b", re.IGNORECASE)
BOTH_HIPS_RE = re.compile(
    r"\(\s*(?:of\s+)?(?:both\s+(?:hips|sides|femurs|femora)|bilateral)\s*\)", re.IGNORECASE
)


def without_both_hips(line: str) -> str:
    """ "MEAN FEMORAL NECK (BOTH HIPS): 0.580": the bracket repeats the mean and names no site
    of its own, so it is blanked (column positions kept)."""
    match = BOTH_HIPS_RE.search(line)
    if not match or not MEAN_LABEL_RE.search(line, 0, match.start()):
        return line
    return line[: match.start()] + " " * len(match[0]) + line[match.end() :]


CELL_GAP_RE = re.compile(r"\s{2,}|\s*\|\s*|\t")


def cells(line: str) -> list[str]:
    """A table line's cells: text between runs of two or more spaces, tabs or pipes."""
    return [cell for cell in CELL_GAP_RE.split(line.strip().strip("|")) if cell.strip()]


def collapsed(lines: list[str]) -> list[str]:
    """The same lines with each run of spaces made one (prose reads the same either way)."""
    return [re.sub(r"\s+", " ", line).rstrip() for line in lines]


def align_tab_tables(text: str) -> str:
    """Consecutive lines that split into the same number of tab-separated cells are a table:
    each cell is padded to its column's width, so columns line up as they would on screen
    (tab stops alone misalign cells wider than a stop: `27/02/2025` under `Site`)."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and "\t" in lines[end]:
            end += 1
        if end == index:
            out.append(lines[index])
            index += 1
            continue
        out.extend(_aligned(lines[index:end]))
        index = end
    return "\n".join(out)


def _aligned(block: list[str]) -> list[str]:
    rows = [re.split(r"\t+", line.rstrip("\t ")) for line in block]
    counts = [len(r) for r in rows]
    # A header's empty cell (`Young-Adult<tab><tab>Age-Matched` over `(%)  T-score  (%)`) is
    # kept where the row then still has no more cells than the table.
    rows = [
        single if len(r) < len(single := line.rstrip("\t ").split("\t")) <= max(counts) else r
        for r, line in zip(rows, block, strict=True)
    ]
    if len(block) < 2 or max(counts) < 3 or counts.count(max(counts)) < len(rows) - 1:
        return block
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(max(counts))]
    return ["   ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]


# A RIS template field: `[AP Spine L1-L4]  [0.842]  [-1.9]`, `[17]%`. Brackets that hold
# no other bracket and no line break; a citation such as "[1]" at a line's end stays.
TEMPLATE_FIELD_RE = re.compile(r"\[([^\[\]\n]{1,80})\]")


def unbracket_fields(text: str) -> str:
    """Template fields read as their content: each bracket becomes a space, so columns stay
    where they were and `[0.842]` reads as the number it holds."""
    return TEMPLATE_FIELD_RE.sub(lambda m: f" {m[1]} ", text)


PIPE_PAIR_RE = re.compile(r"^\s*\|?\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|?\s*$")


def pipe_pair(line: str) -> str:
    """A two-cell pipe row (`| DOB | 1958-01-22 |`) read as `DOB: 1958-01-22`."""
    match = PIPE_PAIR_RE.match(line)
    if match and "|" in line and not re.search(r"\d[.,]\d", match[1]):
        return f"{match[1]}: {match[2]}"
    return line


SECTIONS = lexicon.load("sections")
ABBREVIATIONS = "".join(rf"(?<!\b{re.escape(word)}\.)" for word in SECTIONS["abbreviations"])
# Semicolons do not end a sentence: `T-scores: spine -2.2; neck -1.5` keeps its label; nor
# do dot leaders (`T-score ........ -2.5`).
SENTENCE_SPLIT_RE = re.compile(rf"{ABBREVIATIONS}(?<!\.\.)(?<=[.!?])\s+|\s+\|\s+")


CONNECTOR_END_RE = re.compile(
    r"(?:,|\b(?:the|at|of|and|in|is|are|was|were|with|a|an|for|to|from|by|on|or|measures|measured|measuring|left|right|score|scores|density|BMD))$",
    re.IGNORECASE,
)


def paragraphs(lines: list[str]) -> Iterator[list[str]]:
    """Join lines wrapped in the middle of a sentence; other lines stand alone."""
    current: list[str] = []
    indent = 0
    for line in lines:
        stripped = line.strip()
        # An indented line under a short one is a row under its heading ("Femur, Left" over
        # "  Neck  0.788 ..."), not the wrapped end of a sentence.
        under_heading = (
            len(line) - len(line.lstrip()) > indent and len(current[-1] if current else "") <= 40
        )
        if current and stripped and not under_heading and _continues(current[-1], stripped):
            current[-1] = f"{current[-1]} {stripped}"
            continue
        if current:
            yield current
        current = [stripped]
        indent = len(line) - len(line.lstrip())
    if current:
        yield current


def _continues(previous: str, line: str) -> bool:
    if previous.endswith(";") and line[:1].islower():
        return len(previous) + len(line) <= MAX_LINE_CHARS  # "...(+0.7%);" + "and with ..."
    if not previous or previous.endswith((".", ":", ";", "!", "?")):
        return False
    if len(previous) + len(line) > MAX_LINE_CHARS:
        return False
    wrapped_number = bool(re.match(r"[-+(]?\d", line)) and len(previous) > 50
    # "... right total hip 0.774 g/cm2" + "(T -1.4); mean total hip ...": the bracket goes on
    wrapped_clause = line[:1] in "(,;)" and len(previous) > 50
    # "... showed lumbar spine" + "L1 to L4 0.840, ...": a site wrapped before its region
    wrapped_site = bool(
        re.search(r"\b(?:spine|hip|neck|femur|radius)$", previous, re.I)
        and re.match(r"L\d\b", line)
        and len(previous) > 50
    )
    return bool(
        line[:1].islower()
        or wrapped_number
        or wrapped_clause
        or wrapped_site
        or CONNECTOR_END_RE.search(previous)
    )


def split_sentences(line: str) -> list[str]:
    return [s for s in SENTENCE_SPLIT_RE.split(line) if s and s.strip()]
