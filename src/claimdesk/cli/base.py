"""The click group every command hangs on, and the glue between library errors and click."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from claimdesk import __version__
from claimdesk.errors import ClaimdeskError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimdesk")
@click.option(
    "--db",
    "db_path",
    default="claims.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The SQLite database file.",
)
@click.pass_context
def cli(ctx: click.Context, db_path: str) -> None:
    """claimdesk: extract check-worthy claims, archive their sources, find evidence, review in Datasette."""
    ctx.obj = {"db_path": db_path}


def library_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a ClaimdeskError raised by the library into a one-line error and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ClaimdeskError as e:
            raise click.ClickException(one_line(str(e))) from e

    return wrapper


def one_line(message: str) -> str:
    return " ".join(message.split())


def echo_json(value: Any) -> None:
    """Write ``value`` as JSON to stdout: the only thing a ``--json`` command prints there."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
