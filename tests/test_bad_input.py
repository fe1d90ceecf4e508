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


def test_two_seeds_with_one_slug_are_refused(project, run_cli):
    seed = next((project / "seeds").glob("*.txt"))
    seed.with_suffix(".html").write_text("<html><body><p>Liège, April 2023.</p></body></html>", encoding="utf-8")
    result = run_cli("--db", project / "x.db", "build", "--seeds", project / "seeds", "--ledger", project / "claims")
    assert_one_line_error(result, "share the slug", seed.stem)
    assert not (project / "x.db").exists()


@pytest.mark.parametrize(
    "sidecar,words",
    [
        ({"title": 5}, ["'title' must be a string"]),
        ({"url": "javascript:alert(1)"}, ["'url' must be an http(s) URL"]),
        ({"published": "next tuesday"}, ["'published' must be an ISO date"]),
        ({"language": "klingon"}, ["unknown language 'klingon'"]),
    ],
)
def test_sidecar_fields_are_checked(tmp_path, run_cli, sidecar, words):
    (tmp_path / "a.txt").write_text("Dewan Kota Liège memutuskan pada April 2023.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(sidecar), encoding="utf-8")
    assert_one_line_error(run_cli("extract", tmp_path / "a.txt", "--json"), *words)


def test_a_failed_first_build_leaves_no_database(project, run_cli):
    seed = next((project / "seeds").glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("Sebelumnya, pada tahun 2021", "Sebelumnya pada tahun 2021"), encoding="utf-8")
    db_path = project / "fresh.db"
    result = run_cli("--db", db_path, "build", "--seeds", project / "seeds", "--ledger", project / "claims")
    assert_one_line_error(result, "has reviews or sources", "restore the sentence")
    assert not db_path.exists() and not (project / "fresh.db-wal").exists()


def test_unreviewed_ledger_claims_give_way_to_an_edited_article(project, run_cli):
    seed = next((project / "seeds").glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("Kota-kota Belgia seperti", "Kota-kota Belgia, seperti"), encoding="utf-8")
    result = run_cli("--db", project / "x.db", "build", "--seeds", project / "seeds", "--ledger", project / "claims")
    assert result.exit_code == 0, result.output
    assert "1 unreviewed ledger claims no longer in their article" in result.output


@pytest.mark.parametrize(
    "args,words",
    [
        (["claims", "--article", "no-such-slug"], ["no article with slug 'no-such-slug'"]),
        (["dump", "--ledger", "seeds/000_b02b4225fd3b4194.txt"], ["not a directory"]),
        (["extract", "seeds/000_b02b4225fd3b4194.txt", "--lang", "klingon", "--json"], ["unknown language"]),
        (["match", "--claim", "", "seeds/000_b02b4225fd3b4194.txt", "--json"], ["no words"]),
        (["serve", "--config", "broken.yaml"], ["broken.yaml", "YAML"]),
    ],
)
def test_more_bad_input_gets_one_line(built_db, run_cli, monkeypatch, args, words):
    monkeypatch.chdir(built_db.parent)
    (built_db.parent / "broken.yaml").write_text("a: [1\n", encoding="utf-8")
    (built_db.parent / "datasette-metadata.json").write_text("{}", encoding="utf-8")
    result = run_cli("--db", built_db, *args)
    assert_one_line_error(result, *words)
    assert result.stdout == ""


def test_dump_refuses_a_slug_that_is_a_path(built_db, tmp_path, run_cli):
    import sqlite3

    conn = sqlite3.connect(built_db)
    conn.execute("UPDATE articles SET slug = '../../escaped'")
    conn.commit()
    result = run_cli("--db", built_db, "dump", "--ledger", tmp_path / "a" / "b")
    assert_one_line_error(result, "cannot name a ledger file")
    assert not (tmp_path / "escaped.json").exists()
