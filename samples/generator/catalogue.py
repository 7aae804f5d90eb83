"""Read catalogue.yaml and turn each entry into its drawn pages and its expected record.

The catalogue names invented patients, row tables and samples; each sample's pages name a
painter (one module per vendor) and the table its rows come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from dxa.parser.model import Exam, Report

from . import hologic, lunar, norland, ris
from .data import Person, Row
from .expected import report_for
from .kit import Pen

CATALOGUE = Path(__file__).with_name("catalogue.yaml")
PAINTERS = hologic.PAINTERS | lunar.PAINTERS | norland.PAINTERS | ris.PAINTERS
MEANING = ("site", "side", "region")


@dataclass(frozen=True)
class Sample:
    name: str
    pages: list[Pen]
    report: Report


def table_rows(table: dict) -> list[Row]:
    """Rows of a table: cells named by `columns`, merged over `every_row`; `{group: X}` is a
    label-only row."""
    rows = []
    for cells in table["rows"]:
        if isinstance(cells, dict):
            rows.append(Row(cells["group"], {}, group=True))
            continue
        named = table.get("every_row", {}) | dict(zip(table["columns"], cells, strict=True))
        label = named.pop("label")
        meaning = {key: named.pop(key) for key in MEANING if key in named}
        rows.append(Row(label, named, **meaning))
    return rows


def with_rows(spec: dict, tables: dict[str, list[Row]]) -> dict:
    """The page spec with each `rows: NAME` (also inside its scans) replaced by that table."""
    spec = dict(spec)
    if "rows" in spec:
        spec["rows"] = tables[spec["rows"]]
    if "scans" in spec:
        spec["scans"] = [with_rows(scan, tables) for scan in spec["scans"]]
    return spec


def sample(entry: dict, people: dict[str, Person], tables: dict[str, list[Row]]) -> Sample:
    person = people[entry["patient"]]
    exam = Exam(**entry["exam"])
    pens, printed = [], []
    for page in entry["pages"]:
        spec = with_rows(page, tables)
        pen = Pen(**spec.pop("pen", {}))
        printed.append(PAINTERS[spec.pop("painter")](spec, person, exam, pen))
        pens.append(pen)
    report = report_for(
        entry["name"], entry["vendor"], person, exam, printed, entry.get("unprinted", [])
    )
    return Sample(entry["name"], pens, report)


def all_samples(path: Path = CATALOGUE) -> list[Sample]:
    catalogue = yaml.safe_load(path.read_text(encoding="utf-8"))
    people = {key: Person(**fields) for key, fields in catalogue["patients"].items()}
    tables = {name: table_rows(table) for name, table in catalogue["tables"].items()}
    return [sample(entry, people, tables) for entry in catalogue["samples"]]
