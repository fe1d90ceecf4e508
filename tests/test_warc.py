"""WARC export: warcio reads it back with valid digests, payloads match the stored bodies."""

from __future__ import annotations

import gzip
import hashlib

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

import claimdesk.cli.exporting  # noqa: F401  (registers `export`)
from claimdesk.archive import read_blob
from claimdesk.cli.base import cli
from claimdesk.db import open_db
from claimdesk.fetch import FetchOptions, run_fetch_sources
from claimdesk.netguard import AddressPolicy
from claimdesk.warc import export_warc, payload_headers
from localserver import Handler, LocalServer, html_page

PAGE = html_page("Archived", ["A sentence worth keeping for years."]).encode()


@pytest.fixture
def archived(tmp_path):
    def etagged(h: Handler) -> None:
        if h.headers.get("If-None-Match") == '"e1"':
            h.reply(304, b"", content_type=None, headers={"ETag": '"e1"'})
        else:
            h.reply(200, PAGE, headers={"ETag": '"e1"'})

    routes = {
        "/page": lambda h: h.reply(200, PAGE),
        "/gz": lambda h: h.reply(200, gzip.compress(PAGE + b"<!-- gz -->"), headers={"Content-Encoding": "gzip"}),
        "/hop": lambda h: h.redirect("/page", 301),
        "/etag": etagged,
        "/missing": lambda h: h.reply(404, b"<p>not here</p>"),
    }
    db = open_db(tmp_path / "w.db")
    with LocalServer(routes) as server:
        for path in routes:
            db["sources"].insert({"url": server.url(path)})
        options = FetchOptions(policy=AddressPolicy(allow_private=True), timeout=5, retries=0)
        run_fetch_sources(db, options)
        run_fetch_sources(db, options, source_ids=[4])  # the etag source again: a 304
        yield db, server
    db.close()


def read_records(path):
    with open(path, "rb") as fh:
        records = []
        for record in ArchiveIterator(fh, check_digests="raise"):
            records.append(
                (
                    record.rec_type,
                    record.rec_headers.get_header("WARC-Target-URI"),
                    record.http_headers,
                    record.content_stream().read(),
                    record.rec_headers,
                )
            )
        return records


def test_export_reads_back_with_valid_digests(archived, tmp_path):
    db, server = archived
    out = tmp_path / "out.warc.gz"
    summary = export_warc(db, out)
    records = read_records(out)
    # warcinfo + 5 exchanges (hop counts as one more) + 1 revisit
    assert summary == f"wrote {len(records)} records for 6 snapshots to {out}"
    types = [r[0] for r in records]
    assert types[0] == "warcinfo" and types.count("revisit") == 1
    assert types.count("response") == types.count("request") == 6
    assert all(r[4].protocol == "WARC/1.1" for r in records)

    responses = {r[1]: r for r in records if r[0] == "response"}
    page = responses[server.url("/page")]
    assert page[3] == PAGE
    assert page[2].get_statuscode() == "200"
    assert page[4].get_header("WARC-Payload-Digest").startswith("sha256:")

    gz = responses[server.url("/gz")]
    assert gz[3] == PAGE + b"<!-- gz -->"
    assert gz[2].get_header("Content-Encoding") is None
    assert gz[2].get_header("X-Claimdesk-Orig-Content-Encoding") == "gzip"
    assert gz[2].get_header("Content-Length") == str(len(gz[3]))

    hop = responses[server.url("/hop")]
    assert hop[2].get_statuscode() == "301" and hop[2].get_header("Location") == "/page"
    assert hop[3] == b""

    missing = responses[server.url("/missing")]
    assert missing[2].get_statuscode() == "404"

    revisit = next(r for r in records if r[0] == "revisit")
    assert revisit[1] == server.url("/etag")
    assert revisit[4].get_header("WARC-Profile").endswith("server-not-modified")
    assert revisit[4].get_header("WARC-Refers-To-Target-URI") == server.url("/etag")

    requests = [r for r in records if r[0] == "request"]
    assert all(r[2].get_header("User-Agent", "").startswith("claimdesk/") for r in requests)
    assert all(r[4].get_header("WARC-Concurrent-To") for r in requests)


def test_payload_digest_is_the_snapshot_sha256(archived, tmp_path):
    db, _ = archived
    out = tmp_path / "o.warc.gz"
    export_warc(db, out)
    snap = next(db.query("SELECT sha256 FROM snapshots WHERE requested_url LIKE '%/page'"))
    body = read_blob(db, snap["sha256"])
    assert hashlib.sha256(body).hexdigest() == snap["sha256"]


def test_every_record_is_its_own_gzip_member(archived, tmp_path):
    db, _ = archived
    out = tmp_path / "m.warc.gz"
    export_warc(db, out)
    data = out.read_bytes()
    members = data.count(b"\x1f\x8b\x08")
    assert members >= len(read_records(out))
    assert gzip.decompress(data).startswith(b"WARC/1.1\r\n")


def test_payload_headers_rewrite():
    headers = [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked"), ("Content-Length", "10")]
    assert payload_headers(headers, 42) == [
        ("Content-Length", "42"),
        ("X-Claimdesk-Orig-Content-Encoding", "gzip"),
        ("X-Claimdesk-Orig-Transfer-Encoding", "chunked"),
        ("X-Claimdesk-Orig-Content-Length", "10"),
    ]
    # an encoding we could not decode stays, since the stored bytes are still encoded
    assert ("Content-Encoding", "br") in payload_headers([("Content-Encoding", "br")], 5)


def test_cli_export_warc(archived, tmp_path):
    db, _ = archived
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    out = tmp_path / "cli.warc.gz"
    result = CliRunner().invoke(cli, ["--db", path, "export", "warc", str(out)])
    assert result.exit_code == 0, result.output
    assert "records for 6 snapshots" in result.output
    assert len(read_records(out)) > 10


def test_warc_request_records_carry_the_headers_sent(tmp_path):
    """``snapshots.request_headers`` keeps what was sent: the WARC request of a re-check shows
    its conditional header, the first fetch's does not."""
    db = open_db(tmp_path / "rq.db")
    with LocalServer({"/p": lambda h: h.reply(200, PAGE, headers={"ETag": '"z"'})}) as server:
        db["sources"].insert({"url": server.url("/p")})
        options = FetchOptions(policy=AddressPolicy(allow_private=True), timeout=5)
        run_fetch_sources(db, options)
        db.execute("UPDATE snapshots SET fetched_at = '2020-01-01T00:00:00.000Z'")
        db.conn.commit()
        run_fetch_sources(db, FetchOptions(policy=options.policy, timeout=5, stale_days=1))
    out = tmp_path / "rq.warc.gz"
    export_warc(db, out)
    requests = [r for r in read_records(out) if r[0] == "request"]
    assert requests[-1][2].get_header("If-None-Match") == '"z"'
    assert requests[0][2].get_header("If-None-Match") is None
    db.close()
