"""Real HTTP servers on loopback for the fetch tests: routes are plain functions of the handler.

``LocalServer(routes, host)`` runs a threaded ``http.server`` in a background thread, records every
request it receives (so a test can show that a refused URL sent nothing), and stops at ``close()``.
Handlers that stream forever check ``server.stopping`` and end when the client goes away.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.requests.append((path, dict(self.headers.items())))
            self.server.hits[path] = self.server.hits.get(path, 0) + 1
        route = self.server.routes.get(path)
        try:
            if route is None:
                self.reply(404, b"<html><body>not found</body></html>")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def hits(self) -> int:
        return self.server.hits.get(self.path.split("?", 1)[0], 0)

    def reply(
        self,
        status: int = 200,
        body: bytes = b"",
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.reply(status, b"", content_type=None, headers={"Location": location})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], routes: dict[str, Route]):
        super().__init__(address, Handler)
        self.routes = routes
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()


class LocalServer:
    def __init__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1", port: int = 0):
        self.httpd = _Server((host, port), routes or {})
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True
        self.thread.start()

    @property
    def routes(self) -> dict[str, Route]:
        return self.httpd.routes

    @property
    def requests(self) -> list[tuple[str, dict[str, str]]]:
        return self.httpd.requests

    def hits(self, path: str) -> int:
        return self.httpd.hits.get(path, 0)

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def close(self) -> None:
        self.httpd.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- bodies and routes the tests share ------------------------------------------------------------


def html_page(title: str, paragraphs: list[str], *, head: str = "", lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><title>{title}</title>{head}</head><body>'
        '<nav><a href="/">Home</a> | <a href="/about">About us</a> | <a href="/contact">Contact</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright 2024 Example Publishing. All rights reserved.</footer></body></html>"
    )


def gzip_bomb(decompressed_bytes: int) -> bytes:
    """A gzip stream of zeros that inflates to ``decompressed_bytes`` (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = []
    for _ in range(decompressed_bytes >> 20):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    return b"".join(parts)


def serve_gzip(body: bytes, content_type: str = "text/html; charset=utf-8") -> Route:
    compressed = gzip.compress(body)

    def route(h: Handler) -> None:
        h.reply(200, compressed, content_type=content_type, headers={"Content-Encoding": "gzip"})

    return route


def endless(h: Handler) -> None:
    """A body without a length that never ends (close-delimited)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Connection", "close")
    h.end_headers()
    chunk = b"x" * 65536
    while not h.server.stopping.is_set():
        h.wfile.write(chunk)
    h.close_connection = True


def drip(h: Handler, interval: float = 0.2) -> None:
    """Headers at once, then one byte per ``interval`` for a long time."""
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    for _ in range(100000):
        if h.server.stopping.is_set():
            break
        h.wfile.write(b".")
        h.wfile.flush()
        time.sleep(interval)
    h.close_connection = True


def minimal_pdf(text: str, title: str = "A test report") -> bytes:
    """A small valid one-page PDF with ``text`` in Helvetica and a title in its Info dictionary."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /CreationDate (D:20230415120000Z) >>".encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
