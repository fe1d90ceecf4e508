"""Sentence spans: lines first, abbreviations kept, URLs, decimals and dashes intact."""

import pytest

from claimdesk.sentences import split_sentences


def sentences(text, lang):
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Rapat di Jl. Sudirman dipimpin Ir. Budi pada tgl. 5 Mei. Ini selesai.",
            "id",
            ["Rapat di Jl. Sudirman dipimpin Ir. Budi pada tgl. 5 Mei.", "Ini selesai."],
        ),
        ("Kantor di No. 5 tutup. Lalu buka.", "id", ["Kantor di No. 5 tutup.", "Lalu buka."]),
        ("Beli sayur, buah, dsb. lalu pulang. Selesai.", "id", ["Beli sayur, buah, dsb. lalu pulang.", "Selesai."]),
        (
            "Mereka membeli buku, pena, dll. Besok dibagikan.",
            "id",
            ["Mereka membeli buku, pena, dll.", "Besok dibagikan."],
        ),
        ("M. Dupont cite l'art. 12 du code. Il part.", "fr", ["M. Dupont cite l'art. 12 du code.", "Il part."]),
        ("Er waren o.a. ministers aanwezig. Hij ging.", "nl", ["Er waren o.a. ministers aanwezig.", "Hij ging."]),
        ("Mr. Smith went to the U.S. Army base. He left.", "en", ["Mr. Smith went to the U.S. Army base.", "He left."]),
        ("Lihat https://bit.ly/4dpN4O7. Oke.", "id", ["Lihat https://bit.ly/4dpN4O7.", "Oke."]),
        ("Naik 3,5 persen. Turun 2.5 poin.", "id", ["Naik 3,5 persen.", "Turun 2.5 poin."]),
        (
            "Ini simbolis—karena Liège tidak—resolusi itu efektif.",
            "id",
            ["Ini simbolis—karena Liège tidak—resolusi itu efektif."],
        ),
        ("Komentar tanpa titik\nBaris kedua", "id", ["Komentar tanpa titik", "Baris kedua"]),
    ],
)
def test_split(text, lang, expected):
    assert sentences(text, lang) == expected


def test_spans_exact_and_trimmed():
    text = "  Satu kalimat.   Dua kalimat.  \n\n\n   Tiga  \n"
    spans = split_sentences(text, "id")
    assert [text[s:e] for s, e in spans] == ["Satu kalimat.", "Dua kalimat.", "Tiga"]


def test_blank_text_has_no_sentences():
    assert split_sentences(" \n\n \t\n", "en") == []


def test_a_huge_line_is_split_in_windows_without_losing_text():
    text = "Kalimat pendek nomor satu. " * 20000  # ~540 KB on one line
    spans = split_sentences(text, "id")
    assert len(spans) == 20000
    assert all(text[s:e] == "Kalimat pendek nomor satu." for s, e in spans)
