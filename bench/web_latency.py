"""Latency of ``marsad serve`` over a store of ANT articles: story pages and search.

Usage:
    python bench/web_latency.py --articles 5000            # build a store of the first 5000, then measure
    python bench/web_latency.py --db DIR/marsad.db         # measure an existing store
    python bench/web_latency.py --articles 31523 --keep DIR   # all of ANT, store kept in DIR for reruns

The store is built exactly as ``marsad digest FILE --out DIR`` builds it, from the first N
rows of ../shared/data/ant/ant_v2.1_multisource.jsonl.gz (written to a temporary slice,
never into the repo). The server runs in its own process (uvicorn on a free loopback
port); 4 client threads (httpx) send a bounded number of requests of each kind, and the
script prints p50/p95/max latency and throughput per kind:

* ``story``: ``GET /stories/{id}`` for stories drawn at random (fixed seed), large ones
  included; ``story-api``: the same through ``/api/stories/{id}``;
* ``search``: ``GET /search?q=`` over a fixed list of 20 Arabic queries; ``search-api``
  the same through ``/api/search`` (answers are cached until the store changes, so these
  are mostly the hot path); ``search-cold``: a new (query, limit) pair every request;
* ``list``: ``GET /``, ``/?page=2``, ``/?page=3`` (the app caches lists until the store
  changes, so this is the hot path); ``list-cold``: a different page every request (each
  computed from the store).

``--post`` also times two ``POST /api/articles`` (one invented article each) on a copy of
the store: the first replays the store into the live index (``marsad.live.LiveDigest``;
``marsad serve`` does this in the background at startup), the second only places its
article and recomposes the story it joins.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"

# Everyday news words (ours), with spelling variants a reader types: no hamza, ى/ي, ة/ه.
QUERIES = [
    "ترامب",
    "السعودية",
    "اسطنبول",
    "امريكي",
    "الاقتصاد",
    "النفط",
    "كرة القدم",
    "الانتخابات",
    "مصر",
    "الحكومه",
    "ايران",
    "سوريا",
    "الامم المتحدة",
    "البورصة",
    "الدولار",
    "فلسطين",
    "وزير الخارجية",
    "مهرجان السينما",
    "الصحة العالمية",
    "الرئيس الفرنسي",
]

INVENTED_POST = {
    "id": "bench-invented-post",
    "outlet": "صحيفة المختبر",
    "title": "مهرجان للسينما العربية يفتتح دورته الجديدة بمشاركة واسعة",
    "text": (
        "افتتح مساء أمس مهرجان للسينما العربية دورته الجديدة بمشاركة أفلام من عدة دول عربية.\n"
        "وقال مدير المهرجان إن لجنة التحكيم ستعلن الجوائز في حفل الختام الأسبوع المقبل.\n"
        "وأضاف أن المهرجان يعرض هذا العام أفلاماً قصيرة ووثائقية إلى جانب الأفلام الروائية الطويلة."
    ),
}


def build_store(n: int, out: Path) -> Path:
    """``marsad digest`` over the first ``n`` ANT rows; reuses ``out/marsad.db`` when it holds them."""
    db = out / "marsad.db"
    if db.exists():
        with sqlite3.connect(db) as conn:
            have = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        if have >= n:
            print(f"reusing {db} ({have} articles)")
            return db
    if not ANT.exists():
        sys.exit(f"no corpus at {ANT}; pass --db")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / f"ant-first-{n}.jsonl"
        with gzip.open(ANT, "rt", encoding="utf-8") as src, part.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= n:
                    break
                dst.write(line)
        print(f"building a store of the first {n} ANT articles in {out} (marsad digest) ...", flush=True)
        start = time.perf_counter()
        cmd = [
            sys.executable,
            "-m",
            "marsad.cli",
            "digest",
            str(part),
            "--out",
            str(out),
            "--quiet",
            "--ok-on-input-errors",
        ]
        subprocess.run(cmd, check=True, cwd=ROOT)
        print(f"built in {time.perf_counter() - start:.0f}s")
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    code = (
        "import sys; from pathlib import Path; from marsad.web.cli import serve_main; "
        f"sys.exit(serve_main(Path({str(db)!r}), '127.0.0.1', {port}, None, None, warm_writer=False))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/outlets", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not start")


def measure(base: str, paths: Sequence[str], requests: int, clients: int) -> dict[str, float]:
    """Send ``requests`` GETs (cycling through ``paths``) from ``clients`` threads."""
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def work() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            for path in paths[-2:]:  # warm-up, not counted (list-cold keeps its last pages for it)
                client.get(path)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                path = paths[i % len(paths)]
                t0 = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - t0
                with lock:
                    times.append(elapsed)
                    if response.status_code != 200:
                        failures.append(f"{response.status_code} {path}")

    start = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    if failures:
        print(f"  {len(failures)} failed, e.g. {failures[:3]}")
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "n": len(times),
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "max": max(times) * 1000,
        "rps": len(times) / wall,
    }


def time_post(db: Path) -> tuple[float, float]:
    """Seconds for the first POST /api/articles on a copy of the store (it replays the store
    into the live index first) and for a second one (placing the article, recomposing its story)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "marsad.db"
        with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
            newest = dst.execute("SELECT MAX(ts) FROM articles").fetchone()[0] or 0.0
        # Newer than everything stored: an older article would make the live index replay all.
        day = datetime.fromtimestamp(newest, UTC) + timedelta(days=1)
        first = {**INVENTED_POST, "published": day.isoformat(timespec="seconds")}
        second = {**INVENTED_POST, "id": "bench-invented-post-2", "published": (day + timedelta(hours=3)).isoformat()}
        second["text"] = INVENTED_POST["text"].replace("مساء أمس", "مساء أمس الأول")
        proc, base = start_server(copy)
        try:
            times = []
            for row in (first, second):
                t0 = time.perf_counter()
                response = httpx.post(base + "/api/articles", json=row, timeout=3600)
                times.append(time.perf_counter() - t0)
                response.raise_for_status()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return times[0], times[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing store (skips building)")
    parser.add_argument("--articles", type=int, default=5000, help="build from the first N ANT articles")
    parser.add_argument("--keep", type=Path, help="directory to build the store in and keep (reused when rerun)")
    parser.add_argument("--requests", type=int, default=200, help="requests per kind")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--post", action="store_true", help="also time one POST /api/articles (on a copy)")
    args = parser.parse_args(argv)

    tmp = None
    if args.db:
        db = args.db
    else:
        out = args.keep or Path(tmp := tempfile.mkdtemp(prefix="marsad-web-bench-"))
        db = build_store(args.articles, out)
    with sqlite3.connect(db) as conn:
        n_articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        stories = [(sid, size) for sid, size in conn.execute("SELECT id, size FROM stories")]
    sizes = sorted(size for _, size in stories)
    print(
        f"store {db}: {n_articles} articles, {len(stories)} stories "
        f"(articles per story: median {statistics.median(sizes):.0f}, max {sizes[-1]})"
    )
    rng = random.Random(13)
    sample = rng.sample(stories, min(100, len(stories)))
    biggest = sorted(stories, key=lambda s: -s[1])[:5]
    story_ids = [sid for sid, _ in sample + biggest]
    kinds = {
        "story": [f"/stories/{sid}" for sid in story_ids],
        "story-api": [f"/api/stories/{sid}" for sid in story_ids],
        "search": [f"/search?q={q}" for q in QUERIES],
        "search-api": [f"/api/search?q={q}" for q in QUERIES],
        # A new (query, limit) every request: answered by the store, not the app's cache.
        "search-cold": [f"/api/search?q={q}&limit={20 + i}" for i in range(12) for q in QUERIES],
        "list": ["/", "/?page=2", "/?page=3"],  # hot pages: served from the app's cache after the first
        "list-cold": [f"/?page={p}" for p in range(4, 4 + args.requests + 8 * args.clients)],  # each page once
    }
    proc, base = start_server(db)
    results = {}
    try:
        for kind, paths in kinds.items():
            results[kind] = measure(base, paths, args.requests, args.clients)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"\n{args.requests} requests per kind, {args.clients} concurrent clients, server on loopback")
    print(f"{'kind':<11} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}")
    for kind, r in results.items():
        print(f"{kind:<11} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['max']:>8.1f} {r['rps']:>7.1f}")
    if args.post:
        first, second = time_post(db)
        print(f"\nPOST /api/articles, 1 article into {n_articles}: first {first:.1f}s (replays the store),")
        print(f"  next {second:.1f}s (places it and recomposes its story)")
    print(json.dumps({"articles": n_articles, "stories": len(stories), **results}, ensure_ascii=False))
    if tmp and not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
