"""Every threshold of shared/clinical-rules.md, each beside its source.

A clinic reviewing the rules, or a guideline update, reads and edits this module only.
The logic modules (scoring, classify, risk, recommend, change, reference) import these
names and contain no clinical number of their own. Wording lives in interpret/texts.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from dxa.parser.model import Site

# Short citations (clinical-rules.md, header).
ISCD = "ISCD 2023"
BHOF = "BHOF 2022"
AACE = "AACE 2020"
ES_2019 = "ES 2019"
ES_2020 = "ES 2020"
ACP = "ACP 2023"
GOURLAY = "Gourlay 2012"
ACR_GIOP = "ACR GIOP 2022"
ISCD_PAEDIATRIC = "ISCD 2019 paediatric"
WHO = "WHO 1994"
ASBMR = "ASBMR 2016"
IOF = "IOF 2012"
PRODUCT_CHOICE = "product choice"

# The version of shared/clinical-rules.md these constants and the logic apply.
RULES_VERSION = "2"

# §1 Which scores, for whom (ISCD 2023).
ADULT_AGE = 20  # under 20: not classified (paediatric references needed)
T_SCORE_AGE = 50  # men >= 50, women of unknown status >= 50, unknown sex >= 50

# §2 Which sites diagnose (ISCD 2023).
DIAGNOSTIC_SITES = (Site.lumbar_spine, Site.femoral_neck, Site.total_hip, Site.radius_33)
SPINE_STANDARD_REGION = "L1-L4"
MIN_SPINE_VERTEBRAE = 2

# §3 WHO classes (WHO 1994; ISCD 2023 for Z).
NORMAL_T_MIN = -1.0  # T >= -1.0 is normal
OSTEOPOROSIS_T_MAX = -2.5  # T <= -2.5 is osteoporosis
BELOW_EXPECTED_Z_MAX = -2.0  # Z <= -2.0 is below the expected range for age
FRACTURE_DIAGNOSIS_SITES = ("hip", "vertebral")  # clinical osteoporosis (BHOF 2022, AACE 2020)
# (v2) With low bone mass, these fragility fractures also diagnose osteoporosis (AACE 2020).
LOW_BONE_MASS_FRACTURE_SITES = ("humerus", "pelvis", "wrist")
# (v2) A fracture at an "other" site changes no class or risk rule; it is only listed.
UNCOUNTED_FRACTURE_SITES = ("other",)

# §4 Spine validity (ISCD 2023).
VERTEBRA_OUTLIER_T_DIFFERENCE = 1.0  # more than this from each neighbour
LUMBAR_VERTEBRAE = ("L1", "L2", "L3", "L4")

# §5 Treatment (BHOF 2022; FRAX at any BMD per ES 2019) and risk (ES 2020, AACE 2020).
TREATMENT_FRAX_HIP = 3.0  # hip >= 3 %
TREATMENT_FRAX_MOF = 20.0  # major osteoporotic >= 20 %
VERY_HIGH_T_BELOW = -3.0  # T < -3.0
VERY_HIGH_RECENT_FRACTURE_YEARS = 1.0  # a fracture within the last 12 months
VERY_HIGH_FRACTURE_COUNT = 2  # two or more fractures
VERY_HIGH_FRAX_MOF_ABOVE = 30.0  # major > 30 %
VERY_HIGH_FRAX_HIP_ABOVE = 4.5  # hip > 4.5 %
VERY_HIGH_FALLS = 2  # (v2) two or more falls in the last year (AACE 2020)

# §5a (v2) Glucocorticoids (ACR GIOP 2022): adults >= 40 on >= 2.5 mg/day for >= 3 months.
GIOP_MIN_AGE = 40
GIOP_MIN_MONTHS = 3.0  # for >= 3 months (current or planned)
GIOP_FRAX_ADJUST_MG_ABOVE = 7.5  # FRAX adjusted when the dose is > 7.5 mg/day
GIOP_FRAX_MOF_FACTOR = 1.15  # major osteoporotic x 1.15
GIOP_FRAX_HIP_FACTOR = 1.2  # hip x 1.2
GIOP_VERY_HIGH_MG = 30.0  # >= 30 mg/day ...
GIOP_VERY_HIGH_MONTHS_ABOVE = 1.0  # ... for more than 30 days (1 month)
GIOP_VERY_HIGH_T_MAX = -3.0  # T <= -3.0
GIOP_MODERATE_FRAX_MOF = 10.0  # adjusted major osteoporotic 10-19 %
GIOP_MODERATE_FRAX_HIP_ABOVE = 1.0  # adjusted hip > 1 % (and < 3 %)

# §5b (v2) Patients already on treatment (ES 2019/2020, ASBMR 2016, IOF 2012).
ORAL_BISPHOSPHONATE_NAMES = (
    "alendron",
    "fosamax",
    "risedron",
    "actonel",
    "atelvia",
    "ibandron",
    "boniva",
    "bonviva",
)
ZOLEDRONIC_NAMES = ("zoledron", "reclast", "aclasta")
ANABOLIC_NAMES = (
    "teriparatide",
    "forteo",
    "forsteo",
    "abaloparatide",
    "tymlos",
    "romosozumab",
    "evenity",
)
DRUG_HOLIDAY_ORAL_YEARS = 5.0  # oral bisphosphonate >= 5 years
DRUG_HOLIDAY_ZOLEDRONIC_YEARS = 3.0  # zoledronic acid >= 3 years
DRUG_HOLIDAY_HIP_T_ABOVE = -2.5  # lowest hip T > -2.5

# §6 Recommendations.
CALCULATE_FRAX_MIN_AGE = 40  # BHOF 2022
VFA_WOMAN_AGE = 70  # ISCD 2023
VFA_MAN_AGE = 80
VFA_HEIGHT_LOSS_CM_ABOVE = 4.0
VFA_GLUCOCORTICOID_MG = 5.0  # >= 5 mg/day
VFA_GLUCOCORTICOID_MONTHS = 3.0  # for >= 3 months
DENOSUMAB_NAMES = ("denosumab", "prolia", "xgeva")
FALL_PREVENTION_FALLS = 2  # (v2) exercise and fall prevention after two or more falls

# §6 (v2) Calcium and vitamin D by age (BHOF 2022).
CALCIUM_VITAMIN_D_ADULT_AGE = 50  # from 50: calcium 1000-1200 mg, vitamin D 800-1000 IU

# §7 When to repeat DXA.
GIOP_GLUCOCORTICOID_MG = 2.5  # >= 2.5 mg/day (ACR GIOP 2022)
GIOP_GLUCOCORTICOID_MONTHS_ABOVE = 3.0  # for more than 3 months
GIOP_REPEAT_MONTHS = 12
TREATED_REPEAT_MONTHS = 24  # BHOF 2022
GOURLAY_MIN_AGE = 65


@dataclass(frozen=True)
class GourlayBand:
    """Untreated postmenopausal women >= 65 without fracture: lowest T above `t_above`."""

    t_above: float
    months: int


# Ordered from the highest T down; the first band whose bound the T-score exceeds applies.
# The bounds close the gaps between the printed bands (>= -1.49, -1.50..-1.99, -2.00..-2.49).
GOURLAY_BANDS = (
    GourlayBand(t_above=-1.50, months=180),
    GourlayBand(t_above=-2.00, months=60),
    GourlayBand(t_above=-2.50, months=12),
)
UNTREATED_LOW_BONE_MASS_REPEAT_MONTHS = 24  # BHOF 2022
SIGNIFICANT_LOSS_REPEAT_MONTHS = 24  # (v2) product choice: Gourlay assumes no measured decline
NORMAL_REPEAT_MONTHS = 60  # product choice

# §8 Change since a previous exam: ISCD minimum-precision LSC, percent of the previous BMD.
DEFAULT_LSC_PERCENT = {
    Site.lumbar_spine: 5.3,
    Site.total_hip: 5.0,
    Site.femoral_neck: 6.9,
}


# §9 Computing a missing T-score.
@dataclass(frozen=True)
class YoungAdultReference:
    manufacturer: str
    site: Site
    mean: float  # g/cm2
    sd: float
    source: str


YOUNG_ADULT_REFERENCES = (
    YoungAdultReference(
        "hologic", Site.lumbar_spine, 1.047, 0.110, "Hologic spine reference (L1-L4)"
    ),
    YoungAdultReference(
        "hologic", Site.femoral_neck, 0.849, 0.111, "Hologic NHANES III femoral neck"
    ),
    YoungAdultReference(
        "hologic", Site.total_hip, 0.942, 0.122, "NHANES III total hip (Looker 1998)"
    ),
    YoungAdultReference(
        "ge_lunar",
        Site.lumbar_spine,
        1.18,
        0.12,
        "GE Lunar enCORE USA (Combined NHANES/Lunar) v113, spine L1-L4",
    ),
    YoungAdultReference(
        "ge_lunar",
        Site.total_hip,
        1.008,
        0.126,
        "GE Lunar enCORE USA (Combined NHANES/Lunar) v113, DualFemur total",
    ),
)

# Words in a scanner name or vendor code that identify the manufacturer (§9, §8).
MANUFACTURER_KEYWORDS = {
    "hologic": ("hologic", "horizon", "discovery", "delphi", "qdr", "explorer"),
    "ge_lunar": ("ge_lunar", "lunar", "prodigy", "idxa", "dpx"),
    "norland": ("norland", "xr-"),
    # DMS Imaging (France) makes the Stratos; it is not a Norland, so no Norland reference
    # applies to it and a Stratos-to-Norland comparison is across manufacturers.
    "dms": ("dms", "stratos"),
}
# The same manufacturers as a sentence names them.
MANUFACTURER_NAMES = {
    "hologic": "Hologic",
    "ge_lunar": "GE Lunar",
    "norland": "Norland",
    "dms": "DMS Stratos",
}

# §10 (v2) The report's own conclusions: a woman of unknown menopausal status under this age
# is taken as premenopausal with confidence, so T-scores classifying her are a discrepancy.
SURELY_PREMENOPAUSAL_AGE = 45
