"""What each page and API answer shows, read from the store (no HTML, no HTTP here).

A :class:`Reader` gives every server thread its own SQLite connection (WAL mode lets
readers run beside the one writer) and caches the small, often-read lists (topics,
outlets) until the store file changes.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import clean_visible, skeleton
from marsad.arabic.tokens import lemma, word_key
from marsad.model import Article, Citation, Story, Topic
from marsad.store.base import SearchHit
from marsad.store.sqlite import SqliteStore

__all__ = [
    "ArticleBrief",
    "Reader",
    "SearchResult",
    "StoryBrief",
    "StoryFilters",
    "StoryView",
    "coverage_matrix",
    "offtopic_ranges",
    "query_keys",
    "story_citations",
    "word_keys",
]

# A story card names the outlets of at most this many of its articles (the store keeps
# the full outlet set, but has no public call to read it for a list of stories yet).
OUTLETS_FROM_ARTICLES = 80

# Cached briefs, list pages and the like (entries; the cache empties when the store changes).
CACHE_ENTRIES = 20_000

# A story page lists at most this many other stories of its topic.
MAX_SIBLINGS = 30

_WORD = re.compile(r"\w+")


@dataclass(slots=True, frozen=True)
class StoryFilters:
    topic: str | None = None
    outlet: str | None = None
    entity: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass(slots=True)
class ArticleBrief:
    id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    language: str | None
    duplicate_of: str | None
    story: str | None

    @classmethod
    def of(cls, a: Article) -> ArticleBrief:
        return cls(a.id, a.title, a.outlet, a.published, a.url, a.language, a.duplicate_of, a.story)


@dataclass(slots=True, frozen=True)
class StoryBrief:
    """A story as a list shows it (light: lists and caches hold these, not whole stories)."""

    id: str
    title: str
    topic: str | None
    topic_title: str | None
    start: str | None
    end: str | None
    size: int
    outlets: tuple[str, ...]
    lead: str | None


@dataclass(slots=True)
class StoryView:
    """A story with everything its page shows."""

    story: Story
    articles: dict[str, Article]
    outlets: list[str]
    topic: Topic | None
    siblings: list[StoryBrief] = field(default_factory=list)


@dataclass(slots=True)
class SearchResult:
    hit: SearchHit
    story_title: str | None


def query_keys(query: str) -> set[str]:
    """The spelling-variant and lemma keys of a query's words (as the store's search uses),
    so a page can mark the words of a snippet that matched."""
    keys: set[str] = set()
    for word in _WORD.findall(clean_visible(query)):
        keys |= word_keys(word)
    return keys


@lru_cache(maxsize=65536)
def word_keys(word: str) -> frozenset[str]:
    """One word's search keys (memoised: a results page asks for the same words often)."""
    return frozenset({word_key(word), skeleton(lemma(word))} - {""})


def offtopic_ranges(article: Article) -> list[tuple[int, int]]:
    """Runs of consecutive sentences with the same non-zero segment, as text spans."""
    ranges: list[tuple[int, int, int]] = []
    previous = 0
    for s in sorted(article.sentences, key=lambda s: s.start):
        if s.segment > 0 and s.segment == previous:
            ranges[-1] = (ranges[-1][0], s.end, s.segment)
        elif s.segment > 0:
            ranges.append((s.start, s.end, s.segment))
        previous = s.segment
    return [(a, b) for a, b, _ in ranges]


def story_citations(story: Story) -> list[Citation]:
    """Every span the story's summary, timeline and facts point to (each once, in order)."""
    spans: list[Citation] = []
    for s in story.summary:
        if s.source is not None:
            spans.append(s.source)
    for t in story.timeline:
        spans.extend(t.sources)
    for f in story.facts:
        spans.extend(f.evidence)
    seen: set[tuple[str, int, int]] = set()
    out = []
    for c in spans:
        key = (c.article, c.start, c.end)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def coverage_matrix(story: Story, articles: dict[str, Article], outlets: Sequence[str]) -> list[list[bool]]:
    """Rows: the story's facts; columns: ``outlets``; True where one of the outlet's
    articles is among the fact's sources."""
    rows = []
    for fact in story.facts:
        covered = {articles[a].outlet or "" for a in fact.sources if a in articles}
        rows.append([o in covered for o in outlets])
    return rows


def _outlet_order(articles: Iterable[Article]) -> list[str]:
    """Outlets in the order their first article appears (publication order)."""
    seen: dict[str, None] = {}
    for a in articles:
        seen.setdefault(a.outlet or "", None)
    return [o for o in seen if o] + ([""] if "" in seen else [])


class Reader:
    """Read access to one store from many threads, with a cache that empties itself
    whenever the store changes (a post through this app, or any other process writing
    the file)."""

    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._cache_version: tuple[int, ...] = ()
        self.writes = 0  # bumped by this app's own writes, part of the cache's version

    def store(self) -> SqliteStore:
        store = getattr(self._local, "store", None)
        if store is None:
            store = SqliteStore(self.db)
            self._local.store = store
        return store

    def version(self) -> tuple[int, ...]:
        """Changes whenever any process writes the store (SQLite touches the file or its WAL)."""
        parts: list[int] = [self.writes]
        for path in (self.db, self.db.with_name(self.db.name + "-wal")):
            try:
                st = os.stat(path)
            except OSError:
                parts += [0, 0]
            else:
                parts += [st.st_mtime_ns, st.st_size]
        return tuple(parts)

    def _get(self, key: Hashable) -> Any | None:
        version = self.version()
        with self._lock:
            if version != self._cache_version:
                self._cache.clear()
                self._cache_version = version
                return None
            value = self._cache.get(key)
            if value is not None:
                self._cache.move_to_end(key)
            return value

    def _put(self, key: Hashable, value: Any) -> Any:
        with self._lock:
            if self.version() == self._cache_version:
                self._cache[key] = value
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.popitem(last=False)
        return value

    def _cached(self, key: Hashable, build: Callable[[], Any]) -> Any:
        value = self._get(key)
        return value if value is not None else self._put(key, build())

    # --- lists ---
    def topics(self) -> dict[str, Topic]:
        return self._cached("topics", lambda: {t.id: t for t in self.store().iter_topics()})

    def outlets(self) -> list[tuple[str, int]]:
        return self._cached("outlets", lambda: self.store().outlets())

    def counts(self) -> tuple[int, int]:
        """(articles, stories) in the store."""
        store = self.store()
        return self._cached("counts", lambda: (store.count_articles(), store.count_stories()))

    def list_briefs(self, filters: StoryFilters, limit: int, offset: int) -> list[StoryBrief]:
        """Stories latest first, filtered (``SqliteStore.list_stories``), as briefs."""
        key = ("list", filters, limit, offset)
        ids = self._get(key)
        if ids is not None:
            cached = [self._get(("brief", sid)) for sid in ids]
            if all(b is not None for b in cached):
                return cached
        stories = self.store().list_stories(
            topic=filters.topic,
            outlet=filters.outlet,
            entity=filters.entity,
            since=filters.since,
            until=filters.until,
            limit=limit,
            offset=offset,
        )
        briefs = self.briefs(stories)
        self._put(key, [b.id for b in briefs])
        return briefs

    def briefs(self, stories: Sequence[Story]) -> list[StoryBrief]:
        """Briefs of stories: outlets read from their articles, topic titles from the topics."""
        found = {s.id: self._get(("brief", s.id)) for s in stories}
        missing = [s for s in stories if found[s.id] is None]
        if missing:
            ids = [aid for s in missing for aid in s.articles[:OUTLETS_FROM_ARTICLES]]
            outlet_of = {a.id: a.outlet for a in self.store().get_articles(ids)}
            topics = self.topics()
            for s in missing:
                outlets = {outlet_of.get(a) or "" for a in s.articles[:OUTLETS_FROM_ARTICLES]} - {""}
                topic = topics.get(s.topic) if s.topic else None
                brief = StoryBrief(
                    s.id,
                    s.title,
                    s.topic,
                    topic.title if topic else None,
                    s.start,
                    s.end,
                    len(s.articles),
                    tuple(sorted(outlets)),
                    s.summary[0].text if s.summary else None,
                )
                found[s.id] = self._put(("brief", s.id), brief)
        return [found[s.id] for s in stories]

    def brief(self, story_id: str) -> StoryBrief | None:
        cached = self._get(("brief", story_id))
        if cached is not None:
            return cached
        story = self.store().get_story(story_id)
        return self.briefs([story])[0] if story else None

    # --- one thing ---
    def story(self, story_id: str) -> StoryView | None:
        store = self.store()
        story = store.get_story(story_id)
        if story is None:
            return None
        members = store.get_articles(story.articles)
        articles = {a.id: a for a in members}
        topic = self.topics().get(story.topic) if story.topic else None
        siblings: list[StoryBrief] = []
        if topic is not None and len(topic.stories) > 1:
            for sid in [s for s in topic.stories if s != story.id][:MAX_SIBLINGS]:
                other = self.brief(sid)
                if other is not None:
                    siblings.append(other)
        return StoryView(story, articles, _outlet_order(members), topic, siblings)

    def article(self, article_id: str) -> Article | None:
        return self.store().get_article(article_id)

    def story_title(self, story_id: str | None) -> str | None:
        if not story_id:
            return None
        brief = self.brief(story_id)
        return brief.title if brief else None

    def entity(self, entity_id: str, limit: int = 500) -> tuple[dict[str, Any], list[StoryBrief]] | None:
        entity = self._cached(("entity", entity_id), lambda: self.store().get_entity(entity_id) or {})
        if not entity:
            return None
        return entity, self.list_briefs(StoryFilters(entity=entity_id), limit, 0)

    def search(self, query: str, limit: int) -> list[SearchResult]:
        """``SqliteStore.search`` with each hit's story title (answers cached until the store changes)."""

        def run() -> list[SearchResult]:
            return [SearchResult(hit, self.story_title(hit.story)) for hit in self.store().search(query, limit)]

        return self._cached(("search", query, limit), run)
