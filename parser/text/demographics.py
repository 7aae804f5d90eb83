"""The patient's own facts in a dictated or RIS-printed report: name, id, sex, birth date,
age, height and weight.

Interface (for the text reader; not yet wired in)::

    order = dates.date_order_for(report_text, clinic_order)   # the report's, else the clinic's
    reading = read_patient(lines, exam_date, order)
    reading.patient    # a dxa.parser.model.Patient; a field is None where not printed or unsure
    reading.reasons    # ReviewReasons: conflicting_age, conflicting_date, ambiguous_date,
                       # conflicting_value (two sexes, heights or weights)
    reading.evidence   # field -> the phrase it was read from, for the self-check
    reading.dismissed  # age phrases refused as someone else's or a history event's

An age is the patient's only where its phrase says so ("Age: 76", "72 yo F", "58-year-old
woman", "aged 67"); a phrase whose neighbours make it a history event ("menopause at age
42", "early menopause (age 42)") or another person's ("her mother, aged 70") is refused.
A printed age and the age from the birth and exam dates must agree within a year, else the
age is left out with `conflicting_age`. No age at all is no reason here: the interpreter
decides what an unknown age means. The vocabulary is data: lexicon/patient.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from dxa.parser.dates import DATE_PATTERN, DateOrder, date_reasons, read_date
from dxa.parser.model import Patient, ReviewReason, Sex
from dxa.parser.text.patient_fields import find_id, find_name, find_sex, read_body
from dxa.parser.text.patient_vocab import (
    WORD_RE,
    has_word,
    joined_text,
    lexicon,
    one_value,
    sentence_after,
    sentence_before,
    words_pattern,
)


@dataclass(frozen=True)
class PatientReading:
    """What the report says about its patient, with the doubts a person must settle."""

    patient: Patient
    reasons: list[ReviewReason] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    dismissed: list[str] = field(default_factory=list)


HEADER_CELL_SEX_RE = re.compile(
    r"^[^\n]*\b(?:patient|name|pt)\b[^\n]*?(?:[ ]{2,}|\t|\|[ ]*)(?P<sex>[MF])(?=[ ]{2,}|\t|[ ]*\||[ \t]*$)",
    re.IGNORECASE,
)


def header_cell_sexes(columned: list[str]) -> list[tuple[Sex, str]]:
    """ "Pt: Abena Mensah   F   DOB 14/06/1958": a sex letter alone between a header line's
    cells (two or more spaces, a tab or a pipe on each side), never a middle initial."""
    found = []
    for line in columned[:15]:
        if (match := HEADER_CELL_SEX_RE.match(line)) and match["sex"].isupper():
            found.append((Sex.female if match["sex"] == "F" else Sex.male, match[0].strip()))
    return found


def read_patient(
    lines: list[str],
    exam_date: dt.date | None,
    date_order: DateOrder | None,
    columned: list[str] | None = None,
) -> PatientReading:
    """The patient's facts from a report's lines (see the module docstring); `columned`, the
    same lines with their runs of spaces kept, shows a sex letter standing as a header cell."""
    text = joined_text(lines)
    ages = find_ages(text)
    births, birth_phrase, reasons = find_birth_dates(text, exam_date, date_order)
    birth, conflict = one_value("birth date", births, code="conflicting_date")
    if impossible := date_reasons(exam_date, birth_date=birth):
        birth, reasons = None, reasons + impossible  # born after the exam: left out
    reasons += conflict
    age, age_phrase, age_reasons = decide_age(ages.stated, birth, exam_date)
    sex, sex_phrase, sex_reasons = find_sex(text, ages.sexes + header_cell_sexes(columned or []))
    body, evidence, body_reasons = read_body(text)
    patient = Patient(
        name=find_name(lines), id=find_id(text), sex=sex, birth_date=birth, age=age, **body
    )
    for key, phrase in (("age", age_phrase), ("sex", sex_phrase), ("birth_date", birth_phrase)):
        if phrase and getattr(patient, key) is not None:
            evidence[key] = phrase
    return PatientReading(
        patient=patient,
        reasons=reasons + age_reasons + sex_reasons + body_reasons,
        evidence=evidence,
        dismissed=ages.dismissed,
    )


@dataclass(frozen=True)
class AgePattern:
    name: str
    regex: re.Pattern[str]
    weak: bool
    example: str


@cache
def age_patterns() -> tuple[AgePattern, ...]:
    """The lexicon's age patterns with their placeholders filled in."""
    vocab = lexicon()
    labels, sex_values = vocab["labels"], vocab["sex"]["values"]
    fills = {
        # Not a piece of a date or a decimal ("Age: 21/06/1951" is no age of 21).
        "{n}": r"(?<!\d)(?<!\d[./-])(?P<age>\d{1,3}(?:\.\d)?)(?![\d%]|[./-]\d)",
        "{unit}": f"(?:{words_pattern(vocab['age']['units'])})",
        "{sex}": f"(?P<sex>{words_pattern(sum(sex_values.values(), []))})",
        "{age_label}": words_pattern(labels["age"]),
        "{age_sex_label}": words_pattern(labels["age_sex"]),
        "{sex_age_label}": words_pattern(labels["sex_age"]),
    }
    found = []
    for row in vocab["age"]["patterns"]:
        pattern = row["pattern"]
        for placeholder, value in fills.items():
            pattern = pattern.replace(placeholder, value)
        regex = re.compile(pattern, re.I | re.M)
        found.append(AgePattern(row["name"], regex, row["weak"], row["example"]))
    return tuple(found)


YEAR_SPAN_BEFORE_RE = re.compile(
    r"(?:19|20)\d\d\s*[-–]\s*(?:(?:19|20)\d\d|present|now|date)\s*\(?\s*$", re.IGNORECASE
)


def refusal(pattern: AgePattern, before: str, after: str) -> str | None:
    """Why an age phrase is not the patient's age, or None when nothing says so."""
    vocab = lexicon()["age"]
    preceding = [word.lower() for word in WORD_RE.findall(before)]
    last = preceding[-1] if preceding and re.search(r"[^\W\d_]\W*$", before) else None
    if last in vocab["before_words"]:
        return f"follows {last!r}"
    if last in vocab["population_before"]:
        return f"describes {last}"
    if re.match(rf"\s*(?:{words_pattern(vocab['population_after'])}|\+)", after, re.I):
        return "describes an age group"
    if re.match(rf"[\s,]*{words_pattern(vocab['after_cues'])}", after, re.I):
        return "dates an event"
    if has_word(" ".join(preceding[-vocab["family_window"] :]), vocab["family_cues"]):
        return "is about another person"
    if not pattern.name.startswith("label") and has_word(before, vocab["family_cues"]):
        return "follows another person in its sentence"  # "Mother fractured her hip aged 79"
    if YEAR_SPAN_BEFORE_RE.search(before):
        return "is a duration"  # "alendronate 2016-2021 (5 yrs)"
    if has_word(" ".join(preceding[-vocab["history_window"] :]), vocab["history_cues"]):
        return "dates a history event"
    if pattern.weak and has_word(before, vocab["family_cues"] + vocab["history_cues"]):
        return "is in a history phrase"
    return None


@dataclass(frozen=True)
class AgeFinds:
    stated: list[tuple[float, str]]  # (age, phrase), in the order printed
    sexes: list[tuple[Sex, str]]  # a sex given inside an accepted compact phrase
    dismissed: list[str]


def find_ages(text: str) -> AgeFinds:
    """Every age phrase about the patient; a number that any pattern refuses stays refused."""
    accepted: dict[tuple[int, int], tuple[float, str]] = {}
    sexes: dict[tuple[int, int], tuple[Sex, str]] = {}
    refused: dict[tuple[int, int], str] = {}
    for pattern in age_patterns():
        for match in pattern.regex.finditer(text):
            span, phrase = match.span("age"), match[0].strip(" ,;(\n")
            before = sentence_before(text, match.start())
            if why := refusal(pattern, before, sentence_after(text, match.end())):
                refused.setdefault(span, f"{phrase!r} {why}")
            elif 0 < (age := float(match["age"])) <= 120:
                if len(phrase) > len(accepted.get(span, (0, ""))[1]):
                    accepted[span] = (age, phrase)  # the fullest phrase, for the evidence
                if sex := sex_value(match.groupdict().get("sex")):
                    sexes.setdefault(span, (sex, phrase))
    kept = sorted(span for span in accepted if span not in refused)
    return AgeFinds(
        stated=[accepted[span] for span in kept],
        sexes=[sexes[span] for span in kept if span in sexes],
        dismissed=list(refused.values()),
    )


def sex_value(word: str | None) -> Sex | None:
    """female / male from an explicit sex value ("F", "Female", "woman")."""
    values = lexicon()["sex"]["values"]
    return next((Sex(sex) for sex, words in values.items() if (word or "").lower() in words), None)


def whole_years(birth: dt.date, on: dt.date) -> int:
    """Completed years of age on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def decide_age(
    stated: list[tuple[float, str]], birth: dt.date | None, exam: dt.date | None
) -> tuple[int | float | None, str | None, list[ReviewReason]]:
    """The age where the printed ages and the dates agree, its phrase; else the conflict."""
    computed = whole_years(birth, exam) if birth and exam and birth <= exam else None
    if len({int(age) for age, _ in stated}) > 1:
        listed = ", ".join(phrase for _, phrase in stated)
        return None, None, [_conflict(f"The report gives different ages ({listed}); left out.")]
    if stated:
        age, phrase = stated[0]
        if computed is not None and abs(age - computed) > 1:
            text = f"{phrase!r} disagrees with the birth date {birth} and exam date {exam} "
            return None, None, [_conflict(f"{text}(age {computed}); left out.")]
        return (int(age) if age.is_integer() else age), phrase, []
    if computed is not None:
        return computed, f"birth date {birth} and exam date {exam}", []
    return None, None, []


def _conflict(text: str) -> ReviewReason:
    return ReviewReason(code="conflicting_age", text=text)


def find_birth_dates(
    text: str, exam_date: dt.date | None, order: DateOrder | None
) -> tuple[list[dt.date], str | None, list[ReviewReason]]:
    """Every labelled birth date read with the report's order ("DOB: 21/06/1951"), the first
    one's phrase, and the reasons for the dates left out."""
    label = words_pattern(lexicon()["labels"]["birth_date"])
    regex = re.compile(rf"{label}[^\d\n]{{0,16}}?({DATE_PATTERN})", re.I)
    dates, phrase, reasons = [], None, []
    for match in regex.finditer(text):
        reading = read_date(match[1], order, today=exam_date)
        reasons += reading.reasons
        if reading.date is not None:
            dates.append(reading.date)
            phrase = phrase or match[0]
    if not dates:
        dates, phrase = birth_dates_in_ids(text, exam_date)
    return dates, phrase, reasons


def birth_dates_in_ids(text: str, exam_date: dt.date | None) -> tuple[list[dt.date], str | None]:
    """The birth date a national identity number begins with ("CPR: 110348-XXXX",
    "Pers.nr: 19520817-XXXX"), when no birth date is printed."""
    found: list[dt.date] = []
    phrase = None
    for row in lexicon()["labels"]["birth_ids"]:
        digits = r"(?:19|20)\d{6}" if row["digits"] == "yyyymmdd" else r"\d{6}"
        for match in re.finditer(
            rf"\b(?:{row['label']})\s*[:#]?\s*({digits})(?=[-+\s]?[\dX]{{4}})", text, re.I
        ):
            token = match[1]
            if row["digits"] == "yyyymmdd":
                date = _safe_date(int(token[:4]), int(token[4:6]), int(token[6:]))
            else:
                year = 2000 + int(token[4:])
                if exam_date is None or year > exam_date.year:
                    year -= 100
                date = _safe_date(year, int(token[2:4]), int(token[:2]))
            if date is not None:
                found.append(date)
                phrase = phrase or match[0]
    return found, phrase


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
