"""Sources: the URLs a claim is checked against, and their links to claims."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import sqlite_utils

from claimdesk.db import RELATIONS, utcnow
from claimdesk.errors import InputError, NotFound
from claimdesk.reviews import claim_row

__all__ = [
    "RELATIONS",
    "add_sources",
    "link_source",
    "normalise_url",
    "set_relation",
    "upsert_source",
    "web_url",
]


def normalise_url(url: str) -> str:
    """Return ``url`` trimmed, with scheme and host lower-cased; raise InputError if it is not
    an absolute http(s) URL with a host."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError for a bad port
    except ValueError as e:
        raise InputError(f"malformed URL {url!r}: {e}") from e
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"malformed URL {url!r}: expected an absolute http:// or https:// URL")
    if not parts.hostname or any(c.isspace() for c in text):
        raise InputError(f"malformed URL {url!r}: no host, or white space inside")
    netloc = parts.hostname.lower()
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    if parts.username or parts.password:
        raise InputError(f"malformed URL {url!r}: credentials in a source URL are not accepted")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, parts.fragment))


def web_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL safe to put in a link, else None: a ``javascript:``
    or ``data:`` URL from an article's metadata must never become a link."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(ord(c) < 32 or c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def upsert_source(db: sqlite_utils.Database, url: str) -> int:
    """The id of the source for ``url`` (already normalised), creating it if needed."""
    existing = list(db.query("SELECT id FROM sources WHERE url = ?", [url]))
    if existing:
        return existing[0]["id"]
    cursor = db.execute(
        "INSERT INTO sources (url, domain, added_at) VALUES (?, ?, ?)",
        [url, urlsplit(url).hostname, utcnow()],
    )
    return cursor.lastrowid


ON_CONFLICT = {
    # the link exists: take the new relation and note
    "replace": "DO UPDATE SET relation = excluded.relation, note = COALESCE(excluded.note, note), "
    "updated_at = excluded.updated_at",
    # the link exists: leave it as it is
    "keep": "DO NOTHING",
    # the link exists: take the new relation and note only if they were decided later (ledger merge)
    "newer": "DO UPDATE SET relation = excluded.relation, note = excluded.note, updated_at = excluded.updated_at "
    "WHERE excluded.updated_at IS NOT NULL "
    "AND (claim_sources.updated_at IS NULL OR excluded.updated_at > claim_sources.updated_at)",
}
NOW = "now"


def link_source(
    db: sqlite_utils.Database,
    claim_id: int,
    url: str,
    *,
    relation: str = "unknown",
    note: str | None = None,
    actor: str | None = None,
    on_conflict: str = "replace",
    edited_at: str | None = NOW,
) -> int:
    """Link ``url`` to a claim and return the source id.

    ``edited_at`` is when a person decided the relation and note (now, by default); None for a
    link nobody decided (a URL the article cites). ``on_conflict`` says what happens to a link that
    exists already: "replace", "keep", or "newer" (only a later decision wins; the ledger merge).
    """
    if relation not in RELATIONS:
        raise InputError(f"unknown relation {relation!r}; expected one of: {', '.join(RELATIONS)}")
    claim_row(db, claim_id)
    source_id = upsert_source(db, normalise_url(url))
    now = utcnow()
    db.execute(
        "INSERT INTO claim_sources (claim_id, source_id, relation, note, added_by, added_at, updated_at) "
        f"VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id, source_id) {ON_CONFLICT[on_conflict]}",
        [claim_id, source_id, relation, note, actor, now, now if edited_at == NOW else edited_at],
    )
    return source_id


def add_sources(
    db: sqlite_utils.Database,
    claim_id: int,
    urls: list[str],
    *,
    relation: str = "unknown",
    note: str | None = None,
    actor: str | None = None,
) -> list[int]:
    """Link several URLs to a claim, all or none: every URL is checked before any is written."""
    if not urls:
        raise InputError("no URL given")
    normalised = [normalise_url(u) for u in urls]
    claim_row(db, claim_id)
    with db.atomic():
        return [link_source(db, claim_id, u, relation=relation, note=note, actor=actor) for u in normalised]


def set_relation(
    db: sqlite_utils.Database,
    claim_id: int,
    source_id: int,
    relation: str,
    note: str | None = None,
    *,
    keep_note: bool = True,
) -> dict:
    """Change how a linked source bears on a claim (and its note, unless ``keep_note``); return the
    link row. NotFound if the source is not linked to the claim."""
    if relation not in RELATIONS:
        raise InputError(f"unknown relation {relation!r}; expected one of: {', '.join(RELATIONS)}")
    if keep_note:
        cursor = db.execute(
            "UPDATE claim_sources SET relation = ?, updated_at = ? WHERE claim_id = ? AND source_id = ?",
            [relation, utcnow(), claim_id, source_id],
        )
    else:
        cursor = db.execute(
            "UPDATE claim_sources SET relation = ?, note = ?, updated_at = ? WHERE claim_id = ? AND source_id = ?",
            [relation, note, utcnow(), claim_id, source_id],
        )
    if cursor.rowcount == 0:
        raise NotFound(f"source {source_id} is not linked to claim {claim_id}")
    return next(db.query("SELECT * FROM claim_sources WHERE claim_id = ? AND source_id = ?", [claim_id, source_id]))
