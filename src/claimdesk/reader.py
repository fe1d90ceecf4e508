"""Reading an article file (.txt or .html, plus an optional JSON sidecar) into an ``Article``.

Text files are decoded as UTF-8 (BOM stripped), then UTF-16 when a UTF-16 BOM says so, then
cp1252 as the common legacy fallback. HTML is reduced to readable text: the headline, the
paragraphs of the article, and the reader comments after a "Comments" line, so that the same
section rules apply to both. Anything that is not text (NUL bytes, mostly control characters)
or holds no words is refused with an ``InputError`` naming the file.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from claimdesk.errors import InputError
from claimdesk.language import check_language, detect_language, normalise_language
from claimdesk.sources import web_url

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SNIFF_BYTES = 8192


@dataclass
class Article:
    slug: str
    path: str
    text: str
    title: str | None
    url: str | None
    language: str | None
    published: str | None
    sha256: str
    meta: dict = field(default_factory=dict)


def decode_text(raw: bytes, name: str = "input") -> str:
    """Bytes of a text file as str; InputError for bytes that are not text."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16").lstrip("\ufeff")
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid UTF-16 text ({e.reason})") from e
    head = raw[:SNIFF_BYTES]
    if b"\x00" in head:
        raise InputError(f"{name}: looks binary (NUL bytes), not an article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    odd = sample.count("\ufffd") + controls
    if sample and odd / len(sample) > 0.05:
        raise InputError(f"{name}: looks binary (control characters), not an article")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_sidecar(path: Path) -> dict:
    side = path.with_suffix(".json")
    if side == path or not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{side}: cannot read sidecar ({e})") from e
    except json.JSONDecodeError as e:
        raise InputError(f"{side}: sidecar is not valid JSON (line {e.lineno}: {e.msg})") from e
    if not isinstance(meta, dict):
        raise InputError(f"{side}: sidecar must be a JSON object")
    for key in ("title", "url", "language", "published"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise InputError(f"{side}: {key!r} must be a string, not {type(meta[key]).__name__}")
    if _str(meta.get("url")) and not web_url(meta["url"]):
        raise InputError(f"{side}: 'url' must be an http(s) URL, not {meta['url']!r}")
    if _str(meta.get("published")) and not ISO_PREFIX.match(meta["published"].strip()):
        raise InputError(f"{side}: 'published' must be an ISO date such as 2025-05 or 2025-05-12")
    try:
        check_language(_str(meta.get("language")))
    except InputError as e:
        raise InputError(f"{side}: {e}") from e
    return meta


def read_file_bytes(path: str | Path) -> bytes:
    """The bytes of the file at ``path``; InputError, in one line, when it cannot be read."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if not p.is_file():
        raise InputError(f"{p}: not a file")
    try:
        return p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from e


def read_article(path: str | Path) -> Article:
    """The article at ``path`` with its sidecar metadata; InputError for anything unreadable."""
    p = Path(path)
    raw = read_file_bytes(p)
    meta = read_sidecar(p)
    text = decode_text(raw, str(p))
    html_meta: dict = {}
    if p.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        text, html_meta = html_to_text(text)
    if not any(ch.isalpha() for ch in text):
        raise InputError(f"{p}: no article text")
    title = _str(meta.get("title")) or html_meta.get("title")
    language = normalise_language(_str(meta.get("language")) or html_meta.get("language")) or detect_language(text)
    published = _str(meta.get("published")) or html_meta.get("published")
    return Article(
        slug=p.stem,
        path=str(p),
        text=text,
        title=title,
        url=web_url(_str(meta.get("url"))) or web_url(html_meta.get("url")),
        language=language,
        published=_iso_prefix(published),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        meta=meta,
    )


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


ISO_PREFIX = re.compile(r"\d{4}(?:-[01]\d(?:-[0-3]\d)?)?(?![\d/])")


def _iso_prefix(value: str | None) -> str | None:
    """The ISO prefix a date starts with ("2025-05-12T08:00" -> "2025-05-12"); None otherwise."""
    if not value:
        return None
    m = ISO_PREFIX.match(value.strip())
    return m.group() if m else None


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


_BLOCKS = ["h1", "h2", "h3", "h4", "p", "li", "blockquote", "figcaption", "pre", "td"]
_DROP = ["script", "style", "noscript", "nav", "aside", "form", "svg", "iframe", "button", "template"]
_COMMENT_HINT = re.compile(r"comment|komentar|reactie|réaction|disqus|respons", re.IGNORECASE)


def html_to_text(html: str) -> tuple[str, dict]:
    """Readable text of an HTML page and what its head says (title, url, language, published)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    meta: dict = {}
    h1 = soup.find("h1")
    og = soup.find("meta", attrs={"property": "og:title"})
    if h1 and h1.get_text(strip=True):
        meta["title"] = " ".join(h1.get_text(" ", strip=True).split())
    elif og and og.get("content"):
        meta["title"] = og["content"].strip()
    elif soup.title and soup.title.string:
        meta["title"] = " ".join(soup.title.string.split())
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href"):
        meta["url"] = canonical["href"]
    if soup.html and soup.html.get("lang"):
        meta["language"] = soup.html["lang"]
    for attrs in (
        {"property": "article:published_time"},
        {"name": "date"},
        {"itemprop": "datePublished"},
        {"name": "pubdate"},
    ):
        tag = soup.find("meta", attrs=attrs)
        if tag and tag.get("content"):
            meta["published"] = tag["content"]
            break
    else:
        t = soup.find("time", attrs={"datetime": True})
        if t:
            meta["published"] = t["datetime"]
    for tag in soup(_DROP):
        tag.decompose()
    comment_roots = [
        el
        for el in soup.find_all(attrs={"class": _COMMENT_HINT}) + soup.find_all(attrs={"id": _COMMENT_HINT})
        if el.name in ("section", "div", "ol", "ul", "aside")
    ]
    # keep only the outermost comment containers
    comment_roots = [el for el in comment_roots if not any(p in comment_roots for p in el.parents)]
    comments = []
    for root in comment_roots:
        comments.extend(_block_texts(root))
        root.extract()
    container = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in container.find_all(["footer", "header"]):
        if tag.find("h1") is None:
            tag.decompose()
    body = _block_texts(container)
    text = "\n\n".join(body)
    if comments:
        text += "\n\n\nComments\n\n" + "\n\n".join(comments)
    return text, meta


def _block_texts(root) -> list[str]:  # noqa: ANN001 - a bs4 Tag
    out = []
    for el in root.find_all(_BLOCKS):
        if el.find(_BLOCKS):  # a block holding blocks: its children speak for it
            continue
        words = " ".join(el.get_text(" ", strip=True).split())
        if words:
            out.append(words)
    if not out:
        words = " ".join(root.get_text(" ", strip=True).split())
        if words:
            out.append(words)
    return out
