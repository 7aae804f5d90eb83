"""Clinical context (input) and Interpretation (output) records, per shared/contract.md."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from dxa.interpret.rules import RULES_VERSION
from dxa.parser.clean import clean_text
from dxa.parser.model import FractureSite, ReviewReason, Sex, Side, Site, SpineRegion
from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


# ---------------------------------------------------------------- context (input)


class Fracture(Record):
    site: FractureSite
    years_ago: Annotated[float, Field(ge=0, le=120)] | None = None


class ContextFrax(Record):
    major_osteoporotic: Annotated[float, Field(ge=0, le=100)] | None = None
    hip: Annotated[float, Field(ge=0, le=100)] | None = None


class FraxUsed(Record):
    """One FRAX probability the interpretation used, and where it came from (the context
    wins over the report: contract)."""

    value: Annotated[float, Field(ge=0, le=100)]
    source: Literal["context", "report"]


class FraxInputs(Record):
    major_osteoporotic: FraxUsed | None = None
    hip: FraxUsed | None = None


class ClinicalContext(Record):
    """What the clinician knows beyond the report; every key optional."""

    sex: Sex | None = None
    age: Annotated[float, Field(ge=0, le=120)] | None = None
    menopausal_status: Literal["pre", "peri", "post"] | None = None
    fractures: list[Fracture] | None = None
    frax: ContextFrax | None = None
    glucocorticoids_mg_per_day: Annotated[float, Field(ge=0, le=1000)] | None = None
    glucocorticoid_months: Annotated[float, Field(ge=0, le=1200)] | None = None
    # Free text from a sidecar or a flag: no control or bidi characters (parser/clean.py).
    on_treatment: Annotated[str, AfterValidator(clean_text)] | None = None
    # Contract Additions: years on the current `on_treatment` drug, and whether the FRAX given
    # already includes the glucocorticoid adjustment (clinical-rules.md §5a, §5b).
    treatment_years: Annotated[float, Field(ge=0, le=100)] | None = None
    frax_glucocorticoid_adjusted: bool | None = None
    height_loss_cm: Annotated[float, Field(ge=0, le=100)] | None = None
    falls_last_year: Annotated[int, Field(ge=0, le=1000)] | None = None
    # Contract Additions: a fall in the last year that caused an injury (v2, AACE 2020).
    injurious_fall: bool | None = None


class SiteLsc(Record):
    """A clinic's configured least significant change for one site."""

    value: Annotated[float, Field(gt=0)]
    unit: Literal["g/cm2", "percent"] = "percent"


# ---------------------------------------------------------------- interpretation (output)


class Scoring(StrEnum):
    t_score = "t_score"
    z_score = "z_score"


class Classification(StrEnum):
    normal = "normal"
    low_bone_mass = "low_bone_mass"
    osteoporosis = "osteoporosis"
    within_expected_range_for_age = "within_expected_range_for_age"
    below_expected_range_for_age = "below_expected_range_for_age"
    not_classified = "not_classified"


class RiskCategory(StrEnum):
    low = "low"
    moderate = "moderate"
    high = "high"
    very_high = "very_high"
    undetermined = "undetermined"


class TreatmentDecision(StrEnum):
    recommended = "recommended"
    frax_needed = "frax_needed"
    not_indicated = "not_indicated"
    specialist_evaluation = "specialist_evaluation"
    not_applicable = "not_applicable"
    # Contract Additions (§5b, patients already on treatment).
    continue_ = "continue"
    drug_holiday_candidate = "drug_holiday_candidate"


class FirstLine(StrEnum):
    anabolic = "anabolic"
    antiresorptive = "antiresorptive"


class RecommendationCode(StrEnum):
    pharmacologic_therapy = "pharmacologic_therapy"
    anabolic_therapy = "anabolic_therapy"
    antiresorptive_therapy = "antiresorptive_therapy"
    sequential_antiresorptive = "sequential_antiresorptive"
    denosumab_discontinuation_warning = "denosumab_discontinuation_warning"
    calcium_vitamin_d = "calcium_vitamin_d"
    exercise_fall_prevention = "exercise_fall_prevention"
    lifestyle = "lifestyle"
    calculate_frax = "calculate_frax"
    vfa = "vfa"
    secondary_causes_workup = "secondary_causes_workup"
    specialist_referral = "specialist_referral"
    repeat_dxa = "repeat_dxa"
    same_scanner_follow_up = "same_scanner_follow_up"


class DiagnosticSite(Record):
    site: Site
    side: Side | None = None
    region: SpineRegion | None = None
    t_score: float | None = None
    z_score: float | None = None


class Recommendation(Record):
    code: RecommendationCode
    text: str
    source: str
    # Added fields: the patient letter's sentence for it (interpret/texts.py; None: the
    # code's standard sentence), and whether the patient letter carries it at all (§5 v2:
    # the denosumab line only for a patient on denosumab).
    patient_text: str | None = None
    in_patient_letter: bool = True


class Change(Record):
    site: Site
    side: Side | None = None
    region: SpineRegion | None = None
    previous_date: str
    bmd_change: float
    percent_change: float
    lsc: float | None = None
    significant: bool | None = None


class Flag(Record):
    code: str
    text: str


class Discrepancy(Record):
    """A statement of the report that disagrees with the rules (clinical-rules §10); codes
    are fixed: interpret/discrepancies.py DISCREPANCY_CODES."""

    code: str
    text: str
    source: str


ContextSource = Literal["report", "sidecar", "context_file", "flags", "context", "review"]


class ContextFact(Record):
    """One clinical-context fact the rules used, shown as words, and where it came from."""

    key: str
    value: str
    source: ContextSource
    evidence: str | None = None


class Interpretation(Record):
    # Added field: the version of clinical-rules.md applied.
    rules_version: str = RULES_VERSION
    scoring: Scoring | None = None
    classification: Classification
    # Added field: what the classification rests on, in one sentence (lowest score and site,
    # or the fracture for a clinical diagnosis), for the letters and `--format text`.
    basis: str | None = None
    # Added fields: why this score kind was used ("premenopausal: Z-scores used (ISCD 2023)"),
    # and the fracture sites a clinical (fracture-based) diagnosis rests on, if it does.
    scoring_basis: str | None = None
    fracture_basis: list[FractureSite] = Field(default_factory=list)
    severe: bool = False
    diagnostic_site: DiagnosticSite | None = None
    risk_category: RiskCategory
    treatment_decision: TreatmentDecision
    first_line: FirstLine | None = None
    repeat_dxa_months: int | None = None
    recommendations: list[Recommendation] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    # Added fields (contract Additions): `needs_review` is the report's own flag, or a reason
    # the rules give (an unknown age, §1 v2), so that a reader of the interpretation alone
    # knows it rests on something a person must check first; `review_reasons` are the
    # report's reasons followed by the interpretation's own.
    needs_review: bool = False
    review_reasons: list[ReviewReason] = Field(default_factory=list)
    # Added field: the FRAX probabilities the rules used, each with its source.
    frax: FraxInputs | None = None
    # Added fields (contract Additions): the report's own statements that disagree with the
    # rules (§10; any one holds the report for review), and every context fact used with
    # its source (report text, sidecar, context file, flags), for the physician letter.
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    context_used: list[ContextFact] = Field(default_factory=list)

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")
