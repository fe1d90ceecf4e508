"""build: seeds/ + claims/ -> database, idempotent; dump reproduces the ledger byte for byte."""

import filecmp
import json

from claimdesk.build import build, row_counts
from claimdesk.db import open_db, utcnow
from conftest import LEDGER, SEED_SLUG

CORE_KEYS = [
    "termasuk Ramallah di wilayah Tepi Barat",
    "Pada April 2023, Dewan Kota Liège",
    "Liège tidak memiliki hubungan formal dengan Israel",
    "pada tahun 2021, Liège telah mengeluarkan resolusi",
    "Pada Mei 2023, Dewan Kota Verviers",
    "menjadi kota ketiga dan keempat di Eropa",
]
COMMENT_KEYS = [
    "Gerakan kemanusiaan global terus bangkit",
    "Kemanusiaan tidak boleh tunduk pada kepentingan kapital",
    "Apa yang terjadi di Gaza bukan sekadar konflik",
    "Tulisan yg sangat bagus",
    "Transnasional kota kota pendukung palestina",
    "Situasi ini mencerminkan kegagalan komunitas internasional",
]


def claim_with(db, key):
    rows = [r for r in db.query("SELECT * FROM claims WHERE instr(text, ?) > 0", [key])]
    assert len(rows) == 1, (key, rows)
    return rows[0]


def test_build_twice_gives_identical_row_counts(project):
    db_path = project / "claims.db"
    first = build(db_path, project / "seeds", project / "claims").counts
    ids = [r["id"] for r in open_db(db_path).query("SELECT id FROM claims ORDER BY id")]
    second = build(db_path, project / "seeds", project / "claims").counts
    assert first == second
    assert first["claims"] > 20 and first["reviews"] >= 6
    assert ids == [r["id"] for r in open_db(db_path).query("SELECT id FROM claims ORDER BY id")]


def test_dump_reproduces_the_shipped_ledger_byte_for_byte(built_db, tmp_path, run_cli):
    out = tmp_path / "ledger-out"
    result = run_cli("--db", built_db, "dump", "--ledger", out)
    assert result.exit_code == 0, result.output
    shipped = sorted(p.name for p in LEDGER.glob("*.json"))
    assert sorted(p.name for p in out.glob("*.json")) == shipped
    for name in shipped:
        assert (out / name).read_bytes() == (LEDGER / name).read_bytes(), name
    # A second dump rewrites nothing.
    mtimes = {p: p.stat().st_mtime_ns for p in out.glob("*.json")}
    run_cli("--db", built_db, "dump", "--ledger", out)
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.json")} == mtimes
    assert filecmp.cmp(out / f"{SEED_SLUG}.json", LEDGER / f"{SEED_SLUG}.json", shallow=False)


def test_every_claim_is_its_span_of_the_article(built_db):
    db = open_db(built_db)
    texts = {a["id"]: a["text"] for a in db.query("SELECT id, text FROM articles")}
    rows = list(db.query("SELECT * FROM claims"))
    assert rows
    for c in rows:
        assert texts[c["article_id"]][c["span_start"] : c["span_end"]] == c["text"], c["id"]


def test_seed_sections_and_citation(built_db):
    db = open_db(built_db)
    for key in COMMENT_KEYS:
        claim = claim_with(db, key)
        assert claim["section"] == "comment", key
        assert not claim["checkworthy"], key
    assert claim_with(db, "Dosen Hubungan Internasional")["section"] == "byline"
    citing = claim_with(db, "https://bit.ly/4dpN4O7")
    linked = list(
        db.query(
            "SELECT s.url, cs.relation FROM claim_sources cs JOIN sources s ON s.id = cs.source_id "
            "WHERE cs.claim_id = ?",
            [citing["id"]],
        )
    )
    assert {"url": "https://bit.ly/4dpN4O7", "relation": "context"} in linked


def test_core_claims_have_ledger_sources_and_reviews(built_db):
    db = open_db(built_db)
    statuses = set()
    for key in CORE_KEYS:
        claim = claim_with(db, key)
        assert claim["checkworthy"] and claim["section"] == "body", key
        sources = db.execute("SELECT count(*) FROM claim_sources WHERE claim_id = ?", [claim["id"]]).fetchone()[0]
        assert sources >= 1, key
        last = list(
            db.query("SELECT * FROM reviews WHERE claim_id = ? ORDER BY at DESC, id DESC LIMIT 1", [claim["id"]])
        )
        assert last and last[0]["actor"] == "desk-research", key
        assert last[0]["status"] == claim["status"], key
        statuses.add(claim["status"])
    assert {"verified", "partly_verified", "pending"} <= statuses


def test_ledger_review_added_in_git_merges_as_union(project, run_cli):
    db_path = project / "claims.db"
    build(db_path, project / "seeds", project / "claims")
    ledger_path = project / "claims" / f"{SEED_SLUG}.json"
    data = json.loads(ledger_path.read_text(encoding="utf-8"))
    target = next(c for c in data["claims"] if c["status"] == "pending" and c["reviews"])
    target["reviews"].append({"at": utcnow(), "status": "verified", "actor": "bob", "note": "city list archived"})
    ledger_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    # Meanwhile a review is recorded in the database.
    db = open_db(db_path)
    other = next(
        db.query(
            "SELECT id FROM claims WHERE checkworthy = 1 AND status = 'pending' AND instr(text, ?) = 0",
            [target["text"][:30]],
        )
    )["id"]
    assert run_cli("--db", db_path, "mark", other, "unverifiable", "--by", "carol").exit_code == 0
    before = row_counts(db)
    build(db_path, project / "seeds", project / "claims")
    after = row_counts(db)
    assert after["reviews"] == before["reviews"] + 1
    claim = next(db.query("SELECT * FROM claims WHERE text = ?", [target["text"]]))
    assert claim["status"] == "verified"
    assert db["claims"].get(other)["status"] == "unverifiable"


def test_claims_command_filters(built_db, run_cli):
    def listed(*args):
        result = run_cli("--db", built_db, "claims", "--json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    checkworthy = listed()
    assert checkworthy and all(r["checkworthy"] for r in checkworthy)
    assert {r["status"] for r in listed("--status", "verified")} == {"verified"}
    assert len(listed("--status", "verified")) == 2
    comments = listed("--section", "comment", "--all")
    assert len(comments) >= 6 and all(r["section"] == "comment" for r in comments)
    assert listed("--section", "comment") == []  # comments are never claims
    found = listed("--search", "Verviers")
    assert found and all("Verviers" in r["text"] for r in found)
    assert listed("--search", 'unbalanced "quote') == []  # user text is never FTS syntax
    assert len(listed("--article", SEED_SLUG)) == len(checkworthy)


def test_an_edit_elsewhere_in_the_article_keeps_claims_and_reviews_single(project):
    db_path = project / "claims.db"
    before = build(db_path, project / "seeds", project / "claims").counts
    seed = project / "seeds" / f"{SEED_SLUG}.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Palestina. Dikenal", "Palestina.  Dikenal"), "utf-8")
    after = build(db_path, project / "seeds", project / "claims").counts
    assert after == before  # no second row for a moved sentence, no review merged twice
    db = open_db(db_path)
    texts = {a["id"]: a["text"] for a in db.query("SELECT id, text FROM articles")}
    for c in db.query("SELECT * FROM claims"):
        assert texts[c["article_id"]][c["span_start"] : c["span_end"]] == c["text"]
    ramallah = next(db.query("SELECT * FROM claims WHERE instr(text, 'Ramallah') > 0"))
    assert ramallah["span_start"] == 100 and ramallah["id"] == 2


def test_a_later_relation_decision_wins_either_way_through_the_ledger(project, run_cli):
    db_path = project / "claims.db"
    build(db_path, project / "seeds", project / "claims")
    ledger_path = project / "claims" / f"{SEED_SLUG}.json"
    data = json.loads(ledger_path.read_text(encoding="utf-8"))
    claim = next(c for c in data["claims"] if len(c["sources"]) >= 2)
    first, second = claim["sources"][0], claim["sources"][1]
    # A teammate's later decision arrives through git...
    first.update(relation="refutes", note="teammate read it again", updated_at=utcnow())
    ledger_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    # ...while here someone decided about another source, after the teammate.
    db = open_db(db_path)
    claim_id = next(db.query("SELECT id FROM claims WHERE text = ?", [claim["text"]]))["id"]
    source_id = next(db.query("SELECT id FROM sources WHERE url = ?", [second["url"]]))["id"]
    from claimdesk.sources import set_relation

    set_relation(db, claim_id, source_id, "context", "only background", keep_note=False)
    # An older ledger edit of that second source must not undo it.
    second.update(relation="refutes", updated_at="2026-01-01T00:00:00.000Z")
    ledger_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    build(db_path, project / "seeds", project / "claims")
    links = {
        r["url"]: (r["relation"], r["note"])
        for r in db.query(
            "SELECT s.url, cs.relation, cs.note FROM claim_sources cs JOIN sources s ON s.id = cs.source_id "
            "WHERE cs.claim_id = ?",
            [claim_id],
        )
    }
    assert links[first["url"]] == ("refutes", "teammate read it again")
    assert links[second["url"]] == ("context", "only background")
