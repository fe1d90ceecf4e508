"""The fact-check report: one self-contained HTML page a reader can open, print or share.

``render_report(db, slug=None)`` returns the page as a string (the Datasette plugin serves it as
is); ``export_report(db, out_path, article=None)`` writes it to a file.

The page shows each article's text with every check-worthy claim marked
(``<mark id="claim-<id>" data-status="...">``, the same anchor the ClaimReview ``url`` uses),
a status badge with an icon and a word after each claim linking to its footnote, and per claim
a footnote with the reviewer's note, the sources (relation, note) and when each was archived or
failed to fetch. A legend and a table of counts by status come first.

Self-contained: the CSS is inline, fonts are the reader's own, there are no images or scripts and
the favicon is a ``data:`` URL, so opening the file makes no network request. Links to sources
are plain links. The article text carries the article's ``lang``; the page around it is English.
Colours meet WCAG AA (4.5:1) and never carry the status alone: every mark has its badge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import sqlite_utils

from claimdesk import __version__
from claimdesk.claimreview import newest_reviews, write_export
from claimdesk.db import STATUSES
from claimdesk.errors import NotFound
from claimdesk.sources import web_url

__all__ = ["STATUS_DISPLAY", "StatusDisplay", "export_report", "render_report", "report_context"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class StatusDisplay:
    label: str
    icon: str
    meaning: str
    background: str  # of the marked sentence; its text is #1a1a1a
    ink: str  # the badge's background; its text is white
    line: str  # the underline, for print in black and white the style differs too
    line_style: str = "solid"


STATUS_DISPLAY: dict[str, StatusDisplay] = {
    "verified": StatusDisplay("Verified", "✓", "The sources confirm the claim.", "#d7f0dc", "#17602a", "#2e7d32"),
    "partly_verified": StatusDisplay(
        "Partly verified",
        "◐",
        "Part of it is confirmed; the rest is not, or is overstated.",
        "#e3ecfa",
        "#1d4f91",
        "#3b6fb6",
        "double",
    ),
    "disputed": StatusDisplay(
        "Disputed", "!", "Credible sources disagree about it.", "#fdebd0", "#8a4b00", "#c77700", "dotted"
    ),
    "false": StatusDisplay("False", "✗", "The sources contradict the claim.", "#f9d9d9", "#9b1c1c", "#c62828", "wavy"),
    "unverifiable": StatusDisplay(
        "Unverifiable", "?", "No source could confirm or refute it.", "#ece3f5", "#5b2d86", "#7e57c2", "dashed"
    ),
    "pending": StatusDisplay("Pending review", "…", "Not reviewed yet.", "#eeeeee", "#4a4a4a", "#8a8a8a", "dashed"),
}
# Legend and summary order: verdicts from best to worst, then the undecided.
STATUS_ORDER = ("verified", "partly_verified", "disputed", "false", "unverifiable", "pending")
assert set(STATUS_ORDER) == set(STATUSES) == set(STATUS_DISPLAY)


@dataclass
class Piece:
    text: str
    claim: dict | None = None
    first: bool = False  # the piece that carries the claim's id (a claim may span paragraphs)
    last: bool = False  # the piece that carries the claim's badge


@dataclass
class Block:
    section: str
    paragraphs: list[list[Piece]] = field(default_factory=list)

    @property
    def has_claims(self) -> bool:
        return any(piece.claim for paragraph in self.paragraphs for piece in paragraph)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the non-blank lines of ``text``."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def _section_at(sentences: list[dict], start: int, end: int) -> str:
    for s in sentences:
        if s["span_end"] > start and s["span_start"] < end:
            return s["section"]
    return "body"


def _blocks(text: str, sentences: list[dict], claims: list[dict]) -> list[Block]:
    """The article as blocks of consecutive paragraphs of one section, claims cut into pieces."""
    blocks: list[Block] = []
    for start, end in _paragraphs(text):
        pieces: list[Piece] = []
        at = start
        for claim in claims:
            a, b = max(claim["span_start"], start), min(claim["span_end"], end)
            if a >= b:
                continue
            if a > at:
                pieces.append(Piece(text[at:a]))
            pieces.append(Piece(text[a:b], claim, first=a == claim["span_start"], last=b == claim["span_end"]))
            at = b
        if at < end:
            pieces.append(Piece(text[at:end]))
        section = _section_at(sentences, start, end)
        if not blocks or blocks[-1].section != section:
            blocks.append(Block(section))
        blocks[-1].paragraphs.append(pieces)
    return blocks


def _date(value: str | None) -> str:
    return (value or "")[:10]


def _sources(db: sqlite_utils.Database, claim_id: int) -> list[dict]:
    sources = list(
        db.query(
            """SELECT s.id, s.url, s.domain, s.health, cs.relation, cs.note
               FROM claim_sources cs JOIN sources s ON s.id = cs.source_id
               WHERE cs.claim_id = ?
               ORDER BY CASE cs.relation WHEN 'supports' THEN 0 WHEN 'refutes' THEN 1
                        WHEN 'context' THEN 2 ELSE 3 END, s.url""",
            [claim_id],
        )
    )
    for source in sources:
        source["snapshots"] = [
            {**snap, "date": _date(snap["fetched_at"])}
            for snap in db.query(
                """SELECT id, fetched_at, status_code, error, final_url FROM snapshots
                   WHERE source_id = ? ORDER BY fetched_at, id""",
                [source["id"]],
            )
        ]
    return sources


def _article_context(db: sqlite_utils.Database, article: dict) -> dict:
    sentences = list(
        db.query(
            "SELECT * FROM claims WHERE article_id = ? ORDER BY span_start, id",
            [article["id"]],
        )
    )
    claims = [s for s in sentences if s["checkworthy"]]
    newest = newest_reviews(db, article["slug"])
    for number, claim in enumerate(claims, 1):
        claim["number"] = number
        claim["review"] = newest.get(claim["id"])
        if claim["review"] is not None:
            claim["review"] = {**claim["review"], "date": _date(claim["review"]["at"])}
        claim["sources"] = _sources(db, claim["id"])
        claim["evidence"] = next(db.query("SELECT count(*) AS n FROM evidence WHERE claim_id = ?", [claim["id"]]))["n"]
    counts = {status: sum(1 for c in claims if c["status"] == status) for status in STATUS_ORDER}
    return {
        "article": article,
        "blocks": _blocks(article["text"], sentences, claims),
        "claims": claims,
        "counts": counts,
        "reviewed": sum(n for status, n in counts.items() if status != "pending"),
        "last_review": max((c["review"]["date"] for c in claims if c["review"]), default=None),
    }


# The report is our own escaped HTML with inline CSS and no script; the policy says so to the
# browser as well (in a <meta> of the file, and as a header where Datasette serves it), so that
# nothing in it could load or run anything even if escaping failed somewhere.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def report_context(db: sqlite_utils.Database, slug: str | None = None) -> dict[str, Any]:
    """Everything the report template shows, for one article (``slug``) or all of them."""
    if slug is not None:
        articles = list(db.query("SELECT * FROM articles WHERE slug = ?", [slug]))
        if not articles:
            raise NotFound(f"no article with slug {slug!r}")
    else:
        articles = list(db.query("SELECT * FROM articles ORDER BY slug"))
    sections = [_article_context(db, article) for article in articles]
    counts = {status: sum(s["counts"][status] for s in sections) for status in STATUS_ORDER}
    title = "Fact-check report"
    if len(sections) == 1:
        title = f"Fact-check: {sections[0]['article']['title'] or sections[0]['article']['slug']}"
    return {
        "title": title,
        "single": len(sections) == 1,
        "sections": sections,
        "counts": counts,
        "total": sum(counts.values()),
        "reviewed": sum(s["reviewed"] for s in sections),
        "last_review": max((s["last_review"] for s in sections if s["last_review"]), default=None),
        "statuses": STATUS_ORDER,
        "display": STATUS_DISPLAY,
        "version": __version__,
        "csp": REPORT_CSP,
    }


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["domain"] = lambda url: (url or "").split("//", 1)[-1].split("/", 1)[0]
    env.filters["web_url"] = web_url  # only http(s) URLs become links
    return env


def render_report(db: sqlite_utils.Database, slug: str | None = None) -> str:
    """The report as one HTML page: all articles, or the one whose slug is ``slug`` (NotFound if none)."""
    return _environment().get_template("claimdesk_report.html").render(**report_context(db, slug))


def export_report(db: sqlite_utils.Database, out_path: str | Path, *, article: str | None = None) -> str:
    """Write the HTML report to ``out_path``; return a one-line summary."""
    context = report_context(db, article)
    html = _environment().get_template("claimdesk_report.html").render(**context)
    write_export(out_path, html)
    n_articles = len(context["sections"])
    if not n_articles:
        return f"report: no articles, no claims reviewed yet; wrote {out_path}"
    if not context["reviewed"]:
        return (
            f"report: {n_articles} article(s), {context['total']} check-worthy claims, no claims reviewed yet; "
            f"wrote {out_path}"
        )
    return (
        f"report: {n_articles} article(s), {context['reviewed']} of {context['total']} check-worthy claims reviewed; "
        f"wrote {out_path}"
    )
