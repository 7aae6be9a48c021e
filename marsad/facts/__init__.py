"""What each outlet says: quotes, facts compared across outlets, conflicts.

* :func:`find_quotes` (article) → Quote spans (speaker, verb, content);
* :func:`compose_facts` (story, articles) → :class:`FactsResult`: the story's facts
  (corroborated / conflicting / single-source, with sources and evidence spans), the
  outlet-by-fact coverage matrix and each outlet's unique facts.

How claims are cut, aligned and judged is in :mod:`marsad.facts.claims` and
:mod:`marsad.facts.align` (the rule that lets time explain a difference is there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marsad.facts.align import AlignedFacts, Encoder, FactRecord, align_claims
from marsad.facts.claims import Claim, analyse_claims, outlet_key
from marsad.facts.quotes import find_quotes
from marsad.model import Article, Fact, Quote, Story
from marsad.store.sqlite import published_timestamp

__all__ = ["FactsResult", "compose_facts", "find_quotes", "story_articles"]


@dataclass(slots=True)
class FactsResult:
    """A story's facts and what the summary and the presentation need from them."""

    facts: list[Fact] = field(default_factory=list)
    # Outlets as columns, one row per fact (story.facts order): True when the outlet
    # says it, the value it reports for an attribute fact, None when it is silent.
    outlets: list[str] = field(default_factory=list)
    rows: list[list[str | bool | None]] = field(default_factory=list)
    # Outlet → indexes (into facts) of the single-source facts only it reports.
    unique_by_outlet: dict[str, list[int]] = field(default_factory=dict)
    quotes: dict[str, list[Quote]] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    units: list[Claim] = field(default_factory=list)
    records: list[FactRecord] = field(default_factory=list)
    # (article id, claim start) → outlets that back the claim, its own included.
    backing: dict[tuple[str, int], set[str]] = field(default_factory=dict)

    @property
    def coverage(self) -> dict[str, Any]:
        """The coverage matrix as digest.json carries it in ``story.extra["coverage"]``."""
        return {"outlets": list(self.outlets), "rows": [list(r) for r in self.rows]}

    def extra(self) -> dict[str, Any]:
        """The keys to merge into ``story.extra`` (JSON-ready)."""
        return {"coverage": self.coverage, "unique_by_outlet": {k: list(v) for k, v in self.unique_by_outlet.items()}}


def story_articles(story: Story, articles: Mapping[str, Article]) -> tuple[list[Article], list[Article]]:
    """A story's articles in publication order, and the canonical ones among them
    (not a syndicated copy of another article of the story)."""
    members = [articles[a] for a in story.articles if a in articles]
    members.sort(key=lambda a: (published_timestamp(a.published) or float("inf"), a.id))
    ids = {a.id for a in members}
    canonical = [a for a in members if not a.duplicate_of or a.duplicate_of not in ids]
    return members, canonical


def compose_facts(story: Story, articles: Mapping[str, Article], *, encoder: Encoder | None = None) -> FactsResult:
    """Quotes, facts, coverage and unique facts of one story.

    Args:
        story: the story (its ``articles`` ids).
        articles: article id → Article (analysed, with ``duplicate_of`` and resolved
            mention entities).
        encoder: a sentence embedder (``marsad.cluster.signals.Embedder``), used only
            when the story mixes languages.

    Returns:
        A :class:`FactsResult`; ``quotes`` holds every article's quotes (copies too),
        for ``article.quotes``.
    """
    members, canonical = story_articles(story, articles)
    quotes = {a.id: find_quotes(a) if a.language in (None, "ar") else [] for a in members}
    order = {a.id: i for i, a in enumerate(members)}
    claims: list[Claim] = []
    units: list[Claim] = []
    for a in canonical:
        if not a.text:
            continue
        analysed = analyse_claims(a, quotes.get(a.id, ()))
        claims.extend(analysed.claims)
        units.extend(analysed.units)
    aligned: AlignedFacts = align_claims(claims, units, order, encoder=encoder)
    facts = [r.fact for r in aligned.records]
    outlet_count: dict[str, int] = {}
    for a in canonical:
        key = outlet_key(a)
        outlet_count[key] = outlet_count.get(key, 0) + 1
    outlets = sorted(outlet_count, key=lambda o: (-outlet_count[o], o))
    rows = [[r.outlets.get(o) for o in outlets] for r in aligned.records]
    unique: dict[str, list[int]] = {}
    for i, r in enumerate(aligned.records):
        if r.fact.status == "single-source" and len(r.outlets) == 1:
            unique.setdefault(next(iter(r.outlets)), []).append(i)
    return FactsResult(
        facts=facts,
        outlets=outlets,
        rows=rows,
        unique_by_outlet={o: unique[o] for o in outlets if o in unique},
        quotes=quotes,
        claims=claims,
        units=units,
        records=aligned.records,
        backing=aligned.backing,
    )
