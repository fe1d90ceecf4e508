"""CSV export: one row per check-worthy claim, for spreadsheets and scripts.

The file is UTF-8 *with* a byte-order mark by default, because Excel reads a BOM-less CSV as the
legacy code page and turns "Liège" into "LiÃ¨ge"; LibreOffice, Google Sheets and pandas accept the
BOM. Python reads it back exactly with ``open(path, encoding="utf-8-sig", newline="")`` and
``csv.DictReader``. ``bom=False`` (``--no-bom``) writes plain UTF-8 for tools that want it.

Rows end with CRLF and fields are quoted when they need it (RFC 4180, the csv module's default
dialect), so commas, quotes and newlines in a claim survive the round trip. Cell text is written
as it is in the database: nothing is prefixed to defuse spreadsheet formulas, since that would
change the claims (turn off formula evaluation when opening untrusted exports in a spreadsheet).

Columns (``COLUMNS``): the article's slug and the claim's id, position and span; the claim text,
section, kind and status; the newest review (at, actor, note) whatever its status, empty when the
claim was never reviewed; counts of sources and evidence passages; the source URLs separated by
single spaces (a normalised URL never contains one); the dates, entities and numbers found in
the sentence, separated by "; ".
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import sqlite_utils

from claimdesk.claimreview import newest_reviews, write_export
from claimdesk.errors import NotFound

__all__ = ["COLUMNS", "LIST_SEPARATOR", "URL_SEPARATOR", "claim_rows", "export_csv", "render_csv"]

COLUMNS = (
    "article",
    "claim_id",
    "ordinal",
    "span_start",
    "span_end",
    "section",
    "kind",
    "status",
    "text",
    "reviewed_at",
    "reviewed_by",
    "review_note",
    "sources",
    "evidence",
    "source_urls",
    "dates",
    "entities",
    "numbers",
)
URL_SEPARATOR = " "
LIST_SEPARATOR = "; "


def _joined(value: str | None) -> str:
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return value or ""
    if not isinstance(items, list):
        return str(items)
    return LIST_SEPARATOR.join(
        item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in items
    )


def claim_rows(db: sqlite_utils.Database, article: str | None = None) -> list[dict]:
    """One dict per check-worthy claim (keys ``COLUMNS``), in article and reading order."""
    if article and not list(db.query("SELECT 1 FROM articles WHERE slug = ?", [article])):
        raise NotFound(f"no article with slug {article!r}")
    newest = newest_reviews(db, article)
    sql = """
        SELECT c.*, a.slug AS article,
               (SELECT count(*) FROM claim_sources cs WHERE cs.claim_id = c.id) AS n_sources,
               (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS n_evidence,
               (SELECT group_concat(url, ' ') FROM (
                    SELECT s.url FROM claim_sources cs JOIN sources s ON s.id = cs.source_id
                    WHERE cs.claim_id = c.id ORDER BY s.url)) AS source_urls
        FROM claims c JOIN articles a ON a.id = c.article_id
        WHERE c.checkworthy = 1 AND (:article IS NULL OR a.slug = :article)
        ORDER BY a.slug, c.span_start, c.id
    """
    rows = []
    for claim in db.query(sql, {"article": article}):
        review = newest.get(claim["id"]) or {}
        rows.append(
            {
                "article": claim["article"],
                "claim_id": claim["id"],
                "ordinal": claim["ordinal"],
                "span_start": claim["span_start"],
                "span_end": claim["span_end"],
                "section": claim["section"],
                "kind": claim["kind"] or "",
                "status": claim["status"],
                "text": claim["text"],
                "reviewed_at": review.get("at") or "",
                "reviewed_by": review.get("actor") or "",
                "review_note": review.get("note") or "",
                "sources": claim["n_sources"],
                "evidence": claim["n_evidence"],
                "source_urls": claim["source_urls"] or "",
                "dates": _joined(claim["dates"]),
                "entities": _joined(claim["entities"]),
                "numbers": _joined(claim["numbers"]),
            }
        )
    return rows


def render_csv(rows: list[dict]) -> str:
    """The CSV text (header row first) of ``rows``, without a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def export_csv(db: sqlite_utils.Database, out_path: str | Path, *, bom: bool = True, article: str | None = None) -> str:
    """Write the check-worthy claims as CSV to ``out_path``; return a one-line summary."""
    rows = claim_rows(db, article)
    write_export(out_path, render_csv(rows), encoding="utf-8-sig" if bom else "utf-8")
    if not rows:
        return f"csv: no check-worthy claims; wrote the header only to {out_path}"
    reviewed = sum(1 for r in rows if r["status"] != "pending")
    return f"csv: {len(rows)} check-worthy claims ({reviewed} reviewed) to {out_path}"
