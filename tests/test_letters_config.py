"""Clinic configuration: TOML or YAML, validated, and a bad file is one plain sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from dxa.interpret.model import SiteLsc
from dxa.letters.config import DEFAULT_CLINIC, ClinicConfig, ConfigError, load_clinic_config
from dxa.parser.errors import ReportError
from dxa.parser.model import Site

TOML = """
name = "Riverside Bone Clinic"
address = ["1 Example Road", "Sampletown"]
phone = "555-0100"
logo = "logo.svg"
signatory_name = "Dr. A. Placeholder"
signatory_title = "Consultant"
paper_size = "a4"

[lsc.lumbar_spine]
value = 0.028
unit = "g/cm2"

[lsc.total_hip]
value = 4.2
"""

YAML = """
name: Riverside Bone Clinic
paper_size: letter
lsc:
  femoral_neck: {value: 5.5, unit: percent}
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_no_file_gives_the_neutral_default() -> None:
    assert load_clinic_config(None) == DEFAULT_CLINIC
    assert DEFAULT_CLINIC.paper_size == "letter" and DEFAULT_CLINIC.logo is None


def test_toml_with_a_logo_relative_to_the_config_file(tmp_path: Path) -> None:
    write(tmp_path / "logo.svg", SVG)
    clinic = load_clinic_config(write(tmp_path / "clinic.toml", TOML))
    assert clinic.name == "Riverside Bone Clinic"
    assert clinic.paper_size == "a4"
    assert clinic.logo == (tmp_path / "logo.svg").resolve()
    assert clinic.logo_media_type == "image/svg+xml"
    assert clinic.interpretation.lsc[Site.lumbar_spine] == SiteLsc(value=0.028, unit="g/cm2")
    assert clinic.interpretation.lsc[Site.total_hip].unit == "percent"


def test_yaml(tmp_path: Path) -> None:
    clinic = load_clinic_config(write(tmp_path / "clinic.yaml", YAML))
    assert clinic.interpretation.lsc == {Site.femoral_neck: SiteLsc(value=5.5, unit="percent")}


@pytest.mark.parametrize(
    ("file_name", "text", "says"),
    [
        ("c.toml", 'paper_size = "legal"', "paper_size"),
        ("c.toml", 'nmae = "typo"', "nmae"),
        ("c.toml", "name = ", "not valid TOML"),
        ("c.yaml", "name: [unclosed", "not valid YAML"),
        ("c.yaml", "- a list", "top level"),
        ("c.toml", 'logo = "missing.png"', "does not exist"),
        ("c.toml", 'logo = "clinic.txt"', "PNG, JPEG or SVG"),
        ("c.toml", "[lsc.elbow]\nvalue = 1.0", "lsc.elbow"),
        ("c.toml", "[lsc.total_hip]\nvalue = -1", "lsc.total_hip.value"),
        ("c.json", "{}", ".toml, .yaml or .yml"),
    ],
)
def test_bad_config_is_one_sentence(tmp_path: Path, file_name: str, text: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_clinic_config(write(tmp_path / file_name, text))
    message = str(caught.value)
    assert says in message
    assert "\n" not in message and file_name in message
    assert isinstance(caught.value, ReportError)


def test_missing_config_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_clinic_config(tmp_path / "nowhere.toml")


def test_models_are_frozen_so_a_clinic_is_safe_to_share() -> None:
    with pytest.raises(ValueError):
        ClinicConfig().name = "x"  # type: ignore[misc]
