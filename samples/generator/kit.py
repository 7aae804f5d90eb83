"""The drawing kit every sample painter uses: a pen that records text and shapes for a page,
then draws them plainly, glyph by glyph, without spaces, or in shuffled order.

Coordinates are top-down (y grows downwards), as the parser sees them; `render` turns the
pens into one PDF with reportlab's invariant mode, so the same pens always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

PAGE_WIDTH, PAGE_HEIGHT = letter

MONTHS = "January February March April May June July August September October November December"


@dataclass
class Pen:
    """Records text and shapes for one page, then draws them plainly, glyph by glyph or shuffled."""

    glyphs: bool = False
    shuffle_seed: int | None = None
    # Some printers place glyphs one by one and draw no space characters at all.
    draw_spaces: bool = True
    ops: list[Callable[[canvas.Canvas], None]] = field(default_factory=list)
    # Boxes and rules, drawn before any text (never shuffled) so no text is hidden.
    shapes: list[Callable[[canvas.Canvas], None]] = field(default_factory=list)

    def text(
        self, x: float, y: float, s: str, size: float = 8, font: str = "Helvetica", align="left"
    ) -> float:
        """Draw `s` with its baseline at y; returns the right edge."""
        width = stringWidth(s, font, size)
        if align == "right":
            x -= width
        elif align == "center":
            x -= width / 2
        if self.glyphs:
            offset = x
            for char in s:
                if char != " " or self.draw_spaces:
                    self._glyph(offset, y, char, size, font)
                offset += stringWidth(char, font, size)
        else:
            self._glyph(x, y, s, size, font)
        return x + width

    def _glyph(self, x: float, y: float, s: str, size: float, font: str) -> None:
        def draw(c: canvas.Canvas) -> None:
            c.setFont(font, size)
            c.drawString(x, PAGE_HEIGHT - y, s)

        self.ops.append(draw)

    def rect(self, x: float, y: float, w: float, h: float, fill: tuple | None = None) -> None:
        def draw(c: canvas.Canvas) -> None:
            if fill:
                c.setFillColorRGB(*fill)
            c.rect(x, PAGE_HEIGHT - y - h, w, h, stroke=1, fill=1 if fill else 0)
            c.setFillColorRGB(0, 0, 0)

        self.shapes.append(draw)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.shapes.append(lambda c: c.line(x0, PAGE_HEIGHT - y0, x1, PAGE_HEIGHT - y1))

    def finish(self, c: canvas.Canvas) -> None:
        """Draw the recorded page onto the canvas: shapes first, then text in drawing order."""
        for shape in self.shapes:
            shape(c)
        ops = list(self.ops)
        if self.shuffle_seed is not None:
            random.Random(self.shuffle_seed).shuffle(ops)
        for op in ops:
            op(c)
        c.setFillColorRGB(0, 0, 0)
        c.showPage()


def render(pages: list[Pen]) -> bytes:
    """One PDF of the pages, the same bytes on every run (reportlab's invariant mode)."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    for pen in pages:
        pen.finish(c)
    c.save()
    return buffer.getvalue()


def long_date(d: dt.date) -> str:
    """Hologic's "April 15, 2024"."""
    return f"{MONTHS.split()[d.month - 1]} {d.day:02d}, {d.year}"


def us_date(d: dt.date, pad: bool = True) -> str:
    """Lunar's 04/15/2024, or Norland's unpadded 4/15/2024."""
    return f"{d.month:02d}/{d.day:02d}/{d.year}" if pad else f"{d.month}/{d.day}/{d.year}"


def fmt(value, decimals: int) -> str:
    """A printed cell: numbers to the column's decimals, text (such as "*****") as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{value:.{decimals}f}"
