"""``claimdesk extract``: the claims of one article file, without a database."""

from __future__ import annotations

import json
import sys

import click

from claimdesk.cli.base import cli, library_errors
from claimdesk.extract import iter_extract_article
from claimdesk.reader import read_article


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lang", help="Language of the article (id, en, fr, nl, ...); detected when not given.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of sentence records, nothing else.")
@click.option(
    "--all/--claims",
    "show_all",
    default=True,
    help="In the readable listing, show every sentence (default) or only check-worthy ones.",
)
@library_errors
def extract(file: str, lang: str | None, as_json: bool, show_all: bool) -> None:
    """Split FILE into sentences and score each one's check-worthiness.

    Every sentence is listed with its character span, section (title, body, byline, footer,
    comment), kind, dates, entities, numbers and the reasons behind its score.
    """
    article = read_article(file)
    sentences = iter_extract_article(article, lang)
    if as_json:
        write_json_list(s.to_dict() for s in sentences)
        return
    total = claims = 0
    for s in sentences:
        total += 1
        claims += s.checkworthy
        if not show_all and not s.checkworthy:
            continue
        mark = "*" if s.checkworthy else " "
        click.echo(f"\n{mark} [{s.start}:{s.end}] {s.section} {s.kind} {s.score:.2f}")
        click.echo(f"  {s.text}")
        details = [("dates", s.dates), ("entities", s.entities), ("numbers", s.numbers), ("urls", s.urls)]
        for name, values in details:
            if values:
                click.echo(f"  {name}: {', '.join(str(v) for v in values)}")
        if s.reasons:
            click.echo(f"  because: {'; '.join(s.reasons)}")
    click.echo(
        f"\n{article.slug}: {total} sentences, {claims} check-worthy (language {lang or article.language or 'unknown'})"
    )


def write_json_list(records) -> None:
    """Write a JSON list to stdout one record at a time (memory stays flat on a 20 MB file)."""
    out = sys.stdout
    out.write("[")
    for i, record in enumerate(records):
        out.write(",\n  " if i else "\n  ")
        out.write(json.dumps(record, ensure_ascii=False))
    out.write("\n]\n")
