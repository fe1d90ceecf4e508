"""fetch_sources end to end on a real SQLite file: snapshots, blobs, health, staleness, Ctrl-C."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
import sqlite_utils
from click.testing import CliRunner

import claimdesk.cli.fetching  # noqa: F401  (registers the command until cli/__init__ imports it)
from claimdesk.archive import read_blob
from claimdesk.cli.base import cli
from claimdesk.db import open_db
from claimdesk.fetch import FetchOptions, Summary, fetch_sources, run_fetch_sources
from claimdesk.netguard import AddressPolicy
from localserver import Handler, LocalServer, html_page, minimal_pdf

LOOPBACK = AddressPolicy.allowing(["127.0.0.0/8"])
ARTICLE = html_page(
    "Budget rises by 4.5%",
    [
        "The city council voted on 12 March 2023 to raise the budget by 4.5 per cent.",
        "According to the minutes, 1,200 residents attended the meeting at the town hall.",
        "The mayor said the increase would pay for road repairs and two new libraries.",
    ],
    head='<link rel="canonical" href="/canonical/budget"><meta property="article:published_time" '
    'content="2023-03-13T09:00:00Z">',
).encode()


def opts(**kw) -> FetchOptions:
    base: dict = {"policy": LOOPBACK, "timeout": 5.0, "backoff": 0.01, "retries": 1}
    base.update(kw)
    return FetchOptions(**base)


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "claims.db")
    yield database
    database.close()


def add_sources(db: sqlite_utils.Database, urls: list[str]) -> list[int]:
    ids = []
    for url in urls:
        ids.append(db["sources"].insert({"url": url, "domain": "127.0.0.1"}).last_pk)
    return ids


def snapshots(db, source_id):
    return list(db.query("SELECT * FROM snapshots WHERE source_id = ? ORDER BY id", [source_id]))


def health(db, source_id):
    return db["sources"].get(source_id)


@pytest.fixture
def server():
    state = {"changing": 0}

    def changing(h: Handler) -> None:
        state["changing"] += 1
        h.reply(200, html_page("Live", [f"Version {state['changing']} of the page."]).encode())

    def etagged(h: Handler) -> None:
        if h.headers.get("If-None-Match") == '"abc"':
            h.reply(304, b"", content_type=None, headers={"ETag": '"abc"'})
        else:
            h.reply(200, ARTICLE, headers={"ETag": '"abc"', "Last-Modified": "Mon, 13 Mar 2023 09:00:00 GMT"})

    routes = {
        "/article": lambda h: h.reply(200, ARTICLE),
        "/copy": lambda h: h.reply(200, ARTICLE),
        "/moved": lambda h: h.redirect("/article", 301),
        "/https-ish": lambda h: h.redirect("/https-ish/", 301),
        "/https-ish/": lambda h: h.reply(200, ARTICLE),
        "/gone": lambda h: h.reply(404, b"<p>no such page</p>"),
        "/410": lambda h: h.reply(410, b"<p>gone</p>"),
        "/500": lambda h: h.reply(500, b"broken"),
        "/report.pdf": lambda h: h.reply(200, minimal_pdf("Unemployment fell to 3.9 percent"), "application/pdf"),
        "/changing": changing,
        "/etag": etagged,
    }
    with LocalServer(routes) as s:
        yield s


def test_fetch_stores_snapshot_blob_and_extraction(db, server):
    [sid] = add_sources(db, [server.url("/article")])
    summary = run_fetch_sources(db, opts())
    assert summary.outcomes == {"ok": 1}
    [snap] = snapshots(db, sid)
    assert snap["status_code"] == 200 and snap["error"] is None
    assert snap["content_type"] == "text/html" and snap["charset"] == "utf-8"
    assert snap["title"] == "Budget rises by 4.5%"
    assert "1,200 residents" in snap["text"] and "All rights reserved" not in snap["text"]
    assert "About us" not in snap["text"]
    assert snap["published"] == "2023-03-13"
    assert snap["language"] == "en"
    assert snap["canonical_url"] == server.url("/canonical/budget")
    assert json.loads(snap["headers"])["Content-Type"] == "text/html; charset=utf-8"
    assert read_blob(db, snap["sha256"]) == ARTICLE
    assert snap["size"] == len(ARTICLE) and snap["fetched_at"].endswith("Z")
    src = health(db, sid)
    assert src["health"] == "ok" and src["final_url"] == server.url("/article") and src["last_error"] is None


def test_identical_bodies_share_one_blob(db, server):
    a, b = add_sources(db, [server.url("/article"), server.url("/copy")])
    run_fetch_sources(db, opts())
    assert snapshots(db, a)[0]["sha256"] == snapshots(db, b)[0]["sha256"]
    assert db["blobs"].count == 1


def test_redirected_and_trivially_redirected(db, server):
    moved, slash = add_sources(db, [server.url("/moved"), server.url("/https-ish")])
    run_fetch_sources(db, opts())
    assert health(db, moved)["health"] == "redirected"
    assert health(db, moved)["final_url"] == server.url("/article")
    assert json.loads(snapshots(db, moved)[0]["redirects"])[0]["status_code"] == 301
    assert health(db, slash)["health"] == "ok"


def test_dead_only_after_two_404s_in_a_row(db, server):
    gone, g410, broken = add_sources(db, [server.url("/gone"), server.url("/410"), server.url("/500")])
    summary = run_fetch_sources(db, opts())
    assert summary.outcomes == {"http_status": 3}
    assert health(db, gone)["health"] == "error" and health(db, g410)["health"] == "error"
    assert health(db, gone)["last_error"].startswith("http_status: HTTP 404")
    assert snapshots(db, gone)[0]["status_code"] == 404
    run_fetch_sources(db, opts(), source_ids=[gone, g410, broken])
    assert health(db, gone)["health"] == "dead" and health(db, g410)["health"] == "dead"
    assert health(db, broken)["health"] == "error"
    assert len(snapshots(db, broken)) == 2


def test_pdf_is_stored_raw_with_its_text(db, server):
    [sid] = add_sources(db, [server.url("/report.pdf")])
    run_fetch_sources(db, opts())
    [snap] = snapshots(db, sid)
    assert snap["content_type"] == "application/pdf"
    assert read_blob(db, snap["sha256"]).startswith(b"%PDF-")
    assert "Unemployment fell to 3.9 percent" in snap["text"]
    assert snap["title"] == "A test report" and snap["published"] == "2023-04-15"


def test_blocked_source_is_a_row_and_health_blocked(db, server):
    [sid] = add_sources(db, [server.url("/article")])
    summary = run_fetch_sources(db, FetchOptions(timeout=5))
    assert summary.outcomes == {"blocked_address": 1}
    [snap] = snapshots(db, sid)
    assert snap["error"] == "blocked_address" and snap["sha256"] is None
    assert health(db, sid)["health"] == "blocked"
    assert server.requests == []


def test_default_run_skips_fetched_sources_and_stale_refetches_conditionally(db, server):
    etag, live = add_sources(db, [server.url("/etag"), server.url("/changing")])
    run_fetch_sources(db, opts())
    assert run_fetch_sources(db, opts()).total == 0
    # make the snapshots look old, then re-fetch the stale ones
    db.execute("UPDATE snapshots SET fetched_at = '2020-01-01T00:00:00.000Z'")
    db.conn.commit()
    summary = run_fetch_sources(db, opts(stale_days=30))
    assert summary.outcomes == {"unchanged": 1, "changed": 1}
    first, second = snapshots(db, etag)
    assert second["status_code"] == 304 and second["changed"] == 0
    assert second["sha256"] == first["sha256"] and second["text"] == first["text"]
    assert (
        server.requests[-2][1].get("If-None-Match") == '"abc"' or server.requests[-1][1].get("If-None-Match") == '"abc"'
    )
    assert snapshots(db, live)[1]["changed"] == 1 and snapshots(db, live)[0]["changed"] is None
    assert db["blobs"].count == 3


def test_identical_refetch_without_validators_is_unchanged(db, server):
    [sid] = add_sources(db, [server.url("/article")])
    run_fetch_sources(db, opts())
    summary = run_fetch_sources(db, opts(), source_ids=[sid])
    assert summary.outcomes == {"unchanged": 1}
    assert snapshots(db, sid)[1]["changed"] == 0 and db["blobs"].count == 1


def test_unknown_source_id_is_an_error(db):
    from claimdesk.errors import NotFound

    with pytest.raises(NotFound):
        run_fetch_sources(db, opts(), source_ids=[99])


@pytest.mark.asyncio
async def test_cancellation_keeps_finished_snapshots(db):
    release = threading.Event()

    def hang(h: Handler) -> None:
        release.wait(10)
        h.reply(200, b"late")

    with LocalServer({"/fast": lambda h: h.reply(200, b"<p>fast</p>"), "/hang": hang}) as s:
        fast = add_sources(db, [s.url(f"/fast?{i}") for i in range(3)])
        hung = add_sources(db, [s.url("/hang")])
        done = asyncio.Event()
        summary = Summary()

        def progress(source_id: int, outcome: str) -> None:
            if summary.total == 3:
                done.set()

        task = asyncio.create_task(fetch_sources(db, opts(concurrency=4), progress=progress, summary=summary))
        await asyncio.wait_for(done.wait(), 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        release.set()
    assert summary.interrupted and summary.total == 3
    assert [len(snapshots(db, i)) for i in fast] == [1, 1, 1]
    assert snapshots(db, hung[0]) == [] and health(db, hung[0])["health"] == "never_fetched"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cli_fetch_on_a_temp_db(tmp_path, server):
    path = tmp_path / "cli.db"
    database = open_db(path)
    add_sources(database, [server.url("/article"), server.url("/gone")])
    database.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(path), "fetch", "--allow-private", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    assert "fetched 2 sources: 1 http_status, 1 ok" in result.output
    database = open_db(path)
    assert database["snapshots"].count == 2
    # A plain fetch again retries only the failed source; its second 404 makes it dead.
    result = runner.invoke(cli, ["--db", str(path), "fetch", "--allow-private", "--timeout", "5"])
    assert result.exit_code == 0 and "fetched 1 source: 1 dead" in result.output
    health = {r["url"].rsplit("/", 1)[1]: r["health"] for r in database.query("SELECT url, health FROM sources")}
    assert health == {"article": "ok", "gone": "dead"}
    result = runner.invoke(cli, ["--db", str(path), "fetch"])
    assert result.exit_code == 0 and "nothing to do" in result.output
    result = runner.invoke(cli, ["--db", str(path), "fetch", "--source", "1"])
    assert "1 blocked_address" in result.output


def test_cli_fetch_missing_db_and_unknown_source(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(tmp_path / "nope.db"), "fetch"])
    assert result.exit_code == 1 and "database not found" in result.output
    open_db(tmp_path / "x.db").close()
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "fetch", "--source", "7"])
    assert result.exit_code == 1 and "no source with id 7" in result.output


def test_extraction_in_worker_processes_gives_the_same_rows(db, server):
    a, b = add_sources(db, [server.url("/article"), server.url("/report.pdf")])
    summary = run_fetch_sources(db, opts(extract_workers=1))
    assert summary.outcomes == {"ok": 2}
    assert snapshots(db, a)[0]["title"] == "Budget rises by 4.5%"
    assert "Unemployment fell" in snapshots(db, b)[0]["text"]


def test_ctrl_c_on_the_cli_keeps_finished_snapshots(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    release = threading.Event()

    def hang(h: Handler) -> None:
        release.wait(20)
        h.reply(200, b"late")

    path = tmp_path / "int.db"
    with LocalServer({"/fast": lambda h: h.reply(200, b"<p>fast</p>"), "/hang": hang}) as s:
        database = open_db(path)
        add_sources(database, [s.url(f"/fast?{i}") for i in range(2)] + [s.url("/hang")])
        database.close()
        code = "from claimdesk.cli import fetching; from claimdesk.cli.base import cli; cli()"
        proc = subprocess.Popen(
            [sys.executable, "-c", code, "--db", str(path), "fetch", "--allow-private"],
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 15
        while s.hits("/hang") == 0 or s.hits("/fast") < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)  # let the two fast snapshots be stored
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
        release.set()
    assert proc.returncode == 130
    assert "fetched 2 sources: 2 ok" in err and "(interrupted)" in err
    database = open_db(path)
    assert database["snapshots"].count == 2
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [r["health"] for r in database.query("SELECT health FROM sources ORDER BY id")] == [
        "ok",
        "ok",
        "never_fetched",
    ]


ZLIB_CHARSET = "text/html; charset=zlib"  # a codec, not a text encoding


def test_hostile_responses_are_rows_never_a_crashed_run(db):
    """A cited URL is chosen by whoever wrote the article: odd answers end as error rows and the
    other sources are still fetched."""
    routes = {
        "/superscript-retry": lambda h: h.reply(503, b"busy", headers={"Retry-After": "\u00b2"}),
        "/to-mailto": lambda h: h.redirect("mailto:x@example.org"),
        "/to-data": lambda h: h.redirect("data:text/html,hi"),
        "/zlib-charset": lambda h: h.reply(200, "<p>café au conseil</p>".encode(), content_type=ZLIB_CHARSET),
        "/fine": lambda h: h.reply(200, html_page("Fine", ["The council met on 24 April 2023."]).encode()),
    }
    with LocalServer(routes) as s:
        ids = add_sources(db, [s.url(p) for p in routes])
        summary = run_fetch_sources(db, opts(retries=2))
    rows = {r["source_id"]: r for r in db.query("SELECT * FROM snapshots")}
    assert set(rows) == set(ids) and summary.outcomes["ok"] >= 2
    by_path = dict(zip(routes, ids, strict=True))
    assert rows[by_path["/superscript-retry"]]["error"] == "http_status"
    assert rows[by_path["/to-mailto"]]["error"] == "invalid_url"
    assert rows[by_path["/to-data"]]["error"] == "invalid_url"
    assert rows[by_path["/zlib-charset"]]["error"] is None
    assert "café" in rows[by_path["/zlib-charset"]]["text"]
    assert rows[by_path["/fine"]]["error"] is None


def test_one_deadline_covers_every_hop_retry_and_wait(db):
    """Retry-After and redirect chains cannot stretch a fetch past --timeout."""

    def busy(h: Handler) -> None:
        if h.path.endswith("/5"):
            h.reply(503, b"busy", headers={"Retry-After": "30"})
        else:
            h.redirect(h.path[:-1] + str(int(h.path[-1]) + 1))

    with LocalServer({f"/hop/{i}": busy for i in range(6)}) as s:
        (source,) = add_sources(db, [s.url("/hop/0")])
        summary = run_fetch_sources(db, opts(timeout=2.0, retries=5, max_retry_after=60))
        assert s.hits("/hop/5") == 1  # the 30 s wait would pass the 2 s deadline: no retry
    row = next(db.query("SELECT * FROM snapshots WHERE source_id = ?", [source]))
    assert row["error"] == "http_status" and row["status_code"] == 503
    assert summary.elapsed_s < 2.5
