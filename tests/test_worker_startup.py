"""What batch and watch import before forking their workers (`pipeline.import_readers`):
every module a report's processing would otherwise load in each new worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dxa.interpret import interpret, prepare
from dxa.parser import parse

from dxa.export.fhir import RESOURCE_MODULES, bundle_dict

ROOT = Path(__file__).resolve().parent.parent


def test_the_fhir_models_imported_ahead_are_those_of_every_resource_in_a_bundle() -> None:
    report = prepare(parse(ROOT / "samples" / "pdf" / "hologic_combined_multipage.pdf"))
    bundle = bundle_dict(report, interpret(report))
    kinds = {bundle["resourceType"]} | {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {f"fhir.resources.R4B.{kind.lower()}" for kind in kinds} == set(RESOURCE_MODULES)


def test_import_readers_loads_the_readers_and_the_fhir_models() -> None:
    probe = (
        "import sys\n"
        "from dxa.pipeline import import_readers\n"
        "from dxa.export.fhir import RESOURCE_MODULES\n"
        "import_readers()\n"
        "wanted = ('dxa.parser.document', 'dxa.parser.vendors', 'dxa.parser.text', *RESOURCE_MODULES)\n"
        "print([m for m in wanted if m not in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
