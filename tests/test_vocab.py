"""The vocabulary: every way reports name a site, side and spine region maps to one code."""

from __future__ import annotations

import pytest
from dxa.parser.model import Side, Site
from dxa.parser.vocab import (
    SIDE_WORDS,
    canonical_site,
    canonical_spine_region,
    exclude_vertebrae,
    normalize_label,
    split_spine_region,
)


@pytest.mark.parametrize(
    "label, site",
    [
        ("Neck", Site.femoral_neck),
        ("Fem Neck", Site.femoral_neck),
        ("fem. neck", Site.femoral_neck),
        ("FEMORAL NECK", Site.femoral_neck),
        ("FN", Site.femoral_neck),
        ("Total hip", Site.total_hip),
        ("TH", Site.total_hip),
        ("Troch", Site.trochanter),
        ("trochanter", Site.trochanter),
        ("Inter", Site.intertrochanter),
        ("intertrochanteric", Site.intertrochanter),
        ("Ward's", Site.wards),
        ("Wards", Site.wards),
        ("Upper Neck", Site.upper_neck),
        ("Shaft", Site.femoral_shaft),
        ("1/3", Site.radius_33),
        ("33%", Site.radius_33),
        ("one-third radius", Site.radius_33),
        ("Radius 33%", Site.radius_33),
        ("MID", Site.radius_mid),
        ("UD", Site.radius_ultradistal),
        ("ultradistal", Site.radius_ultradistal),
        ("Radius UD", Site.radius_ultradistal),
        ("Ulna UD", Site.ulna_ultradistal),
        ("Ulna 33%", Site.ulna_33),
        ("Both UD", Site.radius_ulna_ultradistal),
        ("Both 33%", Site.radius_ulna_33),
        ("AP Spine", Site.lumbar_spine),
        ("lumbar spine", Site.lumbar_spine),
        ("L-spine", Site.lumbar_spine),
        ("LS", Site.lumbar_spine),
        ("total body", Site.total_body),
        ("whole body", Site.total_body),
        ("forearm", Site.radius_33),
        ("distal radius", Site.radius_33),
        ("Left Femoral Neck", Site.femoral_neck),
        ("Neck (R)", Site.femoral_neck),
        ("AP Spine L1-L4", Site.lumbar_spine),
        ("L3", Site.lumbar_spine),
        ("LFN", Site.femoral_neck),
        ("RTH", Site.total_hip),
    ],
)
def test_site_labels(label: str, site: Site) -> None:
    assert canonical_site(label) is site


@pytest.mark.parametrize(
    "scan, site",
    [
        ("spine", Site.lumbar_spine),
        ("hip", Site.total_hip),
        ("forearm", Site.radius_total),
        ("body", Site.total_body),
        (None, None),
    ],
)
def test_total_depends_on_the_scan(scan: str | None, site: Site | None) -> None:
    assert canonical_site("Total", scan) is site


@pytest.mark.parametrize("label", ["BMI", "Height", "Neck L1-L4", "Diff.", ""])
def test_non_sites(label: str) -> None:
    assert canonical_site(label) is None


@pytest.mark.parametrize(
    "token, side",
    [
        ("left", Side.left),
        ("Lt.", Side.left),
        ("L", Side.left),
        ("(L)", Side.left),
        ("right", Side.right),
        ("RT", Side.right),
        ("(R)", Side.right),
        ("Mean", Side.mean),
        ("both", Side.mean),
        ("neck", None),
    ],
)
def test_sides(token: str, side: Side | None) -> None:
    assert SIDE_WORDS.get(normalize_label(token)) is side


@pytest.mark.parametrize(
    "text, region",
    [
        ("L1-L4", "L1-L4"),
        ("L1 - L4", "L1-L4"),
        ("L1-4", "L1-L4"),
        ("L1 to L4", "L1-L4"),
        ("L1 through L4", "L1-L4"),
        ("L1\u2013L4", "L1-L4"),
        ("L1,L3", "L1,L3"),
        ("L1-L2,L4", "L1-L2,L4"),
        ("L1,L3-L4", "L1,L3-L4"),
        ("L1 and L3", "L1,L3"),
        ("L3", "L3"),
        ("l2-l4", "L2-L4"),
    ],
)
def test_spine_regions(text: str, region: str) -> None:
    assert canonical_spine_region(text) == region


@pytest.mark.parametrize("text", ["L4-L1", "L1-L1,L1", "L9", "spine", ""])
def test_invalid_spine_regions(text: str) -> None:
    assert canonical_spine_region(text) is None


def test_trailing_region_is_split_off() -> None:
    assert split_spine_region("Lumbar spine (L1 - L4)") == ("Lumbar spine ", "L1-L4")


def test_excluding_a_vertebra_splits_the_range() -> None:
    assert exclude_vertebrae("L1-L4", ["L3"]) == "L1-L2,L4"
    assert exclude_vertebrae("L1-L4", ["L4"]) == "L1-L3"
