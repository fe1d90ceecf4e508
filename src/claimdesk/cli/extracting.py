"""``claimdesk extract``: the claims of one article file, without a database."""

from __future__ import annotations

import click

from claimdesk.cli.base import cli, echo_json, library_errors
from claimdesk.extract import extract_article
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
    sentences = extract_article(article, lang)
    if as_json:
        echo_json([s.to_dict() for s in sentences])
        return
    claims = sum(s.checkworthy for s in sentences)
    click.echo(
        f"{article.slug}: {len(sentences)} sentences, {claims} check-worthy "
        f"(language {lang or article.language or 'unknown'})"
    )
    for s in sentences:
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
