"""`dxa batch --cluster ... --ship-files`: the report's bytes travel to the worker, the outputs back.

For clusters without a shared file system. The coordinator reads each report (and its
context sidecar, and the clinic's logo) and sends the bytes; the worker processes a copy
in a temporary folder, recording the coordinator's path as the source, and returns the
folder's files; the coordinator publishes them (atomically, as always). The worker writes
nothing that outlives the task. The clinic configuration goes as loaded, its logo as bytes.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dxa.clinic import load_clinic
from dxa.interpret.context import SIDECAR_SUFFIXES
from dxa.pipeline import (
    PipelineOptions,
    PipelineResult,
    process_report,
    publish_folder,
)


@dataclass(frozen=True)
class ShippedReport:
    """One report as bytes, with what it needs from the coordinator's disk."""

    source: str  # the path the coordinator sees; recorded in the record's `source.path`
    name: str
    data: bytes
    sidecars: dict[str, bytes]
    options: PipelineOptions
    clinic: Any  # the loaded clinic configuration (letters.config), its logo as bytes below
    logo: tuple[str, bytes] | None


@dataclass(frozen=True)
class ShippedOutputs:
    """A finished report's folder, as names and bytes, for the coordinator to publish."""

    result: PipelineResult
    files: dict[str, bytes]


def ship(payload: tuple[Path, Path, PipelineOptions]) -> ShippedReport:
    """Read the report and its sidecar on the coordinator (the batch's own payload in)."""
    path, _, options = payload
    sidecars = {
        sidecar.name: sidecar.read_bytes()
        for suffix in SIDECAR_SUFFIXES
        if (sidecar := path.with_name(path.stem + suffix)).is_file()
    }
    clinic = load_clinic(options.clinic_file)
    logo = (clinic.logo.name, clinic.logo.read_bytes()) if clinic.logo else None
    return ShippedReport(str(path), path.name, path.read_bytes(), sidecars, options, clinic, logo)


def process_shipped(shipped: ShippedReport) -> ShippedOutputs:
    """The worker's task: process a copy in a temporary folder, return the outputs' bytes."""
    with tempfile.TemporaryDirectory(prefix="dxa-shipped-") as tmp:
        folder = Path(tmp)
        report = folder / "in" / Path(shipped.name).name
        report.parent.mkdir()
        report.write_bytes(shipped.data)
        for name, data in shipped.sidecars.items():
            (report.parent / Path(name).name).write_bytes(data)
        clinic = shipped.clinic
        if shipped.logo is not None:
            logo = folder / Path(shipped.logo[0]).name
            logo.write_bytes(shipped.logo[1])
            clinic = clinic.model_copy(update={"logo": logo})
        options = dataclasses.replace(shipped.options, clinic_file=None)
        result = process_report(
            report, folder / "out", options, source_path=shipped.source, clinic=clinic
        )
        files = {path.name: path.read_bytes() for path in result.files}
    relative = dataclasses.replace(result, output_dir=Path(result.output_dir.name), files=())
    return ShippedOutputs(relative, files)


def land(outputs: ShippedOutputs, out_dir: Path) -> PipelineResult:
    """Publish a shipped report's folder under `out_dir`, as a local worker would have."""
    folder = out_dir / outputs.result.output_dir.name
    publish_folder(folder, outputs.files)
    return dataclasses.replace(
        outputs.result,
        output_dir=folder,
        files=tuple(folder / name for name in sorted(outputs.files)),
    )
