"""Count what a PDF's streams inflate to before pdfium reads it, within `parser.limits`.

pdfium decodes a page's streams whole and cannot be stopped part way, so the fast reader
(`parser.pdfium_words`) first inflates every compressed stream of the file with the
bounded inflater of `parser.pdfguard`, throwing the output away: a small file that
inflates to gigabytes is refused with the same sentence as under the reference reader.

Streams are delimited as pdfium delimits them (a `/Length` that lands on `endstream`,
else the first `endstream`), so what pdfium decodes is what is counted. Pictures (`/Subtype /Image`) are not counted: text
is read without decoding them, by either reader. A file whose streams this cannot count
(encrypted, or a filter other than Flate, LZW and the ASCII encodings over them) is
left to the reference reader, which bounds its decoding itself.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator
from typing import NamedTuple

from dxa.parser import pdfguard
from dxa.parser.pdfguard import Budget

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_ENCRYPTED = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")
_ENDSTREAM = re.compile(rb"\s*endstream")
# Filter names, long and abbreviated (PDF 32000-1, 7.4 and 8.9.7).
_FLATE = {b"FlateDecode", b"Fl"}
_LZW = {b"LZWDecode", b"LZW"}
_ASCII85 = {b"ASCII85Decode", b"A85"}
_ASCIIHEX = {b"ASCIIHexDecode", b"AHx"}
# Image codecs, decoded only to draw a picture, never to read text.
_PICTURE = {b"DCTDecode", b"DCT", b"JPXDecode", b"JBIG2Decode", b"CCITTFaxDecode", b"CCF"}
# The most one byte of a stream can decode to: Flate's limit is 1,032; an LZW code of 9 to
# 12 bits stands for at most 4,096 bytes.
_RATIO = dict.fromkeys(_FLATE, 1032) | dict.fromkeys(_LZW, 4096 * 8 // 9)
# How far back from `stream` the check looks for its dictionary.
_DICTIONARY_WINDOW = 4096
_CHUNK = 256 * 1024


class _Stream(NamedTuple):
    start: int
    end: int
    filters: list[bytes]


def count_streams(data: bytes, budget: Budget) -> bool:
    """Inflate every stream against `budget` (TooComplex past it); False when a stream is in a
    form this cannot count, so that the reference reader takes the file.

    Most reports are small enough that even the most a stream can inflate to (a Flate
    stream at most ~1,032 times its size) fits the budget; only the rest are inflated."""
    if _ENCRYPTED.search(data):
        return False
    streams = list(_streams(data))
    if any(not _countable(stream.filters) for stream in streams):
        return False
    if sum(_most(stream) for stream in streams) <= budget.remaining_bytes:
        return True
    for stream in streams:
        _count(data[stream.start : stream.end], list(stream.filters))
        budget.check_clock()
    return True


def _streams(data: bytes) -> Iterator[_Stream]:
    """Every stream that is not a picture, as pdfium delimits it: by a `/Length` that lands
    on `endstream`, else up to the first `endstream`."""
    for match in _STREAM.finditer(data):
        dictionary = _dictionary_before(data, match.start() + 2)
        if _IMAGE.search(dictionary):
            continue
        start = match.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        length = _length(data, dictionary)
        if length is not None and _ENDSTREAM.match(data, start + length):
            end = start + length
        yield _Stream(start, end, _filters(dictionary))


def _length(data: bytes, dictionary: bytes) -> int | None:
    found = _LENGTH.search(dictionary)
    if found is None:
        return None
    if found.group(2) is None:
        return int(found.group(1))
    target = re.search(rb"(?<!\d)%s\s+%s\s+obj\s*(\d+)" % (found.group(1), found.group(2)), data)
    return int(target.group(1)) if target else None


def _countable(filters: list[bytes]) -> bool:
    """Filters this can decode: an ASCII encoding, then Flate or LZW, then a picture codec."""
    rest = filters[1:] if filters[:1] and filters[0] in _ASCII85 | _ASCIIHEX else filters
    if rest and rest[0] in _FLATE | _LZW:
        rest = rest[1:]
    return not rest or (len(rest) == 1 and rest[0] in _PICTURE)


def _most(stream: _Stream) -> int:
    """The most a stream can decode to (ASCII encodings only shrink)."""
    ratio = max((_RATIO.get(name, 1) for name in stream.filters), default=1)
    return (stream.end - stream.start) * ratio


def _dictionary_before(data: bytes, end: int) -> bytes:
    """The stream's dictionary: back from its closing `>>` to the `<<` that opens it."""
    depth, index = 0, end
    floor = max(0, end - _DICTIONARY_WINDOW)
    while index > floor:
        index -= 1
        pair = data[index - 1 : index + 1]
        if pair == b">>":
            depth += 1
            index -= 1
        elif pair == b"<<":
            depth -= 1
            index -= 1
            if depth == 0:
                return data[index:end]
    return data[floor:end]


def _filters(dictionary: bytes) -> list[bytes]:
    found = _FILTER.search(dictionary)
    return _NAME.findall(found.group(1)) if found else []


def _count(encoded: bytes, filters: list[bytes]) -> None:
    """Decode one stream as far as it inflates, counting its output against the budget."""
    if filters and filters[0] in _ASCII85 | _ASCIIHEX:
        encoded = _ascii_decoded(encoded, filters.pop(0))
    if filters and filters[0] in _FLATE:
        _inflate_counted(encoded)
    elif filters and filters[0] in _LZW:
        pdfguard.lzw_decode(encoded)


def _ascii_decoded(encoded: bytes, name: bytes) -> bytes:
    """The bytes under an ASCII encoding (never larger than it), up to its end marker;
    nothing when it does not decode (nor will it for pdfium then)."""
    marker = b"~>" if name in _ASCII85 else b">"
    end = encoded.find(marker)
    end = len(encoded) if end < 0 else end
    try:
        if name in _ASCII85:
            return base64.a85decode(encoded[:end], ignorechars=b" \t\r\n\f\0")
        return binascii.unhexlify(_even(re.sub(rb"\s", b"", encoded[:end])))
    except ValueError:
        return b""


def _even(hex_digits: bytes) -> bytes:
    return hex_digits + b"0" if len(hex_digits) % 2 else hex_digits


def _inflate_counted(encoded: bytes) -> None:
    """Inflate, counting the output; a broken stream stops the count where it breaks
    (pdfium stops inflating it there too)."""
    inflater = zlib.decompressobj()
    position = 0
    while position < len(encoded) and not inflater.eof:
        pending = encoded[position : position + _CHUNK]
        position += len(pending)
        try:
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, _CHUNK)
                pdfguard.take(len(piece))
                pending = inflater.unconsumed_tail
        except zlib.error:
            return
