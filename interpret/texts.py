"""All recommendation wording, for the physician and for the patient (clinical-rules.md §5-§7, §10).

Physician text is terse and carries its source; patient text is plain and kind, names no
dose and never tells the patient to start or stop a drug, only what to ask their clinician.
Helper modules and the letters take wording from here and nowhere else.
"""

from __future__ import annotations

from dxa.interpret.model import RecommendationCode as Code
from dxa.interpret.rules import (
    AACE,
    ACP,
    ACR_GIOP,
    BHOF,
    CALCIUM_VITAMIN_D_ADULT_AGE,
    ES_2019,
    ES_2020,
    GOURLAY,
    IOF,
    ISCD,
    ISCD_PAEDIATRIC,
    PRODUCT_CHOICE,
)

PHYSICIAN_TEXTS: dict[Code, str] = {
    Code.pharmacologic_therapy: "Pharmacologic therapy recommended: {basis}.",
    Code.anabolic_therapy: (
        "Anabolic agent first: teriparatide 20 µg SC daily or abaloparatide 80 µg SC daily for "
        "up to 2 years, or romosozumab 210 mg SC monthly for 12 months (avoid after a myocardial "
        "infarction or stroke in the past year)."
    ),
    Code.sequential_antiresorptive: (
        "Follow the anabolic course with an antiresorptive to keep the gain; zoledronic acid or "
        "denosumab are the alternatives when anabolic therapy is not used."
    ),
    Code.antiresorptive_therapy: (
        "Antiresorptive first: alendronate 70 mg weekly, risedronate 35 mg weekly or 150 mg "
        "monthly, or zoledronic acid 5 mg IV yearly; denosumab 60 mg SC every 6 months if "
        "bisphosphonates are not tolerated or eGFR < 35."
    ),
    Code.denosumab_discontinuation_warning: (
        "Denosumab: stopping it without a follow-on agent causes rebound bone loss and multiple "
        "vertebral fractures; plan a bisphosphonate about 6 months after the last dose."
    ),
    Code.calcium_vitamin_d: (
        "Calcium 1000-1200 mg/day in total, diet first; vitamin D 800-1000 IU/day (age 50 or more)."
    ),
    Code.exercise_fall_prevention: (
        "Weight-bearing, resistance and balance exercise; fall prevention."
    ),
    Code.lifestyle: "Stop smoking; alcohol at most 2 drinks a day.",
    Code.calculate_frax: "Calculate FRAX with the femoral-neck BMD to decide on treatment.",
    Code.vfa: "Vertebral fracture assessment (VFA) or lateral spine X-ray: {basis}.",
    Code.secondary_causes_workup: (
        "Secondary causes work-up: calcium, phosphate, creatinine/eGFR, 25-OH vitamin D, PTH, "
        "TSH, alkaline phosphatase, CBC{male_extra}; as indicated serum protein electrophoresis, "
        "celiac serology, 24-h urine calcium."
    ),
    Code.specialist_referral: "Refer to a bone specialist: {basis}.",
    Code.repeat_dxa: "Repeat DXA in {interval}.",
    Code.same_scanner_follow_up: ("Repeat on the same scanner; compare BMD (g/cm²), not T-scores."),
}

MALE_WORKUP_EXTRA = ", testosterone"

# §5 (v2): romosozumab is approved for postmenopausal women; men (and patients whose sex is
# not known) are offered teriparatide or abaloparatide.
ANABOLIC_WITHOUT_ROMOSOZUMAB = (
    "Anabolic agent first: teriparatide 20 µg SC daily or abaloparatide 80 µg SC daily for "
    "up to 2 years (romosozumab is approved for postmenopausal women only)."
)
# §6 (v2): under 50 (BHOF 2022).
CALCIUM_VITAMIN_D_UNDER_50 = "Calcium 1000 mg/day in total, diet first; vitamin D 600 IU/day."
CALCIUM_VITAMIN_D_AGE_UNKNOWN = (
    "Calcium 1000-1200 mg/day in total, diet first; vitamin D 800-1000 IU/day from age 50 "
    "(under 50: calcium 1000 mg/day, vitamin D 600 IU/day); age not known."
)

PATIENT_TEXTS: dict[Code, str] = {
    Code.pharmacologic_therapy: (
        "Your results suggest that a medicine to strengthen your bones could help. "
        "Ask your clinician which one is right for you."
    ),
    Code.anabolic_therapy: "Ask your clinician about medicines that help build new bone.",
    Code.sequential_antiresorptive: (
        "Ask your clinician what the plan is after the first medicine, to keep the bone you gain."
    ),
    Code.antiresorptive_therapy: "Ask your clinician about medicines that slow bone loss.",
    # Only for a patient on denosumab (§5 v2); never "if denosumab is part of your care".
    Code.denosumab_discontinuation_warning: (
        "You take denosumab (Prolia). Ask your clinician about the plan for when it ends: "
        "ending it needs a follow-on medicine, planned with your clinician."
    ),
    Code.calcium_vitamin_d: (
        "From age 50, most people need 1000 to 1200 mg of calcium a day in total, and 800 to "
        "1000 units of vitamin D. Food such as milk, yogurt and cheese is the best source of "
        "calcium. Ask your clinician what amounts are right for you."
    ),
    Code.exercise_fall_prevention: (
        "Walking, muscle-strengthening and balance exercises help your bones. "
        "Ask how to make your home safer from falls."
    ),
    Code.lifestyle: (
        "Not smoking, and keeping to 2 alcoholic drinks a day or fewer, help keep bones strong."
    ),
    Code.calculate_frax: (
        "Your clinician may work out your chance of a broken bone in the next 10 years with a "
        "tool called FRAX. This helps decide what comes next."
    ),
    Code.vfa: (
        "Ask your clinician if you need a short scan or X-ray of your back to look for small "
        "breaks in the spine."
    ),
    Code.secondary_causes_workup: (
        "Ask your clinician about blood tests that look for other causes of weak bones."
    ),
    Code.specialist_referral: "Ask your clinician about seeing a bone specialist.",
    Code.repeat_dxa: "Your next bone density scan is suggested in {interval}.",
    Code.same_scanner_follow_up: (
        "If you can, have your next scan on the same machine, so the results can be compared."
    ),
}

PATIENT_CALCIUM_VITAMIN_D_UNDER_50 = (
    "At your age, most people need 1000 mg of calcium a day in total, and 600 units of "
    "vitamin D. Food such as milk, yogurt and cheese is the best source of calcium. Ask your "
    "clinician what amounts are right for you."
)
PATIENT_CALCIUM_VITAMIN_D_AGE_UNKNOWN = (
    "Most adults need 1000 to 1200 mg of calcium a day in total. Food such as milk, yogurt "
    "and cheese is the best source. Ask your clinician how much calcium and vitamin D is "
    "right for you."
)

PATIENT_REPEAT_NOT_SET = "Ask your clinician when your next bone density scan should be."

SOURCES: dict[Code, str] = {
    Code.pharmacologic_therapy: BHOF,
    Code.anabolic_therapy: f"{AACE}, {ES_2020}",
    Code.sequential_antiresorptive: f"{AACE}, {ES_2020}",
    Code.antiresorptive_therapy: f"{ACP}, {ES_2019}",
    Code.denosumab_discontinuation_warning: ES_2020,
    Code.calcium_vitamin_d: BHOF,
    Code.exercise_fall_prevention: BHOF,
    Code.lifestyle: BHOF,
    Code.calculate_frax: BHOF,
    Code.vfa: ISCD,
    Code.secondary_causes_workup: f"{BHOF}, {ES_2019}",
    Code.same_scanner_follow_up: ISCD,
}

# Specialist referral: the source depends on why.
SPECIALIST_BELOW_EXPECTED = ("BMD below the expected range for age", ISCD)
SPECIALIST_VERY_HIGH = ("very high fracture risk", f"{AACE}, {ES_2020}")
SPECIALIST_TREATMENT_FAILURE = (
    "possible treatment failure: check adherence and secondary causes, consider a switch",
    f"{IOF}, {AACE}",
)
SPECIALIST_Z_FRACTURE = ("hip or vertebral fragility fracture in a patient scored by Z-score", ISCD)
SPECIALIST_PAEDIATRIC = ("a paediatric bone specialist", ISCD_PAEDIATRIC)
VFA_GLUCOCORTICOID_SOURCE = f"{ISCD}, {ACR_GIOP}"

# §7: each repeat row's source, and how an interval is said.
REPEAT_SOURCES: dict[str, str] = {
    "glucocorticoids": ACR_GIOP,
    "treatment": BHOF,
    "gourlay": GOURLAY,
    "untreated_low_bone_mass": BHOF,
    "normal": PRODUCT_CHOICE,
    "significant_loss": PRODUCT_CHOICE,
    "frax_needed": BHOF,
    "not_classified": PRODUCT_CHOICE,
}
INTERVAL_PHRASES = {12: "1 year", 24: "1 to 2 years", 60: "about 5 years", 180: "about 15 years"}
REPEAT_ROW_SUFFIX = {"normal": ", sooner if risk factors change"}
REPEAT_NOT_SET = {
    "frax_needed": "Repeat DXA: interval to be set once FRAX is known.",
    "not_classified": "Repeat DXA: interval to be set with a paediatric bone specialist.",
}


def interval_phrase(months: int) -> str:
    """'1 to 2 years', 'about 15 years' ... (any other count is said in months)."""
    return INTERVAL_PHRASES.get(months, f"{months} months")


def physician_repeat_text(row: str, months: int | None, detail: str = "") -> str:
    """The repeat_dxa sentence for the physician, per the §7 row that applied; `detail`
    names what chose the row (the significant loss, v2)."""
    if months is None:
        return REPEAT_NOT_SET[row]
    interval = interval_phrase(months) + REPEAT_ROW_SUFFIX.get(row, "")
    if detail:
        interval += f" ({detail})"
    return PHYSICIAN_TEXTS[Code.repeat_dxa].format(interval=interval)


def patient_text(code: Code, *, months: int | None = None, age: float | None = None) -> str:
    """The plain-language sentence for a recommendation code (letters use this);
    for repeat_dxa pass the interpretation's repeat_dxa_months, for calcium_vitamin_d the
    patient's age (v2: the amounts differ under 50)."""
    if code is Code.repeat_dxa:
        if months is None:
            return PATIENT_REPEAT_NOT_SET
        return PATIENT_TEXTS[code].format(interval=interval_phrase(months))
    if code is Code.calcium_vitamin_d:
        return calcium_vitamin_d_text(age, patient=True)
    return PATIENT_TEXTS[code]


def calcium_vitamin_d_text(age: float | None, *, patient: bool) -> str:
    """§6 (v2): 1000-1200 mg and 800-1000 IU from 50; 1000 mg and 600 IU under 50."""
    if age is None:
        return PATIENT_CALCIUM_VITAMIN_D_AGE_UNKNOWN if patient else CALCIUM_VITAMIN_D_AGE_UNKNOWN
    if age < CALCIUM_VITAMIN_D_ADULT_AGE:
        return PATIENT_CALCIUM_VITAMIN_D_UNDER_50 if patient else CALCIUM_VITAMIN_D_UNDER_50
    return (
        PATIENT_TEXTS[Code.calcium_vitamin_d]
        if patient
        else PHYSICIAN_TEXTS[Code.calcium_vitamin_d]
    )
