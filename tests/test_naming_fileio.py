"""Output names cannot escape the output folder; atomic writes leave no partial file."""

from __future__ import annotations

from pathlib import Path

import pytest
from dxa.parser.model import Patient, Report, Source
from hypothesis import given, settings
from hypothesis import strategies as st

from dxa.fileio import write_atomic
from dxa.naming import report_stem, safe_part


def make_report(patient_id: str | None) -> Report:
    return Report(
        source=Source(path="x.txt", format="text", sha256="ab" * 32), patient=Patient(id=patient_id)
    )


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_stem_is_a_plain_file_name_whatever_the_id(patient_id: str) -> None:
    stem = report_stem(make_report(patient_id))
    assert "/" not in stem and "\\" not in stem and ".." not in stem
    assert stem == stem.strip() and stem.isascii() and len(stem) <= 60


def test_traversal_in_id_stays_inside_out(tmp_path: Path) -> None:
    stem = report_stem(make_report("../../etc/x"))
    assert (tmp_path / stem).resolve().parent == tmp_path.resolve()
    assert stem.startswith("etc-x_nodate_abababab")


def test_missing_id_gets_a_fallback() -> None:
    assert safe_part(None, "noid") == "noid"
    assert safe_part("...", "noid") == "noid"


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
