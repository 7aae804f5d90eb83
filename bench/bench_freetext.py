"""Time to parse every text sample in one process (run: python bench/bench_freetext.py).

The first pass includes importing and compiling the parser's patterns; later passes show
the steady per-report cost a batch run pays.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "text"


def main(repeats: int = 5) -> None:
    started = time.perf_counter()
    from dxa.parser import parse  # imported here so the first pass counts its cost

    files = sorted(SAMPLES.glob("*.txt"))
    passes = []
    for _ in range(repeats):
        begin = time.perf_counter()
        for path in files:
            parse(path)
        passes.append(time.perf_counter() - begin)
    first = time.perf_counter() - started - sum(passes[1:])
    steady = statistics.median(passes[1:]) if repeats > 1 else passes[0]
    print(f"{len(files)} text samples")
    print(f"first pass (with import): {first * 1000:.0f} ms")
    print(f"steady pass (median of {repeats - 1}): {steady * 1000:.0f} ms")
    print(f"per report: {steady / len(files) * 1000:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
