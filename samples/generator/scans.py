"""Scanned copies of the sample PDFs: each page rendered to a picture and damaged as a
flatbed scanner, a fax machine or a PACS screen capture damages it.

A scan style is data (`SCAN_STYLES`): resolution, tilt range, blur, noise, JPEG quality and
whether the page is thresholded to 1 bit as a fax is. The damage is seeded by the sample's
name, so the same sample always gets the same copy. The pictures keep the sample's own
expected record: a scan must read to the numbers the PDF prints.
"""

from __future__ import annotations

import io
import random
import zlib
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class ScanStyle:
    """How one kind of copy damages a page (angles in degrees, noise in grey levels)."""

    dpi: int
    tilt: tuple[float, float]
    blur: float = 0.0
    noise: float = 0.0
    jpeg_quality: int | None = None
    fax: bool = False
    # Dark specks per million pixels (dust on the glass, line noise on a fax).
    specks: int = 0


SCAN_STYLES: dict[str, ScanStyle] = {
    # An office scanner at 300 dpi, grey, lightly tilted, saved as JPEG.
    "office300": ScanStyle(dpi=300, tilt=(0.5, 1.5), blur=0.5, noise=6, jpeg_quality=80),
    # A scan at 200 dpi, more tilt, softer.
    "scan200": ScanStyle(dpi=200, tilt=(1.0, 3.0), blur=0.7, noise=8, jpeg_quality=70),
    # A cheap 150 dpi copy, blurred and heavily compressed.
    "copy150": ScanStyle(dpi=150, tilt=(0.5, 2.0), blur=0.6, noise=10, jpeg_quality=55),
    # A fax: 200 dpi, 1 bit, tilted, with line specks.
    "fax200": ScanStyle(dpi=200, tilt=(0.5, 2.5), blur=0.4, noise=12, fax=True, specks=150),
}


def page_pictures(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page of a PDF rendered in grey at `dpi`."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [
            page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document
        ]
    finally:
        document.close()


def damaged(picture: Image.Image, style: ScanStyle, rng: random.Random) -> Image.Image:
    """One page picture as the style's copy of it: tilted, blurred, noisy, 1-bit for a fax."""
    tilt = rng.uniform(*style.tilt) * rng.choice((-1, 1))
    image = picture.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if style.blur:
        image = image.filter(ImageFilter.GaussianBlur(style.blur))
    pixels = np.asarray(image, dtype=np.float32)
    noise_rng = np.random.default_rng(rng.randrange(2**32))
    if style.noise:
        pixels = pixels + noise_rng.normal(0, style.noise, pixels.shape)
    if style.specks:
        count = style.specks * pixels.size // 1_000_000
        rows = noise_rng.integers(0, pixels.shape[0], count)
        cols = noise_rng.integers(0, pixels.shape[1], count)
        pixels[rows, cols] = 0
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    if style.fax:
        return image.point(lambda level: 255 if level > 150 else 0).convert("1")
    if style.jpeg_quality:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=style.jpeg_quality)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    return image


def scanned_copy(pdf: bytes, name: str, style_name: str) -> list[Image.Image]:
    """The damaged pictures of every page of a sample, seeded by its name and style."""
    style = SCAN_STYLES[style_name]
    rng = random.Random(zlib.crc32(f"{name}/{style_name}".encode()))
    return [damaged(picture, style, rng) for picture in page_pictures(pdf, style.dpi)]


def image_pdf(pictures: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF (no text layer), one picture a page, at the scan's resolution."""
    buffer = io.BytesIO()
    first, *rest = [p.convert("L") if p.mode == "1" else p for p in pictures]
    first.save(buffer, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return buffer.getvalue()


def picture_file(pictures: list[Image.Image], dpi: int, fax: bool) -> tuple[str, bytes]:
    """The copy as one picture file: a PNG for a one-page grey copy (a screen capture is one
    picture), else a TIFF of every page (Group 4 for a fax, as fax servers store them)."""
    buffer = io.BytesIO()
    if len(pictures) == 1 and not fax:
        pictures[0].save(buffer, "PNG", dpi=(dpi, dpi))
        return ".png", buffer.getvalue()
    first, *rest = pictures
    compression = "group4" if fax else "tiff_deflate"
    first.save(
        buffer, "TIFF", compression=compression, dpi=(dpi, dpi), save_all=True, append_images=rest
    )
    return ".tiff", buffer.getvalue()
