"""``source add``: link source URLs to a claim."""

from __future__ import annotations

import click

from claimdesk.cli.base import cli, library_errors
from claimdesk.cli.reviewing import default_actor
from claimdesk.db import RELATIONS, open_db
from claimdesk.sources import add_sources


@cli.group()
def source() -> None:
    """Manage the sources linked to claims."""


@source.command("add")
@click.argument("claim_id", type=int)
@click.argument("urls", nargs=-1, required=True)
@click.option(
    "--relation",
    type=click.Choice(RELATIONS),
    default="unknown",
    show_default=True,
    help="What the source does for the claim.",
)
@click.option("--note", default=None, help="What the source says, in a few words.")
@click.option("--by", "actor", default=None, help="Who links it (default: $CLAIMDESK_ACTOR or your user name).")
@click.pass_obj
@library_errors
def source_add(
    obj: dict, claim_id: int, urls: tuple[str, ...], relation: str, note: str | None, actor: str | None
) -> None:
    """Link one or more source URLs to CLAIM_ID (all or none: a malformed URL changes nothing)."""
    db = open_db(obj["db_path"], create=False)
    ids = add_sources(db, claim_id, list(urls), relation=relation, note=note, actor=actor or default_actor())
    click.echo(f"claim {claim_id}: linked {len(ids)} source(s): {', '.join(map(str, ids))}")
