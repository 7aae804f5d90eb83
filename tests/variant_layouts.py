"""Vendor page furniture for the variant tests, drawn on `pdfkit`: Hologic APEX, GE Lunar
enCORE and Norland Illuminatus patient boxes and results tables, with the header orders,
column sets, wrapped headers and label spellings the real reports vary by.

`found` is the comparison every variant test makes: the parsed measurements as tuples.
"""

from __future__ import annotations

from dxa.parser.model import Report
from pdfkit import (
    Col,
    Sheet,
    Style,
    draw_table,
    fields,
    score,
)

SPINE = "lumbar_spine"


def found(report: Report) -> set[tuple]:
    return {(m.site, m.side, m.region, m.bmd, m.t_score, m.z_score) for m in report.measurements}


def hologic_header(sheet: Sheet, order: int, scan_type: str) -> None:
    box = [
        ("Name", "Sample, Ingrid"),
        ("Patient ID", "HX-30417"),
        ("DOB", "March 02, 1956"),
        ("Sex", "Female"),
        ("Ethnicity", "White"),
        ("Height", "158.8 cm"),
        ("Weight", "54.4 kg"),
        ("Age", "68"),
    ]
    if order:
        box = box[3:] + box[:3]  # Sex/Ethnicity first, Name/ID/DOB last
    fields(sheet, 40, [box[0:3], box[3:6], box[6:8]])
    sheet.put(40, 90, "Referring Physician:")
    sheet.put(300, 110, "Scan Information:")
    info = [
        ("Scan Date", "April 15, 2024        ID: A04152404"),
        ("Scan Type", scan_type),
        ("Analysis", "April 15, 2024 10:02 Version 13.6.0.5"),
        ("Operator", "JQ"),
        ("Model", "Horizon W (S/N 301544M)"),
        ("Comment", ""),
    ]
    fields(sheet, 124, [info], x0=300)


HOLOGIC_COLUMNS = [
    ("Region", "Region"),
    ("Area\n(cm²)", "area"),
    ("BMC\n(g)", "bmc"),
    ("BMD\n(g/cm²)", "bmd"),
    ("T -\nscore", "t"),
    ("PR\n(%)", "ya"),
    ("Z -\nscore", "z"),
    ("AM\n(%)", "am"),
]


def hologic_rows(values: list[tuple], style: Style, keys: list[str]) -> list[list[str]]:
    """Cells for rows of (label, bmd, t, z); area/BMC/percent are filler derived from BMD."""
    rows = []
    for label, bmd, t, z in values:
        if bmd is None:
            rows.append([label] + [""] * (len(keys) - 1))
            continue
        cell = {
            "Region": label,
            "area": f"{bmd * 15:.2f}",
            "bmc": f"{bmd * 13:.2f}",
            "bmd": f"{bmd:.3f}",
            "t": score(t, style.minus),
            "ya": "" if t is None else str(round(100 + 10 * t)),
            "z": score(z, style.minus),
            "am": "" if z is None else str(round(100 + 10 * z)),
        }
        rows.append([cell[key] for key in keys])
    return rows


def hologic_page(
    sheet: Sheet,
    scan_type: str,
    values: list[tuple],
    *,
    order: int = 0,
    columns: list[tuple[str, str]] = HOLOGIC_COLUMNS,
    x0: float = 60,
    pitch: float = 70,
    header_on_top: bool = True,
    centered_headers: bool = False,
    top: float = 300,
) -> float:
    hologic_header(sheet, order, scan_type)
    sheet.put(x0 - 10, top, "DXA Results Summary:", size=sheet.style.size + 2)
    cols = [
        Col(header, x0, "left")
        if not index
        else Col(
            header,
            x0 + 40 + index * pitch,
            "right",
            header_dx=-1.2 * sheet.style.size if centered_headers else 0.0,
            header_align="center" if centered_headers else None,
        )
        for index, (header, _) in enumerate(columns)
    ]
    keys = [key for _, key in columns]
    rows = hologic_rows(values, sheet.style, keys)
    bottom = draw_table(sheet, top + 6, cols, rows, header_on_top=header_on_top)
    sheet.put(x0, bottom + 4, "Total BMD CV 1.0%, ACF = 1.033, BCF = 1.014, TH = 6.207")
    sheet.put(x0, bottom + 16, "WHO Classification: Osteopenia")
    sheet.put(x0, bottom + 28, "T-score vs. White Female. Source:2012 BMDCS/NHANES White Female.")
    return bottom + 40


def lunar_header(sheet: Sheet, order: int) -> None:
    left = [
        ("Patient", "Mockup, Doris"),
        ("Birth Date", "04/02/1942"),
        ("Height", "154.0 cm"),
        ("Sex", "Female"),
        ("Age", "76.7 years"),
    ]
    right = [
        ("Patient ID", "GL-41177"),
        ("Weight", "58.5 kg"),
        ("Ethnicity", "White"),
        ("Referring Physician", "(none)"),
        ("Measured", "01/14/2019 3:19:17 PM (16 [SP 2])"),
        ("Analyzed", "01/14/2019 3:21:40 PM (16 [SP 2])"),
    ]
    fields(sheet, 40, [right, left] if order else [left, right])


def lunar_results(
    sheet: Sheet,
    top: float,
    values: list[tuple],
    *,
    percent: bool,
    x0: float = 330,
) -> float:
    """`Densitometry:` table: with % columns under Young-Adult/Age-Matched, or iDXA's YA/AM."""
    m = sheet.style.minus
    sheet.put(x0, top, "Densitometry: USA (Combined NHANES/Lunar)")
    if percent:
        cols = [
            Col("Region", x0, "left"),
            Col("BMD\n(g/cm²)", x0 + 110),
            Col("(%)", x0 + 150),
            Col("T-Score", x0 + 195),
            Col("(%)", x0 + 235),
            Col("Z-Score", x0 + 280),
        ]
        cols.append(Col("BMC\n(g)", x0 + 325))
        spanners = (("Young-Adult", x0 + 175), ("Age-Matched", x0 + 260))
        rows = [
            [label, f"{b:.3f}", str(round(100 + 10 * t)) if t is not None else "-"]
            + [score(t, m) or "-", str(round(100 + 10 * z)) if z is not None else "-"]
            + [score(z, m) or "-", f"{b * 3.4:.2f}"]
            for label, b, t, z in values
        ]
        # Footnote numbers in small type over the group headers, as the real pages print them.
        for mark, x in (("1", x0 + 112), ("2", x0 + 205), ("3", x0 + 290)):
            sheet.put(x, top + 4 + sheet.style.size * 0.6, mark, size=sheet.style.size * 0.55)
    else:
        cols = [
            Col("Region", x0, "left"),
            Col("BMD\n(g/cm²)", x0 + 110),
            Col("YA\nT-score", x0 + 160),
            Col("AM\nZ-score", x0 + 210),
        ]
        spanners = ()
        rows = [[label, f"{b:.3f}", score(t, m), score(z, m)] for label, b, t, z in values]
    return draw_table(sheet, top + 4, cols, rows, spanners=spanners)


def lunar_footer(sheet: Sheet, top: float, lsc_site: str) -> None:
    small = sheet.style.size - 1.5
    lines = [
        f"1 - Statistically 68% of repeat scans fall within 1SD (± 0.010 g/cm² for {lsc_site})",
        "World Health Organization - Definition of Osteoporosis and Osteopenia for Caucasian Women:",
        "Normal = T-score at or above -1.0 SD; Osteopenia = T-score between -1.0 and -2.5 SD;",
        "Osteoporosis = T-score at or below -2.5 SD.",
    ]
    for index, text in enumerate(lines):
        sheet.put(40, top + index * small * 1.4, text, size=small)
    sheet.put(40, 690, "GE Healthcare")
    sheet.put(600, 690, "Lunar Prodigy")


def norland_header(sheet: Sheet) -> None:
    fields(
        sheet,
        40,
        [
            [("Name", "Invent, Frieda"), ("ID", "NL-7001"), ("DOB", "12/29/1950")],
            [("Sex", "Female"), ("Ethnic", "Caucasian"), ("Age", "57 years")],
            [("Height", "5'1\""), ("Weight", "110")],
        ],
    )


NORLAND_COLUMNS = [
    Col("Region", 30, "left"),
    Col("BMD\n(g/cm²)", 130),
    Col("BMC\n(g)", 180),
    Col("Area\n(cm²)", 225),
    Col("T-\nScore", 270),
    Col("Young\nRef. (%)", 315),
    Col("Z-\nScore", 355),
    Col("Age\nMatch (%)", 400),
    Col("ST Change\n(%)", 455),
    Col("LT Change\n(%)", 515),
]


def norland_rows(values: list[tuple], minus: str) -> list[list[str]]:
    rows = []
    for label, bmd, t, z in values:
        bmd_cell = f"{round(bmd * 1000)}mg/cm²" if label == "Total sBMD" else f"{bmd:.4f}"
        rows.append(
            [label, bmd_cell, f"{bmd * 8:.3f}", f"{bmd * 6:.2f}", score(t, minus, 2)]
            + [f"{100 + 10 * t:.1f}", score(z, minus, 2), f"{100 + 10 * z:.1f}", "*****", "*****"]
        )
    return rows
