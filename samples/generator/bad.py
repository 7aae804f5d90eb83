"""Bad PDFs for tests/fixtures/bad/: each one a way a file can fail to be a readable report.

They live outside samples/ so that `dxa batch samples` stays clean.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def encrypted_pdf() -> bytes:
    """A report locked with a password."""
    buffer = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption("secret", canModify=0)
    c = canvas.Canvas(buffer, pagesize=letter, invariant=1, encrypt=encrypt)
    c.drawString(72, 720, "Lumbar spine L1-L4 BMD 0.930 T-score -1.1")
    c.showPage()
    c.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A scanned report: one raster image and no text layer."""
    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).text((20, 80), "L1-L4 BMD 0.930 T-score -1.1", fill=0)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    c.drawImage(ImageReader(image), 72, 500, width=400, height=200)
    c.showPage()
    c.save()
    return buffer.getvalue()


def zero_page_pdf() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def bad_pdfs(good: bytes) -> dict[str, bytes]:
    """File name -> bytes; `good` is a sound sample PDF, cut short for truncated.pdf."""
    return {
        "encrypted.pdf": encrypted_pdf(),
        "truncated.pdf": good[: len(good) // 3],
        "image_only.pdf": image_only_pdf(),
        "zero_pages.pdf": zero_page_pdf(),
        "not_a_pdf.pdf": b"This is a plain note saved with a .pdf name; it is not a PDF.\n",
        "empty.pdf": b"",
    }
