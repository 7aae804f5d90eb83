"""Both letters for every golden sample, through the real parser and interpreter."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from dxa.interpret import interpret, prepare
from dxa.letters import wording
from dxa.letters.config import DEFAULT_CLINIC
from dxa.letters.figures import format_score
from dxa.letters.render import layout, render
from dxa.parser import parse

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def golden_samples() -> list[Path]:
    """Samples with an expected record: the ones the parser is known to read."""
    return sorted(
        path
        for path in SAMPLES.rglob("*")
        if path.suffix in {".pdf", ".txt"} and path.with_suffix(".expected.json").exists()
    )


def pdf_pages_and_text(pdf: bytes) -> tuple[int, str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages), "\n".join(page.extract_text() for page in document.pages)


@pytest.mark.parametrize("sample", golden_samples(), ids=lambda path: path.name)
def test_both_letters_render_for_the_sample(sample: Path) -> None:
    report = prepare(parse(sample))
    interpretation = interpret(report)

    pages, text = pdf_pages_and_text(
        render(report, interpretation, "physician", DEFAULT_CLINIC, "pdf")
    )
    assert 1 <= pages <= 2
    flat = " ".join(text.split())
    for measurement in report.measurements:
        if measurement.t_score is not None:
            assert format_score(measurement.t_score) in text
    assert wording.CLASS_NAMES[interpretation.classification] in flat

    assert 1 <= len(layout(report, interpretation, "patient", DEFAULT_CLINIC).pages) <= 2
    patient_html = render(report, interpretation, "patient", DEFAULT_CLINIC, "html").decode()
    assert wording.PATIENT_CLASS_NAMES[interpretation.classification] in patient_html
