"""Bounded reading of a PDF: decompression and page drawing that stop at the limits.

pdfminer inflates every stream whole and draws a page whatever it costs, so a 0.5 MB file
can inflate to gigabytes or draw millions of characters before any check between pages
runs. Here its stream decoders are replaced by ones that count against a budget for the
document being read (only while `budget()` is active; elsewhere they behave as before),
and pages are drawn by a device that counts what it draws and watches the clock.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import time
import types
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pdfminer.pdftypes as pdftypes
from dxa.parser import limits
from dxa.parser.errors import TimedOut, TooComplex
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

# Inflating proceeds in pieces of this size, so the budget is checked as it goes.
_CHUNK = 1024 * 1024


@dataclass
class Budget:
    """What is left for one document: decompressed bytes, and the time it must end by."""

    remaining_bytes: int
    deadline: float
    seconds: float
    # Set once a limit is hit, so a limit error that pdfminer swallows is still reported.
    exceeded: TooComplex | TimedOut | None = None

    def take(self, size: int) -> None:
        self.remaining_bytes -= size
        if self.remaining_bytes < 0:
            self.fail(TooComplex(f"{limits.TOO_COMPLEX} (its contents inflate too far)"))

    def check_clock(self) -> None:
        if time.monotonic() > self.deadline:
            self.fail(TimedOut(f"reading the PDF took longer than {self.seconds:g} seconds"))

    def fail(self, error: TooComplex | TimedOut) -> None:
        self.exceeded = self.exceeded or error
        raise self.exceeded


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("pdf_budget", default=None)


@contextlib.contextmanager
def budget(max_bytes: int, max_seconds: float) -> Iterator[Budget]:
    """Count the decoding and drawing done inside this block against one document's limits."""
    current = Budget(max_bytes, time.monotonic() + max_seconds, max_seconds)
    token = _CURRENT.set(current)
    try:
        yield current
    finally:
        _CURRENT.reset(token)


def take(size: int) -> None:
    """Count `size` decoded bytes (and the clock) against the current document's budget."""
    current = _CURRENT.get()
    if current is not None:
        current.take(size)
        current.check_clock()


def inflate(data: bytes) -> bytes:
    """`zlib.decompress` in bounded pieces; a truncated stream raises zlib.error, as it does."""
    inflater = zlib.decompressobj()
    pieces = []
    pending = data
    while pending:
        piece = inflater.decompress(pending, _CHUNK)
        take(len(piece))
        pieces.append(piece)
        pending = inflater.unconsumed_tail
    if not inflater.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return b"".join(pieces)


def inflate_corrupted(data: bytes) -> bytes:
    """pdfminer's recovery for a stream with a bad checksum: inflate what can be inflated
    (byte by byte, to find where it breaks), bounded, in linear time."""
    inflater = zlib.decompressobj()
    pieces = []
    for index in range(len(data)):
        try:
            piece = inflater.decompress(data[index : index + 1])
        except zlib.error:
            if index < len(data) - 3:  # not just the checksum: the data itself is broken
                raise
            break
        take(len(piece))
        pieces.append(piece)
    return b"".join(pieces)


def lzw_decode(data: bytes) -> bytes:
    """LZW decoding, bounded like inflating (a code can stand for thousands of bytes)."""
    pieces = []
    for piece in LZWDecoder(io.BytesIO(data)).run():
        take(len(piece))
        pieces.append(piece)
    return b"".join(pieces)


def _counted(decode):
    """A decoder whose output is counted after the fact (its output is at most 64x its input)."""

    def counted(*args, **kwargs) -> bytes:
        out = decode(*args, **kwargs)
        take(len(out))
        return out

    return counted


def install() -> None:
    """Put the bounded decoders into pdfminer (once; they are pass-through without a budget)."""
    if getattr(pdftypes, "_dxa_bounded", False):
        return
    pdftypes.zlib = types.SimpleNamespace(
        decompress=inflate, decompressobj=zlib.decompressobj, error=zlib.error
    )
    pdftypes.decompress_corrupted = inflate_corrupted
    pdftypes.lzwdecode = lzw_decode
    pdftypes.rldecode = _counted(pdftypes.rldecode)
    pdftypes.ccittfaxdecode = _counted(pdftypes.ccittfaxdecode)
    pdftypes._dxa_bounded = True


class BoundedAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's page device, counting characters and objects and watching the clock."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chars = 0
        self.objects = 0

    def _count(self, is_char: bool) -> None:
        self.objects += 1
        self.chars += is_char
        current = _CURRENT.get()
        if self.chars > limits.MAX_CHARS_PER_PAGE:
            self._refuse(current, "it draws too many characters on one page")
        if self.objects > limits.MAX_OBJECTS_PER_PAGE:
            self._refuse(current, "it draws too many objects on one page")
        if current is not None and self.objects % 256 == 0:
            current.check_clock()

    @staticmethod
    def _refuse(current: Budget | None, why: str) -> None:
        error = TooComplex(f"{limits.TOO_COMPLEX} ({why})")
        if current is None:
            raise error
        current.fail(error)

    def render_char(self, *args, **kwargs) -> float:
        self._count(True)
        return super().render_char(*args, **kwargs)

    def paint_path(self, *args, **kwargs) -> None:
        self._count(False)
        return super().paint_path(*args, **kwargs)

    def render_image(self, *args, **kwargs) -> None:
        self._count(False)
        return super().render_image(*args, **kwargs)


def draw_page(pdf_page) -> None:
    """Lay out a pdfplumber page with the bounded device, before pdfplumber would do so
    unbounded: pdfplumber keeps a page's layout in `_layout` and reuses it."""
    pdf = pdf_page.pdf
    device = BoundedAggregator(pdf.rsrcmgr, pageno=pdf_page.page_number, laparams=pdf.laparams)
    PDFPageInterpreter(pdf.rsrcmgr, device).process_page(pdf_page.page_obj)
    pdf_page._layout = device.get_result()
