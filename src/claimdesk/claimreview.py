"""Published verdicts, and their schema.org ClaimReview JSON-LD.

What counts as published
    A claim is *published* when it is check-worthy and its newest review (the one that sets
    ``claims.status``) is not ``pending``. A claim whose newest review is ``pending`` has been
    reopened or never decided, so it is left out, whatever older reviews said. The newest
    review gives the verdict's date (``datePublished``) and explanation (its note).

Statuses as ratings (the one table, ``RATINGS``)
    ============== ===== ================= =====================
    status         value English           Indonesian (--labels id)
    ============== ===== ================= =====================
    verified       5     True              Benar
    partly_verified 3    Partly true       Sebagian benar
    disputed       2     Disputed          Diperdebatkan
    false          1     False             Keliru
    unverifiable   --    Unverifiable      Tidak terbukti
    ============== ===== ================= =====================

    The scale is 1 (worst) to 5 (best); 4 is unused. ``unverifiable`` is published (readers
    should know a claim could not be checked) but it is not a point on a truth scale, so its
    ``reviewRating`` has only ``alternateName`` and ``ratingExplanation``: no ``ratingValue``,
    ``bestRating`` or ``worstRating``.

The file
    A JSON list of ClaimReview objects, each carrying its own ``@context`` so that any one item
    can be pasted alone into a page's ``<script type="application/ld+json">``. Nothing reviewed
    yet is an empty list.

Fields of each item: ``claimReviewed`` (the sentence, whitespace collapsed and cut at a word
boundary after ``CLAIM_MAX_CHARS``), ``url`` (the article URL with ``#claim-<id>``, the anchor the
HTML report uses too; a bare ``#claim-<id>`` when the article has no URL), ``datePublished`` (the
review's date), ``author`` (the reviewing Organization), ``reviewRating`` and ``itemReviewed``, a
``Claim`` whose ``appearance`` and ``firstAppearance`` are the article as a ``CreativeWork``
(url, headline, datePublished, inLanguage), with the article's date and, when the article's
sidecar names one, its author.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from claimdesk.errors import InputError, NotFound

__all__ = [
    "CLAIM_MAX_CHARS",
    "DEFAULT_ORG_NAME",
    "LABEL_LANGUAGES",
    "RATINGS",
    "Rating",
    "article_author",
    "claim_review",
    "claim_reviews",
    "export_claimreview",
    "newest_reviews",
    "organization",
    "rating_label",
    "short_claim",
    "write_export",
]

DEFAULT_ORG_NAME = "claimdesk"
CLAIM_MAX_CHARS = 280
LABEL_LANGUAGES = ("en", "id")


@dataclass(frozen=True)
class Rating:
    value: int | None
    labels: dict[str, str]


BEST_RATING = 5
WORST_RATING = 1

RATINGS: dict[str, Rating] = {
    "verified": Rating(5, {"en": "True", "id": "Benar"}),
    "partly_verified": Rating(3, {"en": "Partly true", "id": "Sebagian benar"}),
    "disputed": Rating(2, {"en": "Disputed", "id": "Diperdebatkan"}),
    "false": Rating(1, {"en": "False", "id": "Keliru"}),
    "unverifiable": Rating(None, {"en": "Unverifiable", "id": "Tidak terbukti"}),
}


def rating_label(status: str, labels: str = "en") -> str:
    """The published name of a verdict, in the language ``labels``."""
    if labels not in LABEL_LANGUAGES:
        raise InputError(f"unknown labels {labels!r}; expected one of: {', '.join(LABEL_LANGUAGES)}")
    return RATINGS[status].labels[labels]


def short_claim(text: str, limit: int = CLAIM_MAX_CHARS) -> str:
    """The claim as one line: whitespace collapsed, cut at a word boundary with an ellipsis past ``limit``."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def newest_reviews(db: sqlite_utils.Database, article: str | None = None) -> dict[int, dict]:
    """The newest review of every reviewed claim (of one article if ``article`` is a slug), by claim id."""
    sql = """
        SELECT r.* FROM reviews r
        JOIN claims c ON c.id = r.claim_id JOIN articles a ON a.id = c.article_id
        WHERE (:article IS NULL OR a.slug = :article)
        ORDER BY r.claim_id, r.at, r.id
    """
    newest: dict[int, dict] = {}
    for row in db.query(sql, {"article": article}):
        newest[row["claim_id"]] = row  # rows come oldest first, so the last one wins
    return newest


def article_author(article: dict) -> Any:
    """The article's author from an ``author`` column or its seed's JSON sidecar; None when unknown.

    A string becomes a Person; an object is kept (given ``@type`` Person unless it has one).
    """
    author = article.get("author")
    if not author and article.get("path"):
        sidecar = Path(article["path"]).with_suffix(".json")
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8-sig")) if sidecar != Path(article["path"]) else {}
        except (OSError, ValueError):
            meta = {}
        author = meta.get("author") if isinstance(meta, dict) else None
    if isinstance(author, str) and author.strip():
        return {"@type": "Person", "name": author.strip()}
    if isinstance(author, dict) and author.get("name"):
        return {"@type": "Person", **author}
    if isinstance(author, list):
        people = [article_author({"author": a}) for a in author]
        people = [p for p in people if p]
        return people or None
    return None


def _article(db: sqlite_utils.Database, slug: str) -> dict:
    rows = list(db.query("SELECT * FROM articles WHERE slug = ?", [slug]))
    if not rows:
        raise NotFound(f"no article with slug {slug!r}")
    return rows[0]


def _creative_work(article: dict) -> dict:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    for key, value in (
        ("url", article.get("url")),
        ("headline", article.get("title")),
        ("datePublished", article.get("published")),
        ("inLanguage", article.get("language")),
    ):
        if value:
            work[key] = value
    author = article_author(article)
    if author:
        work["author"] = author
    return work


def claim_review(claim: dict, article: dict, review: dict, organization: dict, labels: str = "en") -> dict:
    """One ClaimReview for ``claim`` (a claims row) of ``article`` judged by ``review`` (its newest review)."""
    rating = RATINGS[review["status"]]
    review_rating: dict[str, Any] = {"@type": "Rating"}
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    review_rating["alternateName"] = rating_label(review["status"], labels)
    if review.get("note"):
        review_rating["ratingExplanation"] = review["note"]

    work = _creative_work(article)
    item: dict[str, Any] = {"@type": "Claim", "appearance": work, "firstAppearance": work}
    if article.get("published"):
        item["datePublished"] = article["published"]
    if "author" in work:
        item["author"] = work["author"]

    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{article.get('url') or ''}#claim-{claim['id']}",
        "claimReviewed": short_claim(claim["text"]),
        "datePublished": review["at"][:10],
        "inLanguage": labels,
        "author": organization,
        "reviewRating": review_rating,
        "itemReviewed": item,
    }


def organization(name: str | None = None, url: str | None = None) -> dict:
    org: dict[str, Any] = {"@type": "Organization", "name": (name or "").strip() or DEFAULT_ORG_NAME}
    if url and url.strip():
        org["url"] = url.strip()
    return org


def claim_reviews(
    db: sqlite_utils.Database,
    *,
    org_name: str | None = None,
    org_url: str | None = None,
    labels: str = "en",
    article: str | None = None,
) -> list[dict]:
    """ClaimReview objects for every published claim, in article and reading order."""
    rating_label("verified", labels)  # reject unknown labels even when nothing is published
    if article:
        _article(db, article)
    org = organization(org_name, org_url)
    newest = newest_reviews(db, article)
    articles: dict[int, dict] = {}
    out = []
    sql = """
        SELECT c.* FROM claims c JOIN articles a ON a.id = c.article_id
        WHERE c.checkworthy = 1 AND (:article IS NULL OR a.slug = :article)
        ORDER BY a.slug, c.span_start, c.id
    """
    for claim in db.query(sql, {"article": article}):
        review = newest.get(claim["id"])
        if review is None or review["status"] == "pending":
            continue
        if claim["article_id"] not in articles:
            articles[claim["article_id"]] = next(db.query("SELECT * FROM articles WHERE id = ?", [claim["article_id"]]))
        out.append(claim_review(claim, articles[claim["article_id"]], review, org, labels))
    return out


def write_export(out_path: str | Path, data: str, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``out_path`` whole or not at all; InputError (one line) when it cannot be written."""
    path = Path(out_path)
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a directory")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: no such directory {folder}")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise InputError(f"cannot write {path}: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {e.strerror or e}") from e


def script_safe_json(value: object) -> str:
    """JSON that can be pasted into ``<script type="application/ld+json">`` as it is: ``<``, ``>``
    and ``&`` are written as \\u escapes, so claim text such as "</script>" cannot end the
    element. The result is the same JSON value."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def export_claimreview(
    db: sqlite_utils.Database,
    out_path: str | Path,
    *,
    org_name: str | None = None,
    org_url: str | None = None,
    labels: str = "en",
    article: str | None = None,
) -> str:
    """Write the ClaimReview JSON-LD list to ``out_path``; return a one-line summary."""
    reviews = claim_reviews(db, org_name=org_name, org_url=org_url, labels=labels, article=article)
    write_export(out_path, script_safe_json(reviews) + "\n")
    if not reviews:
        return f"claimreview: no reviewed claims; wrote an empty list to {out_path}"
    counts: dict[str, int] = {}
    for item in reviews:
        name = item["reviewRating"]["alternateName"]
        counts[name] = counts.get(name, 0) + 1
    detail = ", ".join(f"{n} {name}" for name, n in counts.items())
    return f"claimreview: {len(reviews)} reviewed claims ({detail}) to {out_path}"
