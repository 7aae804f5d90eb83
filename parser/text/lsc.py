"""The least significant change a report prints for its sites."""

from __future__ import annotations

import re

from dxa.parser.model import PrintedLsc, Site
from dxa.parser.numbers import BMD_UNIT
from dxa.parser.text.attach import group_sites, link_values
from dxa.parser.text.sites import SiteMention, find_site_mentions
from dxa.parser.text.values import ValueMention

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
        groups = group_sites(sentence, named_sites(sentence))
        if not groups and index > 0:
            # "... 0.756 g/cm2. This exceeds the LSC of 0.024 g/cm2.": the last site before.
            groups = group_sites(sentences[index - 1], named_sites(sentences[index - 1]))[-1:]
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


def named_sites(sentence: str) -> list[SiteMention]:
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
