"""Hostile PDFs built byte by byte for the hardening tests, kept small so CI stays fast.

Each builder returns a complete, well-formed PDF whose cost to read is out of proportion
to its size: a compressed-stream bomb, a page of very many words, a page of very many
drawing operations. Limits are lowered by the tests (monkeypatch) rather than the files
made big, so every file here is a few kilobytes.
"""

from __future__ import annotations

import zlib


def pdf_with_content(
    content: bytes,
    *,
    compress: bool = True,
    pages: int = 1,
    to_unicode: bytes = b"",
    deflated: bytes | None = None,
) -> bytes:
    """A PDF of `pages` pages that all draw `content` in Helvetica (Flate-compressed if
    asked, or given `deflated` already); `to_unicode` is a CMap telling readers which
    characters the codes stand for."""
    compress = compress or deflated is not None
    stream = (
        deflated if deflated is not None else zlib.compress(content, 9) if compress else content
    )
    filters = b"/Filter /FlateDecode " if compress else b""
    page_ids = [5 + i for i in range(pages)]
    cmap_ref = b" /ToUnicode %d 0 R" % (5 + pages) if to_unicode else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % i for i in page_ids)
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica" + cmap_ref + b" >>",
        b"<< " + filters + b"/Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    ] * pages
    if to_unicode:
        objects.append(
            b"<< /Length %d >>\nstream\n" % len(to_unicode) + to_unicode + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def cmap(pairs: dict[int, str]) -> bytes:
    """A ToUnicode CMap sending each one-byte code to its (possibly hostile) character."""
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"1 begincodespacerange <00> <FF> endcodespacerange",
        b"%d beginbfchar" % len(pairs),
    ]
    lines += [b"<%02X> <%04X>" % (code, ord(char)) for code, char in sorted(pairs.items())]
    lines += [b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"]
    return b"\n".join(lines)


def text_page(words: int, text: bytes = b"Aa") -> bytes:
    """Content drawing `words` short words, each at its own place on the page."""
    lines = [b"BT /F1 6 Tf"]
    for index in range(words):
        x, y = 20 + (index % 40) * 14, 770 - (index // 40 % 120) * 6
        lines.append(b"1 0 0 1 %d %d Tm (%s) Tj" % (x, y, text))
    lines.append(b"ET")
    return b"\n".join(lines)


def stream_bomb(decompressed_bytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `decompressed_bytes` of spaces
    (deflated piece by piece, so building it costs no such memory)."""
    deflater = zlib.compressobj(9)
    pieces = [deflater.compress(text_page(3))]
    block = b" " * (1024 * 1024)
    for start in range(0, decompressed_bytes, len(block)):
        pieces.append(deflater.compress(block[: decompressed_bytes - start]))
    pieces.append(deflater.flush())
    return pdf_with_content(b"", deflated=b"".join(pieces))


def word_flood(words: int) -> bytes:
    """A one-page PDF of `words` words: far more than any report prints."""
    return pdf_with_content(text_page(words))


def path_flood(operations: int) -> bytes:
    """A one-page PDF with a few words and `operations` tiny filled rectangles."""
    return pdf_with_content(text_page(3) + b"\n" + b"1 1 1 1 re f\n" * operations)
