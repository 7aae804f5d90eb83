"""Start-up: `dxa --help` lists every command without importing any of them, and the
listing says what each command's own help says."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from dxa.cli import COMMANDS, cli

# Modules `dxa --help` must not load: each costs tens to hundreds of milliseconds.
HEAVY = ("pydantic", "weasyprint", "pdfplumber", "pypdfium2", "yaml", "watchdog", "dxa.commands")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listing_says_what_each_command_says(name: str) -> None:
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None and command.name == name
    assert COMMANDS[name][2] == command.get_short_help_str(limit=1000)


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1]
    for name in (*COMMANDS, "schema"):
        assert f"  {name} " in listed


def test_help_and_version_load_no_command_and_no_heavy_library() -> None:
    probe = (
        "import sys\n"
        "from dxa.cli import cli\n"
        "for args in (['--help'], ['--version']):\n"
        "    try:\n"
        "        cli(args, prog_name='dxa')\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "dxa, version" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"
