"""Every (v2) row of clinical-rules.md, table-driven: tests/rules/v2_rows.yaml.

Reports are built from compact measurement strings (`site region-or-side t=.. z=.. bmd=..`)
so each row isolates one rule; the expectations name interpretation fields and fragments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from dxa.interpret import interpret
from dxa.interpret.model import ClinicalContext
from dxa.parser.model import Measurement, Report, Source
from interpretation_checks import check

ROWS = yaml.safe_load((Path(__file__).parent / "rules" / "v2_rows.yaml").read_text("utf-8"))
SIDES = {"left", "right", "mean"}


def measurement(text: str) -> Measurement:
    """'femoral_neck left t=-1.8 z=-0.4 bmd=0.700' -> a Measurement."""
    site, *rest = text.split()
    fields: dict[str, Any] = {"site": site}
    for part in rest:
        key, eq, value = part.partition("=")
        if eq:
            fields[{"t": "t_score", "z": "z_score", "bmd": "bmd"}[key]] = float(value)
        elif part in SIDES:
            fields["side"] = part
        else:
            fields["region"] = part
    return Measurement(**fields)


def build_report(spec: dict[str, Any]) -> Report:
    spec = dict(spec)
    vendor = spec.pop("vendor", None)
    measurements = [measurement(m) for m in spec.pop("measurements")]
    return Report(
        source=Source(path="t.txt", format="pdf" if vendor else "text", vendor=vendor),
        measurements=measurements,
        **spec,
    )


def test_rows_have_unique_ids_and_a_rule() -> None:
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    assert all(row.get("rule") and row.get("expect") for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_v2_row(row: dict[str, Any]) -> None:
    result = interpret(build_report(row["report"]), ClinicalContext(**row["context"]))
    check(result, row["expect"])
