"""Batch throughput: N sample reports with 1 and 2 workers; reports/s, speed-up, worker RSS.

    python bench/bench_batch.py [--count 200] [--format pdf|html|both]

Inputs are the repository's samples, each copied in variants told apart by trailing
bytes (blank lines for text, a comment after %%EOF for PDFs) so that every copy has
its own content hash and is really processed. Worker memory is sampled from /proc
every 0.2 s: flat means the last samples are close to the early ones.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from pathlib import Path

from dxa.batch import find_reports, run_batch
from dxa.pipeline import FORMAT_CHOICES, PipelineOptions

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.2


def make_inputs(folder: Path, count: int) -> None:
    samples = find_reports(ROOT / "samples")
    if not samples:
        raise SystemExit("no sample reports under samples/")
    for i in range(count):
        sample = samples[i % len(samples)]
        copy = i // len(samples)
        data = sample.read_bytes()
        data += (
            f"\n%bench-copy-{copy}\n".encode() if sample.suffix == ".pdf" else b"\n" * (copy + 1)
        )
        (folder / f"{i:04}_{sample.name}").write_bytes(data)


def children_rss_kib(parent: int) -> dict[int, int]:
    """VmRSS of every direct child of `parent`, read from /proc (Linux)."""
    sizes = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != parent:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes[int(stat.parent.name)] = int(line.split()[1])
    return sizes


class RssSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: dict[int, list[int]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_SECONDS):
            for pid, kib in children_rss_kib(os.getpid()).items():
                self.samples.setdefault(pid, []).append(kib)


def run_once(inputs: Path, out: Path, workers: int, options: PipelineOptions) -> dict:
    sampler = RssSampler()
    sampler.start()
    cpu_before = _children_cpu_seconds()
    start = time.perf_counter()
    rows = run_batch(inputs, out, options, workers=workers)
    seconds = time.perf_counter() - start
    cpu = _children_cpu_seconds() - cpu_before
    sampler.stop.set()
    sampler.join()
    failed = sum(row.status == "failed" for row in rows)
    workers_rss = {pid: s for pid, s in sampler.samples.items() if len(s) >= 3}
    return {
        "seconds": seconds,
        "cpu": cpu,
        "reports": len(rows),
        "failed": failed,
        "rss": workers_rss,
    }


def _children_cpu_seconds() -> float:
    """CPU time of finished workers: a figure that other load on the machine does not inflate."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def describe_rss(rss: dict[int, list[int]]) -> str:
    parts = []
    for samples in rss.values():
        early = samples[len(samples) // 10]
        parts.append(
            f"{early / 1024:.0f}->{samples[-1] / 1024:.0f} (peak {max(samples) / 1024:.0f})"
        )
    return "; ".join(parts) + " MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--format", choices=sorted(FORMAT_CHOICES), default="pdf")
    args = parser.parse_args()
    options = PipelineOptions(formats=FORMAT_CHOICES[args.format])
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        make_inputs(inputs, args.count)
        results = {w: run_once(inputs, Path(tmp) / f"out{w}", w, options) for w in (1, 2)}
    base = results[1]["seconds"]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{args.count} reports, letters as {args.format}; load average now {load} on {os.cpu_count()} CPUs"
    )
    print("  (speed-up is only meaningful when the load average is below the CPU count)")
    for workers, result in results.items():
        rate = result["reports"] / result["seconds"]
        print(
            f"  {workers} worker(s): {result['seconds']:.1f} s, {rate:.2f} reports/s, "
            f"speed-up {base / result['seconds']:.2f}x, failed {result['failed']}, "
            f"CPU {result['cpu'] / result['reports']:.2f} s/report"
        )
        print(f"    worker RSS early->end: {describe_rss(result['rss'])}")


if __name__ == "__main__":
    main()
