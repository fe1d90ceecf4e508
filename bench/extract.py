"""Benchmark: claim extraction throughput (sentences per second, one core) on ~1 MB of text.

Baseline: dateparser's ``search_dates`` over the same sentences, which is what a date finder
built on the usual library would cost (languages given, so it skips detection). It is only a
date finder, so it is the least the full pipeline would cost if it used dateparser.
usage: python bench/extract.py [--mb 1.0] [--baseline-sentences 2000]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from claimdesk.dates import find_dates
from claimdesk.entities import gazetteer
from claimdesk.extract import extract
from claimdesk.language import detect_language

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_b02b4225fd3b4194.txt"


def corpus(megabytes: float) -> str:
    seed = SEED.read_text(encoding="utf-8")
    return (seed + "\n\n") * max(1, int(megabytes * 1_000_000 / len(seed.encode("utf-8"))))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--baseline-sentences", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    text = corpus(args.mb)
    gazetteer()  # loaded once per process; not part of the per-sentence cost
    detect_language(text)
    # best of --repeat runs (as timeit does): what one core can do, not what a noisy neighbour leaves over
    elapsed = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        sentences = extract(text, "id")
        elapsed = min(elapsed, time.perf_counter() - t0)
    rate = len(sentences) / elapsed
    print(
        f"claimdesk extract: {len(text) / 1e6:.2f} MB, {len(sentences)} sentences in {elapsed:.2f} s "
        f"= {rate:,.0f} sentences/s (target >= 5,000)"
    )
    t0 = time.perf_counter()
    n = 0
    for s in sentences[: args.baseline_sentences]:
        find_dates(s.text, "id")
        n += 1
    own = n / (time.perf_counter() - t0)
    print(f"claimdesk.dates.find_dates alone: {own:,.0f} sentences/s")
    try:
        from dateparser.search import search_dates
    except ImportError:
        print("baseline skipped: dateparser is not installed (pip install dateparser)")
        return
    sample = [s.text for s in sentences[: args.baseline_sentences]]
    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    search_dates("Pada April 2023", languages=["id"], settings=settings)  # warm up its caches
    t0 = time.perf_counter()
    for s in sample:
        search_dates(s, languages=["id"], settings=settings)
    base = len(sample) / (time.perf_counter() - t0)
    print(
        f"baseline dateparser.search_dates (languages=['id']): {base:,.0f} sentences/s "
        f"on {len(sample)} sentences; claimdesk extract is {rate / base:,.1f}x faster end to end"
    )


if __name__ == "__main__":
    main()
