"""``build`` and ``dump``: the database from seeds/ and claims/, and back to claims/."""

from __future__ import annotations

import click

from claimdesk.build import build as build_database
from claimdesk.cli.base import cli, echo_json, library_errors
from claimdesk.db import open_db
from claimdesk.ledger import dump_ledger


@cli.command()
@click.option(
    "--seeds",
    "seeds_dir",
    default="seeds",
    show_default=True,
    help="Folder of articles: NAME.txt or NAME.html, each with an optional NAME.json.",
)
@click.option(
    "--ledger",
    "ledger_dir",
    default="claims",
    show_default=True,
    help="Folder of the review ledger (claims/<slug>.json) to merge in.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the row counts as JSON.")
@click.pass_obj
@library_errors
def build(obj: dict, seeds_dir: str, ledger_dir: str, as_json: bool) -> None:
    """Build (or update) the database from the seed articles and the ledger.

    Idempotent: running it again changes nothing. Review entries in the ledger are merged as a
    union with those in the database; a claim's status is its newest review.
    """
    result = build_database(obj["db_path"], seeds_dir, ledger_dir)
    if as_json:
        echo_json(result.counts)
    else:
        click.echo(f"{obj['db_path']}: {result.summary()}")


@cli.command()
@click.option(
    "--ledger", "ledger_dir", default="claims", show_default=True, help="Folder to write the ledger files into."
)
@click.pass_obj
@library_errors
def dump(obj: dict, ledger_dir: str) -> None:
    """Write the review ledger: one deterministic JSON file per article.

    Files that would not change are not rewritten, so `git diff` shows exactly the new work.
    """
    db = open_db(obj["db_path"], create=False)
    written = dump_ledger(db, ledger_dir)
    changed = [str(p) for p, c in written if c]
    click.echo(f"{len(written)} ledger files, {len(changed)} changed" + (": " + ", ".join(changed) if changed else ""))
