"""The clinic's settings that the interpretation reads: today its least significant change
per site (clinical-rules.md §8), an input to the rules, not to the letterhead.

They live in the same clinic file as the letterhead (the file's format is unchanged: a
top-level `lsc` table); the file's reader (letters/config.py) hands these keys here, so the
interpretation's inputs are defined and validated on the interpretation's side.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dxa.interpret.model import SiteLsc
from dxa.parser.model import Site
from pydantic import BaseModel, ConfigDict, Field


class ClinicSettings(BaseModel):
    """What a clinic configures for the interpretation; every key optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Used when the report prints no LSC of its own, before the ISCD defaults (§8).
    lsc: dict[Site, SiteLsc] = Field(default_factory=dict)


DEFAULT_SETTINGS = ClinicSettings()
# The clinic file's top-level keys that belong to the interpretation.
INTERPRETATION_KEYS = tuple(ClinicSettings.model_fields)


def split_clinic_file(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A clinic file's top-level table -> (the interpretation's keys, everything else)."""
    ours = {key: value for key, value in data.items() if key in INTERPRETATION_KEYS}
    rest = {key: value for key, value in data.items() if key not in INTERPRETATION_KEYS}
    return ours, rest
