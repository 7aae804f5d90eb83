"""The ledger keeps what it was told across reopening (a restart is a new connection)."""

from __future__ import annotations

from pathlib import Path

from dxa.ledger import LEDGER_NAME, Ledger, file_sha256


def test_states_attempts_and_duplicates_survive_reopening(tmp_path: Path) -> None:
    with Ledger(tmp_path) as ledger:
        ledger.start("aa", "a.pdf")
        ledger.finish("aa", "A_2024-01-01_aaaaaaaa", {"summary": {"risk": "high"}})
        ledger.start("bb", "b.pdf")
        ledger.fail("bb", "password-protected PDF")
        ledger.start("bb", "b.pdf")
        ledger.start("cc", "c.pdf")
        ledger.record_duplicate("aa", "a-again.pdf")
    assert (tmp_path / LEDGER_NAME).is_file()
    with Ledger(tmp_path) as ledger:
        a, b, c = ledger.get("aa"), ledger.get("bb"), ledger.get("cc")
        assert ledger.get("zz") is None
        assert ledger.duplicates() == [("aa", "a-again.pdf")]
    assert (a.status, a.attempts, a.output_dir, a.details) == (
        "done",
        1,
        "A_2024-01-01_aaaaaaaa",
        {"summary": {"risk": "high"}},
    )
    assert (b.status, b.attempts, b.error) == ("processing", 2, None)  # a retry clears the error
    assert c.status == "processing"  # begun but never finished: a restart redoes it


def test_file_sha256_matches_the_parser_s_hash(tmp_path: Path) -> None:
    from dxa.parser import parse

    report = tmp_path / "r.txt"
    report.write_text("Left femoral neck T-score -2.6. Exam date 2024-04-15.")
    assert file_sha256(report) == parse(report).source.sha256
