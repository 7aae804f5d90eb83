"""`dxa parse FILE...`: the Report record as JSON."""

from __future__ import annotations

import sys

import click

from dxa.cliutil import debug_option, emit_json, for_each_file, read_input


@click.command("parse")
@click.argument("files", nargs=-1, required=True)
@debug_option
def parse_command(files: tuple[str, ...], debug: bool) -> None:
    """Read reports (PDF or text; - for text on stdin) and print their records as JSON."""
    many = len(files) > 1

    def handle(name: str) -> None:
        emit_json(read_input(name).to_json_dict(), many=many)

    sys.exit(for_each_file(files, handle, debug=debug))
