"""Score OCR'd reports against their known records: field recall, precision, and the wrong
values that nothing flagged.

Run `python bench/score_ocr.py DIR [--only GLOB]` on a folder of scanned copies written by
`samples/make_scans.py` (each `NAME.pdf|png|tiff` beside `NAME.expected.json`), or
`python bench/score_ocr.py --real` on the public vendor pages in ../shared/real-reports/
against tests/ocr/real_pages_key.yaml (each keyed page read alone). A field is one value of
one measurement (BMD, T-score, Z-score) keyed by site, side and region.

- recall: expected fields read with the right value / expected fields;
- precision: fields read with the right value / fields read;
- wrong: fields read with a value the record does not have (or a measurement it lacks);
  `unflagged` counts those in a report not held for review, `unnamed` those whose value no
  `ocr_low_confidence` reason names. The bar (issue 13): recall >= 0.98, precision >= 0.995,
  no unflagged wrong value.
"""

from __future__ import annotations

import argparse
import fnmatch
import io
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a checkout runs without an install (see dxa/__init__.py)

from dxa.parser.api import parse, parse_bytes  # noqa: E402
from dxa.parser.errors import ReportError  # noqa: E402

# Beside the checkout, as CI has them; DXA_REAL_REPORTS names another place (a worktree).
REAL_DIR = Path(os.environ.get("DXA_REAL_REPORTS", ROOT.parent / "shared" / "real-reports"))
REAL_KEY = ROOT / "tests" / "ocr" / "real_pages_key.yaml"
KEY_FIELDS = {"bmd": "bmd", "t": "t_score", "z": "z_score"}

FIELDS = ("bmd", "t_score", "z_score")
REPORT_SUFFIXES = (".pdf", ".png", ".tif", ".tiff", ".jpg", ".jpeg", ".dcm")


@dataclass
class Tally:
    expected: int = 0
    read: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    unflagged: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.read += other.read
        self.right += other.right
        self.seconds += other.seconds
        for name in ("wrong", "unflagged", "unnamed", "failed", "missed"):
            getattr(self, name).extend(getattr(other, name))

    def line(self, label: str) -> str:
        recall = self.right / self.expected if self.expected else 0.0
        precision = self.right / self.read if self.read else 0.0
        return (
            f"{label}: recall {recall:.3f} ({self.right}/{self.expected}), precision "
            f"{precision:.3f} ({self.right}/{self.read}), wrong {len(self.wrong)}, unflagged "
            f"{len(self.unflagged)}, unnamed {len(self.unnamed)}, failed {len(self.failed)}"
        )


def fields_of(measurements: list[dict]) -> dict[tuple, float]:
    """(site, side, region, field) -> value for every printed value of a record."""
    values = {}
    for item in measurements:
        key = (item["site"], item.get("side"), item.get("region"))
        for name in FIELDS:
            if item.get(name) is not None:
                values.setdefault((*key, name), float(item[name]))
    return values


def score_file(path: Path, expected: dict, tally: Tally) -> None:
    """Add one report's fields to the tally."""
    score_read(path.name, lambda: parse(path), fields_of(expected["measurements"]), tally)


def key_fields(rows: list[dict]) -> dict[tuple, float]:
    """The answer key's rows as (site, side, region, field) -> value."""
    return fields_of(
        [
            {"site": r["site"], "side": r.get("side"), "region": r.get("region")}
            | {name: r.get(short) for short, name in KEY_FIELDS.items()}
            for r in rows
        ]
    )


def real_pages(key_path: Path = REAL_KEY, folder: Path = REAL_DIR):
    """(label, one-page PDF bytes, expected fields) for every keyed real page present."""
    import pypdfium2 as pdfium

    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    for prefix, entry in key["files"].items():
        matches = sorted(folder.glob(f"{prefix}*.pdf"))
        if not matches:
            continue
        source = pdfium.PdfDocument(matches[0])
        for number, rows in entry["pages"].items():
            single = pdfium.PdfDocument.new()
            single.import_pages(source, [number - 1])
            buffer = io.BytesIO()
            single.save(buffer)
            yield f"{prefix} p{number}", buffer.getvalue(), key_fields(rows)


def score_read(label: str, read, want: dict[tuple, float], tally: Tally) -> None:
    """Add one reading (`read()` gives the Report) to the tally against `want`."""
    tally.expected += len(want)
    started = time.perf_counter()
    try:
        record = read().to_json_dict()
    except ReportError as error:
        tally.failed.append(f"{label}: {error}")
        return
    finally:
        tally.seconds += time.perf_counter() - started
    got = fields_of(record["measurements"])
    reasons = [r["text"] for r in record["review_reasons"] if r["code"] == "ocr_low_confidence"]
    tally.missed.extend(
        f"{label}: {'/'.join(str(k) for k in key)} {value:g} not read"
        for key, value in want.items()
        if key not in got
    )
    for key, value in got.items():
        tally.read += 1
        if want.get(key) == value:
            tally.right += 1
            continue
        what = f"{label}: {'/'.join(str(k) for k in key)} read {value:g}, is {want.get(key)}"
        tally.wrong.append(what)
        if not record["needs_review"]:
            tally.unflagged.append(what)
        if not any(f"{value:g}" in text for text in reasons):
            tally.unnamed.append(what)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--real", action="store_true", help="score the real vendor pages")
    parser.add_argument(
        "--only", default="*", help="a glob of file names, or with --real of page labels"
    )
    parser.add_argument("--verbose", action="store_true", help="list every wrong value")
    args = parser.parse_args(argv)
    total, by_style = Tally(), {}
    if args.real:
        for label, data, want in real_pages():
            if not fnmatch.fnmatch(label, args.only):
                continue
            score_read(label, lambda data=data: parse_bytes(data, "page.pdf"), want, total)
            print(label, "done", flush=True)
        report(total, {}, args.verbose)
        return
    files = sorted(
        p
        for p in args.folder.iterdir()
        if p.suffix.lower() in REPORT_SUFFIXES and fnmatch.fnmatch(p.name, args.only)
    )
    for path in files:
        stem = path.name[: -len(path.suffix)]
        expected_path = path.with_name(f"{stem}.expected.json")
        if not expected_path.is_file():
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        style = f"{stem.rsplit('.', 1)[-1]}{path.suffix}"
        one = Tally()
        score_file(path, expected, one)
        for tally in (total, by_style.setdefault(style, Tally())):
            tally.add(one)
        print(path.name, "done", flush=True)
    report(total, by_style, args.verbose)


def report(total: Tally, by_style: dict[str, Tally], verbose: bool) -> None:
    for style, tally in sorted(by_style.items()):
        print(tally.line(style))
    print(total.line("all"), f"({total.seconds:.1f} s)")
    if verbose:
        for what in total.wrong:
            flag = "UNFLAGGED " if what in total.unflagged else ""
            print(f"  {flag}{what}")
        for what in total.failed:
            print(f"  failed {what}")
        for what in total.missed:
            print(f"  {what}")


if __name__ == "__main__":
    main()
