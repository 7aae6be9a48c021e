"""Topics: the ongoing threads that group related stories (successive rounds of one
negotiation, the matches of one tournament).

Stories are taken in order of their first article; each joins the most similar topic
active within ``topic_window_days`` (compared centroid to centroid, over the same
evidence as stories, without the time penalty of a single happening) or starts one.
Like stories, topics are a pure function of the stories, so batch and stream agree.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from marsad.cluster.stories import DAY, StoryState
from marsad.config import ClusterSettings

__all__ = ["TopicGrouper", "topic_id"]

_QUERY_TERMS = 10


def topic_id(first_story: str) -> str:
    return "t" + hashlib.sha1(first_story.encode()).hexdigest()[:12]


@dataclass(slots=True)
class _Topic:
    id: str
    stories: list[str] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    terms_norm: float = 1.0
    emb: np.ndarray | None = None
    emb_norm: float = 1.0
    entities: Counter[str] = field(default_factory=Counter)
    last_ts: float | None = None
    terms_sq: float = 0.0

    def __post_init__(self) -> None:
        self.terms_sq = sum(w * w for w in self.terms.values())
        self.terms_norm = math.sqrt(self.terms_sq) or 1.0
        if self.emb is not None:
            self.emb_norm = float(np.linalg.norm(self.emb)) or 1.0

    def add_terms(self, terms: dict[str, float]) -> None:
        for t, w in terms.items():
            old = self.terms.get(t, 0.0)
            self.terms[t] = old + w
            self.terms_sq += w * (2 * old + w)
        self.terms_norm = math.sqrt(self.terms_sq) or 1.0


def _unit_terms(story: StoryState) -> dict[str, float]:
    norm = story.term_norm or 1.0
    return {t: w / norm for t, w in story.term_sum.items()}


def _unit_emb(story: StoryState) -> np.ndarray | None:
    if story.emb_sum is None or story.emb_norm <= 0:
        return None
    return story.emb_sum.astype(np.float64) / story.emb_norm


class TopicGrouper:
    """Groups stories into topics.

    Example:
        >>> from marsad.cluster.stories import StoryState
        >>> a = StoryState("s1", ["x"], {"مفاوضات": 1.0, "اسطنبول": 1.0}, math.sqrt(2), first_ts=0.0, last_ts=0.0)
        >>> b = StoryState("s2", ["y"], {"مفاوضات": 1.0, "اسطنبول": 0.8}, math.sqrt(1.64), first_ts=40 * DAY,
        ...                last_ts=40 * DAY)
        >>> groups = TopicGrouper(ClusterSettings()).group([a, b])
        >>> groups["s1"] == groups["s2"]
        True
    """

    def __init__(self, settings: ClusterSettings) -> None:
        self.settings = settings

    def similarity(self, story: StoryState, topic: _Topic) -> float:
        c = self.settings
        terms = _unit_terms(story)
        topic_terms = topic.terms
        lex = sum(w * topic_terms.get(t, 0.0) for t, w in terms.items()) / topic.terms_norm
        sem = 0.0
        emb = _unit_emb(story)
        if emb is not None and topic.emb is not None:
            sem = max(0.0, float(emb @ topic.emb) / topic.emb_norm)
        ent = 0.0
        if story.entities and topic.entities:
            shared = sum(min(1, topic.entities.get(k, 0)) for k in story.entities)
            ent = shared / math.sqrt(len(story.entities) * len(topic.entities))
        total = c.w_lexical + c.w_semantic + c.w_entities
        return (c.w_lexical * lex + c.w_semantic * sem + c.w_entities * ent) / total

    def group(self, stories: list[StoryState]) -> dict[str, str]:
        """Story id → topic id."""
        ordered = sorted(stories, key=lambda s: (s.first_ts if s.first_ts is not None else math.inf, s.id))
        topics: dict[str, _Topic] = {}
        index: dict[str, set[str]] = defaultdict(set)
        out: dict[str, str] = {}
        window = self.settings.topic_window_days * DAY
        for story in ordered:
            terms = _unit_terms(story)
            query = sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:_QUERY_TERMS]
            candidates = sorted({tid for term, _ in query for tid in index.get(term, ())})
            best: tuple[float, _Topic] | None = None
            for tid in candidates:
                topic = topics[tid]
                if story.first_ts is not None and topic.last_ts is not None and story.first_ts - topic.last_ts > window:
                    continue
                score = self.similarity(story, topic)
                if score >= self.settings.topic_threshold and (best is None or score > best[0]):
                    best = (score, topic)
            if best is None:
                topic = topics[topic_id(story.id)] = _Topic(topic_id(story.id))
            else:
                topic = best[1]
            topic.stories.append(story.id)
            topic.add_terms(terms)
            for term, _ in query:
                index[term].add(topic.id)
            emb = _unit_emb(story)
            if emb is not None:
                topic.emb = emb.copy() if topic.emb is None else topic.emb + emb
                topic.emb_norm = float(np.linalg.norm(topic.emb)) or 1.0
            topic.entities.update(story.entities.keys())
            if story.last_ts is not None:
                topic.last_ts = story.last_ts if topic.last_ts is None else max(topic.last_ts, story.last_ts)
            out[story.id] = topic.id
        return out
