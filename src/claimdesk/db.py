"""The database: opening it, and the versioned migrations that create and upgrade its schema.

The review-log invariant lives here, in triggers, so that it holds whatever writes to the file
(the CLI, the Datasette plugin, Datasette's own write API, or a raw SQL ``UPDATE``):

- ``reviews`` rows can be neither updated nor deleted;
- inserting a review sets ``claims.status`` to the status of the newest review of that claim;
- any other change of ``claims.status`` inserts exactly one review row (actor ``sql``), so the
  log stays the truth and ``claims.status`` its newest entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

STATUSES = ("pending", "verified", "partly_verified", "disputed", "false", "unverifiable")
SECTIONS = ("body", "title", "byline", "comment", "footer")
RELATIONS = ("supports", "refutes", "context", "unknown")
HEALTHS = ("never_fetched", "ok", "redirected", "dead", "error", "blocked")

MIGRATIONS_TABLE = "_claimdesk_migrations"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def utcnow() -> str:
    """ISO 8601 UTC with milliseconds, as SQLite's SQL_NOW writes it: sorts as text in time order."""
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def normalise_timestamp(value: str, *, now: datetime | None = None) -> str:
    """``value`` (ISO 8601 with a time zone) as UTC in the one format reviews are stored in, so that
    comparing two times as text compares them in time. Raises ValueError for anything else, and
    for a time more than a day ahead (a future review would stay 'newest' for ever)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except (AttributeError, ValueError) as e:
        raise ValueError(f"not an ISO 8601 time: {value!r}") from e
    if moment.tzinfo is None:
        raise ValueError(f"time without a time zone: {value!r} (add Z for UTC)")
    moment = moment.astimezone(UTC)
    if moment > (now or datetime.now(UTC)) + timedelta(days=1):
        raise ValueError(f"time in the future: {value!r}")
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# SQLite's own clock, in the same format as utcnow(), for rows written by triggers.
SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

# The newest review of a claim decides its status: newest by time, then by insertion.
LATEST_REVIEW_STATUS = "(SELECT status FROM reviews WHERE claim_id = {claim} ORDER BY at DESC, id DESC LIMIT 1)"


def _m001_core() -> str:
    return f"""
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            title TEXT,
            url TEXT,
            language TEXT,
            published TEXT,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            path TEXT,
            extractor TEXT,
            ingested_at TEXT
        );
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            ordinal INTEGER NOT NULL,
            text TEXT NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            section TEXT NOT NULL CHECK (section IN {_in(SECTIONS)}),
            checkworthy INTEGER NOT NULL DEFAULT 0,
            score REAL,
            kind TEXT,
            dates TEXT NOT NULL DEFAULT '[]',
            entities TEXT NOT NULL DEFAULT '[]',
            numbers TEXT NOT NULL DEFAULT '[]',
            reasons TEXT NOT NULL DEFAULT '[]',
            urls TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN {_in(STATUSES)}),
            in_article INTEGER NOT NULL DEFAULT 1,
            CHECK (span_start >= 0 AND span_end >= span_start)
        );
        CREATE INDEX idx_claims_article ON claims(article_id, ordinal);
        CREATE INDEX idx_claims_status ON claims(status);
        CREATE INDEX idx_claims_section ON claims(section);
        CREATE INDEX idx_claims_kind ON claims(kind);
        CREATE INDEX idx_claims_checkworthy ON claims(checkworthy, status);

        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            domain TEXT,
            health TEXT NOT NULL DEFAULT 'never_fetched' CHECK (health IN {_in(HEALTHS)}),
            final_url TEXT,
            last_fetched_at TEXT,
            last_error TEXT,
            added_at TEXT
        );
        CREATE INDEX idx_sources_health ON sources(health);
        CREATE INDEX idx_sources_domain ON sources(domain);

        CREATE TABLE claim_sources (
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            source_id INTEGER NOT NULL REFERENCES sources(id),
            relation TEXT NOT NULL DEFAULT 'unknown' CHECK (relation IN {_in(RELATIONS)}),
            note TEXT,
            added_by TEXT,
            added_at TEXT,
            PRIMARY KEY (claim_id, source_id)
        );
        CREATE INDEX idx_claim_sources_source ON claim_sources(source_id);

        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            content BLOB NOT NULL,
            size INTEGER NOT NULL,
            compression TEXT NOT NULL DEFAULT 'zlib',
            stored_at TEXT
        );

        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            requested_url TEXT NOT NULL,
            final_url TEXT,
            redirects TEXT NOT NULL DEFAULT '[]',
            status_code INTEGER,
            error TEXT,
            error_detail TEXT,
            content_type TEXT,
            charset TEXT,
            sha256 TEXT REFERENCES blobs(sha256),
            size INTEGER,
            fetched_at TEXT NOT NULL,
            elapsed_ms INTEGER,
            title TEXT,
            text TEXT,
            published TEXT,
            language TEXT,
            canonical_url TEXT,
            headers TEXT NOT NULL DEFAULT '{{}}',
            etag TEXT,
            last_modified TEXT,
            changed INTEGER
        );
        CREATE INDEX idx_snapshots_source ON snapshots(source_id, fetched_at);
        CREATE INDEX idx_snapshots_sha256 ON snapshots(sha256);
        CREATE INDEX idx_snapshots_error ON snapshots(error);

        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            quote TEXT NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            score REAL NOT NULL,
            rank INTEGER,
            matched TEXT NOT NULL DEFAULT '{{}}',
            UNIQUE (claim_id, snapshot_id, span_start)
        );
        CREATE INDEX idx_evidence_snapshot ON evidence(snapshot_id);

        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            status TEXT NOT NULL CHECK (status IN {_in(STATUSES)}),
            note TEXT,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            via TEXT
        );
        CREATE INDEX idx_reviews_claim ON reviews(claim_id, at, id);
        """


def _m002_review_log() -> str:
    latest_new = LATEST_REVIEW_STATUS.format(claim="NEW.id")
    latest_of_review = LATEST_REVIEW_STATUS.format(claim="NEW.claim_id")
    return f"""
        CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
        BEGIN
            SELECT RAISE(ABORT, 'reviews are append-only: a review cannot be changed');
        END;
        CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
        BEGIN
            SELECT RAISE(ABORT, 'reviews are append-only: a review cannot be deleted');
        END;

        -- A new review makes claims.status the status of the newest review.
        CREATE TRIGGER reviews_set_status AFTER INSERT ON reviews
        BEGIN
            UPDATE claims SET status = {latest_of_review}
            WHERE id = NEW.claim_id AND status IS NOT {latest_of_review};
        END;

        -- Any other change of claims.status is logged as exactly one review.
        CREATE TRIGGER claims_status_logged AFTER UPDATE OF status ON claims
        WHEN NEW.status IS NOT OLD.status AND NEW.status IS NOT {latest_new}
        BEGIN
            INSERT INTO reviews (claim_id, status, note, actor, at, via)
            VALUES (NEW.id, NEW.status, 'status changed by a direct database update', 'sql',
                    {SQL_NOW}, 'sql');
        END;

        CREATE TRIGGER claims_insert_status_logged AFTER INSERT ON claims
        WHEN NEW.status IS NOT 'pending'
        BEGIN
            INSERT INTO reviews (claim_id, status, note, actor, at, via)
            VALUES (NEW.id, NEW.status, 'status set when the claim was inserted', 'sql',
                    {SQL_NOW}, 'sql');
        END;

        -- A reviewed claim cannot disappear: its log would be orphaned.
        CREATE TRIGGER claims_keep_reviewed BEFORE DELETE ON claims
        WHEN EXISTS (SELECT 1 FROM reviews WHERE claim_id = OLD.id)
        BEGIN
            SELECT RAISE(ABORT, 'a claim with reviews cannot be deleted');
        END;
        """


REVIEW_TIME_GLOB = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z"


def _m005_review_log_guards() -> str:
    """What the first triggers missed: REPLACE deletes a row without running delete triggers, a
    changed claim id orphans its log, and review times in other formats (or in the future) break
    'newest', which is decided by comparing times as text."""
    return f"""
        CREATE TRIGGER reviews_no_replace BEFORE INSERT ON reviews
        WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM reviews WHERE id = NEW.id)
        BEGIN
            SELECT RAISE(ABORT, 'reviews are append-only: a review cannot be replaced');
        END;
        CREATE TRIGGER reviews_time_format BEFORE INSERT ON reviews
        WHEN NEW.at NOT GLOB '{REVIEW_TIME_GLOB}'
        BEGIN
            SELECT RAISE(ABORT, 'a review time must be UTC like 2026-11-27T12:00:00.000Z');
        END;
        CREATE TRIGGER reviews_not_in_future BEFORE INSERT ON reviews
        WHEN NEW.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 day')
        BEGIN
            SELECT RAISE(ABORT, 'a review cannot be dated in the future');
        END;
        CREATE TRIGGER claims_no_replace BEFORE INSERT ON claims
        WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM claims WHERE id = NEW.id)
        BEGIN
            SELECT RAISE(ABORT, 'a claim cannot be replaced: update it');
        END;
        -- Recreated to skip a claim whose insert another trigger already logged (the plugin
        -- logs inserts made through Datasette's write API under the signed-in actor).
        DROP TRIGGER claims_insert_status_logged;
        CREATE TRIGGER claims_insert_status_logged AFTER INSERT ON claims
        WHEN NEW.status IS NOT 'pending' AND NEW.status IS NOT {LATEST_REVIEW_STATUS.format(claim="NEW.id")}
        BEGIN
            INSERT INTO reviews (claim_id, status, note, actor, at, via)
            VALUES (NEW.id, NEW.status, 'status set when the claim was inserted', 'sql', {SQL_NOW}, 'sql');
        END;
        CREATE TRIGGER claims_keep_reviewed_id BEFORE UPDATE OF id ON claims
        WHEN NEW.id IS NOT OLD.id AND EXISTS (SELECT 1 FROM reviews WHERE claim_id = OLD.id)
        BEGIN
            SELECT RAISE(ABORT, 'a reviewed claim keeps its id');
        END;
    """


def _m003_search(db: sqlite_utils.Database) -> None:
    db["claims"].enable_fts(["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db["snapshots"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


# A migration is SQL (run as one script in one transaction) or a function of the database.
Migration = tuple[str, str | Callable[[sqlite_utils.Database], None]]

MIGRATIONS: list[Migration] = [
    ("001_core", _m001_core()),
    ("002_review_log", _m002_review_log()),
    ("003_search", _m003_search),
    # The headers actually sent for the final request (If-None-Match included), for WARC.
    ("004_request_headers", "ALTER TABLE snapshots ADD COLUMN request_headers TEXT;"),
    ("005_review_log_guards", _m005_review_log_guards()),
    # When a person last decided a link's relation and note: the ledger merge keeps the later one.
    ("006_link_edited_at", "ALTER TABLE claim_sources ADD COLUMN updated_at TEXT;"),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database has not had yet, in order; return their names."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row["name"] for row in db.query(f"SELECT name FROM {MIGRATIONS_TABLE}")}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        record = f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES ('{name}', '{utcnow()}');"
        if isinstance(step, str):
            # executescript() commits whatever is open first, so the script carries its own
            # transaction: a failure part-way leaves the file as it was.
            try:
                db.conn.executescript(f"BEGIN;\n{step}\n{record}\nCOMMIT;")
            except BaseException:
                db.rollback()
                raise
        else:
            with db.atomic():
                step(db)
                db.execute(record)
        applied.append(name)
    return applied


def open_db(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and migrate) the database at ``path``.

    With ``create=False`` a missing file is an error rather than a new empty database, so a
    mistyped ``--db`` does not silently create one.
    """
    from claimdesk.errors import InputError

    path = Path(path)
    if not create and not path.exists():
        raise InputError(f"database not found: {path} (run `claimdesk build` first)")
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA busy_timeout = 5000")
    migrate(db)
    return db


def memory_db() -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db
