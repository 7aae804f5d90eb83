"""Dates as reports print them: the one place their spellings are read.

Both the vendor layouts and the text reader read dates here, so that a spelling learnt for
one (`11 Apr 2022`, `April 11, 2022`, `04/11/2022`, `11.04.2022`) is known to the other, and
the day/month convention is decided once.

Two ways in:

- `parse_vendor_date(token)` / `first_date(text)`: the vendor layouts' convention (slashed and
  dashed dates month-first as US vendors print them, dotted dates day-first). Kept for the
  vendor readers, whose layouts fix the convention.
- `read_date(token, order)`: for reports whose convention is not fixed by a layout. A date
  whose values decide it (21/06/2021, 2024-03-14, 3rd April 2023) is read by its values; an
  ambiguous one (03/04/2023) by `order`, else it is left null with the review reason
  `ambiguous_date`. Never silently month-first. The order for a report comes from
  `date_order_for(report_text, clinic_order)`: the report's own unambiguous dates first
  (`infer_date_order`), else the clinic's configured `date_order`.

`date_reasons` adds `conflicting_date` for a birth or earlier date after the exam.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from dxa.parser.model import ReviewReason

DateOrder = Literal["dmy", "mdy"]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Every printed date spelling; a token it matches is read by `parse_vendor_date` and `read_date`.
# Two-digit years only where the separators make a date of it (3/2/56, 14.03.24, 14-Mar-24).
DATE_PATTERN = (
    r"(?<![\d.])(?:"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"
    r"|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}(?!\.\d))"
    r"|\d{1,2}-\d{1,2}-(?:\d{4}|\d{2})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?[\s-]+{MONTH_PATTERN}(?:[\s,-]+\d{{4}}|[\s-]+'?\d{{2}})"
    rf"|{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{MONTH_PATTERN}\s+\d{{4}}"
    r"|(?:0?[1-9]|1[0-2])[/.](?:19|20)\d\d(?![/.\d])"  # a month alone: 03/2022, 11.2021
    r")(?![\d])"
)
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)

YMD_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
NUMERIC_RE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{4}|\d{2})")
DAY_MONTH_RE = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+([a-z]+)\.?[\s-]+'?(\d{4}|\d{2})"
)
MONTH_DAY_RE = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})")


def _full_year(year: int, today: dt.date) -> int:
    """A two-digit year in the last hundred years up to `today` (56 -> 1956, 24 -> 2024)."""
    if year >= 100:
        return year
    return year + (2000 if year + 2000 <= today.year else 1900)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _unambiguous(token: str, today: dt.date) -> dt.date | None:
    """Dates whose spelling leaves no day/month doubt: year first, or a month by name."""
    if match := YMD_RE.fullmatch(token):
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day)
    if match := DAY_MONTH_RE.fullmatch(token):
        year = _full_year(int(match[3]), today)
        return _date(year, MONTHS.get(match[2], 0), int(match[1]))
    if match := MONTH_DAY_RE.fullmatch(token):
        return _date(int(match[3]), MONTHS.get(match[1], 0), int(match[2]))
    return None


def _normalise(token: str) -> str:
    return re.sub(r"\s+", " ", token.strip().lower().replace(",", " "))


def parse_vendor_date(token: str, today: dt.date | None = None) -> dt.date | None:
    """An ISO date from one printed date, or None (the vendor layouts' convention).

    Slashed and dashed dates are US month/day/year (04/11/2022 = 11 April 2022), the
    convention of the US vendors; dotted dates are day-first (11.04.2022), the European
    convention. Two-digit years are put in the past century when they would be in the future.
    Reports without a fixed layout use `read_date`, which does not assume an order.
    """
    token = _normalise(token)
    today = today or dt.date.today()
    if match := NUMERIC_RE.fullmatch(token):
        first, separator, second, year = match[1], match[2], match[3], match[4]
        if separator == "-" and len(year) == 2:
            return None  # 14-03-24: only `read_date` reads dashed two-digit years
        day, month = (first, second) if separator == "." else (second, first)
        return _date(_full_year(int(year), today), int(month), int(day))
    return _unambiguous(token, today)


def first_date(text: str | None, today: dt.date | None = None) -> dt.date | None:
    """The first valid date anywhere in a value ("01/14/2019 3:19:17 PM" -> 2019-01-14)."""
    for match in DATE_RE.finditer(text or ""):
        if (date := parse_vendor_date(match[0], today)) is not None:
            return date
    return None


@dataclass(frozen=True)
class DateReading:
    """One printed date as read: the date, or None with the reason it was left out."""

    token: str
    date: dt.date | None
    reasons: tuple[ReviewReason, ...] = ()


def _order_shown(first: int, second: int) -> DateOrder | None:
    """The order a day/month pair proves by its values (21/06: dmy; 06/21: mdy), if any."""
    if 12 < first <= 31 and 1 <= second <= 12:
        return "dmy"
    if 12 < second <= 31 and 1 <= first <= 12:
        return "mdy"
    return None


def checked_date_order(value: str | None) -> DateOrder | None:
    """A clinic's date order as given ("DMY", "mdy"), checked: a typo must not leave every
    ambiguous date unread without saying why."""
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered not in ("dmy", "mdy"):
        raise ValueError(f"date order must be 'dmy' or 'mdy', not {value!r}")
    return lowered  # type: ignore[return-value]


def read_date(token: str, order: DateOrder | None, today: dt.date | None = None) -> DateReading:
    """One printed date read by its values, else by `order`, else left null as ambiguous."""
    text = _normalise(token)
    today = today or dt.date.today()
    match = NUMERIC_RE.fullmatch(text)
    if match is None:
        return DateReading(token, _unambiguous(text, today))
    first, second, year = int(match[1]), int(match[3]), _full_year(int(match[4]), today)
    candidates = {
        candidate: date
        for candidate, date in (
            ("dmy", _date(year, second, first)),
            ("mdy", _date(year, first, second)),
        )
        if date is not None
    }
    if len(set(candidates.values())) <= 1:  # not a date, or one the values decide
        return DateReading(token, next(iter(candidates.values()), None))
    if match[2] == ".":  # dotted dates are day-first wherever they are written (DIN 5008)
        return DateReading(token, candidates.get("dmy"))
    if order is None:
        reason = ReviewReason(
            code="ambiguous_date",
            text=f"{token.strip()} may be day-first or month-first, and neither the report's "
            "other dates nor the clinic's date order decides it; left out.",
        )
        return DateReading(token, None, (reason,))
    return DateReading(token, candidates[order])


def iter_dates(
    text: str, order: DateOrder | None, today: dt.date | None = None
) -> Iterator[tuple[re.Match[str], DateReading]]:
    """Every printed date in `text` with its reading, in order (for the text reader's tokens)."""
    for match in DATE_RE.finditer(text):
        yield match, read_date(match[0], order, today)


def _orders_shown(text: str) -> set[DateOrder]:
    """The orders the report's own dates show, strongest evidence first: numeric dates whose
    values decide (21/06/2021: dmy), else the writer's habits (a dotted date is day-first;
    "15 April 2024" is day-first writing, "April 15, 2024" month-first). Only the strongest
    tier that shows anything counts, so a US vendor's footer date cannot outvote the values."""
    proven: set[DateOrder] = set()
    habits: set[DateOrder] = set()
    for match in DATE_RE.finditer(text):
        token = _normalise(match[0])
        if numeric := NUMERIC_RE.fullmatch(token):
            if order := _order_shown(int(numeric[1]), int(numeric[3])):
                proven.add(order)
            elif numeric[2] == ".":
                habits.add("dmy")
        elif DAY_MONTH_RE.fullmatch(token) and _month_word(DAY_MONTH_RE.fullmatch(token)[2]):
            habits.add("dmy")
        elif MONTH_DAY_RE.fullmatch(token) and _month_word(MONTH_DAY_RE.fullmatch(token)[1]):
            habits.add("mdy")
    return proven or habits


def _month_word(word: str) -> bool:
    return word.rstrip(".") in MONTHS


def infer_date_order(text: str) -> DateOrder | None:
    """The report's own order (a first part over 12: dmy; a second over 12: mdy), or None
    when its dates prove nothing or contradict each other."""
    shown = _orders_shown(text)
    return next(iter(shown)) if len(shown) == 1 else None


def date_order_for(text: str, clinic_order: DateOrder | None) -> DateOrder | None:
    """The order for a report's ambiguous dates: its own evidence, else the clinic's setting.

    A report whose dates prove both orders gets none: its convention is unknown, and the
    clinic's setting is evidently not what its author used.
    """
    shown = _orders_shown(text)
    if len(shown) == 1:
        return next(iter(shown))
    return None if shown else clinic_order


def date_reasons(
    exam_date: dt.date | None,
    birth_date: dt.date | None = None,
    earlier: dict[str, dt.date] | None = None,
    today: dt.date | None = None,
) -> list[ReviewReason]:
    """`conflicting_date` for dates that cannot be right: a birth date after the exam, a
    date that should precede the exam (a previous exam, keyed by what it is) but follows it,
    an exam date after `today` when it is given."""
    reasons = []
    if today and exam_date and exam_date > today:
        reasons.append(_conflict(f"The exam date {exam_date} is in the future."))
    if exam_date is None:
        return reasons
    if birth_date and birth_date > exam_date:
        reasons.append(
            _conflict(f"The birth date {birth_date} is after the exam date {exam_date}.")
        )
    for what, date in (earlier or {}).items():
        if date > exam_date:
            reasons.append(_conflict(f"The {what} date {date} is after the exam date {exam_date}."))
    return reasons


def _conflict(text: str) -> ReviewReason:
    return ReviewReason(code="conflicting_date", text=text)


@dataclass
class ReportDates:
    """How one report's dates are read: its order (own evidence, else the clinic's), and
    the doubts met on the way, which become the report's review reasons."""

    order: DateOrder | None = None
    reasons: list[ReviewReason] = field(default_factory=list)

    @classmethod
    def for_text(cls, text: str, clinic_order: DateOrder | None = None) -> ReportDates:
        return cls(date_order_for(text, clinic_order))

    def __call__(self, token: str, today: dt.date | None = None) -> dt.date | None:
        reading = read_date(token, self.order, today)
        self.reasons.extend(r for r in reading.reasons if r not in self.reasons)
        return reading.date

    def earlier(self, token: str) -> dt.date | None:
        """An earlier exam's date, which reports often give by month alone ("in March
        2021", "09/2022"): then the first of that month, as registries record it."""
        return self(token) or month_year(token)


MONTH_YEAR_RE = re.compile(
    rf"({MONTH_PATTERN})\s+(\d{{4}})|(\d{{1,2}})[/.](\d{{4}})", re.IGNORECASE
)


def month_year(token: str) -> dt.date | None:
    """The first of the month a month-and-year token names (`March 2021`, `03/2022`)."""
    match = MONTH_YEAR_RE.fullmatch(token.strip())
    if match is None:
        return None
    if match[1]:
        return _date(int(match[2]), MONTHS.get(match[1].lower().rstrip("."), 0), 1)
    return _date(int(match[4]), int(match[3]), 1)
