"""The patient facts the rules read: the report's own values, overridden by the context."""

from __future__ import annotations

from dataclasses import dataclass

from dxa.interpret.model import ClinicalContext, Fracture, FraxInputs, FraxUsed
from dxa.interpret.rules import DENOSUMAB_NAMES, FRACTURE_DIAGNOSIS_SITES
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

    @property
    def frax_known(self) -> bool:
        return self.frax_mof is not None or self.frax_hip is not None

    @property
    def known_fractures(self) -> tuple[Fracture, ...]:
        return self.fractures or ()

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
        treatment = (self.on_treatment or "").lower()
        return any(name in treatment for name in DENOSUMAB_NAMES)


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
    )


def _first(*values: float | None) -> float | None:
    """The first value that is not None (0 is a real value)."""
    return next((value for value in values if value is not None), None)
