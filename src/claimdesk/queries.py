"""Read-only queries shared by the CLI, the exports and the Datasette plugin."""

from __future__ import annotations

import sqlite_utils

from claimdesk.errors import NotFound


def find_claims(
    db: sqlite_utils.Database,
    *,
    article: str | None = None,
    status: str | None = None,
    section: str | None = None,
    checkworthy_only: bool = True,
    search: str | None = None,
) -> list[dict]:
    """Claims with their article slug and source count, in article and reading order."""
    where, params = ["1 = 1"], {}
    if article:
        if not list(db.query("SELECT 1 FROM articles WHERE slug = ?", [article])):
            raise NotFound(f"no article with slug {article!r}")
        where.append("a.slug = :article")
        params["article"] = article
    if status:
        where.append("c.status = :status")
        params["status"] = status
    if section:
        where.append("c.section = :section")
        params["section"] = section
    if checkworthy_only:
        where.append("c.checkworthy = 1")
    if search:
        where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :search)")
        params["search"] = _fts_phrase(search)
    sql = f"""
        SELECT c.id, a.slug AS article, c.ordinal, c.section, c.checkworthy, c.score, c.kind,
               c.status, c.dates, c.entities, c.numbers, c.span_start, c.span_end, c.text,
               (SELECT count(*) FROM claim_sources cs WHERE cs.claim_id = c.id) AS sources
        FROM claims c JOIN articles a ON a.id = c.article_id
        WHERE {" AND ".join(where)}
        ORDER BY a.slug, c.span_start, c.id
    """
    return list(db.query(sql, params))


def _fts_phrase(text: str) -> str:
    """Quote each word so that user text can never be FTS syntax (no 400s on a stray quote)."""
    words = [w.replace('"', "") for w in text.split()]
    return " ".join(f'"{w}"' for w in words if w)
