"""Evidence: the passages of an archived source that bear on a claim, ranked and explained.

A claim and a source rarely share a language (the seed is Indonesian, its sources French, Dutch
and English), so passages are ranked by what survives translation:

- **dates**, normalised to ISO prefixes by ``claimdesk.dates``: a passage whose date agrees with
  the claim's ranks up; one that gives another date for the event ("2021" against "April 2023")
  ranks down, and the conflict is reported;
- **entities**, canonical names from the alias table ("Luik", "Liège", "Dewan Kota Liège");
- **numbers and ordinals** ("ketiga" = "troisième" = "3e" = 3);
- **terms** from the cross-lingual lexicon in ``claimdesk.terms`` (mosi/motion/motie ...).

A passage is one sentence. Its own features count in full; those of the rest of its paragraph
count for ``CONTEXT`` of that (news text often puts the date in one sentence and the decision in
the next), and those of the page's heading for ``PAGE`` (the heading names the topic that the
sentences below leave implicit). Features that every sentence shares count less (an inverse document frequency within
the page), so "Israel" on a page about Israel decides nothing. ``matched`` on every passage says
what agreed, what conflicted and what came from the context: nothing is ranked without a reason.

``compute_evidence(db)`` stores the best passages of every archived snapshot for every
check-worthy claim linked to its source; re-running it leaves unchanged pairs untouched.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils

from claimdesk.dates import find_dates
from claimdesk.entities import alias_table, find_entities
from claimdesk.errors import InputError
from claimdesk.language import detect_language, normalise_language
from claimdesk.numbers import find_numbers, is_ordinal
from claimdesk.sentences import lines, split_line
from claimdesk.terms import find_terms, terms_in

# Weights of one agreeing feature of each kind (before the page's inverse document frequency).
W_DATE = 2.0
W_ENTITY = 1.0
W_NUMBER = 1.0
W_ORDINAL = 1.2
W_TERM = 0.6
# A feature found only elsewhere in the passage's paragraph counts this much of its weight.
CONTEXT = 0.35
# A feature found only in the page's heading (its topic) counts this much.
PAGE = 0.25
HEADING_WORDS = 20
# A date that disagrees with every claim date for the event costs this much (times the date weight).
CONFLICT = 1.0
# A date coarser than the claim's ("2023" for "April 2023") agrees only this much.
COARSER = 0.5

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass
class Features:
    """What a text says that can be compared across languages."""

    dates: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    numbers: list[int | float] = field(default_factory=list)
    ordinals: list[int | float] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    def keys(self) -> set[tuple[str, object]]:
        """Every feature but dates, as (kind, value): the units the page's frequencies count."""
        return (
            {("entity", e) for e in self.entities}
            | {("number", n) for n in self.numbers}
            | {("ordinal", n) for n in self.ordinals}
            | {("term", t) for t in self.terms}
        )


@dataclass
class Passage:
    """A ranked passage: ``doc_text[start:end] == text``; ``matched`` explains ``score``."""

    text: str
    start: int
    end: int
    score: float
    matched: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def _place_organisations() -> dict[str, tuple[str, frozenset[str]]]:
    """Organisation named after a place -> (the place, the terms of the rest of its name).

    "Liège City Council" -> ("Liège", {"city", "council"}): a claim naming the council also names
    the city, and a sentence naming the city and a city council ("In Verviers stemde de
    gemeenteraad ...") names that council.
    """
    entities = alias_table()["entities"]
    places = [e["name"] for e in entities if e.get("type") == "place"]
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for e in entities:
        if e.get("type") == "place":
            continue
        for place in places:
            if e["name"].startswith(place + " "):
                rest = frozenset(terms_in(e["name"][len(place) :]))
                if rest:
                    out[e["name"]] = (place, rest)
    return out


# French and Dutch elision ("l'État d'Israël", "qu'Ecolo", "'s-Hertogenbosch" aside): the apostrophe
# becomes a space so the name after it is a word of its own; one character for one keeps offsets.
_ELISION = re.compile(r"(?<![\w'’])((?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|presqu)['’])(?=\w)", re.IGNORECASE)


def _unelide(text: str) -> str:
    return _ELISION.sub(lambda m: m.group(1)[:-1] + " ", text)


def features(text: str, lang: str | None = None) -> Features:
    """The dates, canonical entities, numbers, ordinals and lexicon terms of ``text``."""
    text = _unelide(text)
    date_mentions = find_dates(text, lang)
    dates = list(dict.fromkeys(str(m.value) for m in date_mentions))
    terms = list(dict.fromkeys(str(m.value) for m in find_terms(text)))
    entities: list[str] = []
    organisations = _place_organisations()
    for m in find_entities(text, lang):
        name = str(m.value)
        implied = organisations.get(name)
        for value in (name, implied[0]) if implied else (name,):
            if value not in entities:
                entities.append(value)
    for name, (place, rest) in organisations.items():
        if name not in entities and place in entities and rest <= set(terms):
            entities.append(name)
    skip = [(m.start, m.end) for m in date_mentions]
    numbers: list[int | float] = []
    ordinals: list[int | float] = []
    for m in find_numbers(text, lang, skip):
        target = ordinals if is_ordinal(m) else numbers
        if m.value not in target:
            target.append(m.value)  # type: ignore[arg-type]
    return Features(dates, entities, numbers, ordinals, terms)


def _date_relation(claim_date: str, date: str) -> float | None:
    """How well ``date`` agrees with ``claim_date``: 1, COARSER, or None for a conflict."""
    if date.startswith(claim_date):
        return 1.0
    if claim_date.startswith(date):
        return COARSER
    return None


def _compare_dates(claim_dates: list[str], dates: list[str]) -> tuple[float, list[str], list[str]]:
    """(agreement in [0, len(claim_dates)] minus conflicts, agreed dates, conflicting dates)."""
    agreed: list[str] = []
    conflicting: list[str] = []
    total = 0.0
    for cd in claim_dates:
        best = 0.0
        for d in dates:
            rel = _date_relation(cd, d)
            if rel is not None and rel > best:
                best = rel
        total += best
    for d in dates:
        if any(_date_relation(cd, d) is not None for cd in claim_dates):
            agreed.append(d)
        else:
            conflicting.append(d)
    if claim_dates and conflicting and not agreed:
        total -= CONFLICT * len(claim_dates)
    elif claim_dates and conflicting:
        # another date beside an agreeing one: the passage may compare two events; a small doubt
        total -= CONFLICT * 0.25 * len(claim_dates)
    return total, agreed, conflicting


@dataclass
class _Sentence:
    start: int
    end: int
    own: Features
    context: Features  # the rest of the paragraph
    page: Features  # the page's heading, when it has one


def _merge(into: Features, other: Features, exclude: Features | None = None) -> None:
    for name in ("dates", "entities", "numbers", "ordinals", "terms"):
        bucket = getattr(into, name)
        skip = getattr(exclude, name) if exclude is not None else ()
        bucket.extend(v for v in getattr(other, name) if v not in bucket and v not in skip)


def _is_heading(text: str) -> bool:
    """A first line that reads as a title: short, and not ended like a sentence."""
    return len(text.split()) <= HEADING_WORDS and not text.rstrip().endswith((".", "!", "?"))


def _segment(doc_text: str, lang: str | None) -> list[_Sentence]:
    out: list[_Sentence] = []
    heading: Features | None = None
    for line_no, (line_start, line_end) in enumerate(lines(doc_text)):
        spans = split_line(doc_text, line_start, line_end, lang)
        feats = [features(doc_text[s:e], lang) for s, e in spans]
        if line_no == 0 and len(spans) == 1 and _is_heading(doc_text[line_start:line_end]):
            heading = feats[0]
            out.append(_Sentence(spans[0][0], spans[0][1], feats[0], Features(), Features()))
            continue
        for i, (s, e) in enumerate(spans):
            rest = Features()
            for j, other in enumerate(feats):
                if j != i:
                    _merge(rest, other)
            page = Features()
            if heading is not None:
                _merge(page, heading, exclude=rest)
            out.append(_Sentence(s, e, feats[i], rest, page))
    return out


def _idf(df: int, n: int) -> float:
    return math.log(1.0 + n / max(df, 1))


def _weight(kind: str) -> float:
    return {"entity": W_ENTITY, "number": W_NUMBER, "ordinal": W_ORDINAL, "term": W_TERM}[kind]


def _score(claim: Features, sent: _Sentence, df: Counter, n: int) -> tuple[float, dict[str, Any]]:
    own_keys = sent.own.keys()
    ctx_keys = sent.context.keys() - own_keys
    page_keys = sent.page.keys() - own_keys - ctx_keys
    raw = 0.0
    best = 0.0
    hits: dict[str, list] = {"entities": [], "numbers": [], "ordinals": [], "terms": []}
    ctx_hits: dict[str, list] = {"entities": [], "numbers": [], "ordinals": [], "terms": []}
    page_hits: dict[str, list] = {"entities": [], "numbers": [], "ordinals": [], "terms": []}
    missing: list[str] = []
    for kind, value in sorted(claim.keys(), key=lambda kv: (kv[0], str(kv[1]))):
        w = _weight(kind) * _idf(df[(kind, value)], n)
        best += w
        bucket = "entities" if kind == "entity" else kind + "s"
        if (kind, value) in own_keys:
            raw += w
            hits[bucket].append(value)
        elif (kind, value) in ctx_keys:
            raw += CONTEXT * w
            ctx_hits[bucket].append(value)
        elif (kind, value) in page_keys:
            raw += PAGE * w
            page_hits[bucket].append(value)
        elif kind == "entity":
            missing.append(str(value))
    date_info: dict[str, Any] = {"claim": claim.dates, "agreed": [], "conflicting": [], "from": None}
    if claim.dates:
        best += W_DATE * len(claim.dates)
        dates, factor, origin = sent.own.dates, 1.0, "passage"
        if not dates and sent.context.dates:
            dates, factor, origin = sent.context.dates, CONTEXT, "paragraph"
        elif not dates and sent.page.dates:
            dates, factor, origin = sent.page.dates, PAGE, "heading"
        date_info["from"] = origin if dates else None
        agreement, agreed, conflicting = _compare_dates(claim.dates, dates)
        raw += W_DATE * factor * agreement
        date_info["agreed"], date_info["conflicting"] = agreed, conflicting
    matched: dict[str, Any] = {
        "dates": date_info,
        "entities": hits["entities"],
        "numbers": hits["numbers"],
        "ordinals": hits["ordinals"],
        "terms": hits["terms"],
        "context": {k: v for k, v in ctx_hits.items() if v},
        "heading": {k: v for k, v in page_hits.items() if v},
        "missing_entities": missing,
    }
    score = max(0.0, raw) / best if best else 0.0
    return round(score, 4), matched


@dataclass
class Document:
    """A page cut into sentences with their features, ready to be ranked for any number of claims."""

    text: str
    sentences: list[_Sentence]
    df: Counter

    @classmethod
    def read(cls, text: str, lang: str | None = None) -> Document:
        lang = normalise_language(lang) or detect_language(text)
        sentences = _segment(text, lang)
        df: Counter = Counter()
        for sent in sentences:
            df.update(sent.own.keys())
        return cls(text, sentences, df)

    def rank(self, claim_text: str, claim_lang: str | None, *, top: int = 5) -> list[Passage]:
        """The ``top`` sentences that best agree with the claim, best first (score above zero only)."""
        claim_lang = normalise_language(claim_lang) or detect_language(claim_text)
        claim = features(claim_text, claim_lang)
        n = len(self.sentences)
        ranked = []
        for sent in self.sentences:
            score, matched = _score(claim, sent, self.df, n)
            if score > 0:
                ranked.append(Passage(self.text[sent.start : sent.end], sent.start, sent.end, score, matched))
        ranked.sort(key=lambda p: (-p.score, p.start))
        return ranked[:top]


def rank_passages(
    claim_text: str,
    claim_lang: str | None,
    doc_text: str,
    doc_lang: str | None = None,
    *,
    top: int = 5,
) -> list[Passage]:
    """The ``top`` sentences of ``doc_text`` that best agree with the claim, best first.

    Only passages with some agreement (a score above zero) are returned, so an unrelated page
    gives an empty list rather than noise. Languages are detected when not given.
    """
    return Document.read(doc_text, doc_lang).rank(claim_text, claim_lang, top=top)


def read_document(path: str | Path) -> tuple[str, str | None]:
    """The text of an HTML or text file as claimdesk archives it, and its declared language.

    HTML goes through the archive's extraction (``claimdesk.archive.extract``), so offsets index
    the same text a snapshot of that page would store.
    """
    from claimdesk.archive import extract
    from claimdesk.reader import read_file_bytes

    p = Path(path)
    body = read_file_bytes(p)
    if b"\x00" in body[:8192] and not body.startswith(b"%PDF"):
        raise InputError(f"{p}: looks binary (NUL bytes), not a page or a text")
    declared = "text/html" if p.suffix.lower() in HTML_SUFFIXES else None
    out = extract(body, declared)
    if out.text is None and out.content_type is None:  # nothing sniffed: read it as plain text
        out = extract(body, "text/plain")
    if not out.text or not any(ch.isalpha() for ch in out.text):
        raise InputError(f"{p}: no text to match against")
    return out.text, out.language


def match_file(
    claim_text: str,
    path: str | Path,
    lang: str | None = None,
    *,
    claim_lang: str | None = None,
    top: int = 5,
) -> list[Passage]:
    """``rank_passages`` over an HTML or text file; ``lang`` is the file's language (else detected).
    InputError for an empty claim, an unknown language code or a file with no text."""
    from claimdesk.language import check_language

    if not claim_text or not any(ch.isalpha() for ch in claim_text):
        raise InputError("the claim to match has no words")
    lang, claim_lang = check_language(lang), check_language(claim_lang)
    text, declared = read_document(path)
    return rank_passages(claim_text, claim_lang, text, lang or declared, top=top)


# --- the evidence table -------------------------------------------------------------------------


@dataclass
class EvidenceSummary:
    pairs: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rows: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    def line(self) -> str:
        return (
            f"{self.pairs} claim/snapshot pairs: {self.written} rewritten, {self.unchanged} unchanged, "
            f"{self.removed} stale removed; {self.rows} evidence rows"
        )


PAIRS_SQL = """
SELECT c.id AS claim_id, c.text AS claim_text, a.language AS claim_lang,
       s.id AS snapshot_id, s.text AS snapshot_text, s.language AS snapshot_lang
FROM claims c
JOIN articles a ON a.id = c.article_id
JOIN claim_sources cs ON cs.claim_id = c.id
JOIN snapshots s ON s.source_id = cs.source_id
WHERE c.checkworthy = 1 AND s.text IS NOT NULL AND trim(s.text) != ''
ORDER BY s.id, c.id
"""

_COLUMNS = ("quote", "span_start", "span_end", "score", "rank", "matched")


def _rows_for(claim_id: int, snapshot_id: int, passages: list[Passage]) -> list[dict[str, Any]]:
    return [
        {
            "claim_id": claim_id,
            "snapshot_id": snapshot_id,
            "quote": p.text,
            "span_start": p.start,
            "span_end": p.end,
            "score": p.score,
            "rank": rank,
            "matched": json.dumps(p.matched, ensure_ascii=False, sort_keys=True),
        }
        for rank, p in enumerate(passages, 1)
    ]


def compute_evidence(db: sqlite_utils.Database, *, top: int = 3) -> EvidenceSummary:
    """Fill ``evidence`` for every check-worthy claim and every snapshot with text of its sources.

    Each pair is compared with what is stored and rewritten (delete then insert, in one
    transaction) only when it differs, so a re-run writes nothing and keeps the same row ids.
    Evidence of pairs that no longer qualify (unlinked source, claim no longer check-worthy) is
    removed: the table is derived data.
    """
    summary = EvidenceSummary()
    pairs = list(db.query(PAIRS_SQL))
    summary.pairs = len(pairs)
    wanted = {(p["claim_id"], p["snapshot_id"]) for p in pairs}
    with db.atomic():
        for stale in list(db.query("SELECT DISTINCT claim_id, snapshot_id FROM evidence")):
            key = (stale["claim_id"], stale["snapshot_id"])
            if key not in wanted:
                cur = db.execute("DELETE FROM evidence WHERE claim_id = ? AND snapshot_id = ?", key)
                summary.removed += cur.rowcount
    doc_id, doc = None, None  # pairs come by snapshot: each is cut into sentences once, for all its claims
    for pair in pairs:
        key = (pair["claim_id"], pair["snapshot_id"])
        if doc is None or doc_id != pair["snapshot_id"]:
            doc_id, doc = pair["snapshot_id"], Document.read(pair["snapshot_text"], pair["snapshot_lang"])
        passages = doc.rank(pair["claim_text"], pair["claim_lang"], top=top)
        rows = _rows_for(*key, passages)
        stored = list(
            db.query(
                f"SELECT claim_id, snapshot_id, {', '.join(_COLUMNS)} FROM evidence "
                "WHERE claim_id = ? AND snapshot_id = ? ORDER BY rank, span_start",
                key,
            )
        )
        if stored == rows:
            summary.unchanged += 1
            continue
        with db.atomic():
            db.execute("DELETE FROM evidence WHERE claim_id = ? AND snapshot_id = ?", key)
            if rows:
                db["evidence"].insert_all(rows)
        summary.written += 1
    summary.rows = db.execute("SELECT count(*) FROM evidence").fetchone()[0]
    return summary
