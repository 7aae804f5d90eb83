"""Dates as reports print them (parser.dates), shared by the vendor layouts and free text."""

from __future__ import annotations

import datetime as dt

import pytest
from dxa.parser.dates import DATE_RE, first_date, parse_date

TODAY = dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    "token, date",
    [
        ("04/11/2022", dt.date(2022, 4, 11)),  # slashed: US month first
        ("2022-04-11", dt.date(2022, 4, 11)),
        ("2022/04/11", dt.date(2022, 4, 11)),  # year first: always year/month/day
        ("2022.04.11", dt.date(2022, 4, 11)),
        ("11 Apr 2022", dt.date(2022, 4, 11)),
        ("11-Apr-2022", dt.date(2022, 4, 11)),
        ("4th March 2024", dt.date(2024, 3, 4)),
        ("1st of June, 2023", dt.date(2023, 6, 1)),
        ("April 11, 2022", dt.date(2022, 4, 11)),
        ("Sept. 3rd, 2021", dt.date(2021, 9, 3)),
        ("11.04.2022", dt.date(2022, 4, 11)),  # dotted: European day first
        ("3/2/56", dt.date(1956, 3, 2)),  # a two-digit year in the future is last century
        ("3/2/24", dt.date(2024, 3, 2)),
        ("13/45/2022", None),
        ("February 30, 2022", None),
        ("Smarch 3, 2022", None),
    ],
)
def test_one_printed_date(token: str, date: dt.date | None) -> None:
    assert parse_date(token, today=TODAY) == date


@pytest.mark.parametrize(
    "text, date",
    [
        ("December 04, 2019 12:57", dt.date(2019, 12, 4)),
        ("01/14/2019 3:19:17 PM (16 [SP 2])", dt.date(2019, 1, 14)),
        ("2/4/2008 8:42:05 AM", dt.date(2008, 2, 4)),
        ("scanned 13/45/2019, reviewed 2019-02-01", dt.date(2019, 2, 1)),  # invalid one skipped
        ("no date here", None),
        (None, None),
    ],
)
def test_first_date_in_a_value(text: str | None, date: dt.date | None) -> None:
    assert first_date(text, today=TODAY) == date


def test_numbers_that_only_look_like_dates_are_not_found() -> None:
    assert DATE_RE.search("BMD 0.812 g/cm2, T-score -2.1, L1-4") is None
    assert DATE_RE.search("version 13.5.3") is None
