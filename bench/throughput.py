"""Throughput of the whole digest pipeline on N articles of the ANT corpus.

Usage:  python bench/throughput.py [-n 5000] [--sample random|first] [--keep DIR]

Runs exactly what ``marsad digest`` runs (read → extract → learned chrome → per-article
analysis → fingerprints → embeddings → store → dedup → stories → topics → compose →
digest files) on N articles, in one process, and prints seconds, articles/s and the
process's peak RSS after each stage. The articles are read from
../shared/data/ant/ant_v2.1_multisource.jsonl.gz (never copied into the repo).
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from marsad.config import load_settings
from marsad.digest import RunReport, ingest, rebuild, write_outputs
from marsad.pipeline import Pipeline
from marsad.store.sqlite import SqliteStore

ANT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_slice(n: int, sample: str, out: Path) -> int:
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    rows = random.Random(13).sample(lines, min(n, len(lines))) if sample == "random" else lines[:n]
    out.write_text("".join(rows), encoding="utf-8")
    return len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--sample", choices=("random", "first"), default="random")
    parser.add_argument("--keep", type=Path, help="write the store and digest here instead of a temp dir")
    args = parser.parse_args()
    if not ANT.exists():
        print(f"needs {ANT}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        source = work / "slice.jsonl"
        n = write_slice(args.n, args.sample, source)
        settings = load_settings()
        pipeline = Pipeline(settings)
        report = RunReport()
        print(f"{n} ANT articles ({args.sample}); start RSS {peak_rss_mb():.0f} MB")
        t0 = time.perf_counter()
        db = work / "bench.db"
        db.unlink(missing_ok=True)
        with SqliteStore(db) as store:
            ingest(store, [source], pipeline, report)
            rebuild(store, pipeline, report)
            t_out = time.perf_counter()
            write_outputs(store, work / "out", settings)
            report.seconds["write digest"] = time.perf_counter() - t_out
        total = time.perf_counter() - t0
    stages = dict(pipeline.timings)
    stages.update({k: v for k, v in report.seconds.items() if k not in ("analyse",)})
    print(f"{'stage':24s} {'seconds':>9s} {'articles/s':>11s}")
    for name, seconds in stages.items():
        rate = n / seconds if seconds > 0 else float("inf")
        print(f"{name:24s} {seconds:9.2f} {rate:11.0f}")
    print(f"{'TOTAL':24s} {total:9.2f} {n / total:11.0f}")
    counts = f"{report.articles} articles, {report.stories} stories, {report.topics} topics"
    print(f"peak RSS {peak_rss_mb():.0f} MB; {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
