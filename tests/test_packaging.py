"""`pip install .` installs one namespace, `dxa`, and every package folder is in it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def _package_folders() -> dict[str, Path]:
    """Every installed package name, with the repository folder it is built from."""
    mapping = SETUPTOOLS["package-dir"]
    found: dict[str, Path] = {}
    for prefix, folder in mapping.items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            relative = init.parent.relative_to(base).parts
            found[".".join((prefix, *relative))] = init.parent
    return found


def test_only_dxa_is_installed_at_the_top() -> None:
    assert {name.split(".")[0] for name in SETUPTOOLS["packages"]} == {"dxa"}
    assert {name.split(".")[0] for name in SETUPTOOLS["package-dir"]} == {"dxa"}


def test_every_package_folder_is_listed() -> None:
    assert set(_package_folders()) == set(SETUPTOOLS["packages"])


def test_stages_import_under_the_namespace() -> None:
    import dxa.interpret
    import dxa.letters
    import dxa.parser

    for module, folder in (
        (dxa.parser, "parser"),
        (dxa.interpret, "interpret"),
        (dxa.letters, "letters"),
    ):
        assert Path(module.__file__).parent == ROOT / folder


def test_letters_render_outside_the_repository(tmp_path: Path) -> None:
    """Run from another folder, only the installed `dxa` namespace is importable: the letter
    templates must be found through it (pytest's own folder hides a bare `letters`)."""
    import subprocess
    import sys

    code = "import dxa.letters.render as r; r._environment.get_template('physician.html')"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
