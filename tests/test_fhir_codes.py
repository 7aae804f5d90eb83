"""docs/loinc.md and dxa/export/codes.py say the same: every code written has a row and a source."""

from __future__ import annotations

import re
from pathlib import Path

from dxa.export.codes import DXA_LOINC, FRAX_LOINC, REPORT_CATEGORY, REPORT_CODE

DOC = (Path(__file__).resolve().parent.parent / "docs" / "loinc.md").read_text(encoding="utf-8")
ROWS = re.findall(r"^\| ([0-9A-Z]+-[0-9]) \| ([^|]+?) \| ([^|]+?) \|$", DOC, flags=re.MULTILINE)
SOURCE_KEYS = set(re.findall(r"^- \*\*([A-Z])\*\* — ", DOC, flags=re.MULTILINE))


def module_codes() -> dict[str, str]:
    codes = {code: name for code, name in DXA_LOINC.values()}
    codes.update({code: name for code, name in FRAX_LOINC.values()})
    for _, code, name in (REPORT_CODE, REPORT_CATEGORY):
        codes[code] = name
    return codes


def test_the_table_lists_exactly_the_codes_the_export_writes() -> None:
    assert {code: name for code, name, _ in ROWS} == module_codes()
    assert len(ROWS) == len({code for code, _, _ in ROWS})  # no code twice


def test_every_row_names_a_source_that_the_page_describes() -> None:
    assert SOURCE_KEYS
    for code, _, sources in ROWS:
        keys = {key.strip() for key in sources.split(",")}
        assert keys and keys <= SOURCE_KEYS, code


def test_no_two_places_share_a_code() -> None:
    codes = [code for code, _ in DXA_LOINC.values()]
    assert len(codes) == len(set(codes))
