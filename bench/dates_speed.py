"""Throughput of Arabic time-expression extraction on ANT news text.

Reads the first N articles of ../shared/data/ant (the ANT corpus, Apache-2.0), splits
them into sentences, and times :func:`marsad.temporal.find_time_expressions` on each
sentence with the article's publication date, on one core.

Run: ``python bench/dates_speed.py [--articles 3000] [--repeat 1]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

from marsad.temporal import find_time_expressions

ANT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"
# A simple splitter keeps the bench about the tagger, not about sentence segmentation.
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")


def load(limit: int) -> list[tuple[str, str]]:
    """(sentence, published) pairs from the first ``limit`` ANT articles."""
    pairs: list[tuple[str, str]] = []
    with gzip.open(ANT, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= limit:
                break
            row = json.loads(line)
            published = (row.get("iso_time") or "")[:10]
            for sentence in _SENTENCE_END.split(row.get("text") or ""):
                if sentence.strip():
                    pairs.append((sentence, published))
    return pairs


def load_articles(limit: int) -> list[tuple[str, str]]:
    """(text, published) of the first ``limit`` ANT articles."""
    rows: list[tuple[str, str]] = []
    with gzip.open(ANT, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= limit:
                break
            row = json.loads(line)
            rows.append((row.get("text") or "", (row.get("iso_time") or "")[:10]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    if not ANT.exists():
        print(f"ANT corpus not found at {ANT}")
        return 1
    pairs = load(args.articles)
    chars = sum(len(s) for s, _ in pairs)
    find_time_expressions("الثلاثاء 18 فبراير", "2025-02-20")  # warm caches/imports
    kinds: Counter[str] = Counter()
    found = 0
    best = cpu_best = float("inf")
    for _ in range(args.repeat):
        kinds.clear()
        found = 0
        t0, c0 = time.perf_counter(), time.process_time()
        for sentence, published in pairs:
            for e in find_time_expressions(sentence, published):
                found += 1
                kinds[e.kind] += 1
        best = min(best, time.perf_counter() - t0)
        cpu_best = min(cpu_best, time.process_time() - c0)
    print(f"articles: {args.articles}  sentences: {len(pairs):,}  characters: {chars:,}")
    print(f"wall: {best:.2f} s  ->  {len(pairs) / best:,.0f} sentences/s, {chars / best / 1e6:.2f} M chars/s")
    print(
        f"cpu:  {cpu_best:.2f} s  ->  {len(pairs) / cpu_best:,.0f} sentences/s (one core; wall includes other load)"
    )
    print(f"expressions: {found:,}  by kind: {dict(kinds.most_common())}")
    # The pipeline calls it once per article: the same text, whole.
    articles = load_articles(args.articles)
    c0 = time.process_time()
    whole = sum(len(find_time_expressions(text, published)) for text, published in articles)
    elapsed = time.process_time() - c0
    print(
        f"whole articles: {len(articles):,} in {elapsed:.2f} s cpu -> {len(articles) / elapsed:,.0f} articles/s, "
        f"{len(pairs) / elapsed:,.0f} sentences/s equivalent ({whole:,} expressions)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
