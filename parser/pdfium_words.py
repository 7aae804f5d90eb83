"""The fast PDF reader: pdfium's character boxes grouped into words the way pdfplumber does.

pdfplumber lays every page out through pdfminer, in Python; that is nearly all of a PDF
report's reading time. pdfium (already installed: pdfplumber renders pages with it) gives
the characters and their boxes in C, and the words are then grouped by pdfplumber's own
WordExtractor, so both readers give the same words (`tests/test_pdf_readers.py` holds them
to it over every sample and variant). pdfplumber stays the reference reader
(`--pdf-reader pdfplumber`).

The same limits hold as for the reference reader (`parser.limits`): the bytes its streams
inflate to are counted before pdfium sees the file (`parser.streamcheck`), characters and
drawing objects are counted per page before any Python work on them, words after grouping,
and the clock between pages and before grouping. A file whose streams cannot be counted
that way (encrypted, or filters the check does not decode), or that pdfium cannot open,
is read by the reference reader.
"""

from __future__ import annotations

import ctypes
import threading
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from dxa.parser import limits, streamcheck
from dxa.parser.errors import DamagedPDF, ReportError, TooComplex, TooLarge
from dxa.parser.pdfguard import Budget
from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber.utils.text import WordExtractor

# pdfium's page text puts U+FFFE where a character is not text as it stands: a hyphen it
# takes for a line-end one (which pdfminer keeps as printed), or a control character.
_NOT_AS_PRINTED = "\ufffe"
# pdfium is not thread-safe: one document at a time in a process.
_LOCK = threading.Lock()
_IMAGE, _FORM, _TEXT = (
    pdfium_c.FPDF_PAGEOBJ_IMAGE,
    pdfium_c.FPDF_PAGEOBJ_FORM,
    pdfium_c.FPDF_PAGEOBJ_TEXT,
)


def _returning_address(function, *argtypes):
    """A pdfium function whose handle result comes back as a plain int, cheap to compare and
    to use as a key (the binding's pointer objects are not)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(address)


_text_object_of = _returning_address(
    pdfium_c.FPDFText_GetTextObject, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int
)
_font_of = _returning_address(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)


class _Unmatched(Exception):
    """A page this reader cannot yet read exactly as pdfminer does (a font other than the
    standard ones, turned text, a /Rotate entry): the reference reader takes the file."""


class PageContent(NamedTuple):
    """What the document reader needs of one page: its size, pdfplumber-shaped word
    dicts (text, x0, x1, top, bottom, top-down y in points) and the share of it in pictures."""

    width: float
    height: float
    words: list[dict]
    image_share: float


def can_read(data: bytes, budget: Budget) -> bool:
    """True when this reader may take the file: its streams inflate within the budget (else
    TooComplex is raised) and none is in a form the check cannot count."""
    return streamcheck.count_streams(data, budget)


def read_pages(
    data: bytes, max_pages: int, budget: Budget, word_gap_ratio: float
) -> list[PageContent] | None:
    """Every page's words, or the typed error that says why the file cannot be read; None
    for a file pdfium cannot open, whose fault the reference reader then names in its words
    (a damaged file, no pages: pdfium does not always say which)."""
    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return None
        try:
            return _read_document(document, max_pages, budget, word_gap_ratio)
        except _Unmatched:
            return None
        except ReportError:
            raise
        except Exception as error:  # pdfium raises one kind for any broken object
            raise budget.exceeded or DamagedPDF() from error
        finally:
            document.close()


def _read_document(
    document: pdfium.PdfDocument, max_pages: int, budget: Budget, word_gap_ratio: float
) -> list[PageContent]:
    count = len(document)
    if count == 0:
        raise DamagedPDF("PDF has no pages")
    if count > max_pages:
        raise TooLarge(f"PDF has {count} pages; a DXA report has at most {max_pages}")
    extractor = WordExtractor(x_tolerance_ratio=word_gap_ratio)
    pages = []
    for number in range(1, count + 1):
        page = document[number - 1]
        try:
            pages.append(_read_page(page, number, budget, extractor))
        finally:
            page.close()
        budget.check_clock()
    return pages


def _read_page(page, number: int, budget: Budget, extractor: WordExtractor) -> PageContent:
    if page.get_rotation():
        raise _Unmatched()
    width, height = page.get_size()
    raw_page = page.raw
    objects, image_area = _drawing(
        raw_page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject
    )
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage.raw, height, objects)
    finally:
        textpage.close()
    budget.check_clock()
    words = extractor.extract_words(chars)
    if len(words) > limits.MAX_WORDS_PER_PAGE:
        raise TooComplex(f"{limits.TOO_COMPLEX} (too many words on page {number})")
    share = image_area / (width * height) if width and height else 0.0
    return PageContent(width, height, words, share)


def _drawing(container, count_objects, get_object) -> tuple[int, float]:
    """Drawing objects other than text, and the area covered by pictures, forms included."""
    objects, image_area = 0, 0.0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(count_objects(container)):
        obj = get_object(container, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == _FORM:
            inner, area = _drawing(
                obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject
            )
            objects, image_area = objects + inner, image_area + area
            continue
        if kind == _TEXT:
            continue  # its characters are counted one by one
        objects += 1
        if kind == _IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            image_area += (right.value - left.value) * (top.value - bottom.value)
        if objects > limits.MAX_OBJECTS_PER_PAGE:
            raise TooComplex(f"{limits.TOO_COMPLEX} (it draws too many objects on one page)")
    return objects, image_area


def _chars(textpage, page_height: float, objects: int) -> list[dict]:
    """pdfplumber-shaped character dicts, in drawing order, without pdfium's own spaces and
    line breaks. The box is pdfminer's where its metrics are known (the standard fonts): from
    the descent below the baseline, one size high, the advance wide; else pdfium's."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count > limits.MAX_CHARS_PER_PAGE + limits.MAX_OBJECTS_PER_PAGE:
        raise TooComplex(f"{limits.TOO_COMPLEX} (it draws too many characters on one page)")
    text = _page_text(textpage, count)
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    styles: dict[int, _Style] = {}
    fonts: dict[int, tuple[dict, dict] | None] = {}
    chars: list[dict] = []
    for index in range(count):
        text_object = _text_object_of(textpage, index)
        if not text_object:  # a space or line break pdfium inserted itself
            continue
        style = styles.get(text_object)
        if style is None:
            style = styles[text_object] = _style(textpage, index, text_object, matrix, fonts)
        size, upright, descent, widths = style
        char = text[index]
        if char == _NOT_AS_PRINTED:
            char = _as_printed(textpage, index)
        if widths is not None:  # pdfminer's metrics
            if char not in widths or ord(char) > 0xFF:  # the two may map it differently
                raise _Unmatched()
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, origin_x, origin_y)
            left = origin_x.value
            right = left + widths[char] * size / 1000
            bottom = page_height - origin_y.value - descent * size
            top = bottom - size
        else:  # pdfium's box; turned text as pdfminer turns it, the box around the glyph
            pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
            left, right, bottom = box.left, box.right, page_height - box.bottom
            top = bottom - size if upright else page_height - box.top
        chars.append(
            {
                "text": char,
                "x0": left,
                "x1": right,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "height": bottom - top,
                "upright": upright,
                "size": size if upright else right - left,
            }
        )
    if len(chars) > limits.MAX_CHARS_PER_PAGE:
        raise TooComplex(f"{limits.TOO_COMPLEX} (it draws too many characters on one page)")
    if len(chars) + objects > limits.MAX_OBJECTS_PER_PAGE:
        raise TooComplex(f"{limits.TOO_COMPLEX} (it draws too many objects on one page)")
    return chars


def _as_printed(textpage, index: int) -> str:
    """The character as pdfminer gives it: a line-end hyphen is a hyphen."""
    if pdfium_c.FPDFText_IsHyphen(textpage, index):
        return "-"
    return chr(pdfium_c.FPDFText_GetUnicode(textpage, index))


def _page_text(textpage, count: int) -> str:
    """All characters of the page in one call, index for index (UTF-16, one unit each)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: max(0, written - 1) * 2].decode("utf-16-le", "surrogatepass")
    if len(text) == count:
        return text
    # A character outside the BMP took two units: ask for each character by its index.
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))


class _Style(NamedTuple):
    """What pdfminer's box of a text object's characters needs."""

    size: float
    upright: bool
    # A standard font's descent below the baseline and advance widths by character, in
    # units of the size (widths in thousandths), for upright text; else None.
    descent: float
    widths: dict[str, float] | None


def _style(textpage, index: int, text_object: int, matrix, fonts: dict) -> _Style:
    """Size and uprightness as pdfminer defines them, and pdfminer's metrics for the
    standard fonts, which it takes from its own tables by the font's name (pdfium has its
    own, which differ a little in descent and in some widths)."""
    pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
    upright = matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0
    size = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
    font = _font_of(text_object)
    if font not in fonts:
        fonts[font] = _standard_metrics(font)
    metrics = fonts[font]
    if metrics is None or not upright:
        raise _Unmatched()
    descriptor, widths = metrics
    return _Style(size, upright, float(descriptor.get("Descent", 0) or 0) / 1000, widths)


def _font_handle(address: int):
    return ctypes.cast(address, pdfium_c.FPDF_FONT)


def _standard_metrics(font: int) -> tuple[dict, dict] | None:
    """pdfminer's metrics of a standard font, by its base name; None for any other font."""
    name = ctypes.create_string_buffer(128)
    length = pdfium_c.FPDFFont_GetBaseFontName(_font_handle(font), name, len(name))
    if not 0 < length <= len(name):
        return None
    return FONT_METRICS.get(name.value.decode("latin-1"))
