"""FRAX 10-year probabilities and the trabecular bone score."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dxa.parser.model import TBS_MAX, TBS_MIN, Frax
from dxa.parser.text.context import CORRECTION_RE, ORIGINAL_RE
from dxa.parser.text.modifiers import dismissing
from dxa.parser.text.segment import cells

# ---------------------------------------------------------------------------------------
# FRAX and TBS

FRAX_CONTEXT_RE = re.compile(
    r"frax|10[\s-]*y(?:ea)?r|ten[\s-]*year|probability|fracture risk", re.IGNORECASE
)
PERCENT_RE = re.compile(r"(?<![\d.])(\d{1,2}(?:[.,]\d{1,2})?)\s*%")
FRAX_LABEL_RE = re.compile(
    r"(?P<mof>major\s+osteoporotic|major\s+(?:fracture|osteoporosis)|\bMOF\b|\bmajor\b"
    r"|osteopor[oó]tica\s+ma[iy]or|\bma[iy]or\b)"  # Spanish, Portuguese
    r"|(?P<hip>hip(?:\s+fracture)?|\bHF\b|\bcadera\b|\bquadril\b)",
    re.IGNORECASE,
)


# What a FRAX statement says it was computed with: a figure "with BMD" is the exam's result,
# one "without BMD" (clinical risk factors only, e.g. the GP's before the scan) is not.
WITH_BMD_RE = re.compile(
    r"\bwith\s+(?:the\s+)?(?:FN\s+|femoral\s+neck\s+|hip\s+)?BMD\b|\bincluding\s+(?:the\s+)?BMD\b|\bBMD[\s-]+adjusted\b|\(FN BMD",
    re.I,
)
WITHOUT_BMD_RE = re.compile(
    r"\b(?:without|no)\s+(?:the\s+)?BMD\b|\bpre[\s-]?(?:scan|DXA)\b|\bclinical\s+risk\s+factors\s+only|\bCRF\s+only\b|\bonline\s+FRAX\b",
    re.I,
)
OTHER_TOOL_RE = re.compile(r"\b(?:garvan|q-?fracture|caroc)\b", re.I)
# A figure the report says it adjusted (for glucocorticoid dose, TBS) is the one it uses, over
# the same figure unadjusted.
ADJUSTED_RE = re.compile(
    r"(?<!un)(?<!un-)\b(?:glucocorticoid|steroid|GC|TBS|dose)[\s-]*adjusted\b"
    r"|(?<!un)(?<!not\s)\badjusted\s+(?:for\s+)?(?:glucocorticoid|steroid|GC|prednis\w*|TBS|trabecular)",
    re.I,
)
TIERS = {"without_bmd": 0, "unqualified": 1, "with_bmd": 2, "adjusted": 3}


@dataclass
class FraxStatements:
    """Every percentage read as a FRAX probability, by kind, with what it says about itself."""

    # kind -> (value, qualification tier, stated in a correction)
    found: dict[str, list[tuple[float, int, bool]]] = field(default_factory=dict)

    def add(self, kind: str, value: float, tier: int, corrected: bool) -> None:
        self.found.setdefault(kind, []).append((value, tier, corrected))

    def values(self, kind: str) -> set[float]:
        return {value for value, _, _ in self.found.get(kind, [])}

    def choose(self, kind: str) -> tuple[float | None, set[float]]:
        """The kind's value: the last correction's, else the best-qualified one; several
        different values at the best qualification are a conflict (None, the values)."""
        statements = self.found.get(kind, [])
        corrections = [value for value, _, corrected in statements if corrected]
        if corrections:
            return corrections[-1], set()
        if not statements:
            return None, set()
        best = max(tier for _, tier, _ in statements)
        values = {value for value, tier, _ in statements if tier == best}
        return (values.pop(), set()) if len(values) == 1 else (None, values)


def find_frax(sentences: list[str], whole_text: str, collector=None) -> Frax | None:
    """FRAX 10-year probabilities (major osteoporotic, hip) from sentences that state them.

    A percentage a modifier rule dismisses (a threshold, "not 8.2%") is none of them. Of
    several, an addendum's correction wins, then a figure "with BMD" over an unqualified
    one over one "without BMD"; different figures left tied are a conflict, said through
    `collector` (a review reason), not guessed."""
    statements = FraxStatements()
    document_has_frax = bool(re.search(r"frax", whole_text, re.IGNORECASE))
    correcting = False
    in_block = False  # under a FRAX heading, until a blank line: "| MAJOR OSTEOPOROTIC | 32% |"
    heading_tier = TIERS["unqualified"]
    stated_before = False  # the sentence before stated a FRAX probability
    for sentence in sentences:
        correcting = (correcting or bool(CORRECTION_RE.match(sentence))) and not ORIGINAL_RE.match(
            sentence
        )
        under_heading = in_block and bool(FRAX_LABEL_RE.search(sentence))
        if not in_block and opens_frax_block(sentence):
            heading_tier = _tier(sentence, TIERS["unqualified"])
        in_block = bool(sentence.strip()) and (in_block or opens_frax_block(sentence))
        if not (FRAX_CONTEXT_RE.search(sentence) or document_has_frax):
            continue
        continues = stated_before and bool(FRAX_LABEL_RE.match(sentence.strip()))
        stated_before = False
        if not (
            under_heading
            or continues  # "FRAX: MOF 6.8 % | HIP 1.1 %": the cell after the pipe
            or re.search(r"fracture|frax|\bMOF\b", sentence, re.IGNORECASE)
        ):
            continue
        if OTHER_TOOL_RE.search(sentence) and not re.search(r"frax", sentence, re.I):
            continue  # Garvan, QFracture, CAROC: another tool's risk, not FRAX
        if re.search(
            r"thresholds?\s*(?:are|:|\()|recommend\w*\s+(?:when|if)|treat\w*\s+(?:when|if)",
            sentence,
            re.I,
        ):
            continue
        sentence = with_declared_percents(sentence)
        labels = list(FRAX_LABEL_RE.finditer(sentence))
        tier = _tier(sentence, heading_tier if under_heading else TIERS["unqualified"])
        for number in PERCENT_RE.finditer(sentence):
            if dismissing(sentence, number.start(), number.end(), ("forward", "backward")):
                continue
            if names_a_site(sentence, number):
                continue  # "the one-third (33%) radius": part of a site's name
            kind = _frax_kind(sentence, number, labels)
            if kind is not None:
                statements.add(kind, float(number[1].replace(",", ".")), tier, correcting)
                stated_before = True
    values: dict[str, float] = {}
    for kind, name in (("mof", "major osteoporotic"), ("hip", "hip")):
        value, conflicting = statements.choose(kind)
        if value is not None:
            values[kind] = value
            if collector is not None:  # the figures it won over are explained, not unread
                collector.dismiss(statements.values(kind) - {value}, "superseded")
        elif conflicting and collector is not None:
            collector.conflict(f"FRAX {name} fracture probabilities", conflicting)
    if not values:
        return None
    return Frax(major_osteoporotic=values.get("mof"), hip=values.get("hip"))


PERCENT_UNIT_RE = re.compile(r"\(\s*%\s*\)|\(\s*percent\s*\)|\bin\s+%", re.IGNORECASE)
LABELLED_BARE_RE = re.compile(
    rf"(?:{FRAX_LABEL_RE.pattern})\s*[:=]?\s*(?<![\d.])(\d{{1,2}}[.,]\d{{1,2}}|\d{{1,2}})(?![\d.,%])(?!\s*%)",
    re.IGNORECASE,
)


def with_declared_percents(sentence: str) -> str:
    """ "MOF 5.2 / hip 1.4 (%)": a unit said once for the line is each labelled figure's; a
    FRAX line that gives both probabilities bare ("FRAX: MOF 24  Hip 9.1") means percents."""
    if not (PERCENT_UNIT_RE.search(sentence) or _bare_frax_pair(sentence)):
        return sentence
    return LABELLED_BARE_RE.sub(lambda m: m[0] + "%", sentence)


def _bare_frax_pair(sentence: str) -> bool:
    if "%" in sentence or not re.match(r"\W*FRAX\b", sentence, re.I):
        return False
    kinds = {"mof" if m["mof"] else "hip" for m in LABELLED_BARE_RE.finditer(sentence)}
    return kinds == {"mof", "hip"}


SITE_PERCENT_AFTER_RE = re.compile(r"\s*\)?\s*(?:distal\s+)?(?:radius|radial|forearm|ulna)\b", re.I)
SITE_PERCENT_BEFORE_RE = re.compile(r"\b(?:radius|radial|forearm|ulna)\s*\(?\s*$", re.I)


def names_a_site(sentence: str, number: re.Match) -> bool:
    """A percentage that is part of a forearm site's name (`33% radius`, `Radius 33%`)."""
    return bool(
        SITE_PERCENT_AFTER_RE.match(sentence, number.end())
        or SITE_PERCENT_BEFORE_RE.search(sentence[: number.start()])
    )


def _tier(sentence: str, default: int) -> int:
    if ADJUSTED_RE.search(sentence):
        return TIERS["adjusted"]
    if WITHOUT_BMD_RE.search(sentence) and not WITH_BMD_RE.search(sentence):
        return TIERS["without_bmd"]
    if WITH_BMD_RE.search(sentence) and not WITHOUT_BMD_RE.search(sentence):
        return TIERS["with_bmd"]
    return default


def opens_frax_block(line: str) -> bool:
    """A FRAX heading whose own line states no probability (`FRAX-UK (FN BMD):`): the lines
    under it, up to a blank line, are its rows."""
    return bool(re.search(r"\bfrax\b", line, re.IGNORECASE)) and not PERCENT_RE.search(line)


def frax_block_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines under a FRAX heading, up to a blank line."""
    inside, found = False, set()
    for index, line in enumerate(lines):
        if inside and line.strip():
            found.add(index)
        inside = bool(line.strip()) and (inside or opens_frax_block(line))
    return found


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


TABLE_RULE_RE = re.compile(r"[|\-=+:\s]+")
TABLE_VALUE_RE = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*%?")
KIND_WORDS = {"mof": "major osteoporotic", "hip": "hip"}


def _kind_header(row: list[str]) -> list[str] | None:
    """ "| FRAX 10-yr probability | Major osteoporotic | Hip |": the kinds of its columns."""
    if len(row) < 3 or not re.search(r"\bfrax\b", row[0], re.I):
        return None
    kinds = []
    for cell in row[1:]:
        match = FRAX_LABEL_RE.fullmatch(re.sub(r"\s*\(\s*%\s*\)|\s+fracture$", "", cell.strip()))
        if match is None:
            return None
        kinds.append(match.lastgroup or "")
    return kinds if len(set(kinds)) == len(kinds) else None


def frax_table_rows(lines: list[str]) -> list[str]:
    """A FRAX table whose columns are the kinds and whose rows say how each figure was
    computed ("With femoral neck BMD | 27% | 8.9%", "Intervention threshold | 14% | 3%"):
    each row rewritten as the sentence it stands for, so one reader judges them all."""
    rewritten = list(lines)
    kinds: list[str] | None = None
    for index, line in enumerate(lines):
        row = cells(line)
        if kinds is not None and TABLE_RULE_RE.fullmatch(line or " "):
            if not line.strip():
                kinds = None
            continue
        if kinds is not None:
            values = [TABLE_VALUE_RE.fullmatch(c.strip()) for c in row[1:]]
            if len(row) == len(kinds) + 1 and all(values):
                figures = ", ".join(
                    f"{KIND_WORDS[kind]} {value[1]}%"
                    for kind, value in zip(kinds, values, strict=True)  # type: ignore[index]
                )
                rewritten[index] = f"FRAX {row[0].strip()}: {figures}."
                continue
            kinds = None
        kinds = _kind_header(row)
    return rewritten


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
    return value if TBS_MIN < value < TBS_MAX else None
