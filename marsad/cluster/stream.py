"""The stream view of dedup and story clustering: state that takes one article at a time.

Batch runs use it too (they replay every article in publication order), so an
incremental run that adds articles as they are published ends with the very stories a
batch run over all of them gives: same members, same ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from marsad.cluster.model import StoryModel
from marsad.cluster.signals import ArticleSignal, article_signal
from marsad.cluster.stories import StoryClusterer
from marsad.config import Settings
from marsad.dedup.minhash import DuplicateFinder, stored_fingerprint
from marsad.model import Article
from marsad.store.sqlite import published_timestamp

__all__ = ["OutOfOrder", "StreamIndex", "order_key"]


def order_key(article: Article) -> tuple[float, str]:
    """Publication order: time, then id; undated articles last."""
    ts = published_timestamp(article.published)
    return (ts if ts is not None else float("inf"), article.id)


class OutOfOrder(ValueError):
    """An article older than one already in the stream: the stream must be replayed."""


@dataclass(slots=True)
class Placement:
    duplicate_of: str | None
    story: str


class StreamIndex:
    """Dedup and story state over the articles seen so far, in publication order.

    Example:
        >>> from marsad.config import load_settings
        >>> index = StreamIndex(load_settings())
        >>> index.last_key is None
        True
    """

    def __init__(self, settings: Settings, story_model: StoryModel | None = None) -> None:
        self.settings = settings
        self.finder = DuplicateFinder(settings.dedup)
        self.clusterer = StoryClusterer(settings.cluster, story_model)
        self.duplicates: dict[str, str] = {}
        self.signals: dict[str, ArticleSignal] = {}
        self.last_key: tuple[float, str] | None = None

    def add(self, article: Article) -> Placement:
        """Place one article; it must not be older than those already placed."""
        key = order_key(article)
        if self.last_key is not None and key <= self.last_key:
            raise OutOfOrder(f"{article.id} is older than the last article in the stream")
        f = article.features
        duplicate_of = None
        if "minhash" in f:
            duplicate_of = self.finder.add(article.id, stored_fingerprint(f))
        signal = article_signal(article, published_timestamp(article.published))
        self.signals[article.id] = signal
        if duplicate_of is not None and duplicate_of in self.clusterer.assignment:
            self.duplicates[article.id] = duplicate_of
            story = self.clusterer.attach(article.id, duplicate_of)
        else:
            story = self.clusterer.add(signal)
        self.last_key = key
        return Placement(duplicate_of, story)

    def extend(self, articles: Iterable[Article]) -> None:
        for article in sorted(articles, key=order_key):
            self.add(article)

    def accepts(self, article: Article) -> bool:
        """Whether ``article`` can be added without replaying the stream."""
        return self.last_key is None or order_key(article) > self.last_key
