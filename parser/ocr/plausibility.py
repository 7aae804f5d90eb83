"""Values read by OCR that are out of line with their row or their pair.

A misread digit keeps its high score as often as not, so confidence alone does not make
an OCR'd value safe. Where the report prints what a value can be checked against, it is:
a BMD against BMC / area on its row, a mean against its left and right, and T-scores
against their BMDs at one site (a higher BMD has the higher T-score on one reference), and
a printed difference row (Hologic's |Diff.|, Lunar's Diff.) against its left and right."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from dxa.parser.document import Line, Page, Word
from dxa.parser.model import Measurement, Side, site_code

NUMBER = re.compile(r"^-?\d+\.\d+$")
# BMD = BMC / area within rounding of three printed decimals and a little more.
BMD_RATIO_ABSOLUTE = 0.0015
BMD_RATIO_RELATIVE = 0.005
# A mean printed to three decimals is within this of the average of its left and right.
MEAN_TOLERANCE = 0.0015
# Scores are printed to one decimal: two BMDs further apart than this must not have their
# T-scores the other way round by more than rounding.
BMD_ORDER_MARGIN = 0.010
SCORE_ORDER_MARGIN = 0.15
HEADERS = ("area", "bmc", "bmd")
# A difference row's BMD is printed to three decimals, its other cells to one or two.
BMD_FIGURE = re.compile(r"^-?\d+\.\d{3}$")
# Hologic prints |Diff.|: OCR reads the bars as |, l, I, [ or ] as often as not.
DIFF_LABEL = re.compile(r"^[|lI\[(]?diff\.?[|lI\])]?$", re.I)


def ratio_outliers(page: Page) -> list[Word]:
    """BMD cells that disagree with BMC / area on their row (Hologic and Norland print all
    three), with the area and BMC cells beside them: all three are in doubt."""
    columns = _header_columns(page.lines)
    if columns is None:
        return []
    header_bottom, centres = columns
    doubtful: list[Word] = []
    for line in page.lines:
        if line.top <= header_bottom:
            continue
        cells = {name: _cell(line.words, x) for name, x in centres.items()}
        if any(cell is None for cell in cells.values()):
            continue
        area, bmc, bmd = (float(cells[name].text) for name in HEADERS)
        if area > 0 and abs(bmc / area - bmd) > BMD_RATIO_ABSOLUTE + BMD_RATIO_RELATIVE * bmd:
            doubtful.extend(cells[name] for name in HEADERS)
    return doubtful


def _header_columns(lines: Iterable[Line]) -> tuple[float, dict[str, float]] | None:
    """The line that heads Area, BMC and BMD columns: its bottom and each column's centre."""
    for line in lines:
        found = {}
        for word in line.words:
            key = word.text.strip("()").lower()
            if key in HEADERS and key not in found:
                found[key] = word.center_x
        if len(found) == len(HEADERS):
            return line.bottom, found
    return None


def _cell(words: Iterable[Word], centre: float) -> Word | None:
    """The decimal number on a row nearest a column's centre, if close enough to be in it."""
    numbers = [word for word in words if NUMBER.match(word.text)]
    if not numbers:
        return None
    nearest = min(numbers, key=lambda word: abs(word.center_x - centre))
    return nearest if abs(nearest.center_x - centre) <= 2 * (nearest.x1 - nearest.x0) else None


def pair_outliers(measurements: list[Measurement]) -> list[tuple[Measurement, str]]:
    """Measurements out of line with their pair: a mean that is not the average of its
    left and right, T-scores that order the other way from their BMDs at one site."""
    found: list[tuple[Measurement, str]] = []
    by_site: dict[tuple, list[Measurement]] = {}
    for item in measurements:
        by_site.setdefault((item.site, item.region), []).append(item)
    for group in by_site.values():
        sides = {item.side: item for item in group}
        left, right, mean = sides.get(Side.left), sides.get(Side.right), sides.get(Side.mean)
        if _mean_off(left, right, mean):
            found.append(
                (
                    mean,
                    f"mean BMD {mean.bmd:g} is not the average of left "
                    f"{left.bmd:g} and right {right.bmd:g}",
                )
            )
        for one, other in itertools.combinations(group, 2):
            if _scores_disorder(one, other):
                found.append(
                    (
                        one,
                        f"T-scores {one.t_score:g} and {other.t_score:g} order the "
                        f"other way from their BMDs {one.bmd:g} and {other.bmd:g}",
                    )
                )
    return found


def _mean_off(left, right, mean) -> bool:
    if not (left and right and mean) or None in (left.bmd, right.bmd, mean.bmd):
        return False
    return abs((left.bmd + right.bmd) / 2 - mean.bmd) > MEAN_TOLERANCE


def _scores_disorder(one: Measurement, other: Measurement) -> bool:
    if None in (one.bmd, other.bmd, one.t_score, other.t_score):
        return False
    if one.reference != other.reference:
        return False
    low, high = sorted((one, other), key=lambda item: item.bmd)
    return high.bmd - low.bmd > BMD_ORDER_MARGIN and low.t_score - high.t_score > SCORE_ORDER_MARGIN


def diff_outliers(
    lines: Iterable[Line], measurements: list[Measurement]
) -> list[tuple[Measurement, str]]:
    """Left/right pairs whose BMD difference is not the one their Diff row prints.

    Diff rows and pairs are matched in page order when there are as many of each; otherwise
    a Diff row must match some pair. A mismatch holds both sides: either may be misread."""
    printed = [value for line in lines if (value := _diff_bmd(line)) is not None]
    pairs = _left_right_pairs(measurements)
    if not printed or not pairs:
        return []
    found: list[tuple[Measurement, str]] = []
    if len(printed) == len(pairs):
        checks = [(value, [pair]) for value, pair in zip(printed, pairs, strict=True)]
    else:
        checks = [(value, pairs) for value in printed]
    for value, candidates in checks:
        if any(
            abs(abs(left.bmd - right.bmd) - value) <= MEAN_TOLERANCE for left, right in candidates
        ):
            continue
        for left, right in candidates:
            why = (
                f"the Diff row's BMD {value:g} is not the difference of left "
                f"{left.bmd:g} and right {right.bmd:g}"
            )
            found.extend([(left, why), (right, why)])
    return found


def _diff_bmd(line: Line) -> float | None:
    """The BMD a difference row prints, or None for any other line."""
    if not any(DIFF_LABEL.match(word.text) for word in line.words):
        return None
    figures = [word.text for word in line.words if BMD_FIGURE.match(word.text)]
    return abs(float(figures[0])) if len(figures) == 1 else None


def _left_right_pairs(measurements: list[Measurement]) -> list[tuple[Measurement, Measurement]]:
    """(left, right) for each site and region printed with both BMDs, in report order."""
    pairs, seen = [], set()
    for item in measurements:
        key = (item.site, item.region)
        if key in seen:
            continue
        sides = {m.side: m for m in measurements if (m.site, m.region) == key}
        left, right = sides.get(Side.left), sides.get(Side.right)
        if left and right and left.bmd is not None and right.bmd is not None:
            pairs.append((left, right))
            seen.add(key)
    return pairs


def describe(item: Measurement) -> str:
    return site_code(item.site, item.side, item.region)
