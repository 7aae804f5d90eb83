"""Open a PDF into a Document: pages of positioned words, grouped into lines, plus plain text.

Vendor readers work from word positions rather than the content-stream order, because
report printers emit glyphs one by one and in arbitrary order. Every load failure becomes
one of the typed errors in `parser.errors`, each with a plain sentence for the CLI.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

import pdfplumber
from dxa.parser import limits, pdfguard, pdfium_words
from dxa.parser.clean import clean_text
from dxa.parser.errors import (
    DamagedPDF,
    EncryptedPDF,
    NoTextLayer,
    ReportError,
    TooComplex,
    TooLarge,
)
from dxa.parser.readers import DEFAULT_PDF_READER, PDF_READERS, PdfReader
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

pdfguard.install()
# pdfminer's warnings about a broken font or object name no file and reach stderr or the
# service log on their own; the file's one plain sentence (or its result) is what counts.
logging.getLogger("pdfminer").setLevel(logging.ERROR)
# Words whose vertical centres differ by less than this share of their height sit on one line.
LINE_TOLERANCE = 0.35
# A horizontal gap wider than this many word heights separates two segments of a line.
SEGMENT_GAP = 1.2
# Glyphs further apart than this share of the text size are separate words, even when a
# printer that places glyph by glyph draws no space characters. Relative, not in points:
# a space in 6 pt Times is only 1.5 pt wide, in 10 pt Courier 6 pt.
WORD_GAP_RATIO = 0.15
# A page that is mostly picture with no more than a caption of words is a scanned page.
# A caption holds no results: a page whose words include a few decimal figures (BMD,
# scores) is a sparse report beside a large scan image, not a picture of one.
SCANNED_IMAGE_SHARE = 0.4
CAPTION_WORDS = 80
CAPTION_FIGURES = 2
DECIMAL_FIGURE = re.compile(r"^[-+\u2212]?\d+\.\d+$")


@dataclass(frozen=True, slots=True)
class Word:
    """One word as printed, with its box in PDF points (top-down y, as pdfplumber gives).

    `confidence` is OCR's score for a word read from a page image (parser/ocr/); a text
    layer's words are certain."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float = 1.0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Line:
    """Words that share a baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def height(self) -> float:
        return statistics.median(word.height for word in self.words)

    def segments(self) -> list[str]:
        """The line split where the gap between words is wide (a new label or column)."""
        parts: list[list[str]] = []
        previous: Word | None = None
        for word in self.words:
            gap_limit = SEGMENT_GAP * word.height
            if previous is None or word.x0 - previous.x1 > gap_limit:
                parts.append([])
            parts[-1].append(word.text)
            previous = word
        return [" ".join(part) for part in parts]


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    lines: tuple[Line, ...]
    # Share of the page covered by raster images.
    image_share: float = 0.0
    # True when the words were read from the page's picture by OCR (parser/ocr/).
    ocr: bool = False

    @property
    def is_scanned(self) -> bool:
        """A picture of a report, perhaps with a caption: its results need OCR."""
        if self.ocr or len(self.words) > CAPTION_WORDS or self.image_share < SCANNED_IMAGE_SHARE:
            return False
        figures = sum(1 for word in self.words if DECIMAL_FIGURE.match(word.text))
        return figures <= CAPTION_FIGURES

    @property
    def text(self) -> str:
        """Plain text, one printed line per line; wide gaps kept as three spaces."""
        return "\n".join("   ".join(line.segments()) for line in self.lines)


@dataclass(frozen=True)
class Document:
    pages: tuple[Page, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)


def group_lines(words: Iterable[Word]) -> tuple[Line, ...]:
    """Group words into lines by vertical centre, whatever order they were drawn in."""
    ordered = sorted(words, key=lambda word: (word.center_y, word.x0))
    lines: list[list[Word]] = []
    for word in ordered:
        if lines:
            anchor = lines[-1][0]
            tolerance = LINE_TOLERANCE * min(anchor.height, word.height)
            if abs(word.center_y - anchor.center_y) <= tolerance:
                lines[-1].append(word)
                continue
        lines.append([word])
    return tuple(Line(tuple(sorted(line, key=lambda word: word.x0))) for line in lines)


def read_page(pdf_page: pdfplumber.page.Page, number: int) -> Page:
    """One page's words and lines by the reference reader; the page's caches are released."""
    try:
        pdfguard.draw_page(pdf_page)
        words = pdf_page.extract_words(x_tolerance_ratio=WORD_GAP_RATIO)
        width, height = float(pdf_page.width), float(pdf_page.height)
        image_area = sum(
            (float(i["x1"]) - float(i["x0"])) * (float(i["bottom"]) - float(i["top"]))
            for i in pdf_page.images
        )
        share = image_area / (width * height) if width and height else 0.0
        return make_page(number, width, height, words, share)
    finally:
        pdf_page.close()


def make_page(
    number: int, width: float, height: float, word_dicts: Iterable[dict], image_share: float
) -> Page:
    """A Page from either reader's words (pdfplumber's dict shape), cleaned and counted."""
    words = tuple(
        Word(text, float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
        for w in word_dicts
        if (text := clean_text(w["text"]))  # no control or bidi characters, as text reports
    )
    if len(words) > limits.MAX_WORDS_PER_PAGE:
        raise TooComplex(f"{limits.TOO_COMPLEX} (too many words on page {number})")
    return Page(number, width, height, words, group_lines(words), image_share)


def load_document(
    data: bytes,
    *,
    max_pages: int | None = None,
    max_seconds: float | None = None,
    reader: PdfReader = DEFAULT_PDF_READER,
    ocr: str = "auto",
) -> Document:
    """Read every page of a PDF, or raise the typed error that says why it cannot be read.

    All the work is bounded (`parser.limits`): pages, decompressed bytes, what one page
    draws, words, and the time, which is checked while a page is drawn. `reader` picks
    pdfium (fast) or pdfplumber (the reference); both give the same words. `ocr` ("auto",
    "always", "never") says which pages are read from their picture (parser/ocr/): by
    default those without a usable text layer."""
    if reader not in PDF_READERS:
        raise ValueError(f"unknown PDF reader {reader!r}; choose one of {PDF_READERS}")
    max_pages = limits.MAX_PAGES if max_pages is None else max_pages
    max_seconds = limits.MAX_SECONDS if max_seconds is None else max_seconds
    with pdfguard.budget(limits.MAX_DECOMPRESSED_BYTES, max_seconds) as budget:
        try:
            pages = _read_pages(data, max_pages, budget, reader)
        except ReportError:
            raise
        except Exception as error:  # pdfplumber/pdfminer raise many kinds on broken files
            raise budget.exceeded or load_error(error) from error
        if budget.exceeded is not None:  # a limit hit that pdfminer caught and went on from
            raise budget.exceeded
    if ocr == "always" or (ocr == "auto" and any(p.is_scanned or not p.words for p in pages)):
        from dxa.parser.ocr.documents import ocr_pdf_pages

        pages = ocr_pdf_pages(data, pages, ocr)
    if all(page.is_scanned or not page.words for page in pages):
        raise NoTextLayer()
    return Document(tuple(pages))


def _read_pages(
    data: bytes, max_pages: int, budget: pdfguard.Budget, reader: PdfReader
) -> list[Page]:
    """The selection point: the fast reader takes every file whose work it can bound."""
    if reader == "pdfium" and pdfium_words.can_read(data, budget):
        contents = pdfium_words.read_pages(data, max_pages, budget, WORD_GAP_RATIO)
        if contents is not None:
            return [make_page(number, *content) for number, content in enumerate(contents, 1)]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        count = len(pdf.pages)
        if count == 0:
            raise DamagedPDF("PDF has no pages")
        if count > max_pages:
            raise TooLarge(f"PDF has {count} pages; a DXA report has at most {max_pages}")
        pages = []
        for number, pdf_page in enumerate(pdf.pages, start=1):
            pages.append(read_page(pdf_page, number))
            budget.check_clock()
        return pages


def load_error(error: Exception) -> EncryptedPDF | DamagedPDF:
    """The typed error for a pdfplumber failure; it wraps pdfminer's error in args[0]."""
    inner = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(inner, PDFPasswordIncorrect) or "password" in str(inner).lower():
        return EncryptedPDF()
    return DamagedPDF()
