"""Fuzz run: thousands of mutated reports and full-size hostile files through `parse`.

    python bench/fuzz_hostile.py [--count 3000] [--seed 20261202] [--workers 2] [--pipeline]

`--pipeline` takes each input through the whole pipeline (parse, interpret, both letters
as HTML) instead of `parse` alone.

Each input is read in a fresh worker process (so its peak memory is its own) with a hard
stop at 60 s. Prints the slowest and largest runs and every 'unexpected error'; the
targets (issue 16) are no run over 30 s or 1 GB and no unexpected error. The full-size
hostile files are the ones the issue measured: a 0.5 MB stream bomb, a page of 200,000
words, a page of 300,000 drawings, a 404-byte YAML alias bomb.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import fuzz_inputs  # noqa: E402
import hostile  # noqa: E402
from test_context_hostile import ALIAS_BOMB  # noqa: E402

from dxa.cliutil import failure_reason  # noqa: E402
from dxa.workers import WorkerPool  # noqa: E402

HARD_STOP = 60.0


def full_size_hostile() -> list[tuple[str, bytes]]:
    return [
        ("stream_bomb.pdf", hostile.stream_bomb(500 * 1024 * 1024)),
        ("words_200k.pdf", hostile.word_flood(200_000)),
        ("paths_300k.pdf", hostile.path_flood(300_000)),
        ("alias_bomb.context.yaml", ALIAS_BOMB.encode()),
    ]


def process_one(payload: tuple[str, bytes]) -> tuple[str, float, int]:
    """The whole pipeline for one input, written to a throw-away folder."""
    from dxa.pipeline import PipelineOptions, process_report

    name, data = payload
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            process_report(path, Path(folder) / "out", PipelineOptions(formats=("html",)))
        reason = "ok"
    except Exception as error:
        reason = failure_reason(error)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return reason, time.monotonic() - started, peak


def read_one(payload: tuple[str, bytes]) -> tuple[str, float, int]:
    """Parse one input (a context file through the context loader); the outcome's reason,
    seconds and this process's peak memory in MiB."""
    from dxa.interpret.context import load_context_file
    from dxa.parser.api import parse_bytes

    name, data = payload
    started = time.monotonic()
    try:
        if name.endswith(".context.yaml"):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / name
                path.write_bytes(data)
                load_context_file(path)
        else:
            parse_bytes(data, name)
        reason = "ok"
    except Exception as error:
        reason = failure_reason(error)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return reason, time.monotonic() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pipeline", action="store_true")
    args = parser.parse_args()
    work = process_one if args.pipeline else read_one
    inputs = full_size_hostile() + list(fuzz_inputs.fuzzed(args.count, args.seed))
    results: dict[int, tuple[str, str, float, int]] = {}
    started = time.monotonic()
    with WorkerPool(work, size=args.workers, time_limit=HARD_STOP, max_tasks=1) as pool:
        pending = list(enumerate(inputs))
        while pending or pool.busy:
            while pending and pool.free_slots:
                task_id, payload = pending.pop(0)
                pool.submit(task_id, payload)
            for outcome in pool.collect(timeout=0.5):
                name = inputs[outcome.task_id][0]
                if outcome.ok:
                    results[outcome.task_id] = (name, *outcome.result)
                else:
                    results[outcome.task_id] = (name, outcome.reason, HARD_STOP, 0)
    rows = list(results.values())
    print(f"{len(rows)} inputs in {time.monotonic() - started:.0f} s")
    for name, reason, seconds, peak in rows[:4]:
        print(f"  {name}: {reason} ({seconds:.1f} s, {peak} MiB)")
    slowest = max(rows, key=lambda row: row[2])
    largest = max(rows, key=lambda row: row[3])
    print(f"slowest: {slowest[0]} {slowest[2]:.1f} s ({slowest[1]})")
    print(f"largest: {largest[0]} {largest[3]} MiB ({largest[1]})")
    print(
        f"over 30 s: {sum(row[2] > 30 for row in rows)}; over 1 GiB: "
        f"{sum(row[3] > 1024 for row in rows)}"
    )
    unexpected = [row for row in rows if row[1].startswith("unexpected error")]
    print(f"unexpected errors: {len(unexpected)}")
    for name, reason, _, _ in unexpected[:20]:
        print(f"  {name}: {reason}")
    print("outcomes:")
    for reason, count in Counter(row[1] for row in rows).most_common(12):
        print(f"  {count:5d}  {reason}")


if __name__ == "__main__":
    main()
