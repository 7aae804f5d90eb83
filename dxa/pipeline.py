"""One report file in, one finished output folder out: the unit of work of batch and watch.

The folder is assembled under a hidden temporary name and renamed into place, so a
reader of the output folder only ever sees a report's outputs complete or not at all.
A report the reader is unsure of (`needs_review`) is held: its record, its interpretation
and a physician letter marked DRAFT are written, and no patient letter (issue 14, the gate).
Every folder also holds `<stem>_fhir.json`, the FHIR R4 Bundle (`preliminary` while held).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dxa.clinic import load_clinic
from dxa.export.fhir import bundle_json
from dxa.fileio import write_atomic
from dxa.interpret import interpret, prepare
from dxa.interpret.context import sourced_context_for_report
from dxa.interpret.model import Interpretation
from dxa.letters import AUDIENCES, FORMAT_CHOICES, Audience, Format
from dxa.letters.render import render
from dxa.naming import report_stem
from dxa.parser import parse
from dxa.parser.model import Report, site_code
from dxa.parser.readers import DEFAULT_PDF_READER
from dxa.retry import OutputUnavailable, is_transient

__all__ = ["FORMAT_CHOICES", "load_clinic"]  # where the commands have always found them
TEMP_PREFIX = ".partial-"
# Written by `dxa review` on approval; a folder holding it is never replaced by processing.
APPROVALS_SUFFIX = "_approvals.json"
OLD_PREFIX = ".replaced-"


@dataclass(frozen=True)
class PipelineOptions:
    """Everything a worker needs besides the report path; picklable for worker processes."""

    formats: tuple[Format, ...] = ("pdf",)
    clinic_file: Path | None = None
    # The PDF reader (`--pdf-reader`): pdfium, the default, or pdfplumber, the reference.
    pdf_reader: str = DEFAULT_PDF_READER
    # Which pages OCR reads: auto (no usable text layer), always, never (parser/ocr/).
    ocr: str = "auto"


@dataclass(frozen=True)
class PipelineResult:
    """What batch's CSVs and watch's log need to know about one finished report."""

    source: str
    sha256: str
    output_dir: Path
    files: tuple[Path, ...]
    summary: dict[str, str]
    measurements: tuple[dict[str, str], ...]
    # True when the report is held for review: no patient letter, status `needs_review`.
    needs_review: bool = False


def process_report(
    path: Path,
    out_dir: Path,
    options: PipelineOptions,
    *,
    source_path: str | None = None,
    clinic=None,
) -> PipelineResult:
    """Parse, interpret and render one report into `out_dir/<report stem>/`.

    Raises the stage's typed error (a ReportError, a context or clinic error) on failure;
    nothing is left in `out_dir` then. `source_path` and `clinic` are for a copy of the
    report on a cluster worker (dxa/shipping.py): the path to record, the clinic as loaded.
    """
    clinic = clinic or load_clinic(options.clinic_file)
    report = _parse(path, clinic.date_order, options.pdf_reader, options.ocr)
    if source_path is not None:
        report = report.model_copy(
            update={"source": report.source.model_copy(update={"path": source_path})}
        )
    report = prepare(report)
    given = sourced_context_for_report(path)  # the sidecar: batch and watch take no context flags
    context = given.context
    interpretation = interpret(
        report, context, site_lsc=clinic.interpretation.lsc, context_sources=given.sources
    )
    stem = report_stem(report)
    if (out_dir / stem / f"{stem}{APPROVALS_SUFFIX}").is_file():
        return approved_result(path, out_dir / stem)
    outputs = {
        f"{stem}_record.json": _json_bytes(report.to_json_dict()),
        f"{stem}_interpretation.json": _json_bytes(interpretation.to_json_dict()),
        f"{stem}_fhir.json": _json_bytes(bundle_json(report, interpretation)),
    }
    audiences = held_audiences(interpretation)
    outputs.update(render_letters(stem, report, interpretation, clinic, options.formats, audiences))
    if interpretation.needs_review:
        outputs.update(review_inputs(stem, path, report, context))
    folder = out_dir / stem
    try:
        publish_folder(folder, outputs)
    except OSError as error:  # the output's fault (disk full, permission), not the report's
        if not is_transient(error):
            raise
        raise OutputUnavailable(f"{OutputUnavailable.reason} ({error.strerror})") from error
    return PipelineResult(
        source=str(path),
        sha256=report.source.sha256 or "",
        output_dir=folder,
        files=tuple(folder / name for name in sorted(outputs)),
        summary=summary_fields(report, interpretation),
        measurements=measurement_rows(report),
        needs_review=interpretation.needs_review,
    )


def import_readers() -> None:
    """The readers `parse` loads on first use (PDF and text), and the FHIR models the Bundle
    is validated with, imported in the parent before batch and watch fork their workers: a
    new or replacement worker then starts with every stage loaded (shared, copy-on-write)
    instead of importing them again (~0.8 s; the FHIR models ~0.1 s of its first report)."""
    import dxa.parser.document  # noqa: F401
    import dxa.parser.text  # noqa: F401
    import dxa.parser.vendors  # noqa: F401
    from dxa.export.fhir import import_models

    import_models()


def approved_result(path: Path, folder: Path) -> PipelineResult:
    """The same report processed again after a person approved it: the approved folder
    stands (its final letters, its corrected record), and is reported as done."""
    stem = folder.name
    report = Report.model_validate_json((folder / f"{stem}_record.json").read_bytes())
    interpretation = Interpretation.model_validate_json(
        (folder / f"{stem}_interpretation.json").read_bytes()
    )
    return PipelineResult(
        source=str(path),
        sha256=report.source.sha256 or "",
        output_dir=folder,
        files=tuple(sorted(p for p in folder.iterdir() if p.is_file())),
        summary=summary_fields(report, interpretation),
        measurements=measurement_rows(report),
        needs_review=False,
    )


def held_audiences(interpretation) -> tuple[Audience, ...]:
    """The letters a report gets: one held for review (the reader's doubts, or the rules'
    own, such as an unknown age) gets the physician's only."""
    return ("physician",) if interpretation.needs_review else AUDIENCES


SOURCE_SUFFIXES = {"pdf": ".pdf", "text": ".txt"}


def review_inputs(stem: str, path: Path, report, context) -> dict[str, bytes]:
    """What `dxa review` needs beside a held report's outputs: the context it was read with
    and a copy of the source (the original moves on, and only OUT_DIR is served). The copy's
    name comes from the record's format, never from the file's own name."""
    used = context.model_dump(mode="json", exclude_none=True) if context else {}
    files = {f"{stem}_context.json": _json_bytes(used)}
    suffix = SOURCE_SUFFIXES.get(report.source.format)  # the review screen shows PDF and text
    if path.is_file() and suffix:
        files[f"{stem}_source{suffix}"] = path.read_bytes()
    return files


def _parse(path: Path, date_order, pdf_reader: str, ocr: str) -> Report:
    return parse(path, date_order=date_order, pdf_reader=pdf_reader, ocr=ocr)


def render_letters(
    stem: str,
    report,
    interpretation,
    clinic,
    formats,
    audiences: tuple[Audience, ...] = AUDIENCES,
) -> dict[str, bytes]:
    """The audiences' letters in every requested format, named `<stem>_<audience>.<format>`.

    The letters need no clinical context: the interpretation carries the FRAX it used, with
    its source; the renderer marks the physician letter DRAFT when the report needs review.
    """
    return {
        f"{stem}_{audience}.{fmt}": render(report, interpretation, audience, clinic, fmt)
        for audience in audiences
        for fmt in formats
    }


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def publish_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` into a hidden sibling folder, then rename it to `folder`.

    An existing `folder` (the same report processed again, e.g. after a crash) is
    swapped out and removed only after the new one is in place.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{folder.name}.", dir=folder.parent))
    try:
        for name, data in files.items():
            write_atomic(staging / name, data)
        _swap_into_place(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_into_place(staging: Path, folder: Path) -> None:
    try:
        os.rename(staging, folder)
        return
    except OSError:
        if not folder.is_dir():
            raise
    retired = Path(tempfile.mkdtemp(prefix=f"{OLD_PREFIX}{folder.name}.", dir=folder.parent))
    os.rename(folder, retired / folder.name)
    os.rename(staging, folder)
    shutil.rmtree(retired, ignore_errors=True)


def summary_fields(report, interpretation) -> dict[str, str]:
    """The per-report columns of summary.csv (contract names, empty for absent facts)."""
    site = interpretation.diagnostic_site
    scoring = _value(interpretation.scoring)
    score = None
    if site is not None:
        score = site.z_score if scoring == "z_score" else site.t_score
    return {
        "needs_review": "true" if interpretation.needs_review else "false",
        "review_reasons": ";".join(dict.fromkeys(r.code for r in interpretation.review_reasons)),
        "discrepancies": ";".join(dict.fromkeys(d.code for d in interpretation.discrepancies)),
        "vendor": report.source.vendor or "",
        "exam_date": report.exam.date.isoformat() if report.exam.date else "",
        "classification": _value(interpretation.classification),
        "lowest_site": site_code(site.site, site.side, site.region) if site is not None else "",
        "lowest_score": _text(score),
        "scoring": scoring,
        "risk": _value(interpretation.risk_category),
        "treatment_decision": _value(interpretation.treatment_decision),
    }


def measurement_rows(report) -> tuple[dict[str, str], ...]:
    """One row per measured site for measurements.csv."""
    return tuple(
        {
            "site": _value(m.site),
            "side": _value(m.side),
            "region": m.region or "",
            "bmd": _text(m.bmd),
            "t_score": _text(m.t_score),
            "z_score": _text(m.z_score),
            "provenance": _value(m.provenance),
        }
        for m in report.measurements
    )


def _value(enum_or_none) -> str:
    if enum_or_none is None:
        return ""
    return str(getattr(enum_or_none, "value", enum_or_none))


def _text(number: float | None) -> str:
    return "" if number is None else f"{number:g}"
