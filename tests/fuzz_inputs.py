"""Mutated report files for fuzzing, from a fixed seed: the CI smoke test takes a few dozen,
`bench/fuzz_hostile.py` thousands. Mutations are the ones that broke readers before:
flipped bytes, cuts, repeated and spliced blocks, and a hostile PDF among the seeds."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import hostile

ROOT = Path(__file__).resolve().parent.parent
SEED_FILES = (
    sorted((ROOT / "samples" / "pdf").glob("*.pdf"))[:6]
    + sorted((ROOT / "samples" / "text").glob("*.txt"))[:6]
)


def seeds() -> list[tuple[str, bytes]]:
    files = [(path.name, path.read_bytes()) for path in SEED_FILES]
    return files + [("flood.pdf", hostile.word_flood(300)), ("paths.pdf", hostile.path_flood(300))]


def mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(("flip", "cut", "repeat", "splice", "zero"))
        at = rng.randrange(len(data)) if data else 0
        if kind == "flip":
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == "cut":
            del data[at : at + rng.randint(1, max(1, len(data) // 4))]
        elif kind == "repeat":
            block = data[at : at + rng.randint(1, 200)]
            data[at:at] = block * rng.randint(2, 50)
        elif kind == "splice":
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            data[at : at + 64] = b"\0" * len(data[at : at + 64])
        if not data:
            data = bytearray(b"x")
    return bytes(data)


def fuzzed(count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """`count` mutated files, the same for the same seed."""
    rng = random.Random(seed)
    base = seeds()
    for number in range(count):
        name, data = rng.choice(base)
        yield f"{number:05d}-{name}", mutate(data, rng)
