"""The vendor readers' self-check: a printed result that was not read becomes a review reason.

Pages are drawn with the test kit (pdfkit, variant_layouts; invented values); each test states
what it drew wrong and checks the reason and what was still read. The golden samples
(test_golden) carry no reasons, so a clean page, its difference rows, chart axes and
footnotes are covered there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dxa.parser.api import parse
from dxa.parser.model import Measurement, Site
from dxa.parser.vendors.selfcheck import merge_repeats
from pdfkit import LETTER, SQUARE, Col, Sheet, Style, draw_table
from variant_layouts import (
    HOLOGIC_COLUMNS,
    found,
    hologic_header,
    hologic_page,
    lunar_footer,
    lunar_header,
    lunar_results,
)

HIP = [
    ("Neck", 0.652, -2.1, -0.6),
    ("Troch", 0.588, -1.4, -0.2),
    ("Inter", 0.901, -1.5, -0.4),
    ("Total", 0.771, -1.5, -0.3),
]


def codes(report) -> list[str]:
    return [reason.code for reason in report.review_reasons]


def hologic_page_with_unknown_row(path: Path) -> Path:
    """A Hologic left-hip page with a row "Neck2 0.712 -1.5" no reader knows (test_review_gate)."""
    sheet = Sheet(Style("Helvetica", 8, SQUARE))
    hologic_page(sheet, "a Left Hip", [*HIP[:1], ("Neck2", 0.712, -1.5, -0.2), *HIP[1:]])
    return sheet.save(path)


def test_hologic_row_with_an_unknown_label_is_an_unread_row(tmp_path: Path) -> None:
    report = parse(hologic_page_with_unknown_row(tmp_path / "neck2.pdf"))
    assert report.needs_review
    assert codes(report) == ["unread_row"]
    text = report.review_reasons[0].text
    assert "Neck2" in text and "0.712" in text and "-1.5" in text
    # The rows around it are still read.
    sites = ["femoral_neck", "trochanter", "intertrochanter", "total_hip"]
    assert found(report) == {
        (site, "left", None, b, t, z) for site, (_, b, t, z) in zip(sites, HIP, strict=True)
    }


def test_hologic_value_out_of_any_range_is_an_unread_row(tmp_path: Path) -> None:
    """A BMD printed 7.120 (decimal point slipped) is not read, and not silently dropped."""
    sheet = Sheet(Style("Helvetica", 8, SQUARE))
    rows = [HIP[0], ("Troch", 5.88, -1.4, -0.2), *HIP[2:]]
    hologic_page(sheet, "a Left Hip", rows)
    report = parse(sheet.save(tmp_path / "slipped.pdf"))
    assert codes(report) == ["unread_row"]
    assert "BMD" in report.review_reasons[0].text and "5.880" in report.review_reasons[0].text
    trochanter = next(m for m in report.measurements if m.site is Site.trochanter)
    assert (trochanter.bmd, trochanter.t_score) == (None, -1.4)


def hologic_hip_with_cells(tmp_path: Path, total_cells: list[str]) -> Path:
    """A Hologic left-hip page whose Total row prints `total_cells` as they are."""
    sheet = Sheet(Style("Helvetica", 8, SQUARE))
    hologic_header(sheet, 0, "a Left Hip")
    sheet.put(50, 300, "DXA Results Summary:", size=10)
    columns = [c for c in HOLOGIC_COLUMNS if c[1] not in ("ya", "am")]
    cols = [
        Col(header, 60 + (40 + i * 70 if i else 0), "left" if not i else "right")
        for i, (header, _) in enumerate(columns)
    ]
    rows = [
        [label, f"{b * 15:.2f}", f"{b * 13:.2f}", f"{b:.3f}", f"{t:.1f}", f"{z:.1f}"]
        for label, b, t, z in HIP[:3]
    ]
    bottom = draw_table(sheet, 306, cols, [*rows, ["Total", "11.57", "10.02", *total_cells]])
    sheet.put(60, bottom + 4, "Total BMD CV 1.0%, ACF = 1.033, BCF = 1.014, TH = 6.207")
    return sheet.save(tmp_path / "hip.pdf")


@pytest.mark.parametrize(
    "total_cells",
    [["0.7S1", "-1.5", "-0.3"], ["7.710", "-15.0", "-13.0"]],
    ids=["letter-in-a-figure", "every-value-out-of-range"],
)
def test_total_hip_printed_but_unreadable_is_a_missing_diagnostic_site(
    tmp_path: Path, total_cells: list[str]
) -> None:
    report = parse(hologic_hip_with_cells(tmp_path, total_cells))
    assert codes(report) == ["missing_diagnostic_site"]
    assert total_cells[0] in report.review_reasons[0].text
    assert {m.site for m in report.measurements} == {
        Site.femoral_neck,
        Site.trochanter,
        Site.intertrochanter,
    }


def lunar_femur_page(tmp_path: Path, values: list[tuple]) -> Path:
    sheet = Sheet(Style("Times-Roman", 8, LETTER))
    lunar_header(sheet, order=0)
    sheet.put(40, 130, "Left Femur Bone Density")
    bottom = lunar_results(sheet, 190, values, percent=False, x0=250)
    lunar_footer(sheet, bottom + 20, "Left Femur Total")
    return sheet.save(tmp_path / "femur.pdf")


def test_lunar_two_total_rows_that_disagree_leave_the_values_empty(tmp_path: Path) -> None:
    values = [
        ("Neck", 0.712, -2.3, -0.9),
        ("Total", 0.845, -1.1, -0.8),
        ("Total", 0.812, -1.4, -0.8),
    ]
    report = parse(lunar_femur_page(tmp_path, values))
    assert codes(report) == ["conflicting_value", "conflicting_value"]
    assert "0.845 and 0.812" in report.review_reasons[0].text
    assert "-1.1 and -1.4" in report.review_reasons[1].text
    total = next(m for m in report.measurements if m.site is Site.total_hip)
    # The agreeing Z-score stays; the two disagreeing values are left null.
    assert (total.bmd, total.t_score, total.z_score) == (None, None, -0.8)
    neck = next(m for m in report.measurements if m.site is Site.femoral_neck)
    assert (neck.bmd, neck.t_score) == (0.712, -2.3)


def test_lunar_repeated_rows_that_agree_are_no_conflict(tmp_path: Path) -> None:
    values = [
        ("Neck", 0.712, -2.3, -0.9),
        ("Total", 0.845, -1.1, -0.8),
        ("Total", 0.845, -1.1, -0.8),
    ]
    report = parse(lunar_femur_page(tmp_path, values))
    assert not report.needs_review
    assert len(report.measurements) == 2


NECK = Site.femoral_neck


@pytest.mark.parametrize(
    "rows, expected, conflicts",
    [
        # The same row twice (an extended page): one measurement, no conflict.
        ([dict(bmd=0.7, t_score=-2.0)] * 2, dict(bmd=0.7, t_score=-2.0), 0),
        # A repeat fills a value the first print left out.
        ([dict(bmd=0.7), dict(bmd=0.7, z_score=-0.5)], dict(bmd=0.7, z_score=-0.5), 0),
        # Disagreeing values are left null, each with a reason; a third print does not revive them.
        (
            [dict(bmd=0.7, t_score=-2.0), dict(bmd=0.8, t_score=-2.0), dict(bmd=0.9)],
            dict(bmd=None, t_score=-2.0),
            1,
        ),
    ],
    ids=["repeat", "fills-gap", "conflict"],
)
def test_merge_repeats(rows: list[dict], expected: dict, conflicts: int) -> None:
    merged, reasons = merge_repeats(Measurement(site=NECK, side="left", **row) for row in rows)
    assert len(merged) == 1
    assert {k: getattr(merged[0], k) for k in expected} == expected
    assert [r.code for r in reasons] == ["conflicting_value"] * conflicts


def test_other_sides_and_regions_are_not_repeats() -> None:
    merged, reasons = merge_repeats(
        [
            Measurement(site=NECK, side="left", bmd=0.7),
            Measurement(site=NECK, side="right", bmd=0.8),
            Measurement(site=Site.lumbar_spine, region="L1-L4", bmd=0.9),
            Measurement(site=Site.lumbar_spine, region="L2-L4", bmd=1.0),
        ]
    )
    assert len(merged) == 4 and reasons == []
