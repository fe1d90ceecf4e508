"""Reviews: the append-only log of decisions about a claim.

Recording a review is one INSERT; the database triggers (``claimdesk.db``) keep
``claims.status`` equal to the newest review's status.
"""

from __future__ import annotations

import sqlite_utils

from claimdesk.db import STATUSES, normalise_timestamp, utcnow
from claimdesk.errors import InputError, InvalidStatus, NotFound

__all__ = ["STATUSES", "check_status", "claim_row", "record_review", "review_log"]


def check_status(status: str) -> str:
    """Return ``status`` if it is a known review status, else raise InvalidStatus."""
    if status not in STATUSES:
        raise InvalidStatus(f"unknown status {status!r}; expected one of: {', '.join(STATUSES)}")
    return status


def claim_row(db: sqlite_utils.Database, claim_id: int) -> dict:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    if not rows:
        raise NotFound(f"no claim with id {claim_id}")
    return rows[0]


def record_review(
    db: sqlite_utils.Database,
    claim_id: int,
    status: str,
    *,
    actor: str,
    note: str | None = None,
    via: str = "cli",
    at: str | None = None,
) -> dict:
    """Append one review of ``claim_id`` and return it; the claim's status follows from it."""
    check_status(status)
    if not actor or not actor.strip():
        raise InputError("a review needs an actor")
    try:
        at = normalise_timestamp(at) if at else utcnow()
    except ValueError as e:
        raise InputError(f"review time: {e}") from e
    with db.atomic():
        claim_row(db, claim_id)
        cursor = db.execute(
            "INSERT INTO reviews (claim_id, status, note, actor, at, via) VALUES (?, ?, ?, ?, ?, ?)",
            [claim_id, status, note or None, actor.strip(), at, via],
        )
    return next(db.query("SELECT * FROM reviews WHERE id = ?", [cursor.lastrowid]))


def review_log(db: sqlite_utils.Database, claim_id: int) -> list[dict]:
    """The reviews of a claim, oldest first."""
    return list(db.query("SELECT * FROM reviews WHERE claim_id = ? ORDER BY at, id", [claim_id]))
