"""Evidence ranking: date conflicts, explanations, offsets, files, the CLI and the evidence table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimdesk.cli.evidencing  # noqa: F401  (registers match and evidence)
from claimdesk.cli.base import cli
from claimdesk.db import open_db
from claimdesk.errors import InputError
from claimdesk.evidence import compute_evidence, match_file, rank_passages
from claimdesk.terms import lexicon, terms_in

PAGES = Path(__file__).resolve().parent / "evidence"
CLAIM_2023 = (
    "Pada April 2023, Dewan Kota Liège memutuskan untuk menghentikan seluruh bentuk hubungan dengan Negara Israel."
)
# Two passages that differ only in their date: the one that disagrees with the claim must lose.
TWO_DATES = (
    "Le conseil communal de Liège a voté en mai 2021 une motion suspendant les relations avec Israël.\n"
    "Le conseil communal de Liège a voté le 24 avril 2023 une motion suspendant les relations avec Israël.\n"
)


def test_conflicting_date_ranks_down_and_is_reported() -> None:
    passages = rank_passages(CLAIM_2023, "id", TWO_DATES, "fr")
    assert "2023" in passages[0].text
    assert passages[0].matched["dates"]["agreed"] == ["2023-04-24"]
    assert passages[0].matched["dates"]["conflicting"] == []
    loser = next(p for p in passages if "2021" in p.text)
    assert loser.score < passages[0].score
    assert loser.matched["dates"]["conflicting"] == ["2021-05"]
    assert loser.matched["dates"]["agreed"] == []


def test_conflict_costs_more_than_silence() -> None:
    """A passage with no date at all outranks an otherwise identical one with the wrong date."""
    doc = (
        "Le conseil communal de Liège a voté en 2021 une motion suspendant les relations avec Israël.\n"
        "Le conseil communal de Liège a voté une motion suspendant les relations avec Israël.\n"
    )
    passages = rank_passages(CLAIM_2023, "id", doc, "fr")
    assert "2021" not in passages[0].text
    assert passages[0].matched["dates"]["from"] is None


def test_spans_index_the_document_and_matches_are_explained() -> None:
    doc = (PAGES / "nl_luik_verviers.txt").read_text(encoding="utf-8")
    passages = rank_passages(CLAIM_2023, "id", doc, "nl", top=3)
    assert 0 < len(passages) <= 3
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    for p in passages:
        assert doc[p.start : p.end] == p.text
        json.dumps(p.matched)
    best = passages[0].matched
    assert "Liège" in best["entities"] and "Israel" in best["entities"]
    assert {"decision", "relations", "suspend", "council"} <= set(best["terms"])


def test_ordinals_match_across_languages() -> None:
    claim = "Liège dan Verviers menjadi kota ketiga dan keempat di Eropa, mengikuti jejak Barcelona dan Oslo."
    doc = "Liège est une ville de Wallonie.\nLiège devient la troisième ville européenne après Barcelone et Oslo.\n"
    best = rank_passages(claim, "id", doc, "fr")[0]
    assert "troisième" in best.text
    assert best.matched["ordinals"] == [3]


def test_unrelated_page_gives_nothing() -> None:
    assert rank_passages(CLAIM_2023, "id", "Het weer blijft morgen zonnig aan de kust.\n", "nl") == []


def test_term_lexicon_is_data_with_four_languages() -> None:
    for entry in lexicon()["terms"]:
        assert {"key", "id", "en", "fr", "nl"} <= set(entry), entry
    assert terms_in("mosi") == terms_in("motion") == terms_in("motie") == ["motion"]
    assert terms_in("resolusi résolution resolutie") == ["resolution"]
    assert terms_in("dewan kota") == ["council", "city"]


def test_match_file_html_offsets_index_the_extracted_text() -> None:
    from claimdesk.evidence import read_document

    path = PAGES / "fr_liege_conseil.html"
    text, lang = read_document(path)
    assert lang == "fr" and "<p>" not in text and "Accueil" not in text
    passages = match_file(CLAIM_2023, path)
    assert passages and all(text[p.start : p.end] == p.text for p in passages)
    assert "24 avril 2023" in passages[0].text


def test_match_file_missing_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        match_file(CLAIM_2023, tmp_path / "missing.html")


def test_cli_match_json() -> None:
    result = CliRunner().invoke(
        cli, ["match", "--claim", CLAIM_2023, str(PAGES / "en_liege_analysis.txt"), "--top", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 2
    assert set(rows[0]) == {"text", "start", "end", "score", "matched"}
    assert "24 April 2023" in rows[0]["text"]


def test_cli_match_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["match", "--claim", "x", str(tmp_path / "nope.txt"), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error:") and result.stderr.count("\n") == 1


def _seed_db(path: Path):
    """A real SQLite file with an article, claims, two sources and snapshots, built by hand."""
    db = open_db(path)
    db["articles"].insert({"id": 1, "slug": "a", "language": "id", "text": "...", "sha256": "x"})
    claims = [
        (1, CLAIM_2023, 1),
        (2, "Pada Mei 2023, Dewan Kota Verviers menyetujui mosi tentang Israel.", 1),
        (3, "Komentar pembaca tentang Liège.", 0),  # not check-worthy: no evidence
    ]
    for cid, text, worthy in claims:
        db["claims"].insert(
            {
                "id": cid,
                "article_id": 1,
                "ordinal": cid,
                "text": text,
                "span_start": 0,
                "span_end": len(text),
                "section": "body",
                "checkworthy": worthy,
            }
        )
    db["sources"].insert_all([{"id": 1, "url": "https://example.org/a"}, {"id": 2, "url": "https://example.org/b"}])
    db["claim_sources"].insert_all(
        [
            {"claim_id": 1, "source_id": 1},
            {"claim_id": 2, "source_id": 1},
            {"claim_id": 3, "source_id": 1},
            {"claim_id": 1, "source_id": 2},
        ]
    )
    nl = (PAGES / "nl_luik_verviers.txt").read_text(encoding="utf-8")
    en = (PAGES / "en_liege_analysis.txt").read_text(encoding="utf-8")
    db["snapshots"].insert_all(
        [
            {
                "id": 1,
                "source_id": 1,
                "requested_url": "https://example.org/a",
                "fetched_at": "t",
                "text": nl,
                "language": "nl",
            },
            {
                "id": 2,
                "source_id": 2,
                "requested_url": "https://example.org/b",
                "fetched_at": "t",
                "text": en,
                "language": "en",
            },
            {
                "id": 3,
                "source_id": 2,
                "requested_url": "https://example.org/b",
                "fetched_at": "t",
                "error": "timeout",
            },  # a failed fetch: no text, no evidence
        ]
    )
    return db


def _evidence_rows(db) -> list[dict]:
    return list(db.query("SELECT * FROM evidence ORDER BY claim_id, snapshot_id, rank"))


def test_compute_evidence_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "claims.db"
    db = _seed_db(path)
    first = compute_evidence(db, top=2)
    assert first.pairs == 3 and first.written == 3 and first.unchanged == 0
    rows = _evidence_rows(db)
    assert {(r["claim_id"], r["snapshot_id"]) for r in rows} == {(1, 1), (2, 1), (1, 2)}
    snapshots = {r["id"]: r["text"] for r in db.query("SELECT id, text FROM snapshots")}
    for r in rows:
        assert snapshots[r["snapshot_id"]][r["span_start"] : r["span_end"]] == r["quote"]
        assert json.loads(r["matched"])["dates"]["claim"]
    top = next(r for r in rows if r["claim_id"] == 2 and r["rank"] == 1)
    assert "30 mei 2023" in top["quote"]
    db.conn.close()

    again = open_db(path, create=False)
    second = compute_evidence(again, top=2)
    assert second.written == 0 and second.unchanged == 3 and second.removed == 0
    assert _evidence_rows(again) == rows

    # unlinking a source removes its evidence; the rest stays as it was
    again.execute("DELETE FROM claim_sources WHERE claim_id = 1 AND source_id = 2")
    third = compute_evidence(again, top=2)
    assert third.removed == len([r for r in rows if (r["claim_id"], r["snapshot_id"]) == (1, 2)])
    assert _evidence_rows(again) == [r for r in rows if (r["claim_id"], r["snapshot_id"]) != (1, 2)]


def test_cli_evidence_summary(tmp_path: Path) -> None:
    path = tmp_path / "claims.db"
    _seed_db(path).conn.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(path), "evidence"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 claim/snapshot pairs: 3 rewritten")
    result = runner.invoke(cli, ["--db", str(path), "evidence", "--json"])
    assert json.loads(result.stdout)["unchanged"] == 3


def test_cli_evidence_missing_db(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "evidence"])
    assert result.exit_code == 1
    assert not (tmp_path / "none.db").exists()
