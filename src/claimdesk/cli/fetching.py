"""``claimdesk fetch``: archive the sources that are due, with a progress bar on a terminal."""

from __future__ import annotations

import sys
from typing import Any

import click

from claimdesk.cli.base import cli, library_errors
from claimdesk.db import open_db
from claimdesk.fetch import FetchOptions, Summary, run_fetch_sources
from claimdesk.netguard import AddressPolicy


@cli.command()
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Deadline of each fetch in seconds: every redirect hop and retry, connect, headers and body.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Fetches in flight at once.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=50_000_000,
    show_default=True,
    help="Largest body kept, counted after decompression.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow loopback, private and other non-public addresses (tests, intranets).",
)
@click.option(
    "--stale",
    "stale_days",
    type=click.FloatRange(min=0),
    default=None,
    metavar="DAYS",
    help="Also re-fetch sources whose newest snapshot is older than DAYS (conditional requests).",
)
@click.option(
    "--per-host",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Requests in flight to one host.",
)
@click.option(
    "--per-host-delay",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds between the starts of two requests to one host.",
)
@click.option(
    "--source",
    "source_ids",
    type=int,
    multiple=True,
    metavar="ID",
    help="Fetch only this source (repeatable), whatever its state.",
)
@click.pass_obj
@library_errors
def fetch(
    obj: dict[str, Any],
    timeout: float,
    concurrency: int,
    max_bytes: int,
    allow_private: bool,
    stale_days: float | None,
    per_host: int,
    per_host_delay: float,
    source_ids: tuple[int, ...],
) -> None:
    """Fetch and archive every source not fetched yet or whose last fetch failed.

    With --stale DAYS also re-check sources archived more than DAYS ago (conditional requests;
    changed content is flagged); with --source only the sources named. A source is called dead
    after two 404/410 in a row.
    """
    db = open_db(obj["db_path"], create=False)
    options = FetchOptions(
        timeout=timeout,
        concurrency=concurrency,
        max_bytes=max_bytes,
        policy=AddressPolicy(allow_private=allow_private),
        stale_days=stale_days,
        per_host=per_host,
        per_host_delay=per_host_delay,
    )
    summary = Summary()
    bar: Any = None
    show_bar = sys.stderr.isatty()

    def on_start(total: int) -> None:
        nonlocal bar
        if show_bar and total:
            bar = click.progressbar(length=total, label="fetching", file=sys.stderr)
            bar.__enter__()

    def progress(source_id: int, outcome: str) -> None:
        if bar is not None:
            bar.update(1)

    try:
        run_fetch_sources(
            db,
            options,
            source_ids=list(source_ids) or None,
            progress=progress,
            on_start=on_start,
            summary=summary,
        )
    except KeyboardInterrupt:
        summary.interrupted = True
        if bar is not None:
            bar.__exit__(None, None, None)
        click.echo(summary.line(), err=True)
        raise SystemExit(130) from None
    if bar is not None:
        bar.__exit__(None, None, None)
    click.echo(summary.line(), err=True)
