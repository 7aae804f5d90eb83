"""The pictures OCR reads: pages of an image-only PDF, PNG/JPEG/TIFF files, DICOM images.

Each yields (picture, dots per inch) so that words get sizes in points like a text layer's.
Every picture is bounded by `settings.MAX_PIXELS` before it is decoded."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

import numpy as np
from dxa.parser.errors import DamagedPDF, TooLarge, UnsupportedFile
from dxa.parser.ocr import settings
from PIL import Image, ImageSequence

TOO_LARGE = "image too large to be a DXA report page"


def render_dpi(native: float | None) -> float:
    """The resolution to read at: the picture's own, kept within the engine's range."""
    native = native or settings.DEFAULT_IMAGE_DPI
    return min(max(native, settings.MIN_RENDER_DPI), settings.MAX_RENDER_DPI)


def pdf_page_image(data: bytes, index: int) -> tuple[Image.Image, float]:
    """Page `index` (0-based) of a PDF drawn at the resolution of its largest picture."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        dpi = render_dpi(_native_dpi(page))
        width, height = page.get_size()
        if width * height * (dpi / 72) ** 2 > settings.MAX_PIXELS:
            raise TooLarge(TOO_LARGE)
        return page.render(scale=dpi / 72, grayscale=True).to_pil(), dpi
    finally:
        pdf.close()


def _native_dpi(page) -> float | None:
    """Pixels per inch of the widest picture on the page, as it is placed."""
    import pypdfium2.raw as raw

    best = None
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, _, right, _ = obj.get_bounds()
        pixels, _ = obj.get_px_size()
        if right > left and (best is None or pixels / ((right - left) / 72) > best):
            best = pixels / ((right - left) / 72)
    return best


def image_pages(data: bytes) -> Iterator[tuple[Image.Image, float]]:
    """Every frame of a PNG, JPEG or TIFF file, upscaled to the engine's resolution."""
    Image.MAX_IMAGE_PIXELS = settings.MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            frames = [frame.copy() for frame in ImageSequence.Iterator(picture)]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise TooLarge(TOO_LARGE) from error
    except Exception as error:  # PIL raises many kinds on a broken file
        raise UnsupportedFile("not a readable image") from error
    dpi = picture.info.get("dpi", (None,))[0]
    for frame in frames[: settings.MAX_OCR_PAGES]:
        yield _at_engine_dpi(frame, float(dpi) if dpi else None)


def _at_engine_dpi(picture: Image.Image, native: float | None) -> tuple[Image.Image, float]:
    """A low-resolution picture enlarged to the lowest resolution the engine reads well."""
    native = native or settings.DEFAULT_IMAGE_DPI
    target = render_dpi(native)
    if target > native:
        factor = target / native
        size = (round(picture.width * factor), round(picture.height * factor))
        if size[0] * size[1] > settings.MAX_PIXELS:
            raise TooLarge(TOO_LARGE)
        picture = picture.convert("L").resize(size, Image.Resampling.LANCZOS)
        return picture, target
    return picture, native


def dicom_dataset(data: bytes):
    """The DICOM data set, or the plain sentence for a file that is not one."""
    try:
        import pydicom

        return pydicom.dcmread(io.BytesIO(data), force=True)
    except Exception as error:
        raise DamagedPDF("not a readable DICOM file") from error


def dicom_pages(dataset) -> Iterator[tuple[Image.Image, float]]:
    """The frames of a DICOM secondary capture (screen picture of a report)."""
    rows, columns = int(dataset.get("Rows", 0)), int(dataset.get("Columns", 0))
    frames = int(dataset.get("NumberOfFrames", 1) or 1)
    if rows * columns * frames > settings.MAX_PIXELS:
        raise TooLarge(TOO_LARGE)
    try:
        pixels = dataset.pixel_array
    except Exception as error:
        raise UnsupportedFile("DICOM file without readable pixel data") from error
    if pixels.ndim == 2 or (pixels.ndim == 3 and pixels.shape[-1] not in (3, 4)):
        pixels = pixels[np.newaxis] if pixels.ndim == 2 else pixels
    elif pixels.ndim == 3:
        pixels = pixels[np.newaxis]
    inverted = str(dataset.get("PhotometricInterpretation", "")) == "MONOCHROME1"
    for frame in pixels[: settings.MAX_OCR_PAGES]:
        yield _at_engine_dpi(_to_image(frame, inverted), None)


def _to_image(frame: np.ndarray, inverted: bool) -> Image.Image:
    """8-bit picture from a frame of any bit depth."""
    frame = frame[..., :3].astype(np.float64) if frame.ndim == 3 else frame.astype(np.float64)
    low, high = float(frame.min()), float(frame.max())
    scaled = (frame - low) * (255.0 / (high - low)) if high > low else frame * 0
    scaled = 255 - scaled if inverted else scaled
    picture = scaled.clip(0, 255).astype(np.uint8)
    return Image.fromarray(picture, "RGB" if picture.ndim == 3 else "L")
