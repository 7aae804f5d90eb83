"""Interpreter stage: Report + clinical context become an Interpretation (clinical-rules.md)."""

from interpret.api import interpret
from interpret.model import ClinicalContext, Interpretation

__all__ = ["interpret", "ClinicalContext", "Interpretation"]
