"""Assembly: readings into measurements and previous exams; conflicts left out and said."""

from __future__ import annotations

import datetime as dt
import re

from dxa.parser.model import VALUE_NAMES, Measurement, PreviousExam, Side, Site, site_words
from dxa.parser.text.attach import Collector, Key, Reading
from pydantic import ValidationError


def measurements_of(collector: Collector) -> list[Measurement]:
    """One measurement per site/side/region; a site named without its side in one place
    (an impression) joins the one sided reading of that site; conflicts become warnings."""
    readings = _flag_mirrored(_merge_sideless(collector.readings), collector)
    measurements = []
    for (site, side, region), reading in sorted(readings.items(), key=lambda kv: kv[1].order):
        fields: dict[str, float | None] = {}
        for kind, found in reading.values.items():
            if len(found) == 1:
                fields[kind] = next(iter(found))
            else:
                what = f"{VALUE_NAMES[kind]} values for {site_words(site, side, region)}"
                collector.conflict(what, found)
        if not fields:
            continue
        try:
            measurements.append(
                Measurement(
                    site=site,
                    side=side,
                    region=region,
                    **{kind: fields.get(kind) for kind in VALUE_NAMES},
                )
            )
        except ValidationError:
            collector.warnings.append(
                f"An implausible value for {site_words(site, side, region)} was left out."
            )
    return measurements


def _merge_sideless(readings: dict[Key, Reading]) -> dict[Key, Reading]:
    """Join a reading named without side (or a spine without region) to the one reading that
    names it fully: the only one, or the only one it repeats."""
    merged = dict(readings)
    for (site, side, region), reading in readings.items():
        sided = fuller_keys((site, side, region), list(readings))
        if len(sided) > 1:
            # "lowest T-score -2.7 at the femoral neck" with both hips read: the one it repeats.
            sided = [k for k in sided if _repeats(reading, readings[k])]
        if len(sided) == 1:
            target = merged[sided[0]]
            for kind, values in reading.values.items():
                target.values.setdefault(kind, set()).update(values)
            del merged[(site, side, region)]
    return merged


def _flag_mirrored(readings: dict[Key, Reading], collector: Collector) -> dict[Key, Reading]:
    """One result named for both sides ("LEFT HIP" over a table whose rows say "Neck R"):
    the same BMD (or, without a BMD on one side, the same scores) under left and right is
    more likely one measurement whose side the report contradicts than two. Both are
    kept, as read, and a person is asked which side it was."""
    for (site, side, region), left in readings.items():
        right = readings.get((site, Side.right, region))
        if side is Side.left and right is not None and _mirrored(left, right):
            where = site_words(site, None, region)
            collector.reasons.append(
                ("conflicting_side", f"the same {where} result is given as left and as right")
            )
    return readings


def _mirrored(left: Reading, right: Reading) -> bool:
    """The same BMD on both sides, or one side's scores repeated on a side without a BMD;
    scores alone, equal on both sides ("T-score -2.2 bilaterally"), are two results."""
    common = set(left.values) & set(right.values)
    if not common or any(left.values[k] != right.values[k] for k in common):
        return False
    return "bmd" in common or ("bmd" in left.values) != ("bmd" in right.values)


def fuller_keys(key: Key, keys: list[Key]) -> list[Key]:
    """The keys naming the same site more fully: with a side for a side-less hip or forearm
    site, with a vertebral range for a region-less spine."""
    site, side, region = key
    if site is Site.lumbar_spine and region is None:
        return [k for k in keys if k[0] is site and k[2] and re.search(r"[-,]", k[2])]
    if side is None and site is not Site.lumbar_spine:
        return [k for k in keys if k[0] is site and k[1] is not None and k[2] == region]
    return []


def _repeats(partial: Reading, full: Reading) -> bool:
    """Whether every value of `partial` is also what `full` holds for that kind."""
    return all(full.values.get(kind) == values for kind, values in partial.values.items())


def previous_exams(collector: Collector, measurements: list[Measurement]) -> list[PreviousExam]:
    """One earlier exam per site, region and date; a site named less fully than today's one
    measurement of it ("the lumbar spine BMD was ...") is that measurement's site."""
    measured = [(m.site, m.side, m.region) for m in measurements]
    entries: dict[tuple[dt.date, Key], set[tuple[float, str | None]]] = {}
    for (date, key), found in collector.previous.items():
        fuller = fuller_keys(key, measured)
        entries.setdefault((date, fuller[0] if len(fuller) == 1 else key), set()).update(found)
    previous = []
    for (date, (site, side, region)), found in entries.items():
        bmds = {bmd for bmd, _ in found}
        if len(bmds) != 1:
            collector.conflict(
                f"previous BMDs for {site_words(site, side, region)} on {date}", bmds
            )
            continue
        devices = {device for _, device in found if device}
        previous.append(
            PreviousExam(
                date=date,
                site=site,
                side=side,
                region=region,
                bmd=bmds.pop(),
                device=devices.pop() if len(devices) == 1 else None,
            )
        )
    return previous
