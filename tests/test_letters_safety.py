"""Rendering fetches nothing but the package's assets and the clinic logo; report text stays text."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from dxa.interpret.model import Flag
from dxa.letters.config import ClinicConfig
from dxa.letters.render import STYLESHEET, AssetFetcher, RefusedResource, allowed_assets, render
from letter_cases import osteoporosis_high_risk

HOSTILE_NAME = '<img src="file:///etc/hostname">'
HOSTILE_DEVICE = '<link rel="stylesheet" href="http://evil.example/x.css">'
HOSTILE_FLAG = "<script>alert(1)</script><img src=data:image/png;base64,iVBORw0KGgo=>"


class RecordingFetcher(AssetFetcher):
    """The real fetcher, remembering every URL WeasyPrint asked for."""

    def __init__(self, allowed: dict[str, Path]) -> None:
        super().__init__(allowed)
        self.requested: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        response = super().fetch(url, headers)
        self.served.append(url)
        return response


def tiny_png(path: Path) -> Path:
    """A valid 1x1 PNG, so the logo really is loaded and drawn."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x1f\x3b\x73")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def hostile_case():
    report, interpretation = osteoporosis_high_risk()
    report = report.model_copy(
        update={
            "patient": report.patient.model_copy(
                update={"name": HOSTILE_NAME, "id": "../../etc/x"}
            ),
            "exam": report.exam.model_copy(update={"device": HOSTILE_DEVICE}),
            "warnings": ['<iframe src="http://evil.example/">'],
        }
    )
    interpretation = interpretation.model_copy(
        update={"flags": [Flag(code="x", text=HOSTILE_FLAG)]}
    )
    return report, interpretation


@pytest.mark.parametrize("audience", ["patient", "physician"])
def test_hostile_report_text_is_escaped_in_html(audience: str) -> None:
    report, interpretation = hostile_case()
    html = render(report, interpretation, audience, ClinicConfig(), "html").decode()
    assert HOSTILE_NAME not in html
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in html
    assert "<script>" not in html and "<iframe" not in html and "<link" not in html


@pytest.mark.parametrize("audience", ["patient", "physician"])
def test_hostile_report_pdf_fetches_only_the_logo(audience: str, tmp_path: Path) -> None:
    clinic = ClinicConfig(logo=tiny_png(tmp_path / "logo.png"))
    fetcher = RecordingFetcher(allowed_assets(clinic))
    report, interpretation = hostile_case()
    pdf = render(report, interpretation, audience, clinic, "pdf", url_fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert fetcher.requested == [clinic.logo.as_uri()]


def test_without_a_logo_nothing_is_fetched() -> None:
    fetcher = RecordingFetcher(allowed_assets(ClinicConfig()))
    report, interpretation = hostile_case()
    render(report, interpretation, "physician", ClinicConfig(), "pdf", url_fetcher=fetcher)
    assert fetcher.requested == []


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example/x.css",
        "https://example.org/logo.png",
        "file:///etc/hostname",
        "data:image/png;base64,iVBORw0KGgo=",
        STYLESHEET.parent.as_uri() + "/../render.py",
        STYLESHEET.parent.as_uri() + "/",
    ],
)
def test_fetcher_refuses_everything_not_listed(url: str, tmp_path: Path) -> None:
    clinic = ClinicConfig(logo=tiny_png(tmp_path / "logo.png"))
    with pytest.raises(RefusedResource):
        AssetFetcher(allowed_assets(clinic)).fetch(url)


def test_fetcher_serves_package_static_files_and_the_logo(tmp_path: Path) -> None:
    clinic = ClinicConfig(logo=tiny_png(tmp_path / "logo.png"))
    fetcher = AssetFetcher(allowed_assets(clinic))
    assert fetcher.fetch(STYLESHEET.as_uri()).read() == STYLESHEET.read_bytes()
    assert fetcher.fetch(clinic.logo.as_uri()).read() == clinic.logo.read_bytes()


def test_standalone_html_carries_the_logo_inline(tmp_path: Path) -> None:
    clinic = ClinicConfig(logo=tiny_png(tmp_path / "logo.png"))
    report, interpretation = osteoporosis_high_risk()
    html = render(report, interpretation, "patient", clinic, "html").decode()
    assert 'src="data:image/png;base64,' in html
    assert "file://" not in html


def test_standalone_html_style_is_real_css_not_entities() -> None:
    report, interpretation = osteoporosis_high_risk()
    html = render(report, interpretation, "physician", ClinicConfig(), "html").decode()
    style = html[html.index("<style>") : html.index("</style>")]
    assert '"DejaVu Sans"' in style and "&#34;" not in style
    assert "@font-face" not in style  # the bundled fonts are for PDFs; nothing to fetch in HTML


def test_svg_logo_cannot_pull_in_other_resources(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="file:///etc/hostname" width="10" height="10"/>'
        '<image href="http://evil.example/x.png" width="10" height="10"/></svg>'
    )
    clinic = ClinicConfig(logo=logo)
    fetcher = RecordingFetcher(allowed_assets(clinic))
    report, interpretation = osteoporosis_high_risk()
    render(report, interpretation, "patient", clinic, "pdf", url_fetcher=fetcher)
    assert fetcher.served == [logo.resolve().as_uri()]
    assert len(fetcher.requested) == 3  # both embedded images were asked for, and refused
