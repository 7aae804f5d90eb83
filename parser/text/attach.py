"""Attachment: which site each value belongs to, and the readings collected per site."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from dxa.parser.model import FOREARM_SITES, HIP_SITES, VALUE_NAMES, Side, Site, site_words
from dxa.parser.text.sites import SiteMention
from dxa.parser.text.values import ValueMention
from dxa.parser.vocab import SIDE_NAMES

Key = tuple[Site, Side | None, str | None]
CONNECTOR_RE = re.compile(
    r"^\)?[\s,]*(?:and|&|/|as\s+well\s+as|plus)?[\s,]*(?:both\s+)?(?:the\s+)?(?:both\s+)?"
    rf"(?:(?:{SIDE_NAMES})\.?\s+)?$",
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
        if after and (
            TO_NEXT_SITE_RE.match(sentence[value.end : groups[after[0]][0].start])
            or _names_its_site_after(sentence, groups, after[0], value, values)
        ):
            chosen = after[0]
        elif before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
        if chosen is not None:
            linked.setdefault(chosen, []).append(value)
    if len(groups) > 1 and re.search(r"\brespectively\b", sentence, re.IGNORECASE):
        _respectively(groups, linked)
    return linked


def _names_its_site_after(
    sentence: str,
    groups: list[list[SiteMention]],
    index: int,
    value: ValueMention,
    values: list[ValueMention],
) -> bool:
    """ "(lowest T-score -2.0 femoral neck)": a value right before a site that has no value
    of its own goes to that site."""
    group = groups[index]
    if sentence[value.end : group[0].start].strip():
        return False
    following = groups[index + 1][0].start if index + 1 < len(groups) else len(sentence)
    return not any(group[-1].end <= v.start < following for v in values)


def _respectively(groups: list[list[SiteMention]], linked: dict[int, list[ValueMention]]) -> None:
    """ "the neck is 0.735 and the total hip 0.758, with Z-scores of -2.1 and -2.0
    respectively": a kind with one value per group, all after the last group, goes to
    the groups in order instead of all to the last."""
    last = len(groups) - 1
    if any(len(group) != 1 for group in groups):
        return  # "the left and right femoral neck T-scores are -2.6 and -2.3 respectively"
    trailing = [v for v in linked.get(last, []) if v.start >= groups[last][-1].end]
    for kind in dict.fromkeys(v.kind for v in trailing):
        of_kind = [v for v in trailing if v.kind == kind]
        earlier = [v for i in range(last) for v in linked.get(i, []) if v.kind == kind]
        if len(of_kind) != len(groups) or earlier:
            continue
        linked[last] = [v for v in linked[last] if v not in of_kind]
        for index, value in enumerate(of_kind):
            linked.setdefault(index, []).append(value)


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
    # Why a person must check the report (code, text), and the values left out as conflicting.
    reasons: list[tuple[str, str]] = field(default_factory=list)
    conflicting: set[float] = field(default_factory=set)
    # Values set aside on purpose, by the rule that did it ("historical": an earlier exam's
    # score, which the record does not keep), so the self-check does not call them unread.
    dismissed: dict[float, str] = field(default_factory=dict)
    # Inside an addendum or correction: a value stated there replaces the site's earlier one.
    correcting: bool = False
    corrected: set[tuple[Key, str]] = field(default_factory=set)

    def dismiss(self, values: list[float], rule: str) -> None:
        for value in values:
            self.dismissed.setdefault(value, rule)

    def conflict(self, what: str, values: set[float]) -> None:
        """Two different values for one field: it stays empty, with a warning and a reason."""
        listed = ", ".join(f"{v:g}" for v in sorted(values))
        self.warnings.append(f"Different {what} ({listed}); left out.")
        self.reasons.append(("conflicting_value", f"{what}: {listed}"))
        self.conflicting |= values

    def add(self, key: Key, kind: str, value: float) -> None:
        if not self.correcting and self._corrected(key, kind):
            self.dismiss([value], "corrected")  # the original under an addendum placed first
            return
        if self.correcting and (key, kind) not in self.corrected:
            self._replace(key, kind, value)
        reading = self.readings.setdefault(key, Reading(order=len(self.readings)))
        reading.add(kind, value)

    def _corrected(self, key: Key, kind: str) -> bool:
        """Whether an addendum corrected this value: for this site, or for it more fully
        named ("lowest T-score -2.3 at the femoral neck" under a left femoral neck's fix)."""
        site, side, region = key
        return any(
            k == kind and c[0] == site and side in (None, c[1]) and region in (None, c[2])
            for c, k in self.corrected
        )

    def _replace(self, key: Key, kind: str, value: float) -> None:
        """A correction's value replaces what the report said for that site, also where it
        named the site less fully (an impression without the side); two values within the
        correction itself still conflict."""
        self.corrected.add((key, kind))
        for other, reading in self.readings.items():
            if _same_site(key, other) and kind in reading.values:
                self.dismiss(sorted(reading.values.pop(kind) - {value}), "corrected")

    def add_previous(self, date: dt.date, key: Key, bmd: float, device: str | None) -> None:
        self.previous.setdefault((date, key), set()).add((bmd, device))

    def add_dated_bmd(self, key: Key, bmd: float, date: dt.date, exam_date: dt.date | None) -> None:
        """A trend row's BMD: today's on the exam's own date, else that earlier exam's."""
        if date == exam_date:
            self.add(key, "bmd", bmd)
        else:
            self.add_previous(date, key, bmd, None)


DECIMAL_RE = re.compile(r"(?<![\d.,])\d{1,2}[.,]\d{1,3}(?![\d.,]?\d)(?!\s*%)")


def assign_group_values(
    collector: Collector, group: list[SiteMention], values: list[ValueMention], complete: bool
) -> None:
    """One value of a kind goes to every site of the group; as many values as sites go in
    order (`respectively`); any other count is unsure and is reported, not guessed.

    Sharing one value needs a `complete` reading of the sentence: when some of its decimals
    were not understood ("0.9, 0.7 and 0.8 g/cm2"), one understood value is not shared."""
    values = _sides_carried(group, values)
    sided = [v for v in values if v.side is not None]
    for value in sided:
        same_side = [m for m in group if m.side is value.side]
        for mention in same_side:
            collector.add(site_key(mention), value.kind, value.value)
        if not same_side and len(group) == 1 and group[0].site in HIP_SITES | FOREARM_SITES:
            # "The right femoral neck T-score is -2.0; the left is -2.3."
            collector.add(site_key(group[0], value.side), value.kind, value.value)
    values = [v for v in values if v.side is None]
    by_kind: dict[str, list[float]] = {}
    for value in values:
        by_kind.setdefault(value.kind, []).append(value.value)
    for kind, numbers in by_kind.items():
        if len(group) == 1 or (len(set(numbers)) == 1 and complete):
            for mention in group:
                for number in numbers:
                    collector.add(site_key(mention), kind, number)
        elif len(numbers) == len(group):
            for mention, number in zip(group, numbers, strict=True):
                collector.add(site_key(mention), kind, number)
        else:
            names = ", ".join(site_words(*site_key(m)) for m in group)
            collector.warnings.append(
                f"Could not tell which {VALUE_NAMES[kind]} belongs to which of {names}; left out."
            )


def _sides_carried(group: list[SiteMention], values: list[ValueMention]) -> list[ValueMention]:
    """ "Femoral neck: left 0.702 g/cm2 (Z -1.8), right 0.716 g/cm2 (Z -1.7)": a value after a
    sided one, before the next, has that side, for one hip or forearm site named without one."""
    if (
        len(group) != 1
        or group[0].side is not None
        or group[0].site not in HIP_SITES | FOREARM_SITES
    ):
        return values
    carried, side = [], None
    for value in sorted(values, key=lambda v: v.start):
        side = value.side or side
        carried.append(value if value.side or side is None else replace(value, side=side))
    return carried


def _same_site(a: Key, b: Key) -> bool:
    """Whether two keys can name the same measurement (one may leave side or region out)."""
    return a[0] is b[0] and all(
        x == y or x is None or y is None for x, y in zip(a[1:], b[1:], strict=True)
    )


def site_key(mention: SiteMention, side: Side | None = None) -> Key:
    assert mention.site is not None
    region = mention.region if mention.site is Site.lumbar_spine else None
    return (mention.site, side or mention.side, region)


# ---------------------------------------------------------------------------------------
