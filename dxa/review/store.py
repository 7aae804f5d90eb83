"""What `dxa review` knows of an output folder: its report folders, found by the server.

A client names a report only by an opaque id (the start of its content hash, no patient
data); the id is looked up in the index built here, so no path from a request ever reaches
the file system. Everything read is under OUT_DIR.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dxa.ledger import FAILED, LEDGER_NAME, Ledger
from dxa.pipeline import APPROVALS_SUFFIX, OLD_PREFIX, TEMP_PREFIX

ID_LENGTH = 16
NEEDS_REVIEW, APPROVED, FINAL = "needs_review", "approved", "final"
# The queue's order: held reports first (contract statuses).
STATUS_ORDER = (NEEDS_REVIEW, APPROVED, FINAL, FAILED)
RECORD_SUFFIX = "_record.json"
SOURCE_SUFFIXES = (".pdf", ".txt")


@dataclass(frozen=True)
class Item:
    """One report of the queue: its folder (None for a failed file) and what the list shows."""

    id: str
    status: str
    folder: Path | None
    stem: str
    patient_id: str | None
    patient_name: str | None  # shown on the queue page; not in the API's list
    exam_date: str | None
    review_reasons: tuple[dict[str, str], ...]
    modified: float

    def summary(self) -> dict[str, Any]:
        """The contract's list entry."""
        return {
            "id": self.id,
            "status": self.status,
            "review_reasons": list(self.review_reasons),
            "patient_id": self.patient_id,
            "exam_date": self.exam_date,
        }

    def path(self, suffix: str) -> Path:
        """A file of this report's folder, by the fixed suffix the pipeline gives it."""
        if self.folder is None:
            raise LookupError("a failed report has no folder")
        return self.folder / f"{self.stem}{suffix}"

    def source_file(self) -> Path | None:
        """The copy of the source the pipeline kept for review, if any."""
        for suffix in SOURCE_SUFFIXES:
            candidate = self.path(f"_source{suffix}")
            if candidate.is_file():
                return candidate
        return None


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def scan(out_dir: Path) -> list[Item]:
    """Every report folder under `out_dir` (and failed files from the ledger), queue order."""
    items = [item for folder in _report_folders(out_dir) if (item := _item(folder))]
    seen = {item.id for item in items}
    items.extend(item for item in _failed(out_dir) if item.id not in seen)
    return sorted(items, key=lambda i: (STATUS_ORDER.index(i.status), -i.modified, i.id))


def find(out_dir: Path, report_id: str) -> Item | None:
    """One report by id, reading only the folders whose name ends in its hash (the stem's
    last part is the hash's first 8 characters); a failed file is looked up in the ledger."""
    for folder in _report_folders(out_dir, suffix=f"_{report_id[:8]}"):
        item = _item(folder)
        if item is not None and item.id == report_id:
            return item
    return next((item for item in _failed(out_dir) if item.id == report_id), None)


def _report_folders(out_dir: Path, suffix: str = "") -> list[Path]:
    """Folders holding a record; the pipeline's half-built and retired folders are skipped."""
    if not out_dir.is_dir():
        return []
    return [
        path
        for path in out_dir.iterdir()
        if path.name.endswith(suffix)
        and path.is_dir()
        and not path.name.startswith((TEMP_PREFIX, OLD_PREFIX, "."))
        and (path / f"{path.name}{RECORD_SUFFIX}").is_file()
    ]


def _item(folder: Path) -> Item | None:
    stem = folder.name
    try:
        record = read_json(folder / f"{stem}{RECORD_SUFFIX}")
        interpretation = read_json(folder / f"{stem}_interpretation.json")
    except (OSError, ValueError):
        return None
    sha = (record.get("source") or {}).get("sha256") or ""
    if not sha:
        return None
    status = _status(folder, stem, interpretation)
    reasons = interpretation.get("review_reasons") or []
    if status == APPROVED:
        reasons = approvals(folder, stem)[-1].get("resolved_reasons", [])
    return Item(
        id=sha[:ID_LENGTH],
        status=status,
        folder=folder,
        stem=stem,
        patient_id=(record.get("patient") or {}).get("id"),
        patient_name=(record.get("patient") or {}).get("name"),
        exam_date=(record.get("exam") or {}).get("date"),
        review_reasons=tuple(reasons),
        modified=(folder / f"{stem}{RECORD_SUFFIX}").stat().st_mtime,
    )


def _status(folder: Path, stem: str, interpretation: dict[str, Any]) -> str:
    if (folder / f"{stem}{APPROVALS_SUFFIX}").is_file():
        return APPROVED
    return NEEDS_REVIEW if interpretation.get("needs_review") else FINAL


def approvals(folder: Path, stem: str) -> list[dict[str, Any]]:
    """The folder's own audit file: every approval of this report, oldest first."""
    path = folder / f"{stem}{APPROVALS_SUFFIX}"
    return read_json(path) if path.is_file() else []


def _failed(out_dir: Path) -> list[Item]:
    """Files the ledger records as failed: listed, so nothing dropped goes unseen."""
    if not (out_dir / LEDGER_NAME).is_file():
        return []
    with Ledger(out_dir) as ledger:
        entries = [entry for entry in ledger.entries() if entry.status == FAILED]
    return [
        Item(
            id=entry.sha256[:ID_LENGTH],
            status=FAILED,
            folder=None,
            stem="",
            patient_id=None,
            patient_name=None,
            exam_date=None,
            review_reasons=(),
            modified=0.0,
        )
        for entry in entries
    ]


def counts(items: list[Item]) -> dict[str, int]:
    return {status: sum(1 for i in items if i.status == status) for status in STATUS_ORDER}
