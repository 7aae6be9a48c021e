"""Claims aligned across a story's articles: facts, their status, and conflicts.

**Support.** Article B *supports* a claim of article A when one on-topic sentence of B
holds most of the claim's content (the IDF-weighted share of the claim's terms found in
the sentence, by lemma, news synonym, spelling key or entity id, is at least
:data:`SUPPORT_SHARE`), every quantity of the claim has a compatible quantity of the same
class in that sentence (a number missing or different is not support), and their event
days are compatible. Across languages (an Arabic claim, a French article) the content
test is the multilingual sentence embedding instead of shared terms.

**Statement facts.** Every claim proposes a fact; claims backed by more independent
outlets come first, then the more salient (lead sentences, central to the story, with
numbers, names or dates). A claim that was already used as support for an accepted fact
proposes nothing more. A fact is *corroborated* when two or more independent outlets say
it: the canonical article of a syndicated copy is one outlet with its copies (copies are
never read), and one outlet's several articles count once.

**Attribute facts and conflicts.** Quantities of one class (the dead, the injured, hours,
goods, spectators, a percentage …) and venues are compared across outlets when their
claims are about the same thing (content overlap, or embeddings across languages) and
their event days are compatible. Values that cannot both be true make the attribute
*conflicting*, unless time explains the difference:

* different event days (more than a day apart, a claim without a date of its own being
  about the three days before its publication) are different happenings, never a
  conflict (the first round at a hotel, the second at a consulate);
* a later report with a higher count of casualties, arrests or injured, or any later
  figure its source states as an update («ارتفعت الحصيلة إلى»), supersedes the earlier
  one: an update, not a conflict;
* a count that is only part of a total («المصابين الثلاثة الآخرين», «لا يزال مصابان»,
  «اثنين من الضحايا») is never compared; within one article the highest casualty
  count is the article's figure, and one outlet's latest article gives its figure.

Values that agree across outlets make a corroborated attribute fact when no statement
fact already joins those claims («خفض الرسوم بنسبة 60%» when the same sentences disagree
on how many goods).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from marsad.facts.claims import Claim, TermToken, Venue, claim_text
from marsad.facts.numbers import Quantity, compatible, format_value
from marsad.model import Citation, Fact

__all__ = [
    "CONTEXT_SHARE",
    "SUPPORT_SHARE",
    "AlignedFacts",
    "FactRecord",
    "StoryIndex",
    "align_claims",
    "days_compatible",
    "quantities_backed",
]

SUPPORT_SHARE = 0.5
# Least matched weight for support (about two content words), whatever the share.
MIN_SUPPORT_WEIGHT = 7.0
CROSS_LINGUAL_SUPPORT = 0.5
# Two claims are about the same attribute when this share of the smaller one's content
# is shared (specific counts: the dead, the injured, spectators need less).
CONTEXT_SHARE = 0.35
SPECIFIC_CONTEXT_SHARE = 0.2
CROSS_LINGUAL_CONTEXT = 0.45
SPECIFIC_CLASSES = frozenset({"death", "injured", "arrested", "attendance"})
MONOTONE_CLASSES = frozenset({"death", "injured", "arrested"})
DAY_TOLERANCE = 1
MAX_SINGLE_SOURCE = 10
MAX_FACTS = 40
_ATTRIBUTE_LABELS = {
    "death": "عدد القتلى",
    "injured": "عدد المصابين",
    "arrested": "عدد المعتقلين",
    "person": "عدد الأشخاص",
    "attendance": "عدد الحضور",
    "percent": "النسبة",
    "venue": "المكان",
    "film": "عدد الأفلام",
    "country": "عدد الدول",
    "goods": "عدد السلع",
    "tonne": "الكمية بالطن",
}


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


def attribute_label(cls: str, unit: str = "") -> str:
    """A reader's name for a compared attribute."""
    if cls in _ATTRIBUTE_LABELS:
        return _ATTRIBUTE_LABELS[cls]
    if cls.startswith("duration:"):
        return "المدة"
    if cls.startswith("money:"):
        return "المبلغ"
    return f"العدد ({unit})" if unit else "العدد"


def days_compatible(a: Claim, b: Claim, tolerance: int = DAY_TOLERANCE) -> bool:
    """Whether two claims can be about the same happening as far as dates go."""
    ra, rb = a.day_range(), b.day_range()
    if ra is None or rb is None:
        return True
    if a.days and b.days:
        return any(abs(x - y) <= tolerance for x in a.days for y in b.days)
    return ra[0] - tolerance <= rb[1] and rb[0] - tolerance <= ra[1]


def quantities_backed(quantities: Sequence[Quantity], unit: Claim) -> bool:
    """Every quantity (not a part of a total) has a compatible one of its class in ``unit``."""
    for q in quantities:
        if q.partial:
            continue
        if not any(p.cls == q.cls and compatible(p, q) for p in unit.quantities):
            return False
    return True


class StoryIndex:
    """Sentence units of a story, indexed by term and spelling key."""

    def __init__(self, units: Sequence[Claim]) -> None:
        self.units = list(units)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(self.units):
            for t in u.tokens:
                self.postings[t.term].append(i)
                if t.key != t.term:
                    self.postings["K:" + t.key].append(i)

    def matched(self, tokens: Sequence[TermToken], *, skip_article: str | None = None) -> dict[int, float]:
        """Unit index → weight of ``tokens`` found in that unit."""
        acc: dict[int, float] = defaultdict(float)
        for t in tokens:
            hits = set(self.postings.get(t.term, ()))
            if t.key != t.term:
                hits.update(self.postings.get("K:" + t.key, ()))
            for i in hits:
                if skip_article is None or self.units[i].article != skip_article:
                    acc[i] += t.weight
        return acc


def share_in(claim: Claim, other: Claim) -> float:
    """IDF-weighted share of ``claim``'s content found in ``other``."""
    if claim.weight <= 0:
        return 0.0
    got = math.fsum(t.weight for t in claim.tokens if t.term in other.terms or t.key in other.keys)
    return got / claim.weight


def overlap(a: Claim, b: Claim) -> float:
    """Shared content relative to the smaller of two claims."""
    small, big = (a, b) if a.weight <= b.weight else (b, a)
    return share_in(small, big)


@dataclass(slots=True)
class FactRecord:
    """A fact with what built it (for coverage and the summary)."""

    fact: Fact
    claims: list[Claim]
    outlets: dict[str, str | bool]  # outlet → True (says it) or the value it reports
    salience: float
    kind: str  # statement | attribute


@dataclass(slots=True)
class AlignedFacts:
    records: list[FactRecord]
    # claim id (article, start) → outlets that back it (the claim's own outlet included)
    backing: dict[tuple[str, int], set[str]] = field(default_factory=dict)


class _Embeddings:
    """Sentence embeddings for cross-lingual comparison, computed once per text."""

    def __init__(self, encoder: Encoder | None) -> None:
        self.encoder = encoder
        self.vectors: dict[tuple[str, int, int], np.ndarray] = {}

    def prepare(self, items: Sequence[Claim]) -> None:
        if self.encoder is None:
            return
        todo = [c for c in items if (c.article, c.start, c.end) not in self.vectors]
        if not todo:
            return
        vectors = np.asarray(self.encoder.encode([c.text for c in todo]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms == 0, 1.0, norms)
        for c, v in zip(todo, vectors, strict=True):
            self.vectors[(c.article, c.start, c.end)] = v

    def similarity(self, a: Claim, b: Claim) -> float | None:
        va = self.vectors.get((a.article, a.start, a.end))
        vb = self.vectors.get((b.article, b.start, b.end))
        if va is None or vb is None:
            return None
        return float(va @ vb)


def _salience(claim: Claim, centroid: Mapping[str, float], centroid_norm: float) -> float:
    dot = math.fsum(t.weight * centroid.get(t.term, 0.0) for t in claim.tokens)
    norm = math.sqrt(math.fsum(t.weight * t.weight for t in claim.tokens)) or 1.0
    central = dot / (norm * centroid_norm) if centroid_norm else 0.0
    lead = 0.3 if claim.position == 0 else 0.15 if claim.position == 1 else 0.0
    numbers = 0.1 if any(q.comparable for q in claim.quantities) else 0.0
    names = 0.05 * min(3, len(claim.entities))
    return central + lead + numbers + names


def _centroid(units: Sequence[Claim]) -> tuple[dict[str, float], float]:
    acc: dict[str, float] = defaultdict(float)
    for u in units:
        for t in u.tokens:
            acc[t.term] += t.weight
    norm = math.sqrt(math.fsum(v * v for v in acc.values()))
    return acc, norm


def _citation(c: Claim) -> Citation:
    return Citation(c.article, c.start, c.end)


def _informative(claim: Claim) -> bool:
    return len(claim.tokens) >= 4 and (
        any(q.comparable or q.cls.startswith("n:") for q in claim.quantities)
        or bool(claim.entities)
        or claim.days_explicit
    )


def align_claims(
    claims: Sequence[Claim],
    units: Sequence[Claim],
    order: Mapping[str, int],
    *,
    encoder: Encoder | None = None,
    max_single_source: int = MAX_SINGLE_SOURCE,
) -> AlignedFacts:
    """Facts of one story from its canonical articles' claims and sentence units.

    Args:
        claims: claims of the story's canonical articles (on-topic only).
        units: the same articles' on-topic sentences as units.
        order: article id → its rank in the story (publication order), for stable output.
        encoder: sentence embedder for articles in another language (optional).
        max_single_source: how many single-source facts to keep.
    """
    index = StoryIndex(units)
    languages = {c.language for c in units}
    embeddings = _Embeddings(encoder if len(languages) > 1 else None)
    if len(languages) > 1:
        embeddings.prepare([*claims, *units])
    centroid, centroid_norm = _centroid(units)
    by_article_units: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        by_article_units[u.article].append(i)
    claims_of_unit: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for c in claims:
        claims_of_unit[(c.article, c.sentence)].append(c)

    supports: dict[int, dict[str, Claim]] = {}
    for ci, claim in enumerate(claims):
        supports[ci] = _supporters(claim, index, by_article_units, embeddings)

    salience = [_salience(c, centroid, centroid_norm) for c in claims]
    outlets_of = [{claims[ci].outlet} | {u.outlet for u in supports[ci].values()} for ci in range(len(claims))]
    ranking = sorted(
        range(len(claims)),
        key=lambda ci: (-len(outlets_of[ci]), -salience[ci], order.get(claims[ci].article, 0), claims[ci].start),
    )
    covered: set[tuple[str, int]] = set()
    statement: list[tuple[int, list[Claim]]] = []
    for ci in ranking:
        claim = claims[ci]
        if (claim.article, claim.start) in covered:
            continue
        backers = supports[ci]
        evidence = [claim]
        for aid in sorted(backers, key=lambda a: order.get(a, 0)):
            unit = backers[aid]
            inner = claims_of_unit.get((unit.article, unit.sentence), [])
            best = max(inner, key=lambda c: share_in(claim, c), default=None)
            if best is not None:
                covered.add((best.article, best.start))
            evidence.append(unit if best is None else best)
        covered.add((claim.article, claim.start))
        statement.append((ci, evidence))

    backing = {(claims[ci].article, claims[ci].start): outlets_of[ci] for ci in range(len(claims))}
    attribute_records, in_attribute = _attribute_facts(claims, order, embeddings, statement)
    records: list[FactRecord] = []
    single = 0
    for ci, evidence in statement:
        claim = claims[ci]
        outlets = outlets_of[ci]
        if (claim.article, claim.start) in in_attribute and len(outlets) < 2:
            continue  # said better by the attribute fact it feeds
        status = "corroborated" if len(outlets) >= 2 else "single-source"
        if status == "single-source":
            if not _informative(claim) or single >= max_single_source:
                continue
            single += 1
        sources = _ordered({c.article for c in evidence}, order)
        fact = Fact(
            text=claim_text(claim.text),
            status=status,
            sources=sources,
            evidence=[_citation(c) for c in evidence],
        )
        records.append(FactRecord(fact, evidence, dict.fromkeys(sorted(outlets), True), salience[ci], "statement"))
    records.extend(attribute_records)
    rank = {"corroborated": 0, "conflicting": 1, "single-source": 2}
    records.sort(key=lambda r: (rank[r.fact.status], -len(r.outlets), -r.salience))
    return AlignedFacts(records[:MAX_FACTS], backing)


def _ordered(ids: set[str] | Sequence[str], order: Mapping[str, int]) -> list[str]:
    return sorted(set(ids), key=lambda a: (order.get(a, 0), a))


def _supporters(
    claim: Claim, index: StoryIndex, by_article_units: Mapping[str, list[int]], embeddings: _Embeddings
) -> dict[str, Claim]:
    """Other articles' best sentence supporting ``claim``."""
    out: dict[str, Claim] = {}
    if claim.weight <= 0:
        return out
    matched = index.matched(claim.tokens, skip_article=claim.article)
    best: dict[str, tuple[float, int]] = {}
    for ui, got in matched.items():
        unit = index.units[ui]
        if unit.language != claim.language:
            continue
        share = got / claim.weight
        if share < SUPPORT_SHARE or got < MIN_SUPPORT_WEIGHT:
            continue
        if not quantities_backed(claim.quantities, unit) or not days_compatible(claim, unit):
            continue
        if unit.article not in best or share > best[unit.article][0]:
            best[unit.article] = (share, ui)
    if embeddings.encoder is not None:
        for aid, uis in by_article_units.items():
            if aid == claim.article:
                continue
            for ui in uis:
                unit = index.units[ui]
                if unit.language == claim.language:
                    continue
                sim = embeddings.similarity(claim, unit)
                if sim is None or sim < CROSS_LINGUAL_SUPPORT:
                    continue
                if not quantities_backed(claim.quantities, unit):
                    continue
                if aid not in best or sim > best[aid][0]:
                    best[aid] = (sim, ui)
    for aid, (_, ui) in best.items():
        out[aid] = index.units[ui]
    return out


def _same_subject(a: Claim, b: Claim, cls: str, embeddings: _Embeddings) -> bool:
    if a.language != b.language:
        sim = embeddings.similarity(a, b)
        return sim is not None and sim >= CROSS_LINGUAL_CONTEXT
    need = SPECIFIC_CONTEXT_SHARE if cls in SPECIFIC_CLASSES else CONTEXT_SHARE
    return overlap(a, b) >= need


@dataclass(slots=True)
class _Mention:
    claim: Claim
    value: Quantity | Venue


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _attribute_facts(
    claims: Sequence[Claim],
    order: Mapping[str, int],
    embeddings: _Embeddings,
    statement: Sequence[tuple[int, list[Claim]]],
) -> tuple[list[FactRecord], set[tuple[str, int]]]:
    """Attribute facts (conflicting or agreeing values) and the claims they are built from."""
    by_class: dict[str, list[_Mention]] = defaultdict(list)
    for c in claims:
        for q in c.quantities:
            if not q.partial and not q.cls.startswith("n:"):
                by_class[q.cls].append(_Mention(c, q))
        for v in c.venues:
            by_class["venue"].append(_Mention(c, v))
    joined: set[frozenset[tuple[str, int]]] = set()
    for _, evidence in statement:
        keys = [(e.article, e.start) for e in evidence]
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                joined.add(frozenset((keys[i], keys[j])))
    records: list[FactRecord] = []
    used: set[tuple[str, int]] = set()
    for cls in sorted(by_class):
        mentions = by_class[cls]
        outlets = {m.claim.outlet for m in mentions}
        if len(outlets) < 2:
            continue
        parent = list(range(len(mentions)))
        linked = False
        for i in range(len(mentions)):
            for j in range(i + 1, len(mentions)):
                a, b = mentions[i].claim, mentions[j].claim
                if a.outlet == b.outlet or not days_compatible(a, b):
                    continue
                if _same_subject(a, b, cls, embeddings):
                    parent[_find(parent, i)] = _find(parent, j)
                    linked = True
        if not linked:
            continue
        groups: dict[int, list[_Mention]] = defaultdict(list)
        for i, m in enumerate(mentions):
            groups[_find(parent, i)].append(m)
        for group in groups.values():
            if len({m.claim.outlet for m in group}) < 2:
                continue
            record = _judge(cls, group, order, joined)
            if record is not None:
                records.append(record)
                used.update((c.article, c.start) for c in record.claims)
    return records, used


def _venue_same(a: Venue, b: Venue) -> bool:
    return bool(a.keys & b.keys)


def _outlet_values(cls: str, group: Sequence[_Mention]) -> dict[str, _Mention]:
    """Each outlet's figure: its latest article's, the highest count within an article."""
    by_outlet: dict[str, list[_Mention]] = defaultdict(list)
    for m in group:
        by_outlet[m.claim.outlet].append(m)
    out: dict[str, _Mention] = {}
    for outlet, ms in by_outlet.items():
        latest = max(ms, key=lambda m: (m.claim.published or 0.0, m.claim.article))
        same_article = [m for m in ms if m.claim.article == latest.claim.article]
        if cls in MONOTONE_CLASSES:
            out[outlet] = max(same_article, key=lambda m: (m.value.value, -m.claim.start))  # type: ignore[union-attr]
        else:
            out[outlet] = min(same_article, key=lambda m: m.claim.start)
    return out


def _explained(cls: str, earlier: _Mention, later: _Mention) -> bool:
    """Whether time explains two different values: the later one is an update."""
    if not isinstance(earlier.value, Quantity) or not isinstance(later.value, Quantity):
        return False
    if (later.claim.published or 0.0) <= (earlier.claim.published or 0.0):
        return False
    rises = later.value.value > earlier.value.value
    return rises and (later.value.update or cls in MONOTONE_CLASSES)


def _judge(
    cls: str, group: Sequence[_Mention], order: Mapping[str, int], joined: set[frozenset[tuple[str, int]]]
) -> FactRecord | None:
    figures = _outlet_values(cls, group)
    items = sorted(figures.items(), key=lambda kv: (kv[1].claim.published or 0.0, order.get(kv[1].claim.article, 0)))
    same = _venue_same if cls == "venue" else lambda a, b: compatible(a, b)  # type: ignore[arg-type]
    conflict = False
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i][1], items[j][1]
            if same(a.value, b.value) or _explained(cls, a, b):  # type: ignore[arg-type]
                continue
            conflict = True
    # Values: one display key per distinct value, in order of first report.
    values: dict[str, list[str]] = {}
    reps: list[tuple[Any, str]] = []
    outlet_cell: dict[str, str | bool] = {}
    for outlet, m in items:
        key = None
        for rep, k in reps:
            if same(rep, m.value):  # type: ignore[arg-type]
                key = k
                break
        if key is None:
            key = _display(m)
            reps.append((m.value, key))
        values.setdefault(key, [])
        if m.claim.article not in values[key]:
            values[key].append(m.claim.article)
        outlet_cell[outlet] = key
    claims = [m.claim for _, m in items]
    if not conflict:
        if len(values) != 1:
            return None
        pairs = {frozenset(((a.article, a.start), (b.article, b.start))) for a in claims for b in claims if a is not b}
        if pairs and pairs <= joined:
            return None  # a statement fact already says it with the same sources
    label = attribute_label(cls, items[0][1].value.unit if isinstance(items[0][1].value, Quantity) else "")
    if conflict:
        text = f"{label}: " + " / ".join(f"{k}" for k in values)
        status = "conflicting"
    else:
        text = claim_text(claims[0].text)
        status = "corroborated"
    sources = _ordered([a for ids in values.values() for a in ids], order)
    fact = Fact(
        text=text,
        status=status,
        sources=sources,
        attribute=label,
        values={k: _ordered(v, order) for k, v in values.items()},
        evidence=[_citation(c) for c in claims],
    )
    salience = 1.0 + 0.1 * len(figures)
    return FactRecord(fact, claims, outlet_cell, salience, "attribute")


def _display(m: _Mention) -> str:
    return format_value(m.value) if isinstance(m.value, Quantity) else m.value.text
