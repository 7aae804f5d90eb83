"""Watch latency: seconds from a report landing in the inbox to its letters being written.

    python bench/bench_watch.py [--count 10] [--settle 0.5] [--format pdf|html|both] [--poll S]

Reports are dropped one at a time (each after the previous one finished), so the
figure is the latency one member of staff sees: settle time + processing. A report
is counted finished when its original reaches processed/, which happens only after
its output folder (record, interpretation, letters) has been renamed into place.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from dxa.batch import find_reports
from dxa.pipeline import FORMAT_CHOICES, PipelineOptions
from dxa.watch import WatchService, WatchSettings

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 120


def wait_for(inbox: Path, name: str) -> None:
    """Until the original is in processed/ (letters written) or failed/."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not ((inbox / "processed" / name).exists() or (inbox / "failed" / name).exists()):
        if time.monotonic() > deadline:
            raise SystemExit(f"{name} was not processed within {TIMEOUT_SECONDS} s")
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--settle", type=float, default=0.5)
    parser.add_argument("--format", choices=sorted(FORMAT_CHOICES), default="pdf")
    parser.add_argument("--poll", type=float, default=None)
    args = parser.parse_args()
    samples = find_reports(ROOT / "samples")
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        settings = WatchSettings(
            inbox=inbox,
            out_dir=Path(tmp) / "out",
            options=PipelineOptions(formats=FORMAT_CHOICES[args.format]),
            settle=args.settle,
            poll=args.poll,
        )
        stop, started = threading.Event(), threading.Event()
        service = threading.Thread(target=WatchService(settings).run, args=(stop, started))
        service.start()
        started.wait()
        latencies = []
        for i in range(args.count):
            sample = samples[i % len(samples)]
            name = f"{i:03}_{sample.name}"
            start = time.perf_counter()
            (inbox / name).write_bytes(sample.read_bytes())
            wait_for(inbox, name)
            latencies.append(time.perf_counter() - start)
        stop.set()
        service.join()
        failed = sorted(p.name for p in (inbox / "failed").glob("*.error.txt"))
    events = f"polling every {args.poll:g} s" if args.poll else "inotify events"
    print(f"{args.count} reports, settle {args.settle:g} s, letters as {args.format}, {events}")
    print(
        f"  drop -> letters: median {statistics.median(latencies):.2f} s, "
        f"min {min(latencies):.2f} s, max {max(latencies):.2f} s, "
        f"first {latencies[0]:.2f} s (a fresh worker's first letters)"
    )
    if failed:
        print(f"  failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
