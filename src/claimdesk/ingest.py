"""Ingest: articles in ``seeds/`` become ``articles`` rows and one ``claims`` row per sentence.

Re-ingesting is idempotent. Claims are matched to the rows already there by span and text, so
their ids, sources and reviews survive a re-run; a changed article re-anchors its reviewed claims
by their text, and refuses (changing nothing) if a reviewed claim's text is gone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from claimdesk.db import utcnow
from claimdesk.errors import InputError
from claimdesk.extract import Sentence, extract_article
from claimdesk.reader import Article, read_article
from claimdesk.sources import link_source

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
CITED_NOTE = "cited by the article"


@dataclass
class IngestResult:
    articles: int = 0
    claims_added: int = 0
    claims_updated: int = 0
    claims_removed: int = 0
    sources_linked: int = 0
    slugs: list[str] = field(default_factory=list)


def article_paths(seeds_dir: str | Path) -> list[Path]:
    """The article files of a seeds directory, in a stable order."""
    folder = Path(seeds_dir)
    if not folder.is_dir():
        raise InputError(f"seeds directory not found: {folder}")
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
    by_slug: dict[str, list[str]] = {}
    for p in paths:
        by_slug.setdefault(p.stem, []).append(p.name)
    clashes = {slug: names for slug, names in by_slug.items() if len(names) > 1}
    if clashes:
        slug, names = next(iter(sorted(clashes.items())))
        raise InputError(f"two articles would share the slug {slug!r}: {', '.join(names)}; rename one")
    return paths


def _claim_values(sentence: Sentence, ordinal: int) -> dict:
    return {
        "ordinal": ordinal,
        "text": sentence.text,
        "span_start": sentence.start,
        "span_end": sentence.end,
        "section": sentence.section,
        "checkworthy": int(bool(sentence.checkworthy)),
        "score": round(float(sentence.score), 4),
        "kind": sentence.kind,
        "dates": json.dumps(sentence.dates, ensure_ascii=False),
        "entities": json.dumps(sentence.entities, ensure_ascii=False),
        "numbers": json.dumps(sentence.numbers),
        "reasons": json.dumps(sentence.reasons, ensure_ascii=False),
        "urls": json.dumps(sentence.urls, ensure_ascii=False),
        "in_article": 1,
    }


def _upsert_article(db: sqlite_utils.Database, article: Article) -> int:
    """Write the article row; return its id."""
    values = {
        "slug": article.slug,
        "title": article.title,
        "url": article.url,
        "language": article.language,
        "published": article.published,
        "text": article.text,
        "sha256": article.sha256,
        "path": article.path,
    }
    rows = list(db.query("SELECT id FROM articles WHERE slug = ?", [article.slug]))
    if rows:
        db["articles"].update(rows[0]["id"], values)
        return rows[0]["id"]
    values["ingested_at"] = utcnow()
    return db["articles"].insert(values).last_pk


def _has_history(db: sqlite_utils.Database, claim_id: int) -> bool:
    return bool(
        list(
            db.query(
                "SELECT 1 FROM reviews WHERE claim_id = :id UNION ALL "
                "SELECT 1 FROM claim_sources WHERE claim_id = :id UNION ALL "
                "SELECT 1 FROM evidence WHERE claim_id = :id LIMIT 1",
                {"id": claim_id},
            )
        )
    )


def match_existing(sentences: list[Sentence], existing: list[dict]) -> list[dict | None]:
    """For each sentence, the existing claim row it continues, or None for a new sentence.

    Same span and text first; then, for what is left, the same text at the nearest position, so
    an edit elsewhere in the article (a typo, a shifted paragraph) keeps each claim's id, sources
    and reviews instead of creating a second row for the same sentence.
    """
    matches: list[dict | None] = [None] * len(sentences)
    taken: set[int] = set()
    by_span = {(c["span_start"], c["span_end"], c["text"]): c for c in existing}
    for i, sentence in enumerate(sentences):
        row = by_span.get((sentence.start, sentence.end, sentence.text))
        if row is not None and row["id"] not in taken:
            matches[i] = row
            taken.add(row["id"])
    by_text: dict[str, list[dict]] = {}
    for c in existing:
        if c["id"] not in taken:
            by_text.setdefault(c["text"], []).append(c)
    for i, sentence in enumerate(sentences):
        candidates = [c for c in by_text.get(sentence.text, []) if c["id"] not in taken]
        if matches[i] is None and candidates:
            row = min(candidates, key=lambda c: (abs(c["span_start"] - sentence.start), c["id"]))
            matches[i] = row
            taken.add(row["id"])
    return matches


def ingest_article(db: sqlite_utils.Database, article: Article, sentences: list[Sentence], result: IngestResult) -> int:
    """Store one article and its sentences (inside the caller's transaction); return its id."""
    article_id = _upsert_article(db, article)
    existing = list(db.query("SELECT * FROM claims WHERE article_id = ? ORDER BY ordinal", [article_id]))
    matches = match_existing(sentences, existing)
    matched = {row["id"] for row in matches if row is not None}
    # Rows that no sentence continues go first, so that moving the others cannot collide with them.
    _settle_unmatched(db, article, [c for c in existing if c["id"] not in matched], len(sentences), result)
    for ordinal, (sentence, row) in enumerate(zip(sentences, matches, strict=True)):
        values = _claim_values(sentence, ordinal)
        if row is not None:
            db["claims"].update(row["id"], values)
            result.claims_updated += 1
            claim_id = row["id"]
        else:
            claim_id = db["claims"].insert({"article_id": article_id, **values}).last_pk
            result.claims_added += 1
        for url in sentence.urls:
            try:
                link_source(
                    db,
                    claim_id,
                    url,
                    relation="context",
                    note=CITED_NOTE,
                    actor="article",
                    on_conflict="keep",
                    edited_at=None,  # nobody decided it: any reviewer's later decision wins
                )
                result.sources_linked += 1
            except InputError:
                continue  # a URL-like string the article mangled is not a source
    return article_id


def _settle_unmatched(
    db: sqlite_utils.Database,
    article: Article,
    unmatched: list[dict],
    first_free_ordinal: int,
    result: IngestResult,
) -> None:
    """Old claim rows that no sentence matched: drop those with no history, keep the others.

    A claim with reviews, sources or evidence is kept: where its text still stands in the article
    it stays (re-anchored if the article moved it); if its text is gone, ingest refuses.
    """
    kept = -1
    for claim in unmatched:
        if not _has_history(db, claim["id"]):
            db.execute("DELETE FROM claims WHERE id = ?", [claim["id"]])
            result.claims_removed += 1
            continue
        start = article.text.find(claim["text"])
        if start < 0:
            raise InputError(
                f"article {article.slug} changed and claim {claim['id']} (which has reviews or "
                f"sources) is no longer in it: {claim['text'][:60]!r}; restore the article or "
                "move the claim's history by hand"
            )
        kept += 1
        ordinal = first_free_ordinal + kept  # after every sentence of the article
        db["claims"].update(
            claim["id"],
            {"span_start": start, "span_end": start + len(claim["text"]), "ordinal": ordinal},
        )


def prepare_articles(paths: list[Path], *, progress=None) -> list[tuple[Article, list[Sentence]]]:
    """Read and extract each article file, touching no database."""
    prepared = []
    for path in paths:
        article = read_article(path)
        prepared.append((article, extract_article(article, article.language)))
        if progress:
            progress(1)
    return prepared


def store_articles(db: sqlite_utils.Database, prepared: list[tuple[Article, list[Sentence]]]) -> IngestResult:
    """Store prepared articles and their sentences, all in one transaction."""
    result = IngestResult()
    with db.atomic():
        for article, sentences in prepared:
            ingest_article(db, article, sentences, result)
            result.articles += 1
            result.slugs.append(article.slug)
    return result
