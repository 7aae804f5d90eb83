"""Dates as reports print them (parser.dates), shared by the vendor layouts and free text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from dxa.parser.dates import (
    DATE_RE,
    date_order_for,
    date_reasons,
    first_date,
    infer_date_order,
    iter_dates,
    parse_vendor_date,
    read_date,
)

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
    assert parse_vendor_date(token, today=TODAY) == date


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


# Phrase rows (tests/text/fields/dates.yaml): the order-aware reading for text reports.
ROWS = yaml.safe_load((Path(__file__).parent / "text" / "fields" / "dates.yaml").read_text())


def _row_id(row: dict) -> str:
    return f"{row.get('text', row.get('exam'))}|{row.get('order', row.get('clinic'))}"


@pytest.mark.parametrize("row", ROWS["read"], ids=_row_id)
def test_read_date_by_values_then_order(row: dict) -> None:
    reading = read_date(row["text"], row["order"], today=TODAY)
    assert reading.date == row["date"]
    assert [reason.code for reason in reading.reasons] == (
        [row["reason"]] if "reason" in row else []
    )


@pytest.mark.parametrize("row", ROWS["infer"], ids=_row_id)
def test_report_order_from_its_own_dates(row: dict) -> None:
    assert infer_date_order(row["text"]) == row["order"]


@pytest.mark.parametrize("row", ROWS["order_for"], ids=_row_id)
def test_report_order_before_clinic_order(row: dict) -> None:
    assert date_order_for(row["text"], row["clinic"]) == row["order"]


@pytest.mark.parametrize("row", ROWS["reasons"], ids=_row_id)
def test_dates_that_cannot_be_right(row: dict) -> None:
    reasons = date_reasons(
        row["exam"], row.get("birth"), row.get("earlier"), today=row.get("today")
    )
    assert [reason.code for reason in reasons] == row["reasons"]


def test_every_date_in_a_line_is_found_with_its_reading() -> None:
    found = [
        (match[0], reading.date)
        for match, reading in iter_dates("DOB 21/06/1951, scanned 03/04/2023", "dmy", TODAY)
    ]
    assert found == [("21/06/1951", dt.date(1951, 6, 21)), ("03/04/2023", dt.date(2023, 4, 3))]
