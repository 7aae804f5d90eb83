"""The patient's name, identifier, sex, height and weight in a report's text.

Sex is taken from the most explicit evidence printed: a `Sex:` label or a compact form
("72 yo F"), else words about the patient ("58-year-old woman"), else a title ("Mrs"),
else pronouns. Two explicit values that differ leave it out with `conflicting_value`.
"""

from __future__ import annotations

import re
from functools import cache

from dxa.parser.model import ReviewReason, Sex
from dxa.parser.text.patient_vocab import (
    WORD_RE,
    clause_before,
    has_word,
    lexicon,
    one_value,
    sentence_after,
    sentence_before,
    words_pattern,
)

NUMBER = r"\d{1,3}(?:\.\d+)?"


def _label_stop() -> str:
    """Where a name value ends: a wide gap, a separator, or the next field's label."""
    labels = lexicon()["labels"]
    others = [
        w for key in ("id", "sex", "age", "birth_date", "height", "weight") for w in labels[key]
    ]
    return rf"(?=\s{{2,}}|\t|\s*[|;(]|\s+{words_pattern([*others, 'date', 'exam'])}|\s*$)"


@cache
def name_regex() -> re.Pattern[str]:
    label = words_pattern(lexicon()["labels"]["name"])
    return re.compile(
        rf"(?:^|\s{{2,}}|\t|\|)\s*{label}\s*[:#|]\s*(?P<name>[^\W\d_](?:[^\W\d_]|[ ,.'\-])*?){_label_stop()}",
        re.I,
    )


def find_name(lines: list[str]) -> str | None:
    """The name after a `Name:` / `Patient:` label at the start of a line, as printed."""
    for line in lines:
        match = name_regex().search(line)
        if match and not has_word(match["name"], lexicon()["not_a_name"]):
            # "Johanna EXAMPLE.  F.  58 yrs.": the sentence's full stop, not an initial's
            return re.sub(r"(?<=[^\W\d_]{3})\.$", "", match["name"].strip(" ,")) or None
    return None


@cache
def id_regex() -> re.Pattern[str]:
    label = words_pattern(lexicon()["labels"]["id"])
    value = r"\d{3}[ -]\d{3}[ -]\d{4}(?!\d)|[A-Z0-9][A-Z0-9\-/]{2,24}"
    return re.compile(rf"{label}\.?\s*[:#|]?\s*(?P<id>{value})(?!\w)", re.I)


def find_id(text: str) -> str | None:
    """The identifier after an MRN / Hospital No / NHS No / UR / ID label (one with a digit)."""
    for match in id_regex().finditer(text):
        if re.search(r"\d", match["id"]):
            return match["id"]
    return None


def _sex_of(word: str, table: dict[str, list[str]]) -> Sex | None:
    return next((Sex(sex) for sex, words in table.items() if word.lower() in words), None)


def _labelled_sexes(text: str) -> list[tuple[Sex, str]]:
    """Sex after a `Sex:` / `Gender:` label (not "Sex/Age:", read with the age), or in
    brackets after a name."""
    vocab = lexicon()
    values = vocab["sex"]["values"]
    regex = rf"{words_pattern(vocab['labels']['sex'])}(?!\s*/)[\s.]*[:=\-]?[\s.]*(?P<sex>{words_pattern(sum(values.values(), []))})"
    found = [(_sex_of(m["sex"], values), m[0]) for m in re.finditer(regex, text, re.I)]
    bracketed = re.finditer(vocab["sex"]["bracketed"], text)
    after_birth = re.finditer(vocab["sex"]["after_birth_date"], text, re.I | re.M)
    return found + [(_sex_of(m["sex"], values), m[0]) for m in (*bracketed, *after_birth)]


def _about_patient(text: str, match: re.Match[str]) -> bool:
    """A sex word or pronoun that is about the patient: not another person's, not a
    reference population's ("female reference database"), not a group's ("postmenopausal women")."""
    vocab = lexicon()
    before = sentence_before(text, match.start())
    clause = (
        clause_before(text, match.start()) + re.split(",", sentence_after(text, match.end()))[0]
    )
    window = " ".join(WORD_RE.findall(before)[-vocab["age"]["family_window"] :])
    following = WORD_RE.findall(sentence_after(text, match.end()))[:1]
    return not (
        has_word(window, vocab["age"]["family_cues"])
        or has_word(clause, vocab["sex"]["not_patient_context"])
        or any(word.lower() in vocab["age"]["population_before"] for word in following)
    )


def _prose_sex(text: str, table: dict[str, list[str]]) -> tuple[Sex | None, str | None]:
    """The one sex the words about the patient agree on, if they agree."""
    found = [
        (_sex_of(m[0], table), m[0])
        for m in re.finditer(words_pattern(sum(table.values(), [])), text, re.I)
        if _about_patient(text, m)
    ]
    sexes = {sex for sex, _ in found}
    return found[0] if len(sexes) == 1 else (None, None)


def _title_sex(text: str) -> tuple[Sex | None, str | None]:
    """Sex from Mrs / Mr before a capitalised name, unless a referrer or signature word
    comes before it on its line ("referred by Mr B. Surgeon")."""
    vocab = lexicon()["sex"]
    found = []
    for line in text.split("\n"):
        for sex, titles in vocab["titles"].items():
            spelled = [t.title() for t in titles] + [t.upper() for t in titles if len(t) > 2]
            for match in re.finditer(rf"(?<!\w)(?:{'|'.join(spelled)})\.?\s+(?=[A-Z])", line):
                if not has_word(line[: match.start()], vocab["not_patient_lines"]):
                    found.append((Sex(sex), match[0].strip()))
    sexes = {sex for sex, _ in found}
    return found[0] if len(sexes) == 1 else (None, None)


def find_sex(
    text: str, compact: list[tuple[Sex, str]]
) -> tuple[Sex | None, str | None, list[ReviewReason]]:
    """The patient's sex, its phrase, and `conflicting_value` when explicit values differ."""
    explicit = _labelled_sexes(text) + compact
    if explicit:
        sex, reasons = one_value("sex", [sex for sex, _ in explicit])
        return sex, (explicit[0][1] if sex else None), reasons
    vocab = lexicon()["sex"]
    for sex, phrase in (
        _prose_sex(text, vocab["words"]),
        _title_sex(text),
        _prose_sex(text, vocab["pronouns"]),
    ):
        if sex is not None:
            return sex, phrase, []
    return None, None, []


def _unit_pattern(units: dict[str, float]) -> str:
    escaped = (re.escape(unit) for unit in sorted(units, key=len, reverse=True))
    return rf"(?:{'|'.join(escaped)})(?![^\W\d_])"


@cache
def body_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Height and weight after their labels, a unit in the label or after the number."""
    vocab = lexicon()
    h_units, w_units = _unit_pattern(vocab["height_units"]), _unit_pattern(vocab["weight_units"])
    height = (
        rf"{words_pattern(vocab['labels']['height'])}\.?\s*(?:[(\[](?P<label_unit>{h_units})[)\]])?\s*[:=]?\s*"
        rf"(?:(?P<feet>\d)\s*(?:'|ft|feet|foot)\.?\s*(?:(?P<inches>\d{{1,2}}(?:\.\d+)?)\s*(?:\"|''|in|inches)?)?"
        rf"|(?P<value>{NUMBER})(?!\d|\.\d)\s*(?P<unit>{h_units})?)"
    )
    weight = (
        rf"{words_pattern(vocab['labels']['weight'])}\.?\s*(?:[(\[](?P<label_unit>{w_units})[)\]])?\s*[:=]?\s*"
        rf"(?:(?P<stone>\d{{1,2}})\s*(?:st|stone)s?\s*(?:(?P<pounds>\d{{1,2}}(?:\.\d+)?)\s*(?:lbs?|pounds)?)?"
        rf"|(?P<value>{NUMBER})(?!\d|\.\d)\s*(?P<unit>{w_units})?)"
    )
    return re.compile(height, re.I), re.compile(weight, re.I)


def height_cm(match: re.Match[str]) -> float | None:
    """A printed height in cm; a unitless one only where its size says cm or m."""
    vocab = lexicon()
    if match["feet"]:
        return int(match["feet"]) * vocab["foot_cm"] + float(match["inches"] or 0) * 2.54
    value, unit = float(match["value"]), (match["unit"] or match["label_unit"] or "").lower()
    if unit:
        return value * vocab["height_units"][unit]
    if 100 <= value <= 230:
        return value
    return value * 100 if 1.0 <= value <= 2.3 else None


def weight_kg(match: re.Match[str]) -> float | None:
    """A printed weight in kg; a unitless one is left out (kg and lb overlap)."""
    vocab = lexicon()
    if match["stone"]:
        return (
            int(match["stone"]) * vocab["stone_kg"]
            + float(match["pounds"] or 0) * vocab["weight_units"]["lb"]
        )
    unit = (match["unit"] or match["label_unit"] or "").lower()
    return float(match["value"]) * vocab["weight_units"][unit] if unit else None


def _earlier_height(text: str, match: re.Match[str]) -> bool:
    """ "maximum recalled height 162 cm": a height the words before it make an earlier one."""
    words = lexicon()["labels"]["not_today_height"]
    before = text[max(0, match.start() - 30) : match.start()]
    return bool(re.search(rf"\b{words_pattern(words)}\W*(?:\w+\W+)?$", before, re.I))


def read_body(text: str) -> tuple[dict[str, float | None], dict[str, str], list[ReviewReason]]:
    """height_cm and weight_kg where printed as the patient's, their phrases, conflicts."""
    fields, evidence, reasons = {}, {}, []
    bounds = {"height_cm": (30, 260), "weight_kg": (2, 400)}
    for key, regex, convert in zip(
        ("height_cm", "weight_kg"), body_regexes(), (height_cm, weight_kg), strict=True
    ):
        low, high = bounds[key]
        found = [
            (round(v, 1), m[0])
            for m in regex.finditer(text)
            if (v := convert(m))
            and low < v < high
            and not (key == "height_cm" and _earlier_height(text, m))
        ]
        fields[key], conflict = one_value(key.split("_")[0], [value for value, _ in found])
        reasons += conflict
        if fields[key] is not None:
            evidence[key] = found[0][1]
    return fields, evidence, reasons
