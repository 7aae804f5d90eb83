"""Review reasons: why a report must be looked at by a person before a letter goes out.

The codes are stable strings (shared/contract.md, Additions); this table is the one place
they are defined, with what each means. A reader that is unsure adds a reason instead of
guessing; `needs_review` is true exactly when a report carries at least one.
"""

from __future__ import annotations

REVIEW_CODES: dict[str, str] = {
    "unread_value": "a number shaped like a result was neither read nor dismissed by a rule",
    "conflicting_value": "two different values were given for one field or one site",
    "conflicting_side": "the same result is given for the left and the right side of a site",
    "conflicting_age": "two ages, or an age that disagrees with the birth and exam dates",
    "conflicting_date": "two different exam dates, or a birth date that cannot be right",
    "ambiguous_date": "a date that may be day-first or month-first, with nothing to decide it",
    "unknown_exam_date": "the report prints dates but none could be told to be the exam's",
    "unknown_age": "the patient's age could not be read, so the scoring cannot be chosen",
    "unread_row": "a row of a results table was left unread",
    "missing_diagnostic_site": "the report mentions a diagnostic site whose values were not read",
    "assumed_score_kind": "scores printed without a T or Z label were read as T-scores",
    "report_discrepancy": "the report's own conclusion disagrees with the rules (interpretation.discrepancies)",
    "ocr_low_confidence": "a value read by OCR with low confidence or out of line with its row",
}
