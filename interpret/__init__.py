"""Interpreter stage: Report + clinical context become an Interpretation (clinical-rules.md)."""

from interpret.api import interpret
from interpret.model import ClinicalContext, Interpretation
from interpret.reference import prepare

__all__ = ["interpret", "prepare", "ClinicalContext", "Interpretation"]
