"""Loading the renderer: fontTools' subsetter and variable-font instancer wait until used
(letters/weasyload.py), and still work when they are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import sys
from pathlib import Path

from dxa.interpret import interpret, prepare
from dxa.letters.config import ClinicConfig
from dxa.letters.render import render
from dxa.letters.weasyload import has_harfbuzz_subset
from dxa.parser import parse

def loaded():
    return sorted(
        name for name in ("fontTools.varLib.instancer", "fontTools.varLib")
        if name in sys.modules
    ) + [type(sys.modules["fontTools.subset"]).__name__]

print("imported", loaded())
report = prepare(parse(Path("samples/text/01_line_per_site.txt")))
pdf = render(report, interpret(report), "physician", ClinicConfig(), "pdf")
assert pdf.startswith(b"%PDF")
print("rendered", loaded(), has_harfbuzz_subset())

import weasyprint.pdf.fonts as fonts
from fontTools.varLib import instancer

instancer.instantiateVariableFont = lambda font, axes, static: ("real", font, axes, static)
print("forwarded", fonts.instantiateVariableFont("F", {"wght": 400}, static=True))
print("subsetter", hasattr(fonts.subset, "Subsetter"))
"""


def _probe() -> dict[str, str]:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def test_fonttools_subsetter_and_instancer_wait_until_used_and_then_work() -> None:
    lines = _probe()
    assert lines["imported"] == "['_LazyModule']"  # neither instancer nor subsetter has run
    rendered, harfbuzz = lines["rendered"].rsplit(" ", 1)
    if harfbuzz == "True":  # HarfBuzz subsets: a letter never needs fontTools' own tools
        assert rendered == "['_LazyModule']"
    assert lines["forwarded"] == "('real', 'F', {'wght': 400}, True)"
    assert lines["subsetter"] == "True"


LETTER_PROBE = """
import sys
from click.testing import CliRunner
from dxa.cli import cli

result = CliRunner().invoke(cli, ["letter", *sys.argv[1:]])
assert result.exit_code == 0, result.output
print(len(result.stdout.split()), "dxa.parser.vendors" in sys.modules)
"""


def test_one_report_is_read_beside_the_renderer_loading(tmp_path: Path) -> None:
    """One file: this process loads the renderer while the child reads, and never imports
    the PDF readers itself (the child does). More files: it imports them once, before
    forking the next child, which then starts with them loaded."""
    pdfs = sorted((ROOT / "samples" / "pdf").glob("hologic_*.pdf"))[:2]

    def letter(*files: Path) -> str:
        args = [*map(str, files), "--out", str(tmp_path / "out")]
        result = subprocess.run(
            [sys.executable, "-c", LETTER_PROBE, *args], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert letter(pdfs[0]) == "2 False"
    assert letter(*pdfs) == "4 True"
