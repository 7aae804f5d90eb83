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
# Boxes below this recognition score are still returned: the reader flags them for
# review (parser/ocr/confidence.py) rather than dropping a value silently.
KEEP_SCORE = 0.05


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
    return RapidOCR(
        params={
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Global.text_score": KEEP_SCORE,
            "Global.max_side_len": IMAGE_SIDE,
            "Global.return_word_box": True,
            "Det.limit_side_len": DETECTOR_SIDE,
            "Det.limit_type": "max",
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


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
