"""The expected record of a sample, built from the same invented data its pages were drawn
from, so the expectations never come from the parser under test."""

from __future__ import annotations

import hashlib
import json

from dxa.parser.model import Exam, Frax, Measurement, Patient, Report, Source

from .data import Person, Printed, Row


def measurement(r: Row) -> Measurement:
    v = r.values
    return Measurement(
        site=r.site,
        side=r.side,
        region=r.region,
        # Norland's standardized "1013mg/cm²" is kept with its scores, its BMD left null.
        bmd=v.get("bmd") if isinstance(v.get("bmd"), float) else None,
        t_score=v.get("t"),
        z_score=v.get("z"),
        young_adult_percent=v.get("ya"),
        age_matched_percent=v.get("am"),
    )


def patient(person: Person, unprinted: list[str]) -> Patient:
    """The patient as the pages print them: fields a layout does not print stay null."""
    fields = {
        "name": person.name,
        "id": person.id,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "age": person.age,
        "ethnicity": person.ethnicity,
        "height_cm": person.height_cm,
        "weight_kg": person.weight_kg,
    }
    return Patient(**{k: v for k, v in fields.items() if k not in unprinted})


def report_for(
    name: str,
    vendor: str | None,
    person: Person,
    exam: Exam,
    pages: list[Printed],
    unprinted: list[str],
) -> Report:
    """The expected record: every site row once, FRAX, earlier exams and LSC as printed."""
    measurements: list[Measurement] = []
    seen = set()
    for r in (r for page in pages for r in page.rows):
        if r.site is None:
            continue
        key = (r.site, r.side, r.region)
        if key not in seen:  # a combined report repeats rows on an extended page
            seen.add(key)
            measurements.append(measurement(r))
    frax = next((page.frax for page in pages if page.frax), None)
    return Report(
        source=Source(path=f"samples/pdf/{name}.pdf", format="pdf", vendor=vendor),
        patient=patient(person, unprinted),
        exam=exam,
        measurements=measurements,
        frax=Frax(major_osteoporotic=frax[0], hip=frax[1]) if frax else None,
        previous=[p for page in pages for p in page.previous],
        lsc=[lsc for page in pages for lsc in page.lsc],
    )


def expected_json(report: Report, data: bytes) -> str:
    """The `.expected.json` text, with the drawn PDF's sha256."""
    record = report.to_json_dict()
    record["source"]["sha256"] = hashlib.sha256(data).hexdigest()
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
