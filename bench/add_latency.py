"""Latency of adding one article to a store that already holds ~30K, through LiveDigest.

Usage:
    python bench/add_latency.py --db STORE [--new 200]

STORE is a store built by ``marsad digest`` over ANT *without* its newest articles, for
instance with the helper:
    python bench/add_latency.py --prepare DIR --new 200
which writes DIR/old.jsonl (all ANT articles but the newest --new, by publication time)
and DIR/new.jsonl, then runs ``marsad digest DIR/old.jsonl --out DIR/out`` to build
DIR/out/marsad.db.

The live index is built once (its replay time is printed), then each new article is
added on its own, in publication order, as a POST to the HTTP API would: analysis,
storing, dedup, story placement, recomposing the touched story. Prints p50/p95/max.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path

from marsad.cli import main as cli
from marsad.config import load_settings
from marsad.ingest.readers import row_to_rawdoc
from marsad.live import LiveDigest
from marsad.pipeline import Pipeline
from marsad.store.sqlite import SqliteStore

ANT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"


def prepare(out: Path, new: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows.sort(key=lambda r: (r["iso_time"], r["docno"]))
    (out / "old.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:-new]), "utf-8")
    (out / "new.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[-new:]), "utf-8")
    cli(["digest", str(out / "old.jsonl"), "--out", str(out / "out"), "--quiet", "--ok-on-input-errors"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--prepare", type=Path, help="build the old/new split and the store in this directory")
    parser.add_argument("--new", type=int, default=200)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.new)
        args.db = args.prepare / "out" / "marsad.db"
        new_rows = args.prepare / "new.jsonl"
    else:
        new_rows = args.db.parent.parent / "new.jsonl"
    rows = [json.loads(line) for line in new_rows.read_text(encoding="utf-8").splitlines() if line.strip()]
    pipeline = Pipeline(load_settings())
    with SqliteStore(args.db) as store:
        start = time.perf_counter()
        live = LiveDigest(store, pipeline)
        print(f"store holds {store.count_articles()} articles; live index built in {time.perf_counter() - start:.1f}s")
        live.add([row_to_rawdoc(rows[0], "warm-up")])  # first call loads the models
        latencies = []
        for n, row in enumerate(rows[1:], start=1):
            start = time.perf_counter()
            live.add([row_to_rawdoc(row, f"new#{n}")])
            latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    print(f"{len(latencies)} single-article adds: p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, "
          f"max {latencies[-1]:.1f} ms, mean {statistics.mean(latencies):.1f} ms")


if __name__ == "__main__":
    main()
