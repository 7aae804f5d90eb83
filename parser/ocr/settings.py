"""Every number the OCR stage decides by, in one place, each with why."""

from __future__ import annotations

from typing import Literal

OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[OcrMode, ...] = ("auto", "always", "never")

# Pages are rendered for the engine at no less than this resolution: below it the digits of
# a 6-7 pt results table are too few pixels to tell 3 from 8 (bench/ocr_engines.py).
MIN_RENDER_DPI = 200
# ... and at no more than this: finer adds time, not accuracy.
MAX_RENDER_DPI = 300
# An image file that states no resolution (a PACS screen capture, a PNG) is taken at this
# one, so that its words get plausible sizes in points.
DEFAULT_IMAGE_DPI = 150
# Largest image the stage will read, in pixels (a decompression bomb is refused first).
MAX_PIXELS = 40_000_000
# Most pages one file may send to OCR (each costs a few seconds on one core).
MAX_OCR_PAGES = 12

# A word whose recognition score is below this is low-confidence: a value read from it
# goes to review (ocr_low_confidence). Clean printed digits score above 0.97 (bench).
LOW_CONFIDENCE = 0.90
# A word whose letters were taken for digits (confusions.yaml) gets this score at most.
CORRECTED_CONFIDENCE = 0.5

# Deskew: the median slope of wide words; smaller than this is left as it is, larger than
# MAX_SKEW_DEGREES is not a tilt (a rotated chart label) and is not corrected.
MIN_SKEW_DEGREES = 0.15
MAX_SKEW_DEGREES = 4.0
# Words at least this many times wider than tall give the slope.
SKEW_WORD_ASPECT = 3.0
# Orientation: a page whose words are mostly taller than wide is turned by 90 degrees; an
# upright page whose words score below this median is tried upside down too.
UPRIGHT_MEDIAN_SCORE = 0.85
VERTICAL_SHARE = 0.5
