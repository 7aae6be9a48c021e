"""What every store does, whatever holds the data (SQLite file, PostgreSQL server)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from marsad.model import Article, Story, Topic

__all__ = ["SaveResult", "SearchHit", "Store"]


@dataclass(slots=True)
class SaveResult:
    """What saving a batch of articles did."""

    added: list[str]
    unchanged: list[str]
    conflicts: list[tuple[str, str]]  # (article id, input) with an id already stored for other text


@dataclass(slots=True)
class SearchHit:
    article: str
    title: str
    outlet: str | None
    story: str | None
    published: str | None
    snippet: str
    score: float


class Store(ABC):
    """Articles, their analysis, and every corpus-level result derived from them."""

    # --- articles ---
    @abstractmethod
    def save_articles(self, articles: Iterable[Article]) -> SaveResult:
        """Store new articles; an id already stored with the same text is a no-op."""

    @abstractmethod
    def has_article(self, article_id: str) -> bool: ...

    @abstractmethod
    def content_hash(self, article_id: str) -> str | None: ...

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abstractmethod
    def iter_articles(self, *, with_features: bool = False) -> Iterator[Article]:
        """All articles in a stable order (publication time, then id; undated last)."""

    @abstractmethod
    def get_articles(self, ids: Iterable[str], *, with_features: bool = False) -> list[Article]:
        """The stored articles among ``ids``, in the order of ``ids``."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def set_assignments(self, duplicate_of: dict[str, str | None], story: dict[str, str | None]) -> None:
        """Record dedup and story results for articles."""

    @abstractmethod
    def update_analysis(self, articles: Iterable[Article]) -> None:
        """Rewrite the analysis (spans, flags, entity links) of stored articles."""

    @abstractmethod
    def set_mention_entities(self, links: dict[str, list[str | None]]) -> None:
        """The entity id of each mention of each article (in mention order)."""

    # --- stories, topics, entities ---
    @abstractmethod
    def replace_stories(self, stories: Iterable[Story], topics: Iterable[Topic]) -> None: ...

    @abstractmethod
    def upsert_stories(
        self, stories: Iterable[Story], topics: Iterable[Topic], removed: Iterable[str] = ()
    ) -> None: ...

    @abstractmethod
    def iter_stories(self) -> Iterator[Story]: ...

    @abstractmethod
    def get_story(self, story_id: str) -> Story | None: ...

    @abstractmethod
    def iter_topics(self) -> Iterator[Topic]: ...

    @abstractmethod
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

    @abstractmethod
    def count_stories(self) -> int: ...

    @abstractmethod
    def outlets(self) -> list[tuple[str, int]]:
        """Outlets with their article counts, most articles first."""

    @abstractmethod
    def get_entity(self, entity_id: str) -> dict[str, Any] | None:
        """An entity of the stories (id, name, type, variants, roles)."""

    # --- search ---
    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles holding every word of ``query`` (in any spelling variant), best first
        (see :mod:`marsad.store.search`)."""

    # --- state of stateful stages (clusterer, learned chrome, entity registry) ---
    @abstractmethod
    def get_state(self, key: str) -> Any | None: ...

    @abstractmethod
    def set_state(self, key: str, value: Any) -> None: ...

    @abstractmethod
    def version(self) -> tuple[int, ...]:
        """A value that changes whenever any process writes to the store (for caches)."""

    @contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        """Held while a rebuild reads the store and writes its results, so two runs into
        one store never interleave their rebuilds (the later one would otherwise overwrite
        the earlier one's stories with stale ones). A store only one process can open
        needs none."""
        yield

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self.count_articles()
