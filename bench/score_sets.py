"""Score the text reader on report sets written by independent writers.

Each set is a folder of `NAME.txt` with `NAME.expected.json` in the writers' format
(patient age/sex/birth date, exam date, measurements, FRAX, dated previous BMDs; see
`tests/text/sets/README.md`), and optionally `clinic.toml` with the department's
`date_order`, used as `dxa --clinic` would use it. Prints, per set: field recall, field precision, and the
reports with a *silent* error (a field missing or wrong while the record does not carry
`needs_review`). A report the reader refuses (`no BMD results found`) is counted as failed,
not silent: the user sees it.

    python bench/score_sets.py tests/text/sets/set01 [more sets...] [--details]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dxa.letters.config import load_clinic_config
from dxa.parser import ReportError, parse
from dxa.parser.vocab import canonical_spine_region

Key = tuple
Fields = dict[Key, object]


def expected_fields(expected: dict) -> Fields:
    """The scored fields of a writer's expected record, null values included."""
    fields: Fields = {}
    patient, exam = expected.get("patient") or {}, expected.get("exam") or {}
    for name in ("age", "sex", "birth_date"):
        fields[("patient", name)] = patient.get(name)
    fields[("exam", "date")] = exam.get("date")
    for m in expected.get("measurements") or []:
        key = _site_key(m)
        for kind in ("bmd", "t_score", "z_score"):
            if m.get(kind) is not None:
                fields[("m", *key, kind)] = m[kind]
    frax = expected.get("frax") or {}
    for kind in ("major_osteoporotic", "hip"):
        fields[("frax", kind)] = frax.get(kind)
    for p in expected.get("previous") or []:
        fields[("prev", p["date"], *_site_key(p), "bmd")] = p["bmd"]
    return fields


def actual_fields(record: dict) -> Fields:
    """The same fields as the reader produced them."""
    return {key: value for key, value in expected_fields(record).items() if value is not None}


def _site_key(entry: dict) -> tuple:
    region = entry.get("region")
    # A spine result without its vertebrae named is read as the standard L1-L4; writers'
    # "L1,L3,L4" is the contract's "L1,L3-L4".
    if entry["site"] == "lumbar_spine":
        region = canonical_spine_region(region) if region else "L1-L4"
    return (entry["site"], entry.get("side"), region)


def _single_vertebra(key: Key) -> bool:
    return (
        key[0] == "m"
        and key[1] == "lumbar_spine"
        and bool(re.fullmatch(r"[LT]\d{1,2}", key[3] or ""))
    )


def same(expected: object, actual: object) -> bool:
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(float(expected) - float(actual)) < 1e-6 or int(actual) == expected
    return expected == actual


@dataclass
class Score:
    expected: int = 0
    produced: int = 0
    correct: int = 0
    reports: int = 0
    failed: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def clinic_date_order(folder: Path) -> str | None:
    """The set's clinic setting (`clinic.toml` beside the reports, as its writer configured
    the department), read as `dxa --clinic` reads it; None when the set has none."""
    path = folder / "clinic.toml"
    return load_clinic_config(path).date_order if path.is_file() else None


# A writer's brief that asks for no FRAX or no earlier exams (the history sets) leaves those
# keys out of the expected record: they are not scored.
OPTIONAL_SECTIONS = {"frax": "frax", "prev": "previous"}


def score_report(text_path: Path, score: Score, date_order: str | None = None) -> None:
    written = json.loads(text_path.with_suffix(".expected.json").read_text())
    unasked = {kind for kind, key in OPTIONAL_SECTIONS.items() if key not in written}
    expected = {k: v for k, v in expected_fields(written).items() if k[0] not in unasked}
    wanted = {k: v for k, v in expected.items() if v is not None}
    score.reports += 1
    score.expected += len(wanted)
    try:
        record = parse(text_path, date_order=date_order).to_json_dict()
    except ReportError as error:
        score.failed.append(f"{text_path.name}: {error}")
        return
    actual = {k: v for k, v in actual_fields(record).items() if k[0] not in unasked}
    # A single vertebra's row (L3) is kept by the reader for the exclusion rule; a writer who
    # listed only the spine total is not asked about it, so an unasked one is not scored.
    actual = {k: v for k, v in actual.items() if k in expected or not _single_vertebra(k)}
    correct = {k for k, v in actual.items() if k in expected and same(expected[k], v)}
    score.produced += len(actual)
    score.correct += len(correct)
    missing = sorted(str(k) for k in wanted if k not in correct and k not in actual)
    wrong = sorted(
        f"{k}: read {actual[k]!r}, expected {expected.get(k)!r}" for k in actual if k not in correct
    )
    if missing or wrong:
        reasons = [r["code"] for r in record.get("review_reasons", [])]
        line = f"{text_path.name}: missing {missing} wrong {wrong} review {reasons}"
        (score.flagged if record.get("needs_review") else score.silent).append(line)
        score.details.append(line)


def score_set(folder: Path) -> Score:
    score = Score()
    date_order = clinic_date_order(folder)
    for text_path in sorted(folder.glob("*.txt")):
        score_report(text_path, score, date_order)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--details", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    for folder in args.sets:
        s = score_set(folder)
        recall = s.correct / s.expected if s.expected else 1.0
        precision = s.correct / s.produced if s.produced else 1.0
        print(
            f"{folder.name}: {s.reports} reports, recall {recall:.3f} ({s.correct}/{s.expected}), "
            f"precision {precision:.3f} ({s.correct}/{s.produced}), "
            f"silent errors {len(s.silent)}, flagged {len(s.flagged)}, failed {len(s.failed)}"
        )
        if args.details:
            for line in [*s.failed, *s.details]:
                print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
