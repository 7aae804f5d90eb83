"""Invariants that hold for any valid report and context (hypothesis)."""

from __future__ import annotations

from dxa.interpret import interpret, prepare
from dxa.interpret.model import ClinicalContext, Interpretation
from dxa.parser.model import Measurement, Report, Site, Source
from hypothesis import given, settings
from hypothesis import strategies as st

scores = st.one_of(st.none(), st.decimals(-6, 4, places=1).map(float))
measurements = st.builds(
    Measurement,
    site=st.sampled_from(
        [Site.lumbar_spine, Site.femoral_neck, Site.total_hip, Site.wards, Site.radius_33]
    ),
    side=st.sampled_from([None, "left", "right", "mean"]),
    bmd=st.one_of(st.none(), st.floats(0.3, 1.5)),
    t_score=scores,
    z_score=scores,
)
contexts = st.builds(
    ClinicalContext,
    sex=st.sampled_from([None, "female", "male"]),
    age=st.one_of(st.none(), st.integers(5, 100)),
    menopausal_status=st.sampled_from([None, "pre", "peri", "post"]),
    fractures=st.one_of(
        st.none(),
        st.lists(
            st.builds(
                dict,
                site=st.sampled_from(["hip", "vertebral", "wrist", "other"]),
                years_ago=st.one_of(st.none(), st.floats(0, 20)),
            ),
            max_size=3,
        ),
    ),
    frax=st.one_of(
        st.none(),
        st.builds(dict, major_osteoporotic=st.floats(0, 60), hip=st.floats(0, 20)),
    ),
    on_treatment=st.sampled_from([None, "alendronate", "denosumab"]),
    glucocorticoids_mg_per_day=st.one_of(st.none(), st.floats(0, 30)),
    glucocorticoid_months=st.one_of(st.none(), st.floats(0, 60)),
)
vendors = st.sampled_from([None, "hologic", "ge_lunar", "norland"])


def codes(result: Interpretation) -> list[str]:
    return [r.code.value for r in result.recommendations]


@settings(max_examples=150, deadline=None)
@given(st.lists(measurements, max_size=6), contexts, vendors)
def test_interpretation_invariants(
    rows: list[Measurement], context: ClinicalContext, vendor
) -> None:
    report = Report(source=Source(path="p.txt", format="text", vendor=vendor), measurements=rows)
    result = interpret(report, context)
    recommended = result.treatment_decision.value == "recommended"
    assert (result.first_line is not None) == recommended
    assert ("pharmacologic_therapy" in codes(result)) == recommended
    assert codes(result).count("repeat_dxa") == 1
    assert ("same_scanner_follow_up" in codes(result)) == (result.repeat_dxa_months is not None)
    named = result.first_line is not None or context.on_treatment == "denosumab"
    assert ("denosumab_discontinuation_warning" in codes(result)) == named
    if result.diagnostic_site is not None:
        assert result.diagnostic_site.site.value != "wards"
    if result.scoring is not None and result.scoring.value == "z_score":
        assert result.classification.value not in ("osteoporosis", "low_bone_mass", "normal")
    assert prepare(prepare(report)) == prepare(report)
