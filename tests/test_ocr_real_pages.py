"""The public vendor pages (../shared/real-reports/, never committed) read by OCR against the
answer key a person wrote from the pictures (tests/ocr/real_pages_key.yaml): no value is
wrong without the report being held for review, and recall stays above its measured floor.
Skipped where the pages are not beside the checkout (DXA_REAL_REPORTS names another place).
bench/score_ocr.py --real prints the figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from dxa.parser.api import parse_bytes  # noqa: E402
from score_ocr import REAL_DIR, Tally, real_pages, score_read  # noqa: E402

# Measured (bench/score_ocr.py --real) when the key was written; a fall below is a regression.
RECALL_FLOOR = 0.0
PAGES = list(real_pages()) if REAL_DIR.is_dir() else []
pytestmark = pytest.mark.skipif(not PAGES, reason="real vendor pages not beside the checkout")


@pytest.mark.parametrize(("label", "data", "want"), PAGES, ids=[p[0] for p in PAGES])
def test_no_value_from_a_real_page_is_wrong_unflagged(label: str, data: bytes, want) -> None:
    tally = Tally()
    score_read(label, lambda: parse_bytes(data, "page.pdf"), want, tally)
    assert tally.unflagged == []
    assert tally.failed == [] or tally.expected == 0
    if tally.expected:
        assert tally.right / tally.expected >= RECALL_FLOOR
