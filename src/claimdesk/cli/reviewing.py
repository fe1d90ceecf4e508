"""``mark`` and ``claims``: record a verdict, list claims."""

from __future__ import annotations

import getpass
import json
import os

import click

from claimdesk.cli.base import cli, echo_json, library_errors
from claimdesk.db import SECTIONS, STATUSES, open_db
from claimdesk.reviews import check_status, record_review


def default_actor() -> str:
    return os.environ.get("CLAIMDESK_ACTOR") or getpass.getuser() or "cli"


@cli.command()
@click.argument("claim_id", type=int)
@click.argument("status")
@click.option("--note", default=None, help="Why: what the sources say.")
@click.option("--by", "actor", default=None, help="Who decides (default: $CLAIMDESK_ACTOR, else your user name).")
@click.option("--json", "as_json", is_flag=True, help="Print the review row as JSON.")
@click.pass_obj
@library_errors
def mark(obj: dict, claim_id: int, status: str, note: str | None, actor: str | None, as_json: bool) -> None:
    """Record a review of CLAIM_ID with STATUS.

    STATUS is one of: pending, verified, partly_verified, disputed, false, unverifiable.
    The review is appended to the claim's log; the claim's status becomes STATUS.
    """
    check_status(status)
    db = open_db(obj["db_path"], create=False)
    review = record_review(db, claim_id, status, actor=actor or default_actor(), note=note, via="cli")
    if as_json:
        echo_json(review)
    else:
        click.echo(f"claim {claim_id}: {status} (review {review['id']} by {review['actor']})")


@cli.command("claims")
@click.option("--article", help="Only claims of this article slug.")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims with this status.")
@click.option("--section", type=click.Choice(SECTIONS), help="Only sentences of this section.")
@click.option("--all", "show_all", is_flag=True, help="Every sentence, not only check-worthy claims.")
@click.option("--search", help="Full-text search in the claim text.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@click.pass_obj
@library_errors
def list_claims(
    obj: dict,
    article: str | None,
    status: str | None,
    section: str | None,
    show_all: bool,
    search: str | None,
    as_json: bool,
) -> None:
    """List claims (check-worthy sentences unless --all), with their status and sources."""
    from claimdesk.queries import find_claims

    db = open_db(obj["db_path"], create=False)
    rows = find_claims(
        db, article=article, status=status, section=section, checkworthy_only=not show_all, search=search
    )
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        mark_ = "*" if r["checkworthy"] else " "
        dates = ",".join(json.loads(r["dates"])) if r["dates"] != "[]" else ""
        click.echo(
            f"{r['id']:>5} {mark_} {r['status']:<15} {r['section']:<7} {r['sources']:>2} src  "
            f"{dates:<12} {r['text'][:90]}"
        )
    click.echo(f"{len(rows)} claims", err=True)
