"""The `dxa` command line; each command lives in dxa/commands/."""

from __future__ import annotations

import json

import click

from dxa import __version__
from dxa.commands.parse import parse_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dxa")
def cli() -> None:
    """Turn DXA (bone density) reports into validated data and interpretation letters."""


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the report record."""
    from parser.model import Report

    click.echo(json.dumps(Report.model_json_schema(), indent=2))


cli.add_command(parse_command)


def _register_optional_commands() -> None:
    """Commands built by later pieces register here once their modules exist."""
    import importlib

    for module_name, attribute in [
        ("dxa.commands.interpret", "interpret_command"),
        ("dxa.commands.letter", "letter_command"),
        ("dxa.commands.batch", "batch_command"),
        ("dxa.commands.watch", "watch_command"),
    ]:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        cli.add_command(getattr(module, attribute))


_register_optional_commands()


def main() -> None:
    cli(prog_name="dxa")
