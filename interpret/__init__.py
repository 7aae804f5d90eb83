"""Interpreter stage: Report + clinical context become an Interpretation (clinical-rules.md)."""

from dxa.interpret.api import interpret
from dxa.interpret.model import ClinicalContext, Interpretation
from dxa.interpret.reference import prepare

__all__ = ["interpret", "prepare", "ClinicalContext", "Interpretation"]
