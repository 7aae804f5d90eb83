"""A fuzz smoke test with a fixed seed: mutated reports and hostile PDFs either parse or fail
with a plain sentence, never 'unexpected error'. The long run is bench/fuzz_hostile.py."""

from __future__ import annotations

import fuzz_inputs
import pytest
from dxa.parser.api import parse_bytes

from dxa.cliutil import failure_reason

CASES = list(fuzz_inputs.fuzzed(count=150, seed=20261202))


@pytest.mark.parametrize(("name", "data"), CASES, ids=[name for name, _ in CASES])
def test_a_mutated_file_parses_or_fails_plainly(name: str, data: bytes) -> None:
    try:
        parse_bytes(data, name)
    except Exception as error:
        reason = failure_reason(error)
        assert not reason.startswith("unexpected error"), (reason, repr(error))
        assert "\n" not in reason and len(reason) < 200


CONTEXT_SEEDS = [
    b'{"age": 67, "sex": "female", "frax": {"major_osteoporotic": 21.5, "hip": 3.2}}',
    b"age: 71\nsex: female\nfractures:\n  - site: hip\n    years_ago: 2\non_treatment: alendronate\n",
]


def fuzzed_contexts(count: int, seed: int):
    import random

    rng = random.Random(seed)
    for number in range(count):
        data = fuzz_inputs.mutate(rng.choice(CONTEXT_SEEDS), rng)
        yield f"{number:03d}.context.{rng.choice(['json', 'yaml'])}", data


CONTEXTS = list(fuzzed_contexts(count=150, seed=20261202))


@pytest.mark.parametrize(("name", "data"), CONTEXTS, ids=[name for name, _ in CONTEXTS])
def test_a_mutated_context_file_loads_or_fails_plainly(tmp_path, name: str, data: bytes) -> None:
    from dxa.interpret.context import ContextError, load_context_file

    path = tmp_path / name
    path.write_bytes(data)
    try:
        load_context_file(path)
    except ContextError as error:
        assert "\n" not in str(error) and len(str(error)) < 200
