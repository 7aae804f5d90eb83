"""Spine regions: vertebrae counts and the vertebra-exclusion check (clinical-rules.md §2, §4)."""

from __future__ import annotations

from dxa.interpret.model import Flag
from dxa.interpret.rules import ISCD, LUMBAR_VERTEBRAE, VERTEBRA_OUTLIER_T_DIFFERENCE
from dxa.parser.model import Measurement, Site

VERTEBRA_ORDER = ("T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5")


def vertebrae(region: str | None) -> frozenset[str]:
    """'L1-L2,L4' -> {L1, L2, L4}; an empty set when the region is not given."""
    if not region:
        return frozenset()
    found: set[str] = set()
    for part in region.split(","):
        first, _, last = part.partition("-")
        start = VERTEBRA_ORDER.index(first)
        end = VERTEBRA_ORDER.index(last) if last else start
        found.update(VERTEBRA_ORDER[start : end + 1])
    return frozenset(found)


def single_vertebra_t_scores(measurements: list[Measurement]) -> dict[str, float]:
    """The individual lumbar vertebrae with a T-score: {'L1': -2.1, ...}."""
    return {
        m.region: m.t_score
        for m in measurements
        if m.site is Site.lumbar_spine and m.region in LUMBAR_VERTEBRAE and m.t_score is not None
    }


def neighbours(vertebra: str) -> tuple[str, ...]:
    """L1 and L4 have one lumbar neighbour, L2 and L3 two."""
    index = LUMBAR_VERTEBRAE.index(vertebra)
    return tuple(
        LUMBAR_VERTEBRAE[i] for i in (index - 1, index + 1) if 0 <= i < len(LUMBAR_VERTEBRAE)
    )


def differs(score: float, other: float) -> bool:
    """More than 1.0 apart, on the printed (one- or two-decimal) values."""
    return round(abs(score - other), 2) > VERTEBRA_OUTLIER_T_DIFFERENCE


def outlier_vertebrae(t_scores: dict[str, float]) -> list[str]:
    """Vertebrae whose T-score differs by more than 1.0 from each neighbour that has one.

    (v2) An end vertebra (L1, L4) has one neighbour and is flagged only when that neighbour
    is not flagged itself, so one outlying L2 does not drag L1 in with it.
    """
    ends = (LUMBAR_VERTEBRAE[0], LUMBAR_VERTEBRAE[-1])
    outliers = set()
    for vertebra, score in t_scores.items():
        if vertebra in ends:
            continue
        compared = [t_scores[n] for n in neighbours(vertebra) if n in t_scores]
        if compared and all(differs(score, other) for other in compared):
            outliers.add(vertebra)
    for vertebra in ends:
        if vertebra not in t_scores:
            continue
        (neighbour,) = neighbours(vertebra)
        if (
            neighbour in t_scores
            and neighbour not in outliers
            and differs(t_scores[vertebra], t_scores[neighbour])
        ):
            outliers.add(vertebra)
    return sorted(outliers, key=LUMBAR_VERTEBRAE.index)


def range_without(measurements: list[Measurement], excluded: str) -> Measurement | None:
    """The reported L1-L4 range minus `excluded` (e.g. L2-L4 without L1), if it has a T-score."""
    wanted = frozenset(LUMBAR_VERTEBRAE) - {excluded}
    for m in measurements:
        if m.site is Site.lumbar_spine and m.t_score is not None and vertebrae(m.region) == wanted:
            return m
    return None


def vertebra_exclusion_flags(measurements: list[Measurement]) -> list[Flag]:
    """ISCD 2023: suggest excluding a vertebra that stands out from its neighbours."""
    t_scores = single_vertebra_t_scores(measurements)
    flags = []
    for vertebra in outlier_vertebrae(t_scores):
        text = (
            f"{vertebra} (T {t_scores[vertebra]:+.1f}) differs by more than "
            f"{VERTEBRA_OUTLIER_T_DIFFERENCE:.1f} from its neighbour(s): consider excluding it "
            f"({ISCD})."
        )
        alternative = range_without(measurements, vertebra)
        if alternative is not None:
            text += f" {alternative.region} without it: T {alternative.t_score:+.1f}."
        flags.append(Flag(code="vertebra_exclusion_suggested", text=text))
    return flags
