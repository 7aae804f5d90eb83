"""Vendor layouts: the position-aware table reader, header fields, and per-vendor rules."""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path

import pytest
from dxa.parser.api import parse
from dxa.parser.document import Document, Page, Word, group_lines
from dxa.parser.errors import NoResultsFound
from dxa.parser.model import VALUE_NAMES, Measurement, Source, ValueKind
from dxa.parser.vendors import extract_document, hologic
from dxa.parser.vendors.columns import PERCENT_KEYS, VALUE_KEYS, phrases
from dxa.parser.vendors.common import (
    labelled_values,
    parse_height_cm,
    parse_vendor_date,
    parse_weight_kg,
)
from dxa.parser.vendors.table import find_tables

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdf"
REGION = re.compile(r"^region", re.IGNORECASE)
SIZE = 8.0


def word(text: str, x0: float, baseline: float, size: float = SIZE) -> Word:
    """A word as pdfplumber reports it: 0.5 of the size per character wide."""
    return Word(text, x0, x0 + 0.5 * size * len(text), baseline - size, baseline)


def page_of(words: list[Word]) -> Page:
    return Page(1, 612, 792, tuple(words), group_lines(words))


def comparable(path: Path) -> dict:
    record = parse(path).to_json_dict()
    record.pop("source")
    return record


def test_glyph_by_glyph_and_shuffled_drawing_give_the_same_record() -> None:
    plain = comparable(SAMPLES / "hologic_left_hip_frax.pdf")
    assert plain["measurements"], "the plain sample must have results"
    assert comparable(SAMPLES / "hologic_left_hip_frax_glyphs.pdf") == plain
    assert comparable(SAMPLES / "hologic_left_hip_frax_shuffled.pdf") == plain
    assert comparable(SAMPLES / "hologic_left_hip_frax_glyphs_no_spaces.pdf") == plain


def lunar_style_table(extra: list[Word]) -> Page:
    """A two-line header with spanning group headers, three rows, plus `extra` words."""
    words = [
        word("BMD", 100, 100),
        word("Young-Adult", 150, 100),
        word("Age-Matched", 240, 100),
        word("Region", 20, 110),
        word("(g/cm²)", 96, 110),
        word("(%)", 150, 110),
        word("T-Score", 185, 110),
        word("(%)", 240, 110),
        word("Z-Score", 275, 110),
        word("L1", 20, 124),
        word("0.993", 100, 124),
        word("88", 152, 124),
        word("-1.1", 190, 124),
        word("91", 242, 124),
        word("-0.8", 280, 124),
        word("L2", 20, 135),
        word("1.083", 100, 135),
        word("-", 152, 135),
        word("-", 190, 135),
        word("94", 242, 135),
        word("-0.6", 280, 135),
        word("L1-L4", 20, 146),
        word("1.046", 100, 146),
        word("89", 152, 146),
        word("-1.0", 190, 146),
        word("95", 242, 146),
        word("-0.5", 280, 146),
    ]
    return page_of(words + extra)


def test_spanning_headers_key_the_columns_under_them() -> None:
    (table,) = find_tables(lunar_style_table([]), REGION)
    keys = [column.key for column in table.columns]
    assert keys == [
        "label",
        "bmd",
        "young_adult_percent",
        "t_score",
        "age_matched_percent",
        "z_score",
    ]
    assert [row.label for row in table.rows] == ["L1", "L2", "L1-L4"]
    assert table.rows[0].cells == {
        "bmd": "0.993",
        "young_adult_percent": "88",
        "t_score": "-1.1",
        "age_matched_percent": "91",
        "z_score": "-0.8",
    }


def test_chart_axis_beside_the_table_and_footnote_below_never_become_cells() -> None:
    axis = [word(tick, 380, 100 + 11 * i) for i, tick in enumerate(["1.285", "1.205", "1.125"])]
    axis += [word("2", 470, 124), word("-1", 470, 135)]
    footnote = [
        word("Normal", 20, 160),
        word("=", 50, 160),
        word("T-score", 60, 160),
        word("at", 95, 160),
        word("or", 106, 160),
        word("above", 117, 160),
        word("-1.0", 145, 160),
    ]
    (table,) = find_tables(lunar_style_table(axis + footnote), REGION)
    plain = find_tables(lunar_style_table([]), REGION)[0]
    assert table.rows == plain.rows


def test_empty_cells_stay_empty() -> None:
    (table,) = find_tables(lunar_style_table([]), REGION)
    assert table.rows[1].cells["young_adult_percent"] == "-"
    words = [w for w in lunar_style_table([]).words if (w.text, w.x0) != ("-1.1", 190)]
    (without_t,) = find_tables(page_of(words), REGION)
    assert "t_score" not in without_t.rows[0].cells


def test_wrapped_row_labels_join_the_values_between_them() -> None:
    words = [
        word("Region", 20, 100),
        word("BMD", 100, 100),
        word("T-Score", 160, 100),
        word("Fem", 20, 116),
        word("0.9352", 100, 120),
        word("-1.38", 160, 120),
        word("Neck", 20, 124),
        word("Troch", 20, 138),
        word("0.8086", 100, 138),
        word("-1.10", 160, 138),
    ]
    (table,) = find_tables(page_of(words), REGION)
    assert [(row.label, row.cells["t_score"]) for row in table.rows] == [
        ("Fem Neck", "-1.38"),
        ("Troch", "-1.10"),
    ]


def test_labelled_values_split_at_the_next_known_label() -> None:
    lines = ["Birth Date: 04/02/1942 Age: 76.7 years", "Patient ID: GL-1   ID: A0415"]
    values = labelled_values(lines, ["Birth Date", "Age", "Patient ID", "ID"])
    assert values == {
        "Birth Date": "04/02/1942",
        "Age": "76.7 years",
        "Patient ID": "GL-1",
        "ID": "A0415",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("December 04, 2019 12:57", dt.date(2019, 12, 4)),
        ("Dec 4, 2019", dt.date(2019, 12, 4)),
        ("01/14/2019 3:19:17 PM (16 [SP 2])", dt.date(2019, 1, 14)),
        ("2/4/2008 8:42:05 AM", dt.date(2008, 2, 4)),
        ("2024-04-15", dt.date(2024, 4, 15)),
        ("13/45/2019", None),
    ],
)
def test_dates_as_vendors_print_them(text: str, expected: dt.date | None) -> None:
    assert parse_vendor_date(text) == expected


def test_imperial_height_and_weight_become_metric() -> None:
    assert parse_height_cm("5'1\"") == 154.9
    assert parse_height_cm("171.5 cm") == 171.5
    assert parse_weight_kg("110", pounds_by_default=True) == 49.9
    assert parse_weight_kg("110 lbs", pounds_by_default=False) == 49.9
    assert parse_weight_kg("62.0 kg", pounds_by_default=True) == 62.0


def test_dual_hip_keeps_left_right_mean_and_drops_difference_rows() -> None:
    report = parse(SAMPLES / "hologic_dual_hip.pdf")
    pairs = [(m.site.value, m.side.value) for m in report.measurements]
    assert pairs == [
        ("femoral_neck", "left"),
        ("femoral_neck", "right"),
        ("femoral_neck", "mean"),
        ("total_hip", "left"),
        ("total_hip", "right"),
        ("total_hip", "mean"),
    ]


def test_lunar_trend_leaves_out_the_current_exam_and_keeps_the_printed_lsc() -> None:
    report = parse(SAMPLES / "lunar_spine_trend.pdf")
    assert report.exam.date not in {p.date for p in report.previous}
    assert [p.date for p in report.previous] == [dt.date(2017, 1, 10), dt.date(2015, 1, 6)]
    assert [(lsc.site.value, lsc.region, lsc.value) for lsc in report.lsc] == [
        ("lumbar_spine", "L1-L4", 0.028)
    ]


def test_norland_standardized_bmd_is_not_a_bmd() -> None:
    report = parse(SAMPLES / "norland_dual_hip_imperial.pdf")
    totals = [m for m in report.measurements if m.site.value == "total_hip"]
    assert [(m.side.value, m.bmd, m.t_score) for m in totals] == [
        ("right", None, -1.09),
        ("left", None, -1.0),
    ]


def test_a_vendor_page_without_a_results_table_has_no_results() -> None:
    """Falls back to free text, which finds no results in a heading alone."""
    words = [word("DXA", 20, 100), word("Results", 45, 100), word("Summary:", 80, 100)]
    document = Document((page_of(words),))
    with pytest.raises(NoResultsFound):
        extract_document(document, Source(path="x.pdf", format="pdf"))


def text_page(lines: list[str]) -> Page:
    words = []
    for index, line in enumerate(lines):
        x = 20.0
        for text in line.split():
            words.append(word(text, x, 100 + 14 * index))
            x += 0.5 * SIZE * len(text) + 3
    return page_of(words)


def test_a_print_that_only_names_a_vendor_is_read_as_free_text() -> None:
    page = text_page(
        [
            "Bone densitometry performed on a Hologic Horizon A scanner.",
            "Lumbar spine L1-L4: BMD 0.930 g/cm2, T-score -1.1.",
        ]
    )
    report = extract_document(Document((page,)), Source(path="x.pdf", format="pdf"))
    assert report.source.vendor is None
    assert [(m.site.value, m.region, m.bmd, m.t_score) for m in report.measurements] == [
        ("lumbar_spine", "L1-L4", 0.93, -1.1)
    ]


def test_hologic_radius_and_ulna_forearm_rows_name_both_bones() -> None:
    words = [
        word("Scan", 20, 60),
        word("Type:", 45, 60),
        word("a", 75, 60),
        word("L.", 85, 60),
        word("Forearm", 97, 60),
        word("Radius", 20, 100),
        word("+", 48, 100),
        word("BMD", 100, 100),
        word("Z", 160, 100),
        word("-", 167, 100),
        word("Ulna", 20, 110),
        word("(g/cm²)", 96, 110),
        word("score", 160, 110),
        word("1/3", 20, 126),
        word("0.673", 100, 126),
        word("0.1", 165, 126),
        word("MID", 20, 140),
        word("0.559", 100, 140),
        word("-0.3", 165, 140),
        word("Total", 20, 154),
        word("0.533", 100, 154),
        word("-0.3", 165, 154),
    ]
    report = hologic.extract(Document((page_of(words),)), Source(path="x.pdf", format="pdf"))
    assert [(m.site.value, m.side.value, m.bmd) for m in report.measurements] == [
        ("radius_ulna_33", "left", 0.673),
        ("radius_ulna_total", "left", 0.533),
    ]
    # "MID" names no contract site for both bones together: held for review, quoted.
    assert [(r.code, "'MID 0.559 -0.3'" in r.text) for r in report.review_reasons] == [
        ("unread_row", True)
    ]


def test_equal_header_words_over_two_tight_columns_stay_apart() -> None:
    """v16 prints "YA" over both "(%)" and "T-score": equal words are not a monospace hint."""
    top, bottom = 92.0, 100.0
    words = [Word("YA", 100, 110, top, bottom), Word("YA", 114.2, 124.2, top, bottom)]
    line = group_lines(words)[0]
    assert [p.text for p in phrases(line, 8.0)] == ["YA", "YA"]


def test_value_kinds_have_one_spelling_the_measurement_field_names():
    """A vendor column key, a value kind and a Measurement field are one name: a table key
    spelled otherwise would fill no field, and its cells would be lost without a reason."""
    assert set(VALUE_NAMES) == set(typing.get_args(ValueKind))
    assert set(VALUE_NAMES) <= set(Measurement.model_fields)
    assert set(VALUE_KEYS) | set(PERCENT_KEYS) == set(VALUE_NAMES)
