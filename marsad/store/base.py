"""What every store does, whatever holds the data (SQLite file, PostgreSQL server)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
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
        """All articles in a stable order (publication time, then id)."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def set_assignments(self, duplicate_of: dict[str, str | None], story: dict[str, str | None]) -> None:
        """Record dedup and story results for articles."""

    @abstractmethod
    def update_analysis(self, articles: Iterable[Article]) -> None:
        """Rewrite the analysis (spans, flags, entity links) of stored articles."""

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

    # --- search ---
    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[SearchHit]: ...

    # --- state of stateful stages (clusterer, learned chrome, entity registry) ---
    @abstractmethod
    def get_state(self, key: str) -> Any | None: ...

    @abstractmethod
    def set_state(self, key: str, value: Any) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self.count_articles()
