"""Clinical context from files, sidecars and merges (shared/contract.md, "Clinical context").

Every failure is a `ContextError` carrying one plain sentence, so the CLI can print it
without a traceback. It is a `ReportError` so that a bad sidecar beside one report fails
that report only, with the sentence, while the others go on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from dxa.interpret.model import ClinicalContext, ContextFrax, ContextSource
from dxa.parser.clean import excerpt, shorten, visible
from dxa.parser.errors import ReportError
from dxa.parser.limits import (
    MAX_CONTEXT_BYTES,
    MAX_CONTEXT_DEPTH,
    MAX_CONTEXT_NODES,
    MAX_NUMBER_DIGITS,
)
from dxa.parser.model import Report
from pydantic import ValidationError

SIDECAR_SUFFIXES = (".context.json", ".context.yaml", ".context.yml")
YAML_SUFFIXES = (".yaml", ".yml")


class ContextError(ReportError):
    """A clinical context that cannot be used; the message is one plain sentence."""

    reason = "invalid clinical context"


def describe_validation_error(
    error: ValidationError, origin: str, key_names: Mapping[str, str] | None = None
) -> str:
    """Turn pydantic's first complaint into one sentence naming the key and the rule.

    `key_names` renames keys for the reader (e.g. 'frax.hip' -> '--frax-hip').
    """
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"] if not isinstance(part, int)) or "context"
    key = shorten((key_names or {}).get(key, key))
    kind = first["type"]
    value = first.get("input")
    limits = first.get("ctx") or {}
    if kind == "extra_forbidden":
        return f"{origin}: unknown key '{key}'"
    if kind in {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}:
        return f"{origin}: {key} {_limit_phrase(limits)} (got {_number(value)})"
    if kind in {"literal_error", "enum"}:
        expected = limits.get("expected", "one of the allowed values")
        return f"{origin}: {key} must be {expected} (got {excerpt(value)})"
    return f"{origin}: {key}: {first['msg'].lower()} (got {excerpt(value)})"


def _number(value: Any) -> str:
    """120.0 -> '120', 2.5 -> '2.5'; anything else as is."""
    if isinstance(value, float) or (isinstance(value, int) and abs(value) < 10**MAX_NUMBER_DIGITS):
        return f"{value:g}"
    return excerpt(value)


def _limit_phrase(limits: dict[str, Any]) -> str:
    """'must be at most 120' and friends, from pydantic's constraint context."""
    for name, phrase in [
        ("le", "at most"),
        ("ge", "at least"),
        ("lt", "less than"),
        ("gt", "greater than"),
    ]:
        if name in limits:
            return f"must be {phrase} {_number(limits[name])}"
    return "is out of range"


def context_from_mapping(
    data: Any, origin: str, key_names: Mapping[str, str] | None = None
) -> ClinicalContext:
    """Validate a decoded JSON/YAML document (or flag values) as a ClinicalContext."""
    if data is None:
        return ClinicalContext()
    if not isinstance(data, dict):
        raise ContextError(f"{origin}: a context must be a mapping of keys to values")
    try:
        return ClinicalContext.model_validate(data)
    except ValidationError as error:
        raise ContextError(describe_validation_error(error, origin, key_names)) from None


def load_context_file(path: str | Path) -> ClinicalContext:
    """Read a JSON or YAML context file (YAML by suffix; JSON is also valid YAML)."""
    path = Path(path)
    origin = f"context file {visible(path.name)}"
    try:
        if path.stat().st_size > MAX_CONTEXT_BYTES:
            raise ContextError(f"{origin}: too large to be a clinical context")
        text = decode_context(path.read_bytes())
    except FileNotFoundError:
        raise ContextError(f"{origin}: file not found") from None
    except IsADirectoryError:
        raise ContextError(f"{origin}: is a directory, not a file") from None
    except (OSError, UnicodeDecodeError):
        raise ContextError(f"{origin}: cannot be read as text") from None
    return context_from_mapping(_decode(text, path, origin), origin)


def decode_context(data: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with its BOM, as editors save them."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


class _BoundedLoader(yaml.SafeLoader):
    """YAML without aliases, and with a bounded number and depth of values: a 400-byte
    document of nested aliases expands to gigabytes, and deep nesting exhausts the stack."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise YamlRefused("uses YAML aliases (*name), which dxa does not accept")
        self._nodes += 1
        if self._nodes > MAX_CONTEXT_NODES:
            raise YamlRefused("holds far more values than dxa reads")
        self._depth += 1
        try:
            if self._depth > MAX_CONTEXT_DEPTH:
                raise YamlRefused("is nested far more deeply than dxa reads")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class YamlRefused(ValueError):
    """A YAML document refused before it is built; the message ends the sentence."""


def bounded_yaml(text: str) -> Any:
    """YAML as `yaml.safe_load` reads it, but without aliases and with bounded size and
    depth (YamlRefused says which); for every YAML file a person or a sender supplies."""
    return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 (a SafeLoader)


def _decode(text: str, path: Path, origin: str) -> Any:
    """Decode JSON, or YAML for .yaml/.yml names; every malformed file is one sentence."""
    try:
        if path.suffix.lower() in YAML_SUFFIXES:
            return bounded_yaml(text)
        return json.loads(text)
    except YamlRefused as refused:
        raise ContextError(f"{origin}: {refused}") from None
    except yaml.YAMLError:
        raise ContextError(f"{origin}: not valid YAML") from None
    except json.JSONDecodeError as error:
        raise ContextError(f"{origin}: not valid JSON (line {error.lineno})") from None
    except RecursionError:
        raise ContextError(f"{origin}: is nested far more deeply than dxa reads") from None
    except (ValueError, OverflowError):  # a number of thousands of digits, a date like 2023-13-45
        raise ContextError(f"{origin}: has a value that cannot be read") from None


def sidecar_for(report_path: str | Path) -> Path | None:
    """The `<stem>.context.json|.yaml|.yml` beside a report, if one exists (first in that order)."""
    report_path = Path(report_path)
    for suffix in SIDECAR_SUFFIXES:
        candidate = report_path.with_name(report_path.stem + suffix)
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # a name too long for the file system: no such sidecar can exist
            continue
    return None


def merge_contexts(*contexts: ClinicalContext | None) -> ClinicalContext:
    """Later contexts win, key by key; only keys a context actually sets count.

    FRAX is merged per value (major osteoporotic, hip), so `--frax-mof` on the command line
    keeps the hip probability from a context file. Fractures are one key: a later list
    replaces an earlier one.
    """
    merged: dict[str, Any] = {}
    frax: dict[str, Any] = {}
    for context in contexts:
        if context is None:
            continue
        for key in context.model_fields_set:
            value = getattr(context, key)
            if key == "frax" and value is not None:
                frax.update({name: getattr(value, name) for name in value.model_fields_set})
            else:
                merged[key] = value
    if frax:
        merged["frax"] = ContextFrax(**frax)
    return ClinicalContext(**merged)


def context_for_report(
    report_path: str | Path | None, *explicit: ClinicalContext | None
) -> ClinicalContext:
    """The contract's precedence for one report: its sidecar, then each explicit context in
    order (a --context file, then flags); later wins. Stdin ("-") has no sidecar; a bad
    sidecar raises ContextError, so only that report fails."""
    return sourced_context_for_report(report_path, *explicit).context


@dataclass(frozen=True)
class SourcedContext:
    """A merged context and, for each key it sets, the layer that set it (`frax.hip` for
    one FRAX value), so the physician letter can say where each fact came from."""

    context: ClinicalContext = field(default_factory=ClinicalContext)
    sources: dict[str, ContextSource] = field(default_factory=dict)


def keys_set(context: ClinicalContext) -> list[str]:
    """The keys a context actually sets, FRAX per value."""
    keys = []
    for key in sorted(context.model_fields_set):
        value = getattr(context, key)
        if key == "frax":
            keys += [f"frax.{name}" for name in sorted(value.model_fields_set)] if value else []
        else:
            keys.append(key)
    return keys


def layered(*layers: tuple[ContextSource, ClinicalContext | None]) -> SourcedContext:
    """Merge layers, lowest first (report < sidecar < --context < flags), remembering which
    layer gave each key."""
    sources: dict[str, ContextSource] = {}
    for label, context in layers:
        if context is not None:
            sources.update(dict.fromkeys(keys_set(context), label))
    return SourcedContext(merge_contexts(*(context for _, context in layers)), sources)


def sourced_context_for_report(
    report_path: str | Path | None,
    file_context: ClinicalContext | None = None,
    flag_context: ClinicalContext | None = None,
) -> SourcedContext:
    """`context_for_report`, with each key's layer: sidecar, context_file or flags."""
    sidecar = None
    if report_path is not None and str(report_path) != "-":
        sidecar_path = sidecar_for(report_path)
        if sidecar_path is not None:
            sidecar = load_context_file(sidecar_path)
    return layered(("sidecar", sidecar), ("context_file", file_context), ("flags", flag_context))


HISTORY_KEYS = (
    "menopausal_status",
    "fractures",
    "glucocorticoids_mg_per_day",
    "glucocorticoid_months",
    "on_treatment",
    "treatment_years",
    "height_loss_cm",
    "falls_last_year",
)


def history_context(report: Report) -> ClinicalContext | None:
    """The report's own history as the lowest context layer: every fact it states, a
    negated one included (no fractures: [], not on treatment: null with its evidence)."""
    history = report.history
    if history is None:
        return None
    given = {
        key: getattr(history, key)
        for key in HISTORY_KEYS
        if key in history.evidence or getattr(history, key) is not None
    }
    if "fractures" in given and given["fractures"] is not None:
        given["fractures"] = [f.model_dump() for f in given["fractures"]]
    return ClinicalContext.model_validate(given) if given else None
