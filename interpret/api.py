"""The interpreter's entry point. (Placeholder: the interpreter work replaces the body.)"""

from __future__ import annotations

from collections.abc import Mapping

from interpret.model import ClinicalContext, Interpretation, SiteLsc
from parser.model import Report, Site


def interpret(
    report: Report,
    context: ClinicalContext | None = None,
    *,
    site_lsc: Mapping[Site, SiteLsc] | None = None,
) -> Interpretation:
    """Apply clinical-rules.md. Context values win over the report's own; `site_lsc` is the clinic's."""
    raise NotImplementedError("interpreter not built yet")
