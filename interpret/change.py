"""Change since previous exams against the least significant change (clinical-rules.md §8)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dxa.interpret.model import Change, Flag, SiteLsc
from dxa.interpret.reference import manufacturer_from_text, report_manufacturer
from dxa.interpret.rules import DEFAULT_LSC_PERCENT, ISCD, MANUFACTURER_NAMES
from dxa.parser.model import Measurement, PreviousExam, PrintedLsc, Report, Site


@dataclass
class ChangeResult:
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)


def matching_measurement(
    previous: PreviousExam, measurements: list[Measurement]
) -> Measurement | None:
    """The current measurement of the same site, side and region.

    When the earlier exam names no side or region, the one current measurement of that site
    (with a BMD) is taken, if there is exactly one.
    """
    same_site = [m for m in measurements if m.site is previous.site and m.bmd is not None]
    exact = [m for m in same_site if m.side == previous.side and m.region == previous.region]
    if exact:
        return exact[0]
    loose = [
        m
        for m in same_site
        if (previous.side is None or m.side == previous.side)
        and (previous.region is None or m.region == previous.region)
    ]
    return loose[0] if len(loose) == 1 else None


def printed_lsc(site: Site, region: str | None, printed: list[PrintedLsc]) -> PrintedLsc | None:
    """The report's own LSC for this site (a region-specific one first)."""
    same_site = [p for p in printed if p.site is site]
    for entry in same_site:
        if entry.region == region:
            return entry
    return next((p for p in same_site if p.region is None), None)


def lsc_grams(
    site: Site,
    region: str | None,
    previous_bmd: float,
    printed: list[PrintedLsc],
    site_lsc: Mapping[Site, SiteLsc],
) -> float | None:
    """LSC in g/cm²: printed, else configured, else ISCD default percent of the previous BMD."""
    entry = printed_lsc(site, region, printed) or site_lsc.get(site)
    if entry is not None:
        value, unit = entry.value, entry.unit
    elif site in DEFAULT_LSC_PERCENT:
        value, unit = DEFAULT_LSC_PERCENT[site], "percent"
    else:
        return None
    grams = value if unit == "g/cm2" else previous_bmd * value / 100
    return round(grams, 3)


def compare(
    previous: PreviousExam,
    current: Measurement,
    printed: list[PrintedLsc],
    site_lsc: Mapping[Site, SiteLsc],
) -> Change:
    """BMD change and percent change; significant when |change| >= LSC (ISCD 2023)."""
    change = round(current.bmd - previous.bmd, 3)
    lsc = lsc_grams(previous.site, previous.region, previous.bmd, printed, site_lsc)
    return Change(
        site=current.site,
        side=current.side,
        region=current.region,
        previous_date=previous.date.isoformat(),
        bmd_change=change,
        percent_change=round(100 * change / previous.bmd, 1),
        lsc=lsc,
        significant=None if lsc is None else abs(change) >= lsc,
    )


def different_manufacturer_flag(previous: PreviousExam, now: str, before: str) -> Flag:
    return Flag(
        code="different_manufacturer",
        text=(
            f"The {previous.date.isoformat()} exam was on a {MANUFACTURER_NAMES[before]} scanner "
            f"and this one on a {MANUFACTURER_NAMES[now]}: BMD is not compared across "
            f"manufacturers ({ISCD})."
        ),
    )


def changes_since_previous(
    report: Report, site_lsc: Mapping[Site, SiteLsc] | None = None
) -> ChangeResult:
    """One Change per earlier exam entry that matches a current measurement.

    A vendor report's own trend table comes from that scanner's database, so only a text
    report comparing with an unnamed scanner records the same-manufacturer assumption, and
    (v2) not when the report says the same scanner was used.
    """
    result = ChangeResult()
    now = report_manufacturer(report)
    for previous in report.previous:
        before = manufacturer_from_text(previous.device)
        if now and before and now != before:
            flag = different_manufacturer_flag(previous, now, before)
            if flag not in result.flags:
                result.flags.append(flag)
            continue
        current = matching_measurement(previous, report.measurements)
        if current is None:
            continue
        unnamed = before is None or now is None
        if unnamed and report.source.vendor is None and not report.same_scanner:
            note = "Scanner manufacturer of an exam not known: assumed the same for comparison."
            if note not in result.assumptions:
                result.assumptions.append(note)
        result.changes.append(compare(previous, current, report.lsc, site_lsc or {}))
    return result
