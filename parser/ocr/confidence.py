"""The review gate for OCR: a value read with low confidence or out of line with its row is
a review reason (`ocr_low_confidence`), never a silent guess.

The vendor and free-text readers do not know where a word came from; this check runs on
their Report afterwards and finds each value among the OCR'd words by its printed number.
A value that matches any doubtful word is held: a false alarm costs a person a look, a
miss could put a misread number in a letter."""

from __future__ import annotations

from dxa.parser.document import Document, Word
from dxa.parser.model import VALUE_NAMES, Report, ReviewReason
from dxa.parser.ocr import settings
from dxa.parser.ocr.plausibility import describe, diff_outliers, pair_outliers, ratio_outliers


def with_ocr_reasons(report: Report, document: Document) -> Report:
    """The report with a reason for each OCR'd value in doubt (unchanged without OCR)."""
    pages = [page for page in document.pages if page.ocr]
    if not pages:
        return report
    doubtful = doubtful_numbers(
        [word for page in pages for word in page.words if word.confidence < settings.LOW_CONFIDENCE]
        + [word for page in pages for word in ratio_outliers(page)]
    )
    reasons = list(report.review_reasons)
    for item in report.measurements:
        for field, name in VALUE_NAMES.items():
            value = getattr(item, field)
            if value is not None and float(value) in doubtful:
                reasons.append(
                    _reason(f"{describe(item)} {name} {value:g}: {doubtful[float(value)]}")
                )
    lines = [line for page in pages for line in page.lines]
    outliers = pair_outliers(report.measurements) + diff_outliers(lines, report.measurements)
    for item, why in outliers:
        reasons.append(_reason(f"{describe(item)}: {why}"))
    if report.frax is not None:
        for field in ("major_osteoporotic", "hip"):
            value = getattr(report.frax, field)
            if value is not None and float(value) in doubtful:
                reasons.append(_reason(f"FRAX {field} {value:g}%: {doubtful[float(value)]}"))
    if len(reasons) == len(report.review_reasons):
        return report
    return Report.model_validate({**report.model_dump(), "review_reasons": reasons})


def doubtful_numbers(words: list[Word]) -> dict[float, str]:
    """The numbers printed by doubtful words, each with why it is in doubt."""
    found: dict[float, str] = {}
    for word in words:
        value = _number(word.text)
        if value is not None and value not in found:
            found[value] = (
                f"read by OCR with confidence {word.confidence:.2f}"
                if word.confidence < settings.LOW_CONFIDENCE
                else "read by OCR and out of line with BMC / area on its row"
            )
    return found


def _number(text: str) -> float | None:
    text = text.strip().rstrip("%").replace("\u2212", "-").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _reason(text: str) -> ReviewReason:
    return ReviewReason(code="ocr_low_confidence", text=text)
