"""``claimdesk export KIND OUT``: one command, one library function per kind."""

from __future__ import annotations

import importlib

import click

from claimdesk.cli.base import cli, library_errors
from claimdesk.db import open_db

# kind -> "module:function"; each function takes (db, out_path) and returns a one-line summary.
EXPORTERS = {
    "warc": "claimdesk.warc:export_warc",
}


@cli.command()
@click.argument("kind", type=click.Choice(sorted(EXPORTERS)))
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.pass_obj
@library_errors
def export(obj: dict, kind: str, out: str) -> None:
    """Export the database as KIND to the file OUT."""
    module_name, _, function_name = EXPORTERS[kind].partition(":")
    exporter = getattr(importlib.import_module(module_name), function_name)
    db = open_db(obj["db_path"], create=False)
    summary = exporter(db, out)
    click.echo(summary, err=True)
