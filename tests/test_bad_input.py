"""Bad input gets a one-line error, exit status 1, and changes nothing."""

import hashlib
import json

import pytest

from conftest import SEED_SLUG


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def db_state(db_path):
    import sqlite3

    conn = sqlite3.connect(db_path)
    state = {
        t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("articles", "claims", "sources", "claim_sources", "reviews")
    }
    conn.close()
    return state


def assert_one_line_error(result, *words):
    assert result.exit_code == 1, (result.exit_code, result.output)
    message = result.stderr.strip()
    assert message.startswith("Error: ") and "\n" not in message, message
    assert "Traceback" not in result.output
    for word in words:
        assert word in message, (word, message)


@pytest.mark.parametrize(
    "args,words",
    [
        (["mark", "999999", "verified"], ["no claim with id 999999"]),
        (["mark", "{claim}", "truthy"], ["unknown status 'truthy'"]),
        (["source", "add", "{claim}", "htp:/bad url"], ["malformed URL"]),
        (["source", "add", "{claim}", "https://ok.example/a", "not a url"], ["malformed URL"]),
        (["source", "add", "999999", "https://ok.example/a"], ["no claim with id 999999"]),
        (["build", "--seeds", "no-such-folder"], ["seeds directory not found"]),
    ],
)
def test_bad_input_changes_nothing(built_db, run_cli, monkeypatch, args, words):
    monkeypatch.chdir(built_db.parent)
    claim = str(
        next(
            iter(__import__("sqlite3").connect(built_db).execute("SELECT id FROM claims WHERE checkworthy = 1 LIMIT 1"))
        )[0]
    )
    before = db_state(built_db)
    result = run_cli("--db", built_db, *[a.replace("{claim}", claim) for a in args])
    assert_one_line_error(result, *words)
    assert db_state(built_db) == before


def test_broken_ledger_json_changes_nothing(built_db, run_cli):
    project = built_db.parent
    ledger = project / "claims" / f"{SEED_SLUG}.json"
    ledger.write_text(ledger.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    before = db_state(built_db)
    result = run_cli("--db", built_db, "build", "--seeds", project / "seeds", "--ledger", project / "claims")
    assert_one_line_error(result, "broken JSON", ledger.name)
    assert db_state(built_db) == before


def test_broken_ledger_on_a_fresh_database_creates_no_file(project, run_cli):
    (project / "claims" / "zzz.json").write_text("{not json", encoding="utf-8")
    db_path = project / "fresh.db"
    result = run_cli("--db", db_path, "build", "--seeds", project / "seeds", "--ledger", project / "claims")
    assert_one_line_error(result, "zzz.json")
    assert not db_path.exists()


def test_ledger_with_unknown_status_is_refused(built_db, run_cli):
    project = built_db.parent
    ledger = project / "claims" / f"{SEED_SLUG}.json"
    data = json.loads(ledger.read_text(encoding="utf-8"))
    reviewed = next(c for c in data["claims"] if c["reviews"])
    reviewed["reviews"][0]["status"] = "ok"
    ledger.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = db_state(built_db)
    result = run_cli("--db", built_db, "build", "--seeds", project / "seeds", "--ledger", project / "claims")
    assert_one_line_error(result, "'ok'")
    assert db_state(built_db) == before


def test_missing_file_for_extract(run_cli, tmp_path):
    result = run_cli("extract", tmp_path / "nope.txt", "--json")
    assert_one_line_error(result, "nope.txt")
    assert result.stdout == ""


def test_missing_database_is_not_created(run_cli, tmp_path):
    db_path = tmp_path / "typo.db"
    result = run_cli("--db", db_path, "mark", "1", "verified")
    assert_one_line_error(result, "database not found")
    assert not db_path.exists()


def test_usage_errors_exit_2(run_cli, built_db):
    assert run_cli("--db", built_db, "mark", "abc", "verified").exit_code == 2
    assert run_cli("--db", built_db, "export", "pdf", "x").exit_code == 2
