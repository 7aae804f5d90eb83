"""Derived T-scores (§9), the vertebra-exclusion flag (§4) and changes since previous exams (§8)."""

from __future__ import annotations

import pytest
from dxa.interpret import interpret, prepare
from dxa.interpret.model import ClinicalContext, SiteLsc
from dxa.interpret.reference import round_half_away
from dxa.parser.model import Exam, Measurement, PreviousExam, PrintedLsc, Report, Site, Source

WOMAN = ClinicalContext(sex="female", age=66, menopausal_status="post", fractures=[])


def hologic_report(**fields) -> Report:
    measurements = [
        Measurement(site="lumbar_spine", region="L1-L4", bmd=0.930),
        Measurement(site="femoral_neck", side="left", bmd=0.585),
        Measurement(site="total_hip", side="left", bmd=0.708),
    ]
    return Report(
        source=Source(path="h.txt", format="text"),
        exam=fields.pop("exam", Exam(device="Hologic Horizon A")),
        measurements=measurements,
        **fields,
    )


# ---------------------------------------------------------------- §9


def test_hologic_check_values_from_the_rules() -> None:
    prepared = prepare(hologic_report())
    assert [m.t_score for m in prepared.measurements] == [-1.1, -2.4, -1.9]
    assert all(m.provenance.value == "derived" and m.reference for m in prepared.measurements)
    assert all(m.z_score is None for m in prepared.measurements), "no Z-score is computed"


def test_prepare_is_idempotent() -> None:
    once = prepare(hologic_report())
    assert prepare(once) == once
    unknown = Report(
        source=Source(path="u.txt", format="text"),
        measurements=[Measurement(site="femoral_neck", bmd=0.6)],
    )
    assert prepare(prepare(unknown)) == prepare(unknown)
    assert len(prepare(unknown).warnings) == 1


def test_reported_t_score_is_kept() -> None:
    report = hologic_report()
    report.measurements[0] = Measurement(
        site="lumbar_spine", region="L1-L4", bmd=0.930, t_score=-1.3
    )
    prepared = prepare(report)
    assert prepared.measurements[0].t_score == -1.3
    assert prepared.measurements[0].provenance.value == "reported"


def test_unknown_manufacturer_leaves_t_null_with_reason() -> None:
    report = hologic_report(exam=Exam(device=None))
    prepared = prepare(report)
    assert all(m.t_score is None for m in prepared.measurements)
    assert any("manufacturer is unknown" in w for w in prepared.warnings)


def test_lunar_neck_has_no_verified_reference() -> None:
    report = Report(
        source=Source(path="l.pdf", format="pdf", vendor="ge_lunar"),
        measurements=[
            Measurement(site="femoral_neck", side="left", bmd=0.8),
            Measurement(site="total_hip", side="left", bmd=0.882),
        ],
    )
    neck, total = prepare(report).measurements
    assert neck.t_score is None
    assert total.t_score == -1.0  # (0.882 - 1.008) / 0.126
    assert any("no verified GE Lunar" in w for w in prepare(report).warnings)


def test_derived_score_drives_the_interpretation_and_is_named() -> None:
    result = interpret(hologic_report(), WOMAN)
    assert result.classification.value == "low_bone_mass"
    assert result.diagnostic_site.t_score == -2.4
    assert "derived from BMD" in result.basis and "NHANES" in result.basis


@pytest.mark.parametrize(
    ("value", "rounded"), [(-2.45, -2.5), (2.45, 2.5), (-2.44, -2.4), (-1.05, -1.1), (0.05, 0.1)]
)
def test_round_half_away_from_zero(value: float, rounded: float) -> None:
    assert round_half_away(value) == rounded


# ---------------------------------------------------------------- §4


def vertebrae_report(scores: dict[str, float], extra: list[Measurement] = ()) -> Report:
    rows = [Measurement(site="lumbar_spine", region=v, t_score=t) for v, t in scores.items()]
    rows.append(Measurement(site="lumbar_spine", region="L1-L4", t_score=-1.5))
    return Report(source=Source(path="v.txt", format="text"), measurements=rows + list(extra))


def exclusion_flags(report: Report) -> list[str]:
    return [
        f.text for f in interpret(report, WOMAN).flags if f.code == "vertebra_exclusion_suggested"
    ]


def test_outlier_vertebra_flagged_with_remaining_range() -> None:
    l2_l4 = Measurement(site="lumbar_spine", region="L2-L4", t_score=-1.9)
    flags = exclusion_flags(
        vertebrae_report({"L1": 0.2, "L2": -1.8, "L3": -2.0, "L4": -1.9}, [l2_l4])
    )
    assert len(flags) == 1
    assert flags[0].startswith("L1") and "L2-L4" in flags[0] and "-1.9" in flags[0]


@pytest.mark.parametrize(
    ("scores", "flagged"),
    [
        ({"L1": -1.0, "L2": -2.0, "L3": -1.0, "L4": -1.2}, []),  # exactly 1.0: not more
        # v2 §4: L1's one neighbour L2 is itself flagged, so L1 is not dragged in.
        ({"L1": -1.0, "L2": -2.1, "L3": -1.0, "L4": -1.2}, ["L2"]),
        ({"L1": -1.0, "L2": -2.1, "L3": -1.5, "L4": -1.2}, ["L1"]),  # L2 differs from one only
        ({"L1": -1.0, "L2": -1.1, "L3": -1.2, "L4": 0.0}, ["L4"]),
    ],
)
def test_vertebra_exclusion_boundaries(scores: dict[str, float], flagged: list[str]) -> None:
    flags = exclusion_flags(vertebrae_report(scores))
    assert [text.split(" ")[0] for text in flags] == flagged


# ---------------------------------------------------------------- §8


def with_previous(previous_bmd: float, **fields) -> Report:
    return Report(
        source=Source(path="p.txt", format="text"),
        exam=fields.pop("exam", Exam()),
        measurements=[Measurement(site="lumbar_spine", region="L1-L4", bmd=0.950, t_score=-0.9)],
        previous=[
            PreviousExam(
                date="2022-02-02",
                site="lumbar_spine",
                region="L1-L4",
                bmd=previous_bmd,
                device=fields.pop("previous_device", None),
            )
        ],
        **fields,
    )


def test_change_against_default_lsc() -> None:
    (change,) = interpret(with_previous(1.000), WOMAN).changes
    assert change.bmd_change == -0.05
    assert change.percent_change == -5.0
    assert change.lsc == 0.053  # 5.3 % of 1.000
    assert change.significant is False


def test_printed_lsc_wins_over_configured_and_default() -> None:
    report = with_previous(0.984, lsc=[PrintedLsc(site="lumbar_spine", value=0.028)])
    configured = {Site.lumbar_spine: SiteLsc(value=0.05, unit="g/cm2")}
    (change,) = interpret(report, WOMAN, site_lsc=configured).changes
    assert change.lsc == 0.028
    assert change.significant is True  # |-0.034| >= 0.028


def test_configured_lsc_wins_over_default() -> None:
    configured = {Site.lumbar_spine: SiteLsc(value=2.0, unit="percent")}
    (change,) = interpret(with_previous(0.984), WOMAN, site_lsc=configured).changes
    assert change.lsc == 0.020
    assert change.significant is True


def test_change_equal_to_lsc_is_significant() -> None:
    report = with_previous(0.978, lsc=[PrintedLsc(site="lumbar_spine", value=0.028)])
    (change,) = interpret(report, WOMAN).changes
    assert change.significant is True


def test_no_comparison_across_manufacturers() -> None:
    report = with_previous(
        1.1, exam=Exam(device="Lunar Prodigy"), previous_device="Hologic Discovery W"
    )
    result = interpret(report, WOMAN)
    assert result.changes == []
    assert [f.code for f in result.flags] == ["different_manufacturer"]


def test_unnamed_previous_scanner_is_an_assumption_in_text_reports_only() -> None:
    note = "assumed the same for comparison"
    text_result = interpret(with_previous(1.0), WOMAN)
    assert any(note in a for a in text_result.assumptions)
    vendor_report = with_previous(1.0).model_copy(
        update={"source": Source(path="p.pdf", format="pdf", vendor="hologic")}
    )
    assert not any(note in a for a in interpret(vendor_report, WOMAN).assumptions)


def test_a_stratos_is_a_dms_scanner_not_a_norland() -> None:
    """One list of makers: a Stratos gets no Norland reference and is not compared with one."""
    from dxa.interpret.reference import manufacturer_from_text

    assert manufacturer_from_text("DMS Stratos dR") == "dms"
    assert manufacturer_from_text("Norland XR-46") == "norland"
