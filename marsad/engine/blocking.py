"""Candidate generation for dedup and story clustering as data-parallel steps, and the
replay that turns the candidates into the local engine's exact decisions.

Dedup and story assignment are sequential by design: whether an article is a copy
depends on which earlier articles were themselves copies, and which story it joins
depends on the stories the earlier articles built. What does *not* depend on that
state is which earlier articles an article is ever compared with:

- dedup: the earlier articles sharing one LSH band of its MinHash signature
  (:func:`band_entries` → group by band → :func:`band_pairs`: a shuffle);
- stories: the earlier articles holding one of its heaviest terms within
  ``story_max_gap_days``, and those in another language within
  ``cross_lingual_max_gap_days`` (:func:`block_window`: blocking by time window and
  term, as StoryClusterer.candidate_articles looks them up).

Those sets are computed on Dask workers; the replay then runs the local engine's own
StreamIndex, DuplicateFinder and StoryClusterer, with only their lookups answered from
the precomputed sets (:class:`PrecomputedLSH`, :class:`BlockedClusterer`), so every
decision is made by the same code on the same evidence.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from marsad.cluster.model import StoryModel
from marsad.cluster.signals import ArticleSignal
from marsad.cluster.stories import DAY, StoryClusterer
from marsad.config import ClusterSettings

__all__ = [
    "BlockRecord",
    "BlockedClusterer",
    "PrecomputedLSH",
    "band_entries",
    "band_pairs",
    "block_window",
]


# --- dedup: LSH banding as a shuffle ---
BandEntry = tuple[tuple[int, bytes], int]  # ((band, its values' bytes), position)


def band_entries(items: Iterable[tuple[int, np.ndarray]], bands: Sequence[tuple[int, int]]) -> list[BandEntry]:
    """``(band key, position)`` for each band of each signature (``(position, signature)``).

    Two signatures are LSH candidates exactly when they share a band key: datasketch's
    MinHashLSH hashes the same slices of the same values.
    """
    out = []
    for position, signature in items:
        values = np.asarray(signature, dtype=np.uint32)
        out.extend(((i, values[a:b].tobytes()), position) for i, (a, b) in enumerate(bands))
    return out


def band_pairs(groups: Iterable[tuple[tuple[int, bytes], list[BandEntry]]]) -> list[tuple[int, int]]:
    """``(later, earlier)`` positions of the articles sharing each band key."""
    out = []
    for _, entries in groups:
        if len(entries) < 2:
            continue
        positions = sorted({p for _, p in entries})
        out.extend((later, earlier) for k, later in enumerate(positions) for earlier in positions[:k])
    return out


class PrecomputedLSH:
    """Stands in for a DuplicateFinder's MinHashLSH: answers each query with the band
    collisions computed beforehand, restricted (as the index is) to inserted articles.

    ``current`` names the article being added: the finder queries with its signature
    only, and the collisions are known by article.
    """

    def __init__(self, collisions: dict[str, list[str]]) -> None:
        self.collisions = collisions
        self.inserted: set[str] = set()
        self.current: str | None = None

    def insert(self, key: str, minhash: object, check_duplication: bool = False) -> None:
        self.inserted.add(key)

    def query(self, minhash: object) -> list[str]:
        return [k for k in self.collisions.get(self.current or "", ()) if k in self.inserted]


# --- stories: blocking by time window and term ---
@dataclass(slots=True)
class BlockRecord:
    """What blocking reads of an article (dated articles only, in publication order)."""

    position: int
    ts: float
    language: str  # language or "" (the clusterer's key)
    query_terms: tuple[str, ...]  # its heaviest terms: what it is looked up by
    terms: tuple[str, ...]  # every term: what it is found by


def block_window(
    records: Sequence[BlockRecord], first_query: int, settings: ClusterSettings
) -> list[tuple[int, np.ndarray]]:
    """Candidate earlier articles (positions) of the records from ``first_query`` on.

    ``records`` are consecutive in publication order and start early enough to hold
    every article within the longer window of the first query. For each query: the
    earlier records within ``story_max_gap_days`` sharing one of its query terms, and
    those within ``cross_lingual_max_gap_days`` in another language.
    """
    terms: dict[str, deque[tuple[float, int]]] = defaultdict(deque)
    languages: dict[str, deque[tuple[float, int]]] = defaultdict(deque)
    story_window = settings.story_max_gap_days * DAY
    cross_window = settings.cross_lingual_max_gap_days * DAY
    out = []
    for index, r in enumerate(records):
        if index >= first_query:
            found: set[int] = set()
            for keys, postings, window in (
                (r.query_terms, terms, story_window),
                ([lang for lang in languages if lang != r.language], languages, cross_window),
            ):
                horizon = r.ts - window
                for k in keys:
                    recent = postings.get(k)
                    if not recent:
                        continue
                    while recent and recent[0][0] < horizon:
                        recent.popleft()
                    found.update(p for _, p in recent)
            out.append((r.position, np.array(sorted(found), dtype=np.int32)))
        for t in r.terms:
            terms[t].append((r.ts, r.position))
        languages[r.language].append((r.ts, r.position))
    return out


class BlockedClusterer(StoryClusterer):
    """The local StoryClusterer, with the candidate articles of dated articles taken from
    the blocking computed beforehand (``blocked``: article id → earlier positions into
    ``ids``); undated articles are looked up by the clusterer's own index.

    Blocking sees every earlier article; the clusterer's own index holds only articles
    that joined a story (copies follow their canonical article), so the candidates are
    restricted to those here.
    """

    def __init__(
        self,
        settings: ClusterSettings,
        model: StoryModel | None,
        blocked: dict[str, np.ndarray],
        ids: Sequence[str],
    ) -> None:
        super().__init__(settings, model)
        self.blocked = blocked
        self.ids = ids
        self.joined: set[str] = set()

    def candidate_articles(self, s: ArticleSignal) -> set[str]:
        found = self.blocked.get(s.id)
        if found is None or s.ts is None:
            return super().candidate_articles(s)
        self._expire(s)
        ids, joined = self.ids, self.joined
        return {ids[p] for p in found.tolist() if ids[p] in joined}

    def _expire(self, s: ArticleSignal) -> None:
        """Drop what the lookup would have dropped from the index (articles older than
        its windows), so an undated article later finds what it would find locally."""
        assert s.ts is not None
        own = s.language or ""
        c = self.settings
        for keys, index, window in (
            (self.query_terms(s), self._terms, c.story_max_gap_days),
            ([lang for lang in self._languages if lang != own], self._languages, c.cross_lingual_max_gap_days),
        ):
            horizon = s.ts - window * DAY
            for k in keys:
                recent = index.get(k)
                while recent and recent[0][0] < horizon:
                    recent.popleft()

    def join(self, s: ArticleSignal, sid: str | None) -> str:
        sid = super().join(s, sid)
        self.joined.add(s.id)
        return sid
