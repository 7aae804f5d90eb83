"""Property tests: the free-text reader never fails except with a ReportError, and results
rendered through several phrasings read back to the same values."""

from __future__ import annotations

from dxa.parser.api import parse_text
from dxa.parser.errors import ReportError
from dxa.parser.model import Report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DXA_WORDS = [
    "T-score",
    "Z-score",
    "BMD",
    "g/cm2",
    "L1-L4",
    "L2",
    "left",
    "right",
    "femoral neck",
    "total hip",
    "lumbar spine",
    "compared with",
    "04/11/2022",
    "FRAX",
    "%",
    "-2.5",
    "0.812",
    "(L3 excluded)",
    "and",
    ",",
    ".",
    ";",
    ":",
    "\n",
    "|",
    "Region BMD T-score Z-score",
    "both",
    "respectively",
    "at the",
    "minus",
    "−1.4",
    "mg/cm2",
    "Total",
    "LEFT HIP",
    "=",
]
dxa_like_text = st.lists(
    st.one_of(st.sampled_from(DXA_WORDS), st.text(max_size=6)), max_size=80
).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=3000), dxa_like_text))
def test_any_text_gives_a_report_or_a_report_error(text: str) -> None:
    try:
        result = parse_text(text)
    except ReportError:
        return
    assert isinstance(result, Report)
    assert result.measurements


# (site, side, region) -> how each phrasing names it
SITES = {
    ("lumbar_spine", None, "L1-L4"): "lumbar spine (L1-L4)",
    ("lumbar_spine", None, "L2-L4"): "L2-L4",
    ("femoral_neck", "left", None): "left femoral neck",
    ("femoral_neck", "right", None): "right femoral neck",
    ("total_hip", "left", None): "left total hip",
    ("total_hip", "right", None): "right total hip",
    ("radius_33", "left", None): "left one-third radius",
    ("total_body", None, None): "total body",
}


def score(value: float, minus: str) -> str:
    return f"{value:.1f}".replace("-", minus)


def line_per_site(label: str, bmd: float, t: float, z: float, minus: str) -> str:
    return f"{label.upper()}: BMD {bmd:.3f} g/cm2. T-score {score(t, minus)}. Z-score {score(z, minus)}."


def narrative(label: str, bmd: float, t: float, z: float, minus: str) -> str:
    return (
        f"The T-score at the {label} is {score(t, minus)}, with a bone mineral density of "
        f"{bmd:.3f} g/cm² and a Z-score of {score(z, minus)}."
    )


def score_first(label: str, bmd: float, t: float, z: float, minus: str) -> str:
    return f"A T-score of {score(t, minus)} and a Z-score of {score(z, minus)} at the {label} (BMD {bmd:.3f} gm/cm2)."


def terse(label: str, bmd: float, t: float, z: float, minus: str) -> str:
    return f"{label} t {score(t, minus)} z {score(z, minus)} bmd {bmd:.3f}"


TEMPLATES = [line_per_site, narrative, score_first, terse]

measurement = st.tuples(
    st.integers(300, 1500).map(lambda n: n / 1000),
    st.integers(-50, 30).map(lambda n: n / 10),
    st.integers(-40, 30).map(lambda n: n / 10),
)


@settings(max_examples=120, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(SITES, key=str)), measurement, min_size=1, max_size=5),
    st.lists(st.sampled_from(TEMPLATES), min_size=5, max_size=5),
    st.sampled_from(["-", "\u2212", "\u2013"]),
    st.booleans(),
)
def test_rendered_measurements_read_back(values, templates, minus, as_table) -> None:
    if as_table:
        rows = [
            f"{SITES[key]:<26}{bmd:<8.3f}{score(t, minus):<8}{score(z, minus)}"
            for key, (bmd, t, z) in values.items()
        ]
        text = "Region                    BMD     T-score Z-score\n" + "\n".join(rows)
    else:
        text = "\n".join(
            template(SITES[key], *numbers, minus)
            for template, (key, numbers) in zip(templates, values.items(), strict=False)
        )
    report = parse_text(text)
    read_back = {
        (m.site.value, m.side.value if m.side else None, m.region): (m.bmd, m.t_score, m.z_score)
        for m in report.measurements
    }
    assert read_back == values, text
    assert report.warnings == []


def run_on(values: dict, minus: str) -> str:
    """All sites in one sentence per kind: scores site by site, BMDs and Z-scores
    `respectively` after the list of sites."""
    items = list(values.items())
    names = [SITES[key] for key, _ in items]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    t_scores = ", ".join(f"{score(t, minus)} at the {SITES[key]}" for key, (_, t, _) in items)
    bmds = [f"{bmd:.3f}" for _, (bmd, _, _) in items]
    z_scores = [score(z, minus) for _, (_, _, z) in items]
    respectively = " respectively" if len(items) > 1 else ""

    def joined(parts: list[str]) -> str:
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    return (
        f"T-scores were {t_scores}.\n"
        f"The BMD values of the {listed} were {joined(bmds)} g/cm2{respectively}.\n"
        f"Z-scores for the {listed} were {joined(z_scores)}{respectively}."
    )


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(SITES, key=str)), measurement, min_size=1, max_size=4),
    st.sampled_from(["-", "\u2212"]),
)
def test_run_on_sentences_read_back(values, minus) -> None:
    text = run_on(values, minus)
    report = parse_text(text)
    read_back = {
        (m.site.value, m.side.value if m.side else None, m.region): (m.bmd, m.t_score, m.z_score)
        for m in report.measurements
    }
    assert read_back == values, text
