"""Throughput and latency of the web app under many concurrent loopback clients.

Usage:
    python bench/api_load.py                          # 50 clients, 10 s, invented corpus of 25 articles
    python bench/api_load.py --clients 100 --seconds 30 --per-happening 40
    python bench/api_load.py --db DIR/marsad.db       # an existing store (posts go to a copy)

The store is built as ``marsad digest corpus.jsonl`` builds it, from the invented corpus of
tests/hardening/corpus.py (never third-party text). The app (``marsad.web.create_app``)
is served by uvicorn in this process on a free loopback port; each client is a thread
with its own httpx client sending a mix of reader pages (story list, search, story,
article) and API reads (stories, search, story, article), and ``--posts`` of them post
one invented article each a third of the way in (each article posted by two clients at
once). Prints requests/s and p50/p95 latency per kind, the status counts and every
error (a transport error, a 5xx or a wrong answer); exits 1 when there was any.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marsad.cli import main as marsad_main
from tests.hardening.corpus import HAPPENINGS, corpus_rows, write_jsonl
from tests.hardening.load import Post, run_load, serve


def _posts(count: int) -> list[Post]:
    """``count`` posts: invented follow-ups of the first happening, each id posted twice."""
    month, headline, lead, body = HAPPENINGS[0]
    posts = []
    for n in range((count + 1) // 2):
        row = {
            "id": f"bench-post-{n}",
            "outlet": "نشرة الوادي",
            "published": f"{month}-1{n % 9 + 1}T09:00:00+03:00",
            "title": f"{headline} (متابعة {n + 1})",
            "text": f"{lead}\n{body[n % len(body)]}\nوهذه المتابعة رقم {n + 1} من نشرة الوادي عن الافتتاح.",
        }
        posts += [Post(row["id"], row), Post(row["id"], row)]
    return posts[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--posts", type=int, default=8, help="clients that post an article (default 8)")
    parser.add_argument("--per-happening", type=int, default=5, help="invented articles per happening (5 happenings)")
    parser.add_argument("--db", type=Path, help="an existing store to load (a copy is used)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from marsad.web import create_app

    with tempfile.TemporaryDirectory(prefix="marsad-load-") as tmp:
        db = Path(tmp) / "marsad.db"
        if args.db:
            with sqlite3.connect(args.db) as source, sqlite3.connect(db) as target:
                source.backup(target)
        else:
            corpus = write_jsonl(Path(tmp) / "corpus.jsonl", corpus_rows(args.per_happening))
            code = marsad_main(["digest", str(corpus), "--out", str(Path(tmp) / "out"), "--db", str(db), "--quiet"])
            if code != 0:
                return code
        with sqlite3.connect(db) as conn:
            articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        import httpx

        with serve(create_app(db)) as base:
            # Models loaded and the store replayed before the clock starts.
            httpx.post(f"{base}/api/articles", json={"id": "bench-warm", "text": "تحية\nنص قصير للتحمية."}, timeout=600)
            result = run_load(
                base, clients=args.clients, seconds=args.seconds, posts=_posts(args.posts), seed=args.seed
            )
        shutil.rmtree(Path(tmp) / "out", ignore_errors=True)
    print(
        f"{args.clients} clients for {args.seconds:.0f} s over a store of {articles} articles: "
        f"{result.requests} requests in {result.seconds:.1f} s"
    )
    print(f"{'kind':14} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, count, rate, p50, p95 in result.summary():
        print(f"{kind:14} {count:8d} {rate:8.1f} {p50:8.1f} {p95:8.1f}")
    print("statuses:", dict(sorted(result.statuses.items())))
    stored_once = all(sorted(v) == ["added", "unchanged"] for v in result.posted.values())
    print(f"posted: {len(result.posted)} articles, each by 2 clients; one added and one unchanged each: {stored_once}")
    print(f"errors: {len(result.errors)}")
    for kind, path, problem in result.errors[:20]:
        print(f"  {kind} {path}: {problem}")
    return 1 if result.errors or not stored_once else 0


if __name__ == "__main__":
    raise SystemExit(main())
