"""Benchmark: both PDF letters for 50 reports in one process, against a bare WeasyPrint page.

    python bench/bench_letters.py [--reports 50]

Prints seconds per report (patient + physician PDF) and seconds per bare one-paragraph PDF
rendered in the same run, so the letters' own cost can be told from WeasyPrint's floor.
Target: <= 0.5 s per report for both letters.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import cycle, islice
from pathlib import Path

from dxa.letters.config import DEFAULT_CLINIC

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the invented cases
from dxa.letters.render import AssetFetcher, _font_config, render
from letter_cases import ALL_CASES  # noqa: E402
from weasyprint import HTML

TARGET_SECONDS_PER_REPORT = 0.5
MINIMAL_PAGE = "<!DOCTYPE html><html><body><p>Bone density letter.</p></body></html>"


def cases(count: int):
    """`count` report/interpretation pairs, cycling through the invented examples."""
    return [factory() for factory in islice(cycle(ALL_CASES.values()), count)]


def seconds_per_report(pairs) -> tuple[float, float]:
    """(wall, CPU) seconds per report; CPU time shows the cost on a machine shared with others."""
    start, cpu_start = time.perf_counter(), time.process_time()
    for report, interpretation in pairs:
        for audience in ("patient", "physician"):
            render(report, interpretation, audience, DEFAULT_CLINIC, "pdf")
    return (
        (time.perf_counter() - start) / len(pairs),
        (time.process_time() - cpu_start) / len(pairs),
    )


def seconds_per_bare_page(count: int) -> float:
    fetcher = AssetFetcher({})
    start = time.perf_counter()
    for _ in range(count):
        HTML(string=MINIMAL_PAGE, url_fetcher=fetcher).write_pdf(font_config=_font_config())
    return (time.perf_counter() - start) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50)
    count = parser.parse_args().reports

    start = time.perf_counter()
    warm_pairs = cases(1)
    seconds_per_report(warm_pairs)  # first render builds fonts and parses the CSS
    first = time.perf_counter() - start

    bare = seconds_per_bare_page(count)
    letters, letters_cpu = seconds_per_report(cases(count))
    verdict = "meets" if letters <= TARGET_SECONDS_PER_REPORT else "misses"
    print(f"first report (fonts, CSS parse): {first:.2f} s")
    print(f"bare WeasyPrint page:            {bare:.3f} s per PDF ({count} PDFs)")
    print(f"both letters:                    {letters:.3f} s per report ({count} reports)")
    print(f"both letters, CPU time:          {letters_cpu:.3f} s per report")
    print(f"letters / bare page:             {letters / bare:.1f}x")
    print(f"target <= {TARGET_SECONDS_PER_REPORT} s per report: {verdict}")


if __name__ == "__main__":
    main()
