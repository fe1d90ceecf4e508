"""CSV: a header, one row per check-worthy claim, and an exact round trip through the csv module."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import sqlite_utils

from claimdesk.db import open_db
from claimdesk.tabular import COLUMNS, export_csv
from test_exports import add_article, tricky_db


def read_rows(path: Path, encoding: str = "utf-8-sig") -> list[dict]:
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames) == COLUMNS
        return list(reader)


def test_round_trip_of_commas_quotes_newlines_and_non_ascii(tmp_path):
    db_path, ids = tricky_db(tmp_path / "t.db")
    out = tmp_path / "claims.csv"
    summary = export_csv(open_db(db_path), out)
    assert summary == f"csv: 5 check-worthy claims (4 reviewed) to {out}"
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and raw.count(codecs.BOM_UTF8) == 1
    assert "Liège".encode() in raw and b"\r\n" in raw

    rows = read_rows(out)
    db = sqlite_utils.Database(db_path)
    expected = list(db.query("SELECT * FROM claims WHERE checkworthy = 1 ORDER BY span_start"))
    assert [int(r["claim_id"]) for r in rows] == [c["id"] for c in expected]
    for row, claim in zip(rows, expected, strict=True):
        assert row["text"] == claim["text"]  # exact: commas, quotes, newline, «», Liège, <b>, =SUM
        assert row["status"] == claim["status"] and row["section"] == claim["section"]
        assert (int(row["span_start"]), int(row["span_end"])) == (claim["span_start"], claim["span_end"])
        assert row["article"] == "liege-vote"
        newest = list(
            db.query("SELECT * FROM reviews WHERE claim_id = ? ORDER BY at DESC, id DESC LIMIT 1", [claim["id"]])
        )
        if newest:
            assert (row["reviewed_at"], row["reviewed_by"], row["review_note"]) == (
                newest[0]["at"],
                newest[0]["actor"],
                newest[0]["note"] or "",
            )
        else:
            assert row["reviewed_at"] == row["reviewed_by"] == row["review_note"] == ""

    liege, quotes, newline, formula, reopened = rows
    assert liege["text"].startswith("Le conseil communal de Liège a voté, le 24 avril 2023")
    assert liege["review_note"] == 'Council minutes, "p. 4", confirm it; see Liège.be.'
    assert (liege["sources"], liege["evidence"]) == ("2", "0")
    assert liege["source_urls"].split(" ") == [
        "https://dead.example/gone",
        "https://www.liege.be/conseil/pv-2023-04-24",
    ]
    assert liege["dates"] == "2023-04-24" and liege["entities"] == "Liège"
    assert quotes["text"] == "The mayor said \"no\", then 'yes', at 40% turnout, <b>really</b> & more."
    assert quotes["review_note"] == "No such quote,\nanywhere."
    assert newline["text"] == "In 2021 the city excluded 3 firms\nfrom its public contracts."
    assert formula["text"].startswith("=SUM(A1:A3)") and formula["section"] == "comment"
    assert formula["review_note"] == "=cmd|' /C calc'!A0"
    assert reopened["status"] == "pending" and reopened["review_note"] == "reopened: wrong year?"


def test_no_bom_is_plain_utf8(tmp_path):
    db_path, _ = tricky_db(tmp_path / "t.db")
    out = tmp_path / "plain.csv"
    export_csv(open_db(db_path), out, bom=False)
    assert not out.read_bytes().startswith(codecs.BOM_UTF8)
    assert [r["claim_id"] for r in read_rows(out, "utf-8")] == [r["claim_id"] for r in read_rows(out)]


def test_the_shipped_ledger_as_csv(built_db, run_cli, tmp_path):
    out = tmp_path / "claims.csv"
    result = run_cli("--db", built_db, "export", "csv", out)
    assert result.exit_code == 0
    rows = read_rows(out)
    assert len(rows) == 8
    assert {r["status"] for r in rows} == {"verified", "partly_verified", "pending"}
    assert sum(int(r["sources"]) for r in rows) == 16
    assert all(len(r["source_urls"].split()) == int(r["sources"]) for r in rows)


def test_empty_database_and_unreviewed_article(tmp_path):
    db = open_db(tmp_path / "e.db")
    out = tmp_path / "e.csv"
    assert "header only" in export_csv(db, out)
    with open(out, encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f)) == [list(COLUMNS)]
    add_article(db, "fresh", [("The dam was built in 1950.", 1, "body"), ("Nice weather.", 0, "body")])
    summary = export_csv(db, out, article="fresh")
    assert summary == f"csv: 1 check-worthy claims (0 reviewed) to {out}"
    (row,) = read_rows(out)
    assert row["status"] == "pending" and row["reviewed_at"] == ""
