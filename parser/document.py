"""Open a PDF into a Document of pages with positioned words. (Placeholder: the vendor-PDF work replaces it.)"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pdfplumber

from parser.errors import DamagedPDF, EncryptedPDF, NoTextLayer


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: list[dict] = field(default_factory=list)
    text: str = ""


@dataclass(frozen=True)
class Document:
    pages: list[Page]

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)


def load_document(data: bytes) -> Document:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfplumber wraps pdfminer errors
        inner = error.args[0] if error.args else error
        if "password" in type(inner).__name__.lower() or "encrypt" in str(inner).lower():
            raise EncryptedPDF() from error
        raise DamagedPDF() from error
    pages = []
    with pdf:
        for number, pdf_page in enumerate(pdf.pages, start=1):
            words = pdf_page.extract_words()
            pages.append(
                Page(
                    number,
                    float(pdf_page.width),
                    float(pdf_page.height),
                    words,
                    pdf_page.extract_text() or "",
                )
            )
            pdf_page.close()
    if not any(page.text.strip() for page in pages):
        raise NoTextLayer()
    return Document(pages)
