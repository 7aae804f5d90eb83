"""The Report record: the one place its shape is defined (shared/contract.md).

Every stage after the parser trusts these models, so the bounds here are the
last guard against a mis-read number reaching a letter.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from dxa.parser.review import REVIEW_CODES
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1"


class Site(StrEnum):
    """Measurement sites named by the contract."""

    lumbar_spine = "lumbar_spine"
    femoral_neck = "femoral_neck"
    total_hip = "total_hip"
    trochanter = "trochanter"
    intertrochanter = "intertrochanter"
    wards = "wards"
    upper_neck = "upper_neck"
    femoral_shaft = "femoral_shaft"
    radius_33 = "radius_33"
    radius_mid = "radius_mid"
    radius_ultradistal = "radius_ultradistal"
    radius_total = "radius_total"
    ulna_33 = "ulna_33"
    ulna_ultradistal = "ulna_ultradistal"
    ulna_total = "ulna_total"
    radius_ulna_33 = "radius_ulna_33"
    radius_ulna_ultradistal = "radius_ulna_ultradistal"
    radius_ulna_total = "radius_ulna_total"
    total_body = "total_body"


# Site families: which sites belong to one hip scan or one forearm scan (the one place).
HIP_SITES: frozenset[Site] = frozenset(
    {
        Site.femoral_neck,
        Site.total_hip,
        Site.trochanter,
        Site.intertrochanter,
        Site.wards,
        Site.upper_neck,
        Site.femoral_shaft,
    }
)
FOREARM_SITES: frozenset[Site] = frozenset(
    s for s in Site if s.value.startswith(("radius", "ulna"))
)


class Side(StrEnum):
    left = "left"
    right = "right"
    mean = "mean"


def site_code(site: Site, side: Side | None = None, region: str | None = None) -> str:
    """`total_hip left`, `lumbar_spine L1-L4`: a site with what qualifies it, in the
    contract's names (CSV columns, review reasons)."""
    return " ".join(part for part in (site.value, side.value if side else "", region) if part)


# Sites whose code reads wrongly in a sentence (issue 12: never "radius 33").
SITE_SENTENCE_NAMES = {"radius_33": "33% (one-third) radius"}


def site_words(site: Site, side: Side | None = None, region: str | None = None) -> str:
    """`left femoral neck`, `lumbar spine L1-L4`: the same, for a sentence."""
    name = SITE_SENTENCE_NAMES.get(site.value, site.value.replace("_", " "))
    words = (side.value if side else "", name, region or "")
    return " ".join(word for word in words if word)


class Sex(StrEnum):
    female = "female"
    male = "male"


class Provenance(StrEnum):
    reported = "reported"
    derived = "derived"


# The bounds of a value the record accepts, here only: the readers refuse what falls outside.
SCORE_LIMIT = 10.0
BMD_MIN, BMD_MAX = 0.05, 3.0
TBS_MIN, TBS_MAX = 0.5, 2.5  # exclusive
PERCENT_OF_REFERENCE_MAX = 300  # young-adult and age-matched %
Score = Annotated[float, Field(ge=-SCORE_LIMIT, le=SCORE_LIMIT, allow_inf_nan=False)]
Bmd = Annotated[float, Field(ge=BMD_MIN, le=BMD_MAX, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
PercentOfReference = Annotated[int | float, Field(ge=0, le=PERCENT_OF_REFERENCE_MAX)]
# The vertebrae a region names, as a regex alternation (T10-T12, L1-L5); the letters keep
# the same names unbroken (letters/typeset.py).
VERTEBRA_NAMES = "T1[0-2]|L[1-5]"
_VERTEBRA = f"({VERTEBRA_NAMES})"
# Vertebral region as the contract writes it: L1-L4, L2-L4, L1,L3, L1-L2,L4, L3 ...
Vertebra = Annotated[str, Field(pattern=rf"^{_VERTEBRA}$")]
SpineRegion = Annotated[
    str, Field(pattern=rf"^{_VERTEBRA}(-{_VERTEBRA})?(,{_VERTEBRA}(-{_VERTEBRA})?)*$")
]

# A measurement's values by their field names, which are also the vendor tables' column keys
# and every reader's value kinds, with the names a sentence (a warning, a reason) gives them.
ValueKind = Literal["bmd", "t_score", "z_score", "young_adult_percent", "age_matched_percent"]
VALUE_NAMES: dict[ValueKind, str] = {
    "bmd": "BMD",
    "t_score": "T-score",
    "z_score": "Z-score",
    "young_adult_percent": "young-adult %",
    "age_matched_percent": "age-matched %",
}


class Record(BaseModel):
    """Base for all record models: strict about unknown keys, no NaN anywhere."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, use_enum_values=False)


class Source(Record):
    path: str
    # Added values: "image" (PNG/JPEG/TIFF) and "dicom" (a secondary capture), read by OCR.
    format: Literal["pdf", "text", "image", "dicom"]
    vendor: Literal["hologic", "ge_lunar", "norland"] | None = None
    sha256: str | None = None


class Patient(Record):
    name: str | None = None
    id: str | None = None
    sex: Sex | None = None
    birth_date: dt.date | None = None
    # int | float keeps "68" as 68 and Lunar's "76.7 years" as 76.7 in the JSON.
    age: Annotated[int | float, Field(ge=0, le=120, allow_inf_nan=False)] | None = None
    ethnicity: str | None = None
    height_cm: Annotated[float, Field(gt=30, lt=260)] | None = None
    weight_kg: Annotated[float, Field(gt=2, lt=400)] | None = None


class Exam(Record):
    date: dt.date | None = None
    device: str | None = None
    reference_database: str | None = None


class Measurement(Record):
    site: Site
    side: Side | None = None
    region: SpineRegion | None = None
    bmd: Bmd | None = None
    t_score: Score | None = None
    z_score: Score | None = None
    young_adult_percent: PercentOfReference | None = None
    age_matched_percent: PercentOfReference | None = None
    provenance: Provenance = Provenance.reported
    # Added field: for a derived T-score, the reference it was computed from.
    reference: str | None = None


class Frax(Record):
    major_osteoporotic: Percent | None = None
    hip: Percent | None = None


class PreviousExam(Record):
    date: dt.date
    site: Site
    side: Side | None = None
    region: SpineRegion | None = None
    bmd: Bmd
    # Added field: the scanner of the earlier exam when the report names it, so that the
    # interpreter can refuse to compare across manufacturers (clinical-rules §8).
    device: str | None = None


class PrintedLsc(Record):
    """Added field: a least-significant-change value the report prints (e.g. a Lunar footnote)."""

    site: Site
    region: SpineRegion | None = None
    value: Annotated[float, Field(gt=0, le=10.0)]  # g/cm2 (below 1) or percent
    unit: Literal["g/cm2", "percent"] = "g/cm2"


class ReviewReason(Record):
    """Why a person must check this report (codes: dxa.parser.review.REVIEW_CODES)."""

    code: str
    text: str

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        if code not in REVIEW_CODES:
            raise ValueError(f"unknown review reason code {code!r}")
        return code


class FractureSite(StrEnum):
    """Fracture sites of the clinical context (contract); the interpreter imports this one."""

    hip = "hip"
    vertebral = "vertebral"
    wrist = "wrist"
    humerus = "humerus"
    pelvis = "pelvis"
    other = "other"


class HistoryFracture(Record):
    site: FractureSite
    years_ago: Annotated[float, Field(ge=0, le=120)] | None = None


class RiskFactor(Record):
    """A FRAX risk factor or secondary cause the report names: listed for the clinician,
    not used by the rules."""

    code: str
    evidence: str


class History(Record):
    """Added field: the clinical history the report itself gives, in the clinical context's
    key names (the lowest layer of the context). A negated fact is recorded (an empty
    fracture list, a null drug with its evidence), an unmentioned one is null without it."""

    menopausal_status: Literal["pre", "peri", "post"] | None = None
    fractures: list[HistoryFracture] | None = None
    glucocorticoids_mg_per_day: Annotated[float, Field(ge=0, le=1000)] | None = None
    glucocorticoid_months: Annotated[float, Field(ge=0, le=1200)] | None = None
    on_treatment: str | None = None
    treatment_years: Annotated[float, Field(ge=0, le=100)] | None = None
    height_loss_cm: Annotated[float, Field(ge=0, le=100)] | None = None
    falls_last_year: Annotated[int, Field(ge=0, le=1000)] | None = None
    # Treatments the report says were taken and stopped ("risedronate 2012-2017").
    past_treatments: list[str] = Field(default_factory=list)
    risk_factors: list[RiskFactor] = Field(default_factory=list)
    # The quoted sentence each fact came from, by key (a negated fact has one too).
    evidence: dict[str, str] = Field(default_factory=dict)


class StatedSite(Record):
    site: Site
    side: Side | None = None
    region: SpineRegion | None = None
    t_score: Score | None = None
    z_score: Score | None = None
    # The report named the site loosely ("the left hip"): any site of that family.
    general: bool = False


class StatedChange(Record):
    """A statement that a site changed (or did not) significantly since an earlier exam."""

    site: Site | None = None
    significant: bool
    evidence: str


class Stated(Record):
    """Added field: what the report itself concludes, each with its quoted sentence; these
    are conclusions, never a second source of results."""

    classification: (
        Literal[
            "normal",
            "low_bone_mass",
            "osteoporosis",
            "within_expected_range_for_age",
            "below_expected_range_for_age",
        ]
        | None
    ) = None
    lowest_site: StatedSite | None = None
    # The sites the classification sentence itself names ("osteopenia of the spine and left
    # hip"): the class is checked against them, not against sites it does not speak of.
    classification_sites: list[StatedSite] = Field(default_factory=list)
    # The treatment it advises (a drug's generic name, or "pharmacologic therapy") and the
    # repeat interval it gives, in months.
    treatment: str | None = None
    repeat_months: Annotated[int, Field(ge=0, le=600)] | None = None
    changes: list[StatedChange] = Field(default_factory=list)
    evidence: dict[str, str] = Field(default_factory=dict)


class Report(Record):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    patient: Patient = Field(default_factory=Patient)
    exam: Exam = Field(default_factory=Exam)
    measurements: list[Measurement] = Field(default_factory=list)
    frax: Frax | None = None
    tbs: Annotated[float, Field(gt=TBS_MIN, lt=TBS_MAX)] | None = None
    previous: list[PreviousExam] = Field(default_factory=list)
    lsc: list[PrintedLsc] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # Added fields (clinical rules v2 §2, §8), written only when the report says so: the
    # vertebrae it states were excluded ("L3 and L4 excluded"), and that an earlier exam
    # was on the same scanner.
    excluded_vertebrae: list[Vertebra] = Field(default_factory=list, exclude_if=lambda v: not v)
    same_scanner: bool = Field(default=False, exclude_if=lambda v: not v)
    # Added fields (contract Additions): the reader's own doubt, for the review gate.
    needs_review: bool = False
    review_reasons: list[ReviewReason] = Field(default_factory=list)
    history: History | None = None
    stated: Stated | None = None

    @model_validator(mode="after")
    def _review_follows_reasons(self) -> Report:
        """`needs_review` is true exactly when there is a reason, so the two never disagree."""
        self.needs_review = bool(self.review_reasons)
        return self

    def to_json_dict(self) -> dict:
        """The JSON form of the contract (ISO dates, enum values as strings)."""
        return self.model_dump(mode="json")
