"""The worker pool: one crashing, hanging or failing task never costs the others."""

from __future__ import annotations

from worker_tasks import work

from dxa.workers import Outcome, WorkerPool


def _run_all(pool: WorkerPool, payloads: list[str]) -> dict[int, Outcome]:
    pending = list(enumerate(payloads))
    outcomes: dict[int, Outcome] = {}
    while len(outcomes) < len(payloads):
        while pending and pool.free_slots:
            pool.submit(*pending.pop(0))
        for outcome in pool.collect(timeout=0.5):
            outcomes[outcome.task_id] = outcome
    return outcomes


def test_results_come_back_for_every_task() -> None:
    with WorkerPool(work, size=2, time_limit=None) as pool:
        outcomes = _run_all(pool, ["a", "b", "c", "d", "e"])
    assert {i: o.result for i, o in outcomes.items()} == dict(enumerate("ABCDE"))
    assert all(o.ok for o in outcomes.values())


def test_failure_crash_and_hang_fail_only_their_own_task() -> None:
    payloads = ["a", "damaged", "b", "crash", "c", "hang", "d"]
    with WorkerPool(work, size=2, time_limit=1.0) as pool:
        outcomes = _run_all(pool, payloads)
    assert outcomes[1].reason == "not a PDF or damaged PDF"
    assert "crashed" in outcomes[3].reason and "exit code 3" in outcomes[3].reason
    assert "longer than the 1-second limit" in outcomes[5].reason
    done = {payloads[i]: o.result for i, o in outcomes.items() if o.ok}
    assert done == {"a": "A", "b": "B", "c": "C", "d": "D"}


def testworkers_replaced_after_a_crash_keepworking() -> None:
    with WorkerPool(work, size=1, time_limit=None) as pool:
        outcomes = _run_all(pool, ["crash", "crash", "x"])
    assert [o.ok for _, o in sorted(outcomes.items())] == [False, False, True]
    assert outcomes[2].result == "X"
