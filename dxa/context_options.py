"""The clinical-context options shared by `dxa interpret` and `dxa letter`.

`context_options` adds `--context FILE` and one flag per context key. The file and the
flags are validated once, before any report is read, so a bad context is a usage error
(exit 2, one sentence). The command receives them as one `context_options: ContextOptions`
argument and asks `context_for(report_path, options)` for each report's merged context:
sidecar < --context file < flags.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from dxa.interpret.context import (
    ContextError,
    SourcedContext,
    context_for_report,
    context_from_mapping,
    load_context_file,
    sourced_context_for_report,
)
from dxa.interpret.model import ClinicalContext, FractureSite

FLAG_NAMES = (
    "context_file",
    "age",
    "sex",
    "menopause",
    "fracture",
    "frax_mof",
    "frax_hip",
    "glucocorticoids",
    "on_treatment",
    "height_loss",
    "falls",
)


# Context keys as the flags that set them, for error messages.
FLAG_FOR_KEY = {
    "age": "--age",
    "sex": "--sex",
    "menopausal_status": "--menopause",
    "fractures.site": "--fracture",
    "fractures.years_ago": "--fracture YEARS_AGO",
    "frax.major_osteoporotic": "--frax-mof",
    "frax.hip": "--frax-hip",
    "glucocorticoids_mg_per_day": "--glucocorticoids",
    "glucocorticoid_months": "--glucocorticoids MONTHS",
    "on_treatment": "--on-treatment",
    "height_loss_cm": "--height-loss",
    "falls_last_year": "--falls",
}


@dataclass(frozen=True)
class ContextOptions:
    """The validated --context file and flags of one command run."""

    file_context: ClinicalContext | None
    flag_context: ClinicalContext


def context_for(report_path: str | Path | None, options: ContextOptions) -> ClinicalContext:
    """The context for one report: its sidecar, then the --context file, then the flags.

    A bad sidecar raises ContextError (a ReportError): that report fails with the sentence.
    `report_path` None or "-" (stdin) has no sidecar.
    """
    return context_for_report(report_path, options.file_context, options.flag_context)


def sourced_context_for(report_path: str | Path | None, options: ContextOptions) -> SourcedContext:
    """`context_for`, with the layer (sidecar, context_file, flags) that gave each key, for
    the physician letter's listing of the facts used."""
    return sourced_context_for_report(report_path, options.file_context, options.flag_context)


def split_pair(text: str, flag: str, first: str, second: str) -> tuple[str, str | None]:
    """'A[:B]' -> (A, B or None)."""
    head, _, tail = text.partition(":")
    if not head.strip():
        raise click.UsageError(f"{flag} needs {first}[:{second}] (got {text!r})")
    return head.strip(), (tail.strip() or None)


def to_number(text: str, flag: str, what: str) -> float:
    """A number from a flag value, or a usage error naming the flag."""
    try:
        return float(text)
    except ValueError:
        raise click.UsageError(f"{flag}: {what} must be a number (got {text!r})") from None


def fracture_entry(text: str) -> dict[str, Any]:
    """'vertebral:0.5' -> {"site": "vertebral", "years_ago": 0.5}."""
    site, years = split_pair(text, "--fracture", "SITE", "YEARS_AGO")
    known = [member.value for member in FractureSite]
    if site.lower() not in known:
        raise click.UsageError(f"--fracture: site must be one of {', '.join(known)} (got {site!r})")
    entry: dict[str, Any] = {"site": site.lower()}
    if years is not None:
        entry["years_ago"] = to_number(years, "--fracture", "YEARS_AGO")
    return entry


def flags_to_mapping(values: dict[str, Any]) -> dict[str, Any]:
    """The context keys the flags set (unset flags are left out so they override nothing)."""
    data: dict[str, Any] = {}
    simple = {
        "age": "age",
        "sex": "sex",
        "menopause": "menopausal_status",
        "on_treatment": "on_treatment",
        "height_loss": "height_loss_cm",
        "falls": "falls_last_year",
    }
    for flag, key in simple.items():
        if values.get(flag) is not None:
            data[key] = values[flag]
    if values.get("fracture"):
        data["fractures"] = [fracture_entry(text) for text in values["fracture"]]
    frax = {}
    if values.get("frax_mof") is not None:
        frax["major_osteoporotic"] = values["frax_mof"]
    if values.get("frax_hip") is not None:
        frax["hip"] = values["frax_hip"]
    if frax:
        data["frax"] = frax
    if values.get("glucocorticoids"):
        dose, months = split_pair(values["glucocorticoids"], "--glucocorticoids", "MG", "MONTHS")
        data["glucocorticoids_mg_per_day"] = to_number(dose, "--glucocorticoids", "MG_PER_DAY")
        if months is not None:
            data["glucocorticoid_months"] = to_number(months, "--glucocorticoids", "MONTHS")
    return data


def build_context_options(values: dict[str, Any]) -> ContextOptions:
    """Validate the --context file and the flags; any problem is a click.UsageError (exit 2)."""
    try:
        file_context = None
        if values.get("context_file"):
            file_context = load_context_file(values["context_file"])
        flag_context = context_from_mapping(
            flags_to_mapping(values), "command-line options", FLAG_FOR_KEY
        )
    except ContextError as error:
        raise click.UsageError(str(error)) from None
    return ContextOptions(file_context=file_context, flag_context=flag_context)


_OPTIONS = [
    click.option(
        "--context",
        "context_file",
        type=click.Path(dir_okay=False),
        help="Clinical context file (JSON or YAML).",
    ),
    click.option("--age", type=float, help="Age in years."),
    click.option("--sex", type=click.Choice(["female", "male"]), help="Sex."),
    click.option(
        "--menopause", type=click.Choice(["pre", "peri", "post"]), help="Menopausal status."
    ),
    click.option(
        "--fracture",
        multiple=True,
        metavar="SITE[:YEARS_AGO]",
        help="A fragility fracture (hip, vertebral, wrist, humerus, pelvis, other); repeatable.",
    ),
    click.option("--frax-mof", type=float, help="FRAX 10-year major osteoporotic risk, %."),
    click.option("--frax-hip", type=float, help="FRAX 10-year hip fracture risk, %."),
    click.option(
        "--glucocorticoids", metavar="MG_PER_DAY[:MONTHS]", help="Glucocorticoid dose and duration."
    ),
    click.option("--on-treatment", metavar="DRUG", help="Current osteoporosis treatment."),
    click.option("--height-loss", type=float, metavar="CM", help="Historical height loss, cm."),
    click.option("--falls", type=int, metavar="N", help="Falls in the last year."),
]


def context_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Click decorator: adds the context options and passes `context_options: ContextOptions`."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name, None) for name in FLAG_NAMES}
        kwargs["context_options"] = build_context_options(values)
        return command(*args, **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
