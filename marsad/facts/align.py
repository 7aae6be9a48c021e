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
# The claim's own content (names and speakers left out) must be found too, or two
# sentences quoting one minister about different things would support each other.
CONTENT_SHARE = 0.4
# Least matched content weight for support (about two content words).
MIN_SUPPORT_WEIGHT = 7.0
# A matching quantity or event day counts as this much content.
QUANTITY_WEIGHT = 4.0
DAY_WEIGHT = 3.0
MIN_ANCHOR_TOKENS = 4
# A short claim («وأخرى مجاورة تحت سيطرة قوات النظام») matches by chance: it needs more.
SHORT_CLAIM_TOKENS = 7
SHORT_SUPPORT_SHARE = 0.65
NAME_FACTOR = 0.3
# A sentence that does not repeat the verb a claim opens with must hold this much of it.
HEADLESS_CONTENT_SHARE = 0.7
# What a supporting claim says beyond the fact it supported, for it to be a fact too.
RESIDUAL_SHARE = 0.4
CROSS_LINGUAL_SUPPORT = 0.5
# Across languages, a sentence that backs every number of a claim needs less.
CROSS_LINGUAL_SUPPORT_WITH_NUMBERS = 0.35
# Two claims are about the same attribute when this share of the smaller one's content
# is shared (specific counts: the dead, the injured, spectators need less).
CONTEXT_SHARE = 0.35
SPECIFIC_CONTEXT_SHARE = 0.2
# Counts of other things («750 حريقا», «175 كيلومترا») need claims about the same thing.
GENERIC_CONTEXT_SHARE = 0.5
CROSS_LINGUAL_CONTEXT = 0.45
CLASS_WEIGHT = 4.0
SPECIFIC_CLASSES = frozenset({"death", "injured", "arrested", "attendance"})
MONOTONE_CLASSES = frozenset({"death", "injured", "arrested"})
DAY_TOLERANCE = 1
MAX_SINGLE_SOURCE = 15
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
    """Sentence units of a story, indexed by term, spelling key and entity id."""

    def __init__(self, units: Sequence[Claim]) -> None:
        self.units = list(units)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(self.units):
            for key in _index_keys_of_unit(u):
                self.postings[key].append(i)

    def matched(
        self, tokens: Sequence[TermToken], *, skip_article: str | None = None
    ) -> dict[int, tuple[float, float]]:
        """Unit index → (content weight, name weight) of ``tokens`` found in that unit."""
        content: dict[int, float] = defaultdict(float)
        names: dict[int, float] = defaultdict(float)
        for t in tokens:
            hits: set[int] = set()
            for key in _index_keys(t):
                hits.update(self.postings.get(key, ()))
            acc = names if t.name else content
            for i in hits:
                if skip_article is None or self.units[i].article != skip_article:
                    acc[i] += t.weight
        return {i: (content.get(i, 0.0), names.get(i, 0.0)) for i in set(content) | set(names)}


def _index_keys(t: TermToken) -> list[str]:
    keys = [t.term]
    if t.key != t.term:
        keys.append("K:" + t.key)
    if t.entity:
        keys.append("E:" + t.entity)
    return keys


def _index_keys_of_unit(u: Claim) -> set[str]:
    keys = {k for t in u.tokens for k in _index_keys(t)}
    keys.update("E:" + e for e in u.entities)
    return keys


def _token_found(t: TermToken, other: Claim) -> bool:
    return t.term in other.terms or t.key in other.keys or (t.entity is not None and t.entity in other.entities)


def share_in(claim: Claim, other: Claim) -> float:
    """IDF-weighted share of ``claim``'s content (names included) found in ``other``."""
    total = claim.weight + claim.name_weight
    if total <= 0:
        return 0.0
    got = math.fsum(t.weight for t in claim.tokens if _token_found(t, other))
    return got / total


def overlap(a: Claim, b: Claim) -> float:
    """Shared content relative to the smaller of two texts."""
    small, big = (a, b) if a.weight + a.name_weight <= b.weight + b.name_weight else (b, a)
    return share_in(small, big)


def _explicit_days_match(a: Claim, b: Claim) -> bool:
    return a.days_explicit and any(abs(x - y) <= DAY_TOLERANCE for x in a.days for y in b.days)


def _names_found(claim: Claim, unit: Claim) -> bool:
    """At least half the (IDF-weighted) names of the people a claim is about, speakers
    aside: «Mike Waltz, national security adviser» is not «Jake Sullivan, national
    security adviser»."""
    total = got = 0.0
    for t in claim.tokens:
        if t.person and not t.speaker:
            total += t.weight
            if _token_found(t, unit):
                got += t.weight
    return total == 0 or got >= 0.5 * total


def support_share(claim: Claim, unit: Claim, content: float, names: float) -> tuple[float, float]:
    """(overall share, content share) of a claim found in a unit, given the matched
    content and name weights; backed quantities and shared event days count as content."""
    numbers = [q for q in claim.quantities if not q.partial]
    extra_total = QUANTITY_WEIGHT * len(numbers) + (DAY_WEIGHT if claim.days_explicit else 0.0)
    extra_got = QUANTITY_WEIGHT * len(numbers) if quantities_backed(numbers, unit) else 0.0
    if _explicit_days_match(claim, unit):
        extra_got += DAY_WEIGHT
    # Names and speakers count half: the same fact told with another speaker is support.
    total = claim.weight + NAME_FACTOR * claim.name_weight + extra_total
    content_total = claim.weight + extra_total
    overall = (content + NAME_FACTOR * names + extra_got) / total if total else 0.0
    own = (content + extra_got) / content_total if content_total else 0.0
    return overall, own


def supports(claim: Claim, unit: Claim, content: float | None = None, names: float | None = None) -> float:
    """How well ``unit`` (a sentence of another article) says what ``claim`` says: its
    overall share when it supports the claim (numbers backed, days compatible, not a mere
    expectation of a reported fact), else 0."""
    if content is None or names is None:
        content = math.fsum(t.weight for t in claim.tokens if not t.name and _token_found(t, unit))
        names = math.fsum(t.weight for t in claim.tokens if t.name and _token_found(t, unit))
    if content < MIN_SUPPORT_WEIGHT and not claim.quantities:
        return 0.0
    if unit.modal and not claim.modal:
        return 0.0
    if not quantities_backed(claim.quantities, unit) or not days_compatible(claim, unit):
        return 0.0
    if not _names_found(claim, unit):
        return 0.0  # a claim about someone is not supported without them
    if claim.venues and unit.venues and not any(v.keys & w.keys for v in claim.venues for w in unit.venues):
        return 0.0  # held somewhere else
    overall, own = support_share(claim, unit, content, names)
    precise = any(q.comparable for q in claim.quantities) or _explicit_days_match(claim, unit)
    need = SUPPORT_SHARE if precise or len(claim.tokens) >= SHORT_CLAIM_TOKENS else SHORT_SUPPORT_SHARE
    if overall < need or own < CONTENT_SHARE:
        return 0.0
    if claim.head is not None and not _token_found(claim.head, unit) and own < HEADLESS_CONTENT_SHARE:
        return 0.0  # what happened («وقّع») is not said there
    return overall


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
    numbers = 0.2 if any(q.comparable for q in claim.quantities) else 0.0
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
    """Worth listing as a single-source fact: says who/what/when/how much."""
    if len(claim.tokens) < MIN_ANCHOR_TOKENS:
        return False
    return len(claim.tokens) >= 6 or bool(claim.quantities) or bool(claim.entities) or claim.days_explicit


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
    several_articles = len({u.article for u in units}) > 1
    index = StoryIndex(units if several_articles else [])
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
    several = len(by_article_units) > 1
    for ci, claim in enumerate(claims):
        supports[ci] = _supporters(claim, index, by_article_units, embeddings) if several else {}

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
        key = (claim.article, claim.start)
        if key in covered:
            continue
        backers = supports[ci]
        evidence = [claim]
        for aid in sorted(backers, key=lambda a: order.get(a, 0)):
            unit = backers[aid]
            inner = claims_of_unit.get((unit.article, unit.sentence), [])
            best = max(inner, key=lambda c: _mutual(claim, c, embeddings), default=None)
            if best is not None and _mutual(best, claim, embeddings) >= 1.0 - RESIDUAL_SHARE:
                # The supporter says nothing more than the anchor: it is used up.
                covered.add((best.article, best.start))
            evidence.append(unit if best is None else best)
        covered.add(key)
        statement.append((ci, evidence))

    backing = {(claims[ci].article, claims[ci].start): outlets_of[ci] for ci in range(len(claims))}
    units_by_sentence = {(u.article, u.sentence): u for u in units}
    accepted = [(e, outlets_of[ci]) for ci, evidence in statement if len(outlets_of[ci]) >= 2 for e in evidence]
    attribute_records, in_attribute = _attribute_facts(claims, order, embeddings, accepted, units_by_sentence)
    records: list[FactRecord] = []
    single = 0
    for ci, evidence in statement:
        claim = claims[ci]
        outlets = outlets_of[ci]
        told = [(claim.article, q.start) for q in claim.quantities if not q.partial] or [(claim.article, -1)]
        if len(outlets) < 2 and all(t in in_attribute for t in told) and (claim.quantities or claim.venues):
            continue  # said better by the attribute facts it feeds
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


def _mutual(claim: Claim, other: Claim, embeddings: _Embeddings) -> float:
    """How much of ``claim`` ``other`` says (its share; across languages, the similarity
    of the two, scaled so the support threshold maps to the share threshold)."""
    if claim.language == other.language:
        return share_in(claim, other)
    sim = embeddings.similarity(claim, other)
    return 0.0 if sim is None else min(1.0, sim / CROSS_LINGUAL_SUPPORT * SUPPORT_SHARE + 0.1)


def _ordered(ids: set[str] | Sequence[str], order: Mapping[str, int]) -> list[str]:
    return sorted(set(ids), key=lambda a: (order.get(a, 0), a))


def _supporters(
    claim: Claim, index: StoryIndex, by_article_units: Mapping[str, list[int]], embeddings: _Embeddings
) -> dict[str, Claim]:
    """Other articles' best sentence supporting ``claim``."""
    out: dict[str, Claim] = {}
    if claim.weight <= 0 or len(claim.tokens) < MIN_ANCHOR_TOKENS:
        return out
    best: dict[str, tuple[float, int]] = {}
    for ui, (content, names) in index.matched(claim.tokens, skip_article=claim.article).items():
        unit = index.units[ui]
        if unit.language != claim.language or unit.heading:
            continue
        score = supports(claim, unit, content, names)
        if score > 0 and (unit.article not in best or score > best[unit.article][0]):
            best[unit.article] = (score, ui)
    if embeddings.encoder is not None:
        numbers = [q for q in claim.quantities if q.comparable]
        need = CROSS_LINGUAL_SUPPORT_WITH_NUMBERS if numbers else CROSS_LINGUAL_SUPPORT
        for aid, uis in by_article_units.items():
            if aid == claim.article:
                continue
            for ui in uis:
                unit = index.units[ui]
                if unit.language == claim.language or unit.heading:
                    continue
                sim = embeddings.similarity(claim, unit)
                if sim is None or sim < need or not quantities_backed(claim.quantities, unit):
                    continue
                if aid not in best or sim > best[aid][0]:
                    best[aid] = (sim, ui)
    for aid, (_, ui) in best.items():
        out[aid] = index.units[ui]
    return out


def _context(claim: Claim, units: Mapping[tuple[str, int], Claim]) -> Claim:
    """What a claim is about: itself, or its sentence when the clause is too short to tell
    («وأودى بحياة ثلاثة عمال»)."""
    if len(claim.tokens) >= MIN_ANCHOR_TOKENS + 1:
        return claim
    return units.get((claim.article, claim.sentence), claim)


def _same_subject(
    a: Claim, b: Claim, cls: str, embeddings: _Embeddings, units: Mapping[tuple[str, int], Claim]
) -> bool:
    if a.places and b.places and not a.places & b.places:
        return False  # 43 dead in Afrin and 36 in Ghouta are two tolls
    if a.language != b.language:
        sim = embeddings.similarity(a, b)
        return sim is not None and sim >= CROSS_LINGUAL_CONTEXT
    need = (
        SPECIFIC_CONTEXT_SHARE
        if cls in SPECIFIC_CLASSES
        else GENERIC_CONTEXT_SHARE
        if cls.startswith("n:")
        else CONTEXT_SHARE
    )
    ca, cb = _context(a, units), _context(b, units)
    small, big = (ca, cb) if ca.weight + ca.name_weight <= cb.weight + cb.name_weight else (cb, ca)
    total = small.weight + small.name_weight
    got = share_in(small, big) * total
    # Both saying a value of this class is shared context too.
    return (got + CLASS_WEIGHT) / (total + CLASS_WEIGHT) >= need


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
    statement: Sequence[tuple[Claim, set[str]]],
    units: Mapping[tuple[str, int], Claim],
) -> tuple[list[FactRecord], set[tuple[str, int]]]:
    """Attribute facts (conflicting or agreeing values) and the claims they are built from.

    ``statement`` lists the statement facts (anchor claim, outlets backing it): an
    agreeing value one of them already carries with the same outlets is not repeated."""
    by_class: dict[str, list[_Mention]] = defaultdict(list)
    for c in claims:
        for q in c.quantities:
            if not q.partial:
                by_class[q.cls].append(_Mention(c, q))
        for v in c.venues:
            by_class["venue"].append(_Mention(c, v))
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
                if _same_subject(a, b, cls, embeddings, units):
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
            record = _judge(cls, group, order, statement)
            if record is not None:
                records.append(record)
                # What the attribute fact says: these values of these claims.
                used.update(
                    (m.claim.article, m.value.start if isinstance(m.value, Quantity) else -1)
                    for m in group
                    if any(m.claim is c for c in record.claims)
                )
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
        if cls == "venue":
            # Venues named in one outlet's claims describe one place («قاعة المؤتمرات في
            # فندق الفنار»): they are compared together.
            first = min(ms, key=lambda m: (m.claim.published or 0.0, m.claim.start))
            keys = frozenset().union(*(m.value.keys for m in ms))  # type: ignore[union-attr]
            out[outlet] = _Mention(first.claim, Venue(first.value.text, keys))  # type: ignore[union-attr]
            continue
        latest = max(ms, key=lambda m: (m.claim.published or 0.0, m.claim.article))
        same_article = [m for m in ms if m.claim.article == latest.claim.article]
        if cls in MONOTONE_CLASSES:
            out[outlet] = max(same_article, key=lambda m: (m.value.value, -m.claim.start))  # type: ignore[union-attr]
        else:
            # An article naming several values («47 مقعدا … 42 مقعدا») is read as saying
            # the one another outlet also gives, if any.
            others = [o.value for o in group if o.claim.outlet != outlet]
            out[outlet] = min(
                same_article,
                key=lambda m: (not any(compatible(m.value, o) for o in others), m.claim.start),  # type: ignore[arg-type]
            )
    return out


def _explained(cls: str, earlier: _Mention, later: _Mention) -> bool:
    """Whether time explains two different values: the later one is an update."""
    if not isinstance(earlier.value, Quantity) or not isinstance(later.value, Quantity):
        return False
    if (later.claim.published or 0.0) <= (earlier.claim.published or 0.0):
        return False
    change = later.value.value - earlier.value.value
    if later.value.update:
        # The later source says the figure changed («ارتفعت إلى», «انخفضت إلى»): an
        # update, if it moved the way the source says.
        return later.value.direction == 0 or change * later.value.direction > 0
    return cls in MONOTONE_CLASSES and change > 0


def _carries(claim: Claim, cls: str, value: Quantity | Venue) -> bool:
    if isinstance(value, Venue):
        return any(v.keys & value.keys for v in claim.venues)
    return any(q.cls == cls and compatible(q, value) for q in claim.quantities)


def _judge(
    cls: str, group: Sequence[_Mention], order: Mapping[str, int], statement: Sequence[tuple[Claim, set[str]]]
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
            key = _common_venue([g for g in group if _venue_same(g.value, m.value)]) if cls == "venue" else _display(m)  # type: ignore[arg-type]
            reps.append((m.value, key))
        values.setdefault(key, [])
        if m.claim.article not in values[key]:
            values[key].append(m.claim.article)
        outlet_cell[outlet] = key
    claims = [m.claim for _, m in items]
    first = items[0][1]
    if not conflict:
        if len(values) != 1:
            return None
        if any(outlets >= set(figures) and _carries(anchor, cls, first.value) for anchor, outlets in statement):
            return None  # a statement fact already says it with these outlets
    label = attribute_label(cls, items[0][1].value.unit if isinstance(items[0][1].value, Quantity) else "")
    if conflict:
        text = f"{label}: " + " / ".join(f"{k}" for k in values)
        status = "conflicting"
    elif cls == "venue":
        text = f"{label}: {_common_venue(group)}"
        status = "corroborated"
    else:
        # The first report up to the value («خفض الرسوم الجمركية بنسبة 60%»).
        c = first.claim
        value_end = (
            first.value.end
            if isinstance(first.value, Quantity)
            else c.start + c.text.find(first.value.text) + len(first.value.text)
        )
        text = claim_text(c.text[: max(0, value_end - c.start)] or c.text)
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


def _common_venue(group: Sequence[_Mention]) -> str:
    """The venue as most outlets name it (the one sharing words with most others)."""
    venues = [m.value for m in group if isinstance(m.value, Venue)]

    def score(v: Venue) -> tuple[int, int]:
        return sum(1 for o in venues if o is not v and o.keys & v.keys), -len(v.text)

    return max(venues, key=score).text if venues else ""


def _display(m: _Mention) -> str:
    return format_value(m.value) if isinstance(m.value, Quantity) else m.value.text
