"""Accuracy gate: extraction on labelled articles must keep its scores (see tests/score_extract.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from claimdesk.extract import extract_article
from claimdesk.reader import read_article

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("*.json"))
sys.path.insert(0, str(ROOT / "tests"))
from score_extract import score  # noqa: E402

MIN_PRECISION = 0.85


def run_gold(gold_path: Path) -> tuple[dict, list[dict], list[str], str, bool]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    article = read_article(ROOT / gold["article"])
    records = [s.to_dict() for s in extract_article(article, gold.get("language"))]
    problems, summary, hard_fail = score(gold, records)
    return gold, records, problems, summary, hard_fail


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_gold_scores(gold_path: Path) -> None:
    gold, records, problems, summary, hard_fail = run_gold(gold_path)
    print(f"{gold_path.name}: {summary}")
    assert not hard_fail, "\n".join(problems)
    precision = float(summary.rsplit("precision ", 1)[1])
    assert precision >= MIN_PRECISION, summary
    assert not [p for p in problems if p.startswith("byline")], problems
    for url in gold.get("citations", []):
        assert any(url in r["urls"] for r in records), url


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_spans_are_exact_and_ordered(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    article = read_article(ROOT / gold["article"])
    sentences = extract_article(article, gold.get("language"))
    last = 0
    for s in sentences:
        assert article.text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last
        last = s.end
        assert 0.0 <= s.score <= 1.0
        assert s.section in {"title", "body", "byline", "footer", "comment"}
        assert not (s.section == "comment" and s.checkworthy)


def test_seed_gold_is_the_shared_one() -> None:
    assert (ROOT / "tests" / "gold" / "seed-gold.json").exists()
