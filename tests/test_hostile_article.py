"""An article is input from outside: its text and metadata must not turn into script anywhere
claimdesk writes them (ClaimReview JSON-LD, the report, links)."""

import json

from claimdesk.build import build
from claimdesk.claimreview import export_claimreview
from claimdesk.db import open_db
from claimdesk.reader import read_article
from claimdesk.report import export_report
from claimdesk.reviews import record_review

HOSTILE = (
    "Pada 24 April 2023, Dewan Kota Liège memutuskan </script><img src=x onerror=alert(1)> "
    "untuk menghentikan hubungan dengan Israel.\n"
)


def hostile_project(tmp_path, url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (seeds / "evil.json").write_text(json.dumps({"url": url, "language": "id", "title": "t"}), encoding="utf-8")
    db_path = tmp_path / "claims.db"
    build(db_path, seeds, tmp_path / "claims")
    db = open_db(db_path)
    claim = next(db.query("SELECT id FROM claims WHERE instr(text, 'onerror') > 0"))["id"]
    record_review(db, claim, "false", actor="desk", note="</script><script>alert(2)</script>")
    return db


def test_javascript_urls_in_metadata_are_dropped(tmp_path):
    for url in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x"):
        (tmp_path / "a.txt").write_text("Liège memutuskan pada April 2023.\n", encoding="utf-8")
        (tmp_path / "a.json").write_text(json.dumps({"url": url}), encoding="utf-8")
        assert read_article(tmp_path / "a.txt").url is None, url


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
