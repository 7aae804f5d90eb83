"""Which files are pictures for OCR: by magic bytes first, by the file's name second.

Kept free of imaging libraries so that every parse can ask without loading them."""

from __future__ import annotations

import os
from pathlib import Path

# PNG, JPEG, and TIFF in both byte orders.
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
DICOM_MAGIC_OFFSET = 128
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
DICOM_SUFFIXES = (".dcm", ".dicom")
# Every suffix of a report picture, for the batch and the watched folder.
PICTURE_SUFFIXES = IMAGE_SUFFIXES + DICOM_SUFFIXES


def image_kind(data: bytes, name: str) -> str | None:
    """ "image", "dicom" or None for a file that is neither."""
    if data.startswith(IMAGE_MAGIC):
        return "image"
    if data[DICOM_MAGIC_OFFSET : DICOM_MAGIC_OFFSET + 4] == b"DICM":
        return "dicom"
    lower = name.lower()
    if lower.endswith(IMAGE_SUFFIXES):
        return "image"
    if lower.endswith(DICOM_SUFFIXES):
        return "dicom"
    return None


# The bytes a picture file ends with once it is whole (TIFF and DICOM have none).
END_MARKERS = {".png": b"IEND\xaeB`\x82", ".jpg": b"\xff\xd9", ".jpeg": b"\xff\xd9"}


def picture_looks_complete(path: Path) -> bool:
    """Whether a picture being written has its end marker yet (for the watched folder)."""
    marker = END_MARKERS.get(path.suffix.lower())
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 64))
            tail = handle.read()
    except OSError:
        return False
    return bool(tail) and (marker is None or marker in tail)
