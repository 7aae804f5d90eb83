"""A report and its interpretation as one FHIR R4 Bundle: Patient, DiagnosticReport, Observations.

Results belong in the record, not only in letters. The Bundle follows the HL7 US Core DXA
examples (DiagnosticReport-dxa-bone-density-report): LOINC 83311-1 for the report, one
Observation per site and score, BMD in g/cm2 and the scores as UCUM annotations. It is
built as plain JSON by small functions, then validated by `fhir.resources` (R4B models,
whose Patient, Observation, DiagnosticReport and Bundle are the R4 ones), and written from
the validated model, so nothing unvalidated leaves. Ids are UUIDs derived from the report's
hash: the same report always gives the same Bundle. A report held for review is
`preliminary` (report and observations), as its physician letter is a DRAFT.
"""

from __future__ import annotations

import importlib
import json
import uuid
from typing import Any

from dxa.export.codes import (
    CLASSIFICATION_SNOMED,
    DXA_CLASSIFICATION,
    DXA_REPORT_HASH,
    FRAX_LOINC,
    LOINC,
    MEDICAL_RECORD_NUMBER,
    OBSERVATION_IMAGING,
    OBSERVATION_SURVEY,
    PERCENT,
    REPORT_CATEGORY,
    REPORT_CODE,
    SNOMED,
    UCUM,
    UNITS,
    dxa_loinc,
)
from dxa.interpret.model import Interpretation
from dxa.letters.wording import CLASS_NAMES, site_label
from dxa.parser.model import VALUE_NAMES, Measurement, Report

# A fixed namespace for dxa's derived ids (uuid5 of the report hash and the entry's role).
_ID_NAMESPACE = uuid.UUID("5d1f6b0e-7a43-4c1e-9a55-2b8f0c6d9e10")
FRAX_NAMES = {"major_osteoporotic": "FRAX major osteoporotic fracture", "hip": "FRAX hip fracture"}


def report_status(interpretation: Interpretation) -> str:
    """`preliminary` while a person must check the report (the review gate), else `final`."""
    return "preliminary" if interpretation.needs_review else "final"


def entry_url(report: Report, role: str) -> str:
    """`urn:uuid:...` for one entry, stable for the same report file."""
    seed = f"{report.source.sha256 or report.source.path}/{role}"
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, seed)}"


def coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def concept(triple: tuple[str, str, str], text: str | None = None) -> dict[str, Any]:
    return {"coding": [coding(*triple)], "text": text or triple[2]}


def patient_resource(report: Report) -> dict[str, Any]:
    """Identifier, gender and birth date where the report gives them; nothing guessed."""
    patient = report.patient
    resource: dict[str, Any] = {"resourceType": "Patient"}
    if patient.id:
        resource["identifier"] = [
            {"type": concept(MEDICAL_RECORD_NUMBER, "MRN"), "value": patient.id}
        ]
    if patient.sex is not None:
        resource["gender"] = patient.sex.value
    if patient.birth_date is not None:
        resource["birthDate"] = patient.birth_date.isoformat()
    return resource


def _common(report: Report, status: str, patient_url: str) -> dict[str, Any]:
    """What every Observation shares: status, category, subject and the exam date."""
    common: dict[str, Any] = {
        "status": status,
        "category": [concept(OBSERVATION_IMAGING)],
        "subject": {"reference": patient_url},
    }
    if report.exam.date is not None:
        common["effectiveDateTime"] = report.exam.date.isoformat()
    return common


def measurement_observations(
    measurement: Measurement, report: Report, status: str, patient_url: str
) -> list[dict[str, Any]]:
    """One Observation per value the measurement has (BMD, T, Z), LOINC-coded where LOINC can."""
    place = site_label(measurement.site, measurement.side, measurement.region)
    observations = []
    for kind in ("bmd", "t_score", "z_score"):
        value = getattr(measurement, kind)
        if value is None:
            continue
        text = f"DXA {place} {VALUE_NAMES[kind]}"
        loinc = dxa_loinc(measurement.site, measurement.side, kind)
        code = concept((LOINC, *loinc), text) if loinc else {"text": text}
        unit_code, unit = UNITS[kind]
        observation = {
            "resourceType": "Observation",
            **_common(report, status, patient_url),
            "code": code,
            "bodySite": {"text": place},
            "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit_code},
        }
        if kind != "bmd" and measurement.provenance.value == "derived":
            reference = f" ({measurement.reference})" if measurement.reference else ""
            observation["note"] = [
                {"text": f"Derived by dxa from the BMD and the reference database{reference}."}
            ]
        observations.append(observation)
    return observations


def frax_observations(
    report: Report, interpretation: Interpretation, status: str, patient_url: str
) -> list[dict[str, Any]]:
    """The FRAX the interpretation used (the context's figure, else the report's: decided
    once, in interpret/facts.py)."""
    used = interpretation.frax
    found = {key: getattr(used, key).value for key in FRAX_LOINC if used and getattr(used, key)}
    observations = []
    for key, value in found.items():
        code, display = FRAX_LOINC[key]
        observation = {
            "resourceType": "Observation",
            **_common(report, status, patient_url),
            "code": concept((LOINC, code, display), FRAX_NAMES[key]),
            "valueQuantity": {
                "value": value,
                "unit": PERCENT[1],
                "system": UCUM,
                "code": PERCENT[0],
            },
        }
        observation["category"] = [concept(OBSERVATION_SURVEY)]  # an assessment tool's result
        observations.append(observation)
    return observations


def conclusion_text(interpretation: Interpretation) -> str:
    """The classification and what it rests on, as the physician letter says it."""
    text = f"{CLASS_NAMES[interpretation.classification]}."
    if interpretation.severe:
        text = text[:-1] + " (severe)."
    if interpretation.basis:
        text += f" {interpretation.basis}"
    if interpretation.needs_review:
        reasons = "; ".join(dict.fromkeys(r.text for r in interpretation.review_reasons))
        text += f" Held for review: {reasons}" if reasons else " Held for review."
    return text


def conclusion_code(interpretation: Interpretation) -> dict[str, Any]:
    value = interpretation.classification.value
    name = CLASS_NAMES[interpretation.classification]
    codings = [coding(DXA_CLASSIFICATION, value, name)]
    if value in CLASSIFICATION_SNOMED:
        codings.append(coding(SNOMED, *CLASSIFICATION_SNOMED[value]))
    return {"coding": codings, "text": name}


def bundle_dict(report: Report, interpretation: Interpretation) -> dict[str, Any]:
    """The Bundle as plain JSON (not yet validated): Patient, DiagnosticReport, Observations."""
    status = report_status(interpretation)
    patient_url = entry_url(report, "patient")
    observations = [
        observation
        for measurement in report.measurements
        for observation in measurement_observations(measurement, report, status, patient_url)
    ] + frax_observations(report, interpretation, status, patient_url)
    observation_urls = [entry_url(report, f"observation/{i}") for i in range(len(observations))]
    diagnostic_report: dict[str, Any] = {
        "resourceType": "DiagnosticReport",
        "status": status,
        "category": [concept(REPORT_CATEGORY)],
        "code": concept(REPORT_CODE),
        "subject": {"reference": patient_url},
        "result": [{"reference": url} for url in observation_urls],
        "conclusion": conclusion_text(interpretation),
        "conclusionCode": [conclusion_code(interpretation)],
    }
    if report.exam.date is not None:
        diagnostic_report["effectiveDateTime"] = report.exam.date.isoformat()
    entries = [
        {"fullUrl": patient_url, "resource": patient_resource(report)},
        {"fullUrl": entry_url(report, "report"), "resource": diagnostic_report},
        *(
            {"fullUrl": url, "resource": observation}
            for url, observation in zip(observation_urls, observations, strict=True)
        ),
    ]
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    if report.source.sha256:
        bundle["identifier"] = {"system": DXA_REPORT_HASH, "value": report.source.sha256}
    return bundle


# The fhir.resources modules of the resources above, imported (and their models built) on
# first use: `import_models` loads them ahead, e.g. before batch and watch fork workers.
RESOURCE_MODULES = tuple(
    f"fhir.resources.R4B.{name}"
    for name in ("bundle", "diagnosticreport", "observation", "patient")
)


def import_models() -> None:
    """The resource models the Bundle is validated with (~0.1 s on first use)."""
    for module in RESOURCE_MODULES:
        importlib.import_module(module)


def build_bundle(report: Report, interpretation: Interpretation):
    """The validated `fhir.resources` Bundle; raises pydantic's ValidationError if invalid."""
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate(bundle_dict(report, interpretation))


def bundle_json(report: Report, interpretation: Interpretation) -> dict[str, Any]:
    """The validated Bundle as JSON data, as written to `<stem>_fhir.json`."""
    return json.loads(build_bundle(report, interpretation).model_dump_json())
