"""The patient letter's picture: an inline SVG scale with the patient's lowest score marked.

Drawn as text (no image file, nothing fetched). Every string that reaches the SVG is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from dxa.interpret.model import Scoring
from dxa.interpret.rules import BELOW_EXPECTED_Z_MAX, NORMAL_T_MIN, OSTEOPOROSIS_T_MAX
from dxa.letters.typeset import signed
from dxa.parser.model import VALUE_NAMES
from markupsafe import Markup, escape

AXIS_MIN = -4.0
AXIS_MAX = 2.0
WIDTH = 560
BAR_LEFT = 20
BAR_RIGHT = WIDTH - 20
BAR_TOP = 46
BAR_HEIGHT = 30
HEIGHT = 106
NOTE_HEIGHT = 18  # room for a line under the ticks (a fracture-based diagnosis)
MUTED_COLOUR = "#e6e6e6"  # bands the patient is not placed in when a fracture decides
# WeasyPrint's SVG text does not inherit the page CSS; name the bundled font (letter.css).
FONT_FAMILY = "Letter Sans, DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class Band:
    label: str
    low: float
    high: float
    colour: str


# Band edges are the interpreter's thresholds (WHO 1994 T-score classes, ISCD 2023 Z cut-off).
BANDS: dict[Scoring, tuple[Band, ...]] = {
    Scoring.t_score: (
        Band("Osteoporosis", AXIS_MIN, OSTEOPOROSIS_T_MAX, "#f2c4bd"),
        Band("Low bone mass", OSTEOPOROSIS_T_MAX, NORMAL_T_MIN, "#f7e3b2"),
        Band("Normal", NORMAL_T_MIN, AXIS_MAX, "#cde8cf"),
    ),
    Scoring.z_score: (
        Band("Below the expected range", AXIS_MIN, BELOW_EXPECTED_Z_MAX, "#f2c4bd"),
        Band("Within the expected range", BELOW_EXPECTED_Z_MAX, AXIS_MAX, "#cde8cf"),
    ),
}


def x_for(score: float) -> float:
    """Horizontal position of a score, clamped to the drawn axis."""
    clamped = min(max(score, AXIS_MIN), AXIS_MAX)
    return BAR_LEFT + (clamped - AXIS_MIN) / (AXIS_MAX - AXIS_MIN) * (BAR_RIGHT - BAR_LEFT)


def is_off_scale(score: float) -> bool:
    return score < AXIS_MIN or score > AXIS_MAX


def format_score(score: float) -> str:
    """As printed: one decimal, or two when the report gave two; a true minus sign."""
    return signed(f"{score:.1f}" if round(score, 1) == score else f"{score:.2f}")


def score_scale_svg(
    scoring: Scoring,
    score: float,
    site: str,
    *,
    diagnosis: str | None = None,
    note: str | None = None,
) -> Markup:
    """The bands for `scoring` with a marker at `score` and a caption naming `site`.

    `diagnosis` names the band of a diagnosis the score does not give (a fracture-based
    osteoporosis, rules §11 v2): the other bands are drawn grey, so a score in the normal
    band does not look as if all were well, and `note` says why under the scale.
    """
    height = HEIGHT + (NOTE_HEIGHT if note else 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="score-scale" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{FONT_FAMILY}" role="img" '
        f'aria-label="{escape(_caption(scoring, score, site))}">'
    ]
    parts += [_band(band, diagnosis) for band in BANDS[scoring]]
    parts += _ticks()
    parts.append(_marker(scoring, score, site))
    if note:
        parts.append(
            f'<text x="{WIDTH / 2:.1f}" y="{HEIGHT + 10}" text-anchor="middle" font-size="12" '
            f'font-weight="bold" fill="#8a1c12">{escape(note)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _band(band: Band, diagnosis: str | None = None) -> str:
    left, right = x_for(band.low), x_for(band.high)
    middle = (left + right) / 2
    muted = diagnosis is not None and band.label != diagnosis
    colour = MUTED_COLOUR if muted else band.colour
    outline = (
        ' stroke="#8a1c12" stroke-width="2"'
        if diagnosis == band.label
        else (' stroke="#ffffff" stroke-width="1"')
    )
    weight = ' font-weight="bold"' if diagnosis == band.label else ""
    return (
        f'<rect x="{left:.1f}" y="{BAR_TOP}" width="{right - left:.1f}" height="{BAR_HEIGHT}" '
        f'fill="{colour}"{outline}/>'
        f'<text x="{middle:.1f}" y="{BAR_TOP + 19}" text-anchor="middle" font-size="12"{weight} '
        f'fill="{"#777777" if muted else "#333333"}">{escape(band.label)}</text>'
    )


def _ticks() -> list[str]:
    ticks = []
    for value in range(int(AXIS_MIN), int(AXIS_MAX) + 1):
        x = x_for(value)
        ticks.append(
            f'<line x1="{x:.1f}" y1="{BAR_TOP + BAR_HEIGHT}" x2="{x:.1f}" '
            f'y2="{BAR_TOP + BAR_HEIGHT + 5}" stroke="#666666" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{BAR_TOP + BAR_HEIGHT + 23}" text-anchor="middle" '
            f'font-size="11" fill="#555555">{signed(str(value))}</text>'
        )
    return ticks


def _marker(scoring: Scoring, score: float, site: str) -> str:
    """Triangles above and below the bar (none across it, so band names stay readable) and the
    caption; off-scale scores sit at the edge with their true value in the caption."""
    x = x_for(score)
    anchor = "start" if x < WIDTH * 0.3 else "end" if x > WIDTH * 0.7 else "middle"
    bottom = BAR_TOP + BAR_HEIGHT
    return (
        f'<polygon class="marker" points="{x - 8:.1f},{BAR_TOP - 14} {x + 8:.1f},{BAR_TOP - 14} '
        f'{x:.1f},{BAR_TOP}" fill="#1f3b73"/>'
        f'<polygon points="{x - 6:.1f},{bottom + 10} {x + 6:.1f},{bottom + 10} '
        f'{x:.1f},{bottom}" fill="#1f3b73"/>'
        f'<text x="{x:.1f}" y="{BAR_TOP - 20}" text-anchor="{anchor}" font-size="12.5" '
        f'font-weight="bold" fill="#1f3b73">{escape(_caption(scoring, score, site))}</text>'
    )


def _caption(scoring: Scoring, score: float, site: str) -> str:
    off_scale = " (off the scale)" if is_off_scale(score) else ""
    return f"You: {VALUE_NAMES[scoring.value]} {format_score(score)}{off_scale}, {site}"
