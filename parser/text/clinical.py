"""The report's own clinical words, for every reader: its history (`report.history`) and
its conclusions (`report.stated`), read from its sentences. The text reader passes its
cleaned lines; the vendor layouts pass their pages' text (comment fields, impressions)."""

from __future__ import annotations

from dxa.parser.model import Report
from dxa.parser.text.clinical_history import read_history
from dxa.parser.text.clinical_terms import report_sentences
from dxa.parser.text.segment import clean_text
from dxa.parser.text.stated import read_stated


def with_clinical_reading(report: Report, lines: list[str] | None = None, text: str = "") -> Report:
    """The report with `history` and `stated` read from `lines` (or from raw `text`)."""
    sentences = report_sentences(lines if lines is not None else clean_text(text))
    history = read_history(sentences, report.exam.date, report.patient.age, report.patient.sex)
    return report.model_copy(update={"history": history, "stated": read_stated(sentences)})
