"""Site mentions: every site a sentence names, with its side and (spine) region."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dxa.parser.model import FOREARM_SITES, HIP_SITES, Side, Site
from dxa.parser.text.scans import same_family
from dxa.parser.vocab import (
    GENERAL_LABELS,
    SHORT_LABELS,
    SIDE_NAMES,
    SIDE_WORDS,
    SIDED_ALIASES,
    SITE_ALIASES,
    TOTAL_BY_SCAN,
    Scan,
    canonical_spine_region,
    exclude_vertebrae,
    normalize_label,
    region_vertebrae,
)

# Site mentions


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
SIDE_RE = re.compile(rf"(?<![\w/])({SIDE_NAMES}|l|r|bilateral|mean)\b\.?(?![\d\-/])", re.IGNORECASE)


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


def find_site_mentions(sentence: str, scan: Scan | None, line_start: bool) -> list[SiteMention]:
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
    mentions = _split_bilateral(sentence, _drop_headings(sentence, mentions))
    _carry_sides(sentence, mentions)
    return mentions


def _region_mention(sentence: str, match: re.Match) -> SiteMention | None:
    region = canonical_spine_region(match["region"])
    if region is None:
        return None
    after = sentence[match.end() : match.end() + 30]
    before = sentence[max(0, match.start() - 25) : match.start()]
    excluded = re.match(
        r"\s*(?:\(|,|-)?\s*(?:was\s+|were\s+|is\s+|are\s+)?(?:excluded|omitted|not\s+inc|removed"
        r"|fractured|collapsed|degenerat\w*|artefact\w*|artifact\w*|not\s+(?:analy[sz]ed|used|evaluable))",
        after,
        re.I,
    )
    if excluded or re.search(
        r"(?:exclu\w*|excl\.?|excluding|without|except|omitting)\s*(?:of\s+)?$", before, re.I
    ):
        return SiteMention(match.start(), match.end(), None, region=region)  # an exclusion
    return SiteMention(match.start(), match.end(), Site.lumbar_spine, region=region)


SIDE_BEFORE_RE = re.compile(rf"(?<![\w/])(?:{SIDE_NAMES}|l|r)\.?\s*$", re.IGNORECASE)
NECK_RE = re.compile(r"\b(?:fn|fem(?:oral)?\s+neck|neck)\b", re.IGNORECASE)


def _sided_hip_total(sentence: str, match: re.Match) -> Site | None:
    """`Lt FN 0.729   Lt total 0.815`: a sided bare "total" after a femoral neck on the same
    line is that hip's total, the way a reader shortens "Lt total femur" on a trend line."""
    before = sentence[: match.start()]
    if SIDE_BEFORE_RE.search(before) and NECK_RE.search(before):
        return Site.total_hip
    return None


# A value label right after a short label makes it a site: "fn bmd=0.612", "th t -1.6".
VALUE_LABEL_NEXT_RE = re.compile(r"\s*(?:bmd|t|z)\s*[=:]?\s*[-+]?\d", re.IGNORECASE)


def _alias_mention(
    sentence: str, match: re.Match, scan: Scan | None, at_line_start: bool
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
        site = _sided_hip_total(sentence, match) or (TOTAL_BY_SCAN.get(scan) if scan else None)
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
    rf"\b({SIDE_NAMES})\.?\s*(?:and|&|/|,)\s*(?:the\s+)?({SIDE_NAMES})\.?\s+$", re.IGNORECASE
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
# Between a site and its side after it: "Neck R", "radius on the left", "Radius 33 % left".
SIDE_AFTER_SITE_GAP_RE = re.compile(
    r"\s*%?\s*(?:[(,|\-–]|(?:on|of|at)\s+the)?\s*(?:(?<=\()\d{1,2}\s*%\s*,\s*)?",  # "(33%, left)"
    re.IGNORECASE,
)
# "Total hip 0.866 (left), T-score ...": the side in brackets after the site's first value.
VALUE_THEN_SIDE_GAP_RE = re.compile(
    r"\s*:?\s*\d?[.,]\d{2,3}\s*(?:g(?:m|rams?)?\s*/\s*cm\s*(?:2|²|sq)?)?\s*\(\s*", re.IGNORECASE
)
CLOSING_BRACKET_RE = re.compile(r"\.?\s*\)")


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
            bracketed = re.fullmatch(r"\s*\)\s*", gap) and not _bracket_after_site(
                sentence, side, mentions
            )
            if side.end() <= mention.start and (
                re.fullmatch(r"[\s\-]*(?:sided\s+)?", gap)
                or bracketed
                or _on_the_side(sentence, side, gap)
            ):
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
            bracketed = VALUE_THEN_SIDE_GAP_RE.fullmatch(gap) and CLOSING_BRACKET_RE.match(
                sentence, side.end()
            )
            if (SIDE_AFTER_SITE_GAP_RE.fullmatch(gap) or bracketed) and side[
                1
            ].lower() != "bilateral":
                mention.side = SIDE_WORDS[side[1].lower()]
                taken.add(side.start())
                break


def _bracket_after_site(sentence: str, side: re.Match, mentions: list[SiteMention]) -> bool:
    """ "Hip (L) femoral neck": the bracketed side is the site's before it, not the next's;
    "Fore arm (non dominant, Lt) 33% radius", with no site before, is the next's."""
    return any(
        m.end <= side.start() and re.fullmatch(r"\s*\([^()]*", sentence[m.end : side.start()])
        for m in mentions
    )


CARRY_GAP_RE = re.compile(r"[^;]*\band\s+(?:the\s+)?$", re.IGNORECASE)


def _carry_sides(sentence: str, mentions: list[SiteMention]) -> None:
    """ "on the right the femoral neck is 0.768 and total hip 0.809": a hip or forearm site
    joined by "and" to a sided site of its family, with no side word between, shares its side."""
    for before, mention in zip(mentions, mentions[1:], strict=False):
        gap = sentence[before.end : mention.start]
        if (
            mention.side is None
            and before.side in (Side.left, Side.right)
            and same_family(before.site, mention.site)
            and mention.site in HIP_SITES | FOREARM_SITES
            and CARRY_GAP_RE.fullmatch(gap)
            and not SIDE_RE.search(gap)
        ):
            mention.side = before.side


def _on_the_side(sentence: str, side: re.Match, gap: str) -> bool:
    """ "and on the right, the femoral neck is 0.768": a side named as a place before its sites."""
    return bool(
        re.search(r"\bon\s+the\s+$", sentence[max(0, side.start() - 8) : side.start()], re.I)
        and re.fullmatch(r"(?:\s+side)?\s*,?\s*(?:the\s+)?", gap, re.I)
    )


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
            and same_family(mention.site, qualified.site)
            and QUALIFIER_GAP_RE.fullmatch(sentence[qualified.end : mention.start])
        ):
            # "femoral neck of the right hip": the hip only names the neck's side.
            qualified.side = qualified.side or mention.side
            qualified.end = mention.end
            continue
        for later in mentions[index + 1 :]:
            if later.general:
                break
            if later.side is None and same_family(mention.site, later.site):
                later.side = mention.side
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        between = sentence[mention.end : following.start] if following else ""
        if (
            following is None
            or re.search(r"\d", between)
            or not same_family(mention.site, following.site)
        ):
            kept.append(mention)
    return kept


# ---------------------------------------------------------------------------------------


def stated_exclusions(lines: list[str]) -> list[str]:
    """The vertebrae the report says were excluded ("L3 and L4 excluded", "excluding L1"),
    in spine order; clinical rules §2 (v2): the spine value for diagnosis is then a range
    without them, even when an L1-L4 row is printed as well."""
    found: set[str] = set()
    for line in lines:
        for match in SITE_RE.finditer(line):
            if not match["region"]:
                continue
            mention = _region_mention(line, match)
            if mention is not None and mention.site is None and mention.region:
                found.update(region_vertebrae(mention.region))
    return sorted(found, key=SPINE_ORDER.index)


SPINE_ORDER = region_vertebrae("T10-L5")
