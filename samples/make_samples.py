"""Draw the invented vendor-style sample PDFs and write each one's expected record beside it.

Run `python samples/make_samples.py` from the repository root. Every patient, ID and value
is invented. Each sample is described once as data in `generator/catalogue.yaml` (patient,
exam, printed rows and what each row means, drawing options); the PDF is drawn from that
data and the `.expected.json` is built from the same data, so the expectations never come
from the parser under test.

Layouts imitate Hologic APEX, GE Lunar enCORE and Norland Illuminatus prints (one painter
module each in `generator/`, on the drawing kit `generator/kit.py`); layout variations
(glyph-by-glyph text, shuffled drawing order, chart axes and footnotes full of numbers beside
the tables, switched-off columns) exercise the position-aware reader. Bad PDFs go to
tests/fixtures/bad/ so that `dxa batch samples` stays clean.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a checkout runs without an install (see dxa/__init__.py)

from generator.bad import bad_pdfs  # noqa: E402
from generator.catalogue import all_samples  # noqa: E402
from generator.expected import expected_json  # noqa: E402
from generator.kit import render  # noqa: E402

PDF_DIR = ROOT / "samples" / "pdf"
BAD_DIR = ROOT / "tests" / "fixtures" / "bad"


def write(pdf_dir: Path, bad_dir: Path) -> int:
    """Write every sample and its expected record, then the bad PDFs; returns the count."""
    pdf_dir.mkdir(parents=True, exist_ok=True)
    bad_dir.mkdir(parents=True, exist_ok=True)
    samples = all_samples()
    first = b""
    for sample in samples:
        data = render(sample.pages)
        first = first or data
        (pdf_dir / f"{sample.name}.pdf").write_bytes(data)
        (pdf_dir / f"{sample.name}.expected.json").write_text(
            expected_json(sample.report, data), encoding="utf-8"
        )
    for name, data in bad_pdfs(first).items():
        (bad_dir / name).write_bytes(data)
    return len(samples)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-dir", type=Path, default=PDF_DIR, help="default: samples/pdf")
    parser.add_argument("--bad-dir", type=Path, default=BAD_DIR, help="default: tests/fixtures/bad")
    args = parser.parse_args(argv)
    count = write(args.pdf_dir, args.bad_dir)
    print(f"wrote {count} samples to {args.pdf_dir} and bad PDFs to {args.bad_dir}")


if __name__ == "__main__":
    main()
