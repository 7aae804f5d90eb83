"""The FHIR Bundle of every golden sample validates and carries the expected codes and values.

The expected LOINC code of each value is worked out here from LOINC's own naming
("DXA <part>[ - <side>] [<property>] Bone density") and looked up by name in the table of
docs/loinc.md, not taken from dxa/export/codes.py, so a wrong row in the module fails.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from dxa.interpret import interpret, prepare
from dxa.interpret.context import context_for_report
from dxa.letters.wording import site_label
from dxa.parser.model import FOREARM_SITES, HIP_SITES, Report, Side, Site
from fhir.resources.R4B.bundle import Bundle

from dxa.export.fhir import bundle_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
UCUM = "http://unitsofmeasure.org"
KIND_TEXT = {"bmd": "BMD", "t_score": "T-score", "z_score": "Z-score"}
KIND_PROPERTY = {"bmd": "Mass/Area", "t_score": "T-score", "z_score": "Z-score"}
UNIT_CODE = {"bmd": "g/cm2", "t_score": "{T-score}", "z_score": "{Z-score}"}


def docs_codes() -> dict[str, str]:
    """LOINC long name -> code, from the table of docs/loinc.md."""
    text = (ROOT / "docs" / "loinc.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([0-9A-Z]+-[0-9]) \| ([^|]+?) \|", text, flags=re.MULTILINE)
    return {name: code for code, name in rows}


NAME_TO_CODE = docs_codes()


def expected_loinc(site: Site, side: Side | None, kind: str) -> str | None:
    """LOINC's name for the value, by its naming convention; None for total body."""
    if site is Site.lumbar_spine:
        part = "Lumbar spine"
    elif site is Site.total_hip:
        part = "Hip"
    elif site in HIP_SITES:
        part = "Femur"
    elif site in FOREARM_SITES:
        part = "Radius and Ulna"
    else:
        return None
    lateral = f" - {side.value}" if side in (Side.left, Side.right) else ""
    return NAME_TO_CODE[f"DXA {part}{lateral} [{KIND_PROPERTY[kind]}] Bone density"]


def golden_samples() -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(SAMPLES.rglob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        for suffix in (".pdf", ".txt"):
            if (report := expected.with_name(stem + suffix)).exists():
                pairs.append((report, expected))
    return pairs


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def code_of(resource: dict) -> str | None:
    codings = resource["code"].get("coding", [])
    return codings[0]["code"] if codings else None


@pytest.mark.parametrize(
    "report_path, expected_path",
    golden_samples(),
    ids=[str(p.relative_to(SAMPLES)) for p, _ in golden_samples()],
)
def test_bundle_of_every_sample_validates_with_its_codes_and_values(
    report_path: Path, expected_path: Path
) -> None:
    report = prepare(Report.model_validate_json(expected_path.read_text(encoding="utf-8")))
    context = context_for_report(report_path, None, None)
    interpretation = interpret(report, context)
    bundle = bundle_json(report, interpretation)
    assert Bundle.model_validate(bundle).model_dump(mode="json") == bundle  # round trip

    (patient,) = resources(bundle, "Patient")
    (diagnostic,) = resources(bundle, "DiagnosticReport")
    observations = resources(bundle, "Observation")
    assert patient.get("gender") == (report.patient.sex.value if report.patient.sex else None)
    if report.patient.id:
        assert patient["identifier"][0]["value"] == report.patient.id
    status = "preliminary" if interpretation.needs_review else "final"
    assert {diagnostic["status"]} | {o["status"] for o in observations} == {status}
    assert diagnostic["code"]["coding"][0]["code"] == "83311-1"
    assert diagnostic["conclusionCode"][0]["coding"][0]["code"] == interpretation.classification
    urls = [e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]
    assert [r["reference"] for r in diagnostic["result"]] == urls
    subject = bundle["entry"][0]["fullUrl"]
    assert all(o["subject"]["reference"] == subject for o in observations)

    expected = Counter()
    for m in report.measurements:
        for kind in KIND_TEXT:
            if (value := getattr(m, kind)) is not None:
                label = site_label(m.site, m.side, m.region)
                expected[(label, KIND_TEXT[kind], value, UNIT_CODE[kind])] += 1
                loinc = expected_loinc(m.site, m.side, kind)
                matching = [
                    o
                    for o in observations
                    if o.get("bodySite", {}).get("text") == label
                    and o["code"]["text"].endswith(KIND_TEXT[kind])
                    and o["valueQuantity"]["value"] == value
                ]
                assert matching and {code_of(o) for o in matching} == {loinc}, (label, kind)
    measured = Counter(
        (o["bodySite"]["text"], o["code"]["text"].rsplit(" ", 1)[-1], q["value"], q["code"])
        for o in observations
        if "bodySite" in o and (q := o["valueQuantity"])["system"] == UCUM
    )
    assert measured == expected

    frax = {code_of(o): o["valueQuantity"]["value"] for o in observations if "bodySite" not in o}
    given = {
        "90265-0": (context.frax and context.frax.major_osteoporotic)
        or (report.frax and report.frax.major_osteoporotic),
        "90266-8": (context.frax and context.frax.hip) or (report.frax and report.frax.hip),
    }
    assert frax == {code: value for code, value in given.items() if value is not None}


@pytest.mark.parametrize(
    "site, side, kind, code",
    [
        (Site.lumbar_spine, None, "t_score", "38267-1"),  # not 38265-5, the forearm's
        (Site.lumbar_spine, None, "bmd", "24966-4"),
        (Site.femoral_neck, Side.left, "t_score", "80948-3"),  # US Core dxa-femur-l-t-score-bmd
        (Site.femoral_neck, Side.left, "bmd", "80954-1"),
        (Site.femoral_neck, None, "bmd", "24701-5"),
        (Site.total_hip, Side.left, "bmd", "46278-8"),  # US Core dxa-hip-l-armass-bmd
        (Site.total_hip, Side.left, "z_score", "80938-4"),
        (Site.total_hip, Side.mean, "t_score", "38264-8"),  # the mean of both hips: no side
        (Site.radius_33, Side.left, "t_score", "80944-2"),
        (Site.radius_ulna_total, None, "t_score", "38265-5"),
    ],
)
def test_codes_of_the_examples_and_traps(site: Site, side: Side | None, kind: str, code: str):
    report = Report.model_validate(
        {
            "source": {"path": "x.txt", "format": "text", "sha256": "ab" * 32},
            "patient": {"age": 70, "sex": "female"},
            "measurements": [{"site": site, "side": side, kind: 0.9 if kind == "bmd" else -1.2}],
        }
    )
    bundle = bundle_json(report, interpret(report, None))
    (observation,) = resources(bundle, "Observation")
    assert code_of(observation) == code


def report_with(**fields) -> Report:
    record = {
        "source": {"path": "x.txt", "format": "text", "sha256": "cd" * 32},
        "patient": {"id": "EX-7", "sex": "female", "birth_date": "1950-01-02", "age": 74},
        "exam": {"date": "2024-04-15"},
        "measurements": [
            {"site": "total_body", "bmd": 1.01, "t_score": -0.4},
            {"site": "lumbar_spine", "region": "L1-L4", "bmd": 0.8, "t_score": -2.7},
        ],
    }
    return Report.model_validate({**record, **fields})


def test_total_body_has_a_text_code_and_no_invented_loinc() -> None:
    report = report_with()
    bundle = bundle_json(report, interpret(report, None))
    body = [o for o in resources(bundle, "Observation") if o["bodySite"]["text"] == "Total body"]
    assert [o["code"] for o in body] == [
        {"text": "DXA Total body BMD"},
        {"text": "DXA Total body T-score"},
    ]


def test_osteoporosis_is_also_coded_in_snomed_and_the_conclusion_reads_as_the_letter() -> None:
    report = report_with()
    interpretation = interpret(report, None)
    assert interpretation.classification == "osteoporosis"
    (diagnostic,) = resources(bundle_json(report, interpretation), "DiagnosticReport")
    codings = diagnostic["conclusionCode"][0]["coding"]
    assert [(c["system"], c["code"]) for c in codings] == [
        ("urn:dxa:classification", "osteoporosis"),
        ("http://snomed.info/sct", "64859006"),
    ]
    assert diagnostic["conclusion"].startswith("Osteoporosis")
    assert interpretation.basis in diagnostic["conclusion"]
    assert diagnostic["effectiveDateTime"] == "2024-04-15"


def test_held_report_is_preliminary_and_says_why() -> None:
    reason = {"code": "unread_value", "text": "0.748 on line 9 was not read"}
    report = report_with(review_reasons=[reason])
    interpretation = interpret(report, None)
    bundle = bundle_json(report, interpretation)
    (diagnostic,) = resources(bundle, "DiagnosticReport")
    assert diagnostic["status"] == "preliminary"
    assert reason["text"] in diagnostic["conclusion"]
    assert {o["status"] for o in resources(bundle, "Observation")} == {"preliminary"}


def test_unknown_age_held_by_the_rules_is_preliminary_too() -> None:
    report = report_with(patient={"id": "EX-8", "sex": "female"})
    interpretation = interpret(report, None)
    assert interpretation.needs_review and not report.needs_review
    (diagnostic,) = resources(bundle_json(report, interpretation), "DiagnosticReport")
    assert diagnostic["status"] == "preliminary"


def test_patient_carries_only_what_the_report_gives() -> None:
    report = report_with(patient={"age": 70})
    (patient,) = resources(bundle_json(report, interpret(report, None)), "Patient")
    assert patient == {"resourceType": "Patient"}


def test_same_report_gives_the_same_bundle_and_another_report_other_ids() -> None:
    first = bundle_json(report_with(), interpret(report_with(), None))
    again = bundle_json(report_with(), interpret(report_with(), None))
    assert json.dumps(first) == json.dumps(again)
    other = report_with(source={"path": "y.txt", "format": "text", "sha256": "ef" * 32})
    ids = {e["fullUrl"] for e in bundle_json(other, interpret(other, None))["entry"]}
    assert ids.isdisjoint(e["fullUrl"] for e in first["entry"])


def test_an_invalid_bundle_fails_the_report_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pydantic import ValidationError

    import dxa.export.fhir as fhir
    import dxa.pipeline as pipeline

    report = report_with()
    broken = fhir.bundle_dict(report, interpret(report, None))
    del broken["entry"][2]["resource"]["code"]  # an Observation must say what it is
    monkeypatch.setattr(fhir, "bundle_dict", lambda *args: broken)
    with pytest.raises(ValidationError):
        bundle_json(report, interpret(report, None))
    monkeypatch.setattr(pipeline, "_parse", lambda path, date_order, pdf_reader, ocr: report)
    with pytest.raises(ValidationError):
        pipeline.process_report(tmp_path / "x.txt", tmp_path / "out", pipeline.PipelineOptions())
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_every_output_folder_holds_the_bundle(tmp_path: Path, monkeypatch) -> None:
    import dxa.pipeline as pipeline

    reason = {"code": "unread_value", "text": "0.748 on line 9 was not read"}
    monkeypatch.setattr(
        pipeline,
        "_parse",
        lambda path, date_order, pdf_reader, ocr: report_with(review_reasons=[reason]),
    )
    options = pipeline.PipelineOptions(formats=("html",))
    result = pipeline.process_report(tmp_path / "x.txt", tmp_path / "out", options)
    (path,) = result.output_dir.glob("*_fhir.json")
    assert path.name == f"{result.output_dir.name}_fhir.json" and path in result.files
    bundle = json.loads(path.read_text(encoding="utf-8"))
    Bundle.model_validate(bundle)
    assert resources(bundle, "DiagnosticReport")[0]["status"] == "preliminary"
