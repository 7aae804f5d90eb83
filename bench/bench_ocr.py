"""OCR seconds per page on one core, and what each speed setting costs in accuracy.

Run `python bench/bench_ocr.py [--pages N] [--config NAME ...]` with the public vendor pages
beside the checkout (../shared/real-reports/, or DXA_REAL_REPORTS): each configuration
reads the first N keyed pages (tests/ocr/real_pages_key.yaml) and prints seconds per page
and field recall / precision against the key. The engine runs on one thread
(parser/ocr/engine.py), so the figure is one core's. Configurations change the detector's
side (DETECTOR_SIDE, px) and the lowest render resolution (MIN_RENDER_DPI).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dxa.parser.api import parse_bytes  # noqa: E402
from dxa.parser.ocr import engine, settings  # noqa: E402
from score_ocr import Tally, real_pages, score_read  # noqa: E402

CONFIGS = {
    # name: (detector side px, lowest render dpi)
    "current": (engine.DETECTOR_SIDE, settings.MIN_RENDER_DPI),
    "det1600": (1600, settings.MIN_RENDER_DPI),
    "det1024": (1024, settings.MIN_RENDER_DPI),
    "dpi150": (engine.DETECTOR_SIDE, 150),
    "dpi250": (engine.DETECTOR_SIDE, 250),
}


def run(name: str, pages: list) -> str:
    """One configuration over the pages: seconds per page, recall, precision."""
    engine.DETECTOR_SIDE, settings.MIN_RENDER_DPI = CONFIGS[name]
    engine._engine.cache_clear()
    engine._engine()  # the models load once per process; not part of a page's time
    tally = Tally()
    for label, data, want in pages:
        score_read(label, lambda data=data: parse_bytes(data, "page.pdf"), want, tally)
    per_page = tally.seconds / len(pages)
    return f"{name}: {per_page:.2f} s/page over {len(pages)} pages; " + tally.line("fields")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--config", action="append", choices=sorted(CONFIGS))
    args = parser.parse_args(argv)
    pages = list(itertools.islice(real_pages(), args.pages))
    if not pages:
        sys.exit("no real vendor pages found beside the checkout (set DXA_REAL_REPORTS)")
    for name in args.config or list(CONFIGS):
        print(run(name, pages), flush=True)


if __name__ == "__main__":
    main()
