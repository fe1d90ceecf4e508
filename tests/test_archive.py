"""Decoding and extraction of archived bodies, and the blob store."""

from __future__ import annotations

import codecs

import pytest

from claimdesk.archive import (
    codec_for,
    decode_body,
    extract,
    headers_json,
    is_soft_404,
    read_blob,
    sniff_content_type,
    store_blob,
    trivially_same,
)
from claimdesk.db import memory_db
from claimdesk.errors import NotFound

FRENCH = (
    "Le conseil municipal a voté le budget : une hausse de 4,5 % décidée à l'unanimité. "
    "Le maire a déclaré que les crédits iront à la rénovation des écoles et à la sécurité routière. "
    "Les élus de l'opposition ont regretté l'absence de débat sur la fiscalité locale."
)


def latin1_page(head: str = "") -> bytes:
    return f"<html><head>{head}<title>Élections</title></head><body><p>{FRENCH}</p></body></html>".encode("latin-1")


def test_latin1_with_meta_charset_and_no_header_charset():
    text, charset = decode_body(latin1_page('<meta charset="iso-8859-1">'), "text/html")
    assert charset == "cp1252" and "décidée" in text and "Élections" in text


def test_latin1_with_http_equiv_meta():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    text, charset = decode_body(latin1_page(head), "text/html")
    assert "rénovation" in text


def test_latin1_without_any_declaration_is_not_mojibake():
    text, charset = decode_body(latin1_page(), "text/html")
    assert "décidée" in text and "sécurité" in text and "\ufffd" not in text


def test_header_charset_beats_meta_and_bom_beats_both():
    body = '<meta charset="utf-8"><p>café</p>'.encode("cp1252")
    assert decode_body(body, "text/html; charset=windows-1252") == ('<meta charset="utf-8"><p>café</p>', "cp1252")
    bom = codecs.BOM_UTF8 + "<p>café</p>".encode()
    assert decode_body(bom, "text/html; charset=iso-8859-2") == ("<p>café</p>", "utf-8")


def test_utf8_without_declaration_and_unknown_labels():
    assert decode_body("<p>naïve</p>".encode(), None) == ("<p>naïve</p>", "utf-8")
    assert codec_for("no-such-charset") is None
    assert codec_for("UTF8") == "utf-8"
    assert codec_for("latin1") == "cp1252"


def test_extract_latin1_html_end_to_end():
    out = extract(latin1_page('<meta charset="latin1">'), "text/html", "http://example.org/a")
    assert out.charset == "cp1252" and out.title == "Élections" and "décidée" in out.text


def test_extract_plain_text_and_unknown_types():
    assert extract(b"just words", "text/plain; charset=utf-8").text == "just words"
    out = extract(b"\x89PNG\r\n", "image/png")
    assert out.text is None and out.content_type == "image/png"


def test_sniffing_when_no_content_type():
    assert sniff_content_type(b"%PDF-1.7 ...", None) == "application/pdf"
    assert sniff_content_type(b"  <!DOCTYPE html><html>", "application/octet-stream") == "text/html"
    assert sniff_content_type(b"data", "Text/HTML; charset=x") == "text/html"


def test_navigation_and_footer_are_not_main_text():
    html = (
        b"<html><head><title>T</title></head><body><nav>Home About Contact</nav>"
        b"<p>Short claim text only.</p><footer>Footer legal text</footer></body></html>"
    )
    out = extract(html, "text/html")
    assert "Short claim text only." in out.text
    assert "Footer legal text" not in out.text and "Contact" not in out.text


def test_blobs_are_stored_once_and_read_back():
    db = memory_db()
    with db.conn:
        a = store_blob(db, b"x" * 10000)
        b = store_blob(db, b"x" * 10000)
    assert a == b and db["blobs"].count == 1
    row = db["blobs"].get(a)
    assert row["size"] == 10000 and len(row["content"]) < 200 and row["compression"] == "zlib"
    assert read_blob(db, a) == b"x" * 10000
    with pytest.raises(NotFound):
        read_blob(db, "0" * 64)


@pytest.mark.parametrize(
    "requested, final, same",
    [
        ("http://example.org/a", "https://example.org/a", True),
        ("http://example.org/a", "https://www.example.org/a/", True),
        ("http://example.org:80/a", "http://example.org/a#top", True),
        ("http://example.org/a", "http://example.org/b", False),
        ("http://bit.ly/x", "https://example.org/a", False),
    ],
)
def test_trivial_redirects(requested, final, same):
    assert trivially_same(requested, final) is same


def test_soft_404_and_headers_json():
    assert is_soft_404("http://example.org/news/1", "https://example.org/")
    assert not is_soft_404("http://example.org/", "https://example.org/")
    assert headers_json([("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("ETag", '"x"')]) == (
        '{"Set-Cookie": "a=1, b=2", "ETag": "\\"x\\""}'
    )
