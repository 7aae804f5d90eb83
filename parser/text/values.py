"""Value mentions: result numbers, each given a kind (T, Z, BMD, %YA, %AM) by unit or label.

A kind is a `ValueKind` (`parser.model`): the Measurement field the value fills.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dxa.parser.dates import DATE_RE
from dxa.parser.model import PERCENT_OF_REFERENCE_MAX, Side, ValueKind
from dxa.parser.numbers import BMD_UNIT, SBMD_UNIT, parse_bmd, parse_score
from dxa.parser.text.modifiers import dismissing
from dxa.parser.vocab import SIDE_NAMES, SIDE_WORDS

if TYPE_CHECKING:
    from dxa.parser.text.sites import SiteMention

PLAUSIBLE_SCORE = 7.0

SCORE_KINDS: tuple[ValueKind, ...] = ("t_score", "z_score")
PERCENT_KINDS: tuple[ValueKind, ...] = ("young_adult_percent", "age_matched_percent")
# A score named by its letter ("T -2.1", "-1.9 (Z)").
SCORE_LETTERS: dict[str, ValueKind] = {"t": "t_score", "z": "z_score"}


# Value mentions

LABEL_RE = re.compile(
    r"(?P<t_score>\bT[\s\-]?scores?\b|\bT\s*[:=]|\bT(?=\s*(?:[-+]|(?:minus|negative|plus)\s+)?\d)|\bT\b(?=\s*(?:of|is|was|:)))"
    r"|(?P<z_score>\bZ[\s\-]?scores?\b|\bZ\s*[:=]|\bZ(?=\s*(?:[-+]|(?:minus|negative|plus)\s+)?\d)|\bZ\b(?=\s*(?:of|is|was|:)))"
    r"|(?P<bmd>\bBMD\b|\bbone\s+(?:mineral\s+)?density\b|\bdensity\b|\bDMO\b)"
    r"|(?P<young_adult_percent>\byoung[\s\-]+(?:adult|normal)|%\s*YA\b|\bYA\s*%?|\bpeak\s+bone\s+mass)"
    r"|(?P<age_matched_percent>\bage[\s\-]*matched|%\s*AM\b|\bAM\s*%|\bexpected\s+for\s+age)"
    r"|(?P<other>\bBMI\b|\bheight\b|\bweight\b|\bage\b|\bBMC\b|\barea\b|\bversion\b|\bv(?=\d)|\bS/?N\b|\bserial\b|\bTBS\b|\btrabecular\b|\bLSC\b|\bprecision\b|\bFRAX\b)",
    re.IGNORECASE,
)
VALUE_NUMBER_RE = re.compile(
    rf"(?:(?<![\d.,])(?:-|\+|\bminus\s+|\bplus\s+|\bnegative\s+)|(?<![\w.,+\-]))"
    rf"\d{{1,3}}(?:[.,]\d{{1,4}})?(?![\d]|[.,]\d)"
    rf"(?P<unit>\s*(?:{BMD_UNIT}|{SBMD_UNIT}|%|-?\s*(?:years?|yrs?|yo|y/o|kg|kgs|lbs?|pounds|cm|mm|in(?=\s*(?:[.,;)]|$))|inches|ft|feet|months?|mos?|weeks?|days?|mg|mcg|iu|units|times|cigarettes|drinks)\b))?",
    re.IGNORECASE,
)
LABEL_GAP_RE = re.compile(
    r"^(?:[\s:=(,]|\.{2,}|…)*(?:(?:is|was|were|of|measures?|measured|measuring|at|=|value|score|scores|reading|in\s+the\s+range\s+of|approximately|approx\.?|about|~|g/cm2|remains?|now|currently|today|calculated|reported)[\s:=(,]*)*$",
    re.IGNORECASE,
)


VALUE_SIDE_RE = re.compile(
    rf"\s*(?:g/cm2\s*)?(?:on\s+the\s+|\(\s*)({SIDE_NAMES}|(?-i:L|R)(?=\s*\)))\b"
    r"(?!\s+(?:femoral|femur|hip|total|neck|forearm|radius))",
    re.IGNORECASE,
)


# "T-scores: right -1.9, left -2.2": a side word right before the value.
# "... the left is -2.3": an elliptical clause naming only the side.
SIDE_BEFORE_VALUE_RE = re.compile(
    rf"(?:^|[\s,;(/])({SIDE_NAMES}|(?-i:L|R))\.?(?:\s+(?:side\s+)?(?:is|was|measures|measured))?"
    r"(?:\s+[TZ](?:[\s\-]?scores?)?)?\s*[:=]?\s*$",
    re.IGNORECASE,
)


@dataclass
class ValueMention:
    start: int
    end: int
    kind: str  # a ValueKind; LSC mentions (lsc.py) carry their unit instead
    value: float
    # "-2.4 on the left": a side named after the value, for a site named without one.
    side: Side | None = None


def find_values(sentence: str, warnings: list[str]) -> list[ValueMention]:
    """Every result number in a sentence, each given a kind by its unit or nearest label."""
    labels = list(LABEL_RE.finditer(sentence))
    dates = [(m.start(), m.end()) for m in DATE_RE.finditer(sentence)]
    values: list[ValueMention] = []
    for number in VALUE_NUMBER_RE.finditer(sentence):
        if _inside_date_or_region(sentence, number, dates):
            continue
        kind = _kind_of(sentence, number, labels)
        if kind is None:
            continue
        before = sentence[max(0, number.start() - 40) : number.start()]
        if dismissing(sentence, number.start(), number.end(), ("forward",)):
            continue
        if dismissing(sentence, number.start(), number.end(), ("backward",)) and not (
            re.search(r"\bfrom\s*$", before, re.I)
            or BMD_CHANGE_RE.match(token_and_after(sentence, number))
        ):
            continue  # "from -1.8 to -2.1" and "0.801 to 0.818 g/cm2" are then and now
        token = sentence[number.start() : number.end()]
        value = _value_of(kind, token, number)
        if value is None:
            if kind == "sbmd":
                warnings.append(
                    "A standardized BMD in mg/cm² was left out: it is not a BMD in g/cm²."
                )
            continue
        side = SIDE_BEFORE_VALUE_RE.search(
            sentence[max(0, number.start() - 20) : number.start()]
        ) or VALUE_SIDE_RE.match(sentence, number.end())
        values.append(
            ValueMention(
                number.start(),
                number.end(),
                kind,
                value,
                SIDE_WORDS[side[1].lower()] if side else None,
            )
        )
    return values


# "0.801 to 0.818 g/cm2" is a BMD then and now, not a range: thresholds are never BMDs.
BMD_CHANGE_RE = re.compile(r"\d[.,]\d{3}\s*(?:to|->|→)\s*\d[.,]\d{3}")


BMD_UNIT_AFTER_PAIR_RE = re.compile(
    rf"\d[.,]\d{{3}}\s*(?:to|->|→)\s*\d[.,]\d{{3}}\s*{BMD_UNIT}", re.IGNORECASE
)


def token_and_after(sentence: str, number: re.Match) -> str:
    return sentence[number.start() : number.end() + 30]


def _inside_date_or_region(sentence: str, number: re.Match, dates: list[tuple[int, int]]) -> bool:
    """Digits of a date ("04/11/2022") or of a vertebra ("L1", "L1-4") are not values."""
    if any(start <= number.start() < end for start, end in dates):
        return True
    before = sentence[max(0, number.start() - 4) : number.start()]
    return number[0][:1].isdigit() and bool(re.search(r"[LT]$|[LT]\d\s*-\s*$", before))


LABEL_AFTER_RE = re.compile(
    r"\s*(?:\(\s*([TZ])(?:[\s\-]?score)?\s*\)|([TZ])(?:[\s\-]?score)?(?=\s*(?:[/,;|)]|$)))",
    re.IGNORECASE,
)


def _kind_of(sentence: str, number: re.Match, labels: list[re.Match]) -> str | None:
    """Kind of a number: by its unit, else the label right before it, else a label right
    after it (`-1.9 (T)`, `-1.9 T /`), else the label that governs the sentence so far
    (`T-scores: spine -1.2, neck -2.0`); a percentage by the label next to it."""
    unit = (number["unit"] or "").strip().lower()
    if unit == "%":
        following = next((lb for lb in labels if lb.start() >= number.end()), None)
        if (
            following
            and following.lastgroup in PERCENT_KINDS
            and re.fullmatch(
                r"[\s(]*(?:of\s+)?(?:the\s+)?", sentence[number.end() : following.start()]
            )
        ):
            return following.lastgroup
        previous = [lb for lb in labels if lb.end() <= number.start()]
        if (
            previous
            and previous[-1].lastgroup in PERCENT_KINDS
            and LABEL_GAP_RE.match(sentence[previous[-1].end() : number.start()])
        ):
            return previous[-1].lastgroup
        return None
    if unit:
        if re.match(SBMD_UNIT, unit, re.IGNORECASE):
            return "sbmd"  # not a kind the record keeps: refused, with a warning
        if re.match(BMD_UNIT, unit, re.IGNORECASE):
            return "bmd"
        return None
    if BMD_CHANGE_RE.match(sentence, number.start()) and BMD_UNIT_AFTER_PAIR_RE.match(
        sentence, number.start()
    ):
        return "bmd"  # "0.850 to 0.880 g/cm2": the first BMD of the pair takes the unit too
    previous = [lb for lb in labels if lb.end() <= number.start()]
    label = previous[-1] if previous else None
    if label is not None and LABEL_GAP_RE.match(sentence[label.end() : number.start()]):
        return label.lastgroup if label.lastgroup in (*SCORE_KINDS, "bmd") else None
    if after := LABEL_AFTER_RE.match(sentence, number.end()):
        return SCORE_LETTERS[(after[1] or after[2]).lower()]
    if label is None or label.lastgroup == "other":
        return None
    # Listing after a label: only numbers shaped like that label's values, with a decimal.
    token = number[0]
    if "." not in token and "," not in token:
        return None
    signed = re.match(r"[-+]|minus|plus|negative", token, re.I)
    if label.lastgroup in SCORE_KINDS and (signed or re.fullmatch(r"\d[.,]\d", token)):
        return label.lastgroup
    if label.lastgroup == "bmd" and re.fullmatch(r"\d[.,]\d{3}", token):
        return "bmd"
    return None


def _value_of(kind: str, token: str, number: re.Match) -> float | None:
    digits = token[: len(token) - len(number["unit"] or "")]
    if kind in SCORE_KINDS:
        value = parse_score(digits)
        return value if value is not None and abs(value) <= PLAUSIBLE_SCORE else None
    if kind == "bmd":
        return parse_bmd(token)
    if kind in PERCENT_KINDS:
        return percent_value(digits)
    return None


def percent_value(text: str) -> float | int | None:
    """A percent-of-reference value as printed ("79", "81,5"): whole numbers stay whole
    (79, not 79.0); None when the text is no number or out of the record's range."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    if not 0 < value <= PERCENT_OF_REFERENCE_MAX:
        return None
    return int(value) if value.is_integer() else value


def sentence_values(sentence: str, warnings: list[str]) -> list[ValueMention]:
    """All values of a sentence in order: `N SD below the young adult mean` phrases, and the
    other numbers outside them."""
    phrases = find_sd_phrases(sentence)
    numbers = [
        v
        for v in find_values(sentence, warnings)
        if not any(p.start <= v.start < p.end for p in phrases)
    ]
    return sorted(phrases + numbers, key=lambda v: v.start)


def find_sd_phrases(sentence: str) -> list[ValueMention]:
    """`2.6 standard deviations below the young adult mean` is a T-score of -2.6
    (age-matched / expected for age: a Z-score)."""
    found = []
    for match in re.finditer(
        r"(?<![\d.])(\d(?:\.\d{1,2})?)\s*(?:SD|standard\s+deviations?)\s+(below|above)\s+(?:the\s+)?(?:(young|peak|reference)|(age|expected|average\s+for|mean\s+for))",
        sentence,
        re.IGNORECASE,
    ):
        value = float(match[1]) * (-1 if match[2].lower() == "below" else 1)
        kind = "t_score" if match[3] else "z_score"
        found.append(ValueMention(match.start(), match.end(), kind, value + 0.0))
    return found


# ---------------------------------------------------------------------------------------
# Linking values to sites


CHANGE_WORDS_RE = re.compile(
    r"\bchang\w*|\bdecreas\w*|\bincreas\w*|\bloss\b|\bgain\b|\bdifferen\w*|\bdelta\b|%",
    re.IGNORECASE,
)
# Two BMDs set against each other ("0.874 vs 0.842"): which is which is for `history`.
PAIRED_RE = re.compile(r"\bvs\b|\bversus\b|->|→|\bfrom\b|\d\s+to\s+\d", re.IGNORECASE)
BARE_SCORE_RE = re.compile(r"[-+]\d[.,]\d")
BARE_BMD_RE = re.compile(r"\d[.,]\d{3}")
# What may stand between a site and an unlabelled score: "L1 -1.0", "Neck: -2.1", "right -1.4".
BARE_GAP_RE = re.compile(
    rf"[\s:=,)]*(?:\(?\s*(?:{SIDE_NAMES}|l|r)\b\.?\s*\)?[\s:=]*)?", re.IGNORECASE
)
SIDE_ONLY_GAP_RE = re.compile(rf"(?:^|.*[,;]\s*)(?:{SIDE_NAMES})\b\.?[\s:=]*", re.IGNORECASE)


BMD_IN_CHANGE_LINE = frozenset({"change_line"})  # the rule a BMD-shaped number is exempt from
BMD_VERB_GAP_RE = re.compile(
    r"[\s,]*(?:(?:values?|bmds?)\s+)?(?:(?:is|are|was|were|measures?|measured|measuring|of)\s+)+",
    re.IGNORECASE,
)
LIST_GAP_RE = re.compile(r"\s*(?:,|and|&)\s*(?:,|and|&)?\s*", re.IGNORECASE)


def _measured_bmd(
    sentence: str, number: re.Match, site_before: list[SiteMention], found: list[ValueMention]
) -> bool:
    """A three-decimal number a verb gives to a site ("the left femoral neck and left total hip
    measure 0.781 and 0.822", "the femoral neck is 0.768"), or listed right after one."""
    if site_before and BMD_VERB_GAP_RE.fullmatch(sentence[site_before[-1].end : number.start()]):
        return True
    last = found[-1] if found else None
    return bool(
        last
        and last.kind == "bmd"
        and (not site_before or site_before[-1].end <= last.start)
        and LIST_GAP_RE.fullmatch(sentence[last.end : number.start()])
    )


# The bare-score kind of a report that names neither T nor Z: read as T, and said so.
ASSUMED_T = "assumed_t"
ASSUMED_T_WARNING = (
    "Scores printed without a T or Z label were read as T-scores (the adult convention)."
)


def bare_kind_of(text: str) -> str | None:
    """What an unlabelled signed score means in this report: the one score kind it names, or a
    T-score when it names none (the adult convention) unless it is about a young patient."""
    names_t = re.search(r"\bT[\s\-]?scores?\b", text, re.IGNORECASE)
    names_z = re.search(r"\bZ[\s\-]?scores?\b", text, re.IGNORECASE)
    if names_t and not names_z:
        return "t_score"
    if names_z and not names_t:
        return "z_score"
    young = re.search(
        r"premenopausal|pre-menopausal|child|adolescent|pediatric|paediatric", text, re.I
    )
    return ASSUMED_T if not (names_t or names_z or young) else None


def bare_values(
    sentence: str,
    mentions: list[SiteMention],
    labelled: list[ValueMention],
    score_kind: str | None,
    warnings: list[str],
) -> list[ValueMention]:
    """Unlabelled values right after a site or a side word, by their shape: a signed
    one-decimal number is a score of the report's kind (`L1 -1.0, L2 -1.2`, `femoral necks:
    right -1.4, left -1.7`; left out with a warning when that kind is unsure), a number with
    three decimals a BMD (`FN 0.680 (T -1.9)`)."""
    found: list[ValueMention] = []
    changes = bool(CHANGE_WORDS_RE.search(sentence))
    for number in VALUE_NUMBER_RE.finditer(sentence):
        kind = _bare_kind(number, score_kind)
        if kind is None or any(v.start <= number.start() < v.end for v in labelled):
            continue
        if changes and (kind != "bmd" or PAIRED_RE.search(sentence)):
            continue  # "Change: spine -3.2" is a change; "L1-L4 0.774 change +3.5%" a BMD

        before = sentence[max(0, number.start() - 40) : number.start()]
        # A three-decimal BMD in a sentence that also states a change is still a BMD
        # ("L1 to L4 0.840, so there has been a fall of 3.3%"); "by 0.031" stays a change.
        unsigned_bmd = kind == "bmd" and not number[0].startswith(("-", "+"))
        ignored = BMD_IN_CHANGE_LINE if unsigned_bmd else frozenset()
        if dismissing(sentence, number.start(), number.end(), ignoring=ignored):
            continue
        if _other_label_before(before):
            continue  # "TBS (L1-L4): 1.198", "BMI 20.8"
        site_before = [m for m in mentions if m.end <= number.start()]
        next_to_site = bool(site_before) and BARE_GAP_RE.fullmatch(
            sentence[site_before[-1].end : number.start()]
        )
        if not (
            next_to_site
            or (site_before and SIDE_ONLY_GAP_RE.fullmatch(before))
            or (kind == "bmd" and _measured_bmd(sentence, number, site_before, found))
        ):
            continue
        if kind == "unsure":
            warnings.append(f"A score of {number[0]} was given without saying T or Z; left out.")
            continue
        if kind == ASSUMED_T:
            kind = "t_score"
            if ASSUMED_T_WARNING not in warnings:
                warnings.append(ASSUMED_T_WARNING)
        side = SIDE_BEFORE_VALUE_RE.search(sentence[max(0, number.start() - 20) : number.start()])
        value = parse_bmd(number[0]) if kind == "bmd" else parse_score(number[0])
        if value is not None:
            side_value = SIDE_WORDS[side[1].lower()] if side else None
            found.append(ValueMention(number.start(), number.end(), kind, value, side_value))
    return found


def _other_label_before(before: str) -> bool:
    """Whether the last label before a number names something other than a result."""
    labels = list(LABEL_RE.finditer(before))
    return bool(labels) and labels[-1].lastgroup == "other"


def _bare_kind(number: re.Match, score_kind: str | None) -> str | None:
    """What an unlabelled number's shape makes it: "bmd", the score kind, "unsure" or None."""
    if number["unit"]:
        return None
    if BARE_SCORE_RE.fullmatch(number[0]):
        return score_kind or "unsure"
    return "bmd" if BARE_BMD_RE.fullmatch(number[0]) else None
