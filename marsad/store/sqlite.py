"""The default store: one SQLite file (WAL mode), with FTS5 search over normalised Arabic."""

from __future__ import annotations

import json
import os
import sqlite3
import time

try:
    import fcntl
except ImportError:  # not POSIX: rebuilds are not serialised across processes (docs/hardening.md)
    fcntl = None  # type: ignore[assignment]
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from marsad.model import Article, Story, Topic
from marsad.store.base import SaveResult, SearchHit, Store
from marsad.store.codec import (
    ARTICLE_COLUMNS,
    analysis_to_dict,
    article_from_row,
    article_row,
    entity_json,
    published_timestamp,
    story_from_dict,
    story_json,
    text_hash,
    topic_from_json,
    topic_json,
)
from marsad.store.search import TOKENIZER, fts5_query, query_keys, search_columns, snippet

# published_timestamp, search_columns and text_hash live in codec/search now; they stay
# importable from here, where the rest of the package has always found them.
__all__ = ["SqliteStore", "published_timestamp", "search_columns", "text_hash"]

SCHEMA_VERSION = 1

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    input TEXT NOT NULL,
    outlet TEXT,
    url TEXT,
    title TEXT NOT NULL,
    published TEXT,
    ts REAL,
    language TEXT,
    raw TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    analysis TEXT NOT NULL,
    features TEXT,
    embedding BLOB,
    minhash BLOB,
    duplicate_of TEXT,
    story TEXT,
    mention_entities TEXT
);
CREATE INDEX IF NOT EXISTS articles_ts ON articles (ts, id);
CREATE INDEX IF NOT EXISTS articles_story ON articles (story);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet);
CREATE TABLE IF NOT EXISTS removed (
    article TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (article, idx)
);
CREATE TABLE IF NOT EXISTS sentences (
    article TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    paragraph INTEGER NOT NULL, segment INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, topic TEXT, start TEXT, "end" TEXT, size INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_start ON stories (start);
CREATE TABLE IF NOT EXISTS story_outlets (story TEXT NOT NULL, outlet TEXT NOT NULL, PRIMARY KEY (story, outlet));
CREATE INDEX IF NOT EXISTS story_outlets_outlet ON story_outlets (outlet);
CREATE TABLE IF NOT EXISTS story_entities (story TEXT NOT NULL, entity TEXT NOT NULL, PRIMARY KEY (story, entity));
CREATE INDEX IF NOT EXISTS story_entities_entity ON story_entities (entity);
CREATE TABLE IF NOT EXISTS entities (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS topics (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    article UNINDEXED, body, keys, tokenize = '{TOKENIZER}'
);
"""


class SqliteStore(Store):
    """Articles and results in one SQLite file.

    Example:
        >>> store = SqliteStore(":memory:")
        >>> store.count_articles()
        0
    """

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        with self._write():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.conn.execute(statement)
            self.conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            # Columns added since a store was created are added to it.
            columns = {row[1] for row in self.conn.execute("PRAGMA table_info(articles)")}
            for column in ("mention_entities",):
                if column not in columns:
                    self.conn.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) and retried while another
        writer holds the file, so two ingests into one store wait for each other."""
        for attempt in range(50):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(min(0.05 * (attempt + 1), 1.0))
        else:
            raise sqlite3.OperationalError(f"{self.path}: database stayed locked by another writer")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # --- articles ---
    def save_articles(self, articles: Iterable[Article]) -> SaveResult:
        result = SaveResult([], [], [])
        with self._write() as conn:
            for article in articles:
                digest = text_hash(article)
                row = conn.execute("SELECT content_hash, input FROM articles WHERE id = ?", (article.id,)).fetchone()
                if row is not None:
                    if row[0] == digest:
                        result.unchanged.append(article.id)
                    else:
                        result.conflicts.append((article.id, article.input))
                    continue
                self._insert(conn, article, digest)
                result.added.append(article.id)
        return result

    def _insert(self, conn: sqlite3.Connection, article: Article, digest: str) -> None:
        conn.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})",
            article_row(article, digest),
        )
        conn.executemany(
            "INSERT INTO removed (article, idx, text, reason) VALUES (?, ?, ?, ?)",
            [(article.id, i, r.text, r.reason) for i, r in enumerate(article.removed)],
        )
        self._write_sentences(conn, article)
        body, keys = search_columns(article.title, article.text)
        conn.execute("INSERT INTO search (article, body, keys) VALUES (?, ?, ?)", (article.id, body, keys))

    @staticmethod
    def _write_sentences(conn: sqlite3.Connection, article: Article) -> None:
        conn.execute("DELETE FROM sentences WHERE article = ?", (article.id,))
        conn.executemany(
            'INSERT INTO sentences (article, idx, start, "end", paragraph, segment) VALUES (?, ?, ?, ?, ?, ?)',
            [(article.id, i, s.start, s.end, s.paragraph, s.segment) for i, s in enumerate(article.sentences)],
        )

    def update_analysis(self, articles: Iterable[Article]) -> None:
        with self._write() as conn:
            for article in articles:
                conn.execute(
                    "UPDATE articles SET analysis = ? WHERE id = ?",
                    (json.dumps(analysis_to_dict(article), ensure_ascii=False), article.id),
                )
                self._write_sentences(conn, article)

    def set_mention_entities(self, links: dict[str, list[str | None]]) -> None:
        """The entity id of each mention of each article (in mention order)."""
        with self._write() as conn:
            conn.executemany(
                "UPDATE articles SET mention_entities = ? WHERE id = ?",
                [(json.dumps(ids), aid) for aid, ids in links.items()],
            )

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def content_hash(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    _COLUMNS = ", ".join(ARTICLE_COLUMNS)

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute(f"SELECT {self._COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_from_row(row, True) if row else None

    def iter_articles(self, *, with_features: bool = False) -> Iterator[Article]:
        cursor = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM articles ORDER BY ts IS NULL, ts, id"  # undated last
        )
        for row in cursor:
            yield article_from_row(row, with_features)

    def get_articles(self, ids: Iterable[str], *, with_features: bool = False) -> list[Article]:
        out: list[Article] = []
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT {self._COLUMNS} FROM articles WHERE id IN ({marks})", chunk)
            out.extend(article_from_row(r, with_features) for r in rows)
        order = {aid: i for i, aid in enumerate(ids)}
        out.sort(key=lambda a: order[a.id])
        return out

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def set_assignments(self, duplicate_of: dict[str, str | None], story: dict[str, str | None]) -> None:
        with self._write() as conn:
            conn.executemany(
                "UPDATE articles SET duplicate_of = ? WHERE id = ?", [(v, k) for k, v in duplicate_of.items()]
            )
            conn.executemany("UPDATE articles SET story = ? WHERE id = ?", [(v, k) for k, v in story.items()])

    # --- stories ---
    def replace_stories(self, stories: Iterable[Story], topics: Iterable[Topic]) -> None:
        with self._write() as conn:
            for table in ("stories", "topics", "story_outlets", "story_entities", "entities"):
                conn.execute(f"DELETE FROM {table}")
            self._put_stories(conn, stories, topics)

    def upsert_stories(self, stories: Iterable[Story], topics: Iterable[Topic], removed: Iterable[str] = ()) -> None:
        stories = list(stories)
        with self._write() as conn:
            gone = [(sid,) for sid in {*removed, *(s.id for s in stories)}]
            for table, column in (("stories", "id"), ("story_outlets", "story"), ("story_entities", "story")):
                conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", gone)
            self._put_stories(conn, stories, topics)

    @staticmethod
    def _put_stories(conn: sqlite3.Connection, stories: Iterable[Story], topics: Iterable[Topic]) -> None:
        stories = list(stories)
        conn.executemany(
            'INSERT OR REPLACE INTO stories (id, topic, start, "end", size, data) VALUES (?, ?, ?, ?, ?, ?)',
            [(s.id, s.topic, s.start, s.end, len(s.articles), story_json(s)) for s in stories],
        )
        for s in stories:
            for i in range(0, len(s.articles), 500):  # SQLite caps the number of parameters
                chunk = s.articles[i : i + 500]
                conn.execute(
                    "INSERT OR IGNORE INTO story_outlets (story, outlet) SELECT ?, outlet FROM articles"
                    f" WHERE id IN ({','.join('?' * len(chunk))}) AND outlet IS NOT NULL",
                    (s.id, *chunk),
                )
        conn.executemany(
            "INSERT OR IGNORE INTO story_entities (story, entity) VALUES (?, ?)",
            [(s.id, e.id) for s in stories for e in s.entities],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO entities (id, data) VALUES (?, ?)",
            [(e.id, entity_json(e)) for s in stories for e in s.entities],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO topics (id, data) VALUES (?, ?)",
            [(t.id, topic_json(t)) for t in topics],
        )

    def list_stories(
        self,
        *,
        topic: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Story]:
        """Stories, latest first, filtered by topic, outlet, entity and date range
        (``since``/``until`` compare ISO dates with the story's end/start)."""
        where, params = [], []
        if topic:
            where.append("s.topic = ?")
            params.append(topic)
        if outlet:
            where.append("s.id IN (SELECT story FROM story_outlets WHERE outlet = ?)")
            params.append(outlet)
        if entity:
            where.append("s.id IN (SELECT story FROM story_entities WHERE entity = ?)")
            params.append(entity)
        if since:
            where.append('s."end" >= ?')
            params.append(since)
        if until:
            where.append("s.start <= ?")
            params.append(until)
        sql = "SELECT s.data FROM stories s" + (" WHERE " + " AND ".join(where) if where else "")
        sql += ' ORDER BY s."end" IS NULL, s."end" DESC, s.size DESC, s.id LIMIT ? OFFSET ?'
        rows = self.conn.execute(sql, (*params, limit, offset)).fetchall()
        return [story_from_dict(json.loads(data)) for (data,) in rows]

    def count_stories(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0])

    def outlets(self) -> list[tuple[str, int]]:
        """Outlets with their article counts, most articles first."""
        rows = self.conn.execute(
            "SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY 2 DESC, 1"
        )
        return [(o, int(n)) for o, n in rows]

    def get_entity(self, entity_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def iter_stories(self) -> Iterator[Story]:
        for (data,) in self.conn.execute("SELECT data FROM stories ORDER BY start IS NULL, start, id"):
            yield story_from_dict(json.loads(data))

    def get_story(self, story_id: str) -> Story | None:
        row = self.conn.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return story_from_dict(json.loads(row[0])) if row else None

    def iter_topics(self) -> Iterator[Topic]:
        for (data,) in self.conn.execute("SELECT data FROM topics ORDER BY id"):
            yield topic_from_json(data)

    # --- search ---
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        fts = fts5_query(query)
        if not fts:
            return []
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.outlet, a.story, a.published, a.text, bm25(search) AS score"
            " FROM search JOIN articles a ON a.id = search.article WHERE search MATCH ?"
            " ORDER BY score, a.id LIMIT ?",
            (fts, limit),
        ).fetchall()
        keys = query_keys(query)
        return [
            SearchHit(aid, title, outlet, story, published, snippet(text, keys), -float(score))
            for aid, title, outlet, story, published, text, score in rows
        ]

    # --- state ---
    def get_state(self, key: str) -> Any | None:
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_state(self, key: str, value: Any) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)",
                (key, json.dumps(value, ensure_ascii=False, sort_keys=True)),
            )

    def version(self) -> tuple[int, ...]:
        """The file's and its WAL's modification times and sizes (any process's writes),
        and this connection's changes (own writes within one clock tick)."""
        parts = [self.conn.total_changes]
        for path in (self.path, self.path + "-wal"):
            try:
                st = os.stat(path)
            except OSError:
                parts += [0, 0]
            else:
                parts += [st.st_mtime_ns, st.st_size]
        return tuple(parts)

    @contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        """Held while the corpus stages read the store and write their results, so two
        rebuilds (two ``marsad digest`` runs into one store) never interleave: the later
        one waits, then reads everything the earlier one stored and wrote. Ingest is not
        held up by it. An OS lock on a file beside the store: the OS releases it when the
        process holding it dies, even by SIGKILL.

        Example:
            >>> with SqliteStore(":memory:").rebuild_lock():
            ...     pass
        """
        if self.path == ":memory:" or fcntl is None:
            yield
            return
        with open(self.path + "-rebuild.lock", "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def close(self) -> None:
        self.conn.close()
