"""Shared test wiring: every PDF the variant tests draw is read by both PDF readers too."""

from __future__ import annotations

import sys

import pytest
from reader_parity import assert_same_reading


@pytest.fixture(autouse=True)
def _both_readers_on_drawn_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page drawn with tests/pdfkit.py must read the same by pdfium and pdfplumber, so
    that each variant the tests draw also holds the fast reader to the reference."""
    pdfkit = sys.modules.get("pdfkit")
    if pdfkit is None:
        return
    drawn = pdfkit.Sheet.save

    def save_and_compare(sheet, path):
        saved = drawn(sheet, path)
        assert_same_reading(saved.read_bytes(), saved.name)
        return saved

    monkeypatch.setattr(pdfkit.Sheet, "save", save_and_compare)
