"""OCR seconds per page on one core, and what each speed setting costs in accuracy.

Run `python bench/bench_ocr.py [--pages N] [--only GLOB] [--config NAME ...]` with the
public vendor pages beside the checkout (../shared/real-reports/, or DXA_REAL_REPORTS):
each configuration reads the keyed pages (tests/ocr/real_pages_key.yaml) and prints the
median CPU seconds per page (the process's own time: one core's, whatever else the machine
runs), the median wall seconds, and field recall / precision against the key. The engine
runs on one thread (parser/ocr/engine.py); run it under `taskset -c 0` for the wall figure
to be one core's too. A configuration sets names of parser/ocr/engine.py and settings.py.
"""

from __future__ import annotations

import argparse
import fnmatch
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dxa.parser.api import parse_bytes  # noqa: E402
from dxa.parser.ocr import engine, settings  # noqa: E402
from score_ocr import Tally, real_pages, score_read  # noqa: E402

CURRENT = {
    "DETECTOR_SIDE": engine.DETECTOR_SIDE,
    "RECOGNISER_MIN_WIDTH": engine.RECOGNISER_MIN_WIDTH,
    "RECOGNISER_BATCH": engine.RECOGNISER_BATCH,
    "DETECTOR_DILATION": engine.DETECTOR_DILATION,
    "DETECTOR_UNCLIP": engine.DETECTOR_UNCLIP,
    "MIN_RENDER_DPI": settings.MIN_RENDER_DPI,
}
CONFIGS = {
    "current": {},
    "width160": {"RECOGNISER_MIN_WIDTH": 160},
    "width128": {"RECOGNISER_MIN_WIDTH": 128},
    "width96": {"RECOGNISER_MIN_WIDTH": 96},
    "batch6": {"RECOGNISER_BATCH": 6},
    "nodilation": {"DETECTOR_DILATION": False},
    "unclip1.4": {"DETECTOR_UNCLIP": 1.4},
    "unclip1.8": {"DETECTOR_UNCLIP": 1.8},
    "batch16": {"RECOGNISER_BATCH": 16},
    "det1600": {"DETECTOR_SIDE": 1600},
    "det1024": {"DETECTOR_SIDE": 1024},
    "det960": {"DETECTOR_SIDE": 960},
    "dpi150": {"MIN_RENDER_DPI": 150},
}


def configure(name: str) -> None:
    """Set the configuration's values (the others as committed) and reload the engine."""
    for key, value in (CURRENT | CONFIGS[name]).items():
        setattr(settings if key == "MIN_RENDER_DPI" else engine, key, value)
    engine._engine.cache_clear()
    engine._engine()  # the models load once per process; not part of a page's time


def run(name: str, pages: list) -> str:
    """One configuration over the pages: median seconds per page, recall, precision."""
    configure(name)
    tally, cpu, wall = Tally(), [], []
    for label, data, want in pages:
        started, clock = time.process_time(), time.perf_counter()
        score_read(label, lambda data=data: parse_bytes(data, "page.pdf"), want, tally)
        cpu.append(time.process_time() - started)
        wall.append(time.perf_counter() - clock)
    return (
        f"{name}: median {statistics.median(cpu):.2f} s/page CPU (max {max(cpu):.2f}), "
        f"{statistics.median(wall):.2f} s wall, over {len(pages)} pages; " + tally.line("fields")
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="the first N keyed pages")
    parser.add_argument("--only", default="*", help="a glob of page labels")
    parser.add_argument("--config", action="append", choices=sorted(CONFIGS))
    args = parser.parse_args(argv)
    chosen = (page for page in real_pages() if fnmatch.fnmatch(page[0], args.only))
    pages = list(itertools.islice(chosen, args.pages))
    if not pages:
        sys.exit("no real vendor pages found beside the checkout (set DXA_REAL_REPORTS)")
    for name in args.config or list(CONFIGS):
        print(run(name, pages), flush=True)


if __name__ == "__main__":
    main()
