"""Read scanned PDF pages and picture files into Documents of OCR pages.

`ocr_pdf_pages` replaces the pages of a PDF that have no usable text layer (or every page,
with `--ocr always`) by pages read from their picture; `image_document` does the same for
PNG/JPEG/TIFF files and DICOM secondary captures."""

from __future__ import annotations

from dxa.parser.document import Document, Page
from dxa.parser.errors import NoTextLayer, TooLarge
from dxa.parser.ocr import settings

IMAGE_NEEDS_OCR = "image report with no text (OCR is needed; --ocr is never)"


def needs_ocr(page: Page, mode: str) -> bool:
    """Whether a page is read from its picture: always, or when its text layer is unusable."""
    if mode == "always":
        return True
    return mode == "auto" and (page.is_scanned or (not page.words and page.image_share > 0))


def ocr_pdf_pages(data: bytes, pages: list[Page], mode: str) -> list[Page]:
    """The pages of a PDF, those that need it read by OCR instead of their text layer."""
    from dxa.parser.ocr.pages import ocr_page
    from dxa.parser.ocr.sources import pdf_page_image

    chosen = [index for index, page in enumerate(pages) if needs_ocr(page, mode)]
    if len(chosen) > settings.MAX_OCR_PAGES:
        raise TooLarge(f"{len(chosen)} scanned pages; OCR reads at most {settings.MAX_OCR_PAGES}")
    result = list(pages)
    for index in chosen:
        picture, dpi = pdf_page_image(data, index)
        result[index] = ocr_page(picture, dpi, pages[index].number)
    return result


def image_document(data: bytes, kind: str, mode: str) -> Document:
    """A PNG/JPEG/TIFF file or a DICOM image as a Document of OCR pages."""
    from dxa.parser.ocr.pages import ocr_page
    from dxa.parser.ocr.sources import dicom_dataset, dicom_pages, image_pages

    if mode == "never":
        raise NoTextLayer(IMAGE_NEEDS_OCR)
    pictures = dicom_pages(dicom_dataset(data)) if kind == "dicom" else image_pages(data)
    pages = tuple(
        ocr_page(picture, dpi, number) for number, (picture, dpi) in enumerate(pictures, 1)
    )
    if not any(page.words for page in pages):
        raise NoTextLayer("image with no readable text")
    return Document(pages)
