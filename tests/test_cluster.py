"""`dxa batch --cluster`: a LocalCluster of 2 processes gives what the process pool gives.

Also: a failing, crashing or hanging report fails alone; the coordinator alone writes the
ledger, so `--resume` after a cluster run skips what it finished.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from worker_tasks import work

from dxa.batch import run_batch
from dxa.cli import cli
from dxa.cluster import ClusterPool, connect
from dxa.ledger import Ledger
from dxa.pipeline import PipelineOptions
from dxa.shipping import process_shipped, ship

pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HTML = PipelineOptions(formats=("html",))
# A mix: vendor PDFs, dictated text, a report held for review, one with a sidecar context.
CHOSEN = [
    "pdf/hologic_spine.pdf",
    "pdf/lunar_forearm.pdf",
    "text/01_line_per_site.txt",
    "text/02_radiologist_narrative.txt",
    "text/02_radiologist_narrative.context.json",
    "text/08_total_body_and_spine.txt",
    "text/19_comparison.txt",
    "text/25_norland.txt",
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for name in CHOSEN:
        shutil.copy(SAMPLES / name, folder / Path(name).name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    shutil.copy(SAMPLES / CHOSEN[2], folder / "copy_of_01.txt")  # a duplicate by content
    return folder


def folder_contents(out: Path) -> dict[str, dict[str, bytes]]:
    """Every report folder's JSON outputs (letters embed nothing run-specific either)."""
    return {
        folder.name: {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
        for folder in sorted(out.iterdir())
        if folder.is_dir()
    }


@pytest.fixture(scope="module")
def pool_run(inputs: Path, tmp_path_factory: pytest.TempPathFactory):
    """The reference: the same inputs through the local process pool."""
    out = tmp_path_factory.mktemp("pool")
    return out, run_batch(inputs, out, HTML, workers=2)


@pytest.mark.parametrize("ship_files", [False, True], ids=["shared-fs", "ship-files"])
def test_local_cluster_gives_the_same_outputs_as_the_process_pool(
    inputs: Path, pool_run, tmp_path: Path, ship_files: bool
) -> None:
    pool_out, pool_rows = pool_run
    cluster_out = tmp_path / "cluster"
    cluster_rows = run_batch(
        inputs, cluster_out, HTML, workers=2, cluster="local:2", ship_files=ship_files
    )
    assert [r.status for r in cluster_rows] == [r.status for r in pool_rows]
    assert {r.status for r in pool_rows} == {"done", "needs_review", "failed", "duplicate"}
    for name in ("summary.csv", "measurements.csv"):
        assert (cluster_out / name).read_bytes() == (pool_out / name).read_bytes(), name
    assert folder_contents(cluster_out) == folder_contents(pool_out)
    with Ledger(cluster_out) as ledger, Ledger(pool_out) as pool_ledger:
        statuses = sorted((e.status, e.output_dir or "") for e in ledger.entries())
        assert statuses == sorted((e.status, e.output_dir or "") for e in pool_ledger.entries())
        assert {status for status, _ in statuses} == {"done", "needs_review", "failed"}


def test_a_shipped_report_needs_no_path_on_theworker(inputs: Path) -> None:
    """The worker's side, run here: the report exists only as bytes; its path is recorded."""
    shipped = ship((inputs / "02_radiologist_narrative.txt", Path("unused"), HTML))
    assert set(shipped.sidecars) == {"02_radiologist_narrative.context.json"}
    moved = dataclasses.replace(shipped, source="/nowhere/02_radiologist_narrative.txt")
    outputs = process_shipped(moved)
    (record,) = [data for name, data in outputs.files.items() if name.endswith("_record.json")]
    assert json.loads(record)["source"]["path"] == "/nowhere/02_radiologist_narrative.txt"
    assert outputs.result.output_dir == Path(outputs.result.output_dir.name)
    assert any(name.endswith("_fhir.json") for name in outputs.files)


def test_resume_after_a_cluster_run_skips_what_it_finished(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch(inputs, out, HTML, workers=1, cluster="local:2")

    def must_not_run(payload):
        raise AssertionError("a finished report was processed again")

    again = run_batch(
        inputs, out, HTML, workers=1, resume=True, cluster="local:1", work=must_not_run
    )
    finished = [r.file for r in first if r.status in ("done", "needs_review")]
    assert [r.file for r in again if r.status in ("done", "needs_review")] == finished
    with (out / "summary.csv").open(newline="") as handle:
        assert [r["status"] for r in csv.DictReader(handle)] == [r.status for r in again]


@pytest.fixture
def pool():
    import cloudpickle
    import test_cluster

    cloudpickle.register_pickle_by_value(test_cluster)  # the workers need not import tests/
    client, cluster = connect("local:2")
    with ClusterPool(client, work, time_limit=5.0, cluster=cluster) as pool:
        yield pool
    cloudpickle.unregister_pickle_by_value(test_cluster)


def test_failure_crash_and_hang_fail_only_their_own_task(pool: ClusterPool) -> None:
    payloads = ["a", "damaged", "b", "crash", "c", "hang", "d"]
    pending = list(enumerate(payloads))
    outcomes = {}
    deadline = time.monotonic() + 120
    while len(outcomes) < len(payloads) and time.monotonic() < deadline:
        while pending and pool.free_slots:
            pool.submit(*pending.pop(0))
        for outcome in pool.collect(timeout=0.5):
            outcomes[outcome.task_id] = outcome
    assert outcomes[1].reason == "not a PDF or damaged PDF"
    assert "crashed" in outcomes[3].reason
    assert "longer than the 5-second limit" in outcomes[5].reason
    done = {payloads[i]: o.result for i, o in outcomes.items() if o.ok}
    assert done == {"a": "A", "b": "B", "c": "C", "d": "D"}


def test_cli_runs_on_a_local_cluster_and_refuses_a_bad_address(
    inputs: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    bad = runner.invoke(
        cli, ["batch", str(inputs), "--out", str(tmp_path / "x"), "--cluster", "local:zero"]
    )
    assert bad.exit_code == 2 and "local:N" in bad.stderr
    assert not (tmp_path / "x").exists()
    nowhere = runner.invoke(
        cli, ["batch", str(inputs), "--out", str(tmp_path / "y"), "--cluster", "somehost"]
    )
    assert nowhere.exit_code == 2 and "tcp://HOST:PORT" in nowhere.stderr
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["batch", str(inputs), "--out", str(out), "--format", "html", "--cluster", "local:2"]
    )
    assert result.exit_code == 1  # broken.pdf
    assert "broken.pdf: not a PDF or damaged PDF" in result.stderr
    assert (out / "summary.csv").exists()


def test_an_unreachable_scheduler_is_one_sentence_and_no_output(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dxa.cluster

    monkeypatch.setattr(dxa.cluster, "CONNECT_TIMEOUT", 1)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(inputs), "--out", str(out), "--cluster", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert "could not reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
