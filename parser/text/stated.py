"""What the report itself concludes (`report.stated`, contract Additions): its
classification, the site it names as lowest, its treatment and repeat advice, and its
statements of significant change, each with the quoted sentence.

These are conclusions, never results: a number quoted in an impression is read only as the
stated score of the stated site. Vocabulary: lexicon/stated.yaml; sentences and modifiers
are those of clinical_terms.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dxa.parser.model import SCORE_LIMIT, Stated, StatedChange, StatedSite
from dxa.parser.text import lexicon
from dxa.parser.text.clinical_drugs import TREATMENT_RES
from dxa.parser.text.clinical_terms import Sentence, compile_words, modifiers_of, number
from dxa.parser.text.scans import same_family
from dxa.parser.text.sites import SiteMention, find_site_mentions

WORDS = lexicon.load("stated")
CLASS_RES = {
    code: re.compile(rf"\b{compile_words(words)}", re.IGNORECASE)
    for code, words in WORDS["classes"].items()
}
SEVERITY: dict[str, int] = WORDS["severity"]
Z_CLASSES = ("within_expected_range_for_age", "below_expected_range_for_age")


def _re(key: str) -> re.Pattern:
    return re.compile(WORDS[key], re.IGNORECASE)


THRESHOLD_AFTER_RE, TOPIC_AFTER_RE, DEFINITION_RE = (
    _re("threshold_after"),
    _re("topic_after"),
    _re("definition"),
)
OVERALL_RE, CUE_RE, LOWEST_RE = _re("overall_label"), _re("conclusion_cue"), _re("lowest_cue")
THRESHOLD_BEFORE_RE, PATIENT_RE = _re("threshold_before"), _re("patient_words")
REGARDED_AS_RE = _re("regarded_as")
LSC_NAME_RE = re.compile(r"\bleast\s+significant\s+changes?\b", re.IGNORECASE)
LSC_EXCEEDED_RE = re.compile(
    r"\b(?:exceed\w*|greater\s+than|more\s+than|above|beyond|larger\s+than)\s+(?:the\s+)?least\s+significant\s+change",
    re.IGNORECASE,
)
CHANGE_RE, NOT_SIGNIFICANT_RE, SIGNIFICANT_RE, CHANGE_RULE_RE = (
    _re("change_word"),
    _re("not_significant"),
    _re("significant"),
    _re("change_rule"),
)
ADVICE_RE, THERAPY_RE, REPEAT_RE = _re("advice_cue"), _re("therapy_words"), _re("repeat")
T_SCORE_RE = re.compile(
    r"\bT[\s-]?(?:score)?s?\s*(?:of|is|was|=|:)?\s*(?P<t>[-+]?\d+(?:[.,]\d+)?)", re.IGNORECASE
)
Z_SCORE_RE = re.compile(
    r"\bZ[\s-]?(?:score)?s?\s*(?:of|is|was|=|:)?\s*(?P<z>[-+]?\d+(?:[.,]\d+)?)", re.IGNORECASE
)
BRACKETS_RE = re.compile(r"\([^()]*\)")
# Line rules (a FRAX or 10-year sentence) are about fractures, not conclusions.
WORD_RULES = ("forward", "backward")
SKIP_MODIFIERS = {"negated", "hypothetical", "family", "historical", "generic"}


def is_definition(text: str) -> bool:
    """A sentence that defines the classes, unless it speaks of this patient ("Given a
    T-score of -2.5 or lower, this patient meets criteria for osteoporosis")."""
    return bool(DEFINITION_RE.search(text)) and not PATIENT_RE.search(text)


def standalone(statement: ClassStatement) -> bool:
    """A sentence that is the class and little else ("Osteopenia.")."""
    return statement.start <= 3 and len(statement.sentence.text.split()) <= 6


@dataclass(frozen=True)
class ClassStatement:
    code: str
    sentence: Sentence
    start: int
    overall: bool


def class_statements(sentence: Sentence) -> list[ClassStatement]:
    """Each classification a sentence concludes (not a definition, a topic or a negation)."""
    # Brackets explain ("(WHO: T-score at or below -2.5 = osteoporosis)"): blanked, so
    # positions stay, and neither their classes nor their thresholds count.
    text = BRACKETS_RE.sub(lambda m: " " * len(m[0]), sentence.text)
    if is_definition(text):
        return []
    taken: list[tuple[int, int]] = []
    found = []
    for code, pattern in CLASS_RES.items():
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            if THRESHOLD_AFTER_RE.search(text[end:]) or TOPIC_AFTER_RE.search(text[end:]):
                continue
            if THRESHOLD_BEFORE_RE.search(text[max(0, start - 12) : start]):
                continue
            regarded = REGARDED_AS_RE.search(text[max(0, start - 40) : start])
            if (
                not regarded
                and modifiers_of(text, start, end, directions=WORD_RULES) & SKIP_MODIFIERS
            ):
                continue
            found.append(ClassStatement(code, sentence, start, bool(OVERALL_RE.match(text))))
    return found


def concluding(sentences: list[Sentence]) -> list[ClassStatement]:
    """Class statements of the conclusion (its section, or labelled lines); without one,
    those of sentences outside the history that read as conclusions. An addendum's own
    statements replace the original's."""
    statements = [s for sentence in sentences for s in class_statements(sentence)]
    statements = [s for s in statements if s.sentence.section not in ("history", "recommendation")]
    chosen = [s for s in statements if s.sentence.section == "conclusion" or s.overall]
    if not chosen:
        chosen = [s for s in statements if CUE_RE.search(s.sentence.text) or standalone(s)]
    corrected = [s for s in chosen if s.sentence.corrected]
    return corrected or chosen


def stated_class(statements: list[ClassStatement]) -> ClassStatement | None:
    """A labelled overall line wins (the last one); else the worst T-score class stated,
    else the worst Z-score class."""
    overall = [s for s in statements if s.overall]
    if overall:  # the last labelled line; its worst class when it names several
        last = [s for s in overall if s.sentence == overall[-1].sentence]
        return max(last, key=lambda s: SEVERITY[s.code])
    for kinds in ([s for s in statements if s.code not in Z_CLASSES], statements):
        if kinds:
            return max(kinds, key=lambda s: SEVERITY[s.code])
    return None


def _score(pattern: re.Pattern, text: str, group: str) -> float | None:
    match = pattern.search(text)
    if not match:
        return None
    value = float(match[group].replace(",", "."))
    return value if abs(value) <= SCORE_LIMIT else None


def _only_score(pattern: re.Pattern, text: str, group: str) -> float | None:
    """The sentence's score when it quotes exactly one."""
    matches = list(pattern.finditer(text))
    return _score(pattern, text, group) if len(matches) == 1 else None


def _stated_site(mention: SiteMention, text: str) -> StatedSite:
    after = text[mention.start :]
    return StatedSite(
        site=mention.site,
        side=mention.side,
        region=mention.region,
        general=mention.general,
        t_score=_score(T_SCORE_RE, after[:60], "t") or _only_score(T_SCORE_RE, text, "t"),
        z_score=_score(Z_SCORE_RE, after[:60], "z") or _only_score(Z_SCORE_RE, text, "z"),
    )


def lowest_site(
    statement: ClassStatement | None, sentences: list[Sentence]
) -> tuple[StatedSite | None, str | None]:
    """The site the report rests its diagnosis on: one named after a cue ('lowest', 'based
    on'), else the one site its classification sentence names."""
    for sentence in sentences:
        if sentence.section in ("history", "recommendation") or is_definition(sentence.text):
            continue
        cue = LOWEST_RE.search(sentence.text)
        if not cue or not re.search(
            r"\blowest|\bworst|based|basis|diagnos|determined|driven", cue[0], re.I
        ):
            continue
        named = [
            m
            for m in find_site_mentions(sentence.text, None, True)
            if m.site
            and m.start >= cue.start()
            and not NOT_THE_CLASS_SITE_RE.match(sentence.text[m.end :])
        ]
        if named:
            return _stated_site(named[0], sentence.text), sentence.text
    if statement is None or not (statement.overall or statement.sentence.section == "conclusion"):
        return None, None  # a finding about one site ("the spine is osteopenic") names no lowest
    text = statement.sentence.text
    named = sites_of(statement)
    places = {(m.site, m.side, m.region) for m in named}
    if len(places) == 1:
        return _stated_site(named[0], text), text
    return None, None


def stated_changes(sentences: list[Sentence]) -> list[StatedChange]:
    """'A significant decrease at the left total hip', 'no significant change at the spine'."""
    changes = []
    for sentence in sentences:
        text = sentence.text
        if sentence.section == "history" or CHANGE_RULE_RE.search(text) or is_definition(text):
            continue
        negative = NOT_SIGNIFICANT_RE.search(text)
        # "Facility least significant change (95%): spine 0.028" names the LSC: its words
        # are neither a significance nor a change.
        plain = LSC_NAME_RE.sub(lambda m: " " * len(m[0]), text)
        positive = SIGNIFICANT_RE.search(plain) or LSC_EXCEEDED_RE.search(text)
        if not (negative or (positive and CHANGE_RE.search(plain))):
            continue
        if negative and not (
            CHANGE_RE.search(text)
            or re.search(r"LSC|least\s+significant|stable|unchanged", text, re.I)
        ):
            continue
        if not re.search(
            r"since|prior|previous|compar|baseline|LSC|least\s+significant|stable|unchanged|change",
            text,
            re.I,
        ):
            continue
        sites = {m.site for m in find_site_mentions(text, None, True) if m.site}
        for site in sorted(sites, key=str) or [None]:
            changes.append(StatedChange(site=site, significant=not negative, evidence=text))
    return changes


def stated_advice(
    sentences: list[Sentence],
) -> tuple[str | None, str | None, int | None, str | None]:
    """The treatment advised (generic name or 'pharmacologic therapy') and the repeat
    interval in months, each with its sentence."""
    treatment = treatment_text = repeat_text = None
    months = None
    for sentence in sentences:
        text = sentence.text
        if sentence.section == "history":
            continue
        if treatment is None and ADVICE_RE.search(text):
            drug = next((name for name, p in TREATMENT_RES.items() if p.search(text)), None)
            if drug or THERAPY_RE.search(text):
                treatment, treatment_text = drug or "pharmacologic therapy", text
        if months is None and (match := REPEAT_RE.search(text)):
            n = number(match["n"])
            if n is not None:
                months = int(round(n * (12 if match["unit"].lower().startswith("y") else 1)))
                repeat_text = text
    return treatment, treatment_text, months, repeat_text


def _sites_named(statement: ClassStatement | None) -> list[StatedSite]:
    if statement is None:
        return []
    text = statement.sentence.text
    return [_stated_site(m, text) for m in sites_of(statement)]


# "based on the prior T12 vertebral fragility fracture": a fracture's site, not a measured one.
NOT_THE_CLASS_SITE_RE = re.compile(
    r"^\s*(?:(?:vertebral|vertebra|compression|wedge|fragility|osteoporotic|low[-\s]?trauma|"
    r"insufficiency|body)\s+)*(?:fracture|fx|#|risk|probabilit|FRAX)",
    re.IGNORECASE,
)
SITE_REACH = 40  # characters between a class word and the site it is stated of


def _bracketed_specific(text: str, mentions: list[SiteMention]) -> list[SiteMention]:
    """ "the left distal forearm (ultradistal radius T-score -2.6)": the site in brackets
    says which part of the forearm (or hip) was meant; it takes the outer one's place."""
    kept: list[SiteMention] = []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if (
            following is not None
            and re.fullmatch(r"\s*\(\s*", text[mention.end : following.start])
            and same_family(mention.site, following.site)
        ):
            following.side = following.side or mention.side
            following.start = mention.start
            continue
        kept.append(mention)
    return kept


def sites_of(statement: ClassStatement) -> list[SiteMention]:
    """The sites a class statement is about: named near the class word, and not a FRAX or
    fracture phrase ("high FRAX hip risk")."""
    text = statement.sentence.text
    return [
        m
        for m in _bracketed_specific(text, find_site_mentions(text, None, True))
        if m.site
        and abs(m.start - statement.start) <= SITE_REACH
        and not NOT_THE_CLASS_SITE_RE.match(text[m.end :])
        and not re.search(r"FRAX\W*$", text[max(0, m.start - 8) : m.start], re.I)
    ]


def read_stated(sentences: list[Sentence]) -> Stated | None:
    """The report's own conclusions; None when it states none."""
    statement = stated_class(concluding(sentences))
    site, site_text = lowest_site(statement, sentences)
    changes = stated_changes(sentences)
    treatment, treatment_text, months, repeat_text = stated_advice(sentences)
    evidence = {
        key: text
        for key, text in (
            ("classification", statement.sentence.text if statement else None),
            ("lowest_site", site_text),
            ("treatment", treatment_text),
            ("repeat_months", repeat_text),
        )
        if text
    }
    if not evidence and not changes:
        return None
    return Stated(
        classification=statement.code if statement else None,
        lowest_site=site,
        classification_sites=_sites_named(statement),
        treatment=treatment,
        repeat_months=months,
        changes=changes,
        evidence=evidence,
    )
