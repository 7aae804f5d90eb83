"""The report's own history as the lowest context layer, the listing of the facts used
(physician letter), the discrepancies column of summary.csv, `dxa audit`, and the scorer."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner
from dxa.interpret import interpret
from dxa.interpret.context import sourced_context_for_report
from dxa.interpret.model import ClinicalContext
from dxa.letters.config import DEFAULT_CLINIC
from dxa.letters.render import render_html
from dxa.parser.api import parse_text

from dxa.cli import cli

REPORT = (
    "Exam date: 2024-06-01\nSex: F  Age: 69\n"
    "CLINICAL HISTORY: Postmenopausal. On denosumab (Prolia) since 2021. No prior fractures.\n"
    "Left femoral neck T-score -1.0.\nIMPRESSION: Osteopenia.\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def used(result) -> dict[str, tuple[str, str]]:
    return {fact.key: (fact.value, fact.source) for fact in result.context_used}


def test_report_history_is_the_lowest_layer_and_each_fact_names_its_source(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", REPORT)
    write(tmp_path / "r.context.json", json.dumps({"on_treatment": "alendronate", "age": 70}))
    flags = ClinicalContext(age=71)
    given = sourced_context_for_report(path, None, flags)
    from dxa.parser import parse

    result = interpret(parse(path), given.context, context_sources=given.sources)
    facts = used(result)
    assert facts["on_treatment"] == ("alendronate", "sidecar")  # sidecar beats the report
    assert facts["age"] == ("71 years", "flags")  # flags beat the sidecar
    assert facts["sex"] == ("female", "report")  # shown though no context gives it
    assert facts["menopausal_status"] == ("postmenopausal", "report")
    assert facts["fractures"] == ("none", "report")  # negated: recorded, not unknown
    quote = next(f.evidence for f in result.context_used if f.key == "fractures")
    assert quote == "No prior fractures."


def test_without_context_the_report_history_decides() -> None:
    result = interpret(parse_text(REPORT))
    facts = used(result)
    assert facts["on_treatment"] == ("denosumab", "report")
    assert facts["treatment_years"] == ("3 years", "report")
    assert "fracture history" not in result.missing


def test_physician_letter_shows_discrepancies_first_and_the_context_used() -> None:
    report = parse_text(REPORT)
    result = interpret(report)
    html = render_html(report, result, "physician", DEFAULT_CLINIC, standalone=True)
    assert result.discrepancies
    assert html.index(result.discrepancies[0].text) < html.index("<h2>Results</h2>")
    assert "Clinical context used" in html
    assert "On denosumab (Prolia) since 2021." in html  # the quote of a fact from the report
    assert "report text" in html


def test_summary_csv_has_a_discrepancies_column(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    write(inbox / "a.txt", REPORT)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["batch", str(inbox), "--out", str(out), "--workers", "1"])
    assert run.exit_code == 0, run.output
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert rows[0]["discrepancies"] == "class_mismatch"
    assert rows[0]["status"] == "needs_review"


def test_audit_prints_totals_and_writes_csv(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    write(inbox / "a.txt", REPORT)
    write(inbox / "b.txt", REPORT.replace("T-score -1.0", "T-score -1.6"))
    write(inbox / "c.txt", "no results here")
    out = tmp_path / "audit.csv"
    run = CliRunner().invoke(cli, ["audit", str(inbox), "--out", str(out)])
    assert run.exit_code == 1  # one report could not be read
    assert "Reports with discrepancies" in run.output and "class_mismatch" in run.output
    rows = {r["file"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["a.txt"]["discrepancies"] == "class_mismatch"
    assert rows["b.txt"]["discrepancy_count"] == "0"
    assert rows["c.txt"]["status"] == "failed" and rows["c.txt"]["error"]


def test_audit_of_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["audit", str(tmp_path)])
    assert run.exit_code == 2


def test_score_history_counts_right_invented_caught_and_false_alarms(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from score_history import score_set

    write(tmp_path / "01_a.txt", REPORT)
    expected = {
        "history": {
            "menopausal_status": "post",
            "fractures": [],
            "on_treatment": "Prolia",
            "treatment_years": 2.5,
        },
        "stated": {"classification": "low_bone_mass", "lowest_site": None},
        "deliberate_errors": ["class_mismatch"],
    }
    write(tmp_path / "01_a.expected.json", json.dumps(expected))
    write(tmp_path / "02_b.txt", REPORT.replace("T-score -1.0", "T-score -1.6"))
    clean = {**expected, "history": {**expected["history"], "menopausal_status": None}}
    write(tmp_path / "02_b.expected.json", json.dumps({**clean, "deliberate_errors": []}))
    score = score_set(tmp_path)
    assert (score.facts_right, score.facts_expected) == (7, 7)
    assert score.invented == 1  # 02_b's menopausal status, expected null
    assert (score.stated_right, score.stated_expected) == (2, 2)
    assert (score.errors_caught, score.errors_planted) == (1, 1)
    assert (score.false_alarms_clean, score.clean_reports) == (0, 1)
