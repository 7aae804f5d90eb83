"""Every word the letters say about a code: site names, classes, decisions, patient questions.

One place, so the two letters and the figure never describe the same fact differently.
Patient wording is kept short and plain (clinical-rules.md §10: kind, never alarming,
treatments only as questions to ask).
"""

from __future__ import annotations

from interpret.model import (
    Classification,
    FirstLine,
    RecommendationCode,
    RiskCategory,
    Scoring,
    TreatmentDecision,
)
from parser.model import Side, Site

# ---------------------------------------------------------------- sites

SITE_NAMES: dict[Site, str] = {
    Site.lumbar_spine: "Lumbar spine",
    Site.femoral_neck: "Femoral neck",
    Site.total_hip: "Total hip",
    Site.trochanter: "Trochanter",
    Site.intertrochanter: "Intertrochanter",
    Site.wards: "Ward's area",
    Site.upper_neck: "Upper neck",
    Site.femoral_shaft: "Femoral shaft",
    Site.radius_33: "Radius 33%",
    Site.radius_mid: "Radius mid",
    Site.radius_ultradistal: "Radius ultradistal",
    Site.radius_total: "Radius total",
    Site.ulna_33: "Ulna 33%",
    Site.ulna_ultradistal: "Ulna ultradistal",
    Site.ulna_total: "Ulna total",
    Site.radius_ulna_33: "Radius + ulna 33%",
    Site.radius_ulna_ultradistal: "Radius + ulna ultradistal",
    Site.radius_ulna_total: "Radius + ulna total",
    Site.total_body: "Total body",
}

# The body part a patient recognises; the physician names stay above.
PATIENT_BODY_PART: dict[Site, str] = {
    Site.lumbar_spine: "lower back (spine)",
    Site.total_body: "whole body",
    **dict.fromkeys(
        [
            Site.femoral_neck,
            Site.total_hip,
            Site.trochanter,
            Site.intertrochanter,
            Site.wards,
            Site.upper_neck,
            Site.femoral_shaft,
        ],
        "hip",
    ),
    **dict.fromkeys(
        [
            Site.radius_33,
            Site.radius_mid,
            Site.radius_ultradistal,
            Site.radius_total,
            Site.ulna_33,
            Site.ulna_ultradistal,
            Site.ulna_total,
            Site.radius_ulna_33,
            Site.radius_ulna_ultradistal,
            Site.radius_ulna_total,
        ],
        "forearm",
    ),
}


def site_label(site: Site, side: Side | None, region: str | None) -> str:
    """Physician label: `Femoral neck (left)`, `Lumbar spine L1-L4`, `Total hip (mean)`."""
    label = SITE_NAMES[site]
    if region:
        label = f"{label} {region}"
    if side:
        label = f"{label} ({side.value})"
    return label


def patient_site(site: Site, side: Side | None) -> str:
    """Patient label: `left hip`, `lower back (spine)`, `right forearm`."""
    part = PATIENT_BODY_PART[site]
    if side in (Side.left, Side.right):
        return f"{side.value} {part}"
    return part


def patient_sites(sites: list[tuple[Site, Side | None]]) -> list[str]:
    """Distinct patient labels in first-seen order (three hip rows are one 'left hip')."""
    return list(dict.fromkeys(patient_site(site, side) for site, side in sites))


# ---------------------------------------------------------------- classes and decisions

CLASS_NAMES: dict[Classification, str] = {
    Classification.normal: "Normal",
    Classification.low_bone_mass: "Low bone mass (osteopenia)",
    Classification.osteoporosis: "Osteoporosis",
    Classification.within_expected_range_for_age: "Within the expected range for age",
    Classification.below_expected_range_for_age: "Below the expected range for age",
    Classification.not_classified: "Not classified",
}

CLASS_BASIS: dict[Scoring | None, str] = {
    Scoring.t_score: "WHO classification of the lowest T-score at a diagnostic site (WHO 1994, ISCD 2023)",
    Scoring.z_score: "Z-score at the diagnostic sites, Z <= -2.0 below the expected range (ISCD 2023)",
    None: "No classification: see flags and assumptions",
}

RISK_NAMES: dict[RiskCategory, str] = {
    RiskCategory.low: "Low",
    RiskCategory.moderate: "Moderate",
    RiskCategory.high: "High",
    RiskCategory.very_high: "Very high",
    RiskCategory.undetermined: "Undetermined",
}

DECISION_NAMES: dict[TreatmentDecision, str] = {
    TreatmentDecision.recommended: "Pharmacologic treatment recommended",
    TreatmentDecision.frax_needed: "FRAX needed to decide",
    TreatmentDecision.not_indicated: "Pharmacologic treatment not indicated",
    TreatmentDecision.specialist_evaluation: "Specialist evaluation",
    TreatmentDecision.not_applicable: "Not applicable",
}

FIRST_LINE_NAMES: dict[FirstLine | None, str] = {
    FirstLine.anabolic: "Anabolic agent, then an antiresorptive",
    FirstLine.antiresorptive: "Antiresorptive agent",
    None: "None",
}

# ---------------------------------------------------------------- patient letter

PATIENT_CLASS_NAMES: dict[Classification, str] = {
    Classification.normal: "normal",
    Classification.low_bone_mass: "low bone mass (osteopenia)",
    Classification.osteoporosis: "osteoporosis",
    Classification.within_expected_range_for_age: "in the expected range for your age",
    Classification.below_expected_range_for_age: "below the expected range for your age",
    Classification.not_classified: "not given a score group",
}

PATIENT_MEANING: dict[Classification, str] = {
    Classification.normal: "Your bones are as strong as we would expect. This is good news.",
    Classification.low_bone_mass: (
        "Your bones are a bit thinner than those of a healthy young adult. This is common, "
        "and it is not a disease. It does mean your bones need some care."
    ),
    Classification.osteoporosis: (
        "Your bones are thinner than normal, so they can break more easily. There is a lot "
        "that can be done about it, and many people do well with care."
    ),
    Classification.within_expected_range_for_age: (
        "Your bones are about as strong as we would expect for your age. This is good news."
    ),
    Classification.below_expected_range_for_age: (
        "Your bones are thinner than we would expect for your age. Your clinician may want to "
        "look for a cause. This is often something that can be treated."
    ),
    Classification.not_classified: (
        "We could not place your result in a score group from this scan alone. Your clinician "
        "will go over the numbers with you."
    ),
}

# How the score itself is explained; the same sentence sits under the picture.
PATIENT_SCORE_EXPLAINED: dict[Scoring, str] = {
    Scoring.t_score: (
        "Your T-score compares your bones with those of a healthy young adult. A score of "
        "-1 or more is normal. From -1 down to -2.5 is low bone mass. A score of -2.5 or "
        "less is osteoporosis."
    ),
    Scoring.z_score: (
        "Your Z-score compares your bones with those of people of your age and sex. A score "
        "above -2 is in the expected range. A score of -2 or less is below it."
    ),
}

NO_PICTURE_SENTENCE = (
    "There is no picture of your score, because your result could not be placed in a score group."
)

# Amounts from BHOF 2022 (clinical-rules.md §6), said in everyday words.
PATIENT_HELPS: dict[RecommendationCode, list[str]] = {
    RecommendationCode.calcium_vitamin_d: [
        "Calcium: about 1000 to 1200 mg a day in total, from food first (milk, yogurt, cheese, "
        "green leafy vegetables). Your clinician can say if you need a supplement.",
        "Vitamin D: 800 to 1000 units a day if you are 50 or older.",
    ],
    RecommendationCode.exercise_fall_prevention: [
        "Stay active: walking, muscle-strength work and balance exercises all help your bones.",
        "Make falls less likely: good light, no loose rugs, and grab bars where you need them.",
    ],
    RecommendationCode.lifestyle: [
        "If you smoke, stopping helps your bones.",
        "Keep alcohol to 2 drinks a day or fewer.",
    ],
}

GENERAL_HELPS = [
    "Eat well, with enough calcium and vitamin D.",
    "Stay active with walking and strength exercises.",
]

PATIENT_QUESTIONS: dict[RecommendationCode, str] = {
    RecommendationCode.pharmacologic_therapy: "Would a medicine to make my bones stronger help me?",
    RecommendationCode.anabolic_therapy: (
        "Is a bone-building medicine, such as teriparatide, abaloparatide or romosozumab, right "
        "for me?"
    ),
    RecommendationCode.antiresorptive_therapy: (
        "Is a medicine that slows bone loss, such as alendronate, risedronate, zoledronic acid or "
        "denosumab, right for me?"
    ),
    RecommendationCode.sequential_antiresorptive: "What would come after my first bone medicine?",
    RecommendationCode.denosumab_discontinuation_warning: (
        "If I take denosumab, what is the plan for when I stop it?"
    ),
    RecommendationCode.calculate_frax: (
        "Can you work out my chance of breaking a bone in the next 10 years (a FRAX score)?"
    ),
    RecommendationCode.vfa: "Should I have a spine X-ray to check for breaks I may not have felt?",
    RecommendationCode.secondary_causes_workup: (
        "Should I have blood tests to look for other causes of thin bones?"
    ),
    RecommendationCode.specialist_referral: "Should I see a bone specialist?",
}

GENERAL_QUESTION = "What can I do to keep my bones strong?"

SAME_SCANNER_SENTENCE = "If you can, have it on the same machine, so the two scans can be compared."

SUPPORTS_NOT_REPLACES = (
    "This letter is here to help you. It does not replace the advice of your own clinician."
)

PHYSICIAN_SUPPORTS_NOT_REPLACES = (
    "This interpretation supports, and does not replace, the clinician's judgement."
)


def next_scan_phrase(months: int | None) -> str:
    """When the next scan is due, in words (clinical-rules.md §7 phrasing)."""
    if months is None:
        return "Your clinician will tell you when, once your chance of a break has been worked out."
    if months == 24:
        return "Your next scan is due in 1 to 2 years."
    if months == 60:
        return "Your next scan is due in about 5 years, or sooner if your health changes."
    if months % 12 == 0:
        years = months // 12
        return f"Your next scan is due in about {years} year{'s' if years > 1 else ''}."
    return f"Your next scan is due in about {months} months."


def patient_change_phrase(percent_change: float, significant: bool | None) -> str:
    """Direction of a change, said only as strongly as its significance allows."""
    if not significant:
        return "has stayed about the same"
    return "has gone down" if percent_change < 0 else "has gone up"
