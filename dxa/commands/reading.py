"""One report read and interpreted the way every interpreting command does it."""

from __future__ import annotations

from collections.abc import Callable

from dxa.cliutil import read_input
from dxa.context_options import ContextOptions, sourced_context_for
from dxa.interpret import interpret, prepare
from dxa.interpret.model import Interpretation
from dxa.letters.config import ClinicConfig
from dxa.parser.model import Report


def read_and_interpret(
    name: str,
    clinic: ClinicConfig,
    options: ContextOptions,
    pdf_reader: str | None,
    ocr: str = "auto",
    meanwhile: Callable[[], None] | None = None,
) -> tuple[Report, Interpretation]:
    """The prepared record (derived T-scores) and its interpretation: context from the
    sidecar < --context < flags, dates and LSC from the clinic. `dxa interpret`, `letter`
    and `export` show the same report the same way. `meanwhile`: see `read_input`."""
    report = prepare(read_input(name, clinic.date_order, pdf_reader, ocr, meanwhile))
    given = sourced_context_for(name, options)
    interpretation = interpret(
        report, given.context, site_lsc=clinic.interpretation.lsc, context_sources=given.sources
    )
    return report, interpretation
