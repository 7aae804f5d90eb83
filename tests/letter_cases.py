"""Invented reports and interpretations for previews, the benchmark and the letter tests.

No real patient: names, IDs and numbers are made up. Each case exercises a different part of
the letters (both scorings, every classification, changes, flags, derived values, a score
beyond the drawn axis), independently of the interpreter's rules.
"""

from __future__ import annotations

import datetime as dt

from dxa.interpret.model import (
    Change,
    Classification,
    DiagnosticSite,
    FirstLine,
    Flag,
    FraxInputs,
    FraxUsed,
    Interpretation,
    Recommendation,
    RecommendationCode,
    RiskCategory,
    Scoring,
    TreatmentDecision,
)
from dxa.parser.model import (
    Exam,
    Frax,
    Measurement,
    Patient,
    PreviousExam,
    Provenance,
    Report,
    Sex,
    Side,
    Site,
    Source,
)

R = RecommendationCode


def _rec(code: RecommendationCode, text: str, source: str) -> Recommendation:
    return Recommendation(code=code, text=text, source=source)


COMMON_RECOMMENDATIONS = [
    _rec(
        R.calcium_vitamin_d,
        "Calcium 1000-1200 mg/day total, diet first; vitamin D 800-1000 IU/day.",
        "BHOF 2022",
    ),
    _rec(
        R.exercise_fall_prevention,
        "Weight-bearing, resistance and balance exercise; fall prevention.",
        "BHOF 2022",
    ),
    _rec(R.lifestyle, "Stop smoking; alcohol at most 2 drinks a day.", "BHOF 2022"),
]
FOLLOW_UP = [
    _rec(R.repeat_dxa, "Repeat DXA as below.", "BHOF 2022"),
    _rec(R.same_scanner_follow_up, "Same scanner; compare BMD (g/cm2), not T-scores.", "ISCD 2023"),
]


def _report(
    patient_id: str,
    name: str,
    sex: Sex,
    age: int,
    measurements: list[Measurement],
    *,
    previous: list[PreviousExam] | None = None,
    frax: Frax | None = None,
) -> Report:
    return Report(
        source=Source(
            path=f"{patient_id}.pdf", format="pdf", vendor="hologic", sha256="ab12cd34" * 8
        ),
        patient=Patient(
            name=name,
            id=patient_id,
            sex=sex,
            age=age,
            birth_date=dt.date(2024 - age, 3, 2),
        ),
        exam=Exam(
            date=dt.date(2024, 4, 15),
            device="Horizon W (S/N 000000X)",
            reference_database="NHANES III / Hologic",
        ),
        measurements=measurements,
        previous=previous or [],
        frax=frax,
    )


def _m(site: Site, bmd: float, t: float | None, z: float | None, **extra) -> Measurement:
    return Measurement(site=site, bmd=bmd, t_score=t, z_score=z, **extra)


def osteoporosis_high_risk() -> tuple[Report, Interpretation]:
    """T-score osteoporosis at the left femoral neck, a derived spine T-score, a significant loss."""
    report = _report(
        "EX-1001",
        "Jane Example",
        Sex.female,
        67,
        [
            _m(
                Site.lumbar_spine,
                0.843,
                -1.9,
                -0.3,
                region="L1-L4",
                provenance=Provenance.derived,
                reference="Hologic spine reference: mean 1.047, SD 0.110",
            ),
            _m(Site.femoral_neck, 0.570, -2.6, -1.1, side=Side.left),
            _m(Site.total_hip, 0.700, -2.0, -0.8, side=Side.left),
        ],
        previous=[
            PreviousExam(
                date=dt.date(2022, 2, 2), site=Site.lumbar_spine, region="L1-L4", bmd=0.890
            )
        ],
        frax=Frax(major_osteoporotic=17.0, hip=3.4),
    )
    interpretation = Interpretation(
        frax=FraxInputs(
            major_osteoporotic=FraxUsed(value=17.0, source="report"),
            hip=FraxUsed(value=3.4, source="report"),
        ),
        scoring=Scoring.t_score,
        classification=Classification.osteoporosis,
        diagnostic_site=DiagnosticSite(
            site=Site.femoral_neck, side=Side.left, t_score=-2.6, z_score=-1.1
        ),
        risk_category=RiskCategory.high,
        treatment_decision=TreatmentDecision.recommended,
        first_line=FirstLine.antiresorptive,
        repeat_dxa_months=24,
        recommendations=[
            _rec(R.pharmacologic_therapy, "Pharmacologic therapy is recommended.", "BHOF 2022"),
            _rec(
                R.antiresorptive_therapy,
                "Alendronate 70 mg weekly, risedronate 35 mg weekly or zoledronic acid 5 mg IV yearly; denosumab 60 mg SC every 6 months if bisphosphonates are not tolerated.",
                "ACP 2023",
            ),
            _rec(
                R.denosumab_discontinuation_warning,
                "Do not stop denosumab without a follow-on agent.",
                "ES 2020",
            ),
            *COMMON_RECOMMENDATIONS,
            _rec(
                R.secondary_causes_workup,
                "Calcium, phosphate, creatinine/eGFR, 25-OH vitamin D, PTH, TSH, ALP, CBC.",
                "BHOF 2022",
            ),
            *FOLLOW_UP,
        ],
        changes=[
            Change(
                site=Site.lumbar_spine,
                region="L1-L4",
                previous_date="2022-02-02",
                bmd_change=-0.047,
                percent_change=-5.3,
                lsc=0.028,
                significant=True,
            ),
        ],
        flags=[
            Flag(
                code="vertebra_exclusion_suggested",
                text="L3 differs by more than 1.0 T from its neighbours; L1-L2,L4 T = -1.7.",
            )
        ],
        assumptions=["Menopausal status not given: assumed postmenopausal at age 67."],
        missing=["fracture history"],
    )
    return report, interpretation


def low_bone_mass_frax_needed() -> tuple[Report, Interpretation]:
    report = _report(
        "EX-1002",
        "Maria Sample",
        Sex.female,
        58,
        [
            _m(Site.lumbar_spine, 0.900, -1.4, -0.6, region="L1-L4"),
            _m(Site.total_hip, 0.780, -1.3, -0.7, side=Side.right),
        ],
    )
    interpretation = Interpretation(
        scoring=Scoring.t_score,
        classification=Classification.low_bone_mass,
        diagnostic_site=DiagnosticSite(
            site=Site.lumbar_spine, region="L1-L4", t_score=-1.4, z_score=-0.6
        ),
        risk_category=RiskCategory.undetermined,
        treatment_decision=TreatmentDecision.frax_needed,
        recommendations=[
            *COMMON_RECOMMENDATIONS,
            _rec(R.calculate_frax, "Calculate FRAX with the femoral-neck BMD.", "BHOF 2022"),
        ],
        missing=["FRAX"],
    )
    return report, interpretation


def normal_bone_density() -> tuple[Report, Interpretation]:
    report = _report(
        "EX-1003",
        "Ann Placeholder",
        Sex.female,
        55,
        [
            _m(Site.lumbar_spine, 1.050, 0.1, 0.8, region="L1-L4"),
            _m(Site.femoral_neck, 0.850, -0.3, 0.4, side=Side.left),
        ],
    )
    interpretation = Interpretation(
        scoring=Scoring.t_score,
        classification=Classification.normal,
        diagnostic_site=DiagnosticSite(
            site=Site.femoral_neck, side=Side.left, t_score=-0.3, z_score=0.4
        ),
        risk_category=RiskCategory.low,
        treatment_decision=TreatmentDecision.not_indicated,
        repeat_dxa_months=60,
        recommendations=FOLLOW_UP,
    )
    return report, interpretation


def z_score_within_range() -> tuple[Report, Interpretation]:
    report = _report(
        "EX-1004",
        "Tom Fictional",
        Sex.male,
        42,
        [
            _m(Site.lumbar_spine, 1.010, -1.2, -0.9, region="L1-L4"),
            _m(Site.total_hip, 0.900, -0.8, -0.5, side=Side.left),
        ],
    )
    interpretation = Interpretation(
        scoring=Scoring.z_score,
        classification=Classification.within_expected_range_for_age,
        diagnostic_site=DiagnosticSite(
            site=Site.lumbar_spine, region="L1-L4", t_score=-1.2, z_score=-0.9
        ),
        risk_category=RiskCategory.undetermined,
        treatment_decision=TreatmentDecision.not_applicable,
        repeat_dxa_months=60,
        recommendations=FOLLOW_UP,
    )
    return report, interpretation


def z_score_below_range() -> tuple[Report, Interpretation]:
    report = _report(
        "EX-1005",
        "Lena Madeup",
        Sex.female,
        38,
        [
            _m(Site.lumbar_spine, 0.780, -2.6, -2.4, region="L1-L4"),
            _m(Site.femoral_neck, 0.640, -1.9, -1.7, side=Side.right),
        ],
    )
    interpretation = Interpretation(
        scoring=Scoring.z_score,
        classification=Classification.below_expected_range_for_age,
        diagnostic_site=DiagnosticSite(
            site=Site.lumbar_spine, region="L1-L4", t_score=-2.6, z_score=-2.4
        ),
        risk_category=RiskCategory.undetermined,
        treatment_decision=TreatmentDecision.specialist_evaluation,
        repeat_dxa_months=24,
        recommendations=[
            *COMMON_RECOMMENDATIONS,
            _rec(R.secondary_causes_workup, "Work-up for secondary causes.", "BHOF 2022"),
            _rec(R.specialist_referral, "Refer to a bone specialist.", "ISCD 2023"),
            *FOLLOW_UP,
        ],
        assumptions=["Menopausal status not given: assumed premenopausal at age 38."],
    )
    return report, interpretation


def not_classified_child() -> tuple[Report, Interpretation]:
    report = _report(
        "EX-1006", "Sam Invented", Sex.male, 15, [_m(Site.total_body, 0.950, None, -0.5)]
    )
    interpretation = Interpretation(
        classification=Classification.not_classified,
        risk_category=RiskCategory.undetermined,
        treatment_decision=TreatmentDecision.not_applicable,
        flags=[
            Flag(
                code="paediatric",
                text="Under 20: paediatric interpretation needs paediatric references.",
            )
        ],
    )
    return report, interpretation


def very_high_risk_off_scale() -> tuple[Report, Interpretation]:
    """Severe osteoporosis with a T-score below the drawn axis (clamped marker, true value shown)."""
    report = _report(
        "EX-1007",
        "Olga Testcase",
        Sex.female,
        81,
        [
            _m(Site.lumbar_spine, 0.480, -5.3, -2.9, region="L2-L4"),
            _m(Site.femoral_neck, 0.450, -3.7, -1.8, side=Side.left),
        ],
        frax=Frax(major_osteoporotic=38.0, hip=14.0),
    )
    interpretation = Interpretation(
        frax=FraxInputs(
            major_osteoporotic=FraxUsed(value=38.0, source="report"),
            hip=FraxUsed(value=14.0, source="report"),
        ),
        scoring=Scoring.t_score,
        classification=Classification.osteoporosis,
        severe=True,
        diagnostic_site=DiagnosticSite(
            site=Site.lumbar_spine, region="L2-L4", t_score=-5.3, z_score=-2.9
        ),
        risk_category=RiskCategory.very_high,
        treatment_decision=TreatmentDecision.recommended,
        first_line=FirstLine.anabolic,
        repeat_dxa_months=24,
        recommendations=[
            _rec(R.pharmacologic_therapy, "Pharmacologic therapy is recommended.", "BHOF 2022"),
            _rec(
                R.anabolic_therapy,
                "Teriparatide 20 ug SC daily or abaloparatide 80 ug SC daily for up to 2 years, or romosozumab 210 mg SC monthly for 12 months.",
                "AACE 2020",
            ),
            _rec(R.sequential_antiresorptive, "Follow with an antiresorptive.", "ES 2020"),
            *COMMON_RECOMMENDATIONS,
            _rec(R.vfa, "Vertebral fracture assessment or lateral spine X-ray.", "ISCD 2023"),
            _rec(R.specialist_referral, "Refer to a bone specialist.", "ES 2020"),
            *FOLLOW_UP,
        ],
    )
    return report, interpretation


ALL_CASES = {
    "osteoporosis_high_risk": osteoporosis_high_risk,
    "low_bone_mass_frax_needed": low_bone_mass_frax_needed,
    "normal_bone_density": normal_bone_density,
    "z_score_within_range": z_score_within_range,
    "z_score_below_range": z_score_below_range,
    "not_classified_child": not_classified_child,
    "very_high_risk_off_scale": very_high_risk_off_scale,
}
