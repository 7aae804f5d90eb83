"""Earlier exams: which values of a comparison sentence are the earlier exam's, and their dates."""

from __future__ import annotations

import datetime as dt
import re

from dxa.parser.dates import DATE_PATTERN, DATE_RE, ReportDates
from dxa.parser.text.attach import Collector, group_sites, link_values, site_key
from dxa.parser.text.context import COMPARISON_RE, CURRENT_RE, Context
from dxa.parser.text.facts import find_device
from dxa.parser.text.sites import SiteMention
from dxa.parser.text.values import ValueMention


def read_earlier_section(
    sentence: str,
    groups: list[list[SiteMention]],
    values: list[ValueMention],
    date: dt.date,
    collector: Collector,
) -> None:
    """A sentence under an earlier exam's heading: its BMDs go to `previous` (scores are
    not kept for earlier exams)."""
    bmds = [v for v in values if v.kind == "bmd"]
    collector.dismiss([v.value for v in values if v.kind != "bmd"], "historical")
    for index, group_values in link_values(sentence, groups, bmds).items():
        for value in group_values:
            for mention in groups[index]:
                collector.add_previous(date, site_key(mention), value.value, None)


def comparison_words(sentence: str, context: Context) -> list[re.Match]:
    """Words that turn a sentence to an earlier exam: "compared", "prior", ... and "in 2019"
    (a year other than the exam's, or, when the exam's date is unknown, the year of the
    earlier exam the report names), and "On 04/11/2019" (a date before the exam's)."""
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
    found += [
        m
        for m in EARLIER_DATE_RE.finditer(sentence)
        if context.exam_date and (date := context.read_date(m[1])) and date < context.exam_date
    ]
    if not found and context.after_comparison and not PRESENT_TENSE_RE.search(sentence):
        # "Compared with 01/22/2024: spine BMD was 0.874. Left total hip was 0.790.": the
        # next sentence in the past tense goes on about the same earlier exam.
        found += list(PAST_TENSE_RE.finditer(sentence))
    return sorted(found, key=lambda m: m.start())


PAST_TENSE_RE = re.compile(r"\b(?:was|were|had\s+been|measured\s+then)\b", re.IGNORECASE)
PRESENT_TENSE_RE = re.compile(
    r"\b(?:is|are|now|today|currently|current|this\s+study)\b", re.IGNORECASE
)


EARLIER_DATE_RE = re.compile(rf"\b(?:on|in|as\s+of)\s+({DATE_PATTERN})", re.IGNORECASE)


def read_comparison(
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
    listing = _lists_earlier_values(sentence, collector)
    current = [v for v in values if not _is_earlier(sentence, v, comparisons, context, listing)]
    bmds = [v for v in values if v not in current and v.kind == "bmd"]
    collector.dismiss(
        [v.value for v in values if v not in current and v.kind != "bmd"], "historical"
    )
    dated = [
        (m.start(), d)
        for m in DATE_RE.finditer(sentence)
        if (d := context.read_date.earlier(m[0])) is not None and d != context.exam_date
    ]
    device = find_device(sentence[comparisons[0].start() :]) or context.comparison_device
    if inherited:
        targets = {0: bmds} if len(bmds) == 1 else {}
        groups = [mentions]
    else:
        groups = group_sites(sentence, mentions)
        targets = link_values(sentence, groups, bmds)
    for index, group_values in targets.items():
        for mention, value in _pairs(groups[index], group_values, collector):
            date = _date_of(sentence, value, dated) or _comparison_date_by_year(sentence, context)
            if date is None:
                collector.warnings.append("A previous BMD was given without a date; left out.")
                continue
            collector.add_previous(date, site_key(mention), value.value, device)
    return current


def _pairs(
    group: list[SiteMention], values: list[ValueMention], collector: Collector
) -> list[tuple[SiteMention, ValueMention]]:
    """Which earlier BMD is which site's: one site takes each; as many BMDs as sites go in
    order ("femoral neck and total hip values were 0.722 and 0.845"); sites rarely share one
    BMD, so any other count is left out, and said so."""
    if len(group) == 1:
        return [(group[0], value) for value in values]
    if len(values) == len(group):
        return list(zip(group, values, strict=True))
    collector.warnings.append("Could not tell which previous BMD belongs to which site; left out.")
    return []


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


def dated_before_today(after: str, today: dt.date | None, read: ReportDates) -> bool | None:
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
    date = read(match[1])
    if date is not None:
        return date != today
    year = re.search(r"(?:19|20)\d\d", match[1])
    return year is not None and int(year[0]) != today.year


def _sentence_today(sentence: str, context: Context) -> dt.date | None:
    """Today's date for a comparison sentence: the exam's, else the latest of several dates
    the sentence names, else unknown."""
    if context.exam_date is not None:
        return context.exam_date
    dates = {d for m in DATE_RE.finditer(sentence) if (d := context.read_date(m[0])) is not None}
    return max(dates) if len(dates) > 1 else None


EARLIER_AFTER_RE = re.compile(
    r"\s*(?:g/cm2\s*)?\)?\s*(?:previously|before|earlier|at\s+baseline"
    r"|(?:on|at|in)\s+(?:the\s+)?(?:prior|previous|last|baseline|earlier))\b",
    re.IGNORECASE,
)
PAST_RE = re.compile(r"\b(?:was|were|had\s+been|previously|then|used\s+to\s+be)\b", re.IGNORECASE)


OPENING_COMPARISON_RE = re.compile(
    rf"^\W*(?:when\s+)?(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|relative\s+to)"
    rf"[^,;:]*?(?:{DATE_PATTERN}|\b(?:19|20)\d\d\b)[^,;:]*[,:]",
    re.IGNORECASE,
)
ABOUT_EARLIER_EXAM_RE = re.compile(
    r"^\W*(?:(?:the|her|his|a)\s+)?(?:previous|prior|last|earlier|outside)\s+"
    r"(?:dxa|dexa|scan|study|exam\w*|bone\s+density|bmd|densitometry)\b",
    re.IGNORECASE,
)
PRESENT_RE = re.compile(
    r"\b(?:is|are|has|have|measures?|measuring|remains?|stands?)\b", re.IGNORECASE
)


def _lists_earlier_values(sentence: str, collector: Collector) -> bool:
    """ "Compared with 09/02/2024, spine 0.822 (+1.7%) and left total hip 0.716 (+0.7%)": a
    sentence that opens by naming an earlier exam and then lists values without a verb, after
    today's results were given, lists that exam's values."""
    return bool(OPENING_COMPARISON_RE.match(sentence)) and bool(collector.readings)


def _is_earlier(
    sentence: str,
    value: ValueMention,
    comparisons: list[re.Match],
    context: Context,
    listing: bool = False,
) -> bool:
    """Whether a value in a comparison sentence is the earlier exam's.

    `from A to B`: A earlier, B today. Otherwise earlier when the comparison word comes
    before it in its clause ("compared with 0.707 on ..."), or when its clause is in the past
    tense and the comparison word is in it or an earlier clause ("Compared with 2022, the
    BMD was 0.707"; "the BMD was 0.707 on the prior study"), or when it is dated right after
    with another date or year than today's ("T-score -2.6 in 2018"). Clauses end at ", " and ";".
    """
    today = _sentence_today(sentence, context)
    dated = dated_before_today(sentence[value.end : value.end + 40], today, context.read_date)
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
    if ABOUT_EARLIER_EXAM_RE.match(sentence):
        return True  # "Previous DXA 2018 at outside facility, "T-score -1.9", ..."
    colon = sentence.find(":")
    if 0 <= colon < value.start and any(c.start() < colon for c in comparisons):
        return True  # "PREVIOUS EXAM 7/20/2022: SPINE BMD 0.880, HIP BMD 0.815"
    past = PAST_RE.search(sentence[clause_start : value.start])
    if past and any(c.start() < clause_end for c in comparisons):
        return True
    # "the left total hip BMD of 0.701 g/cm2 is stable": the verb may follow the value, unless
    # the value is in brackets ("(L1-L4 0.967, right total hip 0.829) there has been ...").
    before = sentence[: value.start]
    verb_end = value.start if before.count("(") > before.count(")") else clause_end
    return listing and not PRESENT_RE.search(sentence[clause_start:verb_end])


def opens_earlier_section(heading: str) -> bool:
    """Whether a heading opens an earlier exam's section (`PREVIOUS EXAM (05/01/2022):`), not
    today's (`CURRENT EXAM (05/05/2024):`). Words in brackets only qualify the heading
    (`Findings (Hologic; Z-scores vs age-matched male reference):`)."""
    words = re.sub(r"\([^()]*\)", " ", heading)
    return bool(COMPARISON_RE.search(words)) and not CURRENT_RE.search(heading)


def earlier_section_date(heading: str, context: Context) -> dt.date | None:
    """The date of the earlier exam a section heading opens, or None when it opens none or
    its date cannot be read (ambiguous, or not given)."""
    if not opens_earlier_section(heading):
        return None
    dates = [d for m in DATE_RE.finditer(heading) if (d := context.read_date.earlier(m[0]))]
    dates = [d for d in dates if d != context.exam_date]
    return dates[0] if dates else None


def comparison_heading_date(line: str, context: Context) -> dt.date | None:
    """A results-free line naming an earlier exam and its date, after today's results
    (`COMPARISON (previous scan 24/05/2021, same scanner)`): the lines under it are that
    exam's. Before any result, the same line only labels the report (`COMPARISON: 02/14/2022`)."""
    stripped = line.strip()
    if len(stripped) > 100 or re.search(r"\d[.,]\d", stripped):
        return None
    return named_earlier_date(stripped, context)


def named_earlier_date(line: str, context: Context) -> dt.date | None:
    """The one earlier exam date a line names beside comparison words (`Previous study at
    this site 04/12/2023: lumbar spine 0.874`); None when it names none or several."""
    if not COMPARISON_RE.search(line):
        return None
    dates = [d for m in DATE_RE.finditer(line) if (d := context.read_date.earlier(m[0]))]
    dates = [d for d in dates if d != context.exam_date]
    return dates[0] if len(dates) == 1 else None


LEADING_DATE_RE = re.compile(rf"\s*\(?({DATE_PATTERN})\)?\s*[:\-\u2013]?\s+(?=\D)", re.IGNORECASE)
# "Comparison: 02/02/2024. TBLH BMD 0.655 g/cm2": a label naming the earlier exam and its date
# as a sentence of their own lead the line too.
LABELLED_LEADING_DATE_RE = re.compile(
    rf"\s*(?:comparison|prior|previous|baseline)(?:\s+(?:study|exam|scan|dxa))?\s*[:\-]\s*"
    rf"({DATE_PATTERN})\s*\.\s+(?=[A-Za-z])",
    re.IGNORECASE,
)


def leading_earlier_date(line: str, context: Context) -> dt.date | None:
    """A line led by an earlier exam's date (`06/03/2022   L1-L4 1.071   Lt FN 0.729`) is that
    exam's, wherever it stands; a line led by today's date, or an unreadable one, is not."""
    match = LEADING_DATE_RE.match(line) or LABELLED_LEADING_DATE_RE.match(line)
    if not match or context.exam_date is None:
        return None
    date = context.read_date.earlier(match[1])
    return date if date is not None and date < context.exam_date else None


def remember_comparison_date(sentence: str, context: Context) -> None:
    """The first earlier-exam date a sentence names, for later ones that say "previously"."""
    if context.comparison_date is not None or not COMPARISON_RE.search(sentence):
        return
    for match in DATE_RE.finditer(sentence):
        date = context.read_date.earlier(match[0])
        if date is not None and date != context.exam_date:
            context.comparison_date = date
            return
