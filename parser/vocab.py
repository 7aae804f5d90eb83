"""How reports name sites, sides and spine regions, mapped to contract codes.

The words themselves are data (`parser/text/lexicon/sites.yaml`, `sides.yaml`); this module
loads them and holds the label rules. Every reader (vendor PDF layouts and free text) asks
it, so a new spelling is one lexicon entry and every reader understands it.
"""

from __future__ import annotations

import re
from enum import StrEnum

from dxa.parser.model import Side, Site
from dxa.parser.text import lexicon


class Scan(StrEnum):
    """The scan a table or heading belongs to, which decides what an ambiguous label
    ("Total", "UD") means."""

    spine = "spine"
    hip = "hip"
    forearm = "forearm"
    body = "body"


_SITES = lexicon.load("sites")

# A label that means different sites on different scans: scan -> site.
TOTAL_BY_SCAN: dict[Scan, Site] = {
    Scan(scan): Site(code) for scan, code in _SITES["total_by_scan"].items()
}

# Normalized label -> site (lexicon/sites.yaml; see `normalize_label`).
SITE_ALIASES: dict[str, Site] = {
    label: Site(code) for code, labels in _SITES["sites"].items() for label in labels
}

# Labels whose meaning depends on the scan; without a scan they name no site.
SCAN_DEPENDENT: set[str] = set(_SITES["scan_dependent"])

# Clinicians' shorthand that names a side and a site in one word ("LFN -2.1, RTH -1.4").
SIDED_ALIASES: dict[str, tuple[Site, Side]] = {
    label: (Site(site), Side(side)) for label, (site, side) in _SITES["sided"].items()
}

# Labels naming a whole scan ("left hip"), and short labels trusted only in some places.
GENERAL_LABELS: set[str] = set(_SITES["general"])
SHORT_LABELS: set[str] = set(_SITES["short"])

SIDE_WORDS: dict[str, Side] = {
    word: Side(side) for side, words in lexicon.load("sides").items() for word in words
}

# The left/right words as a regex alternation ("left|right|lft|rgt|lt|rt"), for the free-text
# patterns that find a side in prose; single letters (L, R) each pattern allows on its own.
SIDE_NAMES = lexicon.alternation(
    [w for w, side in SIDE_WORDS.items() if side is not Side.mean and len(w) > 1 and " " not in w]
)
# The words for the mean of both sides ("Mean", "Both", "Avg").
MEAN_NAMES = lexicon.alternation([w for w, side in SIDE_WORDS.items() if side is Side.mean])

_VERTEBRA_RE = re.compile(r"([LT])\s*(\d{1,2})", re.IGNORECASE)
_RANGE_WORDS_RE = re.compile(r"\s*(?:-|–|—|−|\bto\b|\bthrough\b|\bthru\b)\s*", re.IGNORECASE)
_LIST_WORDS_RE = re.compile(r"\s*(?:,|&|/|\band\b|\+)\s*", re.IGNORECASE)
_PIECE_RE = re.compile(r"^([LT])(\d{1,2})(?:-([LT])?(\d{1,2}))?$", re.IGNORECASE)


def normalize_label(label: str) -> str:
    """Lower case, apostrophes dropped, other punctuation (except / and %) to single spaces."""
    text = label.lower().replace("'", "").replace("’", "").replace("`", "")
    text = re.sub(r"[^\w/%]+", " ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"(\d)\s+%", r"\1%", text)
    return " ".join(text.split())


def strip_side_words(label: str) -> tuple[str, Side | None]:
    """Split a normalized label into its site words and the side it names, if any."""
    words = label.split()
    side: Side | None = None
    kept: list[str] = []
    for index, word in enumerate(words):
        # "both" in a forearm label ("Both UD") names radius and ulna, not a side.
        is_forearm_both = word == "both" and index + 1 < len(words)
        if word in SIDE_WORDS and not is_forearm_both and side is None:
            side = SIDE_WORDS[word]
            continue
        kept.append(word)
    # "left sided" / "right sided" leave "sided" behind.
    kept = [w for w in kept if w not in ("sided", "side")]
    return " ".join(kept), side


def canonical_site(label: str, scan: Scan | None = None) -> Site | None:
    """The contract site a report label names, or None when it names none (or is ambiguous).

    `scan` ("spine", "hip", "forearm", "body" or None) decides labels such as "Total".
    A lumbar region ("L1-L4", "L3") names the lumbar spine.
    """
    text = normalize_label(label)
    site_words, _ = strip_side_words(text)
    site_words = site_words.replace("percent", "%").strip()
    if site_words in SITE_ALIASES:
        return SITE_ALIASES[site_words]
    if site_words in SIDED_ALIASES:
        return SIDED_ALIASES[site_words][0]
    if site_words in SCAN_DEPENDENT:
        return TOTAL_BY_SCAN.get(scan or "")
    rest, region = split_spine_region(label)
    if region is not None and (
        not normalize_label(rest) or canonical_site(rest) is Site.lumbar_spine
    ):
        return Site.lumbar_spine
    return None


_TRAILING_REGION_RE = re.compile(
    r"\(?\s*\b([LT]\s?\d[\dLT\s,\-–—−&/+]*|[LT]\d.*)\)?\s*$", re.IGNORECASE
)


def split_spine_region(label: str) -> tuple[str, str | None]:
    """Split "AP Spine (L1-L4)" into ("AP Spine", "L1-L4"); no region -> (label, None)."""
    match = _TRAILING_REGION_RE.search(label)
    if match:
        region = canonical_spine_region(match.group(1))
        if region is not None:
            return label[: match.start()], region
    return label, None


def canonical_spine_region(text: str) -> str | None:
    """A lumbar region in the contract's form ("L1-L4", "L1,L3", "L1-L2,L4", "L3"), or None.

    Accepts "L1-4", "L1 to L4", "L1 through L4", en/em dashes, and lists joined by commas
    or "and". Returns None for anything that is not a clean ascending list of vertebrae.
    """
    cleaned = _RANGE_WORDS_RE.sub("-", text.strip())
    cleaned = _LIST_WORDS_RE.sub(",", cleaned)
    cleaned = re.sub(r"\s+", "", cleaned).strip(",")
    if not cleaned:
        return None
    pieces: list[str] = []  # the vertebrae named, in order
    previous_end = 0
    for piece in cleaned.split(","):
        match = _PIECE_RE.match(piece)
        if not match:
            return None
        letter, first, end_letter, last = match.groups()
        start = _vertebra_index(letter, first)
        stop = _vertebra_index(end_letter or letter, last) if last else start
        if start is None or stop is None or stop < start or start <= previous_end:
            return None
        previous_end = stop
        pieces.extend(_ORDER[start - 1 : stop])
    return region_from_vertebrae(pieces)


# Thoracic T10-T12 then lumbar L1-L5, numbered in order so ranges can be compared.
_ORDER = ["T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5"]


def _vertebra_index(letter: str, number: str) -> int | None:
    name = f"{letter.upper()}{int(number)}"
    return _ORDER.index(name) + 1 if name in _ORDER else None


def _format_piece(start: int, stop: int) -> str:
    first, last = _ORDER[start - 1], _ORDER[stop - 1]
    return first if start == stop else f"{first}-{last}"


def region_vertebrae(region: str) -> list[str]:
    """The individual vertebrae of a contract region: "L1-L2,L4" -> ["L1", "L2", "L4"]."""
    names: list[str] = []
    for piece in region.split(","):
        first, _, last = piece.partition("-")
        start, stop = _ORDER.index(first), _ORDER.index(last or first)
        names.extend(_ORDER[start : stop + 1])
    return names


def region_from_vertebrae(names: list[str]) -> str | None:
    """Join vertebrae into the contract's form: ["L1", "L2", "L4"] -> "L1-L2,L4"."""
    indexes = sorted({_ORDER.index(n) + 1 for n in names if n in _ORDER})
    if not indexes:
        return None
    runs: list[tuple[int, int]] = []
    for index in indexes:
        if runs and index == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return ",".join(_format_piece(a, b) for a, b in runs)


def exclude_vertebrae(region: str, excluded: list[str]) -> str | None:
    """The region left after leaving out vertebrae: ("L1-L4", ["L3"]) -> "L1-L2,L4"."""
    kept = [v for v in region_vertebrae(region) if v not in set(excluded)]
    return region_from_vertebrae(kept)
