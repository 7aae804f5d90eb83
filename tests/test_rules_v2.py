"""Every (v2) row of clinical-rules.md, table-driven: tests/rules/v2_rows.yaml.

Reports are built from compact measurement strings (`site region-or-side t=.. z=.. bmd=..`)
so each row isolates one rule; the expectations name interpretation fields and fragments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from dxa.interpret import interpret
from dxa.interpret.model import ClinicalContext, Interpretation
from dxa.parser.model import Measurement, Report, Source

ROWS = yaml.safe_load((Path(__file__).parent / "rules" / "v2_rows.yaml").read_text("utf-8"))
SIDES = {"left", "right", "mean"}
EXACT = (
    "rules_version",
    "scoring",
    "classification",
    "severe",
    "risk_category",
    "treatment_decision",
    "first_line",
    "repeat_dxa_months",
    "needs_review",
)


def measurement(text: str) -> Measurement:
    """'femoral_neck left t=-1.8 z=-0.4 bmd=0.700' -> a Measurement."""
    site, *rest = text.split()
    fields: dict[str, Any] = {"site": site}
    for part in rest:
        key, eq, value = part.partition("=")
        if eq:
            fields[{"t": "t_score", "z": "z_score", "bmd": "bmd"}[key]] = float(value)
        elif part in SIDES:
            fields["side"] = part
        else:
            fields["region"] = part
    return Measurement(**fields)


def build_report(spec: dict[str, Any]) -> Report:
    spec = dict(spec)
    vendor = spec.pop("vendor", None)
    measurements = [measurement(m) for m in spec.pop("measurements")]
    return Report(
        source=Source(path="t.txt", format="pdf" if vendor else "text", vendor=vendor),
        measurements=measurements,
        **spec,
    )


def by_code(result: Interpretation) -> dict[str, Any]:
    return {r.code.value: r for r in result.recommendations}


def check(result: Interpretation, expect: dict[str, Any]) -> None:
    data = result.to_json_dict()
    for field in EXACT:
        if field in expect:
            assert data[field] == expect[field], f"{field}: {data[field]!r}"
    for key, value in expect.get("diagnostic_site", {}).items():
        assert data["diagnostic_site"][key] == value, data["diagnostic_site"]
    recs = by_code(result)
    assert set(expect.get("recommendations_include", [])) <= set(recs), sorted(recs)
    assert not set(expect.get("recommendations_exclude", [])) & set(recs), sorted(recs)
    for code, fragments in expect.get("recommendation_text_contains", {}).items():
        assert all(f in recs[code].text for f in fragments), recs[code].text
    for code, fragments in expect.get("recommendation_text_excludes", {}).items():
        assert not any(f in recs[code].text for f in fragments), recs[code].text
    for code, fragments in expect.get("recommendation_source_contains", {}).items():
        assert all(f in recs[code].source for f in fragments), recs[code].source
    for code in expect.get("patient_text_absent", []):
        assert recs[code].patient_text is None, recs[code].patient_text
    for code in expect.get("patient_text_present", []):
        assert recs[code].patient_text, code
    flags = [f.code for f in result.flags]
    if "flags" in expect:
        assert sorted(flags) == sorted(expect["flags"]), result.flags
    assert set(expect.get("flags_include", [])) <= set(flags), result.flags
    flag_text = " ".join(f.text for f in result.flags)
    assert all(f in flag_text for f in expect.get("flag_text_contains", [])), flag_text
    assert not any(f in flag_text for f in expect.get("flag_text_excludes", [])), flag_text
    assumptions = " ".join(result.assumptions)
    assert all(f in assumptions for f in expect.get("assumptions_contains", [])), assumptions
    assert not any(f in assumptions for f in expect.get("assumptions_exclude", [])), assumptions
    assert set(expect.get("missing_include", [])) <= set(result.missing), result.missing
    assert all(f in (result.basis or "") for f in expect.get("basis_contains", [])), result.basis
    codes = {r.code for r in result.review_reasons}
    assert set(expect.get("review_codes_include", [])) <= codes, codes


def test_rows_have_unique_ids_and_a_rule() -> None:
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    assert all(row.get("rule") and row.get("expect") for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_v2_row(row: dict[str, Any]) -> None:
    result = interpret(build_report(row["report"]), ClinicalContext(**row["context"]))
    check(result, row["expect"])
