"""A bounded load on the web app: many loopback clients, each a thread with its own httpx
client, sending a fixed mix of reader pages, searches, API reads and a few posts.

Used by tests/hardening/test_api_load.py (50 clients for a few seconds, asserting zero
errors) and bench/api_load.py (prints requests/s and p50/p95 latency per kind).
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GET_KINDS", "SEARCHES", "LoadResult", "Post", "run_load", "serve"]

# What the clients ask for: reader pages and the JSON API.
GET_KINDS = (
    "page-list",
    "page-search",
    "page-story",
    "page-article",
    "api-stories",
    "api-search",
    "api-story",
    "api-article",
)

# Queries a reader would type (invented words, spelling variants, presentation forms).
SEARCHES = (
    "جسر",
    "الجسر الجديد",
    "حريق",
    "سوق التوابل",
    "منتخب السهل",
    "الأرصاد",
    "صقيع",
    "شركة النخيل",
    "اسطنبول",
    "\ufe87\ufeb3\ufec4\ufee8\ufe92\ufeee\ufedd",
    "الخطيب",
    "سامي\u200f الخطيب",
)


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port in a thread; yields its
    base URL and stops the server on exit."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off", backlog=512)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@dataclass(frozen=True, slots=True)
class Post:
    """An article some clients post (the same id may be posted by several clients)."""

    id: str
    row: dict[str, str]


@dataclass(slots=True)
class LoadResult:
    """What the clients saw."""

    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    # (kind, url, what went wrong) for every failed request: a 5xx, an unexpected status,
    # a transport error, or an answer that does not hold what it must.
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    # Article id → the "added"/"unchanged" answers its posts got.
    posted: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def summary(self) -> list[tuple[str, int, float, float, float]]:
        """(kind, requests, requests/s, p50 ms, p95 ms) per kind, then "all"."""
        rows = []
        everything = [x for v in self.latencies.values() for x in v]
        for kind, values in [*sorted(self.latencies.items()), ("all", everything)]:
            if not values:
                continue
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            rows.append((kind, len(values), len(values) / self.seconds, statistics.median(ordered) * 1e3, p95 * 1e3))
        return rows


def _requests(stories: list[str], articles: list[str], rng: random.Random) -> tuple[str, str]:
    """(kind, path) of one GET, drawn from the reader's and the API's usual requests."""
    kind = rng.choice(GET_KINDS)
    query = rng.choice(SEARCHES)
    paths = {
        "page-list": f"/?page={rng.randint(1, 3)}",
        "page-search": f"/search?q={query}",
        "page-story": f"/stories/{rng.choice(stories)}",
        "page-article": f"/articles/{rng.choice(articles)}",
        "api-stories": f"/api/stories?limit={rng.choice((5, 20))}",
        "api-search": f"/api/search?q={query}&limit={rng.randint(1, 30)}",
        "api-story": f"/api/stories/{rng.choice(stories)}",
        "api-article": f"/api/articles/{rng.choice(articles)}",
    }
    return kind, paths[kind]


def _check(kind: str, response: Any) -> str | None:
    """What is wrong with an answer, or None."""
    if response.status_code != 200:
        return f"status {response.status_code}: {response.text[:200]}"
    if kind == "post":
        return None if "added" in response.json() else "post answer without 'added'"
    if kind.startswith("api-"):
        body = response.json()
        if kind == "api-search" and not isinstance(body.get("hits"), list):
            return "search answer without hits"
        if kind == "api-stories" and not body.get("stories"):
            return "story list is empty"
    elif "<html" not in response.text[:500].lower():
        return "page is not HTML"
    return None


def run_load(
    base: str,
    *,
    clients: int = 50,
    seconds: float = 10.0,
    posts: list[Post] | None = None,
    seed: int = 0,
) -> LoadResult:
    """``clients`` threads sending requests to ``base`` for ``seconds``; client i (for i
    below ``len(posts)``) sends ``posts[i]`` once, a third of the way in, so the posts
    land while the readers are busy.

    Every request that fails (transport error, 5xx, unexpected status or answer) is
    recorded in :attr:`LoadResult.errors`; nothing raises.
    """
    import httpx

    with httpx.Client(base_url=base, timeout=60) as probe:
        stories = [s["id"] for s in probe.get("/api/stories", params={"limit": 200}).json()["stories"]]
        articles = [a for s in stories[:20] for a in probe.get(f"/api/stories/{s}").json()["articles"]]
    if not stories or not articles:
        raise ValueError(f"{base} serves no stories to load")
    result = LoadResult(seconds=seconds)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    posts = posts or []

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        post = posts[number] if number < len(posts) else None
        with httpx.Client(base_url=base, timeout=120) as http:
            start.wait()
            began = time.monotonic()
            end = began + seconds
            while time.monotonic() < end:
                if post is not None and time.monotonic() >= began + seconds / 3:
                    kind, path = "post", "/api/articles"
                else:
                    kind, path = _requests(stories, articles, rng)
                sent = time.perf_counter()
                try:
                    response = http.post(path, json=post.row) if kind == "post" else http.get(path)
                except httpx.HTTPError as exc:
                    with lock:
                        result.errors.append((kind, path, f"{type(exc).__name__}: {exc}"))
                    continue
                took = time.perf_counter() - sent
                problem = _check(kind, response)
                with lock:
                    result.latencies[kind].append(took)
                    result.statuses[response.status_code] += 1
                    if problem:
                        result.errors.append((kind, path, problem))
                    elif kind == "post":
                        body = response.json()
                        answers = {"added": post.id in body["added"], "unchanged": post.id in body["unchanged"]}
                        result.posted[post.id].extend(k for k, v in answers.items() if v)
                if kind == "post":
                    post = None

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join(timeout=seconds + 300)
    result.seconds = time.monotonic() - began
    return result
