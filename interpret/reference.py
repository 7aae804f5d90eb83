"""Missing T-scores derived from BMD and a young-adult reference (clinical-rules.md §9).

`prepare(report)` is idempotent: a derived value has a T-score, so it is never derived
twice, and an explanatory warning is added only once.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dxa.interpret.rules import (
    DIAGNOSTIC_SITES,
    MANUFACTURER_KEYWORDS,
    MANUFACTURER_NAMES,
    SPINE_STANDARD_REGION,
    YOUNG_ADULT_REFERENCES,
    YoungAdultReference,
)
from dxa.parser.model import Measurement, Provenance, Report, Site, site_words


def round_half_away(value: float, places: int = 1) -> float:
    """Round as a report prints: -2.45 -> -2.5, 2.45 -> 2.5 (never banker's rounding)."""
    return float(half_away(Decimal(str(value)), places))


def manufacturer_from_text(text: str | None) -> str | None:
    """'Hologic Horizon A' -> 'hologic'; None when no known name appears."""
    if not text:
        return None
    lowered = text.lower()
    for manufacturer, keywords in MANUFACTURER_KEYWORDS.items():
        if any(keyword in lowered for keyword in keywords):
            return manufacturer
    return None


def report_manufacturer(report: Report) -> str | None:
    """The vendor layout wins; else the scanner the report names."""
    return report.source.vendor or manufacturer_from_text(report.exam.device)


def find_reference(manufacturer: str, measurement: Measurement) -> YoungAdultReference | None:
    """The §9 row for this manufacturer and site (spine only for the L1-L4 total)."""
    if measurement.site is Site.lumbar_spine and measurement.region not in (
        None,
        SPINE_STANDARD_REGION,
    ):
        return None
    for reference in YOUNG_ADULT_REFERENCES:
        if reference.manufacturer == manufacturer and reference.site is measurement.site:
            return reference
    return None


def derive_t_score(bmd: float, reference: YoungAdultReference) -> float:
    """T = (BMD - young-adult mean) / SD in decimal arithmetic on the printed values, rounded
    half away from zero to one decimal (§2, §9 v2): in binary floating point GE Lunar spine
    0.886 gives (0.886 - 1.18) / 0.12 = -2.4499999999999993, which would round to -2.4."""
    exact = (Decimal(str(bmd)) - Decimal(str(reference.mean))) / Decimal(str(reference.sd))
    return float(half_away(exact))


def half_away(value: Decimal, places: int = 1) -> Decimal:
    """A Decimal rounded half away from zero (ROUND_HALF_UP rounds magnitudes)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def site_label(measurement: Measurement) -> str:
    """'left femoral neck', 'lumbar spine L1-L4' for warnings and texts."""
    return site_words(measurement.site, measurement.side, measurement.region)


def needs_t_score(measurement: Measurement) -> bool:
    """Only diagnostic sites with a BMD and no T-score are candidates."""
    return (
        measurement.t_score is None
        and measurement.bmd is not None
        and measurement.site in DIAGNOSTIC_SITES
    )


def why_not_derived(manufacturer: str | None, measurement: Measurement) -> str:
    """The warning for a T-score that stays missing."""
    label = site_label(measurement)
    if manufacturer is None:
        return (
            f"No T-score for {label}: the scanner manufacturer is unknown, so no reference applies."
        )
    name = MANUFACTURER_NAMES.get(manufacturer, manufacturer)
    return f"No T-score for {label}: no verified {name} young-adult reference for this site."


def prepare(report: Report) -> Report:
    """The report with missing diagnostic T-scores derived per §9 (provenance 'derived')."""
    manufacturer = report_manufacturer(report)
    measurements = []
    warnings = list(report.warnings)
    for measurement in report.measurements:
        if not needs_t_score(measurement):
            measurements.append(measurement)
            continue
        reference = find_reference(manufacturer, measurement) if manufacturer else None
        if reference is None:
            warning = why_not_derived(manufacturer, measurement)
            if warning not in warnings:
                warnings.append(warning)
            measurements.append(measurement)
            continue
        measurements.append(
            measurement.model_copy(
                update={
                    "t_score": derive_t_score(measurement.bmd, reference),
                    "provenance": Provenance.derived,
                    "reference": reference.source,
                }
            )
        )
    return report.model_copy(update={"measurements": measurements, "warnings": warnings})
