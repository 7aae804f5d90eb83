"""The vendor readers' self-check: every result a results table prints is read, or said not to be.

A row whose label names no site, a value cell that holds a number but could not be read, a
diagnostic site printed without a readable value, and two rows giving one site different
values each become a review reason quoting the row. The reader never drops such a row
silently; rows it dismisses on purpose (difference rows, whole-body sub-regions, group
rows without values) are dismissed before they get here.
"""

from __future__ import annotations

from collections.abc import Iterable

from dxa.parser.model import VALUE_NAMES, Measurement, ReviewReason, Site, site_code
from dxa.parser.numbers import is_sbmd_unit
from dxa.parser.vendors.table import Row

# The values that make a site usable for a diagnosis; without all three it is missing.
DIAGNOSTIC_VALUES = ("bmd", "t_score", "z_score")


def printed_row(row: Row) -> str:
    """The row as printed: its label and value cells, left to right."""
    return " ".join([row.label, *row.cells.values()]).strip()


def holds_number(cell: str) -> bool:
    """A cell with a figure in it, other than a standardized BMD in mg/cm² (never a BMD)."""
    unit = cell.lstrip("-+\u2212\u2013 0123456789.,")
    return any(ch.isdigit() for ch in cell) and not is_sbmd_unit(unit)


def unread_cells(row: Row, values: dict[str, float | int | None]) -> list[str]:
    """The value columns whose cell holds a number that was not read."""
    return [
        key
        for key in VALUE_NAMES
        if holds_number(row.cells.get(key, "")) and values.get(key) is None
    ]


def unknown_row(row: Row) -> ReviewReason:
    return ReviewReason(
        code="unread_row",
        text=f"results row '{printed_row(row)}' names no site this reader knows; not read",
    )


def row_reasons(
    row: Row, values: dict[str, float | int | None], *, diagnostic: bool
) -> list[ReviewReason]:
    """Reasons for a row whose site is known: numbers it printed that were not read."""
    unread = unread_cells(row, values)
    if not unread:
        return []
    names = ", ".join(VALUE_NAMES[key] for key in unread)
    if diagnostic and all(values.get(key) is None for key in DIAGNOSTIC_VALUES):
        return [
            ReviewReason(
                code="missing_diagnostic_site",
                text=f"results row '{printed_row(row)}' is a diagnostic site, "
                f"but its {names} could not be read",
            )
        ]
    return [
        ReviewReason(
            code="unread_row",
            text=f"results row '{printed_row(row)}': the {names} could not be read",
        )
    ]


def stopped_row_reasons(row: Row | None, *, diagnostic: bool) -> list[ReviewReason]:
    """A row-shaped line that ended a table (a figure the reader could not take as a cell)."""
    if row is None:
        return []
    code = "missing_diagnostic_site" if diagnostic else "unread_row"
    return [
        ReviewReason(
            code=code,
            text=f"results row '{printed_row(row)}' holds a figure that could not be read; "
            "the table was read only up to it",
        )
    ]


def is_diagnostic(site: Site, region: str | None, total_region: str | None) -> bool:
    """Femoral neck, total hip, or the spine total (the table's total, else L1-L4)."""
    if site in (Site.femoral_neck, Site.total_hip):
        return True
    return site is Site.lumbar_spine and region in {total_region or "L1-L4", None}


def merge_repeats(
    measurements: Iterable[Measurement | None],
) -> tuple[list[Measurement], list[ReviewReason]]:
    """One measurement per site/side/region; repeats fill gaps, and disagreeing values are left
    null with a `conflicting_value` reason (extended pages print the same rows again)."""
    merged: dict[tuple, Measurement] = {}
    reasons: list[ReviewReason] = []
    conflicted: dict[tuple, set[str]] = {}
    for measurement in measurements:
        if measurement is None:
            continue
        key = (measurement.site, measurement.side, measurement.region)
        kept = merged.get(key)
        if kept is None:
            merged[key] = measurement
            continue
        update: dict[str, object] = {}
        for field in VALUE_NAMES:
            old, new = getattr(kept, field), getattr(measurement, field)
            if field in conflicted.get(key, set()) or new is None or old == new:
                continue
            if old is None:
                update[field] = new
                continue
            update[field] = None
            conflicted.setdefault(key, set()).add(field)
            reasons.append(
                ReviewReason(
                    code="conflicting_value",
                    text=f"{site_code(measurement.site, measurement.side, measurement.region)} is given two {VALUE_NAMES[field]} values, "
                    f"{old:g} and {new:g}; left empty",
                )
            )
        merged[key] = kept.model_copy(update=update)
    return list(merged.values()), reasons
