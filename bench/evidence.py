"""Evidence ranking on the labelled cases in tests/evidence/: top-1 accuracy and time per case.

Usage: python bench/evidence.py [--verbose]
Compares against the gate pinned in tests/test_evidence_gold.py (top-1 >= 0.90).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from claimdesk.evidence import match_file

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "evidence" / "cases.json"
GATE = 0.90


def evaluate(verbose: bool = False) -> tuple[float, int, list[str]]:
    data = json.loads(CASES.read_text(encoding="utf-8"))
    hits, lines = 0, []
    for case in data["cases"]:
        claim = data["claims"][case["claim"]]
        passages = match_file(claim, CASES.parent / case["page"], claim_lang=data["claim_language"], top=5)
        ok = bool(passages) and case["gold"] in passages[0].text
        hits += ok
        rank = next((i for i, p in enumerate(passages, 1) if case["gold"] in p.text), None)
        lines.append(f"{'ok  ' if ok else 'MISS'} {case['page']:26} {case['claim']:24} gold rank {rank}")
        if verbose and not ok:
            for p in passages[:3]:
                lines.append(f"       {p.score:.3f} {p.text[:90]}")
                lines.append(f"             {json.dumps(p.matched, ensure_ascii=False)[:300]}")
    n = len(data["cases"])
    return hits / n, n, lines


def main() -> None:
    verbose = "--verbose" in sys.argv
    t0 = time.perf_counter()
    accuracy, n, lines = evaluate(verbose)
    elapsed = time.perf_counter() - t0
    print("\n".join(lines))
    print(f"top-1 accuracy {accuracy:.3f} on {n} cases (gate {GATE:.2f}); {1000 * elapsed / n:.0f} ms per case")


if __name__ == "__main__":
    main()
