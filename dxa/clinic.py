"""The clinic configuration, read once per process (workers handle many reports).

Light to import: the command line loads the clinic before it knows which stages it needs.
"""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def load_clinic(clinic_file: Path | None):
    """The clinic file as loaded by `letters.config`; cached, so that batch and watch read it
    once in the parent and their forked workers inherit it instead of reading it again."""
    from dxa.letters.config import load_clinic_config

    return load_clinic_config(clinic_file)
