"""Claim extraction: every sentence of an article, with its section, features and score.

``extract(text, lang)`` is the whole pipeline: lines -> sections -> sentences -> dates, numbers,
entities, cited URLs -> a check-worthiness judgement. Comments, bylines and trailers are kept
(searchable, with their spans) but are never check-worthy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from claimdesk.checkworthy import judge
from claimdesk.dates import find_dates
from claimdesk.entities import find_entities
from claimdesk.language import check_language, detect_language
from claimdesk.numbers import find_numbers, is_ordinal
from claimdesk.reader import Article
from claimdesk.sections import classify_lines
from claimdesk.sentences import lines, split_line

CLAIM_SECTIONS = {"body", "title"}
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»“”]+", re.IGNORECASE)


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    section: str
    checkworthy: bool
    score: float
    kind: str
    dates: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    numbers: list[int | float] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def find_urls(text: str) -> list[str]:
    """URLs written in ``text``, without the punctuation that ends the sentence around them."""
    return [m.group().rstrip(".,;:!?)]}'") for m in _URL.finditer(text)]


def analyse(text: str, section: str, lang: str | None, start: int = 0) -> Sentence:
    """One sentence's features and judgement; ``start`` is its offset in the article."""
    urls = find_urls(text)
    url_spans = [m.span() for m in _URL.finditer(text)]
    date_mentions = [m for m in find_dates(text, lang) if not _inside(m.start, m.end, url_spans)]
    dates = list(dict.fromkeys(str(m.value) for m in date_mentions))
    skip = [(m.start, m.end) for m in date_mentions] + url_spans
    number_mentions = find_numbers(text, lang, skip)
    numbers = [m.value for m in number_mentions]
    ordinals = [m.value for m in number_mentions if is_ordinal(m)]
    entities = list(
        dict.fromkeys(str(m.value) for m in find_entities(text, lang) if not _inside(m.start, m.end, url_spans))
    )
    judgement = judge(text, lang, dates, numbers, ordinals, entities, urls)
    checkworthy = judgement.checkworthy and section in CLAIM_SECTIONS
    reasons = judgement.reasons
    if judgement.checkworthy and not checkworthy:
        reasons = [*reasons, f"section: {section} (never a claim)"]
    return Sentence(
        text=text,
        start=start,
        end=start + len(text),
        section=section,
        checkworthy=checkworthy,
        score=judgement.score,
        kind=judgement.kind,
        dates=dates,
        entities=entities,
        numbers=numbers,
        reasons=reasons,
        urls=urls,
    )


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def iter_extract(text: str, lang: str | None = None, title: str | None = None) -> Iterator[Sentence]:
    """Every sentence of ``text`` in order, each with its section, features and score, one at a
    time: a caller that writes them out as they come holds one sentence, not the whole list.
    The language is checked (or detected) here, before the first sentence is asked for."""
    lang = check_language(lang) or detect_language(text)
    return _sentences(text, lang, title)


def _sentences(text: str, lang: str | None, title: str | None) -> Iterator[Sentence]:
    line_spans = list(lines(text))
    sections = classify_lines(text, line_spans, title)
    for (line_start, line_end), section in zip(line_spans, sections, strict=True):
        for s, e in split_line(text, line_start, line_end, lang):
            yield analyse(text[s:e], section, lang, s)


def extract(text: str, lang: str | None = None, title: str | None = None) -> list[Sentence]:
    """Every sentence of ``text`` in order, each with its section, features and score."""
    return list(iter_extract(text, lang, title))


def extract_article(article: Article, lang: str | None = None) -> list[Sentence]:
    """``extract`` on an article read by ``read_article``, using its language and title."""
    return extract(article.text, lang or article.language, article.title)


def iter_extract_article(article: Article, lang: str | None = None) -> Iterator[Sentence]:
    return iter_extract(article.text, lang or article.language, article.title)
