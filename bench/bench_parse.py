"""Benchmark: `dxa parse` cost over the sample PDFs against bare pdfplumber word extraction.

Run from the repository root:

    python bench/bench_parse.py            # timing ratio (target <= 1.2) and memory over 1,000 parses
    python bench/bench_parse.py --parses 200 --rounds 3

Timing: each round parses every sample with `parser.parse` and, in the same process and
interleaved, opens the same file with pdfplumber and calls `extract_words()` on every page.
The ratio is the median round time of parse over that of extract_words.
Memory: the resident set size sampled during a long run of parses should stay flat.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dxa.parser import parse  # noqa: E402
from dxa.parser.document import WORD_GAP_RATIO  # noqa: E402

SAMPLES = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))


def bare_words(path: Path) -> int:
    """pdfplumber's own cost of reading the words of every page (same word-gap setting)."""
    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            count += len(page.extract_words(x_tolerance_ratio=WORD_GAP_RATIO))
            page.close()
    return count


def timed(function, paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        function(path)
    return time.perf_counter() - started


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 1e6


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=5)
    options.add_argument("--parses", type=int, default=1000)
    args = options.parse_args()

    for path in SAMPLES:  # warm imports and caches
        parse(path)
        bare_words(path)
    parse_times, word_times = [], []
    for _ in range(args.rounds):
        word_times.append(timed(bare_words, SAMPLES))
        parse_times.append(timed(parse, SAMPLES))
    parse_median, words_median = statistics.median(parse_times), statistics.median(word_times)
    print(f"{len(SAMPLES)} sample PDFs, {args.rounds} rounds")
    print(f"dxa parse:               {parse_median * 1000:8.1f} ms per round")
    print(f"pdfplumber extract_words:{words_median * 1000:8.1f} ms per round")
    print(f"ratio:                   {parse_median / words_median:8.2f} (target <= 1.2)")

    samples = []
    for index in range(args.parses):
        parse(SAMPLES[index % len(SAMPLES)])
        if index % max(1, args.parses // 10) == 0 or index == args.parses - 1:
            gc.collect()
            samples.append((index + 1, rss_mb()))
    print(f"RSS over {args.parses} parses (MB): " + ", ".join(f"{n}:{mb:.0f}" for n, mb in samples))
    growth = samples[-1][1] - samples[1][1] if len(samples) > 1 else 0.0
    print(
        f"growth after the first {samples[1][0] if len(samples) > 1 else 0} parses: {growth:+.1f} MB"
    )


if __name__ == "__main__":
    main()
