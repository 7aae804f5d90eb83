"""Bounded work on hostile PDFs: every limit in parser/limits.py stops its kind of file
with one plain sentence, in the library and in `dxa parse`. The limits are lowered here so
that the hostile files stay a few kilobytes."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import hostile
import pytest
from click.testing import CliRunner
from dxa.parser import document, limits, pdfguard
from dxa.parser.api import parse_bytes
from dxa.parser.document import load_document
from dxa.parser.errors import TimedOut, TooComplex
from dxa.parser.readers import PDF_READERS

from dxa.cli import cli

TOO_COMPLEX = "PDF too complex to read safely"


@pytest.mark.parametrize("reader", PDF_READERS)
def test_a_stream_bomb_is_stopped_while_inflating(
    monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED_BYTES", 1024 * 1024)
    bomb = hostile.stream_bomb(3 * 1024 * 1024)
    assert len(bomb) < 10_000
    with pytest.raises(TooComplex) as caught:
        load_document(bomb, reader=reader)
    assert str(caught.value) == f"{TOO_COMPLEX} (its contents inflate too far)"


def test_inflating_stops_at_the_budget_not_after() -> None:
    """The bounded inflater never holds much more than the budget."""
    import zlib

    data = zlib.compress(b"\0" * (8 * 1024 * 1024))
    with pdfguard.budget(2 * 1024 * 1024, 60) as budget, pytest.raises(TooComplex):
        pdfguard.inflate(data)
    assert budget.remaining_bytes > -2 * 1024 * 1024  # stopped within one piece of the limit


def test_inflating_without_a_budget_is_zlib() -> None:
    import zlib

    data = zlib.compress(b"report " * 1000)
    assert pdfguard.inflate(data) == zlib.decompress(data)
    with pytest.raises(zlib.error):
        pdfguard.inflate(data[:-10])


@pytest.mark.parametrize("reader", PDF_READERS)
def test_a_page_of_too_many_characters_is_refused(
    monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    monkeypatch.setattr(limits, "MAX_CHARS_PER_PAGE", 1_000)
    with pytest.raises(TooComplex, match="too many characters"):
        load_document(hostile.word_flood(600), reader=reader)  # 1,200 characters


@pytest.mark.parametrize("reader", PDF_READERS)
def test_a_page_of_too_many_words_is_refused(monkeypatch: pytest.MonkeyPatch, reader: str) -> None:
    monkeypatch.setattr(limits, "MAX_WORDS_PER_PAGE", 100)
    with pytest.raises(TooComplex, match="too many words"):
        load_document(hostile.word_flood(150), reader=reader)


@pytest.mark.parametrize("reader", PDF_READERS)
def test_a_page_of_too_many_drawings_is_refused(
    monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    monkeypatch.setattr(limits, "MAX_OBJECTS_PER_PAGE", 500)
    with pytest.raises(TooComplex, match="too many objects"):
        load_document(hostile.path_flood(1_000), reader=reader)


@pytest.mark.parametrize("reader", PDF_READERS)
def test_the_clock_stops_one_slow_page_before_it_ends(
    monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    """A clock that runs an hour per reading: the limit is hit inside the first page's
    drawing, so the page never reaches line grouping (the check between pages is too late)."""
    hour = iter(range(0, 10**9, 3600))
    monkeypatch.setattr(pdfguard.time, "monotonic", lambda: next(hour))
    grouped = []
    monkeypatch.setattr(document, "group_lines", lambda words: grouped.append(words) or ())
    with pytest.raises(TimedOut):
        load_document(hostile.path_flood(2_000), max_seconds=30, reader=reader)
    assert grouped == []


def test_a_limit_error_swallowed_by_pdfminer_is_still_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pdfminer catches some errors and goes on; the budget remembers the limit was hit."""
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED_BYTES", 1024)
    real_draw = pdfguard.draw_page

    def swallowing_draw(page) -> None:
        try:
            real_draw(page)
        except TooComplex:
            page._layout = None
            raise RuntimeError("pdfminer went on") from None

    monkeypatch.setattr(pdfguard, "draw_page", swallowing_draw)
    with pytest.raises(TooComplex):
        load_document(hostile.stream_bomb(100_000), reader="pdfplumber")


@pytest.mark.parametrize("reader", PDF_READERS)
def test_a_sensible_pdf_is_read_within_the_limits(reader: str) -> None:
    page = load_document(hostile.word_flood(200), reader=reader).pages[0]
    assert len(page.words) == 200


def test_dxa_parse_says_one_plain_sentence_for_a_bomb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED_BYTES", 1024 * 1024)
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(hostile.stream_bomb(3 * 1024 * 1024))
    result = CliRunner().invoke(cli, ["parse", str(bomb)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bomb}: {TOO_COMPLEX}")
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_dxa_parse_stops_a_file_that_hangs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading that escapes every check (here: hangs for ever) ends with its child process."""
    monkeypatch.setattr(limits, "CLI_SECONDS", 0.5)
    monkeypatch.setattr(
        "dxa.parser.api.parse_bytes", lambda *args, **kwargs: threading.Event().wait()
    )
    report = tmp_path / "slow.txt"
    report.write_text("Lumbar spine T-score -2.6\n")
    result = CliRunner().invoke(cli, ["parse", str(report)])
    assert result.exit_code == 1
    assert result.stderr == f"{report}: processing took longer than the 0.5-second limit\n"


def test_stdin_is_decoded_like_a_file() -> None:
    """Latin-1 bytes on stdin keep their letters, as they do in a file."""
    text = "Patient: M\xfcller, Anna\nLumbar spine L1-L4 BMD 0.812 T-score -2.6\n"
    result = CliRunner().invoke(cli, ["parse", "-"], input=text.encode("latin-1"))
    from_file = parse_bytes(text.encode("latin-1"), "-")
    assert result.exit_code == 0, result.stderr
    assert "M\\u00fcller" in result.stdout or "M\xfcller" in result.stdout
    assert '"sha256": "' + from_file.source.sha256 + '"' in result.stdout


def test_broken_utf16_text_is_one_plain_sentence() -> None:
    from dxa.parser.errors import UnsupportedFile

    with pytest.raises(UnsupportedFile, match="not valid UTF-16"):
        parse_bytes(b"\xff\xfe" + "Lumbar spine".encode("utf-16-le") + b"\x00\xd8x", "r.txt")


def test_pdfminer_warnings_do_not_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """pdfminer's own warnings name no file; the file's plain sentence is what is shown."""
    caplog.set_level(logging.WARNING)
    broken_font = hostile.word_flood(5).replace(
        b"/BaseFont /Helvetica", b"/BaseFont /NoSuch /FirstChar 0 /Widths 98 0 R"
    )
    load_document(broken_font)
    assert [r for r in caplog.records if r.name.startswith("pdfminer")] == []
