"""Which part of an article each line belongs to: title, body, byline, footer or comment.

Lines are judged one at a time, from patterns a news page shares across sites and languages,
except that the comment section, once it starts, runs to the end of the text. It starts at a
header line ("Komentar", "3 Comments", "Réactions", "Reacties") or, for pages copied without one,
at a run of blank lines that follows the article's byline or trailer (or a long run of them).
"""

from __future__ import annotations

import re

SECTIONS = ("title", "body", "byline", "footer", "comment")

COMMENT_HEADER = re.compile(
    r"^\W*(?:\d+\s+)?(?:komentar|tanggapan|comments?|reader comments|responses|replies|réactions?|"
    r"commentaires?|reacties?|kommentare?|comentarios?|leave a (?:reply|comment)|tinggalkan komentar|"
    r"laisser un commentaire|laat een reactie achter|reageer|tulis komentar)(?:\s*\(?\d+\)?)?\W*$",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^(?:\*|(?:by|oleh|penulis|reporter|wartawan|editor|penyunting|author|written by|par|auteur|"
    r"door|tekst|von|por|redactie|rédaction|redaksi)\s*[:\s]\s*\S)",
    re.IGNORECASE,
)
AUTHOR_NOTE = re.compile(
    r"\b(?:dosen|peneliti|mahasiswa|guru besar|lecturer|professor|researcher|journalist|correspondent|"
    r"is an? (?:\w+ ){0,3}(?:at|of|for)|enseignant|chercheur|chercheuse|journaliste|correspondant|"
    r"docent|hoogleraar|onderzoeker|journalist|verslaggever|correspondent)\b",
    re.IGNORECASE,
)
FOOTER = re.compile(
    r"^\W*(?:artikel ini|tulisan ini|this (?:article|story|piece|report)|"
    r"cet article|cette (?:tribune|analyse)|"
    r"dit (?:artikel|stuk)|dieser artikel|este artículo|baca juga|read (?:more|also)|lire aussi|à lire aussi|"
    r"lees ook|lees meer|copyright|hak cipta|©|\(c\)|all rights reserved|tous droits|alle rechten|"
    r"sumber\s*:|source\s*:|bron\s*:|quelle\s*:|fuente\s*:|editor\s*:|foto\s*:|photo\s*:|tags?\s*:|"
    r"share this|bagikan|partager|delen|follow us|ikuti kami|suivez-nous|volg ons|advertisement|iklan|"
    r"publicité|advertentie|disclaimer|corrections?\s*:|rectificatif|correctie)",
    re.IGNORECASE,
)
DATELINE = re.compile(
    r"^(?:(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|donderdag|"
    r"vrijdag|zaterdag|zondag)\b|(?:published|updated|diterbitkan|dipublikasikan|publié|mis à jour|"
    r"gepubliceerd|bijgewerkt)\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b)",
    re.IGNORECASE,
)
SHORT = 200
COMMENT_GAP_AFTER_TRAILER = 3
COMMENT_GAP_ALONE = 6


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _looks_like_title(line: str) -> bool:
    return len(line) <= SHORT and not line.rstrip().endswith((".", ",", ";", ":")) and len(line.split()) >= 2


def classify_lines(text: str, spans: list[tuple[int, int]], title: str | None = None) -> list[str]:
    """The section of each line span of ``text`` (spans in order, non-blank, trimmed)."""
    sections: list[str] = []
    title_norm = _norm(title) if title else ""
    in_comments = False
    seen_body = seen_trailer = False
    prev_end = 0
    for i, (start, end) in enumerate(spans):
        line = text[start:end]
        blank_lines = text.count("\n", prev_end, start) - 1 if i else 0
        prev_end = end
        short = len(line) <= SHORT
        if (
            not in_comments
            and seen_body
            and (
                (short and COMMENT_HEADER.match(line))
                or (blank_lines >= COMMENT_GAP_AFTER_TRAILER and seen_trailer)
                or blank_lines >= COMMENT_GAP_ALONE
            )
        ):
            in_comments = True
        if in_comments:
            sections.append("comment")
            continue
        if (
            not seen_body
            and title_norm
            and _norm(line)
            and (_norm(line) == title_norm or (short and title_norm.startswith(_norm(line))))
        ):
            sections.append("title")
            continue
        if not seen_body and i == 0 and not title_norm and _looks_like_title(line) and len(spans) > 1:
            sections.append("title")
            continue
        if short and (BYLINE.match(line) or (seen_body and AUTHOR_NOTE.search(line) and len(line) < 160)):
            sections.append("byline")
            seen_trailer = seen_trailer or seen_body
            continue
        if not seen_body and short and DATELINE.match(line):
            sections.append("byline")
            continue
        if seen_body and FOOTER.match(line):
            sections.append("footer")
            seen_trailer = True
            continue
        sections.append("body")
        seen_body = True
    return sections
