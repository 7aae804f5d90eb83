"""Every code the FHIR export writes, as data, each one checked against a public source.

The sources, row by row, are in docs/loinc.md (kept equal to this module by
tests/test_fhir_codes.py). Two traps the table avoids: 38265-5 is the radius-and-ulna
T-score, not the spine's; and LOINC's common DXA set has no femoral-neck-only code, so the
neck and the other proximal-femur regions take the femur codes (as the HL7 US Core DXA
examples do), with the region named in the Observation's text and body site.
"""

from __future__ import annotations

from typing import Literal

from dxa.parser.model import FOREARM_SITES, HIP_SITES, Side, Site

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
SNOMED = "http://snomed.info/sct"
# dxa's own code systems: the contract's classification values, and the report's hash.
DXA_CLASSIFICATION = "urn:dxa:classification"
DXA_REPORT_HASH = "urn:dxa:report-sha256"

Kind = Literal["bmd", "t_score", "z_score"]
Family = Literal["lumbar_spine", "hip", "femur", "forearm"]

# (system, code, display) for the report as a whole (US Core DXA example).
REPORT_CODE = (LOINC, "83311-1", "Bone density quantitative measurement by DXA panel")
REPORT_CATEGORY = (LOINC, "LP29684-5", "Radiology")
OBSERVATION_IMAGING = (OBSERVATION_CATEGORY, "imaging", "Imaging")
# FRAX is an assessment tool's output, not an image measurement.
OBSERVATION_SURVEY = (OBSERVATION_CATEGORY, "survey", "Survey")
MEDICAL_RECORD_NUMBER = (IDENTIFIER_TYPE, "MR", "Medical record number")

# UCUM unit (code, human unit) per kind of value; the score annotations are LOINC's own
# example units for its T- and Z-score terms.
UNITS: dict[Kind, tuple[str, str]] = {
    "bmd": ("g/cm2", "g/cm2"),
    "t_score": ("{T-score}", "T-score"),
    "z_score": ("{Z-score}", "Z-score"),
}
PERCENT = ("%", "%")

# LOINC code and long common name per (family, laterality, kind); laterality None is the
# term without a side, used when the report names none or gives the mean of both hips.
DXA_LOINC: dict[tuple[Family, str | None, Kind], tuple[str, str]] = {
    ("lumbar_spine", None, "bmd"): ("24966-4", "DXA Lumbar spine [Mass/Area] Bone density"),
    ("lumbar_spine", None, "t_score"): ("38267-1", "DXA Lumbar spine [T-score] Bone density"),
    ("lumbar_spine", None, "z_score"): ("85394-5", "DXA Lumbar spine [Z-score] Bone density"),
    ("hip", None, "bmd"): ("38261-4", "DXA Hip [Mass/Area] Bone density"),
    ("hip", None, "t_score"): ("38264-8", "DXA Hip [T-score] Bone density"),
    ("hip", None, "z_score"): ("80933-5", "DXA Hip [Z-score] Bone density"),
    ("hip", "left", "bmd"): ("46278-8", "DXA Hip - left [Mass/Area] Bone density"),
    ("hip", "left", "t_score"): ("80946-7", "DXA Hip - left [T-score] Bone density"),
    ("hip", "left", "z_score"): ("80938-4", "DXA Hip - left [Z-score] Bone density"),
    ("hip", "right", "bmd"): ("46279-6", "DXA Hip - right [Mass/Area] Bone density"),
    ("hip", "right", "t_score"): ("80945-9", "DXA Hip - right [T-score] Bone density"),
    ("hip", "right", "z_score"): ("80937-6", "DXA Hip - right [Z-score] Bone density"),
    ("femur", None, "bmd"): ("24701-5", "DXA Femur [Mass/Area] Bone density"),
    ("femur", None, "t_score"): ("38263-0", "DXA Femur [T-score] Bone density"),
    ("femur", None, "z_score"): ("80934-3", "DXA Femur [Z-score] Bone density"),
    ("femur", "left", "bmd"): ("80954-1", "DXA Femur - left [Mass/Area] Bone density"),
    ("femur", "left", "t_score"): ("80948-3", "DXA Femur - left [T-score] Bone density"),
    ("femur", "left", "z_score"): ("80940-0", "DXA Femur - left [Z-score] Bone density"),
    ("femur", "right", "bmd"): ("80953-3", "DXA Femur - right [Mass/Area] Bone density"),
    ("femur", "right", "t_score"): ("80947-5", "DXA Femur - right [T-score] Bone density"),
    ("femur", "right", "z_score"): ("80939-2", "DXA Femur - right [Z-score] Bone density"),
    ("forearm", None, "bmd"): ("24890-6", "DXA Radius and Ulna [Mass/Area] Bone density"),
    ("forearm", None, "t_score"): ("38265-5", "DXA Radius and Ulna [T-score] Bone density"),
    ("forearm", None, "z_score"): ("80932-7", "DXA Radius and Ulna [Z-score] Bone density"),
    ("forearm", "left", "bmd"): ("80952-5", "DXA Radius and Ulna - left [Mass/Area] Bone density"),
    ("forearm", "left", "t_score"): (
        "80944-2",
        "DXA Radius and Ulna - left [T-score] Bone density",
    ),
    ("forearm", "left", "z_score"): (
        "80936-8",
        "DXA Radius and Ulna - left [Z-score] Bone density",
    ),
    ("forearm", "right", "bmd"): (
        "80951-7",
        "DXA Radius and Ulna - right [Mass/Area] Bone density",
    ),
    ("forearm", "right", "t_score"): (
        "80943-4",
        "DXA Radius and Ulna - right [T-score] Bone density",
    ),
    ("forearm", "right", "z_score"): (
        "80935-0",
        "DXA Radius and Ulna - right [Z-score] Bone density",
    ),
}

FRAX_LOINC: dict[str, tuple[str, str]] = {
    "major_osteoporotic": (
        "90265-0",
        "Major osteoporotic fracture 10-year probability [Likelihood] Fracture Risk Assessment",
    ),
    "hip": ("90266-8", "Hip fracture 10-year probability [Likelihood] Fracture Risk Assessment"),
}

# The classification as the contract names it; osteoporosis also as its SNOMED CT disorder.
CLASSIFICATION_SNOMED: dict[str, tuple[str, str]] = {"osteoporosis": ("64859006", "Osteoporosis")}


def site_family(site: Site) -> Family | None:
    """The LOINC body family of a contract site; None for total body (no verified code)."""
    if site is Site.lumbar_spine:
        return "lumbar_spine"
    if site is Site.total_hip:
        return "hip"
    if site in HIP_SITES:
        return "femur"
    if site in FOREARM_SITES:
        return "forearm"
    return None


def dxa_loinc(site: Site, side: Side | None, kind: Kind) -> tuple[str, str] | None:
    """(code, display) for one site, side and kind of value, or None when LOINC has none here."""
    family = site_family(site)
    if family is None:
        return None
    laterality = side.value if side in (Side.left, Side.right) else None
    return DXA_LOINC.get((family, laterality, kind)) or DXA_LOINC.get((family, None, kind))
