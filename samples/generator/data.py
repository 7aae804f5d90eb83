"""The invented data a painter draws from, and what a drawn page states for the expected record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dxa.parser.model import PreviousExam, PrintedLsc


@dataclass(frozen=True)
class Person:
    """An invented patient as the header prints them (age as printed: 68 or 76.7)."""

    name: str
    id: str
    sex: str  # "female" | "male"
    birth_date: dt.date
    age: int | float
    ethnicity: str
    height_cm: float
    weight_kg: float


@dataclass(frozen=True)
class Row:
    """One printed table row and what it means (site None: printed, but not a measurement)."""

    label: str
    values: dict  # column key -> printed value (None = empty cell)
    site: str | None = None
    side: str | None = None
    region: str | None = None
    group: bool = False  # a label-only row such as Hologic's dual-hip "Neck"


@dataclass(frozen=True)
class Printed:
    """What one drawn page states, from which the expected record is built."""

    rows: list[Row]
    frax: tuple[float, float] | None = None
    previous: list[PreviousExam] = field(default_factory=list)
    lsc: list[PrintedLsc] = field(default_factory=list)
