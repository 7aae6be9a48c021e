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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import stopwordsiso

from marsad.arabic.normalize import normalize_word
from marsad.arabic.stop_words import STOP_WORDS, TIME_WORDS
from marsad.arabic.tokens import TOKEN_RE, is_arabic_word, lemma, segment_word, word_frequency, word_key
from marsad.cluster.terms import load_idf
from marsad.facts.lexicon import CLAUSE_OPENERS, MODAL_WORDS, SYNONYMS, VENUE_HEADS
from marsad.facts.numbers import Quantity, find_quantities
from marsad.facts.quotes import quote_spans
from marsad.model import Article, Quote, Sentence
from marsad.store.sqlite import published_timestamp

__all__ = [
    "ArticleClaims",
    "Claim",
    "TermToken",
    "Venue",
    "analyse_claims",
    "article_claims",
    "claim_text",
    "find_venues",
    "outlet_key",
    "sentence_units",
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
_DATELINE = re.compile(r"\s*[^().:\n]{2,60}\([^()]{2,40}\)\s*[–—-]+\s*")
_PUNCT = '،,.:؛«»"()'
_LEADING_CONNECTORS = frozenset(normalize_word(w) for w in "فيما بينما حيث إذ كما".split())
_SENTENCE_END = '.!?؟…»"”)'
# Headings are short and end without a full stop («ملف عالق», «ما الذي تحقق؟» is kept out
# by its length).
MAX_HEADING_WORDS = 6
_VENUE_STOP = frozenset(normalize_word(w) for w in "في من على إلى الى عن مع حول التي الذي منذ بعد قبل حيث".split())
_IN_PLACE = frozenset(normalize_word(w) for w in "بمدينة بميناء بمحافظة بولاية بمنطقة بحي".split())
_GENERIC_PLACE = frozenset(
    normalize_word(w)
    for w in "العام العامة الكبير الكبرى مقر إقامة اقامة المدينة مدينة الرئيسي الرئيسية الجديد الجديدة".split()
)


@dataclass(frozen=True, slots=True)
class TermToken:
    """A content word: its lemma (synonyms folded), spelling key and weight; ``name`` when
    it is part of a name or a speaker (``entity`` is the name's entity id, if resolved)."""

    term: str
    key: str
    weight: float
    name: bool = False
    entity: str | None = None
    speaker: bool = False
    person: bool = False


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
    places: frozenset[str] = frozenset()  # entity ids of the places it names
    venues: list[Venue] = field(default_factory=list)
    published: float | None = None
    quoted: bool = False  # carries reported speech
    modal: bool = False  # expected, planned or hedged («من المتوقع», «ترجيحات»)
    heading: bool = False  # an intertitle or a dateline, not a statement
    weight: float = 0.0  # total weight of its content (not name) tokens
    name_weight: float = 0.0
    # The verb a clause opens with («اندلع», «وقّع»): what happened; None for a clause
    # that opens with a noun.
    head: TermToken | None = None
    # Every day its own time expressions name, the date of a saying included.
    stated_days: frozenset[int] = frozenset()

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
    if norm[:1] == "س" and norm[1:2] in ("ي", "ت", "ن") and len(norm) >= 5:
        # The future prefix («سيجري» is «يجري» said of tomorrow).
        freq = word_frequency()
        if freq.get(norm[1:], 0) > freq.get(norm, 0):
            token = token[1:]
    lem = lemma(token)
    if len(lem) < 2 or lem in STOP_WORDS or lem in TIME_WORDS:
        return None
    term = SYNONYMS.get(lem, lem)
    return TermToken(term, word_key(token), min(MAX_TERM_WEIGHT, load_idf().idf(lem)))


def text_tokens(
    text: str,
    names: Sequence[tuple[int, int, str | None] | tuple[int, int, str | None, str]] = (),
    speakers: Sequence[tuple[int, int]] = (),
) -> tuple[TermToken, ...]:
    """Content tokens of ``text``, one per term.

    Args:
        text: the text.
        names: ``(start, end, entity id[, label])`` spans of ``text`` that name someone
            or something (mentions): their words are marked as names (as persons when
            the label is PER).
        speakers: spans of ``text`` that say who is speaking: their words are names
            marked as speakers (what a claim is *about* does not include them).

    Example:
        >>> [t.term for t in text_tokens("اندلع حريق ضخم في مستودع الميناء مساء الاثنين")]
        ['اندلع', 'حريق', 'ضخم', 'مستودع', 'ميناء']
        >>> text_tokens("السيطرة على النيران")[1].term == text_tokens("إخماد الحريق")[1].term
        True
    """
    spans = [(n[0], n[1], n[2], n[3] if len(n) > 3 else "") for n in names]  # type: ignore[misc]
    return span_tokens(positioned_tokens(text, 0, len(text), spans, speakers), 0, len(text))


def positioned_tokens(
    text: str,
    start: int,
    end: int,
    names: Sequence[tuple[int, int, str | None, str]] = (),
    speakers: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, TermToken]]:
    """Content tokens of ``text[start:end]`` with their absolute positions (not deduplicated),
    marked as names/persons/speakers from absolute spans."""
    out: list[tuple[int, TermToken]] = []
    for m in TOKEN_RE.finditer(text, start, end):
        info = _token_info(m.group())
        if info is None:
            continue
        pos = m.start()
        if names or speakers:
            speaking = any(s <= pos < e for s, e in speakers)
            for ns, ne, eid, label in names:
                if ns <= pos < ne:
                    info = TermToken(info.term, info.key, info.weight, True, eid, speaking, label == "PER")
                    break
            else:
                if speaking:
                    info = TermToken(info.term, info.key, info.weight, True, None, True)
        out.append((pos, info))
    return out


def span_tokens(positioned: Sequence[tuple[int, TermToken]], start: int, end: int) -> tuple[TermToken, ...]:
    """One token per term among the positioned tokens inside [start, end)."""
    seen: set[str] = set()
    out: list[TermToken] = []
    for pos, t in positioned:
        if start <= pos < end and t.term not in seen:
            seen.add(t.term)
            out.append(t)
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
            if not n or (span and (n in _VENUE_STOP or n.startswith("بال") or n in _IN_PLACE)):
                break  # «فندق النخيل بالعاصمة»: where the venue is, not its name
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
    if norm[:1] in ("و", "ف") and len(norm) >= 4 and not norm[1:].startswith("ال") and norm[1:2].isalpha():
        # A conjunction on a verb («وأسفر», «وكرّمت»), not a word that starts with و
        # («وزير», «واشنطن»): news prose says which reading is the common one.
        if segment_word(norm)[0] in ("و", "ف"):
            return True
        freq = word_frequency()
        return freq.get(norm[1:], 0) >= freq.get(norm, 0)
    return False


def _clauses(
    text: str, sentence: Sentence, pairs: Sequence[tuple[int, int]], positioned: Sequence[tuple[int, TermToken]]
) -> list[tuple[int, int]]:
    cuts = [sentence.start]
    for m in _SEPARATORS.finditer(text, sentence.start, sentence.end):
        p = m.start()
        if any(o < p < c for o, c in pairs):
            continue
        rest = text[m.end() : sentence.end].lstrip()
        two = rest.split(" ", 2)[:2] if rest else []
        nxt = two[0] if two else ""
        opens_purpose = len(two) == 2 and normalize_word(two[0]) == "علي" and normalize_word(two[1]) in ("ان", "انه")
        if m.group() in "؛;" or opens_purpose or (nxt and _is_clause_opener(nxt)):
            cuts.append(sentence.end - len(rest))
    spans = [(cuts[k], (cuts[k + 1] if k + 1 < len(cuts) else sentence.end)) for k in range(len(cuts))]
    # A clause too small to say anything stays with the one before it.
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and len(span_tokens(positioned, s, e)) < MIN_CLAUSE_TERMS:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    if len(merged) > 1 and len(span_tokens(positioned, merged[0][0], merged[0][1])) < MIN_CLAUSE_TERMS:
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


def _period(value: str | None) -> tuple[int, int] | None:
    """The days of a coarse date: a year («2015»), a month («2022-02»), a week («2025-W07»)."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    try:
        year = int(value[:4])
        if len(value) == 4:
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        if len(value) == 7 and value[4] == "-":
            month = int(value[5:7])
            return date(year, month, 1).toordinal(), date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
        if len(value) == 8 and value[5] == "W":
            monday = date.fromisocalendar(year, int(value[6:8]), 1).toordinal()
            return monday, monday + 6
    except ValueError:
        return None
    return None


def published_span(published: str | None) -> tuple[int, int] | None:
    """The days an article without dates of its own may be about: the few days up to its
    publication day, or the whole month/year when only those are known.

    Example:
        >>> a, b = published_span("2022-12")
        >>> date.fromordinal(a).isoformat(), date.fromordinal(b).isoformat()
        ('2022-11-28', '2023-01-01')
    """
    if not published or len(published) < 4 or not published[:4].isdigit():
        return None
    try:
        if len(published) >= 10:
            day = date.fromisoformat(published[:10]).toordinal()
            return day - UNDATED_SPAN_DAYS, day + 1
        year = int(published[:4])
        if len(published) >= 7:
            month = int(published[5:7])
            first = date(year, month, 1).toordinal()
            last = (date(year + (month == 12), month % 12 + 1, 1)).toordinal() - 1
        else:
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    except ValueError:
        return None
    return first - UNDATED_SPAN_DAYS, last + 1


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
    elif len(words) > 2 and normalize_word(words[0]) == "في" and normalize_word(words[1]) == "حين":
        text = words[2]
    return text


def _head(text: str, tokens: Sequence[TermToken]) -> TermToken | None:
    """The predicate a clause opens with, when it opens with a verb-like content word."""
    words = claim_text(text).split(" ", 1)
    if not words or not words[0]:
        return None
    first = words[0].strip('«»"“”()،,')
    norm = normalize_word(first)
    if norm.startswith(("ال", "وال", "فال")) or norm in CLAUSE_OPENERS:
        return None
    info = _token_info(first)
    if info is None:
        return None
    for t in tokens:
        if t.term == info.term:
            return None if t.name else t
    return None


def is_heading(text: str) -> bool:
    """An intertitle, a dateline or a caption: short, or without a sentence end.

    Example:
        >>> is_heading("منظومة إنذار معطلة"), is_heading("ما الذي تحقق؟"), is_heading("وصل الوفد إلى المدينة.")
        (True, True, False)
    """
    text = text.strip()
    words = text.split()
    if len(words) <= 3:
        return True
    if "|" in text:
        return True
    return len(words) <= MAX_HEADING_WORDS and text[-1:] not in _SENTENCE_END


_MODAL_HINT = re.compile("توقع|ترجيح|رجح|ينتظر|[يت][أا]مل|محتمل|ربما")
_VENUE_HINT = re.compile("فندق|قاع[ةه]|مقر|قنصلي|سفار[ةه]|قصر|مبن[ىي]|ملعب|مستودع")


@lru_cache(maxsize=200_000)
def _norm(word: str) -> str:
    return normalize_word(word)


class _ArticleView:
    """What the claims of one article share: mentions by position, quote frames, days."""

    def __init__(self, article: Article, quotes: Sequence[Quote], *, inherit_days: bool = True) -> None:
        self.article = article
        self.outlet = outlet_key(article)
        self.language = article.language or "ar"
        self.published = published_timestamp(article.published)
        self.fallback = published_span(article.published) if inherit_days else None
        # Time expressions inside a quote's frame date the saying, not the event.
        frames = [(q.start, q.content_start) for q in quotes if q.content_start > q.start]
        dated = [(t.start, d) for t in article.times if t.kind in ("date", "interval", "time") and (d := _day(t.value))]
        self.all_times = dated
        self.event_times = [(s, d) for s, d in dated if not any(a <= s < b for a, b in frames)]
        # Coarse dates outside the publication's own period («في باريس عام 2015»,
        # «فبراير 2022»): a claim dated only by one is about that period.
        own = published_span(article.published)
        self.periods = [
            (t.start, p)
            for t in article.times
            if t.kind == "date"
            and _day(t.value) is None
            and (p := _period(t.value)) is not None
            and (own is None or p[1] < own[0] or p[0] > own[1])
        ]
        self.speech = [(q.start, q.end) for q in quotes]
        self.speakers = [
            (q.speaker_start, q.speaker_end, q.entity)
            for q in quotes
            if q.speaker_start is not None and q.speaker_end is not None
        ]
        # The article's own happening: the days of its first dated on-topic sentence
        # among the first two; a claim with no date of its own is read against them.
        lead: frozenset[int] = frozenset()
        if inherit_days:
            for sentence in [s for s in article.sentences if s.segment == 0][:2]:
                lead = self.days(sentence.start, sentence.end)
                if lead:
                    break
        self.lead_days = lead

    def positioned(self, start: int, end: int) -> list[tuple[int, TermToken]]:
        names = [(m.start, m.end, m.entity, m.label) for m in self.article.mentions if start <= m.start < end]
        speakers = [(s, e) for s, e, _ in self.speakers if start <= s < end]
        return positioned_tokens(self.article.text, start, end, names, speakers)

    def days(self, start: int, end: int) -> frozenset[int]:
        return frozenset(d for s, d in self.event_times if start <= s < end)

    def make(
        self,
        index: int,
        sentence: Sentence,
        position: int,
        start: int,
        end: int,
        inherited: frozenset[int],
        quantities: Sequence[Quantity],
        positioned: Sequence[tuple[int, TermToken]],
        *,
        heading: bool,
        clause: bool,
    ) -> Claim:
        text = self.article.text
        span = text[start:end]
        mentions = self.article.mentions
        ents = frozenset(m.entity for m in mentions if m.entity and start <= m.start < end)
        tokens = span_tokens(positioned, start, end)
        own_days = self.days(start, end)
        periods = [p for s, p in self.periods if start <= s < end]
        if not own_days and periods:
            days, fallback = frozenset(), (min(p[0] for p in periods), max(p[1] for p in periods))
        else:
            days, fallback = own_days or inherited or self.lead_days, self.fallback
        places = frozenset(
            m.entity for m in mentions if m.entity and m.label in ("GPE", "LOC") and start <= m.start < end
        )
        return Claim(
            article=self.article.id,
            outlet=self.outlet,
            language=self.language,
            sentence=index,
            paragraph=sentence.paragraph,
            position=position,
            start=start,
            end=end,
            text=span,
            tokens=tokens,
            terms=frozenset(t.term for t in tokens),
            keys=frozenset(t.key for t in tokens),
            quantities=[q for q in quantities if start <= q.start < end],
            entities=ents,
            days=days,
            days_explicit=bool(own_days),
            fallback_days=fallback,
            places=places,
            venues=find_venues(span) if _VENUE_HINT.search(span) else [],
            published=self.published,
            quoted=any(s < end and start < e for s, e in self.speech),
            modal=bool(_MODAL_HINT.search(span)) and not MODAL_WORDS.isdisjoint(_norm(w) for w in span.split()),
            heading=heading,
            weight=math.fsum(t.weight for t in tokens if not t.name),
            name_weight=math.fsum(t.weight for t in tokens if t.name),
            head=_head(span, tokens) if clause else None,
            stated_days=frozenset(d for s, d in self.all_times if start <= s < end),
        )


@dataclass(slots=True)
class ArticleClaims:
    """An article's claims (clauses) and its on-topic sentences as units."""

    claims: list[Claim]
    units: list[Claim]


def analyse_claims(
    article: Article, quotes: Sequence[Quote] = (), *, inherit_days: bool = True, clauses: bool = True
) -> ArticleClaims:
    """Claims and sentence units of an article's on-topic sentences, in one pass.

    Headings, datelines and other sentences with fewer than three content words give
    no claims (they stay units, marked ``heading`` when they look like one). An agency
    dateline at the start («السنابل (وكالة الواحة) –») is left out of the first claim.
    With ``inherit_days=False`` a sentence's days are only its own.
    """
    view = _ArticleView(article, quotes, inherit_days=inherit_days)
    text = article.text
    claims: list[Claim] = []
    units: list[Claim] = []
    position = 0
    previous_days: frozenset[int] = frozenset()
    previous_paragraph = -1
    for index, sentence in enumerate(article.sentences):
        if sentence.segment != 0:
            continue
        sentence_text = text[sentence.start : sentence.end]
        heading = is_heading(sentence_text)
        quantities = find_quantities(sentence_text, sentence.start, article.times)
        positioned = view.positioned(sentence.start, sentence.end)
        unit = view.make(
            index,
            sentence,
            position,
            sentence.start,
            sentence.end,
            frozenset(),
            quantities,
            positioned,
            heading=heading,
            clause=False,
        )
        units.append(unit)
        if heading:
            continue
        if clauses and len(unit.tokens) >= MIN_CLAUSE_TERMS:
            if sentence.paragraph != previous_paragraph:
                previous_days = frozenset()
                previous_paragraph = sentence.paragraph
            pairs = quote_spans(text, sentence.start, sentence.end)
            for k, (s, e) in enumerate(_clauses(text, sentence, pairs, positioned)):
                if k == 0 and position == 0:
                    m = _DATELINE.match(text, s, e)
                    if m and m.end() < e:
                        s = m.end()
                claim = view.make(
                    index, sentence, position, s, e, previous_days, quantities, positioned, heading=False, clause=True
                )
                if len(claim.tokens) >= MIN_CLAUSE_TERMS or claim.quantities:
                    claims.append(claim)
                if claim.days:
                    previous_days = claim.days
        position += 1
    return ArticleClaims(claims, units)


def article_claims(article: Article, quotes: Sequence[Quote] = ()) -> list[Claim]:
    """Claims (clauses) of an article's on-topic sentences, in text order."""
    return analyse_claims(article, quotes).claims


def sentence_units(article: Article, quotes: Sequence[Quote] = (), *, inherit_days: bool = True) -> list[Claim]:
    """Every on-topic sentence of an article as one unit (what claims are checked against).

    With ``inherit_days=False`` a sentence's days are only its own (what a checker that
    reads one sentence at a time can know).
    """
    return analyse_claims(article, quotes, inherit_days=inherit_days, clauses=False).units
