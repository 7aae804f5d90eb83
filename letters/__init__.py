"""Letters stage: Report + Interpretation become patient and physician letters (HTML / PDF).

The kinds of letter are named here, where the application can import them without loading
the renderer (WeasyPrint takes about a second to load)."""

from typing import Literal

Audience = Literal["patient", "physician"]
Format = Literal["html", "pdf"]
AUDIENCES: tuple[Audience, ...] = ("patient", "physician")
# The command line's --format choices and the formats each writes.
FORMAT_CHOICES: dict[str, tuple[Format, ...]] = {
    "pdf": ("pdf",),
    "html": ("html",),
    "both": ("pdf", "html"),
}
