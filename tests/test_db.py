"""Schema migrations: applied once, in order, and an older file is upgraded in place."""

import sqlite_utils

from claimdesk.db import MIGRATIONS, MIGRATIONS_TABLE, migrate, open_db


def applied(db):
    return [r["name"] for r in db.query(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY name")]


def test_fresh_database_gets_every_migration_once(tmp_path):
    db = open_db(tmp_path / "a.db")
    assert applied(db) == [name for name, _ in MIGRATIONS]
    assert migrate(db) == []  # nothing left to do
    assert {"articles", "claims", "sources", "claim_sources", "snapshots", "blobs", "evidence", "reviews"} <= set(
        db.table_names()
    )


def test_older_database_is_upgraded_keeping_its_rows(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    import claimdesk.db as dbmod

    monkeypatch.setattr(dbmod, "MIGRATIONS", MIGRATIONS[:3])
    old = open_db(path)
    old.execute("INSERT INTO sources (url) VALUES ('https://example.org/a')")
    assert "request_headers" not in old["snapshots"].columns_dict
    old.close()
    monkeypatch.setattr(dbmod, "MIGRATIONS", MIGRATIONS)
    db = open_db(path)
    assert "request_headers" in db["snapshots"].columns_dict
    assert applied(db)[-1] == MIGRATIONS[-1][0]
    assert [r["url"] for r in db.query("SELECT url FROM sources")] == ["https://example.org/a"]


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    import pytest

    import claimdesk.db as dbmod

    path = tmp_path / "b.db"
    open_db(path).close()
    broken = ("999_broken", "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);")
    monkeypatch.setattr(dbmod, "MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(Exception, match="no_such_table"):
        open_db(path)
    db = sqlite_utils.Database(path)
    assert "half_done" not in db.table_names()
    assert "999_broken" not in applied(db)
