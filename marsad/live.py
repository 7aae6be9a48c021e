"""A store kept up to date one article at a time: the writer behind ``marsad serve``.

``LiveDigest`` replays the stored articles once (as a batch run would) to rebuild the
dedup and clustering state in memory, then places each new article as it comes: one
dedup lookup, one story decision, and only the stories it touched are recomposed and
written back. Articles published in order give exactly the stories a batch run over
all of them gives (the same replay, continued). An article *older* than the newest
placed one cannot be placed without changing what came after it: it triggers a full
rebuild, so the result is still the batch result, only slower.

What is recomputed per add is the touched story (title, entities, timeline, facts,
summary) and the topic of a *new* story (it joins the topic of the most similar story
within the topic window). Topics of older stories are not revisited until the next
full rebuild (``marsad digest --db FILE``); bench/add_latency.py measures how often the
two differ.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable

from marsad.cluster.assemble import assemble_stories
from marsad.cluster.stories import DAY, StoryState
from marsad.cluster.stream import StreamIndex, order_key
from marsad.cluster.topics import TopicGrouper, _Topic, _unit_emb, _unit_terms, topic_id
from marsad.digest import RunReport, ingest_docs, rebuild
from marsad.model import InputError, RawDoc, Story, Topic
from marsad.pipeline import Pipeline
from marsad.store.base import Store

__all__ = ["LiveDigest"]

logger = logging.getLogger(__name__)
_TOPIC_QUERY_TERMS = 10


class LiveDigest:
    """Adds articles to a store and keeps its stories current (thread-safe writer)."""

    def __init__(self, store: Store, pipeline: Pipeline) -> None:
        self.store = store
        self.pipeline = pipeline
        self.lock = threading.Lock()
        self._load()

    def _load(self) -> None:
        start = time.perf_counter()
        self.index = StreamIndex(self.pipeline.settings, self.pipeline.story_model)
        for article in self.store.iter_articles(with_features=True):
            self.index.add(article)
        self.topic_of: dict[str, str] = {}
        self.topic_titles: dict[str, Topic] = {}
        for topic in self.store.iter_topics():
            self.topic_titles[topic.id] = topic
            for sid in topic.stories:
                self.topic_of[sid] = topic.id
        self._topic_index: dict[str, set[str]] = defaultdict(set)
        for sid, state in self.index.clusterer.stories.items():
            self._index_story(sid, state)
        logger.info("live index: %d articles replayed in %.1fs", len(self.index.signals), time.perf_counter() - start)

    def _index_story(self, sid: str, state: StoryState) -> None:
        for term, _ in sorted(state.term_sum.items(), key=lambda kv: (-kv[1], kv[0]))[:_TOPIC_QUERY_TERMS]:
            self._topic_index[term].add(sid)

    def add(self, raws: Iterable[RawDoc | InputError]) -> RunReport:
        """Analyse, store and place new articles; returns what happened."""
        with self.lock:
            report = RunReport()
            start = time.perf_counter()
            added = ingest_docs(self.store, raws, self.pipeline, report)
            if not added:
                return report
            ordered = sorted(added, key=order_key)
            if not all(self.index.accepts(a) for a in ordered[:1]):
                # Older than what is placed: replay everything, as a batch run would.
                rebuild(self.store, self.pipeline, report)
                self._load()
                report.seconds["live add"] = time.perf_counter() - start
                return report
            touched: set[str] = set()
            for article in ordered:
                placed = self.index.add(article)
                article.duplicate_of = placed.duplicate_of
                article.story = placed.story
                touched.add(placed.story)
            self.store.set_assignments({a.id: a.duplicate_of for a in ordered}, {a.id: a.story for a in ordered})
            stories, topics = self._recompose(touched)
            self.store.upsert_stories(stories, topics)
            report.articles = self.store.count_articles()
            report.stories = len(stories)
            report.seconds["live add"] = time.perf_counter() - start
            return report

    def _recompose(self, touched: set[str]) -> tuple[list[Story], list[Topic]]:
        clusterer = self.index.clusterer
        member_ids = sorted({m for sid in touched for m in clusterer.stories[sid].members})
        articles = {a.id: a for a in self.store.get_articles(member_ids, with_features=True)}
        for aid, article in articles.items():
            article.duplicate_of = self.index.duplicates.get(aid)
            article.story = clusterer.assignment.get(aid)
        topics_changed: set[str] = set()
        for sid in sorted(touched):
            if sid not in self.topic_of:
                tid = self._topic_for(sid)
                self.topic_of[sid] = tid
                topics_changed.add(tid)
            self._index_story(sid, clusterer.stories[sid])
        subset = _SubsetClusterer(clusterer, touched)
        stories = assemble_stories(subset, articles, self.index.signals, self.index.duplicates, self.topic_of)  # type: ignore[arg-type]
        requoted = self.pipeline.compose_stories(stories, articles)
        if requoted:
            self.store.update_analysis(requoted)
        topics = []
        for tid in sorted(topics_changed):
            members = sorted(sid for sid, t in self.topic_of.items() if t == tid)
            known = self.topic_titles.get(tid)
            title = known.title if known else next(s.title for s in stories if s.id in members)
            topic = Topic(tid, title, members)
            self.topic_titles[tid] = topic
            topics.append(topic)
        return stories, topics

    def _topic_for(self, sid: str) -> str:
        """The topic of the most similar earlier story within the topic window, or a new one."""
        settings = self.pipeline.settings.cluster
        grouper = TopicGrouper(settings)
        state = self.index.clusterer.stories[sid]
        terms = sorted(_unit_terms(state).items(), key=lambda kv: (-kv[1], kv[0]))[:_TOPIC_QUERY_TERMS]
        candidates = sorted({other for t, _ in terms for other in self._topic_index.get(t, ())} - {sid})
        best: tuple[float, str] | None = None
        for other in candidates:
            other_state = self.index.clusterer.stories.get(other)
            if other_state is None or other not in self.topic_of:
                continue
            dated = state.first_ts is not None and other_state.last_ts is not None
            if dated and (state.first_ts or 0.0) - (other_state.last_ts or 0.0) > settings.topic_window_days * DAY:
                continue
            pseudo = _Topic(self.topic_of[other], terms=_unit_terms(other_state), emb=_unit_emb(other_state))
            pseudo.entities.update(other_state.entities.keys())
            score = grouper.similarity(state, pseudo)
            if score >= settings.topic_threshold and (best is None or score > best[0]):
                best = (score, self.topic_of[other])
        return best[1] if best else topic_id(sid)


class _SubsetClusterer:
    """A clusterer seen through only some of its stories (for recomposing those)."""

    def __init__(self, clusterer: object, story_ids: set[str]) -> None:
        self._clusterer = clusterer
        self.stories = {sid: clusterer.stories[sid] for sid in sorted(story_ids)}  # type: ignore[attr-defined]

    def similarity(self, signal: object, story: StoryState) -> float:
        return self._clusterer.similarity(signal, story)  # type: ignore[attr-defined]
