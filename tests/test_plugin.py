"""The Datasette plugin, driven in process: the review and relation routes, the snapshot views,
the claim panel, and the configuration's stored queries and permissions.

The database is built here by hand (articles, claims, sources, snapshots, blobs, evidence) so
that these tests depend only on the schema, not on extraction or fetching.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from datasette.app import Datasette

from claimdesk.db import open_db, utcnow

ROOT = Path(__file__).resolve().parent.parent

ARTICLE_TEXT = (
    "Liège and Verviers in <Belgium> have shown solidarity with Palestine.\n"
    "In April 2023, the Liège city council voted to suspend all ties with Israel. "
    "The decision was <em>symbolic</em>. Verviers followed in May 2023.\n"
    "great article!!"
)
SENTENCES = [
    ("Liège and Verviers in <Belgium> have shown solidarity with Palestine.", "body", 0),
    ("In April 2023, the Liège city council voted to suspend all ties with Israel.", "body", 1),
    ("The decision was <em>symbolic</em>.", "body", 0),
    ("Verviers followed in May 2023.", "body", 1),
    ("great article!!", "comment", 0),
]
CLAIM = 2  # "In April 2023, the Liège city council voted ..."

# The archived page tries everything an archived page could try inside our pages.
ARCHIVED_HTML = (
    b"<!doctype html><html><head><title>Council vote</title>"
    b"<script>document.title='pwned-by-archive'</script></head><body>"
    b"<p>On 24 April 2023 the council of Li\xc3\xa8ge voted to suspend ties with Israel.</p>"
    b"<img src=x onerror=\"alert('archive')\"></body></html>"
)
SNAPSHOT_TEXT = (
    "Council vote. <script>alert('text')</script> "
    "On 24 April 2023 the council of Liège voted to suspend ties with Israel. "
    "<img src=x onerror=alert(1)> The end."
)
CLEAN_SNAPSHOT_TEXT = (
    "Council vote. Minutes of the meeting of the city council. "
    "On 24 April 2023 the council of Liège voted to suspend ties with Israel. "
    "The motion passed with a large majority."
)
PASSAGE = "On 24 April 2023 the council of Liège voted to suspend ties with Israel."

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}


def make_database(path: Path, *, hostile: bool = True) -> Path:
    """A small claimdesk database: one article, its sentences, three sources (one alive and
    archived, one dead, one never fetched), snapshots, a blob and one evidence passage.

    With ``hostile`` the texts carry markup and the third source a ``javascript:`` URL, to show
    that nothing of them is rendered as HTML; without, the page is fit for a screenshot. The
    archived body always carries its script.
    """
    db = open_db(path)
    article_text, sentences, snapshot_text, title, third_url = (
        ARTICLE_TEXT,
        SENTENCES,
        SNAPSHOT_TEXT,
        "Cities and <Palestine>",
        "javascript:alert(1)",
    )
    if not hostile:
        article_text = article_text.replace("<em>symbolic</em>", "symbolic").replace("<Belgium>", "Belgium")
        sentences = [
            (t.replace("<em>symbolic</em>", "symbolic").replace("<Belgium>", "Belgium"), s, c) for t, s, c in SENTENCES
        ]
        snapshot_text = CLEAN_SNAPSHOT_TEXT
        title, third_url = "Cities and Palestine", "https://press.example/2023/04/liege-israel"
    now = utcnow()
    db.execute(
        "INSERT INTO articles (id, slug, title, url, language, published, text, sha256) "
        "VALUES (1, 'liege', ?, 'https://news.example/liege', 'en', '2025-05', ?, 'x')",
        [title, article_text],
    )
    cursor = 0
    for ordinal, (sentence, section, checkworthy) in enumerate(sentences):
        start = article_text.index(sentence, cursor)
        cursor = start + len(sentence)
        db.execute(
            "INSERT INTO claims (id, article_id, ordinal, text, span_start, span_end, section, "
            "checkworthy, score, kind, dates, entities, numbers, reasons) "
            "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 'event', ?, ?, '[]', ?)",
            [
                ordinal + 1,
                ordinal,
                sentence,
                start,
                cursor,
                section,
                checkworthy,
                0.9 if checkworthy else 0.1,
                json.dumps(["2023-04"] if "April" in sentence else []),
                json.dumps(["Liège", "Israel"] if "Liège" in sentence else []),
                json.dumps(["date", "named entity"] if checkworthy else []),
            ],
        )
    db.execute(
        "INSERT INTO sources (id, url, domain, health) VALUES "
        "(1, 'https://council.example/vote', 'council.example', 'ok'), "
        "(2, 'https://gone.example/page', 'gone.example', 'dead'), "
        "(3, ?, NULL, 'never_fetched')",
        [third_url],
    )
    db.execute(
        "INSERT INTO claim_sources (claim_id, source_id, relation, note, added_at) VALUES "
        "(2, 1, 'unknown', 'the council''s own minutes', ?), (2, 2, 'unknown', NULL, ?), "
        "(2, 3, 'unknown', NULL, ?)",
        [now, now, now],
    )
    sha = hashlib.sha256(ARCHIVED_HTML).hexdigest()
    db.execute(
        "INSERT INTO blobs (sha256, content, size, compression) VALUES (?, ?, ?, 'zlib')",
        [sha, zlib.compress(ARCHIVED_HTML), len(ARCHIVED_HTML)],
    )
    db.execute(
        "INSERT INTO snapshots (id, source_id, requested_url, final_url, status_code, content_type, "
        "sha256, size, fetched_at, title, text, language, changed) VALUES "
        "(1, 1, 'https://council.example/vote', 'https://council.example/vote', 200, "
        "'text/html; charset=utf-8', ?, ?, '2025-05-20T10:00:00.000Z', 'Council vote', ?, 'en', 1)",
        [sha, len(ARCHIVED_HTML), snapshot_text],
    )
    db.execute(
        "INSERT INTO snapshots (id, source_id, requested_url, status_code, error, error_detail, "
        "fetched_at) VALUES (2, 2, 'https://gone.example/page', 404, 'http_status', 'HTTP 404', "
        "'2025-05-20T10:00:01.000Z')"
    )
    start = snapshot_text.index(PASSAGE)
    db.execute(
        "INSERT INTO evidence (id, claim_id, snapshot_id, quote, span_start, span_end, score, rank, "
        "matched) VALUES (1, 2, 1, ?, ?, ?, 0.82, 1, ?)",
        [
            PASSAGE,
            start,
            start + len(PASSAGE),
            json.dumps(
                {
                    "dates": ["2023-04"],
                    "entities": ["Liège", "Israel"],
                    "terms": ["council", "<b>"] if hostile else ["council", "voted", "suspend", "ties"],
                }
            ),
        ],
    )
    db.conn.commit()
    db.close()
    return path


def project_config() -> tuple[dict, dict]:
    metadata = json.loads((ROOT / "datasette-metadata.json").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "datasette.yaml").read_text(encoding="utf-8"))
    return metadata, config


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return make_database(tmp_path / "claims.db")


@pytest.fixture
def ds(db_path: Path) -> Datasette:
    metadata, config = project_config()
    return Datasette([str(db_path)], metadata=metadata, config=config)


def query(db_path: Path, sql: str, params=()) -> list[dict]:
    db = open_db(db_path)
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def reviews_of(db_path: Path, claim_id: int = CLAIM) -> list[dict]:
    return query(db_path, "SELECT * FROM reviews WHERE claim_id = ? ORDER BY at, id", [claim_id])


def status_of(db_path: Path, claim_id: int = CLAIM) -> str:
    return query(db_path, "SELECT status FROM claims WHERE id = ?", [claim_id])[0]["status"]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


# --- POST /-/claimdesk/review/<id> ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_root_records_a_review_and_is_sent_back_to_the_claim(ds, db_path):
    response = await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}",
        actor={"id": "root"},
        data={"status": "verified", "note": "minutes, item 12"},
        headers=SAME_ORIGIN,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/claims/claims/{CLAIM}"
    [review] = reviews_of(db_path)
    assert (review["status"], review["actor"], review["note"], review["via"]) == (
        "verified",
        "root",
        "minutes, item 12",
        "datasette",
    )
    assert status_of(db_path) == "verified"


@pytest.mark.asyncio
async def test_review_answers_json_when_asked(ds, db_path):
    response = await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}",
        actor={"id": "root"},
        data={"status": "disputed", "note": ""},
        headers={**SAME_ORIGIN, "Accept": "application/json"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["review"]["status"] == "disputed" and body["review"]["actor"] == "root"
    assert body["review"]["note"] is None
    assert status_of(db_path) == "disputed"


@pytest.mark.asyncio
async def test_review_accepts_a_json_body(ds, db_path):
    response = await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}", actor={"id": "root"}, json={"status": "false", "note": "wrong month"}
    )
    assert response.status_code == 200, response.text
    assert reviews_of(db_path)[-1]["note"] == "wrong month"


@pytest.mark.asyncio
@pytest.mark.parametrize("how", ["anonymous", "cross-site", "foreign-origin", "no-permission"])
async def test_refused_review_posts_change_nothing(ds, db_path, how):
    kwargs = {"data": {"status": "false", "note": "x"}}
    if how == "anonymous":
        kwargs["headers"] = SAME_ORIGIN
    elif how == "cross-site":
        kwargs.update(actor={"id": "root"}, headers=CROSS_SITE)
    elif how == "foreign-origin":  # an older browser: no Sec-Fetch-Site, only Origin
        kwargs.update(actor={"id": "root"}, headers={"Origin": "https://evil.example"})
    else:
        kwargs.update(actor={"id": "mallory"}, headers=SAME_ORIGIN)
    response = await ds.client.post(f"/-/claimdesk/review/{CLAIM}", **kwargs)
    assert response.status_code == 403
    assert reviews_of(db_path) == []
    assert status_of(db_path) == "pending"


@pytest.mark.asyncio
async def test_unknown_status_is_a_400_and_changes_nothing(ds, db_path):
    response = await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}",
        actor={"id": "root"},
        data={"status": "probably", "note": ""},
        headers=SAME_ORIGIN,
    )
    assert response.status_code == 400
    assert "unknown status" in response.text and "verified" in response.text
    json_response = await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}",
        actor={"id": "root"},
        data={"status": ""},
        headers={**SAME_ORIGIN, "Accept": "application/json"},
    )
    assert json_response.status_code == 400 and json_response.json()["ok"] is False
    assert reviews_of(db_path) == []


@pytest.mark.asyncio
async def test_unknown_claim_is_a_404(ds, db_path):
    response = await ds.client.post(
        "/-/claimdesk/review/999", actor={"id": "root"}, data={"status": "verified"}, headers=SAME_ORIGIN
    )
    assert response.status_code == 404
    assert query(db_path, "SELECT count(*) AS n FROM reviews")[0]["n"] == 0


@pytest.mark.asyncio
async def test_get_on_the_review_route_is_not_allowed(ds):
    response = await ds.client.get(f"/-/claimdesk/review/{CLAIM}", actor={"id": "root"})
    assert response.status_code == 405


@pytest.mark.asyncio
async def test_review_permission_granted_by_configuration(db_path):
    metadata, config = project_config()
    config["permissions"]["claimdesk-review"] = {"id": ["root", "alice"]}
    ds = Datasette([str(db_path)], metadata=metadata, config=config)
    ok = await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}",
        actor={"id": "alice"},
        data={"status": "partly_verified", "note": "month right, day unknown"},
        headers=SAME_ORIGIN,
    )
    assert ok.status_code == 303
    assert reviews_of(db_path)[-1]["actor"] == "alice"
    refused = await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}", actor={"id": "bob"}, data={"status": "false"}, headers=SAME_ORIGIN
    )
    assert refused.status_code == 403
    assert len(reviews_of(db_path)) == 1


@pytest.mark.asyncio
async def test_reviewers_cannot_edit_rows_with_datasettes_write_api(db_path):
    metadata, config = project_config()
    config["permissions"]["claimdesk-review"] = {"id": ["root", "alice"]}
    ds = Datasette([str(db_path)], metadata=metadata, config=config)
    for path, body in [
        (f"/claims/claims/{CLAIM}/-/update", {"update": {"status": "false"}}),
        (f"/claims/claims/{CLAIM}/-/delete", {}),
        (
            "/claims/reviews/-/insert",
            {"row": {"claim_id": CLAIM, "status": "false", "actor": "x", "at": "2030-01-01T00:00:00.000Z"}},
        ),
    ]:
        response = await ds.client.post(path, actor={"id": "alice"}, json=body)
        assert response.status_code == 403, (path, response.text)
    assert reviews_of(db_path) == [] and status_of(db_path) == "pending"


@pytest.mark.asyncio
async def test_status_change_through_row_editing_is_logged_under_the_actor(db_path):
    metadata, config = project_config()
    ds = Datasette([str(db_path)], metadata=metadata, config=config)
    ds.root_enabled = True  # as with --root: root may use the write API
    response = await ds.client.post(
        f"/claims/claims/{CLAIM}/-/update", actor={"id": "root"}, json={"update": {"status": "unverifiable"}}
    )
    assert response.status_code == 200, response.text
    [review] = reviews_of(db_path)
    assert (review["status"], review["actor"], review["via"]) == ("unverifiable", "root", "datasette-api")
    # An edit of another column logs nothing; the review log itself stays append-only.
    await ds.client.post(
        f"/claims/claims/{CLAIM}/-/update", actor={"id": "root"}, json={"update": {"kind": "quantity"}}
    )
    assert len(reviews_of(db_path)) == 1
    refused = await ds.client.post(
        f"/claims/reviews/{review['id']}/-/update", actor={"id": "root"}, json={"update": {"status": "verified"}}
    )
    assert refused.status_code >= 400
    assert reviews_of(db_path)[0]["status"] == "unverifiable"


# --- POST /-/claimdesk/relation/<id> -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_root_sets_a_source_relation(ds, db_path):
    response = await ds.client.post(
        f"/-/claimdesk/relation/{CLAIM}",
        actor={"id": "root"},
        data={"source_id": "1", "relation": "supports", "note": "minutes, item 12"},
        headers=SAME_ORIGIN,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/claims/claims/{CLAIM}"
    [link] = query(db_path, "SELECT * FROM claim_sources WHERE claim_id = ? AND source_id = 1", [CLAIM])
    assert (link["relation"], link["note"]) == ("supports", "minutes, item 12")


@pytest.mark.asyncio
async def test_relation_without_a_note_field_keeps_the_note(ds, db_path):
    response = await ds.client.post(
        f"/-/claimdesk/relation/{CLAIM}", actor={"id": "root"}, json={"source_id": 1, "relation": "refutes"}
    )
    assert response.status_code == 200 and response.json()["link"]["relation"] == "refutes"
    assert response.json()["link"]["note"] == "the council's own minutes"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "actor,headers,fields,status",
    [
        (None, SAME_ORIGIN, {"source_id": "1", "relation": "supports"}, 403),
        ({"id": "root"}, CROSS_SITE, {"source_id": "1", "relation": "supports"}, 403),
        ({"id": "mallory"}, SAME_ORIGIN, {"source_id": "1", "relation": "supports"}, 403),
        ({"id": "root"}, SAME_ORIGIN, {"source_id": "1", "relation": "agrees"}, 400),
        ({"id": "root"}, SAME_ORIGIN, {"source_id": "one", "relation": "supports"}, 400),
        ({"id": "root"}, SAME_ORIGIN, {"source_id": "42", "relation": "supports"}, 404),
    ],
)
async def test_refused_relation_changes_change_nothing(ds, db_path, actor, headers, fields, status):
    kwargs = {"actor": actor} if actor else {}
    response = await ds.client.post(f"/-/claimdesk/relation/{CLAIM}", data=fields, headers=headers, **kwargs)
    assert response.status_code == status
    assert {r["relation"] for r in query(db_path, "SELECT relation FROM claim_sources")} == {"unknown"}


# --- snapshots ----------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_raw_view_serves_the_archived_body_sandboxed(ds):
    response = await ds.client.get(
        "/-/claimdesk/snapshot/1/raw", cookies={"ds_messages": ds.sign([["hello", 1]], "messages")}
    )
    assert response.status_code == 200
    assert response.content == ARCHIVED_HTML
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in response.headers


@pytest.mark.asyncio
async def test_raw_view_of_a_failed_fetch_or_unknown_snapshot_is_a_404(ds):
    assert (await ds.client.get("/-/claimdesk/snapshot/2/raw")).status_code == 404
    assert (await ds.client.get("/-/claimdesk/snapshot/99/raw")).status_code == 404
    assert (await ds.client.get("/-/claimdesk/snapshot/99")).status_code == 404


@pytest.mark.asyncio
async def test_snapshot_text_view_escapes_the_archive(ds):
    response = await ds.client.get("/-/claimdesk/snapshot/1")
    assert response.status_code == 200
    page = soup(response.text)
    assert_nothing_from_the_archive_runs(page)
    text = page.select_one(".cd-snapshot-text").get_text()
    assert "<script>alert('text')</script>" in text  # shown as text, not markup
    assert page.select_one(".cd-snapshot-text mark").get_text() == PASSAGE
    assert page.select_one('a[href="/-/claimdesk/snapshot/1/raw"]') is not None
    assert "datasette" in response.text.lower()  # inside Datasette's own layout
    assert "Council vote" in page.select_one("h1").get_text()


def assert_nothing_from_the_archive_runs(page: BeautifulSoup) -> None:
    for script in page.find_all("script"):
        body = script.string or ""
        assert "alert" not in body and "pwned" not in body, script
    assert not page.find_all("img", attrs={"onerror": True})
    assert not page.find_all("iframe")
    assert not page.find_all(["object", "embed"])
    for tag in page.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag


# --- the claim panel -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_claim_page_shows_the_sentence_in_context(ds):
    response = await ds.client.get(f"/claims/claims/{CLAIM}")
    assert response.status_code == 200
    page = soup(response.text)
    context = page.select_one(".cd-context")
    assert context.select_one("mark").get_text() == SENTENCES[1][0]
    # The paragraph around it, not the whole article.
    assert "The decision was <em>symbolic</em>." in context.get_text()
    assert "solidarity" not in context.get_text()
    assert "2023-04" in page.select_one(".cd-facts").get_text()
    assert "Liège" in page.select_one(".cd-facts").get_text()


@pytest.mark.asyncio
async def test_claim_page_lists_sources_snapshots_and_evidence(ds):
    page = soup((await ds.client.get(f"/claims/claims/{CLAIM}")).text)
    sources = page.select(".cd-source")
    assert len(sources) == 3
    alive, dead, hostile = sources
    assert alive.select_one(".cd-health").get_text() == "ok"
    assert alive.select_one('a[href="https://council.example/vote"]') is not None
    assert alive.select_one('a[href="/-/claimdesk/snapshot/1"]') is not None
    assert alive.select_one('a[href="/-/claimdesk/snapshot/1/raw"]') is not None
    assert "2025-05-20T10:00:00.000Z" in alive.get_text()
    assert dead.select_one(".cd-health").get_text() == "dead"
    assert "http_status" in dead.get_text() and "HTTP 404" in dead.get_text()
    assert dead.select_one('a[href="/-/claimdesk/snapshot/2/raw"]') is None  # nothing archived
    assert hostile.select_one('a[href^="javascript"]') is None
    assert "javascript:alert(1)" in hostile.get_text()
    evidence = alive.select_one(".cd-evidence li")
    assert evidence.select_one("mark").get_text() == PASSAGE
    matched = evidence.select_one(".cd-matched").get_text()
    assert "dates" in matched and "2023-04" in matched and "<b>" in matched


@pytest.mark.asyncio
async def test_claim_page_never_renders_archived_markup(ds):
    for actor in (None, {"id": "root"}):
        kwargs = {"actor": actor} if actor else {}
        page = soup((await ds.client.get(f"/claims/claims/{CLAIM}", **kwargs)).text)
        assert_nothing_from_the_archive_runs(page)
        assert page.select_one(".claimdesk").find("em") is None  # the article's "<em>" is text
        assert "<em>symbolic</em>" in page.select_one(".cd-context").get_text()


@pytest.mark.asyncio
async def test_review_form_only_for_reviewers(ds):
    anonymous = soup((await ds.client.get(f"/claims/claims/{CLAIM}")).text)
    assert anonymous.select_one("form.cd-review-form") is None
    assert anonymous.select_one("form.cd-relation-form") is None
    assert "Sign in" in anonymous.select_one(".cd-review").get_text()
    reader = soup((await ds.client.get(f"/claims/claims/{CLAIM}", actor={"id": "mallory"})).text)
    assert reader.select_one("form.cd-review-form") is None
    root = soup((await ds.client.get(f"/claims/claims/{CLAIM}", actor={"id": "root"})).text)
    form = root.select_one("form.cd-review-form")
    assert form["action"] == f"/-/claimdesk/review/{CLAIM}" and form["method"] == "post"
    options = [o["value"] for o in form.select("select[name=status] option")]
    assert options == ["pending", "verified", "partly_verified", "disputed", "false", "unverifiable"]
    assert form.select_one("textarea[name=note]") is not None
    relation_forms = root.select("form.cd-relation-form")
    assert len(relation_forms) == 3
    assert [o["value"] for o in relation_forms[0].select("select[name=relation] option")] == [
        "supports",
        "refutes",
        "context",
        "unknown",
    ]


@pytest.mark.asyncio
async def test_history_lists_reviews_oldest_first(ds, db_path):
    for status, note in [("disputed", "first look"), ("verified", "found <the> minutes")]:
        await ds.client.post(
            f"/-/claimdesk/review/{CLAIM}",
            actor={"id": "root"},
            data={"status": status, "note": note},
            headers=SAME_ORIGIN,
        )
    page = soup((await ds.client.get(f"/claims/claims/{CLAIM}", actor={"id": "root"})).text)
    rows = page.select(".cd-history tr.cd-review-row")
    assert [r.select("td")[1].get_text() for r in rows] == ["disputed", "verified"]
    assert [r.select("td")[2].get_text() for r in rows] == ["root", "root"]
    assert rows[1].select("td")[3].get_text() == "datasette"
    assert rows[1].select("td")[4].get_text() == "found <the> minutes"
    assert page.select_one(".cd-claim .cd-status").get_text() == "verified"


@pytest.mark.asyncio
async def test_panel_only_on_claims_and_articles(ds):
    source_page = soup((await ds.client.get("/claims/sources/1")).text)
    assert source_page.select_one(".claimdesk") is None
    article_page = soup((await ds.client.get("/claims/articles/1")).text)
    panel = article_page.select_one(".cd-article")
    assert panel is not None and "pending: 2" in panel.get_text()


# --- configuration ------------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "name,expected_ids",
    [
        ("claims_pending_with_evidence", [CLAIM]),
        ("dead_sources", [2]),
        ("changed_snapshots", [1]),
        ("disputed_claims", []),
        ("review_queue", [2, 4]),
        ("claims_without_sources", [4]),
        ("failed_sources", [2]),
    ],
)
async def test_stored_queries(ds, name, expected_ids):
    response = await ds.client.get(f"/claims/{name}.json?_shape=objects")
    assert response.status_code == 200, response.text
    assert [r["id"] for r in response.json()["rows"]] == expected_ids


@pytest.mark.asyncio
async def test_disputed_claims_query_shows_the_deciding_review(ds):
    await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}",
        actor={"id": "root"},
        data={"status": "false", "note": "it was May"},
        headers=SAME_ORIGIN,
    )
    rows = (await ds.client.get("/claims/disputed_claims.json?_shape=objects")).json()["rows"]
    assert [(r["id"], r["status"], r["actor"], r["note"]) for r in rows] == [(CLAIM, "false", "root", "it was May")]


@pytest.mark.asyncio
async def test_full_text_search_over_claims_and_snapshots(ds):
    snapshots = (await ds.client.get("/claims/snapshots.json?_search=council&_shape=objects")).json()
    assert [r["id"] for r in snapshots["rows"]] == [1]
    both = (await ds.client.get('/claims/search.json?q=Liège "council  voted&_shape=objects')).json()
    assert {(r["kind"], r["id"]) for r in both["rows"]} == {("claim", CLAIM), ("snapshot", 1)}


def test_every_stored_query_has_a_title_and_description():
    _, config = project_config()
    queries = config["databases"]["claims"]["queries"]
    assert {"review_queue", "claims_without_sources", "failed_sources"} <= set(queries)
    for name, spec in queries.items():
        assert spec.get("title") and spec.get("description"), name


def test_evidence_explanation_leaves_out_empty_parts_and_puts_date_conflicts_first():
    from claimdesk.plugin import explain_matched

    matched = {
        "context": {},
        "dates": {"agreed": [], "claim": ["2023-04"], "conflicting": ["2021-05"], "from": "passage"},
        "entities": ["Liège"],
        "numbers": [],
    }
    rows = explain_matched(json.dumps(matched))
    assert rows[0] == ("dates conflicting", "2021-05", True)
    assert ("entities", "Liège", False) in rows and ("dates claim", "2023-04", False) in rows
    assert all(values for _, values, _ in rows)
    assert not any(what in ("context", "numbers", "dates agreed") for what, _, _ in rows)


@pytest.mark.asyncio
async def test_claim_inserted_with_a_status_through_the_write_api_is_logged_under_the_actor(db_path):
    metadata, config = project_config()
    ds = Datasette([str(db_path)], metadata=metadata, config=config)
    ds.root_enabled = True
    row = {"article_id": 1, "ordinal": 99, "text": "x", "span_start": 0, "span_end": 1, "section": "body"}
    response = await ds.client.post(
        "/claims/claims/-/insert", actor={"id": "root"}, json={"row": {**row, "status": "verified"}}
    )
    assert response.status_code == 201, response.text
    new_id = response.json()["rows"][0]["id"]
    logged = [(r["status"], r["actor"], r["via"]) for r in reviews_of(db_path, new_id)]
    assert logged == [("verified", "root", "datasette-api")]
