"""DICOM secondary captures: the picture read by OCR, or a Hologic results text read instead;
and the difference-row check that holds a left/right pair whose Diff row disagrees."""

from __future__ import annotations

import io

import numpy as np
import pytest
from dxa.parser.api import parse_bytes
from dxa.parser.document import Line, Word
from dxa.parser.model import Measurement, Side, Site
from dxa.parser.ocr.plausibility import diff_outliers
from PIL import Image, ImageDraw, ImageFont

pydicom = pytest.importorskip("pydicom")
from pydicom.dataset import FileDataset, FileMetaDataset  # noqa: E402
from pydicom.uid import ExplicitVRLittleEndian, generate_uid  # noqa: E402

SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
SPINE_LINE = "Lumbar spine L1-L4: BMD 0.930 g/cm2, T-score -1.1."


def _pixels(text: str, inverted: bool = False) -> np.ndarray:
    image = Image.new("L", (1400, 180), 255)
    ImageDraw.Draw(image).text((60, 60), text, fill=0, font=ImageFont.load_default(size=36))
    pixels = np.asarray(image, dtype=np.uint8)
    return 255 - pixels if inverted else pixels


def _secondary_capture(pixels: np.ndarray, photometric: str = "MONOCHROME2") -> FileDataset:
    """A minimal DICOM secondary capture of one grey picture (invented patient)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SECONDARY_CAPTURE
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = FileDataset("sc.dcm", {}, file_meta=meta, preamble=b"\0" * 128)
    dataset.SOPClassUID = SECONDARY_CAPTURE
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.Modality = "OT"
    dataset.PatientName = "Example^Alice"
    dataset.Rows, dataset.Columns = pixels.shape
    dataset.SamplesPerPixel = 1
    dataset.PhotometricInterpretation = photometric
    dataset.BitsAllocated = dataset.BitsStored = 8
    dataset.HighBit = 7
    dataset.PixelRepresentation = 0
    dataset.PixelData = pixels.tobytes()
    return dataset


def _bytes(dataset: FileDataset) -> bytes:
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("photometric", "inverted"), [("MONOCHROME2", False), ("MONOCHROME1", True)]
)
def test_a_dicom_secondary_capture_is_read_by_ocr(photometric: str, inverted: bool) -> None:
    """MONOCHROME1 stores black as the highest value: read upright, the values are the same."""
    data = _bytes(_secondary_capture(_pixels(SPINE_LINE, inverted), photometric))
    report = parse_bytes(data, "capture.dcm")
    assert report.source.format == "dicom"
    spine = [m for m in report.measurements if m.site is Site.lumbar_spine]
    assert spine and (spine[0].bmd, spine[0].t_score) == (0.930, -1.1)


def test_a_hologic_results_text_is_read_instead_of_the_picture() -> None:
    """The private element's text says 0.812 / -1.9; the picture says 0.930 / -1.1: the
    scanner's own text wins (exact where OCR is not)."""
    dataset = _secondary_capture(_pixels(SPINE_LINE))
    dataset.add_new(0x00190010, "LO", "HOLOGIC, Inc.")
    dataset.add_new(0x00191000, "LT", "Lumbar spine L1-L4: BMD 0.812 g/cm2, T-score -1.9.")
    report = parse_bytes(_bytes(dataset), "capture.dcm")
    spine = [m for m in report.measurements if m.site is Site.lumbar_spine]
    assert spine and (spine[0].bmd, spine[0].t_score) == (0.812, -1.9)


def test_a_private_text_of_another_maker_is_not_trusted() -> None:
    dataset = _secondary_capture(_pixels(SPINE_LINE))
    dataset.add_new(0x00190010, "LO", "OTHER VENDOR")
    dataset.add_new(0x00191000, "LT", "Lumbar spine L1-L4: BMD 0.812 g/cm2, T-score -1.9.")
    report = parse_bytes(_bytes(dataset), "capture.dcm")
    spine = [m for m in report.measurements if m.site is Site.lumbar_spine]
    assert spine and spine[0].bmd == 0.930


def _line(*texts: str) -> Line:
    return Line(tuple(Word(t, 10.0 + 40 * i, 40.0 + 40 * i, 0, 8) for i, t in enumerate(texts)))


def _pair(site: Site, left: float, right: float) -> list[Measurement]:
    return [
        Measurement(site=site, side=Side.left, bmd=left),
        Measurement(site=site, side=Side.right, bmd=right),
    ]


NECK = _pair(Site.femoral_neck, 0.804, 0.868)
TOTAL = _pair(Site.total_hip, 0.835, 0.899)
DIFF_CASES = [
    # lines printed, measurements read, sides held
    ([_line("|Diff.|", "0.55", "0.17", "0.064", "0.5")], NECK, set()),
    ([_line("|Diff.|", "0.55", "0.17", "0.046", "0.5")], NECK, {Side.left, Side.right}),
    ([_line("Neck", "Diff.", "0.064", "0.5")] * 2, NECK + TOTAL, set()),
    # the total hip's right BMD misread 0.899 -> 0.889: only its pair is held
    (
        [_line("Diff.", "0.064")] * 2,
        NECK + _pair(Site.total_hip, 0.835, 0.889),
        {Side.left, Side.right},
    ),
    ([_line("Total", "0.064", "0.5")], NECK, set()),  # not a Diff row
    ([_line("|Diff.|", "0.046")], NECK[:1], set()),  # no pair to check against
]


@pytest.mark.parametrize(("lines", "measurements", "held"), DIFF_CASES)
def test_a_diff_row_is_checked_against_its_pair(lines, measurements, held) -> None:
    found = diff_outliers(lines, measurements)
    assert {item.side for item, _ in found} == held
    if len(measurements) == 4 and held:
        assert {item.site for item, _ in found} == {Site.total_hip}
