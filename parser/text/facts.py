"""Patient and exam facts (name, id, sex, age, birth and exam dates, scanner, reference data).

The lead swaps the patient part for the demographics reader: `read_patient(lines, whole)`."""

from __future__ import annotations

import datetime as dt
import re

from dxa.parser.dates import DATE_PATTERN, DATE_RE, ReportDates
from dxa.parser.model import Patient, Sex
from dxa.parser.text.context import COMPARISON_RE
from dxa.parser.text.segment import paragraphs, split_sentences

CRITERIA_RE = re.compile(
    r"criteria|\bWHO\b|World\s+Health|defin(?:e|ed|es|ition)|guideline|recommend\w*\s+(?:for|when|if)|aged\s+\d+\s+(?:and|or)\s+(?:older|over|above)",
    re.IGNORECASE,
)


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


def find_labelled_date(text: str, labels: str, read: ReportDates) -> dt.date | None:
    """The first date after one of `labels` (a regex alternation)."""
    match = re.search(
        rf"\b(?:{labels})\s*[:=#-]?\s*(?:on\s+)?({DATE_PATTERN})", text, re.IGNORECASE
    )
    return read(match[1]) if match else None


def labelled_dates(text: str, labels: str, read: ReportDates) -> list[dt.date]:
    """Every date after one of `labels`, in order (two different exam dates are a conflict)."""
    pattern = rf"\b(?:{labels})\s*[:=#-]?\s*(?:on\s+)?({DATE_PATTERN})"
    found = (read(m[1]) for m in re.finditer(pattern, text, re.IGNORECASE))
    return [date for date in found if date is not None]


BIRTH_LABELS = r"DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?"
EXAM_LABELS = (
    r"exam(?:ination)?\s+date|date\s+of\s+(?:exam(?:ination)?|study|service|scan|procedure|dxa|dexa)"
    r"|study\s+date|scan\s+date|service\s+date|acquisition\s+date|acquired|dxa\s+date|dexa\s+date"
    r"|(?:exam|study|scan|dxa|dexa)\s+(?:was\s+)?performed(?:\s+on)?|performed(?:\s+here)?\s+on|scanned(?:\s+on)?"
    # "DOS: 03/27/2023", a US date of service (the colon: Portuguese "dos" is a word)
    r"|dos(?=\s*:)"
    # RIS event and attendance dates (CRIS "Event Date", "Date of attendance", "Date scanned")
    r"|event\s+date|attendance\s+date|date\s+of\s+attendance|appointment\s+date|date\s+scanned"
    # "attended for follow-up densitometry on 27/11/2026"; "Current results (27/11/2026):"
    r"|attended(?:\s+(?:for|the)\b[^\n.;:]{0,50}?)?\s+on|current\s+(?:results|study|scan|exam\w*)\s*\("
    r"|measured(?=\s*:)|investigation\s+date|date\s+(?:of\s+)?investigation|measurement\s+date|date\s+of\s+measurement"
    # "Performed By: Rhodes, K (RT) on June 3, 2024"; an office note's "She had a DXA on 04/30/2024"
    r"|performed\s+by\s*:?[^\n:]{0,60}?\bon|(?:had|underwent)\s+(?:a|an|her|his|the)?\s*"
    r"(?:dxa|dexa|bone\s+density(?:\s+scan)?|bone\s+densitometry)(?:\s+scan)?\s+on"
    # Spanish, Portuguese and Turkish labels left in English-language printouts
    r"|fecha\s+(?:del?\s+)?(?:estudio|examen)|fecha[_\s]est|data\s+(?:do\s+)?exame|tetkik\s+tarihi"
    # German, Dutch, Nordic, French and Italian ones
    r"|untersuchungsdatum|untersuchung\s+vom|untersuchung(?=\s*:)|onderzoeksdatum|datum\s+(?:van\s+)?onderzoek"
    r"|unders\u00f6kningsdatum|unders\u00f8gelsesdato|unders\u00f8kelsesdato|tutkimusp\u00e4iv\u00e4"
    r"|date\s+(?:de\s+l'|d')examen|data\s+(?:dell'\s*)?esame"
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


def plain_date_line(lines: list[str], read: ReportDates) -> dt.date | None:
    """A bare `Date: ...` label, when no exam-specific date label is present: at a line's
    start, or as a header cell of its own after a value (`Hosp No : 445120  Date : ...`),
    not a `Birth Date:` or `Report Date:` (a word right before it)."""
    for line in lines:
        if match := PLAIN_DATE_RE.search(line):
            return read(match[1])
    return None


PLAIN_DATE_RE = re.compile(
    rf"(?:^|(?<![A-Za-z.]\s)(?<![A-Za-z.])(?<=[\s|]))\s*date\s*[:=]\s*({DATE_PATTERN})",
    re.IGNORECASE,
)


def study_date(sentences: list[str], read: ReportDates) -> dt.date | None:
    """The first date in a sentence that names the study (`DXA 11 Apr 2023`; "On 3 April
    2024 your patient ... underwent a DXA measurement", wrapped over lines), skipping a birth
    date and a date that a comparison word comes before ("compared with the DXA of 2021")."""
    for sentence in sentences:
        if not STUDY_WORD_RE.search(sentence):
            continue
        comparison = COMPARISON_RE.search(sentence)
        for match in DATE_RE.finditer(sentence):
            if comparison and comparison.start() < match.start():
                break
            if not re.search(rf"(?:{BIRTH_LABELS})\W*$", sentence[: match.start()], re.I):
                return read(match[0])
    return None


def joined_sentences(lines: list[str]) -> list[str]:
    """The sentences of the lines, with lines wrapped mid-sentence joined."""
    return [s for p in paragraphs(lines) for s in split_sentences(" ".join(p))]


STUDY_WORD_RE = re.compile(
    r"\b(?:dxa|dexa|densitometry|bone\s+density|exam\w*|study|scan(?:ned)?)\b", re.IGNORECASE
)


def only_date(sentences: list[str], read: ReportDates) -> dt.date | None:
    """The one date of a report that prints a single date outside birth and comparison
    sentences (a comparison sentence wrapped over lines is one sentence)."""
    dates = [
        (m, sentence)
        for sentence in sentences
        if not (COMPARISON_RE.search(sentence) or re.search(BIRTH_LABELS, sentence, re.I))
        for m in DATE_RE.finditer(sentence)
    ]
    if any(PAPERWORK_DATE_RE.search(s[max(0, m.start() - 40) : m.start()]) for m, s in dates):
        return None  # it dates its paperwork, so an unlabelled date may be any of those
    found = {read(m[0]) for m, _ in dates}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


# "Reported on: 14/10/2026", "Printed 02/02/2026", "Electronically signed ... 11/18/2025":
# the paperwork's date, not the exam's (the writers' brief: only those given, the date is
# unknown). A report dating its paperwork and labelling no exam date is held with
# unknown_exam_date rather than given one of those dates.
PAPERWORK_DATE_RE = re.compile(
    r"\b(?:report(?:ed)?(?:\s+(?:on|date))?|date\s+of\s+report|printed(?:\s+on)?|print\s+date|"
    r"signed(?:\s+on)?|dictated(?:\s+on)?|typed|transcribed|verified|authori[sz]ed)\b[^\d\n]{0,25}$",
    re.IGNORECASE,
)


PRIOR_EXAM_LABEL_RE = re.compile(
    rf"\b(?:prior|previous|last)\s+(?:study|exam\w*|dxa|dexa|scan)(?:\s+(?:date|here|on))?\s*[:=]\s*({DATE_PATTERN})",
    re.IGNORECASE,
)


def comparison_line(
    lines: list[str], exam_date: dt.date | None, read: ReportDates
) -> tuple[dt.date | None, str | None]:
    """The earlier exam's date and scanner from a `Comparison: prior DXA 04/11/2022 ...` line
    (or a `Prior exam: 05/15/2022` label later in a line)."""
    for line in lines:
        if match := PRIOR_EXAM_LABEL_RE.search(line):
            date = read(match[1])
            if date is not None and date != exam_date:
                return date, find_device(line[match.start() :])
        if re.match(
            r"\s*(?:comparison|prior\s+(?:study|exam\w*|dxa|dexa)|previous\s+(?:study|exam\w*|dxa|dexa))",
            line,
            re.I,
        ):
            dates = [read(m[0]) for m in DATE_RE.finditer(line)]
            dates = [d for d in dates if d and d != exam_date]
            if dates:
                return dates[0], find_device(line)
    return None, None


SAME_SCANNER_RE = re.compile(
    r"\b(?:same|identical)\s+(?:dxa\s+|dexa\s+)?"
    r"(?:scanner|machine|densitometer|device|unit|equipment|system|instrument)\b",
    re.IGNORECASE,
)


EARLIER_EXAM_RE = re.compile(r"\b(?:compar\w*|prior|previous|earlier|last|baseline)\b", re.I)
ADVICE_RE = re.compile(r"\b(?:repeat|follow[-\s]?up|recommend\w*|next|future)\b", re.I)


def states_same_scanner(text: str) -> bool:
    """The report says an earlier exam was on the same scanner (clinical rules §8, v2: then
    no same-manufacturer assumption is needed): a sentence naming an earlier exam and the
    same scanner. Advice ("follow-up on the same scanner") and "not the same scanner" do
    not count."""
    for sentence in re.split(r"(?<=[.;])\s+|\n", text):
        for match in SAME_SCANNER_RE.finditer(sentence):
            before = sentence[: match.start()]
            if re.search(r"\b(?:not|different|another)\b[^.]{0,25}$", before, re.I):
                continue
            if EARLIER_EXAM_RE.search(sentence) and not ADVICE_RE.search(sentence):
                return True
    return False


def current_device(sentences: list[str]) -> str | None:
    """The scanner named outside comparison sentences (an earlier scanner is not today's)."""
    for sentence in sentences:
        if COMPARISON_RE.search(sentence):
            continue
        if device := find_device(sentence):
            return device
    return None


def read_patient(lines: list[str], whole: str) -> Patient:
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
