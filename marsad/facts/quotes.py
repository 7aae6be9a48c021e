"""Reported speech: who said what, as spans of ``Article.text``.

Direct quotes are a reporting verb, a speaker and a quotation in «…», “…” or "…"
(«قال لافروف: «…»», «…»، قال لافروف», «وأضاف: «…»» with the speaker carried over from the
quote before it). Indirect ones are a verb, a speaker and a complementiser clause
(«قال X إن …», «أكد X أن …», «أشار X إلى أن …»); their content runs to the end of the
sentence, or to where the next reported verb of the same sentence takes over.
«نقلت وكالة … عن X قوله: …» gives X as the speaker. Only on-topic sentences are read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize_word
from marsad.arabic.tokens import TOKEN_RE
from marsad.facts.lexicon import (
    AUDIENCE_WORDS,
    CLAUSE_OPENERS,
    QUOTE_VERBS,
    QUOTING_NOUNS,
    RELATIVES,
    RELAY_VERBS,
    SPEAKER_STOPS,
    SPEECH_OCCASIONS,
)
from marsad.model import Article, Mention, Quote, Sentence

__all__ = ["find_quotes", "quote_spans"]

_COMPLEMENTISERS = frozenset(
    normalize_word(w) for w in "إن أن بأن إنه أنه بأنه إنها أنها بأنها إنهم أنهم بأنهم".split()
)
_BRIDGES = frozenset({"الي", "علي"})  # «أشار إلى أن», «شدد على أن»
_RELAY_FROM = "عن"
_QUOTE_MARKS = re.compile('[«»“”"]')
# A cheap first look for a reporting verb (raw spellings, hamza or not).
_STEMS = (
    "قال|قول|[أا]كد|يؤكد|تؤكد|وضح|[أا]شار|يشير|تشير|ضاف|يضيف|تضيف|صرح|علن|كشف|شدد|لفت|عتبر|ذكر|تابع|ردف"
    "|[أا]فاد|يفيد|تفيد|ر[أا]ى|ر[أا]ت|يرى|ترى|نفى|نفت|ينفي|تنفي|عرب|نقل|ينقل"
)
# Harakat, shadda and tatweel may sit between any two letters («أكّد», «قَالَ»).
_MAY_REPORT = re.compile(
    "|".join("[\u0640\u064b-\u0652]*".join(re.findall(r"\[[^]]+\]|.", stem)) for stem in _STEMS.split("|"))
)
# A verb after these is not reporting speech («طالباً عدم ذكر اسمه», «وفق ما أفاد»).
_NOT_A_VERB_AFTER = frozenset({"عدم", "ما", "دون", "بدون"})
_MAX_SPEAKER_TOKENS = 14
_PUNCT_TRIM = " \t،,؛;:.-–—"
_LABEL_RANK = {"PER": 0, "ORG": 1, "GPE": 2, "LOC": 3, "MISC": 4}
# How far back (in sentences) an omitted speaker is carried from.
_CARRY_SENTENCES = 2


@dataclass(slots=True)
class _Tok:
    text: str
    norm: str
    start: int
    end: int


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(open, close) offsets of quotation marks in ``text[start:end]``, paired.

    Example:
        >>> quote_spans('قال: «أولاً» ثم "ثانياً" و”ثالثاً”')
        [(5, 11), (16, 23), (26, 33)]
    """
    end = len(text) if end is None else end
    pairs: list[tuple[int, int]] = []
    open_guillemet = open_curly = open_straight = None
    for m in _QUOTE_MARKS.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if ch == "«":
            open_guillemet = i
        elif ch == "»":
            if open_guillemet is not None:
                pairs.append((open_guillemet, i))
                open_guillemet = None
        elif ch == "“":
            open_curly = i
        elif ch == "”":
            if open_curly is None:
                open_curly = i  # some sites write ” on both sides
            else:
                pairs.append((open_curly, i))
                open_curly = None
        elif open_straight is None:
            open_straight = i
        else:
            pairs.append((open_straight, i))
            open_straight = None
    pairs.sort()
    return pairs


@lru_cache(maxsize=200_000)
def _norm(token: str) -> str:
    return normalize_word(token)


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [_Tok(m.group(), _norm(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, end)]


def _inside(pos: int, pairs: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    for o, c in pairs:
        if o < pos < c:
            return o, c
    return None


def _opening_at(pos: int, pairs: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    for o, c in pairs:
        if o == pos:
            return o, c
    return None


@dataclass(slots=True)
class _Speaker:
    text: str | None
    start: int | None
    end: int | None
    entity: str | None


def _speaker_entity(mentions: Sequence[Mention], start: int, end: int) -> str | None:
    best: tuple[int, int, str] | None = None
    for m in mentions:
        if m.start < end and start < m.end and m.entity:
            key = (_LABEL_RANK.get(m.label, 9), -m.start, m.entity)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def _ends_speaker(toks: Sequence[_Tok], k: int) -> bool:
    t = toks[k]
    if t.norm in SPEAKER_STOPS:
        return True
    if t.norm == "في":
        return k + 1 < len(toks) and toks[k + 1].norm in SPEECH_OCCASIONS
    if t.norm.startswith("لل") and "ال" + t.norm[2:] in AUDIENCE_WORDS:
        return True
    if t.text in "،," and k + 1 < len(toks):
        # «أحدهم، طالباً عدم ذكر اسمه»: a circumstantial clause, not an apposition.
        following = toks[k + 1]
        return following.text.endswith(("ً", "اً")) or following.norm in CLAUSE_OPENERS
    return t.norm[:1] == "ل" and t.norm[1:] in AUDIENCE_WORDS


def _trim_speaker(text: str, toks: Sequence[_Tok], times: Sequence[tuple[int, int]], *, relay: bool) -> list[_Tok]:
    """The tokens of a speaker: a name with its title, without the circumstances after it.

    Empty when the words after the verb are circumstance only («وأضاف في تصريحات: …»):
    the speaker was then named before.
    """
    toks = list(toks)
    while toks and toks[0].text in "،,:":
        toks = toks[1:]
    kept: list[_Tok] = []
    for k, t in enumerate(toks):
        if any(s <= t.start < e for s, e in times):
            break
        if not relay and (_ends_speaker(toks, k) or (not kept and t.norm == "في")):
            break
        kept.append(t)
    # Trailing adverbs («مراراً») and punctuation are not part of a name.
    while kept and (kept[-1].text in "،,؛:.-–—()" or kept[-1].text.endswith(("ً", "اً"))):
        kept.pop()
    return kept


def _make_speaker(text: str, toks: Sequence[_Tok], mentions: Sequence[Mention]) -> _Speaker:
    start, end = toks[0].start, toks[-1].end
    return _Speaker(text[start:end], start, end, _speaker_entity(mentions, start, end))


def _content_end(text: str, sentence: Sentence, after: int, verbs: Sequence[int]) -> int:
    """Where an indirect quote's clause ends: the sentence end, or the comma before the
    next reported verb of the sentence."""
    end = sentence.end
    for v in verbs:
        if v > after:
            comma = max(text.rfind("،", after, v), text.rfind(",", after, v))
            end = comma if comma > after else v
            break
    while end > after and text[end - 1] in " .\n":
        end -= 1
    return end


def _mention_before(mentions: Sequence[Mention], pos: int, text: str, floor: int) -> Mention | None:
    """A name right before a verb («أما بالدان فقال»): subject-first order."""
    for m in reversed(mentions):
        if m.end <= pos and m.start >= floor and m.label in ("PER", "ORG"):
            gap = text[m.end : pos].strip()
            if len(gap.split()) <= 1 and len(gap) <= 3:
                return m
            return None
    return None


def _person_of(article: Article, sentence: Sentence) -> _Speaker:
    """The first person named in a sentence: the subject an omitted speaker refers to."""
    for m in article.mentions:
        if sentence.start <= m.start < sentence.end and m.label == "PER":
            return _Speaker(m.text, m.start, m.end, m.entity)
    return _Speaker(None, None, None, None)


def _verb_positions(toks: Sequence[_Tok], pairs: Sequence[tuple[int, int]]) -> list[int]:
    return [
        i
        for i, t in enumerate(toks)
        if (t.norm in QUOTE_VERBS or t.norm in RELAY_VERBS)
        and not _inside(t.start, pairs)
        and not (i > 0 and toks[i - 1].norm in _NOT_A_VERB_AFTER)
    ]


def _subject_before(
    text: str, toks: Sequence[_Tok], i: int, mentions: Sequence[Mention], floor: int
) -> _Speaker | None:
    """A speaker written before its verb: «أما بالدان فقال», «الممثلة X، التي قالت»."""
    verb = toks[i]
    before = _mention_before(mentions, verb.start, text, floor)
    if before is not None:
        return _Speaker(before.text, before.start, before.end, before.entity)
    if i >= 2 and toks[i - 1].norm in RELATIVES:
        k = i - 2
        while k >= 0 and toks[k].text in "،,":
            k -= 1
        named = _mention_before(mentions, toks[k].end + 1, text, floor) if k >= 0 else None
        if named is not None:
            return _Speaker(named.text, named.start, named.end, named.entity)
        words = []
        while k >= 0 and len(words) < 4 and toks[k].norm[:1].isalpha() and toks[k].norm not in QUOTE_VERBS:
            words.insert(0, toks[k])
            k -= 1
        if words:
            return _Speaker(text[words[0].start : words[-1].end], words[0].start, words[-1].end, None)
    if verb.norm[:1] == "ف":
        for k in range(max(0, i - 5), i):
            if toks[k].norm == "اما" and k + 1 < i:
                first, last = toks[k + 1], toks[i - 1]
                return _Speaker(
                    text[first.start : last.end],
                    first.start,
                    last.end,
                    _speaker_entity(mentions, first.start, last.end),
                )
    return None


def find_quotes(article: Article) -> list[Quote]:
    """Direct and indirect quotes of an article's on-topic sentences.

    Example:
        >>> from marsad.model import Article, Mention, Sentence
        >>> t = "وقال الوزير سامي النجار إن المحادثات «كانت مثمرة». وأضاف: «سنعود الأسبوع المقبل»."
        >>> a = Article(id="a", input="a", raw=t, text=t)
        >>> a.sentences = [Sentence(0, 49), Sentence(50, len(t))]
        >>> a.mentions = [Mention(12, 23, "PER", "سامي النجار", entity="e1")]
        >>> for q in find_quotes(a):
        ...     print(q.speaker, "|", q.verb, q.direct, "|", t[q.content_start : q.content_end], "|", q.entity)
        الوزير سامي النجار | وقال False | المحادثات «كانت مثمرة» | e1
        الوزير سامي النجار | وأضاف True | سنعود الأسبوع المقبل | e1
    """
    text = article.text
    times = [(t.start, t.end) for t in article.times if t.kind != "duration"]
    quotes: list[Quote] = []
    last: tuple[int, int, Quote] | None = None  # (sentence index, paragraph, quote)
    on_topic = [s for s in article.sentences if s.segment == 0]
    for index, sentence in enumerate(on_topic):
        if not _MAY_REPORT.search(text, sentence.start, sentence.end):
            if last is not None and index - last[0] > _CARRY_SENTENCES:
                last = None
            continue
        pairs = quote_spans(text, sentence.start, sentence.end)
        toks = _tokens(text, sentence.start, sentence.end)
        verb_positions = _verb_positions(toks, pairs)
        verb_starts = [toks[i].start for i in verb_positions]
        sentence_mentions = [m for m in article.mentions if sentence.start <= m.start < sentence.end]
        found_here: list[Quote] = []
        for i in verb_positions:
            verb = toks[i]
            quote = _quote_after_verb(
                text, sentence, toks, i, pairs, sentence_mentions, times, verb_starts, verb_positions
            )
            if quote is None:
                continue
            speaker, content_start, content_end, direct, end = quote
            if speaker.text is None:
                before = _subject_before(text, toks, i, sentence_mentions, sentence.start)
                if before is not None:
                    speaker = before
                elif found_here:
                    prev = found_here[-1]
                    speaker = _Speaker(prev.speaker, prev.speaker_start, prev.speaker_end, prev.entity)
                elif last is not None and (last[1] == sentence.paragraph or index - last[0] <= 1):
                    prev = last[2]
                    speaker = _Speaker(prev.speaker, prev.speaker_start, prev.speaker_end, prev.entity)
                elif index > 0:
                    speaker = _person_of(article, on_topic[index - 1])
            start = verb.start if speaker.start is None or speaker.start > verb.start else speaker.start
            found_here.append(
                Quote(
                    start=start,
                    end=end,
                    content_start=content_start,
                    content_end=content_end,
                    verb=verb.text,
                    direct=direct,
                    speaker=speaker.text,
                    speaker_start=speaker.start,
                    speaker_end=speaker.end,
                    entity=speaker.entity,
                )
            )
        if not found_here:
            trailing = _quote_before_verb(text, sentence, toks, pairs, sentence_mentions, times)
            if trailing is not None:
                found_here.append(trailing)
        if found_here:
            quotes.extend(found_here)
            last = (index, sentence.paragraph, found_here[-1])
        elif last is not None and index - last[0] > _CARRY_SENTENCES:
            last = None
    return quotes


def _quote_after_verb(
    text: str,
    sentence: Sentence,
    toks: Sequence[_Tok],
    i: int,
    pairs: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    times: Sequence[tuple[int, int]],
    verb_starts: Sequence[int],
    verb_positions: Sequence[int],
) -> tuple[_Speaker, int, int, bool, int] | None:
    """(speaker, content span, direct, quote end) for the verb at token ``i``, or None."""
    relay = toks[i].norm in RELAY_VERBS
    j = i + 1
    speaker_from = j
    if relay:
        # «نقلت وكالة تاس عن فلان قوله: …»: the speaker follows «عن».
        while j < len(toks) and j - i <= _MAX_SPEAKER_TOKENS and toks[j].norm != _RELAY_FROM:
            j += 1
        if j >= len(toks) or toks[j].norm != _RELAY_FROM:
            return None
        j += 1
        speaker_from = j
    while j < len(toks) and j - speaker_from <= _MAX_SPEAKER_TOKENS:
        t = toks[j]
        opening = _opening_at(t.start, pairs)
        if opening is not None and j > speaker_from and toks[j - 1].text not in "،,":
            # A name in quotation marks inside the speaker («وكالة "ريا نوفوستي"»).
            close = opening[1]
            while j < len(toks) and toks[j].start <= close:
                j += 1
            continue
        if relay and t.norm in QUOTING_NOUNS:
            speaker_toks = toks[speaker_from:j]
            k = j + 1
            while k < len(toks) and (toks[k].text == ":" or toks[k].norm in _COMPLEMENTISERS):
                k += 1
            if k >= len(toks):
                return None
            return _finish(text, sentence, toks, speaker_toks, k, pairs, mentions, times, verb_starts, relay=True)
        if opening is not None or t.text == ":" or t.norm in _COMPLEMENTISERS:
            speaker_toks = toks[speaker_from:j]
            k = j
            if t.text == ":" or t.norm in _COMPLEMENTISERS:
                k = j + 1
                while k < len(toks) and toks[k].norm in _COMPLEMENTISERS:
                    k += 1
            if k >= len(toks):
                return None
            return _finish(text, sentence, toks, speaker_toks, k, pairs, mentions, times, verb_starts, relay=relay)
        if t.norm in _BRIDGES and j + 1 < len(toks) and toks[j + 1].norm in _COMPLEMENTISERS:
            speaker_toks = toks[speaker_from:j]
            return _finish(text, sentence, toks, speaker_toks, j + 2, pairs, mentions, times, verb_starts, relay=relay)
        if j in verb_positions and j > speaker_from:
            return None
        if t.text in ".!؟?":
            return None
        j += 1
    return None


def _finish(
    text: str,
    sentence: Sentence,
    toks: Sequence[_Tok],
    speaker_toks: Sequence[_Tok],
    k: int,
    pairs: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    times: Sequence[tuple[int, int]],
    verb_starts: Sequence[int],
    *,
    relay: bool,
) -> tuple[_Speaker, int, int, bool, int] | None:
    kept = _trim_speaker(text, speaker_toks, times, relay=relay)
    speaker = _make_speaker(text, kept, mentions) if kept else _Speaker(None, None, None, None)
    first = toks[k]
    opening = _opening_at(first.start, pairs)
    if opening is not None:
        o, c = opening
        rest = text[c + 1 : sentence.end].strip(" .")
        # A quotation that is the whole of what follows is direct speech; one followed
        # by more clause is a quoted phrase inside indirect speech.
        if not rest or rest[0] in "،,":
            return speaker, o + 1, c, True, c + 1
    content_start = first.start
    content_end = _content_end(text, sentence, content_start, verb_starts)
    if content_end - content_start < 3:
        return None
    return speaker, content_start, content_end, False, content_end


def _quote_before_verb(
    text: str,
    sentence: Sentence,
    toks: Sequence[_Tok],
    pairs: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    times: Sequence[tuple[int, int]],
) -> Quote | None:
    """«…»، قال فلان: a quotation that opens the sentence, attributed after it."""
    if not pairs or text[sentence.start : pairs[0][0]].strip():
        return None
    o, c = pairs[0]
    after = [t for t in toks if t.start > c]
    while after and after[0].text in "،,":
        after = after[1:]
    if not after or after[0].norm not in QUOTE_VERBS:
        return None
    verb = after[0]
    speaker_toks = [t for t in after[1:] if t.text not in "."]
    kept = _trim_speaker(text, speaker_toks[:_MAX_SPEAKER_TOKENS], times, relay=False)
    if not kept:
        return None
    speaker = _make_speaker(text, kept, mentions)
    return Quote(
        start=o,
        end=kept[-1].end,
        content_start=o + 1,
        content_end=c,
        verb=verb.text,
        direct=True,
        speaker=speaker.text,
        speaker_start=speaker.start,
        speaker_end=speaker.end,
        entity=speaker.entity,
    )
