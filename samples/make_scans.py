"""Write scanned copies of the sample PDFs, each beside the sample's own expected record.

Run `python samples/make_scans.py OUT_DIR [--style NAME ...] [--only GLOB]` from the
repository root. Each sample in samples/pdf/ becomes, per scan style
(`generator/scans.py`: office300, scan200, copy150, fax200), an image-only PDF and a picture
file (PNG, or TIFF for several pages or a fax), named `NAME.STYLE.pdf` / `.png` / `.tiff`,
each with `NAME.STYLE.expected.json`, the sample's expected record unchanged. The copies are
written outside the repository (they are large and derived); bench/score_ocr.py scores them.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a checkout runs without an install (see dxa/__init__.py)

from generator.scans import SCAN_STYLES, image_pdf, picture_file, scanned_copy  # noqa: E402

PDF_DIR = ROOT / "samples" / "pdf"


def write_scans(out_dir: Path, styles: list[str], only: str) -> int:
    """Write every sample's copies in every style; returns how many files were written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for pdf in sorted(PDF_DIR.glob("*.pdf")):
        expected = pdf.with_suffix(".expected.json")
        if not expected.is_file() or not fnmatch.fnmatch(pdf.stem, only):
            continue
        for style in styles:
            pictures = scanned_copy(pdf.read_bytes(), pdf.stem, style)
            dpi = SCAN_STYLES[style].dpi
            stem = f"{pdf.stem}.{style}"
            suffix, data = picture_file(pictures, dpi, SCAN_STYLES[style].fax)
            for name, payload in ((".pdf", image_pdf(pictures, dpi)), (suffix, data)):
                (out_dir / f"{stem}{name}").write_bytes(payload)
                written += 1
            (out_dir / f"{stem}.expected.json").write_text(
                expected.read_text(encoding="utf-8"), encoding="utf-8"
            )
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--style", action="append", choices=sorted(SCAN_STYLES))
    parser.add_argument("--only", default="*", help="a glob of sample names (default: all)")
    args = parser.parse_args(argv)
    count = write_scans(args.out_dir, args.style or sorted(SCAN_STYLES), args.only)
    print(f"wrote {count} scanned copies to {args.out_dir}")


if __name__ == "__main__":
    main()
