"""The `dxa` command line; each command lives in dxa/commands/."""

from __future__ import annotations

import json

import click

from dxa import __version__
from dxa.commands.audit import audit_command
from dxa.commands.batch import batch_command
from dxa.commands.export import export_command
from dxa.commands.interpret import interpret_command
from dxa.commands.letter import letter_command
from dxa.commands.parse import parse_command
from dxa.commands.review import review_command
from dxa.commands.watch import watch_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dxa")
def cli() -> None:
    """Turn DXA (bone density) reports into validated data and interpretation letters."""


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the report record."""
    from dxa.parser.model import Report

    click.echo(json.dumps(Report.model_json_schema(), indent=2))


for command in (
    parse_command,
    interpret_command,
    letter_command,
    batch_command,
    watch_command,
    review_command,
    export_command,
    audit_command,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="dxa")
