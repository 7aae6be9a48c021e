"""Throughput of ``marsad digest --engine dask`` on N articles of the ANT corpus.

Usage:  python bench/dask_throughput.py [-n 31523] [--sample random|first] [--workers 2]
                                        [--scheduler ADDRESS] [--keep DIR] [--compare-local]

Runs what ``marsad digest --engine dask`` runs (DaskEngine.ingest, DaskEngine.rebuild,
write_outputs) on N articles (default: all of them) with a LocalCluster of ``--workers``
single-threaded worker processes, and prints wall seconds, articles/s, CPU seconds
(client and workers) and peak memory (the client's peak RSS; the workers' summed RSS
sampled every 0.5 s, and the largest single worker). ``--compare-local`` also runs the
local engine on the same slice and checks that both digest.json files are identical.
The articles are read from ../shared/data/ant/ant_v2.1_multisource.jsonl.gz (never
copied into the repo); the slice is drawn as bench/throughput.py draws it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import ANT, write_slice

from marsad.config import load_settings
from marsad.digest import RunReport, ingest, rebuild, write_outputs
from marsad.engine import DaskEngine, DaskOptions
from marsad.pipeline import Pipeline
from marsad.store.sqlite import SqliteStore


class MemorySampler:
    """Summed RSS and CPU time of some processes, sampled in a thread."""

    def __init__(self, pids: list[int], every: float = 0.5) -> None:
        self.processes = [psutil.Process(p) for p in pids]
        self.every = every
        self.peak_sum = 0
        self.peak_one = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = []
            for p in self.processes:
                try:
                    rss.append(p.memory_info().rss)
                    times = p.cpu_times()
                    self.cpu[p.pid] = times.user + times.system
                except psutil.Error:
                    continue
            self.peak_sum = max(self.peak_sum, sum(rss))
            self.peak_one = max(self.peak_one, max(rss, default=0))
            self._stop.wait(self.every)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_dask(source: Path, work: Path, options: DaskOptions) -> dict[str, float]:
    settings = load_settings()
    pipeline = Pipeline(settings)
    report = RunReport()
    db = work / "dask.db"
    db.unlink(missing_ok=True)
    t_start = time.perf_counter()
    with DaskEngine(options) as engine:
        start_seconds = time.perf_counter() - t_start
        pids = engine.worker_pids() if options.scheduler is None else []
        cpu_before = {p: sum(psutil.Process(p).cpu_times()[:2]) for p in pids}
        client_cpu = cpu_seconds()
        with MemorySampler(pids) as sampler:
            t0 = time.perf_counter()
            with SqliteStore(db) as store:
                engine.ingest(store, [source], pipeline, report)
                t_ingest = time.perf_counter()
                engine.rebuild(store, pipeline, report)
                t_out = time.perf_counter()
                write_outputs(store, work / "dask", settings)
            t_end = time.perf_counter()
            total = t_end - t0
    worker_cpu = sum(sampler.cpu.get(p, 0.0) - cpu_before[p] for p in pids)
    print(f"cluster start {start_seconds:.1f}s (not counted); {len(pids)} local workers")
    print(f"{'step':24s} {'seconds':>9s}")
    for name, seconds in report.seconds.items():
        print(f"{name:24s} {seconds:9.2f}")
    print(f"{'write digest':24s} {t_end - t_out:9.2f}")
    print("worker CPU seconds per stage (summed over workers):")
    for name, seconds in sorted(pipeline.timings.items(), key=lambda kv: -kv[1]):
        print(f"  {name:22s} {seconds:9.2f}")
    return {
        "total": total,
        "ingest": t_ingest - t0,
        "corpus": t_out - t_ingest,
        "client_cpu": cpu_seconds() - client_cpu,
        "worker_cpu": worker_cpu,
        "client_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_rss": sampler.peak_sum / 2**20,
        "worker_rss": sampler.peak_one / 2**20,
        "articles": report.articles,
        "stories": report.stories,
        "topics": report.topics,
    }


def run_local(source: Path, work: Path) -> float:
    settings = load_settings()
    pipeline = Pipeline(settings)
    report = RunReport()
    db = work / "local.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with SqliteStore(db) as store:
        ingest(store, [source], pipeline, report)
        rebuild(store, pipeline, report)
        write_outputs(store, work / "local", settings)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=31523)
    parser.add_argument("--sample", choices=("random", "first"), default="random")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", help="a running scheduler instead of a LocalCluster")
    parser.add_argument("--keep", type=Path, help="write the stores and digests here instead of a temp dir")
    parser.add_argument("--compare-local", action="store_true", help="also run the local engine and compare")
    args = parser.parse_args()
    if not ANT.exists():
        print(f"needs {ANT}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        source = work / "slice.jsonl"
        n = write_slice(args.n, args.sample, source)
        print(f"{n} ANT articles ({args.sample}), engine dask, {args.workers} workers x 1 thread")
        figures = run_dask(source, work, DaskOptions(scheduler=args.scheduler, workers=args.workers))
        total = figures["total"]
        print(
            f"TOTAL {total:.1f}s wall, {n / total:.1f} articles/s "
            f"(ingest {figures['ingest']:.1f}s, corpus stages {figures['corpus']:.1f}s)"
        )
        print(f"CPU: client {figures['client_cpu']:.1f}s, workers {figures['worker_cpu']:.1f}s")
        print(
            f"peak RSS: client {figures['client_rss']:.0f} MB, workers {figures['workers_rss']:.0f} MB summed "
            f"(largest {figures['worker_rss']:.0f} MB)"
        )
        print(f"{figures['articles']} articles, {figures['stories']} stories, {figures['topics']} topics")
        if args.compare_local:
            local = run_local(source, work)
            same = (work / "local" / "digest.json").read_bytes() == (work / "dask" / "digest.json").read_bytes()
            print(f"local engine: {local:.1f}s wall, {n / local:.1f} articles/s; digest.json identical: {same}")
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
