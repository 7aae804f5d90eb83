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
