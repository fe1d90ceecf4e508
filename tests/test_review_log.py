"""The review-log invariant: every status change leaves exactly one review row, by any path,
and the log cannot be rewritten."""

import sqlite3

import pytest
import sqlite_utils

from claimdesk.db import open_db, utcnow
from claimdesk.errors import InputError, InvalidStatus, NotFound
from claimdesk.reviews import record_review


def first_claim(db) -> int:
    return next(db.query("SELECT id FROM claims WHERE checkworthy = 1 AND status = 'pending' ORDER BY id"))["id"]


def reviews_of(db, claim_id):
    return list(db.query("SELECT * FROM reviews WHERE claim_id = ? ORDER BY id", [claim_id]))


def test_mark_through_cli_adds_one_review_and_sets_status(built_db, run_cli):
    db = open_db(built_db)
    claim_id = first_claim(db)
    before = db["reviews"].count
    result = run_cli("--db", built_db, "mark", claim_id, "disputed", "--note", "two sources disagree", "--by", "alice")
    assert result.exit_code == 0, result.output
    assert db["reviews"].count == before + 1
    last = reviews_of(db, claim_id)[-1]
    assert (last["status"], last["actor"], last["note"], last["via"]) == (
        "disputed",
        "alice",
        "two sources disagree",
        "cli",
    )
    assert db["claims"].get(claim_id)["status"] == "disputed"


def test_raw_sql_update_of_status_is_logged_once(built_db):
    conn = sqlite3.connect(built_db)
    claim_id = conn.execute("SELECT id FROM claims WHERE status = 'pending' LIMIT 1").fetchone()[0]
    before = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    conn.execute("UPDATE claims SET status = 'false' WHERE id = ?", [claim_id])
    conn.commit()
    rows = conn.execute("SELECT status, actor, via FROM reviews WHERE claim_id = ?", [claim_id]).fetchall()
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == before + 1
    assert rows[-1] == ("false", "sql", "sql")
    # An UPDATE that does not change the status logs nothing.
    conn.execute("UPDATE claims SET status = 'false', score = score WHERE id = ?", [claim_id])
    conn.commit()
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == before + 1


def test_bulk_update_logs_one_review_per_changed_claim(built_db):
    db = sqlite_utils.Database(built_db)
    pending = db.execute("SELECT count(*) FROM claims WHERE status = 'pending'").fetchone()[0]
    before = db["reviews"].count
    db.execute("UPDATE claims SET status = 'unverifiable' WHERE status = 'pending'")
    assert db["reviews"].count == before + pending


def test_review_insert_sets_status_to_newest_entry(built_db):
    db = open_db(built_db)
    claim_id = first_claim(db)
    record_review(db, claim_id, "verified", actor="a", at=utcnow())
    # An older entry arriving later (a ledger merge) does not override the newest one.
    record_review(db, claim_id, "false", actor="b", at="2020-01-01T00:00:00.000Z")
    assert db["claims"].get(claim_id)["status"] == "verified"
    assert len(reviews_of(db, claim_id)) == 2


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE reviews SET status = 'verified'",
        "UPDATE reviews SET note = 'rewritten'",
        "DELETE FROM reviews",
    ],
)
def test_review_log_cannot_be_rewritten(built_db, sql):
    conn = sqlite3.connect(built_db)
    before = conn.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    assert before, "the shipped ledger gives reviews to rewrite"
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(sql)
    conn.rollback()
    assert conn.execute("SELECT * FROM reviews ORDER BY id").fetchall() == before


def test_reviewed_claim_cannot_be_deleted(built_db):
    conn = sqlite3.connect(built_db)
    claim_id = conn.execute("SELECT claim_id FROM reviews LIMIT 1").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        conn.execute("DELETE FROM claims WHERE id = ?", [claim_id])


def test_invalid_status_is_refused_everywhere(built_db):
    db = open_db(built_db)
    claim_id = first_claim(db)
    with pytest.raises(InvalidStatus):
        record_review(db, claim_id, "true-ish", actor="a")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE claims SET status = 'true-ish' WHERE id = ?", [claim_id])
    with pytest.raises(NotFound):
        record_review(db, 10**9, "verified", actor="a")


@pytest.mark.parametrize(
    "sql",
    [
        "REPLACE INTO reviews (id, claim_id, status, actor, at) "
        "SELECT id, claim_id, 'false', 'mallory', at FROM reviews LIMIT 1",
        "INSERT OR REPLACE INTO claims (id, article_id, ordinal, text, span_start, span_end, section, status) "
        "SELECT id, article_id, ordinal, text, span_start, span_end, section, 'pending' FROM claims "
        "WHERE id IN (SELECT claim_id FROM reviews) LIMIT 1",
        "UPDATE claims SET id = 99999 WHERE id IN (SELECT claim_id FROM reviews)",
        "INSERT INTO reviews (claim_id, status, actor, at) SELECT id, 'false', 'x', 'yesterday' FROM claims LIMIT 1",
        "INSERT INTO reviews (claim_id, status, actor, at) SELECT id, 'false', 'x', '2999-01-01T00:00:00.000Z' "
        "FROM claims LIMIT 1",
    ],
)
def test_log_cannot_be_bypassed_by_replace_id_changes_or_odd_times(built_db, sql):
    conn = sqlite3.connect(built_db)  # foreign keys and recursive triggers off: the defaults
    before = (
        conn.execute("SELECT * FROM reviews ORDER BY id").fetchall(),
        conn.execute("SELECT id, status FROM claims ORDER BY id").fetchall(),
    )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(sql)
    conn.rollback()
    after = (
        conn.execute("SELECT * FROM reviews ORDER BY id").fetchall(),
        conn.execute("SELECT id, status FROM claims ORDER BY id").fetchall(),
    )
    assert after == before


def test_review_times_are_stored_in_one_comparable_format(built_db):
    db = open_db(built_db)
    claim_id = first_claim(db)
    review = record_review(db, claim_id, "disputed", actor="a", at="2026-01-02T13:00:00+01:00")
    assert review["at"] == "2026-01-02T12:00:00.000Z"
    with pytest.raises(InputError, match="time zone"):
        record_review(db, claim_id, "false", actor="a", at="2026-01-02T13:00:00")


def test_reviews_with_the_same_time_keep_their_order_through_the_ledger(built_db, tmp_path, run_cli):
    db = open_db(built_db)
    claim_id = first_claim(db)
    at = "2026-05-05T10:00:00.000Z"
    record_review(db, claim_id, "verified", actor="zed", at=at)
    record_review(db, claim_id, "false", actor="alice", at=at)
    assert db["claims"].get(claim_id)["status"] == "false"  # same time: the later entry wins
    ledger = tmp_path / "ledger"
    assert run_cli("--db", built_db, "dump", "--ledger", ledger).exit_code == 0
    from claimdesk.build import build

    fresh = tmp_path / "fresh.db"
    build(fresh, built_db.parent / "seeds", ledger)
    text = db["claims"].get(claim_id)["text"]
    assert next(open_db(fresh).query("SELECT status FROM claims WHERE text = ?", [text]))["status"] == "false"
