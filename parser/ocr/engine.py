"""The OCR engine: RapidOCR's ONNX models, which ship inside its wheel (nothing downloads).

Chosen by measurement (bench/ocr_engines.py, docs/architecture.md): on the real vendor
pages and the degraded sample scans it reads small table digits that Tesseract misses even
at 3x upscaling. Its angle classifier is off: it turns short digit crops such as "0.7"
upside down. It runs on one thread so that batch workers share the cores fairly.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import numpy as np

# The text detector sees the page scaled to this longest side. The recogniser reads each
# word from the picture at its full resolution (IMAGE_SIDE), where small digits keep their
# pixels. On the keyed real vendor pages (bench/score_ocr.py --real) 1280 px read field
# recall 0.882 / precision 1.000 against 0.803 / 0.976 at 1600 (whose larger boxes merged
# neighbouring cells), and in less time (bench/bench_ocr.py).
DETECTOR_SIDE = 1280
IMAGE_SIDE = 4000
# The detector's text map is dilated before boxes are cut from it (RapidOCR's default), and
# each box is grown by this ratio.
DETECTOR_DILATION = True
DETECTOR_UNCLIP = 1.6
# The recogniser scales each word to 48 px high and pads the narrower ones of a batch to at
# least this width (RapidOCR's default). 160 read the real pages faster (median 3.24 s/page
# against 4.37) and better (recall 0.923 against 0.880) but lost fields on the sample scans
# (scan200 0.905 -> 0.872, copy150 0.722 -> 0.626; bench/bench_ocr.py, bench/score_ocr.py):
# kept at 320 until a width is found that loses neither.
RECOGNISER_MIN_WIDTH = 320
# Words recognised per call: one, so that no word is padded to a batch's widest.
RECOGNISER_BATCH = 1
# Boxes below this recognition score are still returned: the reader flags them for
# review (parser/ocr/confidence.py) rather than dropping a value silently.
KEEP_SCORE = 0.05


def engine_params() -> dict[str, object]:
    """RapidOCR's settings, from the figures above (bench/bench_ocr.py varies them)."""
    return {
        "Global.use_cls": False,
        "Global.log_level": "error",
        "Global.text_score": KEEP_SCORE,
        "Global.max_side_len": IMAGE_SIDE,
        "Global.return_word_box": True,
        "Det.limit_side_len": DETECTOR_SIDE,
        "Det.limit_type": "max",
        "Det.use_dilation": DETECTOR_DILATION,
        "Det.unclip_ratio": DETECTOR_UNCLIP,
        "Rec.rec_img_shape": [3, 48, RECOGNISER_MIN_WIDTH],
        "Rec.rec_batch_num": RECOGNISER_BATCH,
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }


@dataclass(frozen=True, slots=True)
class RawWord:
    """One recognised word in image pixels: its four corners and the engine's score."""

    text: str
    score: float
    quad: tuple[tuple[float, float], ...]


class OcrUnavailable(RuntimeError):
    """The OCR engine is not installed (the `rapidocr` and `onnxruntime` packages)."""


@functools.cache
def _engine():
    try:
        from rapidocr import RapidOCR
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise OcrUnavailable("the OCR engine (rapidocr) is not installed") from error
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return RapidOCR(params=engine_params())


def recognise(image: np.ndarray) -> list[RawWord]:
    """Words of an RGB image (H x W x 3, uint8), each with its own corners and score."""
    result = _engine()(image)
    if result.boxes is None or result.word_results is None:
        return []
    return [
        RawWord(str(text), float(score), tuple((float(x), float(y)) for x, y in quad))
        for line in result.word_results
        for text, score, quad in line
    ]
