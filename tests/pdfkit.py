"""A test-only drawing kit: vendor pages drawn a second, independent way.

The golden samples come from one generator (`samples/generator/`) written alongside the
parser, so they share its assumptions. This kit shares no code with it: it draws with
reportlab directly, in Helvetica / Times / Courier (or DejaVu for a real minus sign) at any
size, on square, Letter, A4, landscape or /Rotate-turned pages, glyph by glyph and in random
order when asked, with positions measured from the top of the page. The vendor layouts drawn
with it are in `variant_layouts.py` and the `test_vendor_variants*.py` modules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

# Page sizes in points (width, height).
SQUARE = (720.0, 720.0)
LETTER = (612.0, 792.0)
A4 = (595.0, 842.0)
LANDSCAPE = (792.0, 612.0)
# A font with a real minus sign (U+2212), where the system has it.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
MINUS = "\u2212"
# The standard PDF fonts the variants draw in, every page size, and each font's bold face.
FONTS = ("Helvetica", "Times-Roman", "Courier")
PAGES = (SQUARE, LETTER, A4, LANDSCAPE)
BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}


@dataclass(frozen=True)
class Style:
    """How a page is drawn: font, size, page size, and the printer's habits."""

    font: str = "Helvetica"
    size: float = 8.0
    page: tuple[float, float] = SQUARE
    glyphs: bool = False  # one glyph per draw call, no space characters
    shuffle: bool = False  # draw calls in random order
    minus: str = "-"
    # A portrait page turned by /Rotate 90, its content drawn turned so that it reads upright.
    rotated: bool = False


@dataclass
class Sheet:
    """Draw calls for a multi-page PDF, with positions measured from the top of the page."""

    style: Style
    pages: list[list[tuple[float, float, str, str, float]]] = field(default_factory=lambda: [[]])
    # Grey pictures (scan images) per page: x, top, width, height.
    pictures: list[list[tuple[float, float, float, float]]] = field(default_factory=lambda: [[]])

    def put(
        self,
        x: float,
        top: float,
        text: str,
        *,
        size: float | None = None,
        align: str = "left",
        font: str | None = None,
    ) -> None:
        size = size or self.style.size
        font = font or self.style.font
        width = pdfmetrics.stringWidth(text, font, size)
        x -= {"left": 0.0, "center": width / 2, "right": width}[align]
        self.pages[-1].append((x, top, text, font, size))

    def picture(self, x: float, top: float, width: float, height: float) -> None:
        self.pictures[-1].append((x, top, width, height))

    def new_page(self) -> None:
        self.pages.append([])
        self.pictures.append([])

    def save(self, path: Path) -> Path:
        width, height = self.style.page
        pdf = canvas.Canvas(
            str(path), pagesize=(height, width) if self.style.rotated else (width, height)
        )
        chooser = random.Random(7)
        for calls, pictures in zip(self.pages, self.pictures, strict=True):
            if self.style.rotated:
                pdf.setPageRotation(90)
                pdf.transform(0, 1, -1, 0, height, 0)
            for x, top, w, h in pictures:
                scan = ImageReader(Image.new("L", (64, 96), 90))
                pdf.drawImage(scan, x, height - top - h, w, h)
            pieces = [piece for call in calls for piece in self.pieces(call)]
            if self.style.shuffle:
                chooser.shuffle(pieces)
            for x, top, text, font, size in pieces:
                pdf.setFont(font, size)
                pdf.drawString(x, self.style.page[1] - top, text)
            pdf.showPage()
        pdf.save()
        return path

    def pieces(self, call: tuple[float, float, str, str, float]) -> list[tuple]:
        x, top, text, font, size = call
        if not self.style.glyphs:
            return [call]
        return [
            (x + pdfmetrics.stringWidth(text[:i], font, size), top, char, font, size)
            for i, char in enumerate(text)
            if char != " "
        ]


@dataclass(frozen=True)
class Col:
    """A table column: header lines ("\\n" between them), anchor x and alignment."""

    header: str
    x: float
    align: str = "right"
    # Where the header sits relative to the values: shifted by header_dx, its own alignment.
    header_dx: float = 0.0
    header_align: str | None = None


def draw_table(
    sheet: Sheet,
    top: float,
    cols: list[Col],
    rows: list[list[str]],
    *,
    leading: float | None = None,
    spanners: tuple[tuple[str, float], ...] = (),
    header_on_top: bool = False,
    header_pitch: float = 1.15,
) -> float:
    """Header (bottom- or top-aligned stack, optional group headers above), then rows."""
    size = sheet.style.size
    line = size * header_pitch
    leading = leading or size * 1.5
    depth = max(len(col.header.split("\n")) for col in cols) + (1 if spanners else 0)
    for text, x in spanners:
        sheet.put(x, top + line, text, align="center")
    for col in cols:
        parts = col.header.split("\n")
        first = (1 if spanners else 0) if header_on_top else depth - len(parts)
        for index, part in enumerate(parts):
            x, align = col.x + col.header_dx, col.header_align or col.align
            sheet.put(x, top + (first + index + 1) * line, part, align=align)
    y = top + depth * line + leading
    for row in rows:
        for col, cell in zip(cols, row, strict=True):
            if cell:
                sheet.put(col.x, y, cell, align=col.align)
        y += leading
    return y


def fields(sheet: Sheet, top: float, columns: list[list[tuple[str, str]]], x0: float = 40) -> None:
    """A header box: columns of `Label:` / value pairs."""
    step = sheet.style.size * 1.4
    for index, pairs in enumerate(columns):
        x = x0 + index * 210
        for row, (label, value) in enumerate(pairs):
            sheet.put(x, top + row * step, f"{label}:")
            sheet.put(x + 80, top + row * step, value)


def score(value: float | None, minus: str, places: int = 1) -> str:
    if value is None:
        return ""
    return f"{value:.{places}f}".replace("-", minus)
