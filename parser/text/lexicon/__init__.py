"""The reader's vocabulary as data: one YAML file per kind of word (sites, sides, labels,
units, number words, sections, fields, modifiers).

A new phrasing is an entry in one of these files, not a regex edit. Files are read once.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """The parsed contents of `lexicon/<name>.yaml`."""
    text = files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first (so "left sided" beats "left")."""
    import re

    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
