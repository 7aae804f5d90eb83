"""`dxa review OUT_DIR`: serve the clinician's review screen over a batch/watch output folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dxa.cliutil import EXIT_USAGE, debug_option
from dxa.commands.options import clinic_option, load_clinic_or_exit

MIN_TOKEN = 16


@click.command("review")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option(
    "--token",
    envvar="DXA_REVIEW_TOKEN",
    help="The session's token (or DXA_REVIEW_TOKEN); a random one is made and printed if "
    "not given. Required when --host is not a loopback address.",
)
@clinic_option
@debug_option
def review_command(
    out_dir: Path, host: str, port: int, token: str | None, clinic_file: Path | None, debug: bool
) -> None:
    """Review held reports in a browser: correct, approve, and write the final letters."""
    from dxa.review.security import is_loopback, new_token

    if not is_loopback(host) and not token:
        _usage(f"--host {host} is not a loopback address: give a --token to serve it.")
    if token is not None and len(token) < MIN_TOKEN:
        _usage(f"--token must be at least {MIN_TOKEN} characters.")
    clinic = load_clinic_or_exit(clinic_file, debug)
    import uvicorn

    from dxa.review.app import Settings, create_app

    token = token or new_token()
    hosts = tuple(dict.fromkeys([host.strip("[]"), "127.0.0.1", "localhost"]))
    app = create_app(Settings(out_dir=out_dir, token=token, clinic=clinic, hosts=hosts))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"dxa review: open http://{shown}:{port}/?token={token}")
    click.echo("Stop with Ctrl-C.")
    # No access log: addresses and timings only would be safe, but nothing is safer.
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _usage(sentence: str) -> None:
    click.echo(f"dxa: {sentence}", err=True)
    sys.exit(EXIT_USAGE)
