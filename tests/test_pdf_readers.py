"""The fast PDF reader (pdfium) reads every sample and fixture as the reference (pdfplumber).

The variant tests' drawn pages are compared the same way as they are drawn (conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import hostile
import pytest
from click.testing import CliRunner
from dxa.parser import pdfium_words
from dxa.parser.document import load_document
from reader_parity import assert_same_reading, differences, outcome

from dxa.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted(ROOT.glob("samples/**/*.pdf")) + sorted(ROOT.glob("tests/fixtures/**/*.pdf"))
HOSTILE = {
    "word flood": hostile.word_flood(300),
    "path flood": hostile.path_flood(500),
}


@pytest.mark.parametrize("path", PDFS, ids=[str(p.relative_to(ROOT)) for p in PDFS])
def test_every_sample_and_fixture_reads_the_same(path: Path) -> None:
    assert_same_reading(path.read_bytes(), path.name)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pages_read_the_same(name: str) -> None:
    assert_same_reading(HOSTILE[name], name)


def test_the_comparison_sees_a_moved_word() -> None:
    """The parity check itself: a word box moved by a point is a difference."""
    data = (ROOT / "samples/pdf/hologic_spine.pdf").read_bytes()
    fast, reference = outcome(data, "pdfium"), outcome(data, "pdfplumber")
    assert differences(fast, reference) == []
    page = fast.pages[0]
    moved = page.words[0].__class__(
        page.words[0].text, page.words[0].x0 + 1.0, page.words[0].x1, page.words[0].top, 0
    )
    shifted = type(fast)((type(page)(1, page.width, page.height, (moved, *page.words[1:]), ()),))
    assert differences(shifted, reference)


def test_the_fast_reader_is_the_default_and_pdfplumber_can_be_chosen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used = []
    real = pdfium_words.read_pages
    monkeypatch.setattr(
        pdfium_words, "read_pages", lambda *args: used.append("pdfium") or real(*args)
    )
    sample = ROOT / "samples/pdf/hologic_spine.pdf"
    load_document(sample.read_bytes())
    assert used == ["pdfium"]
    load_document(sample.read_bytes(), reader="pdfplumber")
    assert used == ["pdfium"]
    result = CliRunner().invoke(cli, ["parse", "--pdf-reader", "pdfplumber", str(sample)])
    assert result.exit_code == 0, result.stderr
    assert '"vendor": "hologic"' in result.stdout


def test_a_file_the_check_cannot_count_goes_to_the_reference_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A stream in a filter the byte count does not decode (here RunLengthDecode): pdfium
    would decode it unbounded, so pdfplumber, which bounds it, reads the file."""
    content = b"BT /F1 10 Tf 1 0 0 1 50 700 Tm (AB) Tj ET"
    run_length = bytes([len(content) - 1]) + content + b"\x80"  # one literal run, then EOD
    data = hostile.pdf_with_content(run_length, compress=False)
    data = data.replace(b"<< /Length", b"<< /Filter /RunLengthDecode /Length", 1)
    used = []
    monkeypatch.setattr(pdfium_words, "read_pages", lambda *args: used.append(args))
    document = load_document(data)
    assert used == []
    assert [word.text for word in document.pages[0].words] == ["AB"]


def test_an_unknown_reader_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown PDF reader"):
        load_document(b"%PDF-1.4", reader="acrobat")  # type: ignore[arg-type]
