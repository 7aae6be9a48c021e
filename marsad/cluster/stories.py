"""Story clustering on a stream: each article joins the most likely recent story or
starts a new one.

Articles are taken in publication order (then id), so running over a corpus at once
and feeding the same articles one by one as they are published give the same stories.
An article is compared with the *centroid* of each candidate story (the sums of its
members' vectors), never with its single nearest member: one bridge article cannot
chain two stories together, because it moves a centroid only by its own weight.

The evidence of an article–story pair (see :func:`pair_features`) is weighed by a
learned :class:`~marsad.cluster.model.StoryModel`; beyond ``story_max_gap_days`` of
silence a story takes no new article.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from marsad.cluster.model import FEATURES, StoryModel, load_story_model
from marsad.cluster.signals import ArticleSignal
from marsad.config import ClusterSettings

__all__ = ["DAY", "StoryClusterer", "StoryState", "pair_features", "story_id"]

DAY = 86400.0
# How many of an article's heaviest terms are used to find candidate stories.
_QUERY_TERMS = 12
# How many of a story's latest members an article is compared with one by one.
RECENT_MEMBERS = 50


def story_id(first_article: str) -> str:
    """A story's id: derived from its first article, so it is the same on every run."""
    return "s" + hashlib.sha1(first_article.encode()).hexdigest()[:12]


def _cos_sum(a: dict[str, float], total: dict[str, float], norm: float) -> float:
    if norm <= 0 or not a:
        return 0.0
    return sum(w * total.get(t, 0.0) for t, w in a.items()) / norm


def _set_cosine(a: frozenset[str], counts: Counter[str], sq_norm: float) -> float:
    """Cosine between a binary set and a count vector (``sq_norm`` = Σ count²)."""
    if not a or sq_norm <= 0:
        return 0.0
    return sum(counts.get(k, 0) for k in a) / math.sqrt(len(a) * sq_norm)


def _day(ts: float) -> int:
    """Proleptic ordinal of the UTC day of an epoch timestamp."""
    return int(ts // DAY) + 719163  # date(1970, 1, 1).toordinal()


def _near(days: Iterable[int], others: set[int]) -> bool:
    return any(d + k in others for d in days for k in (-1, 0, 1))


def _unit(embedding: np.ndarray | None) -> np.ndarray | None:
    if embedding is None:
        return None
    e = embedding.astype(np.float64)
    norm = float(np.sqrt(e @ e))
    return e / norm if norm else None


def _add_sparse(total: dict[str, float], vector: dict[str, float]) -> float:
    for t, w in vector.items():
        total[t] = total.get(t, 0.0) + w
    return math.sqrt(sum(w * w for w in total.values()))


@dataclass(slots=True)
class StoryState:
    """A story as the clusterer sees it: its members and the sums that make its centroid."""

    id: str
    members: list[str] = field(default_factory=list)
    term_sum: dict[str, float] = field(default_factory=dict)
    term_norm: float = 0.0
    lead_sum: dict[str, float] = field(default_factory=dict)
    lead_norm: float = 0.0
    emb_sum: np.ndarray | None = None
    emb_norm: float = 0.0
    entities: Counter[str] = field(default_factory=Counter)
    entities_sq: float = 0.0
    places: Counter[str] = field(default_factory=Counter)
    places_sq: float = 0.0
    numbers: Counter[str] = field(default_factory=Counter)
    numbers_sq: float = 0.0
    first_ts: float | None = None
    last_ts: float | None = None
    size: int = 0  # members that shaped the centroid (copies excluded)
    languages: Counter[str] = field(default_factory=Counter)
    days: set[int] = field(default_factory=set)  # days its articles name (see ArticleSignal.days)
    published_days: set[int] = field(default_factory=set)
    anticipates: list[tuple[int, int]] = field(default_factory=list)  # announced days (windows)
    # The latest members' lead vectors and unit embeddings, for nearest-member evidence:
    # the leads as postings (term → member → weight), so an article's dot product with
    # every recent member costs only the terms they share; the embeddings as one matrix.
    recent: deque[tuple[int, dict[str, float], np.ndarray | None]] = field(default_factory=deque)
    recent_postings: dict[str, dict[int, float]] = field(default_factory=dict)
    _recent_units: np.ndarray | None = None

    def add(self, s: ArticleSignal) -> None:
        self.members.append(s.id)
        self.size += 1
        self.languages[s.language or ""] += 1
        if len(self.recent) == RECENT_MEMBERS:
            seq, lead, _ = self.recent.popleft()
            for t in lead:
                postings = self.recent_postings[t]
                del postings[seq]
                if not postings:
                    del self.recent_postings[t]
        self.recent.append((self.size, s.lead, _unit(s.embedding)))
        for t, w in s.lead.items():
            self.recent_postings.setdefault(t, {})[self.size] = w
        self._recent_units = None
        self.term_norm = _add_sparse(self.term_sum, s.terms)
        self.lead_norm = _add_sparse(self.lead_sum, s.lead)
        if s.embedding is not None:
            e = s.embedding.astype(np.int64)
            self.emb_sum = e if self.emb_sum is None else self.emb_sum + e
            self.emb_norm = float(np.sqrt(float(self.emb_sum @ self.emb_sum)))
        self.entities.update(s.entities)
        self.entities_sq = float(sum(c * c for c in self.entities.values()))
        self.places.update(s.places)
        self.places_sq = float(sum(c * c for c in self.places.values()))
        self.numbers.update(s.numbers)
        self.numbers_sq = float(sum(c * c for c in self.numbers.values()))
        self.days.update(s.days)
        self.anticipates.extend(w for w in s.anticipates if w not in self.anticipates)
        if s.ts is not None:
            self.published_days.add(_day(s.ts))
            self.first_ts = s.ts if self.first_ts is None else min(self.first_ts, s.ts)
            self.last_ts = s.ts if self.last_ts is None else max(self.last_ts, s.ts)


    def max_lead_cosine(self, lead: dict[str, float]) -> float:
        """The largest dot product of ``lead`` with a recent member's lead vector."""
        totals: dict[int, float] = {}
        postings = self.recent_postings
        for t, w in lead.items():
            members = postings.get(t)
            if members:
                for seq, mw in members.items():
                    totals[seq] = totals.get(seq, 0.0) + w * mw
        return max(totals.values(), default=0.0)

    def max_unit_cosine(self, unit: np.ndarray | None) -> float:
        """The largest cosine of a unit embedding with a recent member's (0 without)."""
        if unit is None:
            return 0.0
        if self._recent_units is None:
            units = [e for _, _, e in self.recent if e is not None]
            self._recent_units = np.array(units) if units else np.zeros((0, unit.shape[0]))
        if not len(self._recent_units):
            return 0.0
        return max(0.0, float(np.max(self._recent_units @ unit)))


def pair_features(s: ArticleSignal, story: StoryState) -> tuple[float, ...]:
    """The evidence that article ``s`` reports ``story``'s happening (see model.FEATURES)."""
    lex = _cos_sum(s.terms, story.term_sum, story.term_norm)
    lead = _cos_sum(s.lead, story.lead_sum, story.lead_norm)
    sem = 0.0
    if s.embedding is not None and story.emb_sum is not None and story.emb_norm > 0:
        e = s.embedding.astype(np.int64)
        denom = math.sqrt(float(e @ e)) * story.emb_norm
        sem = max(0.0, float(e @ story.emb_sum) / denom) if denom else 0.0
    ent = _set_cosine(s.entities, story.entities, story.entities_sq)
    place = _set_cosine(s.places, story.places, story.places_sq)
    num = _set_cosine(s.numbers, story.numbers, story.numbers_sq)
    # Share of the article's names the story has never mentioned (0.5: no names to judge).
    new = sum(1 for k in s.entities if k not in story.entities) / len(s.entities) if s.entities else 0.5
    gap = 0.0
    if s.ts is not None and story.last_ts is not None:
        gap = min(max(0.0, s.ts - story.last_ts) / DAY, 14.0) / 7.0
    # Nearest recent member: a story with many angles (reactions from a dozen capitals)
    # has a broad centroid, but a new angle is often close to one member already there.
    max_lead = story.max_lead_cosine(s.lead)
    max_sem = story.max_unit_cosine(_unit(s.embedding))
    # Same day named: the article names a day the story's articles name or were
    # published on, or is published on a day the story announced («نهاية الأسبوع»).
    same_day = 1.0 if _near(s.days, story.days | story.published_days) else 0.0
    if not same_day and s.ts is not None and _near((_day(s.ts),), story.days):
        same_day = 1.0
    # Long articles about one happening share a smaller part of their words.
    size = s.length
    return (
        lex,
        lead,
        sem,
        ent,
        place,
        num,
        new,
        gap,
        lex * sem,
        max_lead,
        max(max_sem, 0.0),
        size,
        lex * size,
        lead * size,
        same_day,
    )


class StoryClusterer:
    """Assigns articles, in publication order, to stories.

    Example:
        >>> c = StoryClusterer(ClusterSettings())
        >>> a = ArticleSignal("a1", 0.0, {"حريق": 0.8, "مصنع": 0.6}, None, lead={"حريق": 0.8, "مصنع": 0.6})
        >>> b = ArticleSignal("a2", 3600.0, {"حريق": 0.7, "مصنع": 0.7}, None, lead={"حريق": 0.7, "مصنع": 0.7})
        >>> c.add(a) == c.add(b)
        True
    """

    def __init__(self, settings: ClusterSettings, model: StoryModel | None = None) -> None:
        self.settings = settings
        self.model = model or load_story_model(settings.story_model or None)
        self.stories: dict[str, StoryState] = {}
        self.assignment: dict[str, str] = {}
        # Recent articles per term and per language, oldest first (articles arrive in
        # publication order, so expiring is popping from the left).
        self._terms: dict[str, deque[tuple[float, str]]] = defaultdict(deque)
        self._languages: dict[str, deque[tuple[float, str]]] = defaultdict(deque)

    def similarity(self, s: ArticleSignal, story: StoryState) -> float:
        """Probability that ``s`` reports the happening of ``story``.

        Across languages words and names cannot be compared, and the model was trained
        on pairs in one language; the multilingual sentence encoder is the evidence left,
        held to a bar above what unrelated pairs reach (USE v3: paraphrases across
        Arabic/English 0.39–0.64, unrelated ≤ 0.32), within a few days.
        """
        if s.language and story.languages and s.language not in story.languages:
            features = pair_features(s, story)
            semantic = max(features[FEATURES.index("semantic")], features[FEATURES.index("max_semantic")])
            recent = features[FEATURES.index("gap")] * 7.0 <= self.settings.cross_lingual_max_gap_days
            return semantic if recent and semantic >= self.settings.cross_lingual_min_semantic else 0.0
        return self.model.score(pair_features(s, story))

    # --- stream ---
    @staticmethod
    def query_terms(s: ArticleSignal) -> list[str]:
        """The article's heaviest terms: what it is looked up by."""
        return [t for t, _ in sorted(s.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:_QUERY_TERMS]]

    def candidate_articles(self, s: ArticleSignal) -> set[str]:
        """Earlier articles that may share a story with ``s``: those of the last
        ``story_max_gap_days`` holding one of its heaviest terms, and those of the last
        ``cross_lingual_max_gap_days`` in another language. A distributed engine computes
        the same set by blocking on (term, time) and (language, time)."""
        found: set[str] = set()
        for key, index, window in (
            (self.query_terms(s), self._terms, self.settings.story_max_gap_days),
            (
                [lang for lang in self._languages if lang != (s.language or "")],
                self._languages,
                self.settings.cross_lingual_max_gap_days,
            ),
        ):
            horizon = None if s.ts is None else s.ts - window * DAY
            for k in key:
                recent = index.get(k)
                if not recent:
                    continue
                while horizon is not None and recent and recent[0][0] < horizon:
                    recent.popleft()
                found.update(aid for _, aid in recent)
        return found

    def candidates(self, s: ArticleSignal, articles: Iterable[str] | None = None) -> list[str]:
        """Stories of the candidate articles (or of ``articles`` when given) that have not
        gone quiet for longer than ``story_max_gap_days``."""
        pool = self.candidate_articles(s) if articles is None else articles
        out = set()
        for aid in pool:
            sid = self.assignment.get(aid)
            if sid is None:
                continue
            last = self.stories[sid].last_ts
            if s.ts is not None and last is not None and (s.ts - last) / DAY > self.settings.story_max_gap_days:
                continue
            out.add(sid)
        return sorted(out)

    def best_story(self, s: ArticleSignal, articles: Iterable[str] | None = None) -> tuple[str | None, float]:
        best: tuple[float, str] | None = None
        announced: tuple[float, str] | None = None
        for sid in self.candidates(s, articles):
            story = self.stories[sid]
            score = self.similarity(s, story)
            if score >= self.model.threshold and (best is None or score > best[0]):
                best = (score, sid)
            elif best is None and self._announced(s, story) and (announced is None or score > announced[0]):
                announced = (score, sid)
        if best is None and announced is not None:
            # The story announced a happening for the days this article was published
            # in («the meeting will be held at the end of the week»), and the article is
            # about the same subject: it reports what was announced.
            best = announced
        return (best[1], best[0]) if best else (None, 0.0)

    def _announced(self, s: ArticleSignal, story: StoryState) -> bool:
        # Only a lone announcement: a story many outlets already cover is judged on the
        # evidence of its articles alone.
        if s.ts is None or not story.anticipates or story.size > self.settings.announced_max_size:
            return False
        day = _day(s.ts)
        if not any(a <= day <= b for a, b in story.anticipates):
            return False
        features = pair_features(s, story)
        c = self.settings
        return (
            features[FEATURES.index("lex_body")] >= c.announced_min_lexical
            and max(features[FEATURES.index("semantic")], features[FEATURES.index("max_semantic")])
            >= c.announced_min_semantic
        )

    def join(self, s: ArticleSignal, sid: str | None) -> str:
        """Put ``s`` in story ``sid`` (a new story when None) and index it."""
        if sid is None:
            sid = story_id(s.id)
            self.stories[sid] = StoryState(sid)
        self.stories[sid].add(s)
        ts = s.ts if s.ts is not None else float("inf")
        for term in s.terms:
            self._terms[term].append((ts, s.id))
        self._languages[s.language or ""].append((ts, s.id))
        self.assignment[s.id] = sid
        return sid

    def add(self, s: ArticleSignal, candidates: Iterable[str] | None = None) -> str:
        """Assign one article (publication order expected) and return its story id;
        ``candidates`` (earlier article ids, see :meth:`candidate_articles`) replaces the
        lookup when a distributed engine computed it."""
        sid, _ = self.best_story(s, candidates)
        return self.join(s, sid)

    def attach(self, article_id: str, canonical_id: str) -> str:
        """Put a copy in its canonical article's story without moving the centroid."""
        sid = self.assignment[canonical_id]
        self.stories[sid].members.append(article_id)
        self.assignment[article_id] = sid
        return sid

    def run(self, signals: Iterable[ArticleSignal], duplicates: dict[str, str] | None = None) -> dict[str, str]:
        """Cluster a whole ordered stream; copies (``duplicates``: id → canonical) follow
        their canonical article."""
        duplicates = duplicates or {}
        for s in signals:
            canonical = duplicates.get(s.id)
            if canonical is not None and canonical in self.assignment:
                self.attach(s.id, canonical)
            else:
                self.add(s)
        return self.assignment
