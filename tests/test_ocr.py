"""OCR stage: the confusions table, the --ocr modes, and scanned input read into a Report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from dxa.parser.api import parse, parse_bytes
from dxa.parser.document import load_document
from dxa.parser.errors import NoTextLayer
from dxa.parser.model import Measurement, Side, Site
from dxa.parser.ocr.confusions import undo_confusions
from dxa.parser.ocr.kinds import image_kind
from dxa.parser.ocr.plausibility import pair_outliers
from dxa.parser.review import REVIEW_CODES
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
IMAGE_ONLY = ROOT / "tests" / "fixtures" / "bad" / "image_only.pdf"

CONFUSIONS = [
    # token, expected, a letter was taken for a digit
    ("0.69O", "0.690", True),
    ("-l.2", "-1.2", True),
    ("S.0", "5.0", True),
    ("\u20131.2", "-1.2", False),
    ("\u22121.2", "-1.2", False),
    ("L1\u2013L4", "L1-L4", False),
    ("Total", "Total", False),
    ("L1", "L1", False),
    ("SD", "SD", False),
    ("O", "O", False),
]


@pytest.mark.parametrize(("token", "expected", "corrected"), CONFUSIONS)
def test_confusions_are_undone_only_inside_numbers(token, expected, corrected) -> None:
    assert undo_confusions(token) == (expected, corrected)


def test_ocr_low_confidence_is_a_declared_review_code() -> None:
    assert "ocr_low_confidence" in REVIEW_CODES


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n", "x", "image"),
        (b"\xff\xd8\xff\xe0", "x", "image"),
        (b"II*\x00", "x", "image"),
        (b"\x00" * 128 + b"DICM", "x", "dicom"),
        (b"plain", "scan.tiff", "image"),
        (b"plain", "report.txt", None),
    ],
)
def test_pictures_are_known_by_magic_or_name(head: bytes, name: str, kind) -> None:
    assert image_kind(head, name) == kind


def test_mean_out_of_line_with_left_and_right_is_found() -> None:
    def hip(side: Side, bmd: float, t: float) -> Measurement:
        return Measurement(site=Site.total_hip, side=side, bmd=bmd, t_score=t)

    good = [hip(Side.left, 0.800, -1.0), hip(Side.right, 0.900, -0.3), hip(Side.mean, 0.850, -0.7)]
    assert pair_outliers(good) == []
    bad = [hip(Side.left, 0.800, -1.0), hip(Side.right, 0.900, -0.3), hip(Side.mean, 0.650, -0.7)]
    assert Side.mean in {item.side for item, _ in pair_outliers(bad)}


def test_t_scores_ordered_against_their_bmds_are_found() -> None:
    pair = [
        Measurement(site=Site.femoral_neck, side=Side.left, bmd=0.600, t_score=-1.0),
        Measurement(site=Site.femoral_neck, side=Side.right, bmd=0.800, t_score=-2.0),
    ]
    assert len(pair_outliers(pair)) == 1


def test_ocr_never_refuses_a_scanned_pdf() -> None:
    with pytest.raises(NoTextLayer):
        load_document(IMAGE_ONLY.read_bytes(), ocr="never")


def test_a_scanned_pdf_is_read_by_ocr_and_not_silently() -> None:
    """The fixture's picture says 'L1-L4 BMD 0.930 T-score -1.1': the T-score is read, and
    what is not read (the BMD, printed joined to its label) is held for review."""
    report = parse(IMAGE_ONLY)
    spine = [m for m in report.measurements if m.site is Site.lumbar_spine]
    assert spine and spine[0].t_score == -1.1
    assert spine[0].bmd in (0.930, None)
    if spine[0].bmd is None:
        assert report.needs_review


def _picture(lines: list[str]) -> bytes:
    image = Image.new("L", (1400, 120 + 60 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    for index, line in enumerate(lines):
        draw.text((60, 60 + 60 * index), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


def test_a_png_report_is_read_by_ocr() -> None:
    data = _picture(["Lumbar spine L1-L4: BMD 0.930 g/cm2, T-score -1.1."])
    report = parse_bytes(data, "scan.png")
    assert report.source.format == "image"
    spine = [m for m in report.measurements if m.site is Site.lumbar_spine]
    assert spine and spine[0].t_score == -1.1 and spine[0].bmd == 0.930


def test_a_png_is_refused_with_ocr_never() -> None:
    with pytest.raises(NoTextLayer):
        parse_bytes(_picture(["BMD 0.930"]), "scan.png", ocr="never")
