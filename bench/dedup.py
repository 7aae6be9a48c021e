"""Dedup over the whole ANT corpus: time, memory, groups found, and a sample to read.

Usage:  python bench/dedup.py [--sample 40] [--seed 7]

Fingerprints every article's text (normalised words, MinHash over word 3-grams), runs
the online DuplicateFinder in publication order, and prints: seconds, peak RSS, exact and
near duplicate groups found, whether every text the corpus repeats verbatim was folded,
and --sample near-duplicate pairs (not exact copies) side by side for a person to judge.
Reads ../shared/data/ant/ant_v2.1_multisource.jsonl.gz.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import time
from collections import defaultdict
from pathlib import Path

from marsad.config import load_settings
from marsad.dedup.minhash import DuplicateFinder, fingerprint

ANT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    settings = load_settings().dedup
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows.sort(key=lambda r: (r["iso_time"], r["docno"]))
    start = time.perf_counter()
    prints = [fingerprint(r["text"], settings) for r in rows]
    t_fp = time.perf_counter() - start
    finder = DuplicateFinder(settings)
    canonical = {}
    for row, fp in zip(rows, prints, strict=True):
        dup = finder.add(row["docno"], fp)
        if dup:
            canonical[row["docno"]] = dup
    total = time.perf_counter() - start
    by_text = defaultdict(list)
    for r in rows:
        by_text[r["text"]].append(r["docno"])
    repeated = [ids for ids in by_text.values() if len(ids) > 1]
    unfolded = [ids for ids in repeated if len({canonical.get(i, i) for i in ids}) > 1]
    exact = {r["docno"] for r in rows if len(by_text[r["text"]]) > 1 and r["docno"] in canonical}
    near = [d for d in canonical if d not in exact]
    groups = len(set(canonical.values()))
    print(f"{len(rows)} articles: fingerprints {t_fp:.1f}s, total {total:.1f}s ({len(rows) / total:.0f} articles/s)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    copies = sum(len(ids) - 1 for ids in repeated)
    print(f"texts repeated verbatim: {len(repeated)} groups, {copies} extra copies; not folded: {len(unfolded)}")
    print(f"duplicates found: {len(canonical)} ({len(exact)} verbatim, {len(near)} near copies) in {groups} groups")
    by_id = {r["docno"]: r for r in rows}
    for docno in sorted(random.Random(args.seed).sample(near, min(args.sample, len(near)))):
        a, b = by_id[canonical[docno]], by_id[docno]
        print("-" * 100)
        print(f"{b['docno']} ({b['src']}, {b['iso_time'][:16]})  ~  {a['docno']} ({a['src']}, {a['iso_time'][:16]})")
        print("  A:", a["title"][:90], "|", a["text"][:160].replace("\n", " "))
        print("  B:", b["title"][:90], "|", b["text"][:160].replace("\n", " "))


if __name__ == "__main__":
    main()
