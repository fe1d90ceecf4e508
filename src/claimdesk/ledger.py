"""The review ledger: ``claims/<article-slug>.json``, the git-diffable record of the desk's work.

One file per article holds, for each claim worth keeping (check-worthy, or with sources or
reviews): its span and text, its sources (url, relation, note) and its full review log.

Merging a ledger into a database is a union: review entries missing from the database are added
(the database's triggers then make each claim's status its newest entry), sources missing are
linked; nothing in the database is removed or overwritten. ``dump_ledger`` writes the files
deterministically (stable order, fixed formatting, a trailing newline) so that one review shows
up in ``git diff`` as the lines it added.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from claimdesk.db import RELATIONS, SECTIONS, STATUSES, normalise_timestamp
from claimdesk.errors import LedgerError
from claimdesk.sources import link_source, normalise_url

LEDGER_VERSION = 1


@dataclass
class MergeResult:
    files: int = 0
    claims: int = 0
    reviews_added: int = 0
    sources_linked: int = 0
    claims_anchored: int = 0
    claims_dropped: int = 0
    slugs: list[str] = field(default_factory=list)


# Reading and checking ---------------------------------------------------------------------------


def _fail(path: Path, message: str) -> LedgerError:
    return LedgerError(f"ledger {path}: {message}")


def _check_claim(path: Path, index: int, claim: Any) -> None:
    where = f"claims[{index}]"
    if not isinstance(claim, dict):
        raise _fail(path, f"{where} is not an object")
    span = (claim.get("span_start"), claim.get("span_end"))
    if not (all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in span) and span[0] <= span[1]):
        raise _fail(path, f"{where} needs span_start and span_end with 0 <= span_start <= span_end")
    if not isinstance(claim.get("text"), str) or not claim["text"]:
        raise _fail(path, f"{where}.text must be a non-empty string")
    if claim.get("section", "body") not in SECTIONS:
        raise _fail(path, f"{where}.section {claim.get('section')!r} is not one of {', '.join(SECTIONS)}")
    if claim.get("status", "pending") not in STATUSES:
        raise _fail(path, f"{where}.status {claim.get('status')!r} is not one of {', '.join(STATUSES)}")
    for j, source in enumerate(claim.get("sources", [])):
        if not isinstance(source, dict) or not isinstance(source.get("url"), str):
            raise _fail(path, f"{where}.sources[{j}] needs a url")
        try:
            normalise_url(source["url"])
        except LedgerError:
            raise
        except Exception as e:
            raise _fail(path, f"{where}.sources[{j}]: {e}") from e
        if source.get("updated_at") is not None:
            try:
                source["updated_at"] = normalise_timestamp(str(source["updated_at"]))
            except ValueError as e:
                raise _fail(path, f"{where}.sources[{j}].updated_at: {e}") from e
        if source.get("relation", "unknown") not in RELATIONS:
            raise _fail(
                path,
                f"{where}.sources[{j}].relation {source.get('relation')!r} is not one of {', '.join(RELATIONS)}",
            )
    for j, review in enumerate(claim.get("reviews", [])):
        if not isinstance(review, dict):
            raise _fail(path, f"{where}.reviews[{j}] is not an object")
        if review.get("status") not in STATUSES:
            raise _fail(
                path,
                f"{where}.reviews[{j}].status {review.get('status')!r} is not one of {', '.join(STATUSES)}",
            )
        for key in ("at", "actor"):
            if not isinstance(review.get(key), str) or not review[key].strip():
                raise _fail(path, f"{where}.reviews[{j}].{key} must be a non-empty string")
        try:
            review["at"] = normalise_timestamp(review["at"])
        except ValueError as e:
            raise _fail(path, f"{where}.reviews[{j}].at: {e}") from e


def read_ledger_file(path: str | Path) -> dict:
    """Parse and check one ledger file; raise LedgerError naming the file and the problem."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise _fail(path, "file not found") from e
    except UnicodeDecodeError as e:
        raise _fail(path, f"not UTF-8 text ({e.reason} at byte {e.start})") from e
    except json.JSONDecodeError as e:
        raise _fail(path, f"broken JSON at line {e.lineno} column {e.colno}: {e.msg}") from e
    if not isinstance(data, dict) or not isinstance(data.get("article"), dict):
        raise _fail(path, "expected an object with 'article' and 'claims'")
    if not isinstance(data["article"].get("slug"), str) or not data["article"]["slug"]:
        raise _fail(path, "article.slug is missing")
    if not isinstance(data.get("claims"), list):
        raise _fail(path, "'claims' must be a list")
    for i, claim in enumerate(data["claims"]):
        _check_claim(path, i, claim)
    return data


def read_ledger_dir(ledger_dir: str | Path) -> list[tuple[Path, dict]]:
    """Every ledger file of a directory, parsed and checked. A missing directory is an empty ledger."""
    folder = Path(ledger_dir)
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise LedgerError(f"ledger path is not a directory: {folder}")
    return [(p, read_ledger_file(p)) for p in sorted(folder.glob("*.json")) if p.is_file()]


# Merging ----------------------------------------------------------------------------------------


def _find_claim(db: sqlite_utils.Database, path: Path, article: dict, claim: dict) -> tuple[int | None, bool]:
    """The id of the database claim a ledger claim names, and whether it had to be anchored anew;
    None for a claim with no reviews or sources whose text is no longer in the article."""
    start, end = claim["span_start"], claim["span_end"]
    rows = list(
        db.query(
            "SELECT id FROM claims WHERE article_id = ? AND span_start = ? AND span_end = ? AND text = ?",
            [article["id"], start, end, claim["text"]],
        )
    )
    if rows:
        return rows[0]["id"], False
    rows = list(
        db.query(
            "SELECT id FROM claims WHERE article_id = ? AND text = ? ORDER BY abs(span_start - ?), id LIMIT 1",
            [article["id"], claim["text"], start],
        )
    )
    if rows:
        return rows[0]["id"], True
    # The sentence splitter has changed: the text is in the article but no longer one sentence.
    found = article["text"].find(claim["text"])
    if found < 0 and not (claim.get("reviews") or claim.get("sources")):
        return None, False  # nothing was decided about it: the edited article simply replaces it
    if found < 0:
        raise _fail(
            path,
            f"claim {claim['text'][:60]!r}, which has reviews or sources, is not in article {article['slug']} "
            "(was the article edited? restore the sentence, or edit the ledger to match)",
        )
    ordinal = next(
        db.query("SELECT coalesce(max(ordinal), -1) + 1 AS n FROM claims WHERE article_id = ?", [article["id"]])
    )["n"]
    claim_id = (
        db["claims"]
        .insert(
            {
                "article_id": article["id"],
                "ordinal": ordinal,
                "text": claim["text"],
                "span_start": found,
                "span_end": found + len(claim["text"]),
                "section": claim.get("section", "body"),
                "checkworthy": int(bool(claim.get("checkworthy", True))),
                "reasons": json.dumps(["kept from the ledger"]),
            }
        )
        .last_pk
    )
    return claim_id, True


def _has_review(db: sqlite_utils.Database, claim_id: int, review: dict) -> bool:
    return bool(
        list(
            db.query(
                "SELECT 1 FROM reviews WHERE claim_id = ? AND at = ? AND status = ? AND actor = ? "
                "AND note IS ? LIMIT 1",
                [claim_id, review["at"], review["status"], review["actor"], review.get("note") or None],
            )
        )
    )


def merge_ledger(db: sqlite_utils.Database, path: Path, data: dict, result: MergeResult) -> None:
    """Union one parsed ledger file into the database (inside the caller's transaction)."""
    slug = data["article"]["slug"]
    articles = list(db.query("SELECT id, slug, text FROM articles WHERE slug = ?", [slug]))
    if not articles:
        raise _fail(path, f"article {slug!r} is not in the database (is it missing from seeds/?)")
    article = articles[0]
    for claim in data["claims"]:
        claim_id, anchored = _find_claim(db, path, article, claim)
        if claim_id is None:
            result.claims_dropped += 1
            continue
        result.claims += 1
        result.claims_anchored += int(anchored)
        if claim.get("checkworthy"):
            db.execute("UPDATE claims SET checkworthy = 1 WHERE id = ? AND checkworthy = 0", [claim_id])
        for source in claim.get("sources", []):
            link_source(
                db,
                claim_id,
                source["url"],
                relation=source.get("relation", "unknown"),
                note=source.get("note"),
                actor=source.get("added_by") or "ledger",
                on_conflict="newer",
                edited_at=source.get("updated_at"),
            )
            result.sources_linked += 1
        for review in claim.get("reviews", []):
            if not _has_review(db, claim_id, review):
                db.execute(
                    "INSERT INTO reviews (claim_id, status, note, actor, at, via) VALUES (?, ?, ?, ?, ?, 'ledger')",
                    [claim_id, review["status"], review.get("note") or None, review["actor"], review["at"]],
                )
                result.reviews_added += 1
    result.files += 1
    result.slugs.append(slug)


# Dumping ----------------------------------------------------------------------------------------


def ledger_for_article(db: sqlite_utils.Database, article: dict) -> dict:
    """The ledger document of one article, in its stable order."""
    claims = list(
        db.query(
            """
        SELECT * FROM claims c WHERE c.article_id = ? AND (
            c.checkworthy = 1
            OR EXISTS (SELECT 1 FROM reviews r WHERE r.claim_id = c.id)
            OR EXISTS (SELECT 1 FROM claim_sources s WHERE s.claim_id = c.id))
        ORDER BY c.span_start, c.span_end, c.id
        """,
            [article["id"]],
        )
    )
    out_claims = []
    for c in claims:
        sources = [
            {
                "url": s["url"],
                "relation": s["relation"],
                "note": s["note"],
                "added_by": s["added_by"],
                "updated_at": s["updated_at"],
            }
            for s in db.query(
                "SELECT s.url, cs.relation, cs.note, cs.added_by, cs.updated_at "
                "FROM claim_sources cs JOIN sources s ON s.id = cs.source_id "
                "WHERE cs.claim_id = ? ORDER BY s.url",
                [c["id"]],
            )
        ]
        reviews = [
            {"at": r["at"], "status": r["status"], "actor": r["actor"], "note": r["note"]}
            for r in db.query(
                "SELECT * FROM reviews WHERE claim_id = ? ORDER BY at, id",  # the order that decides status
                [c["id"]],
            )
        ]
        out_claims.append(
            {
                "span_start": c["span_start"],
                "span_end": c["span_end"],
                "text": c["text"],
                "section": c["section"],
                "checkworthy": bool(c["checkworthy"]),
                "status": c["status"],
                "sources": sources,
                "reviews": reviews,
            }
        )
    return {
        "ledger": LEDGER_VERSION,
        "article": {k: article[k] for k in ("slug", "title", "url", "language", "published", "sha256")},
        "claims": out_claims,
    }


def render_ledger(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


SAFE_SLUG = re.compile(r"[\w][\w.-]*")


def ledger_path(folder: Path, slug: str) -> Path:
    """``folder/<slug>.json``; LedgerError for a slug that is not a plain file name (``../x``)."""
    if not SAFE_SLUG.fullmatch(slug or ""):
        raise LedgerError(f"article slug {slug!r} cannot name a ledger file")
    return folder / f"{slug}.json"


def dump_ledger(db: sqlite_utils.Database, ledger_dir: str | Path) -> list[tuple[Path, bool]]:
    """Write one ledger file per article; return (path, changed) pairs. Unchanged files are not
    rewritten; files of articles not in the database are left alone. Every path is checked before
    anything is written."""
    folder = Path(ledger_dir)
    if folder.exists() and not folder.is_dir():
        raise LedgerError(f"ledger path is not a directory: {folder}")
    articles = list(db.query("SELECT * FROM articles ORDER BY slug"))
    paths = [ledger_path(folder, a["slug"]) for a in articles]
    for path in paths:
        if path.is_dir():
            raise LedgerError(f"cannot write the ledger file {path}: it is a directory")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise LedgerError(f"cannot create the ledger folder {folder}: {e.strerror or e}") from e
    written = []
    for article, path in zip(articles, paths, strict=True):
        text = render_ledger(ledger_for_article(db, article))
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if changed:
            tmp = path.with_suffix(".json.tmp")
            try:
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(path)  # atomic: a crash never leaves half a ledger file
            except OSError as e:
                tmp.unlink(missing_ok=True)
                raise LedgerError(f"cannot write {path}: {e.strerror or e}") from e
        written.append((path, changed))
    return written
