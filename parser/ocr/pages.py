"""A page image into the positioned `Word`s the text layer gives, so that vendor detection,
the table reader and the free-text reader read a scan as they read a PDF.

Orientation (90/180/270) is chosen by what reads best; a tilt of a few degrees is taken
out of the word positions (not by re-reading the page), so rows stay rows."""

from __future__ import annotations

import math
import statistics

import numpy as np
from dxa.parser.document import LINE_TOLERANCE, Line, Page, Word
from dxa.parser.ocr import settings
from dxa.parser.ocr.confusions import undo_confusions, undo_header_confusions
from dxa.parser.ocr.engine import RawWord, recognise
from PIL import Image

Quad = tuple[tuple[float, float], ...]


def ocr_page(image: Image.Image, dpi: float, number: int) -> Page:
    """One page picture (any mode) read by OCR, its words in PDF points."""
    image = image.convert("RGB")
    raw, image = upright_words(image)
    angle = skew_degrees(raw)
    centre = (image.width / 2, image.height / 2)
    scale = 72.0 / dpi
    words = tuple(
        word
        for item in raw
        if (
            word := to_word(
                item, -angle if abs(angle) >= settings.MIN_SKEW_DEGREES else 0.0, centre, scale
            )
        )
    )
    width, height = image.width * scale, image.height * scale
    return Page(number, width, height, words, ocr_lines(words), image_share=1.0, ocr=True)


def ocr_lines(words: tuple[Word, ...]) -> tuple[Line, ...]:
    """Words grouped into lines by vertical centre, each against the middle of the line so far.

    The text layer's rule (parser/document.py) measures against a line's first word; the
    boxes OCR draws vary in height, so a row's first box (the top half of a two-line label,
    "Fem" over "Neck") may sit higher than the figures beside it and split the row."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda word: (word.center_y, word.x0)):
        if lines:
            line = lines[-1]
            middle = statistics.fmean(w.center_y for w in line)
            height = statistics.median(w.height for w in line)
            if abs(word.center_y - middle) <= LINE_TOLERANCE * min(height, word.height):
                line.append(word)
                continue
        lines.append([word])
    return tuple(Line(tuple(sorted(line, key=lambda word: word.x0))) for line in lines)


def upright_words(image: Image.Image) -> tuple[list[RawWord], Image.Image]:
    """The words of the page the right way up, and the image turned that way."""
    raw = recognise(np.asarray(image))
    if vertical_share(raw) > settings.VERTICAL_SHARE:
        turns = (90, 270)
    elif median_score(raw) < settings.UPRIGHT_MEDIAN_SCORE:
        turns = (180,)
    else:
        return raw, image
    best = (reading_weight(raw), raw, image)
    for turn in turns:
        turned = image.rotate(turn, expand=True)
        candidate = recognise(np.asarray(turned))
        if (weight := reading_weight(candidate)) > best[0]:
            best = (weight, candidate, turned)
    return best[1], best[2]


def reading_weight(words: list[RawWord]) -> float:
    """How much confidently read text an orientation gives: characters times score."""
    return sum(len(word.text) * word.score for word in words if word.score >= 0.5)


def median_score(words: list[RawWord]) -> float:
    scores = [word.score for word in words if len(word.text) >= 2]
    return statistics.median(scores) if scores else 0.0


def vertical_share(words: list[RawWord]) -> float:
    """Share of longer words whose box is taller than wide: text running up or down."""
    long = [word for word in words if len(word.text) >= 3]
    if not long:
        return 0.0
    tall = sum(1 for word in long if _extent(word.quad)[1] > 1.5 * _extent(word.quad)[0])
    return tall / len(long)


def skew_degrees(words: list[RawWord]) -> float:
    """The page's tilt: the median slope of the top edges of wide words (y grows down)."""
    slopes = []
    for word in words:
        (x0, y0), (x1, y1) = word.quad[0], word.quad[1]
        width, height = _extent(word.quad)
        if width >= settings.SKEW_WORD_ASPECT * height and x1 > x0:
            slopes.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if not slopes:
        return 0.0
    angle = statistics.median(slopes)
    return angle if abs(angle) <= settings.MAX_SKEW_DEGREES else 0.0


def to_word(raw: RawWord, degrees: float, centre: tuple[float, float], scale: float) -> Word | None:
    """The word levelled by `degrees` about `centre`, in points, its confusions undone."""
    text, corrected = undo_confusions(raw.text.strip())
    text = undo_header_confusions(text)
    if not text:
        return None
    points = _rotate(raw.quad, degrees, centre)
    xs, ys = [x for x, _ in points], [y for _, y in points]
    confidence = min(raw.score, settings.CORRECTED_CONFIDENCE) if corrected else raw.score
    return Word(
        text, min(xs) * scale, max(xs) * scale, min(ys) * scale, max(ys) * scale, confidence
    )


def _rotate(quad: Quad, degrees: float, centre: tuple[float, float]) -> Quad:
    if not degrees:
        return quad
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    cx, cy = centre
    return tuple(
        (cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos)
        for x, y in quad
    )


def _extent(quad: Quad) -> tuple[float, float]:
    """Width and height of a word's box along its own edges."""
    (x0, y0), (x1, y1), (x2, y2) = quad[0], quad[1], quad[2]
    return math.hypot(x1 - x0, y1 - y0), math.hypot(x2 - x1, y2 - y1)
