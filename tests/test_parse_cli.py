"""`dxa parse` prints the record as read; `--prepared` prints it as batch and watch write
`<stem>_record.json`, derived T-scores included (two records, two names for them)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dxa.cli import cli
from dxa.pipeline import PipelineOptions, process_report

ROOT = Path(__file__).resolve().parent.parent
# A Hologic spine report printing BMDs without T-scores at some regions: §9 derives them.
DERIVING = ROOT / "samples" / "pdf" / "hologic_spine_combinations_young.pdf"


def parse_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["parse", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def provenances(record: dict) -> list[str]:
    return [m["provenance"] for m in record["measurements"]]


def test_parse_prints_what_the_report_prints_and_prepared_adds_the_derived_t_scores() -> None:
    as_read = parse_json(str(DERIVING))
    prepared = parse_json("--prepared", str(DERIVING))
    assert "derived" not in provenances(as_read)
    assert "derived" in provenances(prepared)
    derived = [m for m in prepared["measurements"] if m["provenance"] == "derived"]
    assert all(m["t_score"] is not None and m["reference"] for m in derived)


def test_prepared_is_the_record_batch_writes(tmp_path: Path) -> None:
    result = process_report(DERIVING, tmp_path, PipelineOptions(formats=("html",)))
    (written,) = result.output_dir.glob("*_record.json")
    assert parse_json("--prepared", str(DERIVING)) == json.loads(written.read_text())
