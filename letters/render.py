"""Report + Interpretation -> patient or physician letter, as HTML or PDF bytes (what
each letter shows is built in views.py).

Rendering is pure: the only files read are the package's own stylesheet and the clinic's
configured logo, and WeasyPrint is given a fetcher that refuses every other URL.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from dxa.interpret.model import Interpretation
from dxa.letters import Audience, Format
from dxa.letters.config import ClinicConfig
from dxa.letters.views import patient_ref, patient_view, physician_view
from dxa.letters.weasyload import weasyprint  # first: imports it without a library search
from dxa.parser.clean import clean_text
from dxa.parser.model import Report
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

CSS, HTML, Document = weasyprint.CSS, weasyprint.HTML, weasyprint.Document

STATIC_DIR = Path(__file__).resolve().parent / "static"
STYLESHEET = STATIC_DIR / "letter.css"
FONTS_STYLESHEET = STATIC_DIR / "fonts.css"
PAGE_SIZES = {"letter": "letter", "a4": "A4"}


def _cleaned(value: Any) -> Any:
    """Every value a template prints, without control or bidi characters (parser/clean.py):
    a name `Smith<RLO>FDP.exe` must not show as "Smithexe.PDF", nor a NUL reach the PDF."""
    if isinstance(value, Markup):
        return Markup(clean_text(str(value)))
    return clean_text(value) if isinstance(value, str) else value


_environment = Environment(
    loader=PackageLoader("dxa.letters"),
    autoescape=select_autoescape(),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_cleaned,
)


class RefusedResource(ValueError):
    """Raised by AssetFetcher for any URL it was not told to serve."""


class AssetFetcher(URLFetcher):
    """Serves exactly the given file URLs (package assets, the clinic logo); refuses the rest.

    Refusal raises, so WeasyPrint skips the resource: no network, no other file, no data: URL.
    """

    def __init__(self, allowed: Mapping[str, Path]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.allowed = dict(allowed)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        path = self.allowed.get(url)
        if path is None:
            raise RefusedResource(f"not an allowed letter asset: {url[:80]}")
        return URLFetcherResponse(url, path.read_bytes())


def allowed_assets(clinic: ClinicConfig | None) -> dict[str, Path]:
    """URL -> file for everything a letter may load: the package's static files, the logo."""
    assets = {path.as_uri(): path for path in STATIC_DIR.iterdir() if path.is_file()}
    if clinic and clinic.logo:
        assets[clinic.logo.as_uri()] = clinic.logo
    return assets


def render(
    report: Report,
    interpretation: Interpretation,
    audience: Audience,
    clinic: ClinicConfig,
    fmt: Format,
    *,
    url_fetcher: URLFetcher | None = None,
) -> bytes:
    """The letter for `audience` in `fmt`; `url_fetcher` defaults to the clinic's AssetFetcher.
    Everything a letter says comes from the report and the interpretation (which records
    where its FRAX came from), so the clinical context is not needed here."""
    if fmt == "html":
        html = render_html(
            report,
            interpretation,
            audience,
            clinic,
            standalone=True,
        )
        return html.encode()
    document = layout(
        report,
        interpretation,
        audience,
        clinic,
        url_fetcher=url_fetcher,
    )
    return document.write_pdf()


def layout(
    report: Report,
    interpretation: Interpretation,
    audience: Audience,
    clinic: ClinicConfig,
    *,
    url_fetcher: URLFetcher | None = None,
) -> Document:
    """The letter laid out in pages, before PDF output (page counts cost no font subsetting)."""
    html = render_html(
        report,
        interpretation,
        audience,
        clinic,
        standalone=False,
    )
    fetcher = url_fetcher or AssetFetcher(allowed_assets(clinic))
    return HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=list(_stylesheets(clinic.paper_size)), font_config=_font_config()
    )


def render_html(
    report: Report,
    interpretation: Interpretation,
    audience: Audience,
    clinic: ClinicConfig,
    *,
    standalone: bool,
) -> str:
    """The letter's HTML. Standalone HTML carries its CSS and logo inline (a file to open or
    mail); for PDF both come from the renderer (parsed CSS, logo through the fetcher)."""
    view = (
        patient_view(report, interpretation)
        if audience == "patient"
        else physician_view(report, interpretation)
    )
    context = {
        "draft": None,  # only a physician letter held for review sets it (base.html)
        **view,
        "clinic": clinic,
        "patient_ref": patient_ref(report),
        "logo_src": _logo_src(clinic, inline=standalone),
        "inline_css": _inline_css(clinic.paper_size) if standalone else None,
    }
    return _environment.get_template(f"{audience}.html").render(context)


# ---------------------------------------------------------------- stylesheets and fonts


@cache
def _font_config() -> FontConfiguration:
    """One font configuration per process: building it is the slow part of a first render."""
    return FontConfiguration()


def _page_css(paper_size: str) -> str:
    return f"@page {{ size: {PAGE_SIZES[paper_size]}; }}"


@cache
def _stylesheets(paper_size: str) -> tuple[CSS, ...]:
    """Parsed once per paper size and reused for every document (fonts load here, once)."""
    font_config = _font_config()
    package_assets = AssetFetcher(allowed_assets(None))
    return (
        CSS(filename=FONTS_STYLESHEET, font_config=font_config, url_fetcher=package_assets),
        CSS(filename=STYLESHEET, font_config=font_config, url_fetcher=package_assets),
        CSS(string=_page_css(paper_size), font_config=font_config, url_fetcher=package_assets),
    )


@cache
def _inline_css(paper_size: str) -> Markup:
    """The package's own stylesheet, trusted: autoescaping would turn its quotes into entities."""
    return Markup(STYLESHEET.read_text() + "\n" + _page_css(paper_size))


def _logo_src(clinic: ClinicConfig, *, inline: bool) -> str | None:
    if clinic.logo is None:
        return None
    if not inline:
        return clinic.logo.as_uri()
    encoded = base64.b64encode(clinic.logo.read_bytes()).decode("ascii")
    return f"data:{clinic.logo_media_type};base64,{encoded}"


# ---------------------------------------------------------------- formatting
