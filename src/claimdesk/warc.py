"""WARC 1.1 export of the archived snapshots (gzip per record), written with warcio.

For every snapshot that stored a body: a ``request`` record and a ``response`` record for each
redirect hop (3xx, empty payload) and for the final response; a 304 re-fetch becomes a ``revisit``
record (profile server-not-modified) pointing at the earlier capture.

Payload and headers must agree, or replay tools (pywb) and digest checks go wrong:

- the stored body is content-decoded (``claimdesk.fetch`` undid gzip/deflate) and was never
  chunked on disk, so the response's ``Content-Encoding`` (when we decoded it) and
  ``Transfer-Encoding`` headers are removed and ``Content-Length`` is set to the stored length;
  the original values are kept as ``X-Claimdesk-Orig-<Name>`` headers so nothing is lost;
- redirect hops are archived with an empty payload (their bodies were not read), so their
  ``Content-Length`` is 0 likewise;
- ``WARC-Payload-Digest`` is therefore the sha256 of exactly the stored bytes (``snapshots.sha256``),
  and warcio computes the block digests over what it writes.

Request records carry the headers that were sent when the snapshot kept them (redirect hops
always do; the final request from ``snapshots.request_headers``), otherwise the headers
claimdesk sends on every fetch (conditional validators excepted).
"""

from __future__ import annotations

import base64
import binascii
import json
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import sqlite_utils
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimdesk import __version__
from claimdesk.archive import read_blob
from claimdesk.fetch import ACCEPT_ENCODING, USER_AGENT, body_is_decoded

HOP_BY_HOP = frozenset({"transfer-encoding", "connection", "keep-alive"})
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def _pairs(headers: Any) -> list[tuple[str, str]]:
    if isinstance(headers, dict):
        return [(str(k), str(v)) for k, v in headers.items()]
    return [(str(k), str(v)) for k, v in headers or []]


def payload_headers(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """Response headers rewritten to describe the stored payload of ``length`` bytes (see module doc)."""
    decoded = body_is_decoded(headers)
    out: list[tuple[str, str]] = []
    originals: list[tuple[str, str]] = []
    for name, value in headers:
        low = name.lower()
        if low in HOP_BY_HOP or low == "content-length" or (low == "content-encoding" and decoded):
            originals.append((f"X-Claimdesk-Orig-{name}", value))
            continue
        out.append((name, value))
    out.append(("Content-Length", str(length)))
    return out + originals


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _request_headers(url: str, stored: Any) -> list[tuple[str, str]]:
    pairs = _pairs(stored)
    if pairs:
        return pairs
    parsed = httpx.URL(url)
    host = parsed.netloc.decode("ascii")
    return [
        ("Host", host),
        ("Accept", "*/*"),
        ("Accept-Encoding", ACCEPT_ENCODING),
        ("Connection", "keep-alive"),
        ("User-Agent", USER_AGENT),
    ]


def _request_target(url: str) -> str:
    return httpx.URL(url).raw_path.decode("ascii")


def _sha256_label(hex_digest: str) -> str:
    return "sha256:" + base64.b32encode(binascii.unhexlify(hex_digest)).decode("ascii")


class _Exporter:
    def __init__(self, writer: WARCWriter, db: sqlite_utils.Database):
        self.writer = writer
        self.db = db
        self.records = 0
        # (uri, sha256) -> (record id, date) of the newest response written for it
        self.responses: dict[tuple[str, str], tuple[str, str]] = {}

    def write_exchange(
        self,
        url: str,
        date: str,
        status: int,
        response_headers: list[tuple[str, str]],
        request_headers: Any,
        body: bytes,
        sha256: str | None = None,
    ) -> str:
        warc_headers = {"WARC-Date": date}
        if sha256:
            warc_headers["WARC-Payload-Digest"] = _sha256_label(sha256)
        http_headers = StatusAndHeaders(
            _status_line(status), payload_headers(response_headers, len(body)), protocol="HTTP/1.1"
        )
        response = self.writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )
        request = self.writer.create_warc_record(
            url,
            "request",
            http_headers=StatusAndHeaders(
                f"GET {_request_target(url)}",
                _request_headers(url, request_headers),
                protocol="HTTP/1.1",
                is_http_request=True,
            ),
            warc_headers_dict={"WARC-Date": date},
        )
        self.writer.write_request_response_pair(request, response)
        self.records += 2
        return str(response.rec_headers.get_header("WARC-Record-ID"))

    def write_revisit(self, snap: dict[str, Any]) -> bool:
        uri = snap["final_url"] or snap["requested_url"]
        original = self.responses.get((uri, snap["sha256"]))
        if original is None:
            return False
        record_id, date = original
        headers = StatusAndHeaders(
            _status_line(snap["status_code"]),
            payload_headers(_pairs(json.loads(snap["headers"] or "{}")), 0),
            protocol="HTTP/1.1",
        )
        record = self.writer.create_revisit_record(
            uri,
            _sha256_label(snap["sha256"]),
            uri,
            date,
            http_headers=headers,
            warc_headers_dict={"WARC-Date": snap["fetched_at"]},
        )
        record.rec_headers.replace_header("WARC-Profile", SERVER_NOT_MODIFIED)
        record.rec_headers.add_header("WARC-Refers-To", record_id)
        self.writer.write_record(record)
        self.records += 1
        return True

    def write_snapshot(self, snap: dict[str, Any]) -> bool:
        if snap["sha256"] is None:
            return False
        date = snap["fetched_at"]
        if snap["status_code"] == 304:
            return self.write_revisit(snap)
        for hop in json.loads(snap["redirects"] or "[]"):
            self.write_exchange(
                hop["url"],
                date,
                int(hop["status_code"]),
                _pairs(hop.get("headers")) or [("Location", hop["location"])],
                hop.get("request_headers"),
                b"",
            )
        body = read_blob(self.db, snap["sha256"])
        url = snap["final_url"] or snap["requested_url"]
        record_id = self.write_exchange(
            url,
            date,
            int(snap["status_code"]),
            _pairs(json.loads(snap["headers"] or "{}")),
            json.loads(snap["request_headers"] or "null"),
            body,
            snap["sha256"],
        )
        self.responses[(url, snap["sha256"])] = (record_id, date)
        return True


def export_warc(db: sqlite_utils.Database, out_path: str | Path) -> str:
    """Write every archived snapshot to ``out_path`` as a gzipped WARC 1.1; return a one-line summary."""
    out_path = Path(out_path)
    snapshots = 0
    with out_path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        info = {
            "software": f"claimdesk/{__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "description": "Sources archived by claimdesk for fact-checking",
        }
        writer.write_record(writer.create_warcinfo_record(out_path.name, info))
        exporter = _Exporter(writer, db)
        exporter.records += 1
        for snap in db.query("SELECT * FROM snapshots ORDER BY fetched_at, id"):
            snapshots += exporter.write_snapshot(snap)
    return f"wrote {exporter.records} records for {snapshots} snapshots to {out_path}"
