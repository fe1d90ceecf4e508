"""ClaimReview JSON-LD: every field of every published verdict, the rating table, the edge cases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import sqlite_utils

from claimdesk.claimreview import RATINGS, claim_reviews, export_claimreview, short_claim
from claimdesk.db import STATUSES, open_db
from claimdesk.reviews import record_review
from test_exports import add_article, published_ids, tricky_db

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def export(db_path: Path, out: Path, **options) -> tuple[list[dict], str]:
    db = open_db(db_path, create=False)
    summary = export_claimreview(db, out, **options)
    return json.loads(out.read_text(encoding="utf-8")), summary


def claim_id_of(item: dict) -> int:
    return int(item["url"].rsplit("#claim-", 1)[1])


def check_item(item: dict, claim: dict, article: dict, newest: dict, *, labels: str = "en") -> None:
    """Every field the brief names, against the database."""
    assert item["@context"] == "https://schema.org"
    assert item["@type"] == "ClaimReview"
    assert item["url"] == f"{article['url'] or ''}#claim-{claim['id']}"
    assert item["claimReviewed"] == short_claim(claim["text"])
    assert item["claimReviewed"] and "\n" not in item["claimReviewed"] and len(item["claimReviewed"]) <= 280
    assert ISO_DATE.match(item["datePublished"]) and item["datePublished"] == newest["at"][:10]
    assert item["author"]["@type"] == "Organization" and item["author"]["name"]

    rating = item["reviewRating"]
    expected = RATINGS[newest["status"]]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == expected.labels[labels]
    if expected.value is None:
        assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)
    else:
        assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (expected.value, 5, 1)
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    if newest["note"]:
        assert rating["ratingExplanation"] == newest["note"]
    else:
        assert "ratingExplanation" not in rating

    claimed = item["itemReviewed"]
    assert claimed["@type"] == "Claim"
    for key in ("appearance", "firstAppearance"):
        work = claimed[key]
        assert work["@type"] == "CreativeWork"
        assert work.get("url") == article["url"]
        assert work.get("headline") == article["title"]
        assert work.get("datePublished") == article["published"]
    assert claimed.get("datePublished") == article["published"]


def check_all(db_path: Path, items: list[dict], *, labels: str = "en") -> None:
    db = sqlite_utils.Database(db_path)
    assert {claim_id_of(item) for item in items} == published_ids(db_path)
    assert len(items) == len(published_ids(db_path))
    for item in items:
        claim = db["claims"].get(claim_id_of(item))
        article = db["articles"].get(claim["article_id"])
        newest = next(
            db.query("SELECT * FROM reviews WHERE claim_id = ? ORDER BY at DESC, id DESC LIMIT 1", [claim["id"]])
        )
        assert newest["status"] != "pending" and claim["checkworthy"] == 1
        check_item(item, claim, article, newest, labels=labels)


def test_the_shipped_ledger_as_claimreview(built_db, tmp_path):
    items, summary = export(built_db, tmp_path / "cr.json")
    assert len(items) == 5  # 8 check-worthy claims, 3 of them pending
    check_all(built_db, items)
    assert {item["reviewRating"]["alternateName"] for item in items} == {"True", "Partly true"}
    assert summary == f"claimreview: 5 reviewed claims (2 True, 3 Partly true) to {tmp_path / 'cr.json'}"
    assert all(item["author"] == {"@type": "Organization", "name": "claimdesk"} for item in items)
    first = items[0]["itemReviewed"]["appearance"]
    assert first["url"].startswith("https://kabarkampus.com/") and first["inLanguage"] == "id"


def test_every_status_and_every_awkward_case(tmp_path):
    db_path, ids = tricky_db(tmp_path / "t.db")
    c_liege, c_quotes, plain, c_newline, c_formula, c_reopened = ids
    items, summary = export(db_path, tmp_path / "cr.json", org_name="Desk", org_url="https://desk.example/")
    check_all(db_path, items)
    by_id = {claim_id_of(item): item for item in items}
    assert set(by_id) == {c_liege, c_quotes, c_newline, c_formula}  # not the plain one, not the reopened one
    assert by_id[c_liege]["reviewRating"]["ratingValue"] == 5
    assert by_id[c_quotes]["reviewRating"]["alternateName"] == "False"
    assert by_id[c_quotes]["reviewRating"]["ratingExplanation"] == "No such quote,\nanywhere."
    assert by_id[c_quotes]["claimReviewed"].endswith("<b>really</b> & more.")  # JSON, not HTML: kept as written
    assert by_id[c_newline]["claimReviewed"] == "In 2021 the city excluded 3 firms from its public contracts."
    assert by_id[c_newline]["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert by_id[c_formula]["reviewRating"]["ratingValue"] == 2
    assert by_id[c_liege]["author"] == {"@type": "Organization", "name": "Desk", "url": "https://desk.example/"}
    assert by_id[c_liege]["datePublished"] == "2024-02-01"
    assert "4 reviewed claims" in summary


def test_indonesian_labels(built_db, tmp_path):
    items, _ = export(built_db, tmp_path / "cr.json", labels="id")
    check_all(built_db, items, labels="id")
    assert {item["reviewRating"]["alternateName"] for item in items} == {"Benar", "Sebagian benar"}
    assert {item["inLanguage"] for item in items} == {"id"}


def test_the_rating_table_covers_every_verdict():
    assert set(RATINGS) == set(STATUSES) - {"pending"}
    values = [r.value for r in RATINGS.values() if r.value is not None]
    assert len(values) == len(set(values)) and all(1 <= v <= 5 for v in values)
    assert RATINGS["verified"].value > RATINGS["partly_verified"].value > RATINGS["disputed"].value
    assert RATINGS["disputed"].value > RATINGS["false"].value
    assert all(set(r.labels) == {"en", "id"} for r in RATINGS.values())


def test_a_verdict_reopened_as_pending_is_not_published(tmp_path):
    db_path, ids = tricky_db(tmp_path / "t.db")
    db = open_db(db_path)
    assert ids[-1] not in {claim_id_of(item) for item in claim_reviews(db)}
    record_review(db, ids[-1], "partly_verified", actor="ana", note="right year after all", at="2024-03-01T00:00:00Z")
    again = {claim_id_of(item): item for item in claim_reviews(db)}
    assert again[ids[-1]]["datePublished"] == "2024-03-01"
    assert again[ids[-1]]["reviewRating"]["ratingExplanation"] == "right year after all"


def test_empty_database_is_an_empty_list(tmp_path):
    db_path = tmp_path / "e.db"
    open_db(db_path).close()
    items, summary = export(db_path, tmp_path / "cr.json")
    assert items == [] and "no reviewed claims" in summary


def test_an_article_with_no_reviews_is_an_empty_list(built_db, tmp_path):
    db = open_db(built_db)
    add_article(db, "unreviewed", [("The bridge opened in 1931 and cost 2 million.", 1, "body")])
    db.close()
    items, summary = export(built_db, tmp_path / "cr.json", article="unreviewed")
    assert items == [] and "no reviewed claims" in summary
    items, _ = export(built_db, tmp_path / "all.json")
    assert len(items) == 5


def test_author_from_the_sidecar_and_missing_metadata_omitted(tmp_path):
    seed = tmp_path / "seeds" / "art.txt"
    seed.parent.mkdir()
    seed.write_text("x")
    seed.with_suffix(".json").write_text(json.dumps({"author": "Siti Rahma"}))
    db = open_db(tmp_path / "a.db")
    (with_author,) = add_article(db, "art", [("Claim one from 2020.", 1, "body")], path=str(seed))
    (bare,) = add_article(
        db, "bare", [("Claim two from 2020.", 1, "body")], title=None, url=None, published=None, language=None
    )
    record_review(db, with_author, "verified", actor="ana")
    record_review(db, bare, "false", actor="ana")
    by_id = {claim_id_of(item): item for item in claim_reviews(db)}
    person = {"@type": "Person", "name": "Siti Rahma"}
    assert by_id[with_author]["itemReviewed"]["author"] == person
    assert by_id[with_author]["itemReviewed"]["appearance"]["author"] == person
    lonely = by_id[bare]
    assert lonely["url"] == f"#claim-{bare}"  # relative to the page that embeds it, e.g. the report
    assert "author" not in lonely["itemReviewed"] and "datePublished" not in lonely["itemReviewed"]
    assert lonely["itemReviewed"]["appearance"] == {"@type": "CreativeWork"}


def test_short_claim():
    assert short_claim("  A   claim\nover two lines. ") == "A claim over two lines."
    long = "word " * 100
    cut = short_claim(long)
    assert len(cut) <= 280 and cut.endswith("…") and not cut[:-1].endswith(" ")
    assert short_claim("x" * 400).endswith("…") and len(short_claim("x" * 400)) == 280
