"""The Datasette plugin: the review desk inside Datasette.

- ``register_actions``: the ``claimdesk-review`` action (root has it; grant it in datasette.yaml).
- ``register_routes``:
    ``POST /-/claimdesk/review/<claim_id>``      record a review (status, note) for the actor
    ``POST /-/claimdesk/relation/<claim_id>``    set how a linked source bears on the claim
    ``GET  /-/claimdesk/snapshot/<id>``          a snapshot's extracted text, inside Datasette
    ``GET  /-/claimdesk/snapshot/<id>/raw``      the archived body, sandboxed, never rendered here
    ``GET  /-/claimdesk/report/<slug>``          the article's fact-check report (claimdesk.report)
    ``GET  /-/claimdesk/static/<path>``          the plugin's CSS
- ``top_row``: the claim panel on ``/claims/claims/<id>`` (context, sources, snapshots, evidence,
  the review form and the history) and a small panel on the articles row page.
- ``write_wrapper``: status changes made through Datasette's own write API are logged under the
  signed-in actor rather than the anonymous ``sql``.

Writes go through ``Database.execute_write_fn`` so they queue behind Datasette's own writes.
Cross-site POSTs never reach these routes: Datasette's CrossOriginProtectionMiddleware wraps
every route, plugin routes included, and refuses unsafe methods whose Sec-Fetch-Site or Origin
is not same-origin. Everything taken from the database is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils
from datasette import Response, hookimpl
from datasette.permissions import Action
from datasette.resources import TableResource
from datasette.utils.asgi import BadRequest, Forbidden, NotFound, asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader

from claimdesk.archive import decompress_blob
from claimdesk.db import RELATIONS, STATUSES
from claimdesk.errors import InputError
from claimdesk.errors import NotFound as ClaimNotFound
from claimdesk.reviews import record_review
from claimdesk.sources import set_relation, web_url

REVIEW_ACTION = "claimdesk-review"
VIA = "datasette"
DATABASE_NAME = "claims"

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# How much snapshot text to show either side of an evidence passage.
EVIDENCE_CONTEXT = 240
# A paragraph longer than this is cut down to the sentence and its neighbours.
LONG_PARAGRAPH = 1200
NEIGHBOURS = 2


# --- hooks -------------------------------------------------------------------------------------


@hookimpl
def register_actions(datasette):
    return [Action(name=REVIEW_ACTION, abbr=None, description="Record review decisions on claims in claimdesk")]


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # Datasette only finds a plugin's templates when the plugin is a package; this one is a
    # module, so its templates are added behind every other loader (a --template-dir still wins).
    if not any(
        isinstance(loader, FileSystemLoader) and str(TEMPLATES) in loader.searchpath
        for loader in getattr(env.loader, "loaders", [])
    ):
        env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/claimdesk/review/(?P<claim_id>[0-9]+)$", review_view),
        (r"^/-/claimdesk/relation/(?P<claim_id>[0-9]+)$", relation_view),
        (r"^/-/claimdesk/snapshot/(?P<snapshot_id>[0-9]+)$", snapshot_view),
        (r"^/-/claimdesk/snapshot/(?P<snapshot_id>[0-9]+)/raw$", snapshot_raw_view),
        (r"^/-/claimdesk/report/(?P<slug>[^/]+)$", report_view),
        (r"^/-/claimdesk/static/(?P<path>.*)$", asgi_static(str(STATIC))),
    ]


@hookimpl
def extra_css_urls(view_name, datasette):
    if view_name == "row":
        return [datasette.urls.path("/-/claimdesk/static/claimdesk.css")]
    return []


@hookimpl
def top_row(datasette, request, database, table, row):
    if table == "claims":
        return claim_panel(datasette, request, database, row["id"])
    if table == "articles":
        return article_panel(datasette, request, database, row["id"])
    return None


@hookimpl
def write_wrapper(datasette, database, request, transaction):
    actor = (request.actor or {}).get("id") if request is not None else None
    if actor is None:
        return None

    def stamp_actor(conn):
        # Only Datasette's own write views pass the request; the plugin's review route records
        # its reviews itself. The temporary trigger logs a status change as the actor's review
        # before the schema's trigger would log it as 'sql' (which then finds nothing to do).
        if not (_has_table(conn, "claims") and _has_table(conn, "reviews")):
            yield
            return
        _install_actor_trigger(conn)
        conn.execute("DELETE FROM temp.claimdesk_write_actor")
        conn.execute("INSERT INTO temp.claimdesk_write_actor (actor) VALUES (?)", [str(actor)])
        try:
            yield
        finally:
            conn.execute("DELETE FROM temp.claimdesk_write_actor")

    return stamp_actor


# --- helpers shared by the routes --------------------------------------------------------------


def wants_json(request) -> bool:
    accept = request.headers.get("accept", "")
    content_type = request.headers.get("content-type", "")
    return "application/json" in accept or content_type.startswith("application/json")


def actor_id(request) -> str | None:
    actor = request.actor or {}
    value = actor.get("id")
    return str(value) if value not in (None, "") else None


async def claimdesk_database(datasette):
    """The database holding the claimdesk tables: the one named ``claims``, else the first
    attached database that has a ``claims`` and a ``reviews`` table."""
    if DATABASE_NAME in datasette.databases:
        return datasette.databases[DATABASE_NAME]
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        if await db.table_exists("claims") and await db.table_exists("reviews"):
            return db
    raise NotFound("no claimdesk database is attached")


async def can_review(datasette, actor: dict | None) -> bool:
    if not actor:
        return False
    return await datasette.allowed(action=REVIEW_ACTION, actor=actor)


async def can_view_table(datasette, actor, database: str, table: str) -> bool:
    return await datasette.allowed(
        action="view-table", resource=TableResource(database=database, table=table), actor=actor
    )


def error_response(request, status: int, message: str):
    """JSON for scripts, Datasette's error page for browsers."""
    if wants_json(request):
        return Response.json({"ok": False, "error": message, "status": status}, status=status)
    raise {400: BadRequest, 403: Forbidden, 404: NotFound}[status](message)


async def form_fields(request) -> dict[str, str]:
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = json.loads(await request.post_body() or b"{}")
        except ValueError:
            raise BadRequest("the request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise BadRequest("the request body must be a JSON object")
        return {k: "" if v is None else str(v) for k, v in body.items()}
    return dict(await request.post_vars())


def row_url(datasette, database: str, table: str, pk: Any) -> str:
    return datasette.urls.row(database, table, str(pk))


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


def _install_actor_trigger(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS claimdesk_write_actor (actor TEXT NOT NULL)")
    latest = "(SELECT status FROM main.reviews WHERE claim_id = NEW.id ORDER BY at DESC, id DESC LIMIT 1)"
    actor = "(SELECT actor FROM temp.claimdesk_write_actor LIMIT 1)"
    now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    for name, event, changed in (
        ("claimdesk_status_by_actor", "UPDATE OF status", "NEW.status IS NOT OLD.status"),
        ("claimdesk_insert_by_actor", "INSERT", "NEW.status IS NOT 'pending'"),
    ):
        conn.execute(f"""
            CREATE TEMP TRIGGER IF NOT EXISTS {name}
            AFTER {event} ON main.claims
            WHEN {changed} AND NEW.status IS NOT {latest}
                 AND EXISTS (SELECT 1 FROM temp.claimdesk_write_actor)
            BEGIN
                INSERT INTO reviews (claim_id, status, note, actor, at, via)
                VALUES (NEW.id, NEW.status, 'status set with Datasette''s row editing', {actor}, {now},
                        'datasette-api');
            END
        """)


def _dicts(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict]:
    cursor = conn.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


# --- POST /-/claimdesk/review/<claim_id> -------------------------------------------------------


async def review_view(datasette, request):
    if request.method != "POST":
        return Response.text("POST a status and a note to record a review", status=405, headers={"Allow": "POST"})
    claim_id = int(request.url_vars["claim_id"])
    actor = actor_id(request)
    if actor is None or not await can_review(datasette, request.actor):
        return error_response(request, 403, "recording a review needs the claimdesk-review permission")
    fields = await form_fields(request)
    status = (fields.get("status") or "").strip()
    note = (fields.get("note") or "").strip() or None
    return await write_and_answer(
        datasette,
        request,
        claim_id,
        lambda db: record_review(db, claim_id, status, actor=actor, note=note, via=VIA),
        key="review",
        message=f"Review recorded: {status}",
    )


async def write_and_answer(datasette, request, claim_id: int, write, *, key: str, message: str):
    """Run a library write on Datasette's write connection, then answer: JSON ``{"ok", key}`` for
    scripts, or a message and a redirect to the claim page for forms; 404/400 for library errors."""
    db = await claimdesk_database(datasette)
    try:
        row = await db.execute_write_fn(lambda conn: write(sqlite_utils.Database(conn, execute_plugins=False)))
    except ClaimNotFound as e:
        return error_response(request, 404, str(e))
    except InputError as e:
        return error_response(request, 400, str(e))
    if wants_json(request):
        return Response.json({"ok": True, key: row})
    datasette.add_message(request, message, datasette.INFO)
    return Response.redirect(row_url(datasette, db.name, "claims", claim_id), status=303)


# --- POST /-/claimdesk/relation/<claim_id> -----------------------------------------------------


async def relation_view(datasette, request):
    if request.method != "POST":
        return Response.text("POST a source_id and a relation", status=405, headers={"Allow": "POST"})
    claim_id = int(request.url_vars["claim_id"])
    if actor_id(request) is None or not await can_review(datasette, request.actor):
        return error_response(request, 403, "changing a source's relation needs the claimdesk-review permission")
    fields = await form_fields(request)
    try:
        source_id = int(fields.get("source_id") or "")
    except ValueError:
        return error_response(request, 400, "source_id must be a source id")
    relation = (fields.get("relation") or "").strip()
    note = (fields.get("note") or "").strip() or None
    return await write_and_answer(
        datasette,
        request,
        claim_id,
        lambda db: set_relation(db, claim_id, source_id, relation, note, keep_note="note" not in fields),
        key="link",
        message=f"Source {source_id} now marked: {relation}",
    )


# --- snapshots -----------------------------------------------------------------------------------


async def _snapshot_or_404(datasette, request, snapshot_id: int) -> tuple[Any, dict]:
    db = await claimdesk_database(datasette)
    if not await can_view_table(datasette, request.actor, db.name, "snapshots"):
        raise Forbidden("you may not view snapshots")
    rows = (await db.execute("SELECT * FROM snapshots WHERE id = ?", [snapshot_id])).dicts()
    if not rows:
        raise NotFound(f"no snapshot with id {snapshot_id}")
    return db, rows[0]


async def snapshot_raw_view(datasette, request, send):
    snapshot_id = int(request.url_vars["snapshot_id"])
    db, snapshot = await _snapshot_or_404(datasette, request, snapshot_id)
    if not snapshot["sha256"]:
        raise NotFound(f"snapshot {snapshot_id} has no archived body (error: {snapshot['error']})")
    blobs = (await db.execute("SELECT content, compression FROM blobs WHERE sha256 = ?", [snapshot["sha256"]])).rows
    if not blobs:
        raise NotFound(f"the body of snapshot {snapshot_id} is not in the archive")
    body = decompress_blob(blobs[0]["content"], blobs[0]["compression"])
    response = Response(
        body, status=200, headers=RAW_HEADERS.copy(), content_type=raw_content_type(snapshot["content_type"])
    )
    # Sent here rather than returned so that Datasette adds nothing to it (no messages cookie).
    await response.asgi_send(send)


# The archived page runs in an opaque origin with no scripts, forms, popups or plugins, and the
# browser must take the declared type at its word.
RAW_HEADERS = {
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, no-store",
}


def raw_content_type(declared: str | None) -> str:
    declared = (declared or "").strip()
    if not declared or any(c in declared for c in "\r\n"):
        return "application/octet-stream"
    return declared


async def snapshot_view(datasette, request):
    snapshot_id = int(request.url_vars["snapshot_id"])
    db, snapshot = await _snapshot_or_404(datasette, request, snapshot_id)
    source = (await db.execute("SELECT * FROM sources WHERE id = ?", [snapshot["source_id"]])).dicts()
    evidence = (
        await db.execute(
            "SELECT e.*, c.text AS claim_text FROM evidence e JOIN claims c ON c.id = e.claim_id "
            "WHERE e.snapshot_id = ? ORDER BY e.span_start",
            [snapshot_id],
        )
    ).dicts()
    text = snapshot["text"] or ""
    context = {
        "snapshot": snapshot,
        "source": source[0] if source else None,
        "source_url": row_url(datasette, db.name, "sources", snapshot["source_id"]),
        "source_href": web_url(source[0]["url"]) if source else None,
        "final_href": web_url(snapshot["final_url"]),
        "redirects": parse_json(snapshot["redirects"], []),
        "headers": parse_json(snapshot["headers"], {}),
        "segments": highlight_spans(text, [(e["span_start"], e["span_end"]) for e in evidence]),
        "evidence": [dict(e, claim_url=row_url(datasette, db.name, "claims", e["claim_id"])) for e in evidence],
        "raw_url": datasette.urls.path(f"/-/claimdesk/snapshot/{snapshot_id}/raw"),
        "row_url": row_url(datasette, db.name, "snapshots", snapshot_id),
        "css_url": datasette.urls.path("/-/claimdesk/static/claimdesk.css"),
    }
    return Response.html(await datasette.render_template("claimdesk_snapshot.html", context, request=request))


# --- reading the claim page's data ---------------------------------------------------------------


def parse_json(value: Any, default: Any) -> Any:
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return default


def highlight_spans(text: str, spans: list[tuple[int, int]]) -> list[dict]:
    """``text`` cut into segments, ``mark`` true inside any of ``spans`` (merged when they
    overlap); spans outside the text are ignored."""
    valid = sorted((s, e) for s, e in spans if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text))
    merged: list[list[int]] = []
    for start, end in valid:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments, cursor = [], 0
    for start, end in merged:
        if start > cursor:
            segments.append({"text": text[cursor:start], "mark": False})
        segments.append({"text": text[start:end], "mark": True})
        cursor = end
    if cursor < len(text):
        segments.append({"text": text[cursor:], "mark": False})
    return segments


def sentence_context(text: str, start: int, end: int, sentence_spans: list[tuple[int, int]]) -> dict:
    """The sentence ``text[start:end]`` within its paragraph (a line of the article).

    A long paragraph is cut to the sentence and its neighbours; a sentence that is a paragraph on
    its own gets the neighbouring sentences from the lines around it. ``before`` and ``after``
    are the plain text either side of the highlighted ``sentence``.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    spans = sorted(sentence_spans)
    before_spans = [s for s in spans if s[1] <= start]
    after_spans = [s for s in spans if s[0] >= end]
    lo, hi = para_start, para_end
    if para_end - para_start > LONG_PARAGRAPH:
        if len(before_spans) >= NEIGHBOURS:
            lo = max(lo, before_spans[-NEIGHBOURS][0])
        if len(after_spans) >= NEIGHBOURS:
            hi = min(hi, after_spans[NEIGHBOURS - 1][1])
        lo = max(lo, start - LONG_PARAGRAPH // 2)
        hi = min(hi, end + LONG_PARAGRAPH // 2)
    elif text[para_start:start].strip() == "" and text[end:para_end].strip() == "":
        if before_spans:
            lo = min(lo, before_spans[-1][0])
        if after_spans:
            hi = max(hi, after_spans[0][1])
    return {
        "before": text[lo:start],
        "sentence": text[start:end],
        "after": text[end:hi],
        "cut_before": lo > 0,
        "cut_after": hi < len(text),
    }


def evidence_excerpt(text: str, start: int, end: int, quote: str) -> dict:
    """The passage highlighted with some of the snapshot text around it."""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        return {"before": "", "passage": quote, "after": "", "cut_before": False, "cut_after": False, "span_ok": False}
    lo = max(0, start - EVIDENCE_CONTEXT)
    hi = min(len(text), end + EVIDENCE_CONTEXT)
    if lo > 0:  # start at a word
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return {
        "before": text[lo:start],
        "passage": text[start:end],
        "after": text[end:hi],
        "cut_before": lo > 0,
        "cut_after": hi < len(text),
        "span_ok": text[start:end] == quote,
    }


def explain_matched(matched: Any) -> list[tuple[str, str, bool]]:
    """The ``matched`` JSON as (what, values, is_conflict) rows for display.

    Nested objects become "dates agreed", "dates conflicting" and so on; empty values are left
    out, and a conflict (a passage dating the event otherwise) is flagged so the page shows it.
    """
    value = parse_json(matched, matched)
    if value in (None, "", [], {}):
        return []
    if not isinstance(value, dict):
        return [("matched", value if isinstance(value, str) else json.dumps(value, ensure_ascii=False), False)]
    rows: list[tuple[str, str, bool]] = []

    def shown(item: Any) -> str:
        if isinstance(item, list | tuple):
            return ", ".join(shown(i) for i in item)
        if isinstance(item, dict):
            return json.dumps(item, ensure_ascii=False)
        if isinstance(item, float):
            return f"{item:.3f}"
        return str(item)

    def walk(label: str, item: Any) -> None:
        if item in (None, "", [], {}):
            return
        if isinstance(item, dict):
            for key, sub in item.items():
                walk(f"{label} {key}".strip(), sub)
            return
        rows.append((label, shown(item), "conflict" in label))

    walk("", value)
    return sorted(rows, key=lambda row: not row[2])  # conflicts first


def claim_page_data(conn: sqlite3.Connection, claim_id: int) -> dict | None:
    """Everything the claim panel shows, read in one go; None if there is no such claim."""
    claims = _dicts(conn, "SELECT * FROM claims WHERE id = ?", [claim_id])
    if not claims:
        return None
    claim = claims[0]
    article = _dicts(
        conn, "SELECT id, slug, title, url, language, published, text FROM articles WHERE id = ?", [claim["article_id"]]
    )
    article = article[0] if article else None
    siblings = _dicts(
        conn,
        "SELECT id, ordinal, span_start, span_end, checkworthy FROM claims "
        "WHERE article_id = ? ORDER BY span_start, id",
        [claim["article_id"]],
    )
    context = None
    if article is not None:
        spans = [(s["span_start"], s["span_end"]) for s in siblings if s["id"] != claim_id]
        context = sentence_context(article["text"], claim["span_start"], claim["span_end"], spans)
        context["span_ok"] = article["text"][claim["span_start"] : claim["span_end"]] == claim["text"]
        article.pop("text")
    checkworthy = [s for s in siblings if s["checkworthy"]]
    position = next((i for i, s in enumerate(checkworthy) if s["id"] == claim_id), None)
    previous_claim = next_claim = None
    if position is not None:
        previous_claim = checkworthy[position - 1]["id"] if position > 0 else None
        next_claim = checkworthy[position + 1]["id"] if position + 1 < len(checkworthy) else None

    sources = _dicts(
        conn,
        """
        SELECT s.id, s.url, s.domain, s.health, s.final_url, s.last_fetched_at, s.last_error,
               cs.relation, cs.note, cs.added_by, cs.added_at
        FROM claim_sources cs JOIN sources s ON s.id = cs.source_id
        WHERE cs.claim_id = ? ORDER BY cs.added_at, s.id""",
        [claim_id],
    )
    evidence = _dicts(
        conn,
        """
        SELECT e.id, e.snapshot_id, e.quote, e.span_start, e.span_end, e.score, e.rank, e.matched,
               sn.text AS snapshot_text, sn.source_id
        FROM evidence e JOIN snapshots sn ON sn.id = e.snapshot_id
        WHERE e.claim_id = ?
        ORDER BY (e.rank IS NULL), e.rank, e.score DESC, e.id""",
        [claim_id],
    )
    by_snapshot: dict[int, list[dict]] = {}
    for item in evidence:
        text = item.pop("snapshot_text") or ""
        item["excerpt"] = evidence_excerpt(text, item["span_start"], item["span_end"], item["quote"])
        item["explained"] = explain_matched(item["matched"])
        by_snapshot.setdefault(item["snapshot_id"], []).append(item)

    shown_snapshots: set[int] = set()
    for source in sources:
        source["href"] = web_url(source["url"])
        source["snapshots"] = _dicts(
            conn,
            """
            SELECT id, requested_url, final_url, status_code, error, error_detail, content_type,
                   size, sha256, fetched_at, title, changed, redirects
            FROM snapshots WHERE source_id = ? ORDER BY fetched_at DESC, id DESC""",
            [source["id"]],
        )
        for snapshot in source["snapshots"]:
            snapshot["redirects"] = parse_json(snapshot["redirects"], [])
            snapshot["evidence"] = by_snapshot.get(snapshot["id"], [])
            shown_snapshots.add(snapshot["id"])
    stray = [e for sid, items in by_snapshot.items() if sid not in shown_snapshots for e in items]

    reviews = _dicts(
        conn, "SELECT id, status, note, actor, at, via FROM reviews WHERE claim_id = ? ORDER BY at, id", [claim_id]
    )
    for key in ("dates", "entities", "numbers", "reasons", "urls"):
        claim[key] = parse_json(claim.get(key), [])
    return {
        "claim": claim,
        "article": article,
        "context": context,
        "previous_claim": previous_claim,
        "next_claim": next_claim,
        "sources": sources,
        "stray_evidence": stray,
        "evidence_count": len(evidence),
        "reviews": reviews,
    }


# --- the panels ------------------------------------------------------------------------------------


async def claim_panel(datasette, request, database: str, claim_id: int) -> str | None:
    db = datasette.get_database(database)
    if not await db.table_exists("reviews"):
        return None
    data = await db.execute_fn(lambda conn: claim_page_data(conn, claim_id))
    if data is None:
        return None
    allowed = await can_review(datasette, request.actor)
    context = dict(
        data,
        database=database,
        can_review=allowed,
        signed_in=request.actor is not None,
        statuses=STATUSES,
        relations=RELATIONS,
        review_action=datasette.urls.path(f"/-/claimdesk/review/{claim_id}"),
        relation_action=datasette.urls.path(f"/-/claimdesk/relation/{claim_id}"),
        snapshot_path=datasette.urls.path("/-/claimdesk/snapshot/"),
        claims_url=datasette.urls.table(database, "claims"),
        sources_url=datasette.urls.table(database, "sources"),
        article_url=row_url(datasette, database, "articles", data["claim"]["article_id"]),
    )
    return await datasette.render_template("claimdesk_claim.html", context, request=request)


def article_report_path(slug: str) -> str:
    return f"/-/claimdesk/report/{slug}"


async def report_view(datasette, request):
    """``GET /-/claimdesk/report/<slug>``: the same report ``claimdesk export report`` writes."""
    from claimdesk.report import REPORT_CSP, render_report

    db = await claimdesk_database(datasette)
    if not await can_view_table(datasette, request.actor, db.name, "claims"):
        return error_response(request, 403, "viewing the report needs permission to view the claims table")
    slug = request.url_vars["slug"]

    def render(conn):
        return render_report(sqlite_utils.Database(conn, execute_plugins=False), slug)

    try:
        html = await db.execute_fn(render)
    except ClaimNotFound as e:
        return error_response(request, 404, str(e))
    return Response.html(html, headers={"Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff"})


async def article_panel(datasette, request, database: str, article_id: int) -> str | None:
    db = datasette.get_database(database)
    if not await db.table_exists("claims"):
        return None
    rows = (await db.execute("SELECT slug FROM articles WHERE id = ?", [article_id])).rows
    if not rows:
        return None
    counts = (
        await db.execute(
            "SELECT status, count(*) AS n FROM claims WHERE article_id = ? AND checkworthy = 1 "
            "GROUP BY status ORDER BY status",
            [article_id],
        )
    ).dicts()
    slug = rows[0]["slug"]
    claims_url = datasette.urls.table(database, "claims")
    context = {
        "slug": slug,
        "counts": counts,
        "claims_url": claims_url,
        "article_id": article_id,
        "report_url": datasette.urls.path(article_report_path(slug)),
    }
    return await datasette.render_template("claimdesk_article.html", context, request=request)
