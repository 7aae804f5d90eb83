"""The source beside what was read from it: PDF pages as images with the words behind each
value boxed, or the text with those spans marked.

The words are found by value: a word on the page whose number equals a measurement's BMD,
T- or Z-score is boxed with that measurement's key (`m0.bmd`), and one that a review
reason quotes is boxed as `reason`. The record keeps no positions, so the same number
printed twice is boxed twice; the person sees both.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dxa.parser.limits import REVIEW_MAX_PAGES

MEASURED_FIELDS = ("bmd", "t_score", "z_score")
REASON_KEY = "reason"
_NUMBER = re.compile(r"[-+\u2212\u2013]?\d+(?:\.\d+)?")
RENDER_SCALE = 1.6  # about 115 dpi: sharp beside the form at 1280 wide, small to send


@dataclass(frozen=True)
class Box:
    """One word to highlight, in fractions of the page (so the image may be scaled freely)."""

    page: int
    left: float
    top: float
    width: float
    height: float
    keys: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "left": round(self.left, 5),
            "top": round(self.top, 5),
            "width": round(self.width, 5),
            "height": round(self.height, 5),
            "keys": list(self.keys),
        }


def number_of(word: str) -> float | None:
    """'-1.9', '−1.9', '0.843,' -> the number; anything else -> None."""
    match = _NUMBER.fullmatch(word.strip(",;:()[]%"))
    if match is None:
        return None
    return float(match.group(0).replace("\u2212", "-").replace("\u2013", "-"))


def value_keys(record: dict[str, Any], reasons: list[dict[str, str]]) -> dict[float, list[str]]:
    """Each number worth showing -> the keys of what it is (`m2.t_score`, `reason`)."""
    keys: dict[float, list[str]] = {}
    for index, measurement in enumerate(record.get("measurements") or []):
        for field in MEASURED_FIELDS:
            value = measurement.get(field)
            if value is not None and measurement.get("provenance") != "derived":
                keys.setdefault(float(value), []).append(f"m{index}.{field}")
    for reason in reasons:
        for token in _NUMBER.findall(reason.get("text", "")):
            if "." in token:  # '0.748', '-1.5'; not 'line 9'
                keys.setdefault(number_of(token), []).append(REASON_KEY)
    return keys


def _keys_for(word: str, keys: dict[float, list[str]]) -> tuple[str, ...]:
    if "." not in word:
        return ()
    number = number_of(word)
    return tuple(dict.fromkeys(keys.get(number, ()))) if number is not None else ()


def pdf_boxes(path: Path, keys: dict[float, list[str]]) -> tuple[int, list[Box]]:
    """The page count and the boxes of every word whose number is one of `keys`."""
    import pdfplumber

    boxes: list[Box] = []
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages[:REVIEW_MAX_PAGES]
        for number, page in enumerate(pages):
            width, height = float(page.width), float(page.height)
            for word in page.extract_words():
                found = _keys_for(word["text"], keys)
                if found:
                    boxes.append(
                        Box(
                            page=number,
                            left=word["x0"] / width,
                            top=word["top"] / height,
                            width=(word["x1"] - word["x0"]) / width,
                            height=(word["bottom"] - word["top"]) / height,
                            keys=found,
                        )
                    )
        return len(pages), boxes


def pdf_page_png(path: Path, page: int) -> bytes:
    """One page as PNG (pdfplumber's own renderer, pypdfium2); `page` is checked by the caller."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[page].render(scale=RENDER_SCALE).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()


def text_lines(path: Path, keys: dict[float, list[str]]) -> list[list[dict[str, Any]]]:
    """The text, line by line, as segments: plain text, or a marked number with its keys."""
    lines = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        segments: list[dict[str, Any]] = []
        position = 0
        for match in _NUMBER.finditer(line):
            found = _keys_for(match.group(0), keys)
            if not found:
                continue
            segments.append({"text": line[position : match.start()], "keys": []})
            segments.append({"text": match.group(0), "keys": list(found)})
            position = match.end()
        segments.append({"text": line[position:], "keys": []})
        lines.append([s for s in segments if s["text"]])
    return lines
