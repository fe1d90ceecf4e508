"""``claimdesk match`` (one claim against one file) and ``claimdesk evidence`` (the whole database)."""

from __future__ import annotations

import json

import click

from claimdesk.cli.base import cli, echo_json, library_errors
from claimdesk.db import open_db
from claimdesk.evidence import compute_evidence, match_file


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--claim", "claim_text", required=True, help="The claim to look for, as written in the article.")
@click.option("--lang", help="Language of FILE (id, en, fr, nl, ...); from the page or detected when not given.")
@click.option("--claim-lang", help="Language of the claim; detected when not given.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(min=1), help="How many passages to list.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of passages, nothing else.")
@library_errors
def match(file: str, claim_text: str, lang: str | None, claim_lang: str | None, top: int, as_json: bool) -> None:
    """Rank the passages of FILE (HTML or text) that bear on a claim, best first.

    Passages agree with the claim through dates, entities (the alias table), numbers and
    ordinals, and cross-lingual terms; a conflicting date ranks a passage down. Each passage
    has its span in the file's text (for HTML, the extracted text) and "matched", which says
    what agreed and what conflicted.
    """
    passages = match_file(claim_text, file, lang, claim_lang=claim_lang, top=top)
    if as_json:
        echo_json([p.to_dict() for p in passages])
        return
    if not passages:
        click.echo("no passage agrees with the claim")
    for i, p in enumerate(passages, 1):
        click.echo(f"\n{i}. [{p.start}:{p.end}] score {p.score:.3f}")
        click.echo(f"   {p.text}")
        click.echo(f"   matched: {json.dumps(p.matched, ensure_ascii=False, sort_keys=True)}")


@cli.command()
@click.option("--top", default=3, show_default=True, type=click.IntRange(min=1), help="Passages kept per pair.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON, nothing else.")
@click.pass_context
@library_errors
def evidence(ctx: click.Context, top: int, as_json: bool) -> None:
    """Compute evidence for every check-worthy claim and every archived snapshot of its sources.

    Re-running leaves unchanged claim/snapshot pairs untouched, so the rows stay the same.
    """
    db = open_db(ctx.obj["db_path"], create=False)
    summary = compute_evidence(db, top=top)
    if as_json:
        echo_json(summary.to_dict())
    else:
        click.echo(summary.line())
