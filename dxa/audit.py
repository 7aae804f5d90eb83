"""`dxa audit`: a department's report-audit table (clinical-rules §10). Every report under a
folder is read and interpreted as `dxa interpret` would (sidecars included); each report's
discrepancies between its own conclusions and the rules are listed, then the totals: reports
read, reports with discrepancies, counts by code.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dxa.batch import find_reports
from dxa.cliutil import failure_reason

AUDIT_COLUMNS = (
    "file",
    "status",
    "error",
    "stated_classification",
    "classification",
    "discrepancy_count",
    "discrepancies",
    "details",
)


@dataclass(frozen=True)
class AuditRow:
    """One report's line: its stated and computed class and its discrepancies."""

    file: str
    status: str  # "read" or "failed"
    error: str = ""
    stated_classification: str = ""
    classification: str = ""
    codes: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()

    def record(self) -> dict[str, str]:
        return {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            "stated_classification": self.stated_classification,
            "classification": self.classification,
            "discrepancy_count": str(len(self.codes)) if self.status == "read" else "",
            "discrepancies": ";".join(self.codes),
            "details": " | ".join(self.texts),
        }


@dataclass
class AuditTotals:
    reports: int = 0
    read: int = 0
    failed: int = 0
    with_discrepancies: int = 0
    by_code: Counter = field(default_factory=Counter)


def audit_report(path: Path, root: Path, clinic) -> AuditRow:
    """Parse and interpret one report; a failure is a row with its plain reason."""
    from dxa.interpret import interpret
    from dxa.interpret.context import sourced_context_for_report
    from dxa.parser import parse

    name = str(path.relative_to(root))
    try:
        report = parse(path, date_order=clinic.date_order)
        given = sourced_context_for_report(path)
        result = interpret(
            report, given.context, site_lsc=clinic.interpretation.lsc, context_sources=given.sources
        )
    except Exception as error:  # one plain sentence per failed report; the audit goes on
        return AuditRow(file=name, status="failed", error=failure_reason(error))
    stated = report.stated.classification if report.stated else None
    return AuditRow(
        file=name,
        status="read",
        stated_classification=stated or "",
        classification=result.classification.value,
        codes=tuple(d.code for d in result.discrepancies),
        texts=tuple(d.text for d in result.discrepancies),
    )


def run_audit(input_dir: Path, clinic) -> tuple[list[AuditRow], AuditTotals]:
    rows = [audit_report(path, input_dir, clinic) for path in find_reports(input_dir)]
    return rows, totals_of(rows)


def totals_of(rows: list[AuditRow]) -> AuditTotals:
    totals = AuditTotals(reports=len(rows))
    for row in rows:
        if row.status == "failed":
            totals.failed += 1
            continue
        totals.read += 1
        totals.with_discrepancies += bool(row.codes)
        totals.by_code.update(row.codes)
    return totals


def audit_csv(rows: list[AuditRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=AUDIT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.record() for row in rows)
    return buffer.getvalue().encode("utf-8")
