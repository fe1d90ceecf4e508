"""Reading article files: text, sidecars, HTML, and every kind of bad input as InputError."""

import json
import os

import pytest

from claimdesk.errors import InputError
from claimdesk.extract import extract_article
from claimdesk.reader import read_article

SEED = os.path.join(os.path.dirname(__file__), "..", "seeds", "000_b02b4225fd3b4194.txt")


def test_seed_with_sidecar():
    a = read_article(SEED)
    assert a.slug == "000_b02b4225fd3b4194"
    assert a.language == "id"
    assert a.published == "2025-05"
    assert a.url.startswith("https://kabarkampus.com/")
    assert a.title.startswith("Aktivisme transnasional")
    assert len(a.sha256) == 64 and a.meta["language"] == "id"


def test_bom_and_crlf(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfThe council voted on 13 March 2023.\r\nIt passed.\r\n")
    a = read_article(p)
    assert a.text.startswith("The council") and "\r" not in a.text
    assert a.language == "en"


def test_utf16_and_cp1252(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("Le conseil communal de Liège a voté.".encode("utf-16"))
    assert "Liège" in read_article(p).text
    q = tmp_path / "cp.txt"
    q.write_bytes("Le conseil communal de Liège a voté la motion.".encode("cp1252"))
    assert "Liège" in read_article(q).text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no article text"),
        (b"   \n\n  1234 56\n", "no article text"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(4000), "binary"),
    ],
)
def test_bad_files(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_article(p)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="not a file"):
        read_article(tmp_path)


def test_broken_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("The council voted.", encoding="utf-8")
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_article(tmp_path / "a.txt")


def test_html_article_with_comments(tmp_path):
    html = """<!doctype html><html lang="fr"><head><title>Site | Liège</title>
    <link rel="canonical" href="https://example.org/liege">
    <meta property="article:published_time" content="2023-04-25T10:00:00+02:00"></head>
    <body><nav><a href="/">Accueil</a></nav><article><h1>Liège rompt avec Israël</h1>
    <p>Le conseil communal de Liège a voté lundi 24 avril 2023 une motion.</p>
    <p>Il faut saluer ce choix courageux.</p></article>
    <section id="comments"><p>Bravo à la ville !</p></section>
    <script>var x = 1;</script></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    a = read_article(p)
    assert a.title == "Liège rompt avec Israël"
    assert a.url == "https://example.org/liege" and a.published == "2023-04-25" and a.language == "fr"
    assert "var x" not in a.text and "Accueil" not in a.text
    by_text = {s.text: s for s in extract_article(a)}
    assert by_text["Liège rompt avec Israël"].section == "title"
    claim = by_text["Le conseil communal de Liège a voté lundi 24 avril 2023 une motion."]
    assert claim.section == "body" and claim.checkworthy and claim.dates == ["2023-04-24"]
    assert by_text["Bravo à la ville !"].section == "comment"


def test_sidecar_language_wins_over_detection(tmp_path):
    (tmp_path / "a.txt").write_text("Pada April 2023, Dewan Kota Liège memutuskan.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"language": "ms"}), encoding="utf-8")
    assert read_article(tmp_path / "a.txt").language == "id"
