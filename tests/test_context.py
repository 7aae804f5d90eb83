"""Clinical context: files, sidecars, merging, and the shared command-line options."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from dxa.interpret.context import ContextError, load_context_file, merge_contexts, sidecar_for
from dxa.interpret.model import ClinicalContext

from dxa.context_options import ContextOptions, context_for, context_options


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_json_and_yaml_files_load_the_same(tmp_path: Path) -> None:
    data = {
        "sex": "female",
        "age": 67,
        "menopausal_status": "post",
        "fractures": [{"site": "vertebral", "years_ago": 0.5}],
        "frax": {"major_osteoporotic": 21.0, "hip": 2.4},
        "glucocorticoids_mg_per_day": 7.5,
        "glucocorticoid_months": 6,
        "on_treatment": "alendronate",
        "height_loss_cm": 5,
        "falls_last_year": 2,
    }
    from_json = load_context_file(write(tmp_path / "c.json", json.dumps(data)))
    yaml_text = (
        "sex: female\nage: 67\nmenopausal_status: post\n"
        "fractures:\n  - site: vertebral\n    years_ago: 0.5\n"
        "frax: {major_osteoporotic: 21.0, hip: 2.4}\nglucocorticoids_mg_per_day: 7.5\n"
        "glucocorticoid_months: 6\non_treatment: alendronate\nheight_loss_cm: 5\nfalls_last_year: 2\n"
    )
    from_yaml = load_context_file(write(tmp_path / "c.yaml", yaml_text))
    assert from_json == from_yaml
    assert from_json.fractures[0].years_ago == 0.5


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ('{"agee": 3}', "unknown key 'agee'"),
        ('{"age": 300}', "age must be at most 120 (got 300)"),
        ('{"frax": {"hip": 140}}', "frax.hip must be at most 100 (got 140)"),
        ('{"sex": "x"}', "sex must be"),
        ('{"menopausal_status": "late"}', "menopausal_status must be"),
        ('{"fractures": [{"site": "knee"}]}', "fractures.site must be"),
        ("[1, 2]", "must be a mapping"),
        ("{not json", "not valid JSON"),
    ],
)
def test_bad_context_is_one_sentence(tmp_path: Path, text: str, sentence: str) -> None:
    with pytest.raises(ContextError) as caught:
        load_context_file(write(tmp_path / "bad.json", text))
    message = str(caught.value)
    assert sentence in message
    assert "\n" not in message and message.startswith("context file bad.json")


def test_missing_context_file(tmp_path: Path) -> None:
    with pytest.raises(ContextError, match="file not found"):
        load_context_file(tmp_path / "nope.json")


def test_empty_yaml_is_an_empty_context(tmp_path: Path) -> None:
    assert load_context_file(write(tmp_path / "e.yml", "")) == ClinicalContext()


def test_sidecar_beside_the_report(tmp_path: Path) -> None:
    report = write(tmp_path / "scan_01.pdf", "x")
    assert sidecar_for(report) is None
    sidecar = write(tmp_path / "scan_01.context.yaml", "age: 70\n")
    assert sidecar_for(report) == sidecar


def test_merge_later_wins_per_key_and_per_frax_value() -> None:
    base = ClinicalContext(age=60, sex="female", frax={"major_osteoporotic": 12, "hip": 2})
    override = ClinicalContext(age=70, frax={"major_osteoporotic": 25})
    merged = merge_contexts(base, None, override)
    assert merged.age == 70
    assert merged.sex.value == "female"
    assert (merged.frax.major_osteoporotic, merged.frax.hip) == (25, 2)


def test_explicit_null_overrides() -> None:
    merged = merge_contexts(
        ClinicalContext(on_treatment="alendronate"), ClinicalContext(on_treatment=None)
    )
    assert merged.on_treatment is None


# ---------------------------------------------------------------- the click options


@click.command()
@click.argument("report")
@context_options
def show(report: str, context_options: ContextOptions) -> None:
    click.echo(context_for(report, context_options).model_dump_json(exclude_none=True))


def run_show(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(show, list(args))
    return result.exit_code, result.output


def test_flags_build_a_context(tmp_path: Path) -> None:
    code, output = run_show(
        str(tmp_path / "r.txt"),
        "--age=67",
        "--sex=female",
        "--menopause=post",
        "--fracture=vertebral:0.5",
        "--fracture=wrist",
        "--frax-mof=21",
        "--frax-hip=2.4",
        "--glucocorticoids=7.5:6",
        "--on-treatment=alendronate",
        "--height-loss=5",
        "--falls=2",
    )
    assert code == 0
    context = ClinicalContext.model_validate_json(output)
    assert context.age == 67 and context.menopausal_status == "post"
    assert [(f.site.value, f.years_ago) for f in context.fractures] == [
        ("vertebral", 0.5),
        ("wrist", None),
    ]
    assert (context.frax.major_osteoporotic, context.frax.hip) == (21, 2.4)
    assert (context.glucocorticoids_mg_per_day, context.glucocorticoid_months) == (7.5, 6)
    assert (context.on_treatment, context.height_loss_cm, context.falls_last_year) == (
        "alendronate",
        5,
        2,
    )


def test_sidecar_then_file_then_flags(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    write(tmp_path / "r.context.json", '{"age": 60, "sex": "female", "height_loss_cm": 3}')
    ctx = write(tmp_path / "ctx.yaml", "age: 65\nfrax: {hip: 2.0}\n")
    code, output = run_show(str(report), "--context", str(ctx), "--age", "71")
    assert code == 0
    context = ClinicalContext.model_validate_json(output)
    assert context.age == 71  # flag beats file beats sidecar
    assert context.sex.value == "female" and context.height_loss_cm == 3  # sidecar kept
    assert context.frax.hip == 2.0  # file kept


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--age", "300"], "--age must be at most 120"),
        (["--frax-mof", "140"], "--frax-mof must be at most 100"),
        (["--fracture", "knee"], "--fracture: site must be one of"),
        (["--glucocorticoids", "lots"], "--glucocorticoids: MG_PER_DAY must be a number"),
    ],
)
def test_bad_flags_exit_2_with_one_sentence(args: list[str], sentence: str) -> None:
    code, output = run_show("r.txt", *args)
    assert code == 2
    assert sentence in output
    assert "Traceback" not in output


def test_bad_context_file_exits_2(tmp_path: Path) -> None:
    ctx = write(tmp_path / "ctx.json", '{"colour": "blue"}')
    code, output = run_show("r.txt", "--context", str(ctx))
    assert code == 2
    assert "unknown key 'colour'" in output
