"""Accuracy gate: evidence ranking on labelled cases must keep top-1 accuracy >= MIN_TOP1.

The cases (tests/evidence/cases.json) put the seed's Indonesian claims against French, Dutch and
English pages written for these tests, each with distractors: the same city on another date or
another decision, Barcelona's and Oslo's decisions, another item of the same council meeting.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimdesk.evidence import match_file

CASES = Path(__file__).resolve().parent / "evidence" / "cases.json"
MIN_TOP1 = 0.90
MIN_CASES = 15


def run_cases() -> tuple[int, list[str]]:
    data = json.loads(CASES.read_text(encoding="utf-8"))
    hits = 0
    report = []
    for case in data["cases"]:
        claim = data["claims"][case["claim"]]
        passages = match_file(claim, CASES.parent / case["page"], claim_lang=data["claim_language"], top=5)
        ok = bool(passages) and case["gold"] in passages[0].text
        hits += ok
        rank = next((i for i, p in enumerate(passages, 1) if case["gold"] in p.text), None)
        report.append(f"{'ok  ' if ok else 'MISS'} {case['page']} / {case['claim']}: gold at rank {rank}")
        if not ok:
            report.extend(f"      {p.score:.3f} {p.text[:100]}" for p in passages[:3])
    return hits, report


def test_cases_are_labelled_and_findable() -> None:
    data = json.loads(CASES.read_text(encoding="utf-8"))
    assert len(data["cases"]) >= MIN_CASES
    pages = {c["page"] for c in data["cases"]}
    assert {Path(p).suffix for p in pages} >= {".html", ".txt"}
    assert {p[:2] for p in pages} >= {"fr", "nl", "en"}
    for case in data["cases"]:
        assert case["claim"] in data["claims"]
        # the gold substring names exactly one place in its page
        raw = (CASES.parent / case["page"]).read_text(encoding="utf-8")
        assert raw.count(case["gold"]) == 1, case


def test_top1_accuracy_gate() -> None:
    hits, report = run_cases()
    n = len(report and json.loads(CASES.read_text(encoding="utf-8"))["cases"])
    accuracy = hits / n
    summary = f"top-1 accuracy {accuracy:.3f} ({hits}/{n})"
    print(summary)
    assert accuracy >= MIN_TOP1, summary + "\n" + "\n".join(report)
