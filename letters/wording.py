"""The letters' own words for codes: site names, classes, decisions, and the patient letter's
sections. Recommendation sentences are the interpreter's (interpret/texts.py); this module
only decides under which heading of the patient letter each one goes.

Patient wording is short and plain (clinical-rules.md §10: kind, never alarming, treatments
only as something to ask the clinician about).
"""

from __future__ import annotations

from dxa.interpret.model import (
    Classification,
    FirstLine,
    RecommendationCode,
    RiskCategory,
    Scoring,
    TreatmentDecision,
)
from dxa.parser.model import FOREARM_SITES, HIP_SITES, Side, Site

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
    Site.radius_33: "33% (one-third) radius",
    Site.radius_mid: "Radius mid",
    Site.radius_ultradistal: "Radius ultradistal",
    Site.radius_total: "Radius total",
    Site.ulna_33: "33% (one-third) ulna",
    Site.ulna_ultradistal: "Ulna ultradistal",
    Site.ulna_total: "Ulna total",
    Site.radius_ulna_33: "33% (one-third) radius + ulna",
    Site.radius_ulna_ultradistal: "Radius + ulna ultradistal",
    Site.radius_ulna_total: "Radius + ulna total",
    Site.total_body: "Total body",
}

# The body part a patient recognises, for "we looked at your ..."; the physician names stay above.
PATIENT_BODY_PART: dict[Site, str] = {
    Site.lumbar_spine: "lower back (spine)",
    Site.total_body: "whole body",
    **dict.fromkeys(sorted(HIP_SITES), "hip"),
    **dict.fromkeys(sorted(FOREARM_SITES), "forearm"),
}

# (v2, rules §8) Each measured site named exactly for the patient, so that two hip sites are
# never both "your hip": the body part, then the site in brackets.
PATIENT_SITE_DETAIL: dict[Site, str] = {
    Site.femoral_neck: "femoral neck, the top of the thigh bone",
    Site.total_hip: "total hip, the hip as a whole",
    Site.trochanter: "trochanter",
    Site.intertrochanter: "intertrochanteric area",
    Site.wards: "Ward's area",
    Site.upper_neck: "upper femoral neck",
    Site.femoral_shaft: "thigh bone shaft",
    Site.radius_33: "33% (one-third) radius",
    Site.radius_mid: "mid radius",
    Site.radius_ultradistal: "ultradistal radius, near the wrist",
    Site.radius_total: "whole radius",
    Site.ulna_33: "33% (one-third) ulna",
    Site.ulna_ultradistal: "ultradistal ulna",
    Site.ulna_total: "whole ulna",
    Site.radius_ulna_33: "33% (one-third) radius and ulna",
    Site.radius_ulna_ultradistal: "ultradistal radius and ulna",
    Site.radius_ulna_total: "whole forearm",
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
    """Patient label, naming the exact site: `left hip (femoral neck, the top of the thigh
    bone)`, `lower back (spine)`, `left forearm (33% (one-third) radius)`."""
    part = PATIENT_BODY_PART[site]
    if side in (Side.left, Side.right):
        part = f"{side.value} {part}"
    detail = PATIENT_SITE_DETAIL.get(site)
    return f"{part} ({detail})" if detail else part


def patient_sites(sites: list[tuple[Site, Side | None]]) -> list[str]:
    """Distinct body parts in first-seen order (three hip rows are one 'left hip')."""
    labels = []
    for site, side in sites:
        part = PATIENT_BODY_PART[site]
        labels.append(f"{side.value} {part}" if side in (Side.left, Side.right) else part)
    return list(dict.fromkeys(labels))


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
    Scoring.z_score: "Z-score at the diagnostic sites, Z ≤ \u22122.0 below the expected range (ISCD 2023)",
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
    TreatmentDecision.continue_: "Continue the current treatment (ES 2019/2020)",
    TreatmentDecision.drug_holiday_candidate: (
        "Drug holiday candidate: 2 to 3 years, then reassess (ASBMR 2016)"
    ),
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
        "\u22121 or more is normal. From \u22121 down to \u22122.5 is low bone mass. A score "
        "of \u22122.5 or less is osteoporosis."
    ),
    Scoring.z_score: (
        "Your Z-score compares your bones with those of people of your age and sex. A score "
        "above \u22122 is in the expected range. A score of \u22122 or less is below it."
    ),
}

# (v2, rules §11) A diagnosis that rests on a fracture, said plainly for the patient.
PATIENT_FRACTURE_PLACES = {
    "vertebral": "spine",
    "hip": "hip",
    "wrist": "wrist",
    "humerus": "upper arm",
    "pelvis": "pelvis",
}


def patient_fracture_reason(sites: list[str]) -> str:
    """'because of the broken bone in your spine' (or '... in your hip and your spine')."""
    places = [PATIENT_FRACTURE_PLACES[site] for site in sites if site in PATIENT_FRACTURE_PLACES]
    if not places:
        return "because of a broken bone"
    if len(places) == 1:
        return f"because of the broken bone in your {places[0]}"
    return "because of the broken bones in your " + " and your ".join(places)


def patient_fracture_sentence(sites: list[str]) -> str:
    """The meaning of a fracture-based result; the reason itself is said beside the result."""
    return (
        "A bone that breaks this easily shows that your bones are weaker than they should be, "
        "even when the scan score alone looks better. There is a lot that can be done about it."
    )


FRACTURE_FIGURE_NOTE = "The broken bone counts more than this score: your result is osteoporosis."

# (v2, rules §5b) What a patient already on treatment is told about it.
PATIENT_DECISION_SENTENCES: dict[TreatmentDecision, str] = {
    TreatmentDecision.continue_: (
        "Ask your clinician about keeping on with your bone medicine and how long to take it."
    ),
    TreatmentDecision.drug_holiday_candidate: (
        "Ask your clinician whether a planned break from your bone medicine is right for you."
    ),
}

# (v2, issue 12) When Z-scores classify, the physician letter says why beside the scores.
Z_SCORES_USED_NOTE = "{reason}; T-scores are shown but do not classify."

NO_PICTURE_SENTENCE = (
    "There is no picture of your score, because your result could not be placed in a score group."
)

# Which recommendation goes under which heading of the patient letter; the sentences
# themselves are interpret.texts.PATIENT_TEXTS (the one place for recommendation wording).
PATIENT_HELP_CODES = (
    RecommendationCode.calcium_vitamin_d,
    RecommendationCode.exercise_fall_prevention,
    RecommendationCode.lifestyle,
)
PATIENT_DISCUSS_CODES = (
    RecommendationCode.pharmacologic_therapy,
    RecommendationCode.anabolic_therapy,
    RecommendationCode.sequential_antiresorptive,
    RecommendationCode.antiresorptive_therapy,
    RecommendationCode.denosumab_discontinuation_warning,
    RecommendationCode.calculate_frax,
    RecommendationCode.vfa,
    RecommendationCode.secondary_causes_workup,
    RecommendationCode.specialist_referral,
)
PATIENT_NEXT_SCAN_CODES = (RecommendationCode.same_scanner_follow_up,)

GENERAL_HELPS = [
    "Eat well, with enough calcium and vitamin D.",
    "Stay active with walking and strength exercises.",
]

GENERAL_DISCUSS = "Ask your clinician what you can do to keep your bones strong."

SUPPORTS_NOT_REPLACES = (
    "This letter is here to help you. It does not replace the advice of your own clinician."
)

PHYSICIAN_SUPPORTS_NOT_REPLACES = (
    "This interpretation supports, and does not replace, the clinician's judgement."
)

# The mark on a physician letter whose report is held for review (issue 14, the gate).
DRAFT_MARK = "DRAFT"
DRAFT_NOTE = (
    "Held for review: a clinician must check what was read from the report before this "
    "letter is used. No patient letter is sent until then."
)
DRAFT_REASONS_TITLE = "Why this report is held"


def patient_change_sentence(
    part: str, previous_date: str, percent_change: float, significant: bool | None
) -> str:
    """One change since an earlier scan, said only as strongly as its significance allows:
    below the LSC is "about the same"; with no LSC to judge by, no direction is claimed."""
    if significant is None:
        return (
            f"Your {part} was also measured on {previous_date}. "
            "Your clinician can tell you what any change means."
        )
    if not significant:
        trend = "has stayed about the same"
    else:
        trend = "has gone down" if percent_change < 0 else "has gone up"
    return f"Your {part} {trend} since your scan on {previous_date}."


# The report audit and the clinical context used (clinical-rules §10, §11; issue 11).
DISCREPANCIES_TITLE = "The report's own conclusions and the rules"
DISCREPANCIES_NOTE = (
    "The report's statements below disagree with the rules this interpretation applies; "
    "please check them before relying on either."
)
DISCREPANCIES_HELD = "The report's own conclusions disagree with the rules (listed first below)."
CONTEXT_USED_TITLE = "Clinical context used"
CONTEXT_SOURCE_NAMES = {
    "report": "report text",
    "sidecar": "context file beside the report",
    "context_file": "context file (--context)",
    "flags": "command-line flags",
    "context": "clinical context",
    "review": "reviewer",
}
