"""The public vendor pages (../shared/real-reports/, never committed) read by OCR against the
answer key a person wrote from the pictures (tests/ocr/real_pages_key.yaml): no value is
wrong without the report being held for review, recall stays above its measured floor, and
a page is left unread only where it is known why. Skipped where the pages are not beside
the checkout (DXA_REAL_REPORTS names another place). bench/score_ocr.py --real prints the
figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from dxa.parser.api import parse_bytes  # noqa: E402
from score_ocr import REAL_DIR, Tally, real_pages, score_read  # noqa: E402

# Measured by bench/score_ocr.py --real over all 25 keyed pages (324 fields): 0.880 (285) at the
# recogniser's width 320; a fall below it is a regression. The bar is 0.98: not met.
RECALL_FLOOR = 0.875
# Pages read to "no BMD results found", each with why (a plain refusal, never a guess).
KNOWN_UNREAD = {
    # The right forearm (radius + ulna): read with the recogniser's width at 160 (and the
    # detector at 1600), refused at 320 / 1280; why is not yet found.
    "Hologic_Horizon_Apex_v_5.5 p7",
}

pytestmark = pytest.mark.skipif(
    not REAL_DIR.is_dir(), reason="real vendor pages not beside the checkout"
)


@pytest.fixture(scope="module")
def tally() -> Tally:
    total = Tally()
    for label, data, want in real_pages():
        score_read(label, lambda data=data: parse_bytes(data, "page.pdf"), want, total)
    return total


def test_no_value_from_a_real_page_is_wrong_unflagged(tally: Tally) -> None:
    assert tally.unflagged == []


def test_recall_on_the_real_pages_stays_above_its_floor(tally: Tally) -> None:
    assert tally.right / tally.expected >= RECALL_FLOOR


def test_only_known_pages_are_left_unread(tally: Tally) -> None:
    assert {failure.split(":")[0] for failure in tally.failed} <= KNOWN_UNREAD
