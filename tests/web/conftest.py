"""Stores for the web tests: the examples digested by ``marsad digest`` (stories composed
with cited summaries, timelines and facts by the pipeline itself), and a store full of
hostile inputs."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from marsad.model import (
    Article,
    Citation,
    Entity,
    Fact,
    Mention,
    Removed,
    Sentence,
    Story,
    SummarySentence,
    TimeExpression,
    TimelineEntry,
    Topic,
)
from marsad.store.sqlite import SqliteStore
from tests.conftest import EXAMPLES

# Example articles by their path under examples/ (file ids are content hashes).
FIRE_INPUT = "alwaha/sanabel-port-fire.txt"  # F1, the original of a syndicated copy
FIRE_COPY_INPUT = "alraseef/sanabel-fire-wire-copy.txt"  # F1c
FIRE_TAIL_INPUT = "almanara24/sanabel-fire-death-toll.txt"  # F2, with an off-topic tail

# Hostile strings (ours): each would run script or mislead a reader if it reached a page raw.
XSS_TITLE = (
    "<script>window.__xss='title'</script>عنوان خبيث <img src=x onerror=\"window.__xss='title-img'\">\u202eنص معكوس"
)
XSS_OUTLET = "<img src=x onerror=\"window.__xss='outlet'\">منفذ «الخبث»\u202e"
XSS_BODY = (
    "افتتح الوزير المعرض في إسطنبول صباح الخميس بحضور مئات الزوار.\n"
    "<script>window.__xss='body'</script>وقال المنظمون إن <img src=x onerror=\"window.__xss='body-img'\"> "
    'الدورة المقبلة ستقام في الربيع "><svg onload="window.__xss=\'svg\'"> كما جرت العادة.\n'
    "وأضاف المتحدث \u202eأن\u202c الزوار جاؤوا من عشر دول."
)
XSS_URL = "javascript:window.__xss='url'"
XSS_MARKERS = ("<script>window.__xss='title'</script>", "<img src=x onerror=")


def build_examples_store(out: Path) -> Path:
    """``marsad digest examples --out OUT`` (as a user would); the store it keeps."""
    from marsad.cli import main

    assert main(["digest", str(EXAMPLES), "--out", str(out), "--quiet"]) == 0
    return out / "marsad.db"


def article_ids(db: Path) -> dict[str, str]:
    """Article id by input path relative to examples/ (``feed.jsonl#2`` for rows)."""
    with SqliteStore(db) as store:
        return {a.input.rsplit("examples/", 1)[-1]: a.id for a in store.iter_articles()}


def copy_store(source: Path, target: Path) -> Path:
    """A consistent copy of a store (SQLite's backup, so a WAL is taken into account)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def build_hostile_store(path: Path) -> Path:
    """Articles, a story, an entity and a topic whose every field carries a payload."""
    role = "<b onmouseover=\"window.__xss='role'\">وزير</b>"
    title_end = XSS_BODY.index("\n")
    name, day = XSS_BODY.index("الوزير"), XSS_BODY.index("الخميس")
    a1 = Article(
        id="hostile-1",
        input="<script>window.__xss='input'</script>.jsonl#1",
        raw=XSS_BODY,
        raw_hash="hostile-1-hash",
        outlet=XSS_OUTLET,
        url=XSS_URL,
        title=XSS_TITLE,
        published="2025-05-01",
        language="ar",
        text=XSS_BODY,
        removed=[
            Removed(
                "<iframe src=\"javascript:window.__xss='removed'\"></iframe>اترك تعليقاً",
                "<i onclick=\"window.__xss='reason'\">comment widget</i>",
            )
        ],
        sentences=[Sentence(0, title_end + 1, 0), Sentence(title_end + 1, len(XSS_BODY), 1, segment=1)],
        mentions=[Mention(name, name + 6, "PER\" onmouseover=\"window.__xss='label'", "الوزير", "e-hostile", role)],
        times=[TimeExpression(day, day + 6, "الخميس", "2025-05-01\" autofocus onfocus=\"window.__xss='time'", "day")],
        story="s-hostile",
        flags=["<script>window.__xss='flag'</script>"],
    )
    a2 = Article(
        id="hostile-2",
        input="x.jsonl#2",
        raw="نص ثان عن المعرض في إسطنبول.",
        raw_hash="hostile-2-hash",
        outlet="منفذ آخر",
        url="https://example.invalid/a?b=\"><script>window.__xss='href'</script>",
        title="مقال ثان عن المعرض",
        published="2025-05-02",
        language="ar",
        text="نص ثان عن المعرض في إسطنبول.",
        sentences=[Sentence(0, 28, 0)],
        story="s-hostile",
    )
    entity = Entity(
        "e-hostile",
        "<svg onload=\"window.__xss='entity'\">الوزير",
        'PER"><script>x</script>',
        ["<script>window.__xss='variant'</script>"],
        ["hostile-1"],
        [role],
    )
    story = Story(
        id="s-hostile",
        articles=["hostile-1", "hostile-2"],
        topic="t-hostile",
        title=XSS_TITLE,
        start="2025-05-01",
        end="2025-05-02",
        summary=[
            SummarySentence(
                "<script>window.__xss='summary'</script>ملخص",
                ["hostile-1", "hostile-2"],
                Citation("hostile-1", 0, title_end),
            )
        ],
        entities=[entity],
        timeline=[
            TimelineEntry(
                "2025-05-01\"><script>window.__xss='date'</script>",
                "<img src=x onerror=\"window.__xss='timeline'\">",
                ["hostile-1"],
            )
        ],
        facts=[
            Fact(
                "<img src=x onerror=\"window.__xss='fact'\">واقعة",
                'conflicting" onclick="x',
                ["hostile-1", "hostile-2"],
                values={"<script>v</script>": ["hostile-1"]},
            )
        ],
    )
    topic = Topic("t-hostile", "<script>window.__xss='topic'</script>موضوع", ["s-hostile"])
    with SqliteStore(path) as store:
        store.save_articles([a1, a2])
        store.replace_stories([story], [topic])
    return path


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_examples_store(tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="session")
def composed_db(examples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_store(examples_db, tmp_path_factory.mktemp("composed") / "marsad.db")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_store(tmp_path_factory.mktemp("hostile") / "marsad.db")


@contextmanager
def live_server(app: object) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
