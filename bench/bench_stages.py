"""Benchmark: CPU milliseconds per stage of one report, over the bundled samples, paired in
the same run with bare pdfplumber word extraction and a bare WeasyPrint one-page PDF.

    python bench/bench_stages.py [--rounds 3] [--cold 5]

Stages (issue 17): imports (each stage's modules, in a fresh interpreter, in the order
`dxa letter` loads them), PDF word extraction (`load_document`), reading (vendor layout or
free-text reader), interpretation (derived T-scores, context, rules), templating (the
letters' HTML), layout (WeasyPrint's pages) and PDF write, both letters a report gets.
After a warm-up round, every round runs each sample through each stage and, interleaved,
the two bare baselines; the figures are medians over rounds of CPU time (process_time), so
a machine shared with other jobs changes them less than wall time (less, not nothing: on a
loaded virtual machine CPU time stretches too, so compare figures from one run). Last, `dxa letter` on
one sample in a fresh process (cold), CPU (the reading child included) and wall.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dxa.interpret import interpret, prepare  # noqa: E402
from dxa.interpret.context import sourced_context_for_report  # noqa: E402
from dxa.letters.config import DEFAULT_CLINIC  # noqa: E402
from dxa.letters.render import (  # noqa: E402
    HTML,
    AssetFetcher,
    _font_config,
    _stylesheets,
    allowed_assets,
    render_html,
)
from dxa.parser.api import decode_text, parse_text  # noqa: E402
from dxa.parser.document import WORD_GAP_RATIO, load_document  # noqa: E402
from dxa.parser.model import Source  # noqa: E402
from dxa.parser.ocr.confidence import with_ocr_reasons  # noqa: E402
from dxa.parser.vendors import extract_document  # noqa: E402

from dxa.pipeline import held_audiences  # noqa: E402

SAMPLES = sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted(
    (ROOT / "samples" / "text").glob("*.txt")
)
STAGES = ("extraction", "reading", "interpretation", "templating", "layout", "pdf write")
COLD_SAMPLE = ROOT / "samples" / "pdf" / "hologic_left_hip_frax.pdf"
BARE_PAGE = "<!DOCTYPE html><html><body><p>Bone density letter.</p></body></html>"
# The modules of each stage, imported in this order in a fresh interpreter.
IMPORTS = {
    "command line": "dxa.cli",
    "records and rules": "dxa.interpret",
    "PDF and text readers": "dxa.parser.document, dxa.parser.vendors, dxa.parser.text.reader",
    "renderer": "dxa.letters.render",
}


def cpu() -> float:
    return time.process_time()


def one_report(path: Path, spent: dict[tuple[str, str], float]) -> None:
    """Run one sample through every stage, adding each stage's CPU seconds to
    `spent[(kind, stage)]`, kind "pdf" or "text"; `(kind, "reports")` and `(kind, "letters")`
    count."""
    kind = "pdf" if path.suffix == ".pdf" else "text"
    data = path.read_bytes()
    start = cpu()
    if kind == "pdf":
        document = load_document(data)
        now = cpu()
        spent[kind, "extraction"] += now - start
        start = now
        report = with_ocr_reasons(
            extract_document(document, Source(path=str(path), format="pdf")), document
        )
    else:
        report = parse_text(decode_text(data), Source(path=str(path), format="text"))
    spent[kind, "reading"] += cpu() - start
    start = cpu()
    given = sourced_context_for_report(path)
    report = prepare(report)
    interpretation = interpret(report, given.context, context_sources=given.sources)
    spent[kind, "interpretation"] += cpu() - start
    fetcher = AssetFetcher(allowed_assets(DEFAULT_CLINIC))
    for audience in held_audiences(interpretation):
        start = cpu()
        html = render_html(report, interpretation, audience, DEFAULT_CLINIC, standalone=False)
        spent[kind, "templating"] += cpu() - start
        start = cpu()
        pages = HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=list(_stylesheets(DEFAULT_CLINIC.paper_size)), font_config=_font_config()
        )
        spent[kind, "layout"] += cpu() - start
        start = cpu()
        pages.write_pdf()
        spent[kind, "pdf write"] += cpu() - start
        spent[kind, "letters"] += 1
    spent[kind, "reports"] += 1


def extraction_only(path: Path) -> float:
    start = cpu()
    load_document(path.read_bytes())
    return cpu() - start


def bare_pdfplumber(path: Path) -> float:
    """pdfplumber's own cost of the words of every page (the same word-gap setting)."""
    start = cpu()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words(x_tolerance_ratio=WORD_GAP_RATIO)
            page.close()
    return cpu() - start


def bare_weasyprint_page() -> float:
    start = cpu()
    HTML(string=BARE_PAGE, url_fetcher=AssetFetcher({})).write_pdf(font_config=_font_config())
    return cpu() - start


def import_costs(runs: int) -> dict[str, float]:
    """Median CPU seconds of each stage's imports, cumulative in `dxa letter`'s order."""
    probe = (
        "import sys, time\n"
        "marks = [time.process_time()]\n"
        + "".join(
            f"import {modules}\nmarks.append(time.process_time())\n" for modules in IMPORTS.values()
        )
        + "print(' '.join(str(b - a) for a, b in zip(marks, marks[1:])))\n"
    )
    seen = defaultdict(list)
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd="/"
        ).stdout
        for name, seconds in zip(IMPORTS, map(float, out.split()), strict=True):
            seen[name].append(seconds)
    return {name: statistics.median(values) for name, values in seen.items()}


def cold_letter(runs: int) -> tuple[float, float]:
    """Median CPU (with the reading child) and wall seconds of `dxa letter` in a fresh process."""
    cpus, walls = [], []
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-stages-{os.getpid()}"
    command = [sys.executable, "-m", "dxa", "letter", str(COLD_SAMPLE), "--out", str(out)]
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(cpus), statistics.median(walls)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=3)
    options.add_argument("--cold", type=int, default=5, help="cold `dxa letter` runs (0: none)")
    args = options.parse_args()
    pdfs = [path for path in SAMPLES if path.suffix == ".pdf"]

    warm: dict[tuple[str, str], float] = defaultdict(float)
    for path in SAMPLES:  # imports, fonts, parsed CSS, compiled templates
        one_report(path, warm)
    for path in pdfs:
        bare_pdfplumber(path)
    bare_weasyprint_page()
    gc.freeze()  # as the command line does after its imports (dxa/cli.py): workers run so

    rounds: dict[object, list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        spent: dict[tuple[str, str], float] = defaultdict(float)
        for path in SAMPLES:
            one_report(path, spent)
        for key, seconds in spent.items():
            rounds[key].append(seconds)
        rounds["extraction alone"].append(sum(extraction_only(path) for path in pdfs))
        rounds["bare pdfplumber"].append(sum(bare_pdfplumber(path) for path in pdfs))
        rounds["bare page"].append(statistics.median(bare_weasyprint_page() for _ in range(5)))
    median = {key: statistics.median(values) for key, values in rounds.items()}

    ms = 1000
    print(f"{len(SAMPLES)} samples ({len(pdfs)} PDF), {args.rounds} rounds, CPU ms (medians)")
    print("imports (fresh interpreter, cumulative order of `dxa letter`):")
    for name, seconds in import_costs(max(1, args.cold)).items():
        print(f"  {name:24s}{seconds * ms:8.1f} ms")
    print(f"per report {'PDF':>14s} {'text':>10s}")
    totals = dict.fromkeys(("pdf", "text"), 0.0)
    for stage in STAGES:
        cells = []
        for kind in totals:
            seconds = median.get((kind, stage), 0.0) / median[kind, "reports"]
            totals[kind] += seconds
            cells.append(f"{seconds * ms:8.1f} ms")
        print(f"  {stage:16s}" + " ".join(cells))
    print(f"  {'total':16s}" + " ".join(f"{t * ms:8.1f} ms" for t in totals.values()))
    print(
        "  letters a report "
        + " ".join(f"{median[k, 'letters'] / median[k, 'reports']:8.2f}   " for k in totals)
    )
    extraction, bare = median["extraction alone"] / len(pdfs), median["bare pdfplumber"] / len(pdfs)
    print("paired, same run:")
    print(f"  PDF word extraction     {extraction * ms:8.1f} ms per PDF")
    print(f"  bare pdfplumber words   {bare * ms:8.1f} ms per PDF   ratio {extraction / bare:.2f}x")
    page = median["bare page"]
    letters = sum(median[k, "letters"] for k in totals)
    written = sum(median[k, s] for k in totals for s in ("layout", "pdf write")) / letters
    print(f"  bare WeasyPrint page    {page * ms:8.1f} ms per PDF")
    print(f"  a letter: layout+write  {written * ms:8.1f} ms per PDF   ratio {written / page:.1f}x")
    if args.cold:
        cold_cpu, cold_wall = cold_letter(args.cold)
        print(f"cold `dxa letter {COLD_SAMPLE.relative_to(ROOT)}`, median of {args.cold}:")
        print(
            f"  CPU {cold_cpu * ms:.0f} ms (reading child included), wall {cold_wall * ms:.0f} ms"
        )


if __name__ == "__main__":
    main()
