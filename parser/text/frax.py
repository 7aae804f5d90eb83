"""FRAX 10-year probabilities and the trabecular bone score."""

from __future__ import annotations

import re

from dxa.parser.model import Frax
from dxa.parser.text.context import CORRECTION_RE
from dxa.parser.text.modifiers import dismissing

# ---------------------------------------------------------------------------------------
# FRAX and TBS

FRAX_CONTEXT_RE = re.compile(
    r"frax|10[\s-]*y(?:ea)?r|ten[\s-]*year|probability|fracture risk", re.IGNORECASE
)
PERCENT_RE = re.compile(r"(?<![\d.])(\d{1,2}(?:[.,]\d{1,2})?)\s*%")
FRAX_LABEL_RE = re.compile(
    r"(?P<mof>major\s+osteoporotic|major\s+(?:fracture|osteoporosis)|\bMOF\b|\bmajor\b)|(?P<hip>hip(?:\s+fracture)?|\bHF\b)",
    re.IGNORECASE,
)


def find_frax(sentences: list[str], whole_text: str) -> Frax | None:
    """FRAX 10-year probabilities (major osteoporotic, hip) from sentences that state them:
    the first stated, or the one an addendum gives after it (a correction); a percentage a
    modifier rule dismisses (a treatment threshold, "not 8.2%") is none of them."""
    values: dict[str, float] = {}
    document_has_frax = bool(re.search(r"frax", whole_text, re.IGNORECASE))
    corrected: set[str] = set()
    correcting = False
    for sentence in sentences:
        correcting = correcting or bool(CORRECTION_RE.match(sentence))
        if not (FRAX_CONTEXT_RE.search(sentence) or document_has_frax):
            continue
        if not re.search(r"fracture|frax|\bMOF\b", sentence, re.IGNORECASE):
            continue
        if re.search(
            r"thresholds?\s*(?:are|:)|recommend\w*\s+(?:when|if)|treat\w*\s+(?:when|if)",
            sentence,
            re.I,
        ):
            continue
        labels = list(FRAX_LABEL_RE.finditer(sentence))
        for number in PERCENT_RE.finditer(sentence):
            if dismissing(sentence, number.start(), number.end(), ("forward", "backward")):
                continue
            kind = _frax_kind(sentence, number, labels)
            if kind is None or (kind in values and not (correcting and kind not in corrected)):
                continue
            values[kind] = float(number[1].replace(",", "."))
            if correcting:
                corrected.add(kind)
    if not values:
        return None
    return Frax(major_osteoporotic=values.get("mof"), hip=values.get("hip"))


def _frax_kind(sentence: str, number: re.Match, labels: list[re.Match]) -> str | None:
    """The label a percentage belongs to: the one right after it ("12% for major ...",
    "15% major" when no label is right before), else the nearest before it, else the
    nearest after it."""
    after = sentence[number.end() : number.end() + 40]
    before = [label for label in labels if label.end() <= number.start()]
    # "15% major": a bare label after the number, unless a label right before claims it.
    labelled_before = (
        bool(before)
        and number.start() - before[-1].end() < 25
        and not re.search(r"%\s*\(?\s*$", sentence[: before[-1].start()])  # "15% major, ..."
    )
    link = r"(?:\(\s*|(?:for|of|risk\s+of|probability\s+of)\s+)" + ("" if labelled_before else "?")
    if match := re.match(
        rf"\s*{link}(?:an?\s+|the\s+)?(?:(major|MOF\b)|(hip))", after, re.IGNORECASE
    ):
        return "mof" if match[1] else "hip"
    chosen = (
        before[-1] if before else next((lb for lb in labels if lb.start() >= number.end()), None)
    )
    if chosen is None:
        return None
    return "mof" if chosen["mof"] else "hip"


def find_tbs(text: str) -> float | None:
    """Trabecular bone score, when the report gives one."""
    match = re.search(
        r"\b(?:TBS|trabecular\s+bone\s+score)\b(?:\s*\(?\s*L\d\s*-\s*L\d\s*\)?)?[^.\d\n]{0,40}?(?<![\d.])(\d[.,]\d{2,3})(?!\d)",
        text,
        re.IGNORECASE,
    )
    if not match:
        return None
    value = float(match[1].replace(",", "."))
    return value if 0.5 < value < 2.5 else None
