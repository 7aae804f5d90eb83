"""Score the clinical-history reader and the report audit on report sets (issue 11).

    python bench/score_history.py DIR [DIR ...] [--verbose]

Each DIR holds `NN_name.txt` reports with `NN_name.expected.json` beside them (and
optionally `clinic.toml` with the department's `date_order`, read as `dxa --clinic` reads
it, and `<stem>.context.json` sidecars, read as batch reads them). The expected JSON has:

    history            {menopausal_status, fractures [{site, years_ago}] or null or [],
                        glucocorticoids_mg_per_day, glucocorticoid_months, on_treatment,
                        treatment_years, height_loss_cm, falls_last_year}
    stated             {classification, lowest_site {site, side, t_score} or null}
    deliberate_errors  [discrepancy codes the writer put into the report]

Prints, per set: history facts right / expected, and invented facts (a fact given where
the expectation has null, or a fracture not expected); the stated classification read;
deliberate errors caught (their code emitted); false alarms (a code not among the
deliberate errors) per clean report. The writers' brief writes "no glucocorticoids" as
null, the reader records it as 0 mg/day with the quoted sentence as evidence: the two are
the same fact, so a dose of 0 with evidence matches an expected null. years_ago and treatment_years may differ by 1 year,
doses by 0.5 mg, other numbers by 0.5. Sets are scored at first sight: never tune on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dxa.interpret import interpret
from dxa.interpret.context import HISTORY_KEYS, sourced_context_for_report
from dxa.letters.config import load_clinic_config
from dxa.parser import ReportError, parse
from dxa.parser.text.clinical_drugs import TREATMENT_RES

TOLERANCE = {
    "glucocorticoids_mg_per_day": 0.5,
    "glucocorticoid_months": 0.5,
    "treatment_years": 1.0,
    "height_loss_cm": 0.5,
    "falls_last_year": 0.0,
}
YEARS_AGO_TOLERANCE = 1.0


@dataclass
class Score:
    reports: int = 0
    failed: list[str] = field(default_factory=list)
    facts_expected: int = 0
    facts_right: int = 0
    invented: int = 0
    stated_expected: int = 0
    stated_right: int = 0
    errors_planted: int = 0
    errors_caught: int = 0
    clean_reports: int = 0
    false_alarms_clean: int = 0
    false_alarms: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


def drug_name(text: str | None) -> str | None:
    """A treatment's generic name, whichever name the text uses."""
    if not text:
        return None
    text = text.replace("_", " ")
    for name, pattern in TREATMENT_RES.items():
        if pattern.search(text):
            return name
    return text.strip().lower()


def same_fracture(expected: dict, actual: dict) -> bool:
    if expected.get("site") != actual.get("site"):
        return False
    wanted, got = expected.get("years_ago"), actual.get("years_ago")
    if wanted is None or got is None:
        return wanted is None and got is None
    return abs(wanted - got) <= YEARS_AGO_TOLERANCE


def match_fractures(expected: list[dict], actual: list[dict]) -> tuple[bool, int]:
    """Whether the lists match one to one, and how many actual fractures were not expected."""
    left = list(actual)
    missed = 0
    for wanted in expected:
        found = next((a for a in left if same_fracture(wanted, a)), None)
        if found is None:
            missed += 1
        else:
            left.remove(found)
    return missed == 0 and not left, len(left)


def same_value(key: str, expected: object, actual: object) -> bool:
    if key == "on_treatment":
        return drug_name(expected) == drug_name(actual)
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(expected - actual) <= TOLERANCE.get(key, 0.5)
    return expected == actual


def score_history(name: str, expected: dict, actual: dict | None, score: Score) -> None:
    actual = actual or {}
    evidence = actual.get("evidence") or {}
    for key in HISTORY_KEYS:
        wanted, got = expected.get(key), actual.get(key)
        if key == "fractures" and wanted is not None:
            score.facts_expected += 1
            right, extra = match_fractures(wanted, got or [])
            right = right and got is not None
            score.facts_right += right
            score.invented += extra
            if not right:
                score.notes.append(f"{name}: fractures {got} (expected {wanted})")
            continue
        if wanted is None:
            if got == 0 and key == "glucocorticoids_mg_per_day" and key in evidence:
                continue
            if got is not None:
                score.invented += len(got) if key == "fractures" and got else 1
                score.notes.append(f"{name}: invented {key} = {got}")
            continue
        score.facts_expected += 1
        if same_value(key, wanted, got):
            score.facts_right += 1
        else:
            score.notes.append(f"{name}: {key} {got!r} (expected {wanted!r})")


def score_report(path: Path, expected: dict, score: Score, date_order: str | None) -> None:
    score.reports += 1
    name = path.name
    try:
        report = parse(path, date_order=date_order)
        given = sourced_context_for_report(path)
        result = interpret(report, given.context, context_sources=given.sources)
    except ReportError as error:
        score.failed.append(f"{name}: {error}")
        return
    record = report.to_json_dict()
    score_history(name, expected.get("history") or {}, record.get("history"), score)
    wanted = (expected.get("stated") or {}).get("classification")
    got = (record.get("stated") or {}).get("classification")
    if wanted is not None:
        score.stated_expected += 1
        score.stated_right += wanted == got
        if wanted != got:
            score.notes.append(f"{name}: stated classification {got!r} (expected {wanted!r})")
    planted = set(expected.get("deliberate_errors") or [])
    emitted = {d.code for d in result.discrepancies}
    score.errors_planted += len(planted)
    score.errors_caught += len(planted & emitted)
    for code in sorted(planted - emitted):
        score.notes.append(f"{name}: missed deliberate error {code}")
    alarms = emitted - planted
    score.false_alarms.update(alarms)
    for code in sorted(alarms):
        score.notes.append(f"{name}: false alarm {code}")
    if not planted:
        score.clean_reports += 1
        score.false_alarms_clean += len(alarms)


def clinic_date_order(folder: Path) -> str | None:
    path = folder / "clinic.toml"
    return load_clinic_config(path).date_order if path.is_file() else None


def score_set(folder: Path) -> Score:
    score = Score()
    date_order = clinic_date_order(folder)
    for expected_path in sorted(folder.glob("*.expected.json")):
        report = expected_path.with_name(expected_path.name.removesuffix(".expected.json") + ".txt")
        if report.is_file():
            expected = json.loads(expected_path.read_text(encoding="utf-8"))
            score_report(report, expected, score, date_order)
    return score


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def print_score(folder: Path, score: Score, verbose: bool) -> None:
    print(f"{folder}: {score.reports} reports ({len(score.failed)} not read)")
    print(
        f"  history facts right: {score.facts_right}/{score.facts_expected} "
        f"({percent(score.facts_right, score.facts_expected)}); invented facts: {score.invented}"
    )
    print(
        f"  stated classification read: {score.stated_right}/{score.stated_expected} "
        f"({percent(score.stated_right, score.stated_expected)})"
    )
    print(
        f"  deliberate errors caught: {score.errors_caught}/{score.errors_planted} "
        f"({percent(score.errors_caught, score.errors_planted)})"
    )
    rate = score.false_alarms_clean / score.clean_reports if score.clean_reports else 0.0
    by_code = ", ".join(f"{c} {n}" for c, n in sorted(score.false_alarms.items())) or "none"
    print(
        f"  false alarms: {score.false_alarms_clean} on {score.clean_reports} clean reports "
        f"({rate:.3f} per clean report); all reports: {by_code}"
    )
    for line in score.failed + (score.notes if verbose else []):
        print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every miss and alarm")
    args = parser.parse_args(argv)
    for folder in args.folders:
        if not folder.is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            return 2
        print_score(folder, score_set(folder), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
