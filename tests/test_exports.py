"""`claimdesk export claimreview|csv|report OUT` through the CLI, and the small databases the export
tests share: articles written row by row so that every awkward case (commas, quotes, newlines,
"Liège", markup, a verdict reopened as pending, a failed fetch) is there on purpose."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
import sqlite_utils

from claimdesk.db import open_db
from claimdesk.reviews import record_review
from claimdesk.sources import link_source

KINDS = ("claimreview", "csv", "report")

# (text, checkworthy, section); "\n" between two sentences starts a new paragraph.
TRICKY = [
    ("Le conseil communal de Liège a voté, le 24 avril 2023, une motion « historique ».", 1, "body"),
    ("The mayor said \"no\", then 'yes', at 40% turnout, <b>really</b> & more.", 1, "body"),
    "\n",
    ("A plain sentence that nobody needs to check.", 0, "body"),
    ("In 2021 the city excluded 3 firms\nfrom its public contracts.", 1, "body"),
    "\n",
    ("=SUM(A1:A3) is what a reader wrote, 12 times.", 1, "comment"),
    ("Ce n'est pas vrai, disait-il, en 2019.", 1, "body"),
]


def add_article(
    db: sqlite_utils.Database,
    slug: str,
    parts: list,
    *,
    title: str | None = "Une ville rompt ses liens",
    url: str | None = "https://news.example/liege-vote",
    language: str | None = "fr",
    published: str | None = "2023-04-25",
    path: str | None = None,
) -> list[int]:
    """Insert an article and one claims row per sentence; return the claim ids in order."""
    text, spans, previous_sentence = "", [], False
    for part in parts:
        if part == "\n":
            text += "\n"
            previous_sentence = False
            continue
        if previous_sentence:
            text += " "
        sentence, checkworthy, section = part
        spans.append((len(text), len(text) + len(sentence), sentence, checkworthy, section))
        text += sentence
        previous_sentence = True
    article_id = (
        db["articles"]
        .insert(
            {
                "slug": slug,
                "title": title,
                "url": url,
                "language": language,
                "published": published,
                "text": text,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "path": path,
            }
        )
        .last_pk
    )
    ids = []
    for ordinal, (start, end, sentence, checkworthy, section) in enumerate(spans):
        assert text[start:end] == sentence
        ids.append(
            db["claims"]
            .insert(
                {
                    "article_id": article_id,
                    "ordinal": ordinal,
                    "text": sentence,
                    "span_start": start,
                    "span_end": end,
                    "section": section,
                    "checkworthy": checkworthy,
                    "dates": json.dumps(["2023-04-24"] if "2023" in sentence else []),
                    "entities": json.dumps(["Liège"] if "Liège" in sentence else []),
                }
            )
            .last_pk
        )
    return ids


def tricky_db(path: Path) -> tuple[Path, list[int]]:
    """A database with one article holding every awkward case, reviewed in every way."""
    db = open_db(path)
    ids = add_article(db, "liege-vote", TRICKY)
    c_liege, c_quotes, _plain, c_newline, c_formula, c_reopened = ids
    record_review(
        db,
        c_liege,
        "verified",
        actor="ana",
        note='Council minutes, "p. 4", confirm it; see Liège.be.',
        at="2024-02-01T09:00:00.000Z",
    )
    record_review(db, c_quotes, "false", actor="ben", note="No such quote,\nanywhere.", at="2024-02-02T10:00:00.000Z")
    record_review(db, c_newline, "unverifiable", actor="ana", note="", at="2024-02-03T10:00:00.000Z")
    record_review(db, c_formula, "disputed", actor="ana", note="=cmd|' /C calc'!A0", at="2024-02-04T10:00:00.000Z")
    record_review(db, c_reopened, "verified", actor="ana", note="first look", at="2024-02-05T10:00:00.000Z")
    record_review(db, c_reopened, "pending", actor="ben", note="reopened: wrong year?", at="2024-02-06T10:00:00.000Z")
    link_source(
        db,
        c_liege,
        "https://www.liege.be/conseil/pv-2023-04-24",
        relation="supports",
        note="Minutes, p. 4",
        actor="ana",
    )
    link_source(db, c_liege, "https://dead.example/gone", relation="context", note="Gone, but archived", actor="ana")
    link_source(
        db,
        c_quotes,
        "https://www.rtbf.be/article/x",
        relation="refutes",
        note='Says "nothing of the sort"',
        actor="ben",
    )
    sources = {row["url"]: row["id"] for row in db.query("SELECT id, url FROM sources")}
    db["snapshots"].insert_all(
        [
            {
                "source_id": sources["https://www.liege.be/conseil/pv-2023-04-24"],
                "requested_url": "https://www.liege.be/conseil/pv-2023-04-24",
                "status_code": 200,
                "fetched_at": "2024-01-30T08:00:00.000Z",
            },
            {
                "source_id": sources["https://dead.example/gone"],
                "requested_url": "https://dead.example/gone",
                "status_code": 200,
                "fetched_at": "2023-05-01T08:00:00.000Z",
            },
            {
                "source_id": sources["https://dead.example/gone"],
                "requested_url": "https://dead.example/gone",
                "error": "dns",
                "fetched_at": "2024-01-31T08:00:00.000Z",
            },
        ]
    )
    db.close()
    return path, ids


def published_ids(db_path: Path) -> set[int]:
    db = sqlite_utils.Database(db_path)
    return {r["id"] for r in db.query("SELECT id FROM claims WHERE checkworthy = 1 AND status != 'pending'")}


# The CLI ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_export_writes_the_file_and_a_summary_on_stderr(built_db, run_cli, tmp_path, kind):
    out = tmp_path / f"out.{kind}"
    result = run_cli("--db", built_db, "export", kind, out)
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 0
    assert result.stdout == ""
    summary = result.stderr.strip()
    assert summary.startswith(f"{kind}:") and "\n" not in summary and str(out) in summary


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_out_path_is_a_one_line_error(built_db, run_cli, tmp_path, kind):
    for out in (tmp_path / "no" / "such" / "dir" / "x.out", tmp_path):
        result = run_cli("--db", built_db, "export", kind, out)
        assert result.exit_code in (1, 2)  # click refuses a directory as a usage error
        lines = result.stderr.strip().splitlines()
        assert lines[-1].startswith("Error:"), result.stderr
        if result.exit_code == 1:
            assert len(lines) == 1 and "Traceback" not in result.output
    result = run_cli("--db", built_db, "export", kind, tmp_path / "missing" / "x.out")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("**/*.tmp"))


def test_a_file_in_place_of_a_directory_is_a_one_line_error(built_db, run_cli, tmp_path):
    (tmp_path / "afile").write_text("x")
    result = run_cli("--db", built_db, "export", "csv", tmp_path / "afile" / "out.csv")
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot write")


def test_unknown_article_is_a_one_line_error_and_writes_nothing(built_db, run_cli, tmp_path):
    for kind in KINDS:
        out = tmp_path / f"x.{kind}"
        result = run_cli("--db", built_db, "export", kind, out, "--article", "no-such-slug")
        assert result.exit_code == 1
        assert result.stderr.strip() == "Error: no article with slug 'no-such-slug'"
        assert not out.exists()


def test_options_for_another_kind_are_a_usage_error(built_db, run_cli, tmp_path):
    result = run_cli("--db", built_db, "export", "csv", tmp_path / "x.csv", "--labels", "id")
    assert result.exit_code == 2 and "--labels applies to export claimreview, not csv" in result.stderr
    result = run_cli("--db", built_db, "export", "report", tmp_path / "x.html", "--no-bom")
    assert result.exit_code == 2 and "--bom applies to export csv, not report" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_org_from_the_environment_does_not_trouble_other_kinds(built_db, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from claimdesk.cli import cli

    env = {"CLAIMDESK_ORG_NAME": "Cek Fakta Kampus", "CLAIMDESK_ORG_URL": "https://cekfakta.example"}
    runner = CliRunner(env=env)
    out = tmp_path / "cr.json"
    assert runner.invoke(cli, ["--db", str(built_db), "export", "claimreview", str(out)]).exit_code == 0
    authors = {json.dumps(item["author"], sort_keys=True) for item in json.loads(out.read_text())}
    assert authors == {
        json.dumps(
            {"@type": "Organization", "name": "Cek Fakta Kampus", "url": "https://cekfakta.example"}, sort_keys=True
        )
    }
    assert runner.invoke(cli, ["--db", str(built_db), "export", "csv", str(tmp_path / "x.csv")]).exit_code == 0


def test_export_of_a_missing_database_is_an_error(run_cli, tmp_path):
    result = run_cli("--db", tmp_path / "nope.db", "export", "csv", tmp_path / "x.csv")
    assert result.exit_code == 1 and "database not found" in result.stderr


def test_empty_database_exports_are_valid_and_say_so(run_cli, tmp_path):
    db_path = tmp_path / "empty.db"
    open_db(db_path).close()
    result = run_cli("--db", db_path, "export", "claimreview", tmp_path / "cr.json")
    assert result.exit_code == 0 and "no reviewed claims" in result.stderr
    assert json.loads((tmp_path / "cr.json").read_text()) == []
    result = run_cli("--db", db_path, "export", "csv", tmp_path / "x.csv")
    assert result.exit_code == 0 and "header only" in result.stderr
    with open(tmp_path / "x.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 1 and rows[0][:2] == ["article", "claim_id"]
    result = run_cli("--db", db_path, "export", "report", tmp_path / "r.html")
    assert result.exit_code == 0 and "no claims reviewed yet" in result.stderr
    assert "No articles in the database yet, so no claims reviewed yet." in (tmp_path / "r.html").read_text()


def test_the_cli_exports_one_article(run_cli, tmp_path):
    db_path, _ = tricky_db(tmp_path / "t.db")
    db = open_db(db_path)
    add_article(db, "other", [("Another claim from 1999 about Verviers.", 1, "body")])
    record_review(db, db.execute("SELECT max(id) FROM claims").fetchone()[0], "verified", actor="ana")
    db.close()
    result = run_cli("--db", db_path, "export", "claimreview", tmp_path / "cr.json", "--article", "other")
    assert result.exit_code == 0
    assert [item["claimReviewed"] for item in json.loads((tmp_path / "cr.json").read_text())] == [
        "Another claim from 1999 about Verviers."
    ]
