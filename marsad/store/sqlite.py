"""The default store: one SQLite file (WAL mode), with FTS5 search over normalised Arabic."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from marsad.arabic.normalize import clean_visible, normalize, skeleton
from marsad.arabic.tokens import lemma, tokenize, word_key
from marsad.model import Article, Story, Topic
from marsad.store.base import SaveResult, SearchHit, Store
from marsad.store.codec import analysis_from_dict, analysis_to_dict, story_from_dict, story_to_dict

__all__ = ["SqliteStore", "published_timestamp", "search_columns", "text_hash"]

SCHEMA_VERSION = 1

_SCHEMA = """
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
    article UNINDEXED, body, keys, tokenize = 'unicode61 remove_diacritics 2'
);
"""

_WORD = re.compile(r"\w+")


def text_hash(article: Article) -> str:
    """What identifies an article's content in the store: the hash of its input as given."""
    return article.raw_hash or hashlib.sha256(f"{article.title}\n{article.raw}".encode()).hexdigest()


def published_timestamp(published: str | None) -> float | None:
    """Epoch seconds of an ISO publication date (date-only and partial dates at their start)."""
    if not published:
        return None
    value = published
    if len(value) == 4:
        value += "-01-01"
    elif len(value) == 7:
        value += "-01"
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def _keys(word: str) -> set[str]:
    """A word's search keys: its spelling-variant key and its lemma's."""
    return {word_key(word), skeleton(lemma(word))}


def search_columns(title: str, text: str) -> tuple[str, str]:
    """What FTS indexes: the normalised words, and their spelling-variant and lemma keys
    (so «امريكي» finds «الأميركية» and «اسطنبول» finds «بإسطنبول»)."""
    both = clean_visible(f"{title}\n{text}")
    keys = " ".join(" ".join(sorted(_keys(w))) for w in tokenize(both) if w[:1].isalnum())
    return normalize(both), keys


def _fts_query(query: str) -> str | None:
    """An FTS5 query: every word must match in its normalised form or one of its keys."""
    parts = []
    for word in _WORD.findall(clean_visible(query)):
        norm = normalize(word).replace('"', "")
        alternatives = [f'body : "{norm}"'] + [f'keys : "{key}"' for key in sorted(_keys(word)) if key]
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts) if parts else None


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
        features = {k: v for k, v in article.features.items() if k not in ("embedding", "minhash")}
        embedding = article.features.get("embedding")
        minhash = article.features.get("minhash")
        conn.execute(
            "INSERT INTO articles (id, input, outlet, url, title, published, ts, language, raw, text, content_hash,"
            " analysis, features, embedding, minhash, duplicate_of, story)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.input,
                article.outlet,
                article.url,
                article.title,
                article.published,
                published_timestamp(article.published),
                article.language,
                article.raw,
                article.text,
                digest,
                json.dumps(analysis_to_dict(article), ensure_ascii=False),
                json.dumps(features, ensure_ascii=False, sort_keys=True),
                None if embedding is None else np.asarray(embedding, dtype=np.int8).tobytes(),
                None if minhash is None else np.asarray(minhash, dtype=np.uint32).tobytes(),
                article.duplicate_of,
                article.story,
            ),
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

    _COLUMNS = (
        "id, input, raw, content_hash, outlet, url, title, published, language, text, analysis, duplicate_of, story,"
        " features, embedding, minhash, mention_entities"
    )

    @staticmethod
    def _row_to_article(row: tuple[Any, ...], with_features: bool) -> Article:
        (
            aid,
            input_,
            raw,
            chash,
            outlet,
            url,
            title,
            published,
            language,
            text,
            analysis,
            dup,
            story,
            feats,
            emb,
            mh,
            links,
        ) = row
        article = Article(
            id=aid,
            input=input_,
            raw=raw,
            raw_hash=chash,
            outlet=outlet,
            url=url,
            title=title,
            published=published,
            language=language,
            text=text,
            duplicate_of=dup,
            story=story,
        )
        analysis_from_dict(article, json.loads(analysis))
        if links:
            for mention, entity in zip(article.mentions, json.loads(links), strict=False):
                mention.entity = entity
        if with_features:
            article.features = json.loads(feats) if feats else {}
            if emb is not None:
                article.features["embedding"] = np.frombuffer(emb, dtype=np.int8)
            if mh is not None:
                article.features["minhash"] = np.frombuffer(mh, dtype=np.uint32)
        return article

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute(f"SELECT {self._COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._row_to_article(row, True) if row else None

    def iter_articles(self, *, with_features: bool = False) -> Iterator[Article]:
        cursor = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM articles ORDER BY ts IS NULL, ts, id"  # undated last
        )
        for row in cursor:
            yield self._row_to_article(row, with_features)

    def get_articles(self, ids: Iterable[str], *, with_features: bool = False) -> list[Article]:
        out: list[Article] = []
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT {self._COLUMNS} FROM articles WHERE id IN ({marks})", chunk)
            out.extend(self._row_to_article(r, with_features) for r in rows)
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
            [
                (s.id, s.topic, s.start, s.end, len(s.articles), json.dumps(story_to_dict(s), ensure_ascii=False))
                for s in stories
            ],
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
            [
                (
                    e.id,
                    json.dumps(
                        {"id": e.id, "name": e.name, "type": e.type, "variants": e.variants, "roles": e.roles},
                        ensure_ascii=False,
                    ),
                )
                for s in stories
                for e in s.entities
            ],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO topics (id, data) VALUES (?, ?)",
            [
                (t.id, json.dumps({"id": t.id, "title": t.title, "stories": t.stories}, ensure_ascii=False))
                for t in topics
            ],
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
            d = json.loads(data)
            yield Topic(d["id"], d["title"], list(d["stories"]))

    # --- search ---
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        fts = _fts_query(query)
        if not fts:
            return []
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.outlet, a.story, a.published, a.text, bm25(search) AS score"
            " FROM search JOIN articles a ON a.id = search.article WHERE search MATCH ?"
            " ORDER BY score, a.id LIMIT ?",
            (fts, limit),
        ).fetchall()
        words = {k for w in _WORD.findall(clean_visible(query)) for k in _keys(w)}
        return [
            SearchHit(aid, title, outlet, story, published, _snippet(text, words), -float(score))
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

    def close(self) -> None:
        self.conn.close()


def _snippet(text: str, keys: set[str], width: int = 180) -> str:
    """The first stretch of the original text holding a query word (by variant key)."""
    for m in _WORD.finditer(text):
        if _keys(m.group()) & keys:
            start = max(0, m.start() - width // 3)
            end = min(len(text), start + width)
            return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")
    return text[:width].replace("\n", " ")
