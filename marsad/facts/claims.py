"""Claims: claim-sized pieces of a story's sentences, with what they say in numbers,
dates, places and names.

A sentence of news prose often carries several claims joined by a comma and a
conjunction («اندلع حريق …، وأسفر عن إصابة خمسة عمال، فيما تمكنت فرق الدفاع المدني …»),
so sentences are cut into clauses where a comma is followed by a clause opener (a
conjunction on a verb, فيما، بينما، مشيراً …); a clause too small to stand alone stays
with the one before it. Each :class:`Claim` carries:

* its content terms (lemmas, news synonyms folded, weighted by the packaged IDF) and
  the spelling keys of its words (ترمب/ترامب meet), plus the ids of the entities named;
* its quantities (:mod:`marsad.facts.numbers`);
* its event days: the days its own time expressions resolve to, else those of the
  clause or sentence before it in the same paragraph; a time that dates the *saying*
  («قال الأحد إن …») is not an event day;
* its venues («في فندق الفنار الكبير»).

The same features serve whole sentences (:func:`sentence_units`), which is what a claim
is checked against when another article is asked whether it says the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import stopwordsiso

from marsad.arabic.normalize import normalize_word
from marsad.arabic.stop_words import STOP_WORDS, TIME_WORDS
from marsad.arabic.tokens import TOKEN_RE, is_arabic_word, lemma, segment_word, word_key
from marsad.cluster.terms import load_idf
from marsad.facts.lexicon import CLAUSE_OPENERS, SYNONYMS, VENUE_HEADS
from marsad.facts.numbers import Quantity, find_quantities
from marsad.facts.quotes import quote_spans
from marsad.model import Article, Quote, Sentence
from marsad.store.sqlite import published_timestamp

__all__ = [
    "Claim",
    "TermToken",
    "article_claims",
    "claim_text",
    "sentence_units",
    "Venue",
    "find_venues",
    "outlet_key",
    "text_tokens",
]

# One rare word must not outweigh a sentence: IDF is capped.
MAX_TERM_WEIGHT = 8.0
ENTITY_WEIGHT = 4.0
MIN_CLAUSE_TERMS = 3
# A report with no date of its own is taken to be about the last few days before it.
UNDATED_SPAN_DAYS = 3
_LATIN_STOP = frozenset(stopwordsiso.stopwords(["fr", "en"]))
_SEPARATORS = re.compile(r"[،؛;,]")
# «السنابل (وكالة الواحة) –»: an agency dateline before the first sentence.
_DATELINE = re.compile(r"^\s*[^\s().،:]{2,20}(?:\s[^\s().،:]{2,20}){0,2}\s*\([^()]{2,40}\)\s*[–—-]\s*")
_PUNCT = "،,.:؛«»\"()"
_LEADING_CONNECTORS = frozenset(normalize_word(w) for w in "فيما بينما في حين حيث إذ كما".split())
_VENUE_STOP = frozenset(normalize_word(w) for w in "في من على إلى الى عن مع حول التي الذي منذ بعد قبل حيث".split())
_GENERIC_PLACE = frozenset(
    normalize_word(w)
    for w in "العام العامة الكبير الكبرى مقر إقامة اقامة المدينة مدينة الرئيسي الرئيسية الجديد الجديدة".split()
)


@dataclass(frozen=True, slots=True)
class TermToken:
    """A content word: its lemma (synonyms folded), spelling key and weight."""

    term: str
    key: str
    weight: float


@dataclass(slots=True)
class Claim:
    """A claim (a clause) or a whole sentence of one article, with its features."""

    article: str
    outlet: str
    language: str
    sentence: int  # index of the sentence in article.sentences
    paragraph: int
    position: int  # rank of the sentence among the article's on-topic sentences
    start: int
    end: int
    text: str
    tokens: tuple[TermToken, ...]
    terms: frozenset[str]
    keys: frozenset[str]
    quantities: list[Quantity]
    entities: frozenset[str]
    days: frozenset[int]
    days_explicit: bool
    fallback_days: tuple[int, int] | None
    venues: list[Venue] = field(default_factory=list)
    published: float | None = None
    quoted: bool = False  # carries reported speech
    weight: float = 0.0  # total weight of its tokens

    def day_range(self) -> tuple[int, int] | None:
        if self.days:
            return min(self.days), max(self.days)
        return self.fallback_days


@lru_cache(maxsize=300_000)
def _token_info(token: str) -> TermToken | None:
    if len(token) < 2 or token[0].isdigit():
        return None
    norm = normalize_word(token)
    if not is_arabic_word(token):
        if norm in _LATIN_STOP or len(norm) < 3 or not norm.isalpha():
            return None
        return TermToken(norm, norm, min(MAX_TERM_WEIGHT, 6.0))
    if norm in STOP_WORDS or norm in TIME_WORDS:
        return None
    lem = lemma(token)
    if len(lem) < 2 or lem in STOP_WORDS or lem in TIME_WORDS:
        return None
    term = SYNONYMS.get(lem, lem)
    return TermToken(term, word_key(token), min(MAX_TERM_WEIGHT, load_idf().idf(lem)))


def text_tokens(text: str, entities: Iterable[str] = ()) -> tuple[TermToken, ...]:
    """Content tokens of ``text`` (one per term), plus one pseudo-token per entity id.

    Example:
        >>> [t.term for t in text_tokens("اندلع حريق ضخم في مستودع الحبوب مساء الاثنين")]
        ['اندلع', 'حريق', 'ضخم', 'مستودع', 'حبوب']
        >>> text_tokens("السيطرة على النيران")[1].term == text_tokens("إخماد الحريق")[1].term
        True
    """
    seen: set[str] = set()
    out: list[TermToken] = []
    for token in TOKEN_RE.findall(text):
        info = _token_info(token)
        if info is not None and info.term not in seen:
            seen.add(info.term)
            out.append(info)
    for eid in sorted(set(entities)):
        term = "E:" + eid
        if term not in seen:
            seen.add(term)
            out.append(TermToken(term, term, ENTITY_WEIGHT))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Venue:
    """A place a claim says something happens at, as written and as matching keys."""

    text: str
    keys: frozenset[str]


def find_venues(text: str) -> list[Venue]:
    """The places a text says something happens at («في فندق الفنار الكبير»): a venue
    noun and the words naming it, with the spelling keys of its distinctive words.

    Example:
        >>> [(v.text, sorted(v.keys)) for v in find_venues("عقدت الجولة في فندق الفنار الكبير المطل على الكورنيش")]
        [('فندق الفنار الكبير المطل', ['فندق', 'فنر', 'مطل'])]
    """
    words = text.split()
    out: list[Venue] = []
    for i, word in enumerate(words):
        w = normalize_word(word.strip(_PUNCT))
        if w not in VENUE_HEADS and not (w[:1] in ("ب", "و") and w[1:] in VENUE_HEADS):
            continue
        span: list[str] = []
        keys: set[str] = set()
        for nxt in words[i : i + 5]:
            clean = nxt.strip(_PUNCT)
            n = normalize_word(clean)
            if not n or (span and n in _VENUE_STOP):
                break
            span.append(clean)
            if n not in _GENERIC_PLACE:
                keys.add(word_key(clean))
            if nxt[-1:] in "،,.:؛)":
                break
        if len(keys) >= 2:
            out.append(Venue(" ".join(span), frozenset(keys)))
    return out


def _is_clause_opener(word: str) -> bool:
    norm = normalize_word(word)
    if norm in CLAUSE_OPENERS:
        return True
    if norm[:1] in ("و", "ف") and len(norm) >= 4 and not norm[1:].startswith("ال"):
        # A conjunction on a verb («وأسفر», «ويرأس»); «وزير» keeps its و.
        return segment_word(norm)[0] in ("و", "ف") and not norm[1:2].isdigit()
    return False


def _clauses(text: str, sentence: Sentence, pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    cuts = [sentence.start]
    for m in _SEPARATORS.finditer(text, sentence.start, sentence.end):
        p = m.start()
        if any(o < p < c for o, c in pairs):
            continue
        rest = text[m.end() : sentence.end].lstrip()
        nxt = rest.split(" ", 1)[0] if rest else ""
        if m.group() in "؛;" or (nxt and _is_clause_opener(nxt)):
            cuts.append(sentence.end - len(rest))
    spans = [(cuts[k], (cuts[k + 1] if k + 1 < len(cuts) else sentence.end)) for k in range(len(cuts))]
    # A clause too small to say anything stays with the one before it.
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and len(text_tokens(text[s:e])) < MIN_CLAUSE_TERMS:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    if len(merged) > 1 and len(text_tokens(text[merged[0][0] : merged[0][1]])) < MIN_CLAUSE_TERMS:
        merged[1] = (merged[0][0], merged[1][1])
        merged.pop(0)
    out = []
    for s, e in merged:
        while e > s and text[e - 1] in " ،,؛;.\n":
            e -= 1
        out.append((s, e))
    return out


def _day(value: str | None) -> int | None:
    if not value or len(value) < 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _published_day(article: Article) -> int | None:
    ts = published_timestamp(article.published)
    if ts is None:
        return None
    return date.fromtimestamp(ts).toordinal() if article.published and len(article.published) >= 10 else None


def outlet_key(article: Article) -> str:
    """Who published an article: its outlet, else (unknown) the article itself."""
    return (article.outlet or "").strip() or f"article:{article.id}"


def claim_text(text: str) -> str:
    """A claim's text for display: no leading connector, no trailing punctuation.

    Example:
        >>> claim_text("فيما تمكنت فرق الدفاع المدني من السيطرة على النيران،")
        'تمكنت فرق الدفاع المدني من السيطرة على النيران'
    """
    text = text.strip(" ،,؛;.\n")
    words = text.split(" ", 2)
    if len(words) > 1 and normalize_word(words[0]) in _LEADING_CONNECTORS:
        text = text[len(words[0]) :].lstrip()
        if normalize_word(text.split(" ", 1)[0]) == "حين":
            text = text.split(" ", 1)[1] if " " in text else text
    return text


class _ArticleView:
    """What claims of one article share: mentions by position, quote frames, days."""

    def __init__(self, article: Article, quotes: Sequence[Quote]) -> None:
        self.article = article
        self.outlet = outlet_key(article)
        self.language = article.language or "ar"
        self.published = published_timestamp(article.published)
        pub_day = _published_day(article)
        self.fallback = (pub_day - UNDATED_SPAN_DAYS, pub_day) if pub_day is not None else None
        # Time expressions inside a quote's frame date the saying, not the event.
        frames = [(q.start, q.content_start) for q in quotes if q.content_start > q.start]
        self.event_times = [
            (t.start, t.end, d)
            for t in article.times
            if t.kind in ("date", "interval", "time")
            and (d := _day(t.value)) is not None
            and not any(s <= t.start < e for s, e in frames)
        ]
        self.speech = [(q.start, q.end) for q in quotes]

    def entities(self, start: int, end: int) -> frozenset[str]:
        return frozenset(m.entity for m in self.article.mentions if m.entity and start <= m.start < end)

    def days(self, start: int, end: int) -> frozenset[int]:
        return frozenset(d for s, _, d in self.event_times if start <= s < end)

    def make(
        self, index: int, sentence: Sentence, position: int, start: int, end: int, inherited: frozenset[int]
    ) -> Claim:
        text = self.article.text
        ents = self.entities(start, end)
        tokens = text_tokens(text[start:end], ents)
        own_days = self.days(start, end)
        days = own_days or inherited
        context = text[sentence.start : start] if start > sentence.start else None
        return Claim(
            article=self.article.id,
            outlet=self.outlet,
            language=self.language,
            sentence=index,
            paragraph=sentence.paragraph,
            position=position,
            start=start,
            end=end,
            text=text[start:end],
            tokens=tokens,
            terms=frozenset(t.term for t in tokens),
            keys=frozenset(t.key for t in tokens),
            quantities=find_quantities(text[start:end], start, self.article.times, update_context=context),
            entities=ents,
            days=days,
            days_explicit=bool(own_days),
            fallback_days=self.fallback,
            venues=find_venues(text[start:end]),
            published=self.published,
            quoted=any(s < end and start < e for s, e in self.speech),
            weight=math.fsum(t.weight for t in tokens),
        )


def _usable(article: Article, sentence: Sentence) -> bool:
    text = article.text[sentence.start : sentence.end]
    return len(text_tokens(text)) >= MIN_CLAUSE_TERMS


def article_claims(article: Article, quotes: Sequence[Quote] = ()) -> list[Claim]:
    """Claims (clauses) of an article's on-topic sentences, in text order.

    Headings, datelines and other sentences with fewer than three content words give
    none. An agency dateline at the start («السنابل (وكالة الواحة) –») is left out.
    """
    view = _ArticleView(article, quotes)
    text = article.text
    out: list[Claim] = []
    position = 0
    previous_days: frozenset[int] = frozenset()
    previous_paragraph = -1
    for index, sentence in enumerate(article.sentences):
        if sentence.segment != 0 or not _usable(article, sentence):
            continue
        if sentence.paragraph != previous_paragraph:
            previous_days = frozenset()
            previous_paragraph = sentence.paragraph
        pairs = quote_spans(text, sentence.start, sentence.end)
        for k, (s, e) in enumerate(_clauses(text, sentence, pairs)):
            if k == 0 and position == 0:
                m = _DATELINE.match(text, s, e)
                if m and m.end() < e:
                    s = m.end()
            claim = view.make(index, sentence, position, s, e, previous_days)
            if len(claim.tokens) >= MIN_CLAUSE_TERMS or claim.quantities:
                out.append(claim)
            if claim.days:
                previous_days = claim.days
        position += 1
    return out


def sentence_units(article: Article, quotes: Sequence[Quote] = ()) -> list[Claim]:
    """Every on-topic sentence of an article as one unit (what claims are checked against)."""
    view = _ArticleView(article, quotes)
    out: list[Claim] = []
    position = 0
    for index, sentence in enumerate(article.sentences):
        if sentence.segment != 0:
            continue
        out.append(view.make(index, sentence, position, sentence.start, sentence.end, frozenset()))
        position += 1
    return out
