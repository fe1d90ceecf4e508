"""Sentence spans: split on line breaks first, then within each line.

Reader comments and headings often end without punctuation, so a line break always ends a
sentence. Within a line ``sentencex`` does the splitting; it still breaks after a handful of
abbreviations common in news text (Indonesian "Jl.", "Ir.", "tgl.", French "M.", "art.", Dutch
"o.a." ...), so pieces that end in one of those are joined back to the next piece.
Spans are exact offsets into the text with surrounding whitespace trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sentencex import segment

# Abbreviations after which a sentence never ends (titles, street and number markers).
ALWAYS_JOIN = {
    "id": "jl jln ir dr drs dra h hj prof no nomor tgl kab kec kel ds rt rw st sdr bpk ibu yth pt cv tbk "
    "ny nn kpt kol mayjen brigjen letjen jend irjen kombes akbp bp sdri",
    "en": "mr mrs ms dr prof st jr sr mt gen col lt sgt gov sen rep rev no vs fig approx dept est inc corp "
    "ltd co jan feb mar apr jun jul aug sep sept oct nov dec",
    "fr": "m mm mme mlle mgr dr pr me st ste art al p pp n no cf av bd chap env réf vol",
    "nl": "o.a dhr mevr mr dr ir ing drs prof st nr art bijv bv d.w.z m.b.t t.o.v i.v.m z.g.a.n e.d ca",
    "de": "hr fr dr prof nr art abs bzw ca z.b u.a usw vgl st",
    "es": "sr sra srta dr dra art núm n pág ud uds av",
}
# Abbreviations that may end a sentence: joined only when the next piece starts in lower case.
JOIN_IF_LOWER = "dsb dll dst etc e.g i.e usw enz etc cs dkk a.l vs"

_ALWAYS = {lang: set(words.split()) for lang, words in ALWAYS_JOIN.items()}
_ALL_ALWAYS = set().union(*_ALWAYS.values())
_IF_LOWER = set(JOIN_IF_LOWER.split())

_LAST_TOKEN = re.compile(r"(?:^|[\s(\[\"'«“])([^\s(\[\"'«“]+)\.\s*$")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
SENTENCEX_LANGS = {"id", "en", "fr", "nl", "de", "es", "ms", "it", "pt"}

# Lines longer than this are cut into windows for sentencex, at whitespace, so that
# one pathological line (a 20 MB file without newlines) cannot blow up time or memory.
WINDOW = 100_000


def _abbreviation_before(piece: str) -> str | None:
    m = _LAST_TOKEN.search(piece)
    return m.group(1).lower() if m else None


def _joins(prev: str, nxt: str, lang: str) -> bool:
    word = _abbreviation_before(prev)
    if word is None:
        return False
    if word in _ALWAYS.get(lang, _ALL_ALWAYS) or (lang not in _ALWAYS and word in _ALL_ALWAYS):
        return True
    # single capital initials ("J. Smith", "M. Dupont") and dotted acronyms ("U.S.", "o.a.")
    if len(word) == 1 and word.isalpha() and prev.rstrip()[-2:-1].isupper():
        return True
    first = nxt.lstrip()[:1]
    if word in _IF_LOWER or "." in word:
        return bool(first) and (first.islower() or first.isdigit())
    return False


def _windows(line: str) -> Iterator[tuple[int, str]]:
    if len(line) <= WINDOW:
        yield 0, line
        return
    pos = 0
    while pos < len(line):
        cut = min(len(line), pos + WINDOW)
        if cut < len(line):
            lo = pos + WINDOW // 2
            stop = max(line.rfind(". ", lo, cut), line.rfind("! ", lo, cut), line.rfind("? ", lo, cut))
            space = stop + 1 if stop > 0 else line.rfind(" ", lo, cut)
            cut = space + 1 if space > 0 else cut
        yield pos, line[pos:cut]
        pos = cut


def _pieces(line: str, lang: str) -> Iterator[tuple[int, int]]:
    seg_lang = lang if lang in SENTENCEX_LANGS else "en"
    for base, window in _windows(line):
        pos = 0
        for seg in segment(seg_lang, window):
            at = window.find(seg, pos) if not window.startswith(seg, pos) else pos
            if at < 0:  # sentencex altered the text: fall back to the rest of the window
                yield base + pos, base + len(window)
                break
            yield base + at, base + at + len(seg)
            pos = at + len(seg)
        else:
            if pos < len(window):
                yield base + pos, base + len(window)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_line(text: str, start: int, end: int, lang: str | None) -> list[tuple[int, int]]:
    """Sentence spans of the single line ``text[start:end]``."""
    lang = lang or "en"
    line = text[start:end]
    spans: list[tuple[int, int]] = []
    for s, e in _pieces(line, lang):
        span = _trim(text, start + s, start + e)
        if span is None:
            continue
        if spans and _joins(text[spans[-1][0] : spans[-1][1]], text[span[0] : span[1]], lang):
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
    return spans


def lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines of ``text`` (whitespace trimmed)."""
    for m in _LINE.finditer(text):
        span = _trim(text, m.start(), m.end())
        if span is not None:
            yield span


def split_sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: every line split on its own; ``text[s:e]`` is the sentence."""
    spans: list[tuple[int, int]] = []
    for start, end in lines(text):
        spans.extend(split_line(text, start, end, lang))
    return spans
