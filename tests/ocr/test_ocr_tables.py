"""The table reader on pages read by OCR: what an engine does to a results table that a
text layer never does (boxes taller than the glyphs, a caption on the header's line, a
vertebra's L read as 1, a figure no report prints) must not lose rows or crash."""

from __future__ import annotations

import pytest
from dxa.parser.document import Page, Word, group_lines
from dxa.parser.ocr.confusions import undo_vertebra_confusions
from dxa.parser.vendors import lunar
from dxa.parser.vendors.common import parse_percent
from dxa.parser.vendors.table import find_tables

# (text, x0, x1): a GE Lunar spine table as RapidOCR boxes it, 10 pt boxes on 7.5 pt rows.
HEADER = [
    [("BMD", 384, 398), ("YA", 429, 436), ("AM", 465, 471)],
    [
        ("COMMENTS:", 168, 202),
        ("Region", 323, 343),
        ("(g/cm²)", 377, 399),
        ("T-score", 415, 436),
        ("Z-score", 453, 473),
    ],
]
ROWS = [
    [("L1", 324, 330), ("1.127", 384, 399), ("-0.1", 427, 435), ("0.9", 465, 472)],
    [("12", 324, 330), ("1.162", 384, 399), ("-0.4", 427, 435), ("0.6", 466, 473)],
    [("L1-L4", 323, 338), ("1.285", 384, 398), ("0.7", 427, 436), ("1.8", 466, 473)],
]


def ocr_page(lines: list[list[tuple[str, float, float]]], top: float, pitch: float) -> Page:
    words = tuple(
        Word(text, x0, x1, top + index * pitch, top + index * pitch + 10.0)
        for index, line in enumerate(lines)
        for text, x0, x1 in line
    )
    return Page(1, 720, 720, words, group_lines(words), image_share=1.0, ocr=True)


def test_a_table_is_found_beside_a_caption_and_its_first_row_under_tall_boxes() -> None:
    page = ocr_page(HEADER + ROWS, 332.0, 7.5)
    (table,) = find_tables(page, lunar.LABEL_HEADER)
    assert [row.label for row in table.rows] == ["L1", "L2", "L1-L4"]
    assert table.rows[0].cells == {"bmd": "1.127", "t_score": "-0.1", "z_score": "0.9"}


@pytest.mark.parametrize(
    ("label", "expected"),
    [("12", "L2"), ("l2", "L2"), ("Ll", "L1"), ("11-L4", "L1-L4"), ("L|", "L1")],
)
def test_a_misread_vertebra_label_names_its_vertebrae(label: str, expected: str) -> None:
    assert undo_vertebra_confusions(label) == expected


@pytest.mark.parametrize("label", ["L2", "L1-L4", "T12", "112", "1.2", "16", "Neck", "1/3"])
def test_other_labels_are_not_vertebra_misreadings(label: str) -> None:
    assert undo_vertebra_confusions(label) is None


def test_a_percent_no_report_prints_is_not_read() -> None:
    assert parse_percent("828") is None
    assert parse_percent("88") == 88


def test_a_row_split_by_uneven_boxes_stays_one_line() -> None:
    from dxa.parser.ocr.pages import ocr_lines

    # Norland's two-line label: "Fem" boxed higher than the figures beside it.
    words = (
        Word("Fem", 165, 175, 526.0, 536.0),
        Word("0.9352", 197, 215, 526.5, 536.5),
        Word("5.190", 261, 276, 529.2, 538.4),
        Word("-1.38", 339, 354, 529.2, 538.4),
        Word("Neck", 166, 180, 533.2, 543.2),
    )
    lines = ocr_lines(words)
    assert [w.text for w in lines[0].words] == ["Fem", "0.9352", "5.190", "-1.38"]


def test_marks_misread_under_unread_columns_do_not_end_an_ocr_table() -> None:
    header = [
        [("Region", 323, 343), ("BMD", 384, 398), ("T-score", 415, 436), ("Change", 480, 505)]
    ]
    rows = [
        [("L1", 324, 330), ("1.127", 384, 399), ("-0.1", 427, 435), ("加", 485, 500)],
        [("L2", 324, 330), ("1.162", 384, 399), ("-0.4", 427, 435), ("Aa", 485, 500)],
    ]
    (table,) = find_tables(ocr_page(header + rows, 300.0, 12.0), lunar.LABEL_HEADER)
    assert [row.label for row in table.rows] == ["L1", "L2"]


def test_a_label_reads_left_to_right_though_its_boxes_start_at_different_heights() -> None:
    header = [[("Region", 323, 343), ("BMD", 384, 398)]]
    page = ocr_page(header, 300.0, 12.0)
    words = page.words + (
        Word("Both", 323, 337, 313.5, 323.5),
        Word("33%", 339, 350, 312.0, 322.0),
        Word("0.848", 384, 399, 312.5, 322.5),
    )
    page = Page(1, 720, 720, words, group_lines(words), image_share=1.0, ocr=True)
    (table,) = find_tables(page, lunar.LABEL_HEADER)
    assert table.rows[0].label == "Both 33%"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Ragion", "Region"), ("T-Scare", "T-Score"), ("Region", "Region"), ("Regions", "Regions")],
)
def test_a_header_word_misread_by_one_letter_is_the_header_word(word: str, expected: str) -> None:
    from dxa.parser.ocr.confusions import undo_header_confusions

    assert undo_header_confusions(word) == expected


def test_a_table_is_found_beside_a_pictures_labels_on_its_header_line() -> None:
    header = [
        [
            ("Ulna", 157, 172),
            ("33%", 174, 184),
            ("Radius", 271, 292),
            ("33%", 292, 304),
            ("BMD", 387, 402),
            ("YA", 438, 444),
            ("AM", 474, 485),
        ],
        [("Region", 321, 340), ("(g/cm²)", 379, 402), ("T-score", 422, 444), ("Z-score", 464, 486)],
    ]
    rows = [[("Radius", 319, 338), ("UD", 341, 348), ("0.437", 387, 402), ("-0.6", 434, 446)]]
    (table,) = find_tables(ocr_page(header + rows, 374.0, 9.0), lunar.LABEL_HEADER)
    assert table.rows[0].cells == {"bmd": "0.437", "t_score": "-0.6"}


def test_the_region_header_is_its_own_column_however_close_the_next() -> None:
    header = [[("Region", 162, 182), ("BMD", 185, 200), ("T-Score", 339, 355)]]
    rows = [[("Troch", 163, 180), ("0.8357", 197, 215), ("-0.86", 340, 355)]]
    (table,) = find_tables(ocr_page(header + rows, 594.0, 14.0), lunar.LABEL_HEADER)
    assert table.rows[0].cells == {"bmd": "0.8357", "t_score": "-0.86"}


def test_a_line_of_nothing_but_marks_under_unread_columns_is_passed_over() -> None:
    header = [
        [("Region", 323, 343), ("BMD", 384, 398), ("T-score", 415, 436), ("Change", 480, 505)]
    ]
    rows = [
        [("L1", 324, 330), ("1.127", 384, 399), ("-0.1", 427, 435)],
        [("加", 485, 500)],
        [("L2", 324, 330), ("1.162", 384, 399), ("-0.4", 427, 435)],
    ]
    (table,) = find_tables(ocr_page(header + rows, 300.0, 12.0), lunar.LABEL_HEADER)
    assert [row.label for row in table.rows] == ["L1", "L2"]
