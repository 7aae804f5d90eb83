"""A clinician's corrections applied to a held report: the recomputed interpretation, and
on approval the final letters, written through the pipeline's one `render_letters`.

Approval publishes the whole folder again (the pipeline's atomic swap): the corrected
record, its interpretation, both letters, the as-read record kept beside them, and the
folder's audit file with who approved, when and what changed; the ledger records it too.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dxa.export.fhir import bundle_json
from dxa.interpret import interpret, prepare
from dxa.interpret.context import (
    ContextError,
    context_from_mapping,
    describe_validation_error,
    keys_set,
)
from dxa.interpret.model import ClinicalContext, Interpretation
from dxa.ledger import Ledger
from dxa.letters import Format
from dxa.parser.limits import REVIEW_MAX_MEASUREMENTS, REVIEW_MAX_REVIEWER_CHARS
from dxa.parser.model import Measurement, Report
from dxa.pipeline import publish_folder, render_letters
from dxa.review.store import APPROVALS_SUFFIX, RECORD_SUFFIX, Item, approvals, read_json

AS_READ_SUFFIX = "_record.as-read.json"


class CorrectionError(ValueError):
    """A correction that cannot be used; the message is one plain sentence for the page."""


class StillHeld(ValueError):
    """The corrected report still needs a person's input (e.g. the age is unknown)."""

    def __init__(self, reasons: list[dict[str, str]]) -> None:
        super().__init__("; ".join(reason["text"] for reason in reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Corrections:
    """What the clinician sent: whole measurements list and context keys, either optional."""

    measurements: list[dict[str, Any]] | None
    context: dict[str, Any]
    reviewer: str | None


@dataclass(frozen=True)
class Reviewed:
    """A report with the corrections applied, and its interpretation."""

    report: Report
    context: ClinicalContext
    interpretation: Interpretation


def corrections_from(body: Any) -> Corrections:
    """Check the request body's shape; the values are checked by the records themselves."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise CorrectionError("The request body must be a JSON object.")
    unknown = set(body) - {"measurements", "context", "reviewer"}
    if unknown:
        raise CorrectionError(f"Unknown field in the request: {sorted(unknown)[0]}.")
    measurements = body.get("measurements")
    if measurements is not None and (
        not isinstance(measurements, list) or len(measurements) > REVIEW_MAX_MEASUREMENTS
    ):
        raise CorrectionError(
            f"measurements must be a list of at most {REVIEW_MAX_MEASUREMENTS} sites."
        )
    context = body.get("context") or {}
    if not isinstance(context, dict):
        raise CorrectionError("context must be an object of clinical context keys.")
    reviewer = body.get("reviewer")
    if reviewer is not None and (
        not isinstance(reviewer, str) or len(reviewer) > REVIEW_MAX_REVIEWER_CHARS
    ):
        raise CorrectionError(
            f"reviewer must be a name of at most {REVIEW_MAX_REVIEWER_CHARS} characters."
        )
    return Corrections(measurements, context, (reviewer or "").strip() or None)


def as_read(item: Item) -> tuple[Report, ClinicalContext]:
    """The report as the reader first gave it (kept aside after an approval) and its context."""
    original = item.path(AS_READ_SUFFIX)
    record = read_json(original if original.is_file() else item.path(RECORD_SUFFIX))
    context_file = item.path("_context.json")
    context = read_json(context_file) if context_file.is_file() else {}
    return Report.model_validate(record), ClinicalContext.model_validate(context)


def current(item: Item) -> tuple[Report, ClinicalContext]:
    """The report and context as they stand now (corrected, if approved before)."""
    record = Report.model_validate(read_json(item.path(RECORD_SUFFIX)))
    context_file = item.path("_context.json")
    context = read_json(context_file) if context_file.is_file() else {}
    return record, ClinicalContext.model_validate(context)


def apply(item: Item, corrections: Corrections, site_lsc) -> Reviewed:
    """The current report with the corrections, the reader's doubts resolved by the person,
    and the interpretation the rules give it."""
    report, context = current(item)
    measurements = report.measurements
    if corrections.measurements is not None:
        measurements = [_measurement(i, m) for i, m in enumerate(corrections.measurements)]
    reviewed = report.model_copy(
        update={"measurements": measurements, "review_reasons": [], "needs_review": False}
    )
    reviewed = Report.model_validate(reviewed.model_dump())
    merged = {**context.model_dump(mode="json", exclude_none=True), **corrections.context}
    merged = {key: value for key, value in merged.items() if value not in (None, "")}
    try:
        new_context = context_from_mapping(merged, "context")
    except ContextError as error:
        raise CorrectionError(str(error)) from None
    # The person approving has read the report's discrepancies (shown first in the letter):
    # they no longer hold it, but stay listed.
    interpretation = interpret(
        reviewed,
        new_context,
        site_lsc=site_lsc,
        context_sources={
            key: "review" if key.split(".")[0] in corrections.context else "context"
            for key in keys_set(new_context)
        },
        hold_on_discrepancies=False,
    )
    return Reviewed(prepare(reviewed), new_context, interpretation)


def _measurement(index: int, data: Any) -> Measurement:
    try:
        return Measurement.model_validate(data)
    except ValidationError as error:
        raise CorrectionError(
            describe_validation_error(error, f"measurement {index + 1}")
        ) from None


def preview_letters(item: Item, reviewed: Reviewed, clinic) -> dict[str, str]:
    """Both letters as HTML, as approval would write them (DRAFT while still held)."""
    audiences = ("physician",) if reviewed.interpretation.needs_review else ("patient", "physician")
    letters = render_letters(
        item.stem,
        reviewed.report,
        reviewed.interpretation,
        clinic,
        ("html",),
        audiences,
    )
    return {name.rsplit("_", 1)[1].split(".")[0]: data.decode() for name, data in letters.items()}


def letter_formats(item: Item) -> tuple[Format, ...]:
    """The formats the pipeline wrote this report's letters in; PDF when none is found."""
    found = tuple(fmt for fmt in ("pdf", "html") if item.path(f"_physician.{fmt}").is_file())
    return found or ("pdf",)


def approve(
    item: Item, corrections: Corrections, clinic, out_dir: Path, who: str | None = None
) -> dict[str, Any]:
    """Write the final letters and the audit of this approval; returns the audit entry."""
    reviewed = apply(item, corrections, clinic.interpretation.lsc)
    if reviewed.interpretation.needs_review:
        raise StillHeld([r.model_dump() for r in reviewed.interpretation.review_reasons])
    first_report, _ = as_read(item)
    before_report, before_context = current(item)
    entry = {
        "reviewer": corrections.reviewer or who or f"{getpass.getuser()} (server user)",
        "approved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "resolved_reasons": [r.model_dump() for r in _held_reasons(item)],
        "changes": changes(before_report, before_context, reviewed.report, reviewed.context),
    }
    outputs = _existing_files(item)
    outputs[f"{item.stem}{AS_READ_SUFFIX}"] = _json_bytes(first_report.to_json_dict())
    outputs[f"{item.stem}{RECORD_SUFFIX}"] = _json_bytes(reviewed.report.to_json_dict())
    outputs[f"{item.stem}_interpretation.json"] = _json_bytes(
        reviewed.interpretation.to_json_dict()
    )
    outputs[f"{item.stem}_context.json"] = _json_bytes(
        reviewed.context.model_dump(mode="json", exclude_none=True)
    )
    # The approved report is final in the EHR too: its Bundle is written again, `final`.
    outputs[f"{item.stem}_fhir.json"] = _json_bytes(
        bundle_json(reviewed.report, reviewed.interpretation)
    )
    outputs[f"{item.stem}{APPROVALS_SUFFIX}"] = _json_bytes(
        [*approvals(item.folder, item.stem), entry]
    )
    outputs.update(
        render_letters(
            item.stem,
            reviewed.report,
            reviewed.interpretation,
            clinic,
            letter_formats(item),
        )
    )
    publish_folder(item.folder, outputs)
    with Ledger(out_dir) as ledger:
        ledger.record_approval(reviewed.report.source.sha256 or "", item.folder.name, entry)
    return {**entry, "files": sorted(outputs)}


def _held_reasons(item: Item):
    """The reasons the report was held for, which this approval resolves."""
    interpretation = read_json(item.path("_interpretation.json"))
    return Interpretation.model_validate(interpretation).review_reasons


def _existing_files(item: Item) -> dict[str, bytes]:
    """Everything already in the folder is carried over (nothing is lost in the swap)."""
    return {path.name: path.read_bytes() for path in item.folder.iterdir() if path.is_file()}


def changes(
    report: Report, context: ClinicalContext, new_report: Report, new_context: ClinicalContext
) -> list[dict[str, Any]]:
    """What the person changed: one entry per measurement value or context key."""
    found: list[dict[str, Any]] = []
    old_rows = [m.model_dump(mode="json") for m in report.measurements]
    new_rows = [m.model_dump(mode="json") for m in new_report.measurements]
    for index in range(max(len(old_rows), len(new_rows))):
        old = old_rows[index] if index < len(old_rows) else None
        new = new_rows[index] if index < len(new_rows) else None
        if old is None or new is None:
            found.append({"field": f"measurements[{index}]", "from": old, "to": new})
            continue
        for key in new:
            if key in {"provenance", "reference"}:  # recomputed, not edited
                continue
            if old.get(key) != new[key]:
                found.append(
                    {"field": f"measurements[{index}].{key}", "from": old.get(key), "to": new[key]}
                )
    old_context = context.model_dump(mode="json", exclude_none=True)
    new_context_dict = new_context.model_dump(mode="json", exclude_none=True)
    for key in sorted(set(old_context) | set(new_context_dict)):
        if old_context.get(key) != new_context_dict.get(key):
            found.append(
                {
                    "field": f"context.{key}",
                    "from": old_context.get(key),
                    "to": new_context_dict.get(key),
                }
            )
    return found


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
