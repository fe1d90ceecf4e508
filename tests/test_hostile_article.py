"""An article is input from outside: its text and metadata must not turn into script anywhere
claimdesk writes them (ClaimReview JSON-LD, the report, links)."""

import json

import pytest

from claimdesk.build import build
from claimdesk.claimreview import export_claimreview
from claimdesk.db import open_db
from claimdesk.errors import InputError
from claimdesk.reader import read_article
from claimdesk.report import export_report
from claimdesk.reviews import record_review

HOSTILE = (
    "Pada 24 April 2023, Dewan Kota Liège memutuskan </script><img src=x onerror=alert(1)> "
    "untuk menghentikan hubungan dengan Israel.\n"
)


def hostile_project(tmp_path, canonical):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = HOSTILE.replace("<", "&lt;").replace(">", "&gt;")
    (seeds / "evil.html").write_text(
        f'<html lang="id"><head><title>t</title><link rel="canonical" href="{canonical}"></head>'
        f"<body><p>{body}</p></body></html>",
        encoding="utf-8",
    )
    db_path = tmp_path / "claims.db"
    build(db_path, seeds, tmp_path / "claims")
    db = open_db(db_path)
    claim = next(db.query("SELECT id FROM claims WHERE instr(text, 'onerror') > 0"))["id"]
    record_review(db, claim, "false", actor="desk", note="</script><script>alert(2)</script>")
    return db


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x"])
def test_script_urls_in_metadata_never_become_the_article_url(tmp_path, url):
    (tmp_path / "a.txt").write_text("Liège memutuskan pada April 2023.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"url": url}), encoding="utf-8")
    with pytest.raises(InputError, match="must be an http"):
        read_article(tmp_path / "a.txt")  # a sidecar is ours to fix: say so
    (tmp_path / "b.html").write_text(
        f'<html><head><link rel="canonical" href="{url}"></head><body><p>Liège, April 2023.</p></body></html>',
        encoding="utf-8",
    )
    assert read_article(tmp_path / "b.html").url is None  # a page's own markup: drop it


def test_claimreview_cannot_close_a_script_element(tmp_path):
    db = hostile_project(tmp_path, "https://example.org/evil")
    out = tmp_path / "cr.json"
    export_claimreview(db, out)
    text = out.read_text(encoding="utf-8")
    assert "</script" not in text.lower() and "<img" not in text
    reviews = json.loads(text)
    assert "</script><img" in reviews[0]["claimReviewed"]  # the same value once parsed


def test_report_file_has_a_policy_and_no_script_links(tmp_path):
    db = hostile_project(tmp_path, " JaVaScRiPt:alert(document.domain)")
    out = tmp_path / "report.html"
    export_report(db, out)
    html = out.read_text(encoding="utf-8")
    policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert policy.startswith("default-src &#39;none&#39;")
    assert "javascript:" not in html.lower()
    assert "<script" not in html.lower() and "<img" not in html
