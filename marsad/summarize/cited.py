"""A story's extractive summary in which every sentence cites every article that says it.

Candidates are the on-topic sentences of the story's canonical articles (a syndicated
copy adds nothing to choose from), in the story's language, that can stand alone:

* not a heading, dateline or caption (:func:`marsad.facts.claims.is_heading`), not too
  short to say anything, not so long it would eat the budget;
* no quotation without its speaker: a sentence whose quote takes its speaker from an
  earlier sentence («وأضاف: «…»») or has none is left out;
* nothing that another article of the story had removed as chrome;
* an agency dateline in front («السنابل (وكالة الواحة) –») is cut off the span.

Each candidate is scored by how central it is to the story (cosine of its IDF-weighted
content words with the story's), how many independent outlets back it (the facts'
alignment), whether it is an article's lead, and whether it carries a corroborated fact;
sentences are then picked by maximal marginal relevance (no two saying the same thing)
within ``max_sentences`` and ``max_words``. A one-article story keeps the article's order;
otherwise sentences are ordered by the day of the happening they report, then by
publication. Citations are every article of the story (copies included) that
:func:`marsad.summarize.check.supports` the sentence, and ``source`` is the span it was
taken from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from marsad.arabic.normalize import normalize_word
from marsad.config import SummarySettings
from marsad.facts import FactsResult, find_quotes, story_articles
from marsad.facts.claims import Claim, is_heading, outlet_key, sentence_units
from marsad.facts.quotes import quote_spans
from marsad.model import Article, Citation, Quote, Story, SummarySentence
from marsad.store.sqlite import published_timestamp
from marsad.summarize.check import SupportIndex, claim_from_text, contains_chrome

__all__ = ["Candidate", "candidates", "summarize_story"]

MIN_WORDS = 7
# News puts what matters first: an article's lead sentence gets this on top of its centrality.
LEAD_BONUS = 0.5
# Two sentences sharing this much of the smaller one say the same thing.
REDUNDANT = 0.5
MMR_LAMBDA = 0.75
# Candidates kept (best first) before selection in a large story.
POOL = 80
# The days around publication a sentence's own date is read as the happening's day.
EVENT_WINDOW_DAYS = (7, 1)
_DATELINE = re.compile(r"\s*[^().:\n]{2,60}\([^()]{2,40}\)\s*[–—-]+\s*")
# Words that open a sentence leaning on the one before it.
_ANAPHORIC = frozenset(
    normalize_word(w) for w in "هذا وهذا ذلك وذلك كما وهو وهي وهم هؤلاء وكانت وكان بينما فيما أما وأما".split()
)


@dataclass(slots=True)
class Candidate:
    """A sentence that may go into the summary."""

    article: Article
    start: int
    end: int
    text: str
    words: int
    position: int
    unit: Claim
    score: float = 0.0
    outlets: int = 1


def _carried_speaker(quotes: Sequence[Quote], start: int, end: int) -> bool:
    """A quote in [start, end) whose speaker is not named inside it (or nowhere)."""
    return any(
        (start <= q.content_start < end or (q.start < end and start < q.end))
        and (q.speaker_start is None or not (start <= q.speaker_start < end))
        for q in quotes
    )


def _orphan_quotation(text: str, quotes: Sequence[Quote], start: int, end: int) -> bool:
    """Quotation marks holding most of the sentence with no reported-speech frame."""
    if any(q.start < end and start < q.end for q in quotes):
        return False
    quoted = sum(c - o for o, c in quote_spans(text, start, end))
    return quoted > 0.4 * (end - start)


def candidates(
    story: Story, articles: Mapping[str, Article], settings: SummarySettings, facts: FactsResult | None = None
) -> list[Candidate]:
    """The story's sentences that may stand alone in a summary, unscored."""
    members, canonical = story_articles(story, articles)
    languages = [a.language or "ar" for a in canonical if a.text]
    language = "ar" if "ar" in languages else (max(set(languages), key=languages.count) if languages else "ar")
    removed = [r for a in members for r in a.removed]
    max_words = max(MIN_WORDS + 1, settings.max_words // max(1, settings.min_sentences) + 12)
    out: list[Candidate] = []
    for article in canonical:
        if (article.language or "ar") != language or not article.text:
            continue
        if facts is not None and article.id in facts.quotes:
            quotes = facts.quotes[article.id]
            units = {u.sentence: u for u in facts.units if u.article == article.id}
        else:
            quotes = find_quotes(article)
            units = {u.sentence: u for u in sentence_units(article, quotes)}
        position = 0
        for index, sentence in enumerate(article.sentences):
            if sentence.segment != 0:
                continue
            start, end = sentence.start, sentence.end
            text = article.text[start:end]
            if is_heading(text):
                continue
            position += 1
            if position == 1:
                m = _DATELINE.match(article.text, start, end)
                if m and m.end() < end:
                    start = m.end()
            while end > start and article.text[end - 1] in " \n":
                end -= 1
            text = article.text[start:end]
            words = len(text.split())
            if words < MIN_WORDS or words > max_words:
                continue
            if _carried_speaker(quotes, start, end) or _orphan_quotation(article.text, quotes, start, end):
                continue
            if contains_chrome(text, removed) is not None:
                continue
            unit = units.get(index)
            if unit is None:
                continue
            out.append(Candidate(article, start, end, text, words, position - 1, unit))
    return out


def _centroid(units: Sequence[Claim]) -> tuple[dict[str, float], float]:
    acc: dict[str, float] = {}
    for u in units:
        for t in u.tokens:
            acc[t.term] = acc.get(t.term, 0.0) + t.weight
    return acc, math.sqrt(math.fsum(v * v for v in acc.values()))


def _cosine(unit: Claim, centroid: Mapping[str, float], norm: float) -> float:
    dot = math.fsum(t.weight * centroid.get(t.term, 0.0) for t in unit.tokens)
    own = math.sqrt(math.fsum(t.weight * t.weight for t in unit.tokens)) or 1.0
    return dot / (own * norm) if norm else 0.0


def _redundancy(a: Claim, b: Claim) -> float:
    small, big = (a, b) if a.weight <= b.weight else (b, a)
    if small.weight <= 0:
        return 0.0
    got = math.fsum(t.weight for t in small.tokens if t.term in big.terms or t.key in big.keys)
    return got / small.weight


def _score(cands: Sequence[Candidate], facts: FactsResult | None, centroid: Mapping[str, float], norm: float) -> None:
    corroborated: list[Citation] = []
    backing: dict[str, list[tuple[int, set[str]]]] = {}
    if facts is not None:
        corroborated = [c for f in facts.facts if f.status == "corroborated" for c in f.evidence]
        for (aid, start), backers in facts.backing.items():
            backing.setdefault(aid, []).append((start, backers))
    for c in cands:
        outlets: set[str] = {outlet_key(c.article)}
        for start, backers in backing.get(c.article.id, ()):
            if c.start <= start < c.end:
                outlets |= backers
        c.outlets = len(outlets)
        lead = LEAD_BONUS if c.position == 0 else LEAD_BONUS / 3 if c.position == 1 else 0.0
        fact = 0.1 if any(e.article == c.article.id and c.start <= e.start < c.end for e in corroborated) else 0.0
        first = normalize_word(c.text.split(" ", 1)[0])
        anaphoric = 0.15 if first in _ANAPHORIC else 0.0
        short = 0.1 if c.words < 10 else 0.0
        c.score = _cosine(c.unit, centroid, norm) + lead + 0.1 * min(3, c.outlets - 1) + fact - anaphoric - short


def _select(cands: Sequence[Candidate], settings: SummarySettings) -> list[Candidate]:
    pool = sorted(cands, key=lambda c: (-c.score, c.article.id, c.start))[:POOL]
    chosen: list[Candidate] = []
    words = 0
    while pool and len(chosen) < settings.max_sentences:
        best: tuple[float, int] | None = None
        for i, c in enumerate(pool):
            if words + c.words > settings.max_words:
                continue
            redundancy = max((_redundancy(c.unit, s.unit) for s in chosen), default=0.0)
            if redundancy >= REDUNDANT:
                continue
            value = MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * redundancy
            if best is None or value > best[0]:
                best = (value, i)
        if best is None:
            break
        pick = pool.pop(best[1])
        chosen.append(pick)
        words += pick.words
    return chosen


def _day(c: Candidate) -> int:
    ts = published_timestamp(c.article.published)
    pub = date.fromtimestamp(ts).toordinal() if ts is not None else 0
    before, after = EVENT_WINDOW_DAYS
    days = [d for d in c.unit.days if pub - before <= d <= pub + after] if pub else []
    return min(days) if days else pub


def _order(chosen: list[Candidate]) -> list[Candidate]:
    if len({c.article.id for c in chosen}) <= 1:
        return sorted(chosen, key=lambda c: c.start)
    return sorted(
        chosen, key=lambda c: (_day(c), published_timestamp(c.article.published) or 0.0, c.article.id, c.start)
    )


def summarize_story(
    story: Story,
    articles: Mapping[str, Article],
    settings: SummarySettings,
    facts: FactsResult | None = None,
) -> list[SummarySentence]:
    """The cited extractive summary of one story.

    Args:
        story: the story.
        articles: article id → Article (analysed; ``duplicate_of`` set).
        settings: sentence and word budgets.
        facts: the story's :class:`~marsad.facts.FactsResult` (quotes, backing outlets,
            corroborated facts); computed quotes only when None.

    Returns:
        Up to ``settings.max_sentences`` sentences within ``settings.max_words`` words
        (fewer only when the story has fewer usable sentences), each citing every
        article of the story that supports it, its source span first in ``source``.
    """
    cands = candidates(story, articles, settings, facts)
    if not cands:
        return []
    members, canonical = story_articles(story, articles)
    units = facts.units if facts is not None and facts.units else [c.unit for c in cands]
    centroid, norm = _centroid(units)
    _score(cands, facts, centroid, norm)
    chosen = _order(_select(cands, settings))
    indexes: dict[str, SupportIndex] = {}
    by_article: dict[str, list[Claim]] = {}
    for u in units:
        by_article.setdefault(u.article, []).append(u)
    out: list[SummarySentence] = []
    order = {a.id: i for i, a in enumerate(members)}
    canonical_ids = {a.id for a in canonical}

    def index_of(a: Article) -> SupportIndex:
        if a.id not in indexes:
            own = by_article.get(a.id)
            indexes[a.id] = SupportIndex.from_units(a.id, a.text, own) if own else SupportIndex.of(a)
        return indexes[a.id]

    for c in chosen:
        claim = claim_from_text(c.text, c.article.published, language=c.article.language or "ar")
        cited = []
        for a in members:
            if (a.language or "ar") != (c.article.language or "ar"):
                continue
            if a.id not in canonical_ids and a.duplicate_of not in cited:
                continue  # a copy is asked only when what it copies says it
            if index_of(a).score(claim) > 0:
                cited.append(a.id)
        if c.article.id not in cited:
            continue  # never cite what the checker would reject, not even the source
        cited.sort(key=lambda aid: order.get(aid, 0))
        out.append(SummarySentence(c.text, cited, Citation(c.article.id, c.start, c.end)))
    return out
