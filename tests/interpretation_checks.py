"""One checker of an interpretation against expected fields and fragments, shared by the
scenario tests (tests/scenarios/) and the v2 rule rows (tests/rules/v2_rows.yaml).

Keys: interpretation fields compared exactly; `diagnostic_site` and `changes` key by key;
`recommendations_include/_exclude`, `recommendation_text_contains/_excludes` and
`recommendation_source_contains` by code; `patient_text_absent/_present`; `flags` (exact),
`flags_include`, `flag_text_contains/_excludes`; `assumptions_contains/_exclude`;
`missing_include/_exclude`; `basis_contains`; `review_codes_include`.
"""

from __future__ import annotations

from typing import Any

from dxa.interpret.model import Interpretation

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
        assert not recs[code].in_patient_letter, recs[code].patient_text
    for code in expect.get("patient_text_present", []):
        assert recs[code].in_patient_letter and recs[code].patient_text, code
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
    assert not set(expect.get("missing_exclude", [])) & set(result.missing), result.missing
    assert all(f in (result.basis or "") for f in expect.get("basis_contains", [])), result.basis
    if "changes" in expect:
        assert len(data["changes"]) == len(expect["changes"]), data["changes"]
        for actual, wanted in zip(data["changes"], expect["changes"], strict=True):
            for key, value in wanted.items():
                assert actual[key] == value, f"change.{key}: {actual[key]!r}"
    codes = {r.code for r in result.review_reasons}
    assert set(expect.get("review_codes_include", [])) <= codes, codes
