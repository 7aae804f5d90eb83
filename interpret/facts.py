"""The patient facts the rules read: the report's own values, overridden by the context."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from dxa.interpret.model import ClinicalContext, Fracture, FraxInputs, FraxUsed
from dxa.interpret.rules import (
    ACR_GIOP,
    ANABOLIC_NAMES,
    DENOSUMAB_NAMES,
    FRACTURE_DIAGNOSIS_SITES,
    GIOP_FRAX_ADJUST_MG_ABOVE,
    GIOP_FRAX_HIP_FACTOR,
    GIOP_FRAX_MOF_FACTOR,
    GIOP_GLUCOCORTICOID_MG,
    GIOP_MIN_AGE,
    GIOP_MIN_MONTHS,
    LOW_BONE_MASS_FRACTURE_SITES,
    ORAL_BISPHOSPHONATE_NAMES,
    UNCOUNTED_FRACTURE_SITES,
    ZOLEDRONIC_NAMES,
)
from dxa.parser.model import Report, Sex

NO_TREATMENT_WORDS = {"", "none", "no", "nil", "null"}


@dataclass(frozen=True)
class Facts:
    """Everything about the patient a rule may need; None means not known."""

    sex: Sex | None = None
    age: float | None = None
    menopausal_status: str | None = None
    fractures: tuple[Fracture, ...] | None = None  # None: fracture history not given
    frax_mof: float | None = None
    frax_hip: float | None = None
    glucocorticoids_mg_per_day: float | None = None
    glucocorticoid_months: float | None = None
    on_treatment: str | None = None
    height_loss_cm: float | None = None
    treatment_years: float | None = None
    frax_glucocorticoid_adjusted: bool = False
    falls_last_year: int | None = None
    injurious_fall: bool = False

    @property
    def frax_known(self) -> bool:
        return self.frax_mof is not None or self.frax_hip is not None

    @property
    def known_fractures(self) -> tuple[Fracture, ...]:
        """Every fracture given, 'other' sites included (they are listed)."""
        return self.fractures or ()

    @property
    def counted_fractures(self) -> tuple[Fracture, ...]:
        """§3 (v2): fractures at an 'other' site change no class or risk rule."""
        return tuple(
            f for f in self.known_fractures if f.site.value not in UNCOUNTED_FRACTURE_SITES
        )

    @property
    def low_bone_mass_fracture_sites(self) -> tuple[str, ...]:
        """Humerus, pelvis, wrist: osteoporosis together with low bone mass (AACE 2020)."""
        sites = {f.site.value for f in self.known_fractures}
        return tuple(site for site in LOW_BONE_MASS_FRACTURE_SITES if site in sites)

    @property
    def fractures_on_treatment(self) -> tuple[Fracture, ...]:
        """Fractures after the current treatment began (years_ago < treatment_years); never
        assumed when either is unknown (§5b)."""
        if not self.on_treatment or self.treatment_years is None:
            return ()
        return tuple(
            f
            for f in self.counted_fractures
            if f.years_ago is not None and f.years_ago < self.treatment_years
        )

    @property
    def fractures_on_glucocorticoids(self) -> tuple[Fracture, ...]:
        """Fractures since the glucocorticoid began (§5a), never assumed without dates."""
        if not self.on_giop or self.glucocorticoid_months is None:
            return ()
        years = self.glucocorticoid_months / 12
        return tuple(
            f for f in self.counted_fractures if f.years_ago is not None and f.years_ago < years
        )

    @property
    def on_giop(self) -> bool:
        """§5a: an adult >= 40 (or of unknown age) on >= 2.5 mg/day for >= 3 months."""
        return (
            self.glucocorticoids_mg_per_day is not None
            and self.glucocorticoids_mg_per_day >= GIOP_GLUCOCORTICOID_MG
            and self.glucocorticoid_months is not None
            and self.glucocorticoid_months >= GIOP_MIN_MONTHS
            and (self.age is None or self.age >= GIOP_MIN_AGE)
        )

    @property
    def diagnostic_fracture_sites(self) -> tuple[str, ...]:
        """'hip' and/or 'vertebral': the fractures that diagnose osteoporosis clinically."""
        sites = {f.site.value for f in self.known_fractures}
        return tuple(site for site in FRACTURE_DIAGNOSIS_SITES if site in sites)

    @property
    def has_hip_or_vertebral_fracture(self) -> bool:
        return bool(self.diagnostic_fracture_sites)

    @property
    def has_vertebral_fracture(self) -> bool:
        return any(f.site.value == "vertebral" for f in self.known_fractures)

    @property
    def on_denosumab(self) -> bool:
        return _names(self.on_treatment, DENOSUMAB_NAMES)

    @property
    def on_anabolic(self) -> bool:
        return _names(self.on_treatment, ANABOLIC_NAMES)

    @property
    def on_oral_bisphosphonate(self) -> bool:
        return _names(self.on_treatment, ORAL_BISPHOSPHONATE_NAMES)

    @property
    def on_zoledronic_acid(self) -> bool:
        return _names(self.on_treatment, ZOLEDRONIC_NAMES)


def _names(treatment: str | None, names: tuple[str, ...]) -> bool:
    """Whether the treatment text names one of the drugs (generic or brand, any case)."""
    lowered = (treatment or "").lower()
    return any(name in lowered for name in names)


def normalise_treatment(text: str | None) -> str | None:
    """'none' or an empty string means no current treatment."""
    if text is None or text.strip().lower() in NO_TREATMENT_WORDS:
        return None
    return text.strip()


def frax_inputs(report: Report, context: ClinicalContext | None) -> FraxInputs | None:
    """The FRAX the rules use, each value from the context when given there, else from the
    report (contract: context values win): the one place this rule is coded."""
    chosen = {}
    for kind in ("major_osteoporotic", "hip"):
        given = getattr(context.frax, kind) if context and context.frax else None
        printed = getattr(report.frax, kind) if report.frax else None
        if given is not None:
            chosen[kind] = FraxUsed(value=given, source="context")
        elif printed is not None:
            chosen[kind] = FraxUsed(value=printed, source="report")
    return FraxInputs(**chosen) if chosen else None


def facts_from(report: Report, context: ClinicalContext | None) -> Facts:
    """Context values win; the report supplies age, sex and FRAX where the context is silent."""
    frax = frax_inputs(report, context)
    context = context or ClinicalContext()
    return Facts(
        sex=context.sex or report.patient.sex,
        age=_first(context.age, report.patient.age),
        menopausal_status=context.menopausal_status,
        fractures=None if context.fractures is None else tuple(context.fractures),
        frax_mof=frax.major_osteoporotic.value if frax and frax.major_osteoporotic else None,
        frax_hip=frax.hip.value if frax and frax.hip else None,
        glucocorticoids_mg_per_day=context.glucocorticoids_mg_per_day,
        glucocorticoid_months=context.glucocorticoid_months,
        on_treatment=normalise_treatment(context.on_treatment),
        height_loss_cm=context.height_loss_cm,
        treatment_years=context.treatment_years,
        frax_glucocorticoid_adjusted=bool(context.frax_glucocorticoid_adjusted),
        falls_last_year=context.falls_last_year,
        injurious_fall=bool(context.injurious_fall),
    )


def _first(*values: float | None) -> float | None:
    """The first value that is not None (0 is a real value)."""
    return next((value for value in values if value is not None), None)


def glucocorticoid_adjusted(facts: Facts) -> tuple[Facts, list[str]]:
    """§5a (v2, ACR GIOP 2022): above 7.5 mg/day, a FRAX not already adjusted for
    glucocorticoids is raised (major osteoporotic x 1.15, hip x 1.2), in decimal arithmetic;
    the assumption says so. A FRAX marked as adjusted is used as given."""
    dose = facts.glucocorticoids_mg_per_day
    if (
        not facts.on_giop
        or dose is None
        or dose <= GIOP_FRAX_ADJUST_MG_ABOVE
        or facts.frax_glucocorticoid_adjusted
        or not facts.frax_known
    ):
        return facts, []
    mof = _scaled(facts.frax_mof, GIOP_FRAX_MOF_FACTOR)
    hip = _scaled(facts.frax_hip, GIOP_FRAX_HIP_FACTOR)
    parts = []
    if mof is not None:
        parts.append(
            f"major osteoporotic {facts.frax_mof:g}% × {GIOP_FRAX_MOF_FACTOR:g} = {mof:g}%"
        )
    if hip is not None:
        parts.append(f"hip {facts.frax_hip:g}% × {GIOP_FRAX_HIP_FACTOR:g} = {hip:g}%")
    note = (
        f"FRAX taken as not adjusted for glucocorticoids ({dose:g} mg/day > "
        f"{GIOP_FRAX_ADJUST_MG_ABOVE:g}): adjusted, {', '.join(parts)} ({ACR_GIOP})."
    )
    return replace(facts, frax_mof=mof, frax_hip=hip), [note]


def _scaled(value: float | None, factor: float) -> float | None:
    """value x factor in decimal arithmetic, to two decimals (18 x 1.15 is 20.7, not 20.699...)."""
    if value is None:
        return None
    product = Decimal(str(value)) * Decimal(str(factor))
    return float(product.quantize(Decimal("0.01")))
