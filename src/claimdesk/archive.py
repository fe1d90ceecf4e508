"""Snapshots and blobs: decoding and extracting fetched bodies, and storing each fetch attempt.

- ``decode_body``: the text of a body, its charset decided as a browser would: byte order mark,
  then the Content-Type charset, then (HTML) a ``<meta>`` charset in the first bytes, then UTF-8 if
  the bytes are valid UTF-8, then detection, then windows-1252 (what "iso-8859-1" means on the web).
- ``extract``: title, main text (trafilatura, which drops navigation, headers and footers),
  published date (htmldate through trafilatura, on the parsed tree: never a URL), language
  (``<html lang>`` / Content-Language), canonical URL; PDF text and metadata with pypdf.
- ``store_result``: one ``snapshots`` row per attempt, the body once per sha256 in ``blobs``
  (zlib), and the source's health, final URL and last error, in one transaction.

The sha256 and the blob are of the body as ``fetch_url`` stored it: content-decoded (gzip/deflate
undone), transfer-decoded; see ``claimdesk.fetch``.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import sqlite_utils

from claimdesk.errors import NotFound

if TYPE_CHECKING:
    from claimdesk.fetch import FetchResult

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/csv"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
# Labels whose WHATWG meaning differs from Python's codec of the same name.
WEB_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "x-user-defined": "cp1252",
}
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
COMPRESSION_LEVEL = 6
# Page chrome removed before extraction: on short pages trafilatura's fallback keeps it otherwise.
CHROME_XPATH = ["//nav", "//footer", "//aside", "//header[not(ancestor::article)]", "//*[@role='navigation']"]

log = logging.getLogger(__name__)


# --- charsets ------------------------------------------------------------------------------------


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, with web meanings for latin-1 and ascii; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = WEB_CHARSET_ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # "zlib", "base64", "rot13"... are codecs but not text encodings: bytes.decode refuses them
    return info.name if getattr(info, "_is_text_encoding", True) else None


def charset_from_content_type(content_type: str | None) -> str | None:
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def bom_charset(body: bytes) -> str | None:
    for bom, name in BOMS:
        if body.startswith(bom):
            return name
    return None


def meta_charset(body: bytes) -> str | None:
    match = META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def detect_charset(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - trafilatura brings it
        return None
    best = from_bytes(body[:65536]).best()
    return codec_for(best.encoding) if best is not None else None


def decode_body(body: bytes, content_type: str | None = None, *, html: bool = True) -> tuple[str, str]:
    """The body as text and the codec used: BOM, header charset, meta charset, UTF-8, detection, cp1252."""
    bom = bom_charset(body)
    if bom:
        return body[_bom_length(body) :].decode(bom, "replace"), bom
    candidates = [codec_for(charset_from_content_type(content_type))]
    if html:
        declared = codec_for(meta_charset(body))
        # a page that says utf-16 in a meta tag is not utf-16 (it could not have said so in ASCII)
        candidates.append(None if declared and declared.startswith("utf-16") else declared)
    for codec in candidates:
        if codec:
            return body.decode(codec, "replace"), codec
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = detect_charset(body) or "cp1252"
    return body.decode(codec, "replace"), codec


def _bom_length(body: bytes) -> int:
    return 3 if body.startswith(codecs.BOM_UTF8) else 2


# --- content types and extraction ------------------------------------------------------------------


def sniff_content_type(body: bytes, declared: str | None) -> str | None:
    """The declared media type, or one sniffed from the first bytes when none or a generic one is declared."""
    media = (declared or "").split(";", 1)[0].strip().lower() or None
    if media not in (None, "application/octet-stream", "binary/octet-stream"):
        return media
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<head" in head or b"<body" in head:
        return "text/html"
    return media


@dataclass
class Extracted:
    title: str | None = None
    text: str | None = None
    published: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    charset: str | None = None
    content_type: str | None = None


def primary_language(tag: str | None) -> str | None:
    """The primary subtag of a language tag ("en-GB" -> "en"), or None."""
    if not tag:
        return None
    primary = re.split(r"[-_,;\s]", tag.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _squash(text: str | None) -> str | None:
    if not text:
        return None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = "\n".join(line for line in lines if line)
    return out or None


def _fallback_text(tree: Any) -> str | None:
    """Visible text without scripts, navigation, headers, footers and forms, when trafilatura finds none."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    for el in root.xpath(".//script|.//style|.//noscript|.//nav|.//footer|.//header|.//aside|.//form|.//template"):
        el.drop_tree()
    return _squash("\n".join(t for t in root.itertext()))


def extract_html(text: str, url: str | None, content_language: str | None = None) -> Extracted:
    import lxml.html
    import trafilatura

    out = Extracted()
    try:
        tree = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return out
    out.language = primary_language(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"))
    for meta in tree.xpath("//meta[@http-equiv]"):
        if meta.get("http-equiv", "").lower() == "content-language" and not out.language:
            out.language = primary_language(meta.get("content"))
    out.language = out.language or primary_language(content_language)
    canonical = tree.xpath(
        "//link[@href][contains(concat(' ', translate(@rel, 'CANONIL', 'canonil'), ' '), ' canonical ')]/@href"
    )
    if not canonical:
        canonical = tree.xpath("//meta[@property='og:url']/@content")
    if canonical and canonical[0].strip():
        out.canonical_url = urljoin(url or "", canonical[0].strip())
    titles = tree.xpath("//title/text()")
    html_title = _squash(titles[0]) if titles else None
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            prune_xpath=CHROME_XPATH,
        )
    except Exception as e:  # trafilatura raises many kinds on odd markup; the snapshot stays usable
        log.warning("trafilatura failed on %s: %s", url, e)
        doc = None
    if doc is not None:
        out.title = _squash(getattr(doc, "title", None))
        out.text = _squash(getattr(doc, "text", None))
        out.published = getattr(doc, "date", None) or None
        out.language = out.language or primary_language(getattr(doc, "language", None))
    out.title = out.title or html_title
    if not out.text:
        try:
            out.text = _fallback_text(lxml.html.document_fromstring(text))
        except (ValueError, lxml.etree.ParserError):
            pass
    return out


def extract_pdf(body: bytes) -> Extracted:
    out = Extracted()
    try:
        import pypdf
    except ImportError:  # pragma: no cover - optional
        return out
    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        meta = reader.metadata
        if meta is not None:
            out.title = _squash(meta.title) if meta.title else None
            created = meta.creation_date
            out.published = created.date().isoformat() if created else None
        out.text = _squash("\n".join((page.extract_text() or "") for page in reader.pages))
    except Exception as e:  # a broken PDF is still archived; only its text is missing
        log.warning("pypdf could not read a PDF: %s", e)
    return out


def extract(
    body: bytes, content_type: str | None, url: str | None = None, content_language: str | None = None
) -> Extracted:
    """Title, main text, published date, language, canonical URL and charset of a fetched body."""
    media = sniff_content_type(body, content_type)
    if media in PDF_TYPES:
        out = extract_pdf(body)
    elif media in HTML_TYPES:
        text, charset = decode_body(body, content_type, html=True)
        out = extract_html(text, url, content_language)
        out.charset = charset
    elif media in TEXT_TYPES or (media or "").startswith("text/"):
        text, charset = decode_body(body, content_type, html=False)
        out = Extracted(text=text, charset=charset, language=primary_language(content_language))
    else:
        out = Extracted()
    out.content_type = media
    return out


# --- blobs -------------------------------------------------------------------------------------------


def sha256_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def store_blob(db: sqlite_utils.Database, body: bytes, *, stored_at: str | None = None) -> str:
    """Store ``body`` once under its sha256 (zlib-compressed); return the sha256."""
    digest = sha256_of(body)
    exists = db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if not exists:
        db.execute(
            "INSERT OR IGNORE INTO blobs (sha256, content, size, compression, stored_at) VALUES (?, ?, ?, 'zlib', ?)",
            [digest, zlib.compress(body, COMPRESSION_LEVEL), len(body), stored_at],
        )
    return digest


def read_blob(db: sqlite_utils.Database, digest: str) -> bytes:
    row = db.execute("SELECT content, compression FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if row is None:
        raise NotFound(f"no blob {digest}")
    return decompress_blob(*row)


def decompress_blob(content: bytes, compression: str | None) -> bytes:
    """The raw body as fetched, from a ``blobs`` row's content and compression."""
    if compression in (None, "", "none", "identity"):
        return bytes(content)
    if compression == "zlib":
        return zlib.decompress(content)
    raise ValueError(f"unknown blob compression {compression!r}")


# --- health --------------------------------------------------------------------------------------------


def _comparable(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port in (80, 443):
        port = None
    path = parts.path.rstrip("/") or ""
    return (f"{host}:{port}" if port else host, path, parts.query)


def trivially_same(requested: str, final: str) -> bool:
    """Whether a redirect only changed http/https, www., a default port, a trailing slash or a fragment."""
    return _comparable(requested) == _comparable(final)


def is_soft_404(requested: str, final: str | None) -> bool:
    """A redirect from a page to the site's home page: the page is gone."""
    if not final:
        return False
    req, fin = _comparable(requested), _comparable(final)
    return req[1] != "" and fin[1] == "" and not fin[2]


def _dead_signal(status_code: int | None, requested: str | None, final: str | None, error: str | None) -> bool:
    if status_code in (404, 410):
        return True
    return error is None and status_code is not None and status_code < 300 and is_soft_404(requested or "", final)


# --- snapshots --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    snapshot_id: int
    outcome: str  # ok | changed | unchanged | redirected | soft_404 | dead | an error kind
    health: str


def headers_json(headers: list[tuple[str, str]]) -> str:
    """Headers as a JSON object in the order received; repeated names joined with ", "."""
    merged: dict[str, str] = {}
    index: dict[str, str] = {}
    for name, value in headers:
        key = index.setdefault(name.lower(), name)
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return json.dumps(merged, ensure_ascii=False)


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    # plain SQL: sqlite-utils' insert() introspects the table on every call, which dominates here
    names = ", ".join(f"[{k}]" for k in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def store_result(
    db: sqlite_utils.Database, source_id: int, result: FetchResult, *, extracted: Extracted | None = None
) -> Stored:
    """Write one fetch attempt: its blob (once per sha256), its snapshot row and the source's health."""
    previous = next(
        iter(
            db.query(
                "SELECT * FROM snapshots WHERE source_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1",
                [source_id],
            )
        ),
        None,
    )
    with_body = next(
        iter(
            db.query(
                "SELECT * FROM snapshots WHERE source_id = ? AND sha256 IS NOT NULL AND error IS NULL "
                "ORDER BY fetched_at DESC, id DESC LIMIT 1",
                [source_id],
            )
        ),
        None,
    )
    content_type_header = result.header("content-type")
    row: dict[str, Any] = {
        "source_id": source_id,
        "requested_url": result.requested_url,
        "final_url": result.final_url,
        "redirects": json.dumps(result.redirects, ensure_ascii=False),
        "status_code": result.status_code,
        "error": result.error,
        "error_detail": result.error_detail,
        "content_type": result.content_type,
        "fetched_at": result.fetched_at,
        "elapsed_ms": result.elapsed_ms,
        "headers": headers_json(result.headers),
        "etag": result.header("etag"),
        "last_modified": result.header("last-modified"),
    }
    if result.request_headers:
        row["request_headers"] = headers_json(result.request_headers)
    if result.body is not None:
        if extracted is None:
            extracted = extract(result.body, content_type_header, result.final_url, result.header("content-language"))
        row.update(
            size=len(result.body),
            content_type=extracted.content_type or result.content_type,
            charset=extracted.charset,
            title=extracted.title,
            text=extracted.text,
            published=extracted.published,
            language=extracted.language,
            canonical_url=extracted.canonical_url,
        )
        if with_body is not None and result.error is None:
            row["changed"] = int(with_body["sha256"] != sha256_of(result.body))
    elif result.not_modified and with_body is not None:
        # the content is the previous snapshot's: point at it rather than leave the row empty
        for key in (
            "sha256",
            "size",
            "content_type",
            "charset",
            "title",
            "text",
            "published",
            "language",
            "canonical_url",
        ):
            row[key] = with_body[key]
        row["etag"] = row["etag"] or with_body["etag"]
        row["last_modified"] = row["last_modified"] or with_body["last_modified"]
        row["changed"] = 0

    health, outcome, last_error = _judge(result, previous, row)
    with db.conn:
        if result.body is not None:
            row["sha256"] = store_blob(db, result.body, stored_at=result.fetched_at)
        snapshot_id = _insert(db, "snapshots", row)
        source_update: dict[str, Any] = {
            "health": health,
            "last_fetched_at": result.fetched_at,
            "last_error": last_error,
        }
        if result.final_url:
            source_update["final_url"] = result.final_url
        assignments = ", ".join(f"[{k}] = ?" for k in source_update)
        db.execute(f"UPDATE sources SET {assignments} WHERE id = ?", [*source_update.values(), source_id])
    return Stored(int(snapshot_id), outcome, health)


def _judge(result: FetchResult, previous: dict[str, Any] | None, row: dict[str, Any]) -> tuple[str, str, str | None]:
    """The source's new health, this attempt's outcome and the source's last error."""
    error_text = f"{result.error}: {result.error_detail}" if result.error else None
    dead_now = _dead_signal(result.status_code, result.requested_url, result.final_url, result.error)
    dead_before = previous is not None and _dead_signal(
        previous["status_code"], previous["requested_url"], previous["final_url"], previous["error"]
    )
    if result.error == "blocked_address":
        return "blocked", result.error, error_text
    if dead_now and dead_before:
        return "dead", "dead", error_text or f"soft_404: redirected to {result.final_url}"
    if result.error:
        return "error", result.error, error_text
    if dead_now:
        return "redirected", "soft_404", f"soft_404: redirected to {result.final_url}"
    if result.final_url and not trivially_same(result.requested_url, result.final_url):
        return "redirected", "redirected", None
    if row.get("changed") == 1:
        return "ok", "changed", None
    if row.get("changed") == 0:
        return "ok", "unchanged", None
    return "ok", "ok", None
