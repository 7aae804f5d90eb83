"""Clinic configuration: letterhead, signatory, paper size, and the date order (`dmy`/`mdy`)
that decides the dates a report's own dates leave ambiguous. The same file's per-site LSC
values are the interpretation's (interpret/clinic.py): read here, validated there, carried
as `ClinicConfig.interpretation`.

Read from a TOML or YAML file (`dxa letter --clinic FILE`), else a neutral built-in default.
A bad file becomes one `ConfigError` sentence so the CLI can stop before writing anything.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

import yaml
from dxa.interpret.clinic import DEFAULT_SETTINGS, ClinicSettings, split_clinic_file
from dxa.interpret.context import YamlRefused, bounded_yaml
from dxa.parser.errors import ReportError
from dxa.parser.limits import MAX_CONFIG_BYTES, MAX_LOGO_BYTES
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}

ShortText = Annotated[str, Field(min_length=1, max_length=200)]


class ConfigError(ReportError):
    reason = "invalid clinic configuration"


class ClinicConfig(BaseModel):
    """What a clinic puts on its letters; every field has a neutral default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ShortText = "Bone Density Service"
    address: list[ShortText] = Field(default_factory=list, max_length=6)
    phone: ShortText | None = None
    logo: Path | None = None
    signatory_name: ShortText = "Reporting clinician"
    signatory_title: ShortText | None = None
    paper_size: Literal["letter", "a4"] = "letter"
    # The file's interpretation keys (`lsc`), as interpret/clinic.py defines them.
    interpretation: ClinicSettings = DEFAULT_SETTINGS
    # How this clinic writes 03/04/2023 (day-first "dmy" or month-first "mdy"); unset, an
    # ambiguous date the report does not decide itself is left null for review.
    date_order: Literal["dmy", "mdy"] | None = None

    @field_validator("date_order", mode="before")
    @classmethod
    def _date_order_in_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("logo")
    @classmethod
    def _logo_is_a_small_image(cls, logo: Path | None) -> Path | None:
        """Checked here so a missing or odd logo fails before any letter is rendered."""
        if logo is None:
            return None
        if logo.suffix.lower() not in LOGO_TYPES:
            raise ValueError("the logo must be a PNG, JPEG or SVG file")
        if not logo.is_file():
            raise ValueError(f"the logo file {logo} does not exist")
        if logo.stat().st_size > MAX_LOGO_BYTES:
            raise ValueError(f"the logo file is larger than {MAX_LOGO_BYTES / 1e6:g} MB")
        return logo.resolve()

    @property
    def logo_media_type(self) -> str | None:
        return LOGO_TYPES[self.logo.suffix.lower()] if self.logo else None


DEFAULT_CLINIC = ClinicConfig()


def load_clinic_config(path: Path | None) -> ClinicConfig:
    """The clinic from a TOML (.toml) or YAML (.yaml/.yml) file, or the default when no file."""
    if path is None:
        return DEFAULT_CLINIC
    settings, data = split_clinic_file(_read_mapping(path))
    if "interpretation" in data:  # not a key of the file: its keys sit at the top level
        raise ConfigError(f"clinic configuration {path.name}: interpretation: unknown key")
    logo = data.get("logo")
    if isinstance(logo, str):
        data["logo"] = path.parent / logo  # a relative logo path is relative to the config file
    try:
        interpretation = ClinicSettings.model_validate(settings)
        return ClinicConfig.model_validate(data | {"interpretation": interpretation})
    except ValidationError as error:
        raise ConfigError(f"clinic configuration {path.name}: {_first_problem(error)}") from None


def _read_mapping(path: Path) -> dict:
    """The file's top-level table; any read or syntax problem is one ConfigError sentence."""
    suffix = path.suffix.lower()
    if suffix not in {".toml", ".yaml", ".yml"}:
        raise ConfigError(f"clinic configuration {path.name}: use a .toml, .yaml or .yml file")
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"clinic configuration {path.name}: file too large")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"clinic configuration {path.name}: cannot be read ({_os_reason(error)})"
        ) from None
    try:
        data = tomllib.loads(text) if suffix == ".toml" else bounded_yaml(text)
    except YamlRefused as refused:
        raise ConfigError(f"clinic configuration {path.name}: {refused}") from None
    except RecursionError:
        raise ConfigError(f"clinic configuration {path.name}: nested far too deeply") from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError, ValueError):
        kind = "TOML" if suffix == ".toml" else "YAML"
        raise ConfigError(f"clinic configuration {path.name}: not valid {kind}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"clinic configuration {path.name}: expected keys and values at the top level"
        )
    return data


def _os_reason(error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return "file not found"
    if isinstance(error, IsADirectoryError):
        return "it is a directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return type(error).__name__


def _first_problem(error: ValidationError) -> str:
    """`field.sub: message` for the first validation error, without pydantic's URL lines."""
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "file"
    message = problem["msg"].removeprefix("Value error, ")
    return f"{where}: {message}"
