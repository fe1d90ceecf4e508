"""``claimdesk export KIND OUT``: one command, one library function per kind.

Each exporter is ``function(db, out_path, **options) -> one-line summary``. The command's options
are passed to the exporters whose signature names them; naming on the command line an option the
chosen kind does not take is a usage error rather than silently ignored.
"""

from __future__ import annotations

import importlib
import inspect

import click
from click.core import ParameterSource

from claimdesk.cli.base import cli, library_errors, one_line
from claimdesk.db import open_db
from claimdesk.errors import InputError

# kind -> "module:function"; each function takes (db, out_path, **options) and returns a one-line summary.
EXPORTERS = {
    "claimreview": "claimdesk.claimreview:export_claimreview",
    "csv": "claimdesk.tabular:export_csv",
    "report": "claimdesk.report:export_report",
    "warc": "claimdesk.warc:export_warc",
}

# command-line option -> the exporter keyword it fills
OPTIONS = {"article": "article", "org_name": "org_name", "org_url": "org_url", "labels": "labels", "bom": "bom"}


def load_exporter(kind: str):
    module_name, _, function_name = EXPORTERS[kind].partition(":")
    return getattr(importlib.import_module(module_name), function_name)


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


@cli.command()
@click.argument("kind", type=click.Choice(sorted(EXPORTERS)))
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--article", metavar="SLUG", help="Only this article (claimreview, csv, report).")
@click.option(
    "--org-name",
    envvar="CLAIMDESK_ORG_NAME",
    help="The reviewing organisation named as ClaimReview author [env CLAIMDESK_ORG_NAME; default: claimdesk].",
)
@click.option("--org-url", envvar="CLAIMDESK_ORG_URL", help="Its website [env CLAIMDESK_ORG_URL].")
@click.option(
    "--labels",
    type=click.Choice(["en", "id"]),
    help="Language of the ClaimReview rating names: en (True, Partly true...) or id (Benar, Sebagian benar...).",
)
@click.option(
    "--bom/--no-bom", default=None, help="CSV: start with a UTF-8 byte-order mark for Excel [default: --bom]."
)
@click.pass_context
@library_errors
def export(ctx: click.Context, kind: str, out: str, **options: object) -> None:
    """Export the database as KIND to the file OUT.

    \b
    claimreview  schema.org ClaimReview JSON-LD (a JSON list) of every published verdict
    csv          one row per check-worthy claim, with its newest review and sources
    report       one self-contained HTML page: the article with claims marked, notes, sources
    warc         the archived snapshots as WARC 1.1
    """
    exporter = load_exporter(kind)
    accepted = set(inspect.signature(exporter).parameters)
    kwargs = {}
    for name, keyword in OPTIONS.items():
        if keyword in accepted:
            if options[name] is not None:
                kwargs[keyword] = options[name]
        elif ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE:
            takers = sorted(k for k in EXPORTERS if keyword in inspect.signature(load_exporter(k)).parameters)
            raise click.UsageError(f"{_flag(name)} applies to export {', '.join(takers)}, not {kind}", ctx)
    db = open_db(ctx.obj["db_path"], create=False)
    try:
        summary = exporter(db, out, **kwargs)
    except OSError as e:
        raise InputError(f"cannot write {out}: {one_line(e.strerror or str(e))}") from e
    click.echo(summary, err=True)
