"""Which scan a site or sentence belongs to (hip, forearm, spine, total body): it decides what
a bare "Total" means and which heading's side a site takes. The scan words are data
(`lexicon/sites.yaml`, `scan_words`)."""

from __future__ import annotations

import re

from dxa.parser.model import FOREARM_SITES, HIP_SITES, Site
from dxa.parser.text import lexicon
from dxa.parser.vocab import Scan


def same_family(general: Site | None, specific: Site | None) -> bool:
    families = [HIP_SITES, FOREARM_SITES, {Site.lumbar_spine}]
    return any(general in family and specific in family for family in families)


def scan_of_site(site: Site | None) -> Scan | None:
    """The scan a site is measured on."""
    if site in HIP_SITES:
        return Scan.hip
    if site in FOREARM_SITES:
        return Scan.forearm
    if site is Site.lumbar_spine:
        return Scan.spine
    return Scan.body if site is Site.total_body else None


SCAN_WORDS = {
    Scan(scan): rf"\b(?:{lexicon.alternation(words)})" + (r"|\bL\d" if scan == "spine" else "")
    for scan, words in lexicon.load("sites")["scan_words"].items()
}


def scans_named(sentence: str) -> list[Scan]:
    """Every scan a sentence names, in order of precedence (body, forearm, hip, spine)."""
    return [scan for scan, words in SCAN_WORDS.items() if re.search(words, sentence, re.I)]


def scan_of(sentence: str) -> Scan | None:
    """The scan a heading or sentence is about, which decides what `Total` means."""
    return next(iter(scans_named(sentence)), None)
