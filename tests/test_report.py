"""The HTML report, parsed: marks, labels, footnotes, summary, notes for empty cases, no external requests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlite_utils
from bs4 import BeautifulSoup

from claimdesk.db import STATUSES, open_db
from claimdesk.errors import NotFound
from claimdesk.report import STATUS_DISPLAY, export_report, render_report
from claimdesk.reviews import record_review
from test_exports import add_article, tricky_db


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def external_references(html: str) -> list[str]:
    """Every attribute or CSS reference that would make a browser fetch something on load."""
    found = []

    class Refs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            for name in ("src", "srcset", "poster", "data", "background"):
                if attrs.get(name):
                    found.append(f"{tag} {name}={attrs[name]}")
            if tag == "link" and not (attrs.get("href") or "").startswith("data:"):
                found.append(f"link {attrs}")
            if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
                found.append("meta refresh")
            if tag in ("script", "iframe", "object", "embed", "img", "video", "audio", "base"):
                found.append(tag)

    Refs().feed(html)
    found += re.findall(r"@import|url\(|@font-face", html)
    return found


def check_claims_marked(html: str, db: sqlite_utils.Database, slug: str | None = None) -> None:
    soup = soup_of(html)
    sql = "SELECT c.* FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.checkworthy = 1"
    claims = list(db.query(sql + (" AND a.slug = ?" if slug else ""), [slug] if slug else []))
    assert claims
    for claim in claims:
        mark = soup.find("mark", id=f"claim-{claim['id']}")
        assert mark is not None, claim["id"]
        assert mark["data-status"] == claim["status"]
        pieces = soup.find_all("mark", attrs={"data-claim": str(claim["id"])})
        badge = pieces[-1].find("a", class_="badge")
        label = STATUS_DISPLAY[claim["status"]].label
        assert label in badge.get_text() and badge["href"] == f"#note-{claim['id']}"  # not colour alone
        marked = " ".join(  # a claim across a paragraph break is one piece per paragraph
            "".join(s for s in p.find_all(string=True) if not s.find_parent("a", class_="badge")) for p in pieces
        )
        assert " ".join(marked.split()) == " ".join(claim["text"].split())
        note = soup.find("li", id=f"note-{claim['id']}")
        assert note["data-status"] == claim["status"] and label in note.get_text()
        assert note.find("blockquote").get_text() == claim["text"]
    unmarked = {m["data-claim"] for m in soup.find_all("mark")} - {str(c["id"]) for c in claims}
    assert not unmarked  # sentences that are not claims stay plain text


def test_the_shipped_ledger_report(built_db):
    db = open_db(built_db)
    html = render_report(db)
    check_claims_marked(html, db)
    soup = soup_of(html)
    assert soup.html["lang"] == "en"
    assert soup.find("meta", attrs={"name": "viewport"})["content"].startswith("width=device-width")
    assert soup.find(class_="article-text")["lang"] == "id"
    assert "@media print" in soup.style.get_text()
    assert external_references(html) == []

    summary = {tr["data-status"]: int(tr.find("td").get_text()) for tr in soup.select("table.summary tbody tr")}
    assert summary == {"verified": 2, "partly_verified": 3, "pending": 3, "disputed": 0, "false": 0, "unverifiable": 0}
    assert soup.select_one("table.summary tfoot td").get_text() == "8"
    assert {dt.find(class_="badge").get_text(" ", strip=True) for dt in soup.select("dl.legend dt")} == {
        f"{d.icon} {d.label}" for d in STATUS_DISPLAY.values()
    }
    assert "5 of 8" in soup.select_one(".lead").get_text()

    note = soup.find("li", id="note-3")  # verified, four sources, reviewer's note
    text = note.get_text(" ", strip=True)
    assert "Council vote of Monday 24 April 2023" in text and "desk-research" in text and "2026-11-27" in text
    assert len(note.select("ul.sources li")) == 4 and "not archived yet" in text
    assert {r.get_text() for r in note.select(".rel")} == {"supports"}
    comments = soup.find("details", class_="comments")
    assert comments is not None and not comments.has_attr("open")  # no claim among the comments


def test_awkward_text_is_escaped_and_snapshots_are_dated(tmp_path):
    db_path, ids = tricky_db(tmp_path / "t.db")
    db = open_db(db_path)
    html = render_report(db)
    check_claims_marked(html, db)
    assert "<b>really</b>" not in html and "&lt;b&gt;really&lt;/b&gt;" in html
    soup = soup_of(html)
    assert soup.find(class_="article-text")["lang"] == "fr"

    # a claim across a paragraph break is two pieces: the first carries the id, the last the badge
    newline_claim = ids[3]
    pieces = soup.find_all("mark", attrs={"data-claim": str(newline_claim)})
    assert len(pieces) == 2 and pieces[0].get("id") == f"claim-{newline_claim}" and not pieces[1].get("id")
    assert pieces[0].find("a") is None and pieces[1].find("a", class_="badge")

    liege = soup.find("li", id=f"note-{ids[0]}").get_text(" ", strip=True)
    assert "archived 2024-01-30 (HTTP 200)" in liege
    assert "archived 2023-05-01 (HTTP 200); fetch failed 2024-01-31 : dns" in liege
    assert 'Council minutes, "p. 4", confirm it' in liege and "ana" in liege
    assert soup.find("li", id=f"note-{ids[1]}").find(class_="rel").get_text() == "refutes"
    assert "The reviewer left no note." in soup.find("li", id=f"note-{ids[3]}").get_text()
    reopened = soup.find("li", id=f"note-{ids[5]}").get_text(" ", strip=True)
    assert "Pending." in reopened and "reopened: wrong year?" in reopened
    comments = soup.find("details", class_="comments")
    assert comments.has_attr("open")  # it holds a claim, so it is shown
    summary = {tr["data-status"]: int(tr.find("td").get_text()) for tr in soup.select("table.summary tbody tr")}
    assert summary == {"verified": 1, "false": 1, "unverifiable": 1, "disputed": 1, "pending": 1, "partly_verified": 0}
    assert set(summary) == set(STATUSES)


def test_several_articles_one_section_each_and_one_by_slug(tmp_path):
    db_path, ids = tricky_db(tmp_path / "t.db")
    db = open_db(db_path)
    (other,) = add_article(
        db, "verviers", [("Verviers voted in May 2023.", 1, "body")], title="Verviers", language="nl"
    )
    html = render_report(db)
    soup = soup_of(html)
    articles = soup.find_all("article")
    assert [a["data-slug"] for a in articles] == ["liege-vote", "verviers"]
    assert [a.find("h2").get_text() for a in articles] == ["Une ville rompt ses liens", "Verviers"]
    assert articles[1].find(class_="article-text")["lang"] == "nl"
    assert "No claims reviewed yet in this article" in articles[1].get_text()
    check_claims_marked(html, db)

    one = soup_of(render_report(db, "verviers"))
    assert [a["data-slug"] for a in one.find_all("article")] == ["verviers"]
    assert one.h1.get_text() == "Verviers" and one.h1["lang"] == "nl"
    assert one.find("mark", id=f"claim-{other}")["data-status"] == "pending"
    assert f"claim-{ids[0]}" not in str(one)
    assert "No claims reviewed yet" in one.find(class_="notice").get_text()
    with pytest.raises(NotFound):
        render_report(db, "nope")


def test_empty_database_says_so(tmp_path):
    db = open_db(tmp_path / "e.db")
    html = render_report(db)
    soup = soup_of(html)
    assert soup.find(class_="notice").get_text() == "No articles in the database yet, so no claims reviewed yet."
    assert soup.select_one("table.summary tfoot td").get_text() == "0"
    assert not soup.find("mark") and external_references(html) == []
    summary = export_report(db, tmp_path / "r.html")
    assert summary == f"report: no articles, no claims reviewed yet; wrote {tmp_path / 'r.html'}"


def test_article_with_no_reviews_says_so(tmp_path):
    db = open_db(tmp_path / "n.db")
    add_article(db, "fresh", [("The dam was built in 1950.", 1, "body"), ("Nice weather.", 0, "body")])
    out = tmp_path / "r.html"
    summary = export_report(db, out, article="fresh")
    assert "no claims reviewed yet" in summary
    soup = soup_of(out.read_text(encoding="utf-8"))
    assert "No claims reviewed yet: 1 check-worthy claim awaits review." in soup.get_text(" ", strip=True)
    record_review(db, 1, "verified", actor="ana")
    assert "1 of 1 check-worthy claims reviewed" in export_report(db, out, article="fresh")
    add_article(db, "opinion", [("I like it.", 0, "body")])
    soup = soup_of(render_report(db, "opinion"))
    assert "No check-worthy claims in this article" in soup.get_text()
