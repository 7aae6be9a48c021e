"""Story clustering throughput and how its cost grows with the corpus.

Usage:  python bench/cluster_scaling.py --db STORE [--sizes 1000,5000,15000,31523]

Reads analysed articles (with their stored features) from a store built by
``marsad digest`` (e.g. over all of ../shared/data/ant), takes the first N in
publication order for each size, and times dedup + story clustering + topics on them.
Near-linear growth shows as a flat time per article across sizes.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from marsad.config import load_settings
from marsad.pipeline import Pipeline
from marsad.store.sqlite import SqliteStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--sizes", default="1000,5000,15000,31523")
    args = parser.parse_args()
    pipeline = Pipeline(load_settings())
    with SqliteStore(args.db) as store:
        start = time.perf_counter()
        articles = list(store.iter_articles(with_features=True))
        print(f"loaded {len(articles)} articles in {time.perf_counter() - start:.1f}s")
    # CPU seconds too: on a machine shared with other jobs wall time drifts, CPU time does not.
    print(f"{'articles':>9s} {'seconds':>8s} {'cpu s':>8s} {'articles/s':>11s} {'cpu ms/art':>11s} {'stories':>8s}")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        subset = articles[: min(size, len(articles))]
        start, cpu = time.perf_counter(), time.process_time()
        result = pipeline.build_stories(subset)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        rows.append((len(subset), cpu))
        print(f"{len(subset):9d} {seconds:8.2f} {cpu:8.2f} {len(subset) / seconds:11.0f} "
              f"{1000 * cpu / len(subset):11.3f} {len(result.stories):8d}")
    (n0, t0), (n1, t1) = rows[0], rows[-1]
    print(f"growth: {n1 / n0:.1f}x articles -> {t1 / t0:.1f}x CPU time (linear would be {n1 / n0:.1f}x, "
          f"quadratic {(n1 / n0) ** 2:.0f}x)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
