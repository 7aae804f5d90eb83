"""Seeded random pages drawn a second, independent way (tests/pdfkit.py): hip, spine, dual hip
and forearm tables with every choice the fixed variant tests make (vendor, font, size, page,
header spellings and stacking, alignment, spacing, glyphs, drawing order) drawn by a seed,
so a failure names the seed that reproduces it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from dxa.parser.api import parse
from pdfkit import (
    BOLD,
    DEJAVU,
    FONTS,
    MINUS,
    PAGES,
    Col,
    Sheet,
    Style,
    draw_table,
    score,
)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from variant_layouts import (
    SPINE,
    found,
    hologic_header,
    lunar_header,
    norland_header,
)

T_HEADERS = (
    "T-score",
    "T - score",
    "T-Score",
    "YA T-score",
    "T -\nscore",
    "YA\nT-Score",
    "T-\nScore",
    "T \u2013 score",  # an en dash, as some printers set it
    "T Score",
)


Z_HEADERS = (
    "Z-score",
    "Z - score",
    "Z-Score",
    "AM Z-score",
    "Z -\nscore",
    "AM\nZ-Score",
    "Z-\nScore",
    "Z \u2013 score",
    "Z Score",
)


BMD_HEADERS = ("BMD", "BMD (g/cm²)", "BMD\n(g/cm²)", "BMD\n(g/cm2)")


# Per vendor: the page furniture that names it, and row label -> (site, side, region).
HIP_ROWS = {
    "hologic": [
        ("Neck", "femoral_neck"),
        ("Troch", "trochanter"),
        ("Inter", "intertrochanter"),
        ("Total", "total_hip"),
        ("Ward's", "wards"),
    ],
    "ge_lunar": [
        ("Neck", "femoral_neck"),
        ("Upper Neck", "upper_neck"),
        ("Wards", "wards"),
        ("Troch", "trochanter"),
        ("Shaft", "femoral_shaft"),
        ("Total", "total_hip"),
    ],
    "norland": [("Fem Neck", "femoral_neck"), ("Troch", "trochanter")],
}


def random_page(seed: int) -> tuple[Sheet, set[tuple]]:
    """A one-table hip page drawn with seeded choices of everything the tests above vary."""
    chooser = random.Random(seed)
    vendor = chooser.choice(("hologic", "ge_lunar", "norland"))
    size = chooser.choice((6, 6.5, 7, 7.5, 8, 9, 10))
    style = Style(
        chooser.choice(FONTS),
        size,
        chooser.choice(PAGES),
        glyphs=chooser.random() < 0.3,
        shuffle=chooser.random() < 0.5,
    )
    sheet = Sheet(style)
    young = chooser.random() < 0.2
    rows = chooser.sample(HIP_ROWS[vendor], k=chooser.randint(2, len(HIP_ROWS[vendor])))
    headers = ["Region", chooser.choice(BMD_HEADERS), chooser.choice(T_HEADERS)]
    headers.append(chooser.choice(Z_HEADERS))
    if chooser.random() < 0.5:
        headers.insert(2, "BMC\n(g)" if chooser.random() < 0.5 else "Area (cm²)")
    widths = [pdfmetrics.stringWidth(h, style.font, size) for h in headers]
    pitch = max(max(widths), 5 * size) + chooser.uniform(1.5, 4) * size
    width = sheet.style.page[0]
    x0 = chooser.uniform(25, max(30, width - 60 - pitch * len(headers)))
    # Headers sit over their values: aligned the same way, or centred over them.
    align = chooser.choice(("left", "center", "right"))
    header_align = chooser.choice(("center", align))
    shift = {"left": 1.2, "center": 0.0, "right": -1.2}[align] * size
    cols = [Col("Region", x0, "left")] + [
        Col(h, x0 + 40 + i * pitch, align, shift if header_align != align else 0.0, header_align)
        for i, h in enumerate(headers[1:], start=1)
    ]
    side = chooser.choice(("Left", "Right"))
    if vendor == "hologic":
        hologic_header(sheet, chooser.randint(0, 1), f"a {side} Hip")
    elif vendor == "ge_lunar":
        lunar_header(sheet, chooser.randint(0, 1))
        sheet.put(40, 130, f"{side} Femur Bone Density")
        sheet.put(40, style.page[1] - 30, "GE Healthcare")
    else:
        norland_header(sheet)
    title = f"{side} Hip on 3/14/2012 10:01:02 AM" if vendor == "norland" else "Results"
    sheet.put(x0, 200, title)
    expected = set()
    cells = []
    for label, site in rows:
        bmd = round(chooser.uniform(0.4, 1.2), 3)
        t = None if young else round(chooser.uniform(-4, 1), 1)
        z = round(chooser.uniform(-3, 2), 1)
        row = [label, f"{bmd:.3f}", score(t, "-"), score(z, "-")]
        if len(headers) == 5:
            row.insert(2, f"{bmd * 5:.2f}")
        cells.append(row)
        expected.add((site, side.lower(), None, bmd, t, z))
    draw_table(
        sheet,
        206,
        cols,
        cells,
        leading=size * chooser.uniform(1.2, 1.9),
        header_on_top=chooser.random() < 0.5,
        header_pitch=chooser.choice((1.0, 1.15, 1.4, 1.75, 1.95)),
    )
    return sheet, expected


@pytest.mark.parametrize("seed", range(16))
def test_seeded_random_hip_pages(tmp_path: Path, seed: int) -> None:
    sheet, expected = random_page(seed)
    report = parse(sheet.save(tmp_path / f"random_{seed}.pdf"))
    assert found(report) == expected


SPINE_COMBINATIONS = ["L1-L2", "L1,L3", "L1,L4", "L2-L3", "L2,L4", "L3-L4", "L1-L3", "L1-L2,L4"]
SPINE_COMBINATIONS += ["L1,L3-L4", "L2-L4"]


def random_spine_rows(vendor: str, chooser: random.Random) -> list[tuple[str, str]]:
    """Printed row labels and the region each stands for, as each vendor lists them."""
    if vendor == "norland":
        return [("L2 - L4", "L2-L4"), ("L2", "L2"), ("L3", "L3"), ("L4", "L4")]
    singles = [(f"L{n}", f"L{n}") for n in range(1, 5)]
    if vendor == "ge_lunar":
        extra = chooser.sample(
            ["L1-L2", "L1-L3", "L2-L3", "L2-L4", "L3-L4"], k=chooser.randint(0, 3)
        )
        return singles + [(label, label) for label in extra] + [("L1-L4", "L1-L4")]
    style = chooser.randint(0, 2)
    if style == 0:  # every vertebra and a Total row
        return singles + [("Total", "L1-L4")]
    if style == 1:  # L1 excluded: Total covers L2-L4
        return singles[1:] + [("Total", "L2-L4")]
    combos = chooser.sample(SPINE_COMBINATIONS, k=chooser.randint(1, len(SPINE_COMBINATIONS)))
    return singles + [(label, label) for label in combos] + [("L1-L4", "L1-L4")]


def random_spine_page(seed: int) -> tuple[Sheet, set[tuple], str]:
    """A spine page with seeded fonts, spacing, headers (maybe with % columns under group
    headers), a chart axis beside the table and a trend table below it."""
    chooser = random.Random(1000 + seed)
    vendor = chooser.choice(("hologic", "ge_lunar", "norland"))
    size = chooser.choice((6, 7, 8, 9, 10))
    unicode_minus = DEJAVU.exists() and chooser.random() < 0.25
    if unicode_minus:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    style = Style(
        "DejaVuSans" if unicode_minus else chooser.choice(FONTS),
        size,
        chooser.choice(PAGES),
        glyphs=chooser.random() < 0.3,
        shuffle=chooser.random() < 0.5,
        minus=MINUS if unicode_minus else "-",
    )
    sheet = Sheet(style)
    if vendor == "hologic":
        hologic_header(sheet, chooser.randint(0, 1), "a Lumbar Spine")
    elif vendor == "ge_lunar":
        lunar_header(sheet, chooser.randint(0, 1))
        sheet.put(40, 130, "AP Spine Bone Density")
        sheet.put(40, style.page[1] - 30, "GE Healthcare")
    else:
        norland_header(sheet)
    percent = chooser.random() < 0.5
    width = lambda text: pdfmetrics.stringWidth(text, style.font, size)  # noqa: E731
    pitch = max(width("(g/cm²)"), width("T-Score"), 4 * size) + chooser.uniform(1.5, 3) * size
    ncols = 6 if percent else 4
    x0 = chooser.uniform(30 + 6 * size, max(40 + 6 * size, style.page[0] - 140 - pitch * ncols))
    header_top = 210
    title = "AP Spine on 5/6/2013 1:02:03 PM" if vendor == "norland" else "Results:"
    sheet.put(x0, header_top - 8, title)
    t_head, z_head = chooser.choice((("T-Score", "Z-Score"), ("T - score", "Z - score")))
    spanners: tuple[tuple[str, float], ...] = ()
    labels = random_spine_rows(vendor, chooser)
    label_width = max(width(label) for label, _ in labels) + width("Region")
    xs = [x0 + label_width + (i + 1) * pitch for i in range(ncols)]
    if percent:
        # Each vendor's words for the percent columns: Lunar's group headers over "(%)",
        # Hologic's PR / AM, Norland's Young Ref. / Age Match.
        ya, am = {
            "ge_lunar": ("(%)", "(%)"),
            "hologic": ("PR\n(%)", "AM\n(%)"),
            "norland": ("Young\nRef. (%)", "Age\nMatch (%)"),
        }[vendor]
        cols = [Col("Region", x0, "left"), Col("BMD\n(g/cm²)", xs[0])]
        cols += [Col(ya, xs[1]), Col(t_head, xs[2]), Col(am, xs[3]), Col(z_head, xs[4])]
        if vendor == "ge_lunar":
            spanners = (
                ("Young-Adult", (xs[1] + xs[2]) / 2 - 10),
                ("Age-Matched", (xs[3] + xs[4]) / 2 - 10),
            )
    else:
        cols = [Col("Region", x0, "left"), Col(chooser.choice(BMD_HEADERS), xs[0])]
        cols += [Col(t_head.replace(" - ", " -\n"), xs[1]), Col(z_head, xs[2])]
    expected = set()
    cells = []
    for label, region in labels:
        bmd = round(chooser.uniform(0.6, 1.3), 3)
        t, z = round(chooser.uniform(-4, 1), 1), round(chooser.uniform(-3, 2), 1)
        row = [label, f"{bmd:.3f}"]
        if percent:
            row += [str(round(100 + 10 * t)), score(t, style.minus), str(round(100 + 10 * z))]
        else:
            row += [score(t, style.minus)]
        cells.append(row + [score(z, style.minus)])
        if vendor != "norland" or label != "Total sBMD":
            expected.add((SPINE, None, region, bmd, t, z))
    leading = size * chooser.uniform(1.25, 1.8)
    top = header_top + 2
    # A chart axis left of the table, level with its rows.
    for index in range(len(cells)):
        sheet.put(
            x0 - 4 * size, top + 30 + index * leading, f"{1.4 - index * 0.12:.2f}", align="right"
        )
    bottom = draw_table(sheet, top, cols, cells, leading=leading, spanners=spanners)
    trend_top = bottom + 3 * size
    sheet.put(x0, trend_top, "Densitometry Trend: L1-L4" if vendor == "ge_lunar" else "Trend:")
    trend = [
        Col("Measured\nDate", x0, "left"),
        Col("Age\n(years)", xs[0]),
        Col("BMD\n(g/cm²)", xs[1]),
    ]
    rows = [["05/06/2013", "61.0", "1.000"], ["04/30/2011", "59.0", "1.031"]]
    draw_table(sheet, trend_top + 2, trend, rows, leading=leading)
    return sheet, expected, vendor


@pytest.mark.parametrize("seed", range(16))
def test_seeded_random_spine_pages(tmp_path: Path, seed: int) -> None:
    sheet, expected, vendor = random_spine_page(seed)
    report = parse(sheet.save(tmp_path / f"spine_{seed}.pdf"))
    assert report.source.vendor == vendor
    assert found(report) == expected


DUAL_HIP_SITES = (("Neck", "femoral_neck"), ("Total", "total_hip"))


FOREARM_ROWS = {
    "hologic": [("1/3", "radius_33"), ("MID", "radius_mid"), ("UD", "radius_ultradistal")],
    "ge_lunar": [
        ("Radius 33%", "radius_33"),
        ("Radius UD", "radius_ultradistal"),
        ("Ulna 33%", "ulna_33"),
        ("Both UD", "radius_ulna_ultradistal"),
        ("Radius Total", "radius_total"),
    ],
}


def random_dual_or_forearm_page(seed: int) -> tuple[Sheet, set[tuple], str]:
    """Dual hip or forearm pages with a bold total row, headers in another size, cells a
    fraction of a point off the row's baseline, and Norland labels wrapped over two lines."""
    chooser = random.Random(5000 + seed)
    vendor = chooser.choice(("hologic", "ge_lunar", "norland"))
    scan = "dual" if vendor == "norland" else chooser.choice(("dual", "forearm"))
    size = chooser.choice((6, 7, 8, 9, 10))
    font = chooser.choice(FONTS)
    style = Style(
        font,
        size,
        chooser.choice(PAGES),
        glyphs=chooser.random() < 0.3,
        shuffle=chooser.random() < 0.5,
    )
    sheet = Sheet(style)
    side = chooser.choice(("Left", "Right"))
    if vendor == "hologic":
        hologic_header(
            sheet,
            chooser.randint(0, 1),
            "a Dual Hip" if scan == "dual" else f"a {side[0]}. Forearm",
        )
    elif vendor == "ge_lunar":
        lunar_header(sheet, chooser.randint(0, 1))
        sheet.put(
            40, 130, "DualFemur Bone Density" if scan == "dual" else f"{side} Forearm Bone Density"
        )
        sheet.put(40, style.page[1] - 30, "GE Healthcare")
    else:
        norland_header(sheet)
    # (printed label lines, bold?, expected (site, side) or None, has values)
    rows: list[tuple[list[str], bool, tuple[str, str | None] | None]] = []
    if scan == "forearm":
        chosen = FOREARM_ROWS[vendor][:]
        if vendor == "hologic":
            chosen.append(("Total", "radius_total"))
        for label, site in chosen:
            rows.append(([label], "Total" in label, (site, side.lower())))
    elif vendor == "hologic":
        for group, site in DUAL_HIP_SITES:
            rows.append(([group], False, None))
            for part in ("Left", "Right", "Mean", "|Diff.|"):
                rows.append(
                    ([part], group == "Total", None if "Diff" in part else (site, part.lower()))
                )
    elif vendor == "ge_lunar":
        for group, site in DUAL_HIP_SITES:
            parts = ["Left", "Right"] + (["Mean"] if chooser.random() < 0.5 else []) + ["Diff."]
            for part in parts:
                expected_key = None if part == "Diff." else (site, part.lower())
                rows.append(([f"{group} {part}"], group == "Total", expected_key))
    else:
        for hip in ("Left", "Right"):
            rows.append(([f"{hip} Hip on 2/4/2008 8:42:05 AM"], False, None))
            rows.append((["Fem", "Neck"], False, ("femoral_neck", hip.lower())))
            rows.append((["Troch"], False, ("trochanter", hip.lower())))
    header_size = size + chooser.choice((-1, 0, 1))
    header_font = chooser.choice((font, BOLD[font]))
    width = max(pdfmetrics.stringWidth(" ".join(r[0]), font, size) for r in rows if len(r[0]) < 3)
    label_width = min(width, 120) + 2 * size
    pitch = max(pdfmetrics.stringWidth("(g/cm²)", header_font, header_size), 4 * size) + 2 * size
    x0 = chooser.uniform(30, max(35, style.page[0] - 60 - label_width - 4 * pitch))
    xs = [x0 + label_width + (i + 1) * pitch for i in range(3)]
    headers = [("BMD", "(g/cm²)"), ("T-", "score") if vendor != "ge_lunar" else ("YA", "T-Score")]
    headers.append(("Z-", "score") if vendor != "ge_lunar" else ("AM", "Z-Score"))
    label_header = "Radius" if vendor == "hologic" and scan == "forearm" else "Region"
    leading = size * chooser.uniform(1.3, 1.8)
    top = 230
    expected = set()

    def header(at: float) -> float:
        sheet.put(x0, at + 2 * header_size, label_header, size=header_size, font=header_font)
        for x, (upper, lower) in zip(xs, headers, strict=True):
            sheet.put(x, at + header_size, upper, size=header_size, align="right", font=header_font)
            sheet.put(
                x, at + 2 * header_size, lower, size=header_size, align="right", font=header_font
            )
        return at + 2 * header_size + leading

    y = header(top) if vendor != "norland" else top
    for lines, bold, key in rows:
        if vendor == "norland" and key is None:  # a per-hip title, then that hip's header
            y += leading
            sheet.put(x0, y, lines[0])
            y = header(y + 2)
            continue
        row_font = BOLD[font] if bold else font
        jitter = chooser.uniform(-0.3, 0.3)
        if len(lines) == 2:  # set solid, 1.2 lines apart, centred on the values
            y += 0.6 * size
            sheet.put(x0, y - 0.6 * size, lines[0], font=row_font)
            sheet.put(x0, y + 0.6 * size, lines[1], font=row_font)
        else:
            sheet.put(x0, y, lines[0], font=row_font)
        if key is not None or "Diff" in lines[0]:
            bmd = round(chooser.uniform(0.3, 1.2), 3)
            t, z = round(chooser.uniform(-4, 1), 1), round(chooser.uniform(-3, 2), 1)
            for x, cell in zip(xs, (f"{bmd:.3f}", score(t, "-"), score(z, "-")), strict=True):
                sheet.put(
                    x, y + chooser.uniform(-0.3, 0.3) + jitter, cell, align="right", font=row_font
                )
            if key is not None:
                expected.add((key[0], key[1], None, bmd, t, z))
        y += leading + (1.2 * size if len(lines) == 2 else 0)
    return sheet, expected, vendor


@pytest.mark.parametrize("seed", range(16))
def test_seeded_random_dual_hip_and_forearm_pages(tmp_path: Path, seed: int) -> None:
    sheet, expected, vendor = random_dual_or_forearm_page(seed)
    report = parse(sheet.save(tmp_path / f"mixed_{seed}.pdf"))
    assert report.source.vendor == vendor
    assert found(report) == expected
