"""What earlier lines established (a heading's scan and side, dates), and section words."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dxa.parser.dates import ReportDates
from dxa.parser.model import FOREARM_SITES, HIP_SITES, Side
from dxa.parser.text import lexicon
from dxa.parser.text.scans import scan_of
from dxa.parser.text.sites import SIDE_RE, SiteMention, find_site_mentions
from dxa.parser.vocab import SIDE_NAMES, SIDE_WORDS, Scan

SKIP_SENTENCE_RE = re.compile(
    r"\bACF\b|\bBCF\b|defin(?:e|ed|es|ition)\b|\bclassif\w+\s*:",
    re.IGNORECASE,
)


HEADING_RESET_RE = re.compile(
    rf"^\s*(?:{lexicon.alternation(lexicon.load('sections')['headings'])})\b", re.IGNORECASE
)

# "ADDENDUM 05/17/2023:", "Correction to ...": what follows replaces what came before.
CORRECTION_RE = re.compile(
    rf"^\W*(?:{lexicon.alternation(lexicon.load('sections')['corrections'])})\b", re.IGNORECASE
)
# The original report reproduced under an addendum placed first ("*** ORIGINAL REPORT ***"):
# the correction ends there, and the original's values for corrected fields are superseded.
ORIGINAL_RE = re.compile(
    rf"^\W*(?:{lexicon.alternation(lexicon.load('sections')['originals'])})\b\W*$", re.IGNORECASE
)


@dataclass
class Context:
    """What earlier lines established: the scan and side of a heading, the comparison date."""

    scan: Scan | None = None
    side: Side | None = None
    comparison_date: dt.date | None = None
    comparison_device: str | None = None
    exam_date: dt.date | None = None
    vertebrae: list[str] = field(default_factory=list)
    # The one site a heading line names ("L1-L4 trend", "Left femoral neck"), for trend rows.
    heading_site: SiteMention | None = None
    # The site of the last table row, for a row under it that gives only a date.
    row_site: SiteMention | None = None
    # A label standing alone on a line ("T-scores:"), for the lines under it.
    line_label: str | None = None
    # The sites of the last sentence that named one, for a following sentence that does not.
    last_group: list[SiteMention] = field(default_factory=list)
    # Every site of that sentence in order, for "... 0.744, 0.612 and 0.760 respectively".
    last_sites: list[SiteMention] = field(default_factory=list)
    # What an unlabelled score right after a site is in this report ("t_score", "z_score",
    # values.ASSUMED_T, or None: unsure).
    bare_kind: str | None = None
    # The date of the earlier exam whose section ("PREVIOUS EXAM (05/01/2022):") is being read.
    earlier_section: dt.date | None = None
    # Under an earlier exam's heading whose date could not be read: its values are not today's,
    # and without a date they cannot go to `previous` (the self-check reports them unread).
    undated_section: bool = False
    # The sentence before compared with an earlier exam; a past-tense one after it goes on.
    after_comparison: bool = False
    # How this report's dates are read (its own day/month order, else the clinic's).
    read_date: ReportDates = field(default_factory=ReportDates)
    # The date of the earlier exam whose whole reproduced report (`blocks`) is being read.
    block_date: dt.date | None = None
    # The side a technique or exam line says a scan was done on ("Technique: RIGHT
    # (nondominant) forearm"): it holds for the whole report, past later headings.
    scanned_sides: dict[Scan, Side] = field(default_factory=dict)
    # The side a prose sentence opened with ("In the left hip, ..."): it holds for that
    # scan's sites named without a side in the sentences after it, up to a blank line.
    prose_sides: dict[Scan, Side] = field(default_factory=dict)


def side_from_heading(mention: SiteMention, context: Context) -> None:
    """A site named without side takes the side of the heading above it (`LEFT HIP`), when
    it belongs to that heading's scan (a forearm heading gives no side to a hip site)."""
    family = {Scan.hip: HIP_SITES, Scan.forearm: FOREARM_SITES}.get(context.scan, set())
    if mention.side is None and mention.site in family:
        mention.side = context.side
    for scan, side in [*context.prose_sides.items(), *context.scanned_sides.items()]:
        if mention.side is None and mention.site in SCAN_FAMILIES[scan]:
            mention.side = side


SCAN_FAMILIES = {Scan.hip: HIP_SITES, Scan.forearm: FOREARM_SITES}
TECHNIQUE_LINE_RE = re.compile(
    r"^\W*(?:technique|technologist|technician|radiographer|acquisition|protocol|exam(?:ination)?|procedure|study|scan(?:s|ned)?|site(?:s)?|region(?:s)?)\b",
    re.IGNORECASE,
)


PROSE_SIDE_RE = re.compile(
    rf"^\W*(?:in|at|for|on)\s+the\s+({SIDE_NAMES})\s+(hip|femur|forearm|radius)\b", re.IGNORECASE
)


def note_prose_side(sentence: str, context: Context) -> None:
    """ "In the left hip, the femoral neck ... . Total hip bone density is 0.701": the side."""
    if (match := PROSE_SIDE_RE.match(sentence)) and (scan := scan_of(match[2])):
        context.prose_sides[scan] = SIDE_WORDS[match[1].lower()]


def note_scanned_side(line: str, context: Context) -> None:
    """A technique or exam line naming one side for a forearm or hip scan, and no result;
    or a scan's heading giving it a side after a colon (`Forearm: Lt (nondominant)`)."""
    if re.search(r"\d[.,]\d", line):
        return
    if (heading := SCAN_SIDE_HEADING_RE.match(line)) and (scan := scan_of(heading[1])):
        context.scanned_sides[scan] = SIDE_WORDS[heading[2].lower()]
        return
    if not TECHNIQUE_LINE_RE.match(line):
        return
    named = {m[1].lower() for m in SIDE_RE.finditer(line)}
    if len({SIDE_WORDS.get(word) for word in named} - {None}) != 1:
        return  # "left and right hips", "bilateral": no one side for the report
    for scan in SCAN_FAMILIES:
        sides = {SIDE_WORDS[m[1].lower()] for m in SCANNED_SIDE_RE[scan].finditer(line)}
        if len(sides) == 1:
            context.scanned_sides[scan] = sides.pop()


def stated_scanned_sides(sentences: list[str]) -> dict[Scan, Side]:
    """ "The left hip was scanned because of right hip hardware": the side a sentence says a
    hip or forearm was scanned on, wherever the sentence wraps; none when sentences differ."""
    found: dict[Scan, set[Side]] = {}
    for sentence in sentences:
        for match in SCANNED_SENTENCE_RE.finditer(sentence):
            if scan := scan_of(match[2]):
                found.setdefault(scan, set()).add(SIDE_WORDS[match[1].lower()])
    return {scan: sides.pop() for scan, sides in found.items() if len(sides) == 1}


SCANNED_SENTENCE_RE = re.compile(
    rf"\b({SIDE_NAMES})\.?\s+(?:proximal\s+)?(hip|femur|forearm|radius)\s+(?:was|were|is)\s+"
    r"(?:therefore\s+|instead\s+|only\s+)?(?:scanned|imaged|measured|studied|assessed|used)\b",
    re.IGNORECASE,
)


SCAN_SIDE_HEADING_RE = re.compile(
    rf"^\W*(forearm|radius|hip|femur)\s*:\s*({SIDE_NAMES})\b\.?\s*(?:\([^)]*\))?\s*$",
    re.IGNORECASE,
)
SCANNED_SIDE_RE = {
    scan: re.compile(
        rf"\b({SIDE_NAMES})\b\.?\s*(?:\([^)]{{0,20}}\)\s*|(?:non-?)?dominant\s+)?{words}\b",
        re.IGNORECASE,
    )
    for scan, words in (
        (Scan.hip, r"(?:proximal\s+)?(?:hip|femur)"),
        (Scan.forearm, r"(?:forearm|radius|wrist)"),
    )
}


HANDEDNESS_RE = re.compile(r"\b(?:left|right)[\s-]*hand(?:ed)?(?:ness)?\b", re.IGNORECASE)


def update_context(line: str, context: Context) -> None:
    """A heading line (a site or section name with no results) sets the scan and side."""
    line = HANDEDNESS_RE.sub(lambda m: " " * len(m[0]), line)  # "right handed" is no side
    note_scanned_side(line, context)
    if HEADING_RESET_RE.match(line):
        context.side = None
    has_result = re.search(r"-?\d[.,]\d", line)
    if has_result and not re.match(r"^[^\d]{0,40}:", line):
        return
    lowered_scan = scan_of(line)
    head = line.split(":")[0] if ":" in line else line
    if not has_result and scan_of(head) is None:
        head = line  # "DXA Results Summary:  Left Hip": the scan and side follow the colon
    if not re.search(r"[A-Za-z]", head) or len(head) > 60:
        return
    scan = scan_of(head) or (lowered_scan if not has_result else None)
    if scan is None:
        return
    sides = [
        SIDE_WORDS[m[1].lower()] for m in SIDE_RE.finditer(head) if m[1].lower() != "bilateral"
    ]
    if any(not m.general for m in find_site_mentions(head, None, True)):
        if scan != context.scan:
            context.side = None  # another scan: the last heading's side no longer holds
        context.scan = scan
        if sides and not has_result and scan in (Scan.hip, Scan.forearm):
            context.side = sides[0]  # "COLLUM FEMORIS / FEMUR LEFT" over its rows
        return  # "Left femoral neck: 0.612 ..." names its own site; it is not a section heading
    context.scan = scan
    context.side = sides[0] if sides and scan in (Scan.hip, Scan.forearm) else None


# ---------------------------------------------------------------------------------------


COMPARISON_RE = re.compile(
    r"\bversus\b|\bvs\b\.?|\b(?:down|up)\s+from\b|\b\w+ed\s+(?=from\s+[-+]?\d)|\b(?:decreas|increas|declin|drop|fell|fall|los[st]|gain|chang)\w*(?=[^;]{0,60}?\bfrom\b)|\bcompar\w*|\bprior\b|\bprevious\w*|\bpreceding\b|\blast\s+(?:study|exam\w*|scan|dxa)|\bbaseline\b|\bsince\b|\bearlier\b|\boutside\s+(?:exam\w*|study|scan|dxa|dexa)\b"
    r"|(?<=\d)\s*(?:->|→)(?=\s*[-+]?\d)",  # "0.702 -> 0.781": then and now
    re.IGNORECASE,
)


CURRENT_RE = re.compile(r"\b(?:current(?:ly)?|today(?:'s)?|now|present)\b", re.IGNORECASE)
