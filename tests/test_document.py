"""Loading PDFs: typed errors with one plain sentence, limits, and the CLI on bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from dxa.parser.api import parse
from dxa.parser.document import Word, group_lines, load_document
from dxa.parser.errors import (
    DamagedPDF,
    EmptyReport,
    EncryptedPDF,
    NoTextLayer,
    ReportError,
    TimedOut,
    TooLarge,
)

from dxa.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad"
GOOD = ROOT / "samples" / "pdf" / "hologic_spine.pdf"
MULTIPAGE = ROOT / "samples" / "pdf" / "hologic_combined_multipage.pdf"
REAL_REPORTS = ROOT.parent / "shared" / "real-reports"

BAD_FILES = {
    "encrypted.pdf": (EncryptedPDF, "password-protected PDF"),
    "truncated.pdf": (DamagedPDF, "not a PDF or damaged PDF"),
    "not_a_pdf.pdf": (DamagedPDF, "not a PDF or damaged PDF"),
    "image_only.pdf": (NoTextLayer, "scanned PDF with no text layer (OCR is needed)"),
    "zero_pages.pdf": (DamagedPDF, "PDF has no pages"),
    "empty.pdf": (EmptyReport, "empty file"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_pdf_raises_its_typed_error(name: str) -> None:
    kind, sentence = BAD_FILES[name]
    with pytest.raises(kind) as caught:
        parse(BAD / name, ocr="never")
    assert str(caught.value) == sentence


def test_every_bad_fixture_is_covered() -> None:
    assert {p.name for p in BAD.glob("*.pdf")} == set(BAD_FILES)


def test_cli_reports_each_bad_file_in_one_line_and_still_parses_the_good_one() -> None:
    bad = [str(BAD / name) for name in sorted(BAD_FILES)]
    result = CliRunner().invoke(cli, ["parse", "--ocr", "never", str(GOOD), *bad])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["vendor"] for r in records] == ["hologic"]
    error_lines = result.stderr.splitlines()
    assert len(error_lines) == len(bad)
    for path, line in zip(bad, error_lines, strict=True):
        assert line == f"{path}: {BAD_FILES[Path(path).name][1]}"
    assert "Traceback" not in result.output


def test_page_limit_gives_a_clear_error() -> None:
    with pytest.raises(TooLarge, match="3 pages; a DXA report has at most 2"):
        load_document(MULTIPAGE.read_bytes(), max_pages=2)


def test_time_limit_gives_a_clear_error() -> None:
    with pytest.raises(TimedOut, match="longer than 0 seconds"):
        load_document(MULTIPAGE.read_bytes(), max_seconds=0)


def test_lines_group_words_by_position_not_by_order() -> None:
    words = [
        Word("0.930", 120, 140, 100.4, 108.4),
        Word("Total", 10, 30, 100, 108),
        Word("L1", 10, 20, 88, 96),
        Word("0.801", 120, 140, 88.2, 96.2),
    ]
    lines = group_lines(words)
    assert [line.text for line in lines] == ["L1 0.801", "Total 0.930"]


@pytest.mark.skipif(not REAL_REPORTS.is_dir(), reason="shared real reports not present")
@pytest.mark.parametrize(
    "path", sorted(REAL_REPORTS.glob("*.pdf")) if REAL_REPORTS.is_dir() else []
)
def test_real_reports_are_images_that_need_ocr(path: Path) -> None:
    """The public reference reports are page pictures: the reader must say OCR is needed."""
    with pytest.raises(ReportError) as caught:
        load_document(path.read_bytes(), max_pages=20, ocr="never")
    assert isinstance(caught.value, NoTextLayer)
