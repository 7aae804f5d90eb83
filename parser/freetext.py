"""Dictated and RIS-printed text reports into a Report.

The text is read by general mechanisms rather than by patterns fitted to known phrasings:

1. Clean the text (bounded line length, no control characters, one kind of minus sign).
2. Read small plain-text tables by their header row (`Region BMD T-score Z-score ...`).
3. Split the rest into sentences; in each, find site mentions (from `parser.vocab`) and
   value mentions (numbers given a kind by the nearest label: T-score, Z-score, BMD or unit).
4. Attach each value to a site by one rule: a value followed directly by "at/in/of the" goes
   to the next site; otherwise to the nearest site before it; otherwise to the next site.
   Sites listed together ("both the lumbar spine and femoral neck") share one value, or
   take several values in order.
5. Numbers that are not results are never read as such: quoted definitions (a number after
   "below", "between", "≤" ...), LSC/precision and calibration lines, changes ("by 3%"),
   and numbers with other units (years, kg, cm, %).
6. Sentences comparing with an earlier exam put the earlier values into `previous` (BMD
   only, with the earlier date): `from A to B` (A earlier), values after the comparison
   word in its clause, past-tense clauses after it, values after `Previous exam DATE:`.
7. A sentence with values but no site continues the last site named (`NECK: BMD 0.585.
   T-score -2.4.`); a heading (`LEFT HIP`, `Right hip.`) gives its side and scan (which
   decides what `Total` means) to the lines after it.
8. Sides: before a site, after it (`radius on the left`, `Neck (Left)`), before a value
   (`right -1.4`, `the left is -2.3`), or both (`bilateral`, `-2.2 bilaterally`).
9. Unlabelled values right after a site are read by their shape only: a signed one-decimal
   number is a score of the one kind the report names (T when it names none; a warning when
   it names both), a three-decimal number a BMD.
10. Printed least significant changes (`LSC for the spine is 0.028 g/cm2`, `2.8%`) go to
   `report.lsc`, each to its site by the rule of step 4.

Anything unsure (two different values for one site, a previous value without a date) is
left out and explained in `report.warnings`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from dxa.parser.dates import DATE_PATTERN, DATE_RE, parse_date
from dxa.parser.errors import NoResultsFound, ReportError
from dxa.parser.model import (
    FOREARM_SITES,
    HIP_SITES,
    Exam,
    Frax,
    Measurement,
    Patient,
    PreviousExam,
    PrintedLsc,
    Report,
    Sex,
    Side,
    Site,
    Source,
)
from dxa.parser.numbers import BMD_UNIT, MINUS_CHARS, SBMD_UNIT, parse_bmd, parse_score
from dxa.parser.vocab import (
    SIDE_WORDS,
    SIDED_ALIASES,
    SITE_ALIASES,
    TOTAL_BY_SCAN,
    canonical_spine_region,
    exclude_vertebrae,
    normalize_label,
    region_from_vertebrae,
    region_vertebrae,
)
from pydantic import ValidationError

# Longer lines are cut: no DXA report line is this long, and it bounds every regex's work.
MAX_LINE_CHARS = 1000
MAX_LINES = 5000
# Only this much text is read: a DXA report is a few pages, and it bounds the time spent.
MAX_READ_CHARS = 300_000
# Scores beyond this are not plausible readings (the model allows ±10 for vendor tables).
PLAUSIBLE_SCORE = 7.0

# ---------------------------------------------------------------------------------------
# Cleaning


def clean_text(text: str, keep_columns: bool = False) -> list[str]:
    """Lines of the text, NFKC-normalized, minus signs unified, `.812` written 0.812, control
    characters removed.

    Runs of spaces are collapsed unless `keep_columns` (they align table columns)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(f"[{MINUS_CHARS}]", "-", text)
    text = re.sub(r"(?<![\w.])\.(\d{3})(?![\d.])", r"0.\1", text)  # "BMD .812" is 0.812
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\f", "\n")
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    if not keep_columns:
        text = re.sub(r"[^\S\n]+", " ", text)
    return [line.rstrip()[:MAX_LINE_CHARS] for line in text.split("\n")[:MAX_LINES]]


CRITERIA_RE = re.compile(
    r"criteria|\bWHO\b|World\s+Health|defin(?:e|ed|es|ition)|guideline|recommend\w*\s+(?:for|when|if)|aged\s+\d+\s+(?:and|or)\s+(?:older|over|above)",
    re.IGNORECASE,
)
PIPE_PAIR_RE = re.compile(r"^\s*\|?\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|?\s*$")


def pipe_pair(line: str) -> str:
    """A two-cell pipe row (`| DOB | 1958-01-22 |`) read as `DOB: 1958-01-22`."""
    match = PIPE_PAIR_RE.match(line)
    if match and "|" in line and not re.search(r"\d[.,]\d", match[1]):
        return f"{match[1]}: {match[2]}"
    return line


# ---------------------------------------------------------------------------------------
# Patient and exam facts


def _first(patterns: list[str], text: str, flags: int = re.IGNORECASE) -> re.Match | None:
    for pattern in patterns:
        if match := re.search(pattern, text, flags):
            return match
    return None


LABEL_STOP = r"(?=\s{2,}|\s+(?:DOB|D\.O\.B|Date|Sex|Gender|Age|MRN|ID|Patient ID|Exam|Referring|Height|Weight)\b|$)"


def find_name(lines: list[str]) -> str | None:
    """The name after a `Name:` / `Patient:` label at the start of a line."""
    for line in lines:
        match = re.match(
            rf"\s*(?:patient(?:'s)?\s+name|name|patient|pt(?:\s+name)?)\s*[:#]\s*([A-Za-z][A-Za-z ,.'\-]{{1,60}}?){LABEL_STOP}",
            line,
            re.IGNORECASE,
        )
        if match and not re.search(r"\d", match[1]) and not NOT_A_NAME_RE.search(match[1]):
            return match[1].strip(" ,.") or None
    return None


# What follows "Patient:" in a history line rather than a name.
NOT_A_NAME_RE = re.compile(
    r"\b(?:female|male|woman|man|lady|gentleman|year|old|postmenopausal|history|with|is|has)\b",
    re.IGNORECASE,
)


def find_id(text: str) -> str | None:
    """The patient identifier after an MRN / Patient ID / ID label."""
    match = _first(
        [
            r"\b(?:MRN|medical record(?:\s+(?:number|no\.?|#))?|patient\s+id|pt\s+id|(?:record|hospital|NHS|unit)\s+(?:number|no\.?|#))\s*[:#]?\s*([A-Z0-9][A-Z0-9\-]{2,24})\b",
            r"(?:^|\s)ID\s*[:#]\s*([A-Z0-9][A-Z0-9\-]{2,24})\b",
            r"(?:^|\s)(?-i:ID)\s+([A-Z0-9\-]*\d[A-Z0-9\-]{2,24})\b",  # "Name: ...  ID 5520-118"
        ],
        text,
    )
    return match[1] if match else None


def find_sex(text: str) -> Sex | None:
    """Sex from a `Sex:` label, else from unambiguous words (woman/female vs man/male)."""
    if match := re.search(r"\b(?:sex|gender)\s*[:=]?\s*(female|male|f|m)\b", text, re.IGNORECASE):
        return Sex.female if match[1].lower().startswith("f") else Sex.male
    if match := re.search(
        r"\(\s*([MF])\s*\)|\b([MFmf])\s*,?\s*\d{1,3}\s*(?:y|yo|yrs?|years?)\b"
        r"|(?<![\d/.\-])\b\d{2}\s*([MF])\b|(?<![\w.])([MF])\s+\d{2,3}\b(?![.\d])",
        text,
    ):
        letter = next(group for group in match.groups() if group)
        return Sex.female if letter.upper() == "F" else Sex.male
    female = re.search(
        r"\b(?:female|woman|lady|girl|postmenopausal|perimenopausal|premenopausal|mrs|ms|she|her)\b",
        text,
        re.IGNORECASE,
    )
    male = re.search(r"\b(?:male|man|gentleman|boy|mr|he|his|him)\b", text, re.IGNORECASE)
    if female and not male:
        return Sex.female
    if male and not female:
        return Sex.male
    return None


def find_age(text: str) -> int | None:
    """Age from `Age: 67`, `67-year-old`, `67 yo`, `aged 67`."""
    match = _first(
        [
            r"\bage\s*[:=]\s*(\d{1,3})\b",
            r"\b(\d{1,3})[\s-]*(?:years?|yrs?)[\s-]*old\b",
            r"\b(\d{1,3})\s*(?:yo|y/o|y\.o\.?)(?!\w)",
            r"\baged?\s+(\d{1,3})\b(?!\s*(?:and|or)\s+(?:older|over|above|under|younger))",
            r"\bage\s*(?:\(\s*years?\s*\))?\s*[:=]?\s*(\d{1,3})\b",
            r"(?:^|[,;(]|\b(?:female|male|woman|man|patient))\s*(\d{2,3})\s*(?:years?|yrs?)\b",
            r"(?<![\d/.\-])\b(\d{2})\s*[MF]\b",
            r"(?<![\w.])(?-i:[MF])\s+(\d{2,3})\b(?![.\d])",  # "M 77"
            r"\(\s*(\d{2,3})\s*(?:y|yrs?|years?)\s*\)",
        ],
        text,
    )
    if match and 0 < int(match[1]) <= 120:
        return int(match[1])
    return None


def find_labelled_date(text: str, labels: str) -> dt.date | None:
    """The first date after one of `labels` (a regex alternation)."""
    match = re.search(
        rf"\b(?:{labels})\s*[:=#-]?\s*(?:on\s+)?({DATE_PATTERN})", text, re.IGNORECASE
    )
    return parse_date(match[1]) if match else None


BIRTH_LABELS = r"DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?"
EXAM_LABELS = (
    r"exam(?:ination)?\s+date|date\s+of\s+(?:exam(?:ination)?|study|service|scan|procedure|dxa|dexa)"
    r"|study\s+date|scan\s+date|service\s+date|acquisition\s+date|acquired|dxa\s+date|dexa\s+date"
    r"|(?:exam|study|scan|dxa|dexa)\s+(?:was\s+)?performed(?:\s+on)?|performed\s+on|scanned(?:\s+on)?"
)

VENDOR_WORDS = r"Hologic|GE[\s-]+Lunar|GE\s+Healthcare(?:\s+Lunar)?|Lunar|Norland|Swissray|Osteosys|Stratos|DMS"
MODEL_WORD = r"(?:(?!scanner|densitometer|system|machine|unit|device|was|and|using|with|the|on|at|in|dxa|dexa)[A-Za-z0-9][A-Za-z0-9\-/.]*)"
DEVICE_RE = re.compile(
    rf"\b(?:{VENDOR_WORDS})\b(?:\s+{MODEL_WORD}){{0,3}}(?:\s*\((?:S/?N|serial)[^)]{{0,30}}\))?",
    re.IGNORECASE,
)


NOT_MODEL_WORDS = {
    "bone",
    "densitometer",
    "densitometry",
    "scanner",
    "system",
    "report",
    "summary",
    "female",
    "male",
    "dxa",
    "dexa",
    "software",
    "version",
    "results",
    "exam",
    "reference",
    "patient",
    "date",
    "name",
}


def find_device(sentence: str) -> str | None:
    """The scanner named in a sentence: vendor plus up to three model words (model names
    carry a capital or a digit, so ordinary lower-case words end the name)."""
    match = DEVICE_RE.search(sentence)
    if not match:
        return None
    words = match[0].split()
    kept = words[:1]
    for word in words[1:]:
        in_parenthesis = kept[-1].startswith("(") and not kept[-1].endswith(")")
        if not in_parenthesis and (
            not re.search(r"[A-Z0-9(]", word) or word.lower().strip(".,;:") in NOT_MODEL_WORDS
        ):
            break
        kept.append(word)
        if word.endswith((",", ";", ":")) and not in_parenthesis:
            break  # punctuation ends the name
    return " ".join(kept).strip(" .,;:") or None


REFERENCE_RE = re.compile(
    r"\breference\s*(?:database|population|data|curve)?\s*[:=]\s*([A-Za-z][^\n;]{2,60}?)\s*(?:[.;]\s|[.;]?$)",
    re.IGNORECASE | re.MULTILINE,
)


def find_reference_database(text: str) -> str | None:
    """The reference data the scores were computed against, after a `Reference:` label."""
    match = REFERENCE_RE.search(text)
    if not match or re.search(r"\d[.,]\d", match[1]):
        return None  # a results line, not a reference name
    return match[1].strip()


# ---------------------------------------------------------------------------------------
# FRAX and TBS

FRAX_CONTEXT_RE = re.compile(
    r"frax|10[\s-]*y(?:ea)?r|ten[\s-]*year|probability|fracture risk", re.IGNORECASE
)
THRESHOLD_WORDS_RE = re.compile(
    r"(?:>=?|<=?|≥|≤|at\s+or\s+above|at\s+or\s+below|above|below|exceed\w*|greater\s+than|less\s+than|threshold|or\s+(?:more|greater|higher))\s*$",
    re.IGNORECASE,
)
PERCENT_RE = re.compile(r"(?<![\d.])(\d{1,2}(?:[.,]\d{1,2})?)\s*%")
FRAX_LABEL_RE = re.compile(
    r"(?P<mof>major\s+osteoporotic|major\s+(?:fracture|osteoporosis)|\bMOF\b|\bmajor\b)|(?P<hip>hip(?:\s+fracture)?)",
    re.IGNORECASE,
)


def find_frax(sentences: list[str], whole_text: str) -> Frax | None:
    """FRAX 10-year probabilities (major osteoporotic, hip) from sentences that state them."""
    values: dict[str, float] = {}
    document_has_frax = bool(re.search(r"frax", whole_text, re.IGNORECASE))
    for sentence in sentences:
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
            if THRESHOLD_WORDS_RE.search(sentence[max(0, number.start() - 20) : number.start()]):
                continue
            kind = _frax_kind(sentence, number, labels)
            value = float(number[1].replace(",", "."))
            if kind and kind not in values:
                values[kind] = value
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


# ---------------------------------------------------------------------------------------
# Printed least significant change

LSC_SENTENCE_RE = re.compile(r"\bLSC\b|least[\s\-]+significant[\s\-]+change", re.IGNORECASE)
LSC_VALUE_RE = re.compile(
    rf"(?<![\d.,+\-])(\d{{1,2}}(?:[.,]\d{{1,3}})?)\s*(?:(?P<grams>{BMD_UNIT})|(?P<percent>%))",
    re.IGNORECASE,
)
CHANGE_BEFORE_RE = re.compile(
    r"(?:\bby|(?<!significant\s)\b(?:change|decrease|increase|loss|gain|difference|drop|fall|rise)\s+of)\s*(?:about\s+)?$",
    re.IGNORECASE,
)
# A precision error (CV) is not the LSC itself: "spine CV 1.2%, LSC 0.027 g/cm2".
CV_BEFORE_RE = re.compile(
    r"(?:\bCV|coefficient\s+of\s+variation|precision\s+error)[\s:=(]*(?:of\s+|is\s+)?$",
    re.IGNORECASE,
)
# An LSC is a few hundredths of a g/cm² or a few percent; anything else is another number.
PLAUSIBLE_LSC = {"g/cm2": (0.005, 0.1), "percent": (0.5, 10.0)}


def find_lsc(sentences: list[str], warnings: list[str]) -> list[PrintedLsc]:
    """The least significant change a report prints for its sites ("LSC for the spine is
    0.028 g/cm2", "Precision (LSC): spine 0.025 g/cm2, hip 0.030 g/cm2", "2.8% for the
    spine"): each value goes to its site by the same rule as results."""
    found: dict[tuple[Site, str | None], PrintedLsc] = {}
    for index, sentence in enumerate(sentences):
        if not LSC_SENTENCE_RE.search(sentence):
            continue
        values = _lsc_values(sentence)
        groups = group_sites(sentence, _named_sites(sentence))
        if not groups and index > 0:
            # "... 0.756 g/cm2. This exceeds the LSC of 0.024 g/cm2.": the last site before.
            groups = group_sites(sentences[index - 1], _named_sites(sentences[index - 1]))[-1:]
        linked = link_values(sentence, groups, values)
        for index, group_values in linked.items():
            for value in group_values:
                for mention in groups[index]:
                    assert mention.site is not None
                    region = mention.region if mention.site is Site.lumbar_spine else None
                    unit = "percent" if value.kind == "percent" else "g/cm2"
                    entry = PrintedLsc(
                        site=mention.site, region=region, value=value.value, unit=unit
                    )
                    found.setdefault((mention.site, region), entry)
        if values and not linked:
            warnings.append("A least significant change was printed without its site; left out.")
    return list(found.values())


def _named_sites(sentence: str) -> list[SiteMention]:
    return [m for m in find_site_mentions(sentence, None, True) if m.site is not None]


def _lsc_values(sentence: str) -> list[ValueMention]:
    """The LSC-sized numbers of a sentence, without changes ("decreased by 0.035 g/cm2")."""
    values = []
    for match in LSC_VALUE_RE.finditer(sentence):
        kind = "percent" if match["percent"] else "g/cm2"
        value = float(match[1].replace(",", "."))
        low, high = PLAUSIBLE_LSC[kind]
        before = sentence[max(0, match.start() - 40) : match.start()]
        if (
            low <= value <= high
            and not CHANGE_BEFORE_RE.search(before)
            and not (CV_BEFORE_RE.search(before))
        ):
            values.append(ValueMention(match.start(), match.end(), kind, value))
    return values


# ---------------------------------------------------------------------------------------
# Site mentions

GENERAL_LABELS = {"hip", "hips", "femur", "proximal femur", "forearm", "spine", "lumbar"}
# Short labels that are words or abbreviations in prose: only trusted in capitals or as a
# line's first word (a table row or a `UD: ...` line).
SHORT_LABELS = {"ls", "th", "tb", "fn", "ud", "mid", "inter", "body", "1/3", "33%", "total"}


def _alias_pattern(alias: str) -> str:
    """A tolerant pattern for one alias: any punctuation/spacing between words, `ward's`."""
    words = alias.split()
    parts = []
    for word in words:
        escaped = re.escape(word)
        if word.endswith("s") and len(word) > 3:
            escaped = re.escape(word[:-1]) + r"['’]?s"
        parts.append(escaped)
    return r"[\s.\-]*".join(parts)


_ALIASES = sorted([*SITE_ALIASES, *SIDED_ALIASES, "total"], key=len, reverse=True)
VERT = r"[LT]\d{1,2}"
REGION_PATTERN = (
    rf"{VERT}(?:\s*(?:-|to|through|thru)\s*(?:{VERT}|\d(?![.\d])))?"
    rf"(?:\s*(?:,|&|and)\s*{VERT}(?:\s*(?:-|to|through|thru)\s*(?:{VERT}|\d(?![.\d])))?)*"
)
SITE_RE = re.compile(
    r"(?<![\w/%])(?:(?P<region>"
    + REGION_PATTERN
    + r")|(?P<alias>"
    + "|".join(_alias_pattern(a) for a in _ALIASES)
    + r"))(?![\w/%])",
    re.IGNORECASE,
)
SIDE_RE = re.compile(
    r"(?<![\w/])(left|right|lt|rt|l|r|bilateral|mean)\b\.?(?![\d\-/])", re.IGNORECASE
)


@dataclass
class SiteMention:
    start: int
    end: int
    site: Site | None
    side: Side | None = None
    region: str | None = None
    general: bool = False
    # "bilateral femoral necks", "both hips", "femoral neck ... bilaterally": both sides.
    both: bool = False


def find_site_mentions(sentence: str, scan: str | None, line_start: bool) -> list[SiteMention]:
    """Every site named in a sentence, with its side and (spine) region."""
    mentions: list[SiteMention] = []
    for match in SITE_RE.finditer(sentence):
        if match["region"]:
            mention = _region_mention(sentence, match)
        else:
            mention = _alias_mention(sentence, match, scan, line_start and not mentions)
        if mention is not None:
            mentions.append(mention)
    mentions = _expand_side_lists(sentence, _merge_spine_and_region(sentence, mentions))
    _attach_sides(sentence, mentions)
    return _split_bilateral(sentence, _drop_headings(sentence, mentions))


def _region_mention(sentence: str, match: re.Match) -> SiteMention | None:
    region = canonical_spine_region(match["region"])
    if region is None:
        return None
    after = sentence[match.end() : match.end() + 30]
    before = sentence[max(0, match.start() - 25) : match.start()]
    excluded = re.match(
        r"\s*(?:\(|,|-)?\s*(?:was\s+|were\s+|is\s+|are\s+)?(?:excluded|omitted|not\s+inc|removed)",
        after,
        re.I,
    )
    if excluded or re.search(
        r"(?:exclu\w*|excl\.?|excluding|without|except|omitting)\s*(?:of\s+)?$", before, re.I
    ):
        return SiteMention(match.start(), match.end(), None, region=region)  # an exclusion
    return SiteMention(match.start(), match.end(), Site.lumbar_spine, region=region)


# A value label right after a short label makes it a site: "fn bmd=0.612", "th t -1.6".
VALUE_LABEL_NEXT_RE = re.compile(r"\s*(?:bmd|t|z)\s*[=:]?\s*[-+]?\d", re.IGNORECASE)


def _alias_mention(
    sentence: str, match: re.Match, scan: str | None, at_line_start: bool
) -> SiteMention | None:
    label = normalize_label(match["alias"]).replace("'", "")
    text = match["alias"]
    trusted = text.isupper() or at_line_start or label == "total"
    if label in SHORT_LABELS and not (trusted or VALUE_LABEL_NEXT_RE.match(sentence, match.end())):
        return None
    if label == "total":
        after = sentence[match.end() : match.end() + 12].lower()
        if re.match(r"\s*(?:score|of|number)", after):
            return None
        site = TOTAL_BY_SCAN.get(scan or "")
        if site is None:
            return None
        return SiteMention(match.start(), match.end(), site)
    if label in SIDED_ALIASES:
        if not text.isupper():
            return None  # only the capitalised shorthand; "lth" in prose is not a site
        site, side = SIDED_ALIASES[label]
        return SiteMention(match.start(), match.end(), site, side=side)
    site = SITE_ALIASES.get(label)
    if site is None:
        return None
    return SiteMention(match.start(), match.end(), site, general=label in GENERAL_LABELS)


def _merge_spine_and_region(sentence: str, mentions: list[SiteMention]) -> list[SiteMention]:
    """`lumbar spine (L1-L4)` / `L1-L4 lumbar spine` are one mention; exclusions narrow it."""
    merged: list[SiteMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        between = sentence[previous.end : mention.start] if previous else ""
        close = previous is not None and re.fullmatch(
            r"[\s(:\-]*(?:at|from|of)?[\s(:]*|\)?\s*", between
        )
        if mention.site is None and previous is not None and previous.site is Site.lumbar_spine:
            _apply_exclusion(previous, mention.region or "")
            continue
        if mention.site is None:
            continue
        one_region = previous is not None and not (previous.region and mention.region)
        if (
            close
            and one_region
            and previous.site is Site.lumbar_spine
            and mention.site is Site.lumbar_spine
        ):
            previous.region = previous.region or mention.region
            previous.end = mention.end
            previous.general = False
            continue
        if _region_in_brackets_after(sentence, previous, mention):
            previous.region = mention.region  # "Lumbar spine T-score -2.9 (L1-L4)"
            continue
        merged.append(mention)
    return merged


def _region_in_brackets_after(
    sentence: str, previous: SiteMention | None, mention: SiteMention
) -> bool:
    """A bracketed region after a region-less spine mention completes it."""
    return (
        previous is not None
        and previous.site is Site.lumbar_spine
        and previous.region is None
        and mention.region is not None
        and sentence[: mention.start].rstrip().endswith("(")
        and sentence[mention.end :].lstrip().startswith(")")
    )


def _apply_exclusion(mention: SiteMention, excluded: str) -> None:
    if mention.region is None:
        return
    remaining = exclude_vertebrae(mention.region, region_vertebrae(excluded))
    mention.region = remaining


SIDE_LIST_RE = re.compile(
    r"\b(left|right|lt|rt)\s*(?:and|&|/|,)\s*(?:the\s+)?(left|right|lt|rt)\s+$", re.IGNORECASE
)


def _expand_side_lists(sentence: str, mentions: list[SiteMention]) -> list[SiteMention]:
    """`left and right total hip` names two sites: one mention per side, in that order."""
    expanded: list[SiteMention] = []
    for mention in mentions:
        match = SIDE_LIST_RE.search(sentence[max(0, mention.start - 30) : mention.start])
        if match and mention.site in HIP_SITES | FOREARM_SITES:
            first, second = (SIDE_WORDS[g.lower()] for g in match.groups())
            expanded.append(SiteMention(mention.start, mention.end, mention.site, side=first))
            mention.side = second
        expanded.append(mention)
    return expanded


# What may stand between a site and the side named after it: "Neck R", "femoral neck, right",
# "hip (left)", "the one-third radius on the left", "total hip of the right side".
SIDE_AFTER_SITE_GAP_RE = re.compile(r"\s*(?:[(,]|(?:on|of|at)\s+the)?\s*", re.IGNORECASE)


def _attach_sides(sentence: str, mentions: list[SiteMention]) -> None:
    """A side word right before a mention is its side; else one right after it (`Neck R`,
    `radius on the left`)."""
    taken: set[int] = set()
    covered = [(m.start, m.end) for m in mentions]
    sides = [
        s for s in SIDE_RE.finditer(sentence) if not any(a <= s.start() < b for a, b in covered)
    ]
    for mention in mentions:
        for side in sides if mention.side is None else []:
            gap = sentence[side.end() : mention.start]
            if side.end() <= mention.start and re.fullmatch(r"[\s\-]*(?:sided\s+)?", gap):
                mention.side = (
                    SIDE_WORDS[side[1].lower()] if side[1].lower() != "bilateral" else None
                )
                mention.start = side.start()  # "at the left femoral neck": one phrase
                taken.add(side.start())
    for _index, mention in enumerate(mentions):
        if mention.side is not None:
            continue
        for side in sides:
            gap = sentence[mention.end : side.start()]
            if side.start() in taken or side.start() < mention.end:
                continue
            if SIDE_AFTER_SITE_GAP_RE.fullmatch(gap) and side[1].lower() != "bilateral":
                mention.side = SIDE_WORDS[side[1].lower()]
                taken.add(side.start())
                break


BOTH_BEFORE_RE = re.compile(r"\b(?:both|bilateral(?:ly)?)\s+(?:the\s+)?$", re.IGNORECASE)
BOTH_AFTER_RE = re.compile(
    r"[^;]{0,60}?\b(?:bilaterally|on\s+both\s+sides|in\s+both\s+(?:hips|forearms))\b", re.IGNORECASE
)


def _split_bilateral(sentence: str, mentions: list[SiteMention]) -> list[SiteMention]:
    """A hip or forearm site named for both sides without a side of its own ("bilateral
    femoral necks", "T-score -2.2 bilaterally") is two sites, left then right."""
    split: list[SiteMention] = []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1].start if index + 1 < len(mentions) else len(sentence)
        both = BOTH_BEFORE_RE.search(sentence[max(0, mention.start - 20) : mention.start]) or (
            BOTH_AFTER_RE.match(sentence[mention.end : following])
        )
        if both and mention.side is None and mention.site in HIP_SITES | FOREARM_SITES:
            for side in (Side.left, Side.right):
                split.append(SiteMention(mention.start, mention.end, mention.site, side=side))
        else:
            split.append(mention)
    return split


QUALIFIER_GAP_RE = re.compile(r"\s*(?:,|of|in|on)?\s*(?:the\s+)?", re.IGNORECASE)


def _drop_headings(sentence: str, mentions: list[SiteMention]) -> list[SiteMention]:
    """A general mention ("left hip") passes its side to the later sites of its family in
    the sentence ("the right hip is normal, T-score -0.5 at the femoral neck"); followed by
    one of them before any number, it is a heading and not a site itself."""
    kept: list[SiteMention] = []
    for index, mention in enumerate(mentions):
        if not mention.general:
            kept.append(mention)
            continue
        qualified = kept[-1] if kept else None
        if (
            qualified is not None
            and _same_family(mention.site, qualified.site)
            and QUALIFIER_GAP_RE.fullmatch(sentence[qualified.end : mention.start])
        ):
            # "femoral neck of the right hip": the hip only names the neck's side.
            qualified.side = qualified.side or mention.side
            qualified.end = mention.end
            continue
        for later in mentions[index + 1 :]:
            if later.general:
                break
            if later.side is None and _same_family(mention.site, later.site):
                later.side = mention.side
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        between = sentence[mention.end : following.start] if following else ""
        if (
            following is None
            or re.search(r"\d", between)
            or not _same_family(mention.site, following.site)
        ):
            kept.append(mention)
    return kept


def _same_family(general: Site | None, specific: Site | None) -> bool:
    families = [HIP_SITES, FOREARM_SITES, {Site.lumbar_spine}]
    return any(general in family and specific in family for family in families)


def scan_of_site(site: Site | None) -> str | None:
    """The scan a site is measured on."""
    if site in HIP_SITES:
        return "hip"
    if site in FOREARM_SITES:
        return "forearm"
    if site is Site.lumbar_spine:
        return "spine"
    return "body" if site is Site.total_body else None


SCAN_WORDS = {
    "body": r"total\s+body|whole\s+body",
    "forearm": r"forearm|radius|ulna",
    "hip": r"\bhips?\b|femur|femoral",
    "spine": r"spine|lumbar|\bL\d",
}


def scans_named(sentence: str) -> list[str]:
    """Every scan a sentence names, in order of precedence (body, forearm, hip, spine)."""
    return [scan for scan, words in SCAN_WORDS.items() if re.search(words, sentence, re.I)]


def scan_of(sentence: str) -> str | None:
    """The scan a heading or sentence is about, which decides what `Total` means."""
    return next(iter(scans_named(sentence)), None)


# ---------------------------------------------------------------------------------------
# Value mentions

LABEL_RE = re.compile(
    r"(?P<t>\bT[\s\-]?scores?\b|\bT\s*[:=]|\bT(?=\s*[-+]?\d)|\bT\b(?=\s*(?:of|is|was|:)))"
    r"|(?P<z>\bZ[\s\-]?scores?\b|\bZ\s*[:=]|\bZ(?=\s*[-+]?\d)|\bZ\b(?=\s*(?:of|is|was|:)))"
    r"|(?P<bmd>\bBMD\b|\bbone\s+(?:mineral\s+)?density\b|\bdensity\b)"
    r"|(?P<ya>\byoung[\s\-]+(?:adult|normal)|%\s*YA\b|\bYA\s*%?|\bpeak\s+bone\s+mass)"
    r"|(?P<am>\bage[\s\-]*matched|%\s*AM\b|\bAM\s*%|\bexpected\s+for\s+age)"
    r"|(?P<other>\bBMI\b|\bheight\b|\bweight\b|\bage\b|\bBMC\b|\barea\b|\bversion\b|\bv(?=\d)|\bS/?N\b|\bserial\b|\bTBS\b|\btrabecular\b|\bLSC\b|\bprecision\b|\bFRAX\b)",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(
    rf"(?:(?<![\d.,])(?:-|\+|\bminus\s+|\bplus\s+|\bnegative\s+)|(?<![\w.,+\-]))"
    rf"\d{{1,3}}(?:[.,]\d{{1,4}})?(?![\d]|[.,]\d)"
    rf"(?P<unit>\s*(?:{BMD_UNIT}|{SBMD_UNIT}|%|-?\s*(?:years?|yrs?|yo|y/o|kg|kgs|lbs?|pounds|cm|mm|in(?=\s*(?:[.,;)]|$))|inches|ft|feet|months?|mos?|weeks?|days?|mg|mcg|iu|units|times|cigarettes|drinks)\b))?",
    re.IGNORECASE,
)
# A number after one of these is a threshold, a change or a range, not a measured result.
NOT_RESULT_BEFORE = re.compile(
    r"(?:(?<!-)>=?|<=?|≥|≤|\bat\s+or\s+(?:below|above|under|over)|\bbelow|\babove|\bunder|\bover|\bbetween|\bless\s+than|\bgreater\s+than|\bhigher\s+than|\blower\s+than|\bexceed\w*|\breach(?:es|ed)?|\b(?:falls?|fell|drops?)\s+(?:to|below|under)|\bby|\bchange\s+of|\bdecrease\s+of|\bincrease\s+of|\bloss\s+of|\bgain\s+of|\bdifference\s+of|\bup\s+to|\bwithin|\bbetween\s+\S+\s+and|\bLSC\s+(?:is|of)?)\s*(?:a\s+)?(?:T[\s\-]?score\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)
NOT_RESULT_AFTER = re.compile(
    r"^\s*(?:SD\s+)?(?:or\s+(?:below|above|less|lower|greater|higher|more|worse|better)|and\s+(?:below|above|lower|higher|less|greater)|to\s+-?\d|%|\s*\(?\s*(?:change|decrease|increase))",
    re.IGNORECASE,
)
# A number in the same clause after an LSC or precision term is that term's value.
PRECISION_BEFORE_RE = re.compile(
    r"(?:\bLSC\b|least\s+significant|precision|\bCV\b|coefficient\s+of\s+variation|reproducib\w*)[^\d;]{0,30}$",
    re.IGNORECASE,
)
LABEL_GAP_RE = re.compile(
    r"^(?:[\s:=(,]|\.{2,}|…)*(?:(?:is|was|were|of|measures?|measured|measuring|at|=|value|score|scores|reading|in\s+the\s+range\s+of|approximately|approx\.?|about|~|g/cm2|remains?|now|currently|today|calculated|reported)[\s:=(,]*)*$",
    re.IGNORECASE,
)


VALUE_SIDE_RE = re.compile(
    r"\s*(?:g/cm2\s*)?(?:on\s+the\s+|\(\s*)(left|right|lt|rt|(?-i:L|R)(?=\s*\)))\b"
    r"(?!\s+(?:femoral|femur|hip|total|neck|forearm|radius))",
    re.IGNORECASE,
)


# "T-scores: right -1.9, left -2.2": a side word right before the value.
# "... the left is -2.3": an elliptical clause naming only the side.
SIDE_BEFORE_VALUE_RE = re.compile(
    r"(?:^|[\s,;(/])(left|right|lt|rt|(?-i:L|R))(?:\s+(?:side\s+)?(?:is|was|measures|measured))?"
    r"(?:\s+[TZ](?:[\s\-]?scores?)?)?\s*[:=]?\s*$",
    re.IGNORECASE,
)


@dataclass
class ValueMention:
    start: int
    end: int
    kind: str  # "t", "z", "bmd", "ya", "am"
    value: float
    # "-2.4 on the left": a side named after the value, for a site named without one.
    side: Side | None = None


def find_values(sentence: str, warnings: list[str]) -> list[ValueMention]:
    """Every result number in a sentence, each given a kind by its unit or nearest label."""
    labels = list(LABEL_RE.finditer(sentence))
    dates = [(m.start(), m.end()) for m in DATE_RE.finditer(sentence)]
    values: list[ValueMention] = []
    for number in NUMBER_RE.finditer(sentence):
        if _inside_date_or_region(sentence, number, dates):
            continue
        kind = _kind_of(sentence, number, labels)
        if kind is None:
            continue
        before = sentence[max(0, number.start() - 40) : number.start()]
        after = sentence[number.end() : number.end() + 25]
        if NOT_RESULT_BEFORE.search(before) or PRECISION_BEFORE_RE.search(before):
            continue
        if NOT_RESULT_AFTER.match(after) and not (
            re.search(r"\bfrom\s*$", before, re.I)
            or BMD_CHANGE_RE.match(token_and_after(sentence, number))
        ):
            continue
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
            and following.lastgroup in ("ya", "am")
            and re.fullmatch(
                r"[\s(]*(?:of\s+)?(?:the\s+)?", sentence[number.end() : following.start()]
            )
        ):
            return following.lastgroup
        previous = [lb for lb in labels if lb.end() <= number.start()]
        if (
            previous
            and previous[-1].lastgroup in ("ya", "am")
            and LABEL_GAP_RE.match(sentence[previous[-1].end() : number.start()])
        ):
            return previous[-1].lastgroup
        return None
    if unit:
        if re.match(SBMD_UNIT, unit, re.IGNORECASE):
            return "sbmd"
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
        return label.lastgroup if label.lastgroup in ("t", "z", "bmd") else None
    if after := LABEL_AFTER_RE.match(sentence, number.end()):
        return (after[1] or after[2]).lower()
    if label is None or label.lastgroup == "other":
        return None
    # Listing after a label: only numbers shaped like that label's values, with a decimal.
    token = number[0]
    if "." not in token and "," not in token:
        return None
    signed = re.match(r"[-+]|minus|plus|negative", token, re.I)
    if label.lastgroup in ("t", "z") and (signed or re.fullmatch(r"\d[.,]\d", token)):
        return label.lastgroup
    if label.lastgroup == "bmd" and re.fullmatch(r"\d[.,]\d{3}", token):
        return "bmd"
    return None


def _value_of(kind: str, token: str, number: re.Match) -> float | None:
    digits = token[: len(token) - len(number["unit"] or "")]
    if kind in ("t", "z"):
        value = parse_score(digits)
        return value if value is not None and abs(value) <= PLAUSIBLE_SCORE else None
    if kind == "bmd":
        return parse_bmd(token)
    if kind in ("ya", "am"):
        try:
            value = float(digits.replace(",", "."))
        except ValueError:
            return None
        return _percent(value)
    return None


def _percent(value: float) -> float | int | None:
    """A percent-of-reference value as printed: whole numbers stay whole (79, not 79.0)."""
    if not 0 < value <= 300:
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
        kind = "t" if match[3] else "z"
        found.append(ValueMention(match.start(), match.end(), kind, value + 0.0))
    return found


# ---------------------------------------------------------------------------------------
# Linking values to sites

Key = tuple[Site, Side | None, str | None]
CONNECTOR_RE = re.compile(
    r"^\)?[\s,]*(?:and|&|/|as\s+well\s+as|plus)?[\s,]*(?:both\s+)?(?:the\s+)?(?:both\s+)?"
    r"(?:(?:left|right|lt|rt)\.?\s+)?$",
    re.I,
)
TO_NEXT_SITE_RE = re.compile(
    r"^\s*\)?[\s,]*(?:\([^)]{0,30}\)\s*)?(?:(?:is|was|were|are|noted|seen|measured|identified|found|obtained|present)\s+)*(?:at|in|of|for|on|over|involving|within|from)\s+(?:the\s+)?(?:both\s+(?:the\s+)?)?$"
    r"|^\s*(?:g/cm2\s*)?\(\s*(?:the\s+)?$",  # "-0.5 (left hip)"
    re.IGNORECASE,
)


def group_sites(sentence: str, mentions: list[SiteMention]) -> list[list[SiteMention]]:
    """Sites listed together with only `and`/commas between them form one group."""
    groups: list[list[SiteMention]] = []
    for mention in mentions:
        if groups and CONNECTOR_RE.match(sentence[groups[-1][-1].end : mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def link_values(
    sentence: str, groups: list[list[SiteMention]], values: list[ValueMention]
) -> dict[int, list[ValueMention]]:
    """Which group (by index) each value belongs to: the next group when the value is
    followed by "at/in the <site>", else the nearest group before it, else the next one."""
    linked: dict[int, list[ValueMention]] = {}
    for value in values:
        before = [i for i, g in enumerate(groups) if g[-1].end <= value.start]
        after = [i for i, g in enumerate(groups) if g[0].start >= value.end]
        chosen: int | None = None
        if after and TO_NEXT_SITE_RE.match(sentence[value.end : groups[after[0]][0].start]):
            chosen = after[0]
        elif before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
        if chosen is not None:
            linked.setdefault(chosen, []).append(value)
    return linked


@dataclass
class Reading:
    """Values read for one site (key), with every differing value kept to detect conflicts."""

    values: dict[str, set[float]] = field(default_factory=dict)
    order: int = 0

    def add(self, kind: str, value: float) -> None:
        self.values.setdefault(kind, set()).add(value)


@dataclass
class Collector:
    readings: dict[Key, Reading] = field(default_factory=dict)
    previous: dict[tuple[dt.date, Key], set[tuple[float, str | None]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, key: Key, kind: str, value: float) -> None:
        reading = self.readings.setdefault(key, Reading(order=len(self.readings)))
        reading.add(kind, value)

    def add_previous(self, date: dt.date, key: Key, bmd: float, device: str | None) -> None:
        self.previous.setdefault((date, key), set()).add((bmd, device))


DECIMAL_RE = re.compile(r"(?<![\d.,])\d{1,2}[.,]\d{1,3}(?![\d.,]?\d)(?!\s*%)")


def assign_group_values(
    collector: Collector, group: list[SiteMention], values: list[ValueMention], complete: bool
) -> None:
    """One value of a kind goes to every site of the group; as many values as sites go in
    order (`respectively`); any other count is unsure and is reported, not guessed.

    Sharing one value needs a `complete` reading of the sentence: when some of its decimals
    were not understood ("0.9, 0.7 and 0.8 g/cm2"), one understood value is not shared."""
    sided = [v for v in values if v.side is not None]
    for value in sided:
        same_side = [m for m in group if m.side is value.side]
        for mention in same_side:
            collector.add(_key(mention), value.kind, value.value)
        if not same_side and len(group) == 1 and group[0].site in HIP_SITES | FOREARM_SITES:
            # "The right femoral neck T-score is -2.0; the left is -2.3."
            collector.add(_key(group[0], value.side), value.kind, value.value)
    values = [v for v in values if v.side is None]
    by_kind: dict[str, list[float]] = {}
    for value in values:
        by_kind.setdefault(value.kind, []).append(value.value)
    for kind, numbers in by_kind.items():
        if len(group) == 1 or (len(set(numbers)) == 1 and complete):
            for mention in group:
                for number in numbers:
                    collector.add(_key(mention), kind, number)
        elif len(numbers) == len(group):
            for mention, number in zip(group, numbers, strict=True):
                collector.add(_key(mention), kind, number)
        else:
            names = ", ".join(_describe(*_key(m)) for m in group)
            collector.warnings.append(
                f"Could not tell which {KIND_NAMES[kind]} belongs to which of {names}; left out."
            )


KIND_NAMES = {
    "t": "T-score",
    "z": "Z-score",
    "bmd": "BMD",
    "ya": "young-adult %",
    "am": "age-matched %",
}


def _key(mention: SiteMention, side: Side | None = None) -> Key:
    assert mention.site is not None
    region = mention.region if mention.site is Site.lumbar_spine else None
    return (mention.site, side or mention.side, region)


# ---------------------------------------------------------------------------------------
# Sentences and context

ABBREVIATIONS = r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\bapprox)(?<!\bNo)(?<!\bFem)(?<!\bfem)(?<!\bLt)(?<!\bRt)(?<!\blt)(?<!\brt)(?<!\bDOB)"
# Semicolons do not end a sentence: `T-scores: spine -2.2; neck -1.5` keeps its label; nor
# do dot leaders (`T-score ........ -2.5`).
SENTENCE_SPLIT_RE = re.compile(rf"{ABBREVIATIONS}(?<!\.\.)(?<=[.!?])\s+|\s+\|\s+")
SKIP_SENTENCE_RE = re.compile(
    r"\bACF\b|\bBCF\b|defin(?:e|ed|es|ition)\b|\bclassif\w+\s*:",
    re.IGNORECASE,
)
COMPARISON_RE = re.compile(
    r"\bversus\b|\bvs\b\.?|\b(?:down|up)\s+from\b|\b\w+ed\s+(?=from\s+[-+]?\d)|\b(?:decreas|increas|declin|drop|fell|fall|los[st]|gain|chang)\w*(?=[^;]{0,60}?\bfrom\b)|\bcompar\w*|\bprior\b|\bprevious\w*|\bpreceding\b|\blast\s+(?:study|exam\w*|scan|dxa)|\bbaseline\b|\bsince\b|\bearlier\b",
    re.IGNORECASE,
)
HEADING_RESET_RE = re.compile(
    r"^\s*(?:impression|conclusion|assessment|summary|recommendation|comment|findings|diagnosis|history|indication|technique|results?)\b",
    re.IGNORECASE,
)
CONNECTOR_END_RE = re.compile(
    r"(?:,|\b(?:the|at|of|and|in|is|are|was|were|with|a|an|for|to|from|by|on|or|measures|measured|measuring|left|right|score|scores|density|BMD))$",
    re.IGNORECASE,
)


def paragraphs(lines: list[str]) -> Iterator[list[str]]:
    """Join lines wrapped in the middle of a sentence; other lines stand alone."""
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if current and stripped and _continues(current[-1], stripped):
            current[-1] = f"{current[-1]} {stripped}"
            continue
        if current:
            yield current
        current = [stripped]
    if current:
        yield current


def _continues(previous: str, line: str) -> bool:
    if not previous or previous.endswith((".", ":", ";", "!", "?")):
        return False
    if len(previous) + len(line) > MAX_LINE_CHARS:
        return False
    wrapped_number = bool(re.match(r"[-+(]?\d", line)) and len(previous) > 50
    return bool(line[:1].islower() or wrapped_number or CONNECTOR_END_RE.search(previous))


def split_sentences(line: str) -> list[str]:
    return [s for s in SENTENCE_SPLIT_RE.split(line) if s and s.strip()]


@dataclass
class Context:
    """What earlier lines established: the scan and side of a heading, the comparison date."""

    scan: str | None = None
    side: Side | None = None
    comparison_date: dt.date | None = None
    comparison_device: str | None = None
    exam_date: dt.date | None = None
    vertebrae: list[str] = field(default_factory=list)
    # The one site a heading line names ("L1-L4 trend", "Left femoral neck"), for trend rows.
    heading_site: SiteMention | None = None
    # A label standing alone on a line ("T-scores:"), for the lines under it.
    line_label: str | None = None
    # The sites of the last sentence that named one, for a following sentence that does not.
    last_group: list[SiteMention] = field(default_factory=list)
    # Every site of that sentence in order, for "... 0.744, 0.612 and 0.760 respectively".
    last_sites: list[SiteMention] = field(default_factory=list)
    # What an unlabelled score right after a site is in this report ("t", "z" or None: unsure).
    bare_kind: str | None = None
    # The date of the earlier exam whose section ("PREVIOUS EXAM (05/01/2022):") is being read.
    earlier_section: dt.date | None = None


def read_sentence(
    sentence: str, context: Context, collector: Collector, line_start: bool
) -> list[list[SiteMention]]:
    """Read one sentence's results into the collector; returns its site groups."""
    if SKIP_SENTENCE_RE.search(sentence):
        return []
    own_scan = scans_named(sentence)  # "DualFemur Total Mean ...": the line's own scan
    scan = own_scan[0] if len(own_scan) == 1 else context.scan
    mentions = find_site_mentions(sentence, scan, line_start)
    for mention in mentions:
        _side_from_heading(mention, context)
    values = sentence_values(sentence, collector.warnings)
    if not mentions:
        return []
    values = sorted(
        values + bare_values(sentence, mentions, values, context.bare_kind, collector.warnings),
        key=lambda v: v.start,
    )
    if context.earlier_section is not None:
        groups = group_sites(sentence, mentions)
        _read_earlier_section(sentence, groups, values, context.earlier_section, collector)
        return groups
    if values and comparison_words(sentence, context):
        values = _read_comparison(sentence, mentions, values, context, collector)
    else:  # "T-score -2.6 in 2018" is another exam's, even without a comparison word
        values = [
            v
            for v in values
            if not _dated_before_today(sentence[v.end : v.end + 40], context.exam_date)
        ]
    groups = group_sites(sentence, mentions)
    complete = len(DECIMAL_RE.findall(DATE_RE.sub(" ", sentence))) <= len(values)
    for index, group_values in link_values(sentence, groups, values).items():
        assign_group_values(collector, groups[index], group_values, complete)
    return groups


CHANGE_WORDS_RE = re.compile(
    r"\bchang\w*|\bdecreas\w*|\bincreas\w*|\bloss\b|\bgain\b|\bdifferen\w*|\bdelta\b|%",
    re.IGNORECASE,
)
BARE_SCORE_RE = re.compile(r"[-+]\d[.,]\d")
BARE_BMD_RE = re.compile(r"\d[.,]\d{3}")
# What may stand between a site and an unlabelled score: "L1 -1.0", "Neck: -2.1", "right -1.4".
BARE_GAP_RE = re.compile(
    r"[\s:=,)]*(?:\(?\s*(?:left|right|lt|rt|l|r)\b\s*\)?[\s:=]*)?", re.IGNORECASE
)
SIDE_ONLY_GAP_RE = re.compile(r"(?:^|.*[,;]\s*)(?:left|right|lt|rt)\b[\s:=]*", re.IGNORECASE)


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
        return "t"
    if names_z and not names_t:
        return "z"
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
    if CHANGE_WORDS_RE.search(sentence):
        return found  # "Change: spine -3.2" is a change, not a score
    for number in NUMBER_RE.finditer(sentence):
        kind = _bare_kind(number, score_kind)
        if kind is None or any(v.start <= number.start() < v.end for v in labelled):
            continue
        before = sentence[max(0, number.start() - 40) : number.start()]
        if NOT_RESULT_BEFORE.search(before) or NOT_RESULT_AFTER.match(sentence[number.end() :]):
            continue
        if _other_label_before(before):
            continue  # "TBS (L1-L4): 1.198", "BMI 20.8"
        site_before = [m for m in mentions if m.end <= number.start()]
        next_to_site = bool(site_before) and BARE_GAP_RE.fullmatch(
            sentence[site_before[-1].end : number.start()]
        )
        if not (next_to_site or (site_before and SIDE_ONLY_GAP_RE.fullmatch(before))):
            continue
        if kind == "unsure":
            warnings.append(f"A score of {number[0]} was given without saying T or Z; left out.")
            continue
        if kind == ASSUMED_T:
            kind = "t"
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


def _read_earlier_section(
    sentence: str,
    groups: list[list[SiteMention]],
    values: list[ValueMention],
    date: dt.date,
    collector: Collector,
) -> None:
    """A sentence under an earlier exam's heading: its BMDs go to `previous` (scores are
    not kept for earlier exams)."""
    bmds = [v for v in values if v.kind == "bmd"]
    for index, group_values in link_values(sentence, groups, bmds).items():
        for value in group_values:
            for mention in groups[index]:
                collector.add_previous(date, _key(mention), value.value, None)


def comparison_words(sentence: str, context: Context) -> list[re.Match]:
    """Words that turn a sentence to an earlier exam: "compared", "prior", ... and "in 2019"
    (a year other than the exam's, or, when the exam's date is unknown, the year of the
    earlier exam the report names)."""
    found = list(COMPARISON_RE.finditer(sentence))
    earlier_year = context.comparison_date.year if context.comparison_date else None
    found += [
        m
        for m in re.finditer(
            r"\bin\s+((?:19|20)\d\d)\b|(?<![\d/.\-])((?:19|20)\d\d)\s*:", sentence, re.I
        )
        if (context.exam_date and int(m[1] or m[2]) != context.exam_date.year)
        or (context.exam_date is None and int(m[1] or m[2]) == earlier_year)
    ]
    return sorted(found, key=lambda m: m.start())


def _read_comparison(
    sentence: str,
    mentions: list[SiteMention],
    values: list[ValueMention],
    context: Context,
    collector: Collector,
    inherited: bool = False,
) -> list[ValueMention]:
    """Put the earlier exam's BMDs of a comparison sentence into `previous` (its scores are
    dropped) and return today's values. `inherited` mentions come from the sentence before
    (`... is 0.756 g/cm2. Compared with 2021 (0.801 g/cm2), ...`): one BMD goes to them."""
    comparisons = comparison_words(sentence, context)
    current = [v for v in values if not _is_earlier(sentence, v, comparisons, context)]
    bmds = [v for v in values if v not in current and v.kind == "bmd"]
    dated = [
        (m.start(), d)
        for m in DATE_RE.finditer(sentence)
        if (d := parse_date(m[0])) is not None and d != context.exam_date
    ]
    device = find_device(sentence[comparisons[0].start() :]) or context.comparison_device
    if inherited:
        targets = {0: bmds} if len(bmds) == 1 else {}
        groups = [mentions]
    else:
        groups = group_sites(sentence, mentions)
        targets = link_values(sentence, groups, bmds)
    for index, group_values in targets.items():
        for value in group_values:
            date = _date_of(sentence, value, dated) or _comparison_date_by_year(sentence, context)
            if date is None:
                collector.warnings.append("A previous BMD was given without a date; left out.")
                continue
            for mention in groups[index]:
                collector.add_previous(date, _key(mention), value.value, device)
    return current


DATED_GAP_RE = re.compile(r"[\s,)]*(?:on|in|from|dated|of)\s+", re.IGNORECASE)


def _date_of(
    sentence: str, value: ValueMention, dated: list[tuple[int, dt.date]]
) -> dt.date | None:
    """The earlier exam's date for a value: one right after it ("0.845 g/cm2 on 3/3/2021"),
    else the last date before it, else the first after."""
    before = [date for position, date in dated if position < value.start]
    after = [date for position, date in dated if position > value.end]
    right_after = [
        date
        for position, date in dated
        if position > value.end and DATED_GAP_RE.fullmatch(sentence[value.end : position])
    ]
    if right_after:
        return right_after[0]
    return before[-1] if before else (after[0] if after else None)


def _comparison_date_by_year(sentence: str, context: Context) -> dt.date | None:
    """The comparison line's date, unless the sentence names a different year ("In 2019 ...")."""
    years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", sentence)}
    known = context.comparison_date
    if known is None or (years and known.year not in years):
        return None
    return known


def _dated_before_today(after: str, today: dt.date | None) -> bool | None:
    """Whether text right after a value dates it to another exam ("in 2018", "on 04/11/2022",
    "in March 2021"): True, or False when dated today, or None when not dated. `today` is
    the exam's date, or None when unknown: in a comparison sentence a value dated then is
    the earlier exam's."""
    match = re.match(
        rf"[^.;\d]{{0,15}}?\b(?:in|on|from|dated|of)\s+({DATE_PATTERN}|(?:19|20)\d\d\b)",
        after,
        re.I,
    )
    if not match:
        return None
    if today is None:
        return True
    date = parse_date(match[1])
    if date is not None:
        return date != today
    year = re.search(r"(?:19|20)\d\d", match[1])
    return year is not None and int(year[0]) != today.year


def _sentence_today(sentence: str, exam_date: dt.date | None) -> dt.date | None:
    """Today's date for a comparison sentence: the exam's, else the latest of several dates
    the sentence names, else unknown."""
    if exam_date is not None:
        return exam_date
    dates = {d for m in DATE_RE.finditer(sentence) if (d := parse_date(m[0])) is not None}
    return max(dates) if len(dates) > 1 else None


CURRENT_RE = re.compile(r"\b(?:current(?:ly)?|today(?:'s)?|now|present)\b", re.IGNORECASE)
EARLIER_AFTER_RE = re.compile(
    r"\s*(?:g/cm2\s*)?\)?\s*(?:previously|before|earlier|at\s+baseline"
    r"|(?:on|at|in)\s+(?:the\s+)?(?:prior|previous|last|baseline|earlier))\b",
    re.IGNORECASE,
)
PAST_RE = re.compile(r"\b(?:was|were|had\s+been|previously|then|used\s+to\s+be)\b", re.IGNORECASE)


def _is_earlier(
    sentence: str, value: ValueMention, comparisons: list[re.Match], context: Context
) -> bool:
    """Whether a value in a comparison sentence is the earlier exam's.

    `from A to B`: A earlier, B today. Otherwise earlier when the comparison word comes
    before it in its clause ("compared with 0.707 on ..."), or when its clause is in the past
    tense and the comparison word is in it or an earlier clause ("Compared with 2022, the
    BMD was 0.707"; "the BMD was 0.707 on the prior study"), or when it is dated right after
    with another date or year than today's ("T-score -2.6 in 2018"). Clauses end at ", " and ";".
    """
    today = _sentence_today(sentence, context.exam_date)
    dated = _dated_before_today(sentence[value.end : value.end + 40], today)
    if dated is not None:
        return dated
    if re.match(r"\s*(?:to|->|→)\s*[-+]?\d", sentence[value.end :]):
        return True  # "(0.801 to 0.818 g/cm2)": the first of a change's two values
    before = sentence[max(0, value.start - 12) : value.start]
    if re.search(r"\b(?:from|versus|vs\.?)\s*$", before, re.IGNORECASE):
        return True
    if EARLIER_AFTER_RE.match(sentence, value.end):
        return True  # "0.961 g/cm2 previously", "0.705 on the prior study"
    if re.search(r"(?:\bto|->|→)\s*$", before, re.IGNORECASE):
        return False
    clause_start = (
        max(sentence.rfind(", ", 0, value.start), sentence.rfind(";", 0, value.start)) + 1
    )
    following = [
        i for i in (sentence.find(", ", value.end), sentence.find(";", value.end)) if i >= 0
    ]
    clause_end = min(following, default=len(sentence))
    if CURRENT_RE.search(sentence[clause_start : value.start]):
        return False  # "current lumbar spine BMD 0.955", "today's T-score"
    if any(clause_start <= c.start() < value.start for c in comparisons):
        return True
    colon = sentence.find(":")
    if 0 <= colon < value.start and any(c.start() < colon for c in comparisons):
        return True  # "PREVIOUS EXAM 7/20/2022: SPINE BMD 0.880, HIP BMD 0.815"
    past = PAST_RE.search(sentence[clause_start : value.start])
    return bool(past) and any(c.start() < clause_end for c in comparisons)


def _side_from_heading(mention: SiteMention, context: Context) -> None:
    """A site named without side takes the side of the heading above it (`LEFT HIP`), when
    it belongs to that heading's scan (a forearm heading gives no side to a hip site)."""
    family = {"hip": HIP_SITES, "forearm": FOREARM_SITES}.get(context.scan or "", set())
    if mention.side is None and mention.site in family:
        mention.side = context.side


def update_context(line: str, context: Context) -> None:
    """A heading line (a site or section name with no results) sets the scan and side."""
    if HEADING_RESET_RE.match(line):
        context.side = None
    has_result = re.search(r"-?\d[.,]\d", line)
    if has_result and not re.match(r"^[^\d]{0,40}:", line):
        return
    lowered_scan = scan_of(line)
    head = line.split(":")[0] if ":" in line else line
    if not re.search(r"[A-Za-z]", head) or len(head) > 60:
        return
    scan = scan_of(head) or (lowered_scan if not has_result else None)
    if scan is None:
        return
    if any(not m.general for m in find_site_mentions(head, None, True)):
        if scan != context.scan:
            context.side = None  # another scan: the last heading's side no longer holds
        context.scan = scan
        return  # "Left femoral neck: ..." names its own site; it is not a section heading
    context.scan = scan
    sides = [
        SIDE_WORDS[m[1].lower()] for m in SIDE_RE.finditer(head) if m[1].lower() != "bilateral"
    ]
    context.side = sides[0] if sides and scan in ("hip", "forearm") else None


# ---------------------------------------------------------------------------------------
# Tables

COLUMN_RE = re.compile(
    r"(?P<prev>\b(?:prior|previous|baseline|last)\s+BMD\b|\b(?:prior|previous)\b(?:\s*\([^)]*\))?)"
    r"|(?P<bmd>\bBMD\b|\bdensity\b)"
    r"|(?P<t>(?:\byoung[ \-]adult[ \-])?\bT[\s\-]?scores?\b|\bT\b)"
    r"|(?P<z>(?:\bage[ \-]?matched[ \-])?\bZ[\s\-]?scores?\b|\bZ\b)"
    r"|(?P<ya>%\s*YA\b|\bYA(?:\s*%)?|\byoung[\s\-]+adult(?:\s*%)?|%\s*young\s+adult|%\s*peak|\bPR\b)"
    r"|(?P<am>%\s*AM\b|\bAM(?:\s*%)?|\bage[\s\-]*matched(?:\s*%)?|%\s*age[\s\-]*matched|\bAM\b)"
    r"|(?P<skip>\bBMC\b|\barea\b|\bchange\b|\bdate\b|\bage\b|\bsBMD\b|\bdiff\w*)",
    re.IGNORECASE,
)
CELL_RE = re.compile(
    r"(?<!\S)(?:[-+]?\d{1,3}(?:[.,]\d{1,4})?%?\*?|-{1,2}|n/?a|—)(?!\S)", re.IGNORECASE
)


@dataclass
class Column:
    kind: str  # "bmd", "t", "z", "ya", "am", "prev" (an earlier exam's BMD) or "skip"
    start: int
    end: int


def table_columns(line: str) -> list[Column] | None:
    """The value columns of a header row, or None if the line is not a header row."""
    # Units are blanked, not removed, so that column positions stay where they are.
    stripped = re.sub(
        r"\(\s*g/cm\s*(?:2|²|\^2)\s*\)|g/cm\s*(?:2|²|\^2)|\(\s*%\s*\)",
        lambda m: " " * len(m[0]),
        line,
    )
    if re.search(r"\d[.,]\d", stripped):
        return None
    columns = [
        Column(m.lastgroup or "skip", m.start(), m.end()) for m in COLUMN_RE.finditer(stripped)
    ]
    kinds = {c.kind for c in columns}
    if "prev" in kinds and "bmd" not in kinds:
        return None  # "T-score compared to previous": a sentence, not a header
    if not kinds & {"bmd", "t", "z"} or len(columns) < 2:
        return None
    # A header is column names: at most a few other words (Region, Site, units), not a sentence.
    rest = COLUMN_RE.sub(" ", stripped)
    other_words = [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w.lower() not in HEADER_WORDS]
    if len(other_words) > 2:
        return None
    return columns


HEADER_WORDS = {"region", "site", "location", "scan", "cm", "ref", "reference", "percent", "of"}


EXCLUDED_ROW_RE = re.compile(
    r"^\s*[LT]\d{1,2}\b.*\b(?:exclu\w*|omitted|not\s+(?:included|evaluated|analy[sz]ed|measured))",
    re.IGNORECASE,
)


def trailing_cells(line: str) -> list[re.Match]:
    """The cells of a row: the last run of cells with only spaces or flags between them (words
    after it, like `baseline`, are notes), so that a label holding a cell-like token (`L1 - L4`)
    stays whole."""
    cells = list(CELL_RE.finditer(line))
    end = cells[-1].end() if cells else 0
    run: list[re.Match] = []
    for cell in reversed(cells):
        if line[cell.end() : end].strip(" |*†#"):  # a flag ("0.830 *") is not a note
            break
        run.insert(0, cell)
        end = cell.start()
    return run


def read_table_row(
    line: str, columns: list[Column], context: Context, collector: Collector
) -> bool:
    """One table row: a site label then cells. Returns False when the line is not a row."""
    cells = trailing_cells(line)
    if not cells:
        return bool(EXCLUDED_ROW_RE.search(line))  # "L3   excluded": a row without values
    # A leading "33%" is part of the label ("Ulna 33%") when the row has a cell too many.
    while len(cells) > len(columns) and cells[0][0].endswith("%"):
        cells = cells[1:]
    label = line[: cells[0].start()].strip(" :|") if cells else ""
    if not label:
        return False
    if DATE_RE.fullmatch(label) and context.heading_site is not None:
        return _read_trend_row(label, cells, columns, context, collector)
    mentions = find_site_mentions(label, context.scan, True)
    site_mentions = [m for m in mentions if m.site is not None]
    if len(site_mentions) != 1:
        return bool(mentions)
    mention = site_mentions[0]
    _side_from_heading(mention, context)
    context.scan = scan_of_site(mention.site) or context.scan  # a later "Total" row is this scan's
    if mention.site is Site.lumbar_spine:
        if mention.region is None:
            # A spine table's "Total" row covers the vertebrae listed above it.
            mention.region = region_from_vertebrae(context.vertebrae)
        elif "," not in mention.region and "-" not in mention.region:
            context.vertebrae.append(mention.region)
    values = cells[: len(columns)] if len(cells) == len(columns) else None
    assigned = (
        list(zip([c.kind for c in columns], values, strict=True))
        if values is not None
        else _align_by_position(cells, columns)
    )
    for kind, cell in assigned:
        if kind == "prev":
            _read_previous_cell(cell[0], mention, context, collector)
        elif (value := _cell_value(kind, cell[0])) is not None:
            collector.add(_key(mention), kind, value)
    return True


def _read_previous_cell(
    text: str, mention: SiteMention, context: Context, collector: Collector
) -> None:
    """A `Prior BMD` cell: the earlier exam's BMD, on the date the header or report gives."""
    value = _cell_value("bmd", text)
    if value is None:
        return
    if context.comparison_date is None:
        collector.warnings.append("A previous BMD was given without a date; left out.")
        return
    collector.add_previous(context.comparison_date, _key(mention), value, None)


def _read_trend_row(
    label: str, cells: list[re.Match], columns: list[Column], context: Context, collector: Collector
) -> bool:
    """A trend-table row (`04/11/2022  66  0.873  -1.6`) under a site heading: today's
    values on the exam's date, else an earlier exam's BMD."""
    date = parse_date(label)
    if date is None or context.heading_site is None:
        return False
    key = _key(context.heading_site)
    assigned = (
        list(zip([c.kind for c in columns], cells, strict=True))
        if len(cells) == len(columns)
        else _align_by_position(cells, columns)
    )
    values = [(kind, v) for kind, cell in assigned if (v := _cell_value(kind, cell[0])) is not None]
    for kind, value in values:
        if date == context.exam_date:
            collector.add(key, kind, value)
        elif kind == "bmd":
            collector.add_previous(date, key, value, None)
    return True


def _align_by_position(cells: list[re.Match], columns: list[Column]) -> list[tuple[str, re.Match]]:
    """Fewer or more cells than columns: give each cell the column nearest to it, in order."""
    assigned = []
    used: set[int] = set()
    for cell in cells:
        centre = (cell.start() + cell.end()) / 2
        options = [
            (abs(centre - (c.start + c.end) / 2), i) for i, c in enumerate(columns) if i not in used
        ]
        if not options:
            break
        _, index = min(options)
        used.add(index)
        assigned.append((columns[index].kind, cell))
    return assigned


def _cell_value(kind: str, text: str) -> float | None:
    """A cell's value for its column, refused when its shape does not fit the column
    (a score has at most two decimals, a BMD at least two)."""
    text = text.rstrip("*").rstrip("%")  # "-2.5*" flags a value; the flag is not the value
    if kind in ("t", "z"):
        return parse_score(text) if re.fullmatch(r"[-+]?\d{1,2}(?:[.,]\d{1,2})?", text) else None
    if kind == "bmd":
        return parse_bmd(text) if re.fullmatch(r"\d[.,]\d{2,4}", text) else None
    if kind in ("ya", "am"):
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None
        return _percent(value)
    return None


def merge_header_lines(upper: list[Column], lower: list[Column]) -> list[Column]:
    """A header over two lines (`BMD  Young Adult  Age Matched` over `(g/cm2)  T-Score
    Z-Score`): columns at the same place are one, named by the more specific word."""
    specific = {"bmd": 0, "t": 0, "z": 0, "prev": 0, "ya": 1, "am": 1, "skip": 2}
    merged = list(lower)
    for column in upper:
        centre = (column.start + column.end) / 2
        same = [c for c in merged if abs((c.start + c.end) / 2 - centre) <= 6]
        if not same:
            merged.append(column)
        elif specific[column.kind] < specific[same[0].kind]:
            merged[merged.index(same[0])] = column
    return sorted(merged, key=lambda c: c.start)


def read_tables(
    lines: list[str],
    collector: Collector,
    exam_date: dt.date | None,
    comparison_date: dt.date | None = None,
) -> set[int]:
    """Read every header-led table; returns the indexes of the lines consumed."""
    consumed: set[int] = set()
    columns: list[Column] | None = None
    table_rows = 0
    table_context = Context(exam_date=exam_date, comparison_date=comparison_date)
    for index, line in enumerate(lines):
        header = table_columns(line)
        if header is not None:
            header_dates = [d for m in DATE_RE.finditer(line) if (d := parse_date(m[0]))]
            if header_dates:  # "Previous (05/15/2022)"
                table_context.comparison_date = header_dates[0]
            follows_header = index - 1 in consumed and columns is not None and not table_rows
            columns = merge_header_lines(columns, header) if follows_header else header
            table_context.vertebrae = []
            table_rows = 0
            consumed.add(index)
            continue
        if columns is None:
            update_context(line, table_context)
            _note_heading_site(line, table_context)
            continue
        if not re.search(r"[A-Za-z0-9]", line):
            continue
        if COMPARISON_RE.search(line) and not DATE_RE.match(line.strip()):
            columns = None
            continue
        if read_table_row(line, columns, table_context, collector):
            consumed.add(index)
            table_rows += 1
        elif is_scan_heading(line):
            update_context(line, table_context)  # "Left Femur" over more rows of the table
        else:
            columns = None
            update_context(line, table_context)
            _note_heading_site(line, table_context)
    return consumed


def is_scan_heading(line: str) -> bool:
    """A short results-free line naming only a scan (`Left Femur`, `RIGHT HIP`)."""
    if re.search(r"\d", line) or len(line.strip()) > 40 or scan_of(line) is None:
        return False
    mentions = find_site_mentions(line, None, True)
    return bool(mentions) and all(m.general for m in mentions)


def _note_heading_site(line: str, context: Context) -> None:
    """Remember the single site a results-free line names (a table's title)."""
    if not re.search(r"[A-Za-z]", line) or re.search(r"\d[.,]\d", line):
        return
    specific = [m for m in find_site_mentions(line, context.scan, True) if not m.general]
    if len(specific) == 1 and specific[0].site is not None:
        _side_from_heading(specific[0], context)
        context.heading_site = specific[0]
    else:
        context.heading_site = None


# ---------------------------------------------------------------------------------------
# The report


def parse_freetext(text: str, source: Source) -> Report:
    """Read a dictated or printed text report; raises NoResultsFound when it has no result."""
    try:
        return _parse(text, source)
    except ReportError:
        raise
    except Exception as error:  # the contract: one plain sentence, never a traceback
        raise ReportError(
            f"could not read the text report ({type(error).__name__}); please report this"
        ) from error


def _parse(text: str, source: Source) -> Report:
    collector = Collector()
    if len(text) > MAX_READ_CHARS:
        text = text[:MAX_READ_CHARS]
        collector.warnings.append(
            f"Only the first {MAX_READ_CHARS:,} characters were read: far longer than a DXA report."
        )
    column_lines = clean_text(text, keep_columns=True)
    lines = [pipe_pair(line) for line in clean_text(text)]
    whole = "\n".join(lines)
    exam_date = (
        find_labelled_date(whole, EXAM_LABELS)
        or _plain_date_line(lines)
        or _study_date(lines)
        or _only_date(lines)
    )
    comparison_date, comparison_device = _comparison_line(lines, exam_date)
    context = Context(
        exam_date=exam_date,
        comparison_date=comparison_date,
        comparison_device=comparison_device,
        bare_kind=bare_kind_of(whole),
    )
    consumed = read_tables(column_lines, collector, exam_date, comparison_date)
    prose_lines = ["" if i in consumed else line for i, line in enumerate(lines)]
    all_sentences: list[str] = []
    for paragraph in paragraphs(prose_lines):
        for line in paragraph:
            _read_line(line, context, collector, all_sentences)
    measurements = _measurements(collector)
    if not measurements:
        raise NoResultsFound()
    return Report(
        source=source,
        patient=_patient(lines, whole),
        exam=Exam(
            date=exam_date,
            device=_current_device(all_sentences),
            reference_database=find_reference_database(whole),
        ),
        measurements=measurements,
        frax=find_frax(all_sentences, whole),
        tbs=find_tbs(whole),
        previous=_previous(collector, measurements),
        lsc=find_lsc(all_sentences, collector.warnings),
        warnings=list(dict.fromkeys(collector.warnings)),
    )


LABEL_LINE_RE = re.compile(
    r"\s*(?:[TZ][\s\-]?scores?|BMD|bone\s+(?:mineral\s+)?density)(?:\s*\(\s*g/cm2\s*\))?\s*:?\s*",
    re.IGNORECASE,
)


def _read_line(line: str, context: Context, collector: Collector, sentences: list[str]) -> None:
    """Read a line sentence by sentence; a blank line ends what the last site carries over.

    A line that is only a label (`T-scores:`) labels the lines after it (`Spine: -1.2`)."""
    if not line.strip():
        sentences.append("")  # a paragraph break: later lines do not continue earlier ones
    if not line.strip() or HEADING_RESET_RE.match(line):
        context.last_group = []  # a new paragraph or section does not continue a site
        context.last_sites = []
        context.line_label = None
        context.earlier_section = None
    if is_section_heading(line):
        context.earlier_section = earlier_section_date(line, context)
    if LABEL_LINE_RE.fullmatch(line):
        context.line_label = line.strip()
        return
    if context.line_label and not LABEL_RE.search(line):
        line = f"{context.line_label} {line}"
    for position, sentence in enumerate(split_sentences(line)):
        sentences.append(sentence)
        update_context(sentence, context)
        _remember_comparison_date(sentence, context)
        groups = read_sentence(sentence, context, collector, line_start=position == 0)
        if groups:
            context.last_group = groups[-1]
            context.last_sites = [mention for group in groups for mention in group]
        elif SKIP_SENTENCE_RE.search(sentence):
            continue
        elif context.last_group:
            _inherit(sentence, context.last_group, context, collector)
        else:
            _warn_siteless(sentence, context, collector)


def is_section_heading(line: str) -> bool:
    """A short results-free line ending in a colon (`PREVIOUS EXAM (05/01/2022):`); a
    `Comparison: 02/14/2022` label with its value after the colon is not one."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= 80 and stripped.endswith(":") and not re.search(r"\d[.,]\d", stripped)
    )


def earlier_section_date(heading: str, context: Context) -> dt.date | None:
    """The earlier exam a section heading opens (`PREVIOUS EXAM (05/01/2022):`), or None for
    any other heading (`CURRENT EXAM (05/05/2024):`)."""
    if not COMPARISON_RE.search(heading) or CURRENT_RE.search(heading):
        return None
    dates = [d for m in DATE_RE.finditer(heading) if (d := parse_date(m[0]))]
    dates = [d for d in dates if d != context.exam_date]
    return dates[0] if dates else None


def _warn_siteless(sentence: str, context: Context, collector: Collector) -> None:
    """A result with no site named anywhere near it is left out, and said so."""
    if comparison_words(sentence, context):
        return
    for value in sentence_values(sentence, []):
        collector.warnings.append(
            f"A {KIND_NAMES[value.kind]} of {value.value:g} was given without its site; left out."
        )


def _remember_comparison_date(sentence: str, context: Context) -> None:
    """The first earlier-exam date a sentence names, for later ones that say "previously"."""
    if context.comparison_date is not None or not COMPARISON_RE.search(sentence):
        return
    for match in DATE_RE.finditer(sentence):
        date = parse_date(match[0])
        if date is not None and date != context.exam_date:
            context.comparison_date = date
            return


RESPECTIVELY_RE = re.compile(r"\brespectively\b", re.IGNORECASE)


def _inherit(
    sentence: str, group: list[SiteMention], context: Context, collector: Collector
) -> None:
    """A sentence with values but no site continues the previous sentence's site
    (`LEFT FEMORAL NECK: BMD 0.585 g/cm2. T-score -2.4.`), for kinds that site lacks;
    "... respectively" gives its values to the previous sentence's sites in order."""
    if context.earlier_section is not None:
        return  # an earlier exam's site-less line: its BMD cannot be placed
    values = sentence_values(sentence, collector.warnings)
    if values and comparison_words(sentence, context):
        values = _read_comparison(sentence, group, values, context, collector, inherited=True)
    if RESPECTIVELY_RE.search(sentence) and len(context.last_sites) > 1:
        assign_group_values(collector, context.last_sites, values, complete=False)
        return
    for value in values:
        for mention in group:
            reading = collector.readings.get(_key(mention))
            if reading is None or value.kind not in reading.values:
                collector.add(_key(mention), value.kind, value.value)


def _plain_date_line(lines: list[str]) -> dt.date | None:
    """A bare `Date: ...` line, when no exam-specific date label is present."""
    for line in lines:
        if match := re.match(rf"\s*(?:date|dos)\s*[:=]\s*({DATE_PATTERN})", line, re.IGNORECASE):
            return parse_date(match[1])
    return None


def _study_date(lines: list[str]) -> dt.date | None:
    """The first date on a line that names the study (`DXA 11 Apr 2023`), skipping a birth
    date and lines about an earlier exam."""
    for line in lines:
        if not re.search(
            r"\b(?:dxa|dexa|densitometry|bone\s+density|exam\w*|study|scan)\b", line, re.I
        ):
            continue
        if COMPARISON_RE.search(line):
            continue
        for match in DATE_RE.finditer(line):
            if not re.search(rf"(?:{BIRTH_LABELS})\W*$", line[: match.start()], re.I):
                return parse_date(match[0])
    return None


def _only_date(lines: list[str]) -> dt.date | None:
    """The one date of a report that prints a single date outside birth and comparison lines."""
    found = {
        parse_date(m[0])
        for line in lines
        if not (COMPARISON_RE.search(line) or re.search(BIRTH_LABELS, line, re.I))
        for m in DATE_RE.finditer(line)
    }
    found.discard(None)
    return found.pop() if len(found) == 1 else None


PRIOR_EXAM_LABEL_RE = re.compile(
    rf"\b(?:prior|previous|last)\s+(?:study|exam\w*|dxa|dexa|scan)(?:\s+date)?\s*[:=]\s*({DATE_PATTERN})",
    re.IGNORECASE,
)


def _comparison_line(
    lines: list[str], exam_date: dt.date | None
) -> tuple[dt.date | None, str | None]:
    """The earlier exam's date and scanner from a `Comparison: prior DXA 04/11/2022 ...` line
    (or a `Prior exam: 05/15/2022` label later in a line)."""
    for line in lines:
        if match := PRIOR_EXAM_LABEL_RE.search(line):
            date = parse_date(match[1])
            if date is not None and date != exam_date:
                return date, find_device(line[match.start() :])
        if re.match(
            r"\s*(?:comparison|prior\s+(?:study|exam\w*|dxa|dexa)|previous\s+(?:study|exam\w*|dxa|dexa))",
            line,
            re.I,
        ):
            dates = [parse_date(m[0]) for m in DATE_RE.finditer(line)]
            dates = [d for d in dates if d and d != exam_date]
            if dates:
                return dates[0], find_device(line)
    return None, None


def _current_device(sentences: list[str]) -> str | None:
    """The scanner named outside comparison sentences (an earlier scanner is not today's)."""
    for sentence in sentences:
        if COMPARISON_RE.search(sentence):
            continue
        if device := find_device(sentence):
            return device
    return None


def _patient(lines: list[str], whole: str) -> Patient:
    """Patient facts, read outside quoted criteria ("women aged 50 and older")."""
    lines = [line for line in lines if not CRITERIA_RE.search(line)]
    whole = "\n".join(lines)
    birth = find_labelled_date(whole, BIRTH_LABELS)
    return Patient(
        name=find_name(lines),
        id=find_id(whole),
        sex=find_sex(whole),
        birth_date=birth,
        age=find_age(whole),
    )


def _measurements(collector: Collector) -> list[Measurement]:
    """One measurement per site/side/region; a site named without its side in one place
    (an impression) joins the one sided reading of that site; conflicts become warnings."""
    readings = _merge_sideless(collector.readings)
    measurements = []
    for (site, side, region), reading in sorted(readings.items(), key=lambda kv: kv[1].order):
        fields: dict[str, float | None] = {}
        for kind, found in reading.values.items():
            if len(found) == 1:
                fields[kind] = next(iter(found))
            else:
                listed = ", ".join(str(v) for v in sorted(found))
                collector.warnings.append(
                    f"Different {KIND_NAMES[kind]} values for {_describe(site, side, region)} ({listed}); left out."
                )
        if not fields:
            continue
        try:
            measurements.append(
                Measurement(
                    site=site,
                    side=side,
                    region=region,
                    bmd=fields.get("bmd"),
                    t_score=fields.get("t"),
                    z_score=fields.get("z"),
                    young_adult_percent=fields.get("ya"),
                    age_matched_percent=fields.get("am"),
                )
            )
        except ValidationError:
            collector.warnings.append(
                f"An implausible value for {_describe(site, side, region)} was left out."
            )
    return measurements


def _merge_sideless(readings: dict[Key, Reading]) -> dict[Key, Reading]:
    """Join a reading named without side (or a spine without region) to the one reading that
    names it fully: the only one, or the only one it repeats."""
    merged = dict(readings)
    for (site, side, region), reading in readings.items():
        sided = _fuller_keys((site, side, region), list(readings))
        if len(sided) > 1:
            # "lowest T-score -2.7 at the femoral neck" with both hips read: the one it repeats.
            sided = [k for k in sided if _repeats(reading, readings[k])]
        if len(sided) == 1:
            target = merged[sided[0]]
            for kind, values in reading.values.items():
                target.values.setdefault(kind, set()).update(values)
            del merged[(site, side, region)]
    return merged


def _fuller_keys(key: Key, keys: list[Key]) -> list[Key]:
    """The keys naming the same site more fully: with a side for a side-less hip or forearm
    site, with a vertebral range for a region-less spine."""
    site, side, region = key
    if site is Site.lumbar_spine and region is None:
        return [k for k in keys if k[0] is site and k[2] and re.search(r"[-,]", k[2])]
    if side is None and site is not Site.lumbar_spine:
        return [k for k in keys if k[0] is site and k[1] is not None and k[2] == region]
    return []


def _repeats(partial: Reading, full: Reading) -> bool:
    """Whether every value of `partial` is also what `full` holds for that kind."""
    return all(full.values.get(kind) == values for kind, values in partial.values.items())


def _describe(site: Site, side: Side | None, region: str | None) -> str:
    words = [side.value if side else "", site.value.replace("_", " "), region or ""]
    return " ".join(w for w in words if w)


def _previous(collector: Collector, measurements: list[Measurement]) -> list[PreviousExam]:
    """One earlier exam per site, region and date; a site named less fully than today's one
    measurement of it ("the lumbar spine BMD was ...") is that measurement's site."""
    measured = [(m.site, m.side, m.region) for m in measurements]
    entries: dict[tuple[dt.date, Key], set[tuple[float, str | None]]] = {}
    for (date, key), found in collector.previous.items():
        fuller = _fuller_keys(key, measured)
        entries.setdefault((date, fuller[0] if len(fuller) == 1 else key), set()).update(found)
    previous = []
    for (date, (site, side, region)), found in entries.items():
        bmds = {bmd for bmd, _ in found}
        if len(bmds) != 1:
            collector.warnings.append(
                f"Different previous BMDs for {_describe(site, side, region)} on {date}; left out."
            )
            continue
        devices = {device for _, device in found if device}
        previous.append(
            PreviousExam(
                date=date,
                site=site,
                side=side,
                region=region,
                bmd=bmds.pop(),
                device=devices.pop() if len(devices) == 1 else None,
            )
        )
    return previous
