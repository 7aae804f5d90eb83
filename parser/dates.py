"""Dates as reports print them: the one place their spellings are read.

Both the vendor layouts and the free-text parser read dates here, so that a spelling
learnt for one (`11 Apr 2022`, `April 11, 2022`, `04/11/2022`, `11.04.2022`) is known
to the other, and the day/month convention is decided once.
"""

from __future__ import annotations

import datetime as dt
import re

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
# Every printed date spelling; a token it matches is read by `parse_date`.
DATE_PATTERN = (
    r"(?<![\d.])(?:"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"
    r"|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|\d{1,2}-\d{1,2}-\d{4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?[\s-]+{MONTH_PATTERN}[\s,-]+\d{{4}}"
    rf"|{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{MONTH_PATTERN}\s+\d{{4}}"
    r")(?![\d])"
)
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)


def parse_date(token: str, today: dt.date | None = None) -> dt.date | None:
    """An ISO date from one printed date, or None.

    Slashed dates are US month/day/year (04/11/2022 = 11 April 2022), the convention of the
    US vendors and of US dictation; dotted dates are day-first (11.04.2022), the European
    convention. Two-digit years are put in the past century when they would be in the future.
    """
    token = token.strip().lower().replace(",", " ")
    today = today or dt.date.today()
    try:
        if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", token):
            year, month, day = (int(g) for g in match.groups())
        elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", token):
            month, day, year = (int(g) for g in match.groups())
            if year < 100:
                year += 2000 if year + 2000 <= today.year else 1900
        elif match := re.fullmatch(r"(\d{1,2})[.-](\d{1,2})[.-](\d{4})", token):
            first, second, year = (int(g) for g in match.groups())
            day, month = (first, second) if "." in token else (second, first)
        elif match := re.fullmatch(
            r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+([a-z]+)\.?[\s-]+(\d{4})", token
        ):
            day, month, year = int(match[1]), MONTHS.get(match[2], 0), int(match[3])
        elif match := re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})", token):
            month, day, year = MONTHS.get(match[1], 0), int(match[2]), int(match[3])
        else:
            return None
        return dt.date(year, month, day)
    except ValueError:
        return None


def first_date(text: str | None, today: dt.date | None = None) -> dt.date | None:
    """The first valid date anywhere in a value ("01/14/2019 3:19:17 PM" -> 2019-01-14)."""
    for match in DATE_RE.finditer(text or ""):
        if (date := parse_date(match[0], today)) is not None:
            return date
    return None
