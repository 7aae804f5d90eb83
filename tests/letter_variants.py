"""Every letter layout variant of issue 12, on invented reports interpreted by the real rules:
T-scored, Z-scored, fracture-based, on treatment, with changes, not classified, held for
review (DRAFT). The letter tests render them; run this file to look at them as PNGs:

    python tests/letter_variants.py OUT_DIR [VARIANT ...]
"""

import datetime as dt
import io
import sys
from pathlib import Path

import pdfplumber
from dxa.interpret import interpret
from dxa.interpret.model import ClinicalContext
from dxa.letters.config import DEFAULT_CLINIC
from dxa.letters.render import render
from dxa.parser.model import Exam, Measurement, Patient, PreviousExam, Report, ReviewReason, Source


def rep(
    pid,
    name,
    sex,
    age,
    ms,
    previous=(),
    vendor="hologic",
    reasons=(),
    device="Horizon A (S/N 300001M)",
    reference="NHANES III White Female",
):
    return Report(
        source=Source(path=f"{pid}.pdf", format="pdf", vendor=vendor, sha256="ab" * 32),
        patient=Patient(
            name=name,
            id=pid,
            sex=sex,
            age=age,
            birth_date=dt.date(2024 - age, 3, 2) if age else None,
        ),
        exam=Exam(date=dt.date(2024, 9, 16), device=device, reference_database=reference),
        measurements=[Measurement(**m) for m in ms],
        previous=list(previous),
        review_reasons=list(reasons),
    )


VARIANTS = {
    "t_scored": (
        rep(
            "T-1001",
            "Sample, Betty",
            "female",
            68,
            [
                dict(site="lumbar_spine", region="L1-L4", bmd=0.843, t_score=-1.9, z_score=-0.3),
                dict(site="femoral_neck", side="left", bmd=0.640, t_score=-1.8, z_score=-0.4),
                dict(site="total_hip", side="left", bmd=0.780, t_score=-1.3, z_score=-0.1),
                dict(site="radius_33", side="left", bmd=0.640, t_score=-2.6, z_score=-1.1),
            ],
        ),
        ClinicalContext(
            menopausal_status="post", fractures=[], frax={"major_osteoporotic": 14, "hip": 2.1}
        ),
    ),
    "z_scored": (
        rep(
            "Z-1002",
            "Example, Clara",
            "female",
            41,
            [
                dict(site="lumbar_spine", region="L1-L4", bmd=0.780, t_score=-2.6, z_score=-2.3),
                dict(site="femoral_neck", side="right", bmd=0.700, t_score=-1.3, z_score=-1.0),
            ],
        ),
        ClinicalContext(menopausal_status="pre", fractures=[]),
    ),
    "fracture_based": (
        rep(
            "F-1003",
            "Placeholder, Dora",
            "female",
            72,
            [
                dict(site="lumbar_spine", region="L1-L2,L4", bmd=0.980, t_score=-0.6, z_score=0.8),
                dict(site="femoral_neck", side="left", bmd=0.760, t_score=-0.8, z_score=0.5),
            ],
        ),
        ClinicalContext(
            menopausal_status="post",
            fractures=[{"site": "vertebral", "years_ago": 3}],
            frax={"major_osteoporotic": 12, "hip": 1.1},
        ),
    ),
    "on_treatment": (
        rep(
            "D-1004",
            "Dummy, Edna",
            "female",
            74,
            [
                dict(site="lumbar_spine", region="L1-L4", bmd=0.800, t_score=-2.2, z_score=-0.5),
                dict(site="total_hip", side="right", bmd=0.690, t_score=-2.0, z_score=-0.4),
            ],
        ),
        ClinicalContext(
            menopausal_status="post", fractures=[], on_treatment="denosumab", treatment_years=4
        ),
    ),
    "with_changes": (
        rep(
            "C-1005",
            "Fictive, Frida",
            "female",
            69,
            [
                dict(site="lumbar_spine", region="L1-L4", bmd=0.843, t_score=-1.9, z_score=-0.3),
                dict(site="femoral_neck", side="left", bmd=0.640, t_score=-1.8, z_score=-0.4),
                dict(site="total_hip", side="left", bmd=0.780, t_score=-1.3, z_score=-0.1),
            ],
            previous=[
                PreviousExam(
                    date=dt.date(2022, 2, 2), site="lumbar_spine", region="L1-L4", bmd=0.900
                ),
                PreviousExam(date=dt.date(2022, 2, 2), site="femoral_neck", side="left", bmd=0.650),
                PreviousExam(date=dt.date(2022, 2, 2), site="total_hip", side="left", bmd=0.800),
                PreviousExam(date=dt.date(2020, 1, 15), site="total_hip", side="left", bmd=0.810),
            ],
        ),
        ClinicalContext(
            menopausal_status="post", fractures=[], frax={"major_osteoporotic": 12, "hip": 1.8}
        ),
    ),
    "not_classified": (
        rep(
            "P-1006",
            "Junior, Gus",
            "male",
            15,
            [
                dict(site="lumbar_spine", region="L1-L4", bmd=0.700, z_score=-2.2),
                dict(site="total_body", bmd=0.900, z_score=-1.5),
            ],
            reference="NHANES III White Male",
        ),
        ClinicalContext(fractures=[]),
    ),
    "held_for_review": (
        rep(
            "H-1007",
            "Unknown, Hilde",
            "female",
            None,
            [
                dict(site="lumbar_spine", region="L1-L4", bmd=0.760, t_score=-2.6),
                dict(site="femoral_neck", side="left", bmd=0.600, t_score=-2.1),
            ],
            reasons=[
                ReviewReason(
                    code="unread_value",
                    text="0.748 on line 9 was not read as a result or dismissed",
                )
            ],
        ),
        ClinicalContext(sex="female", menopausal_status="post", fractures=[]),
    ),
}


def interpreted(name: str):
    """(report, interpretation) of one variant."""
    report, context = VARIANTS[name]
    return report, interpret(report, context)


if __name__ == "__main__":
    OUT = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    only = sys.argv[2:] or list(VARIANTS)
    for name in only:
        report, interpretation = interpreted(name)
        # A report held for review gets no patient letter (dxa/pipeline.py): none to look at.
        audiences = ("physician",) if interpretation.needs_review else ("patient", "physician")
        for audience in audiences:
            pdf = render(report, interpretation, audience, DEFAULT_CLINIC, "pdf")
            with pdfplumber.open(io.BytesIO(pdf)) as doc:
                for i, page in enumerate(doc.pages):
                    page.to_image(resolution=100).save(OUT / f"{name}_{audience}_{i + 1}.png")
                print(name, audience, len(doc.pages), "pages")
