"""The web app under 50 concurrent loopback clients for a bounded time keeps answering:
no transport error, no 5xx, every answer what it should be, and every posted article
stored once however many clients post it at the same time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.cli import main
from tests.hardening.corpus import HAPPENINGS, corpus_rows, write_jsonl
from tests.hardening.load import GET_KINDS, LoadResult, Post, run_load, serve

CLIENTS = 50
SECONDS = 8.0


def _posts() -> list[Post]:
    """Four new articles on the first happening, each posted by two clients at once, and
    one already stored, posted again."""
    month, headline, lead, body = HAPPENINGS[0]
    posts = []
    for n in range(4):
        row = {
            "id": f"posted-{n}",
            "outlet": "نشرة الوادي",
            "published": f"{month}-1{n + 1}T09:00:00+03:00",
            "title": f"{headline} (متابعة {n + 1})",
            "text": f"{lead}\n{body[n % len(body)]}\nوهذه المتابعة رقم {n + 1} من نشرة الوادي عن الافتتاح.",
        }
        posts += [Post(row["id"], row), Post(row["id"], row)]
    stored = corpus_rows(2)[0]
    posts.append(Post(stored["id"], stored))
    return posts


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LoadResult, Path]]:
    from marsad.web import create_app

    root = tmp_path_factory.mktemp("load")
    corpus = write_jsonl(root / "corpus.jsonl", corpus_rows(2))
    db = root / "marsad.db"
    assert main(["digest", str(corpus), "--out", str(root / "out"), "--db", str(db), "--quiet"]) == 0
    app = create_app(db)
    with serve(app) as base:
        import httpx

        # The first post loads the models and replays the store; done before the clock starts.
        warm = httpx.post(f"{base}/api/articles", json=corpus_rows(2)[1], timeout=300)
        assert warm.status_code == 200 and warm.json()["unchanged"] == [corpus_rows(2)[1]["id"]]
        yield run_load(base, clients=CLIENTS, seconds=SECONDS, posts=_posts(), seed=1), db


def test_fifty_clients_get_no_error(loaded: tuple[LoadResult, Path]) -> None:
    result, _ = loaded
    assert result.errors == []
    assert set(result.statuses) == {200}
    assert set(result.latencies) == {*GET_KINDS, "post"}
    # Every client got answers, not just the first few to connect.
    assert result.requests >= 2 * CLIENTS
    assert len(result.latencies["post"]) == len(_posts())


def test_articles_posted_at_once_are_stored_once(loaded: tuple[LoadResult, Path]) -> None:
    result, db = loaded
    new = {p.id for p in _posts() if p.id.startswith("posted-")}
    for aid in new:
        # Two clients posted it: one was told it was added, the other that it was there.
        assert sorted(result.posted[aid]) == ["added", "unchanged"], aid
    assert result.posted[corpus_rows(2)[0]["id"]] == ["unchanged"]
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone() == (14, 14)
        assert conn.execute("SELECT COUNT(*) FROM search").fetchone() == (14,)
        placed = dict(conn.execute(f"SELECT id, story FROM articles WHERE id IN ({','.join('?' * len(new))})", [*new]))
    assert set(placed) == new and all(placed.values())
