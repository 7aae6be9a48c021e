"""Does an article say what a summary sentence says? And is a digest's every summary
sentence backed by each article it cites, free of chrome and of off-topic text?

:func:`supports` is the one test, used both when citations are made
(:mod:`marsad.summarize.cited`) and when they are checked (:func:`check_digest_file`), so it
reads only what a digest.json carries: an article's clean text, its publication date
and its off-topic spans (sentences are re-split and time expressions re-read from the
text, which is what the pipeline did). A sentence is supported by an article when one
on-topic sentence of the article, or two neighbouring ones of a paragraph, hold most of
its content (:data:`marsad.facts.align.SUPPORT_SHARE` of its IDF-weighted content words,
matched by lemma, news synonym or spelling key), back every number it states with a
compatible number of the same kind, do not put its event on another day, and are not a
mere expectation of what it reports as done. The verb a sentence opens with (what
happened) must be there too unless the rest is almost all there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import normalize
from marsad.arabic.sentences import split_sentences
from marsad.facts.align import StoryIndex, share_in
from marsad.facts.align import supports as claim_supported
from marsad.facts.claims import Claim, sentence_units, text_tokens
from marsad.facts.numbers import find_quantities
from marsad.model import Article, Removed, Sentence, TimeExpression

__all__ = [
    "SupportIndex",
    "check_digest_file",
    "claim_from_text",
    "contains_chrome",
    "support_score",
    "supports",
]

# A summary sentence that shares this much with an off-topic block is off-topic.
OFFTOPIC_SHARE = 0.6
# Removed text shorter than this (characters, normalised) is too common to test for.
MIN_CHROME_CHARS = 8


def _times(text: str, published: str | None) -> list[TimeExpression]:
    from marsad.temporal import find_time_expressions

    return find_time_expressions(text, published)


def _days(times: Sequence[TimeExpression], start: int, end: int) -> frozenset[int]:
    from marsad.facts.claims import _day

    return frozenset(d for t in times if start <= t.start < end and t.kind != "duration" and (d := _day(t.value)))


def claim_from_text(text: str, published: str | None = None, *, language: str = "ar") -> Claim:
    """A text (a summary sentence) as a claim: its content words, numbers and event days."""
    times = _times(text, published) if language == "ar" else []
    tokens = text_tokens(text)
    days = _days(times, 0, len(text))
    from marsad.facts.claims import MODAL_WORDS, _head, normalize_word

    return Claim(
        article="",
        outlet="",
        language=language,
        sentence=0,
        paragraph=0,
        position=0,
        start=0,
        end=len(text),
        text=text,
        tokens=tokens,
        terms=frozenset(t.term for t in tokens),
        keys=frozenset(t.key for t in tokens),
        quantities=find_quantities(text, 0, times),
        entities=frozenset(),
        days=days,
        days_explicit=bool(days),
        fallback_days=None,
        modal=bool(MODAL_WORDS.intersection(normalize_word(w) for w in text.split())),
        weight=math.fsum(t.weight for t in tokens),
        head=_head(text, tokens),
    )


def _text_only(u: Claim) -> Claim:
    """A unit as a digest reader sees it: its days are the ones it states. (Names and
    entities stay: a unit is only asked whether it holds a claim's terms, and claims
    made from text have neither.)"""
    out = copy(u)
    out.days = u.stated_days
    out.days_explicit = bool(u.stated_days)
    out.fallback_days = None
    return out


def _merge(a: Claim, b: Claim, text: str) -> Claim:
    """Two neighbouring sentences read as one window."""
    out = copy(a)
    out.end = b.end
    out.text = text[a.start : b.end]
    out.tokens = tuple({t.term: t for t in (*a.tokens, *b.tokens)}.values())
    out.terms = a.terms | b.terms
    out.keys = a.keys | b.keys
    out.entities = a.entities | b.entities
    out.quantities = [*a.quantities, *b.quantities]
    out.days = a.days | b.days
    out.days_explicit = a.days_explicit or b.days_explicit
    out.modal = a.modal and b.modal
    return out


def _plain(article: Article) -> Article:
    """The article as digest.json shows it: text, date, sentences with their segments,
    times re-read from the text; no mentions or quotes (a digest does not carry them)."""
    sentences = article.sentences or split_sentences(article.text)
    times = article.times if article.times or not article.is_arabic else _times(article.text, article.published)
    return Article(
        id=article.id,
        input=article.input,
        raw="",
        outlet=article.outlet,
        published=article.published,
        language=article.language,
        text=article.text,
        sentences=sentences,
        times=times,
    )


@dataclass(slots=True)
class SupportIndex:
    """An article's on-topic sentences (and neighbouring pairs), ready to be asked."""

    article: str
    windows: list[Claim]
    index: StoryIndex = field(init=False)

    def __post_init__(self) -> None:
        self.index = StoryIndex(self.windows)

    @classmethod
    def of(cls, article: Article) -> SupportIndex:
        """From the article's text alone (what a digest.json gives)."""
        plain = _plain(article)
        return cls.from_units(article.id, plain.text, sentence_units(plain, inherit_days=False))

    @classmethod
    def from_units(cls, article_id: str, text: str, units: Sequence[Claim]) -> SupportIndex:
        """From sentence units already computed for the article's facts; read the way a
        digest reader would (no names, a sentence's days only its own), so the result is
        the same as :meth:`of`."""
        plain = [_text_only(u) for u in units if u.article == article_id and not u.heading]
        windows = list(plain)
        for a, b in pairwise(plain):
            if a.paragraph == b.paragraph and a.sentence + 1 == b.sentence:
                windows.append(_merge(a, b, text))
        return cls(article_id, windows)

    def score(self, claim: Claim) -> float:
        """The best support any window gives ``claim`` (0 when none supports it)."""
        best = 0.0
        for i, (content, names) in self.index.matched(claim.tokens).items():
            s = claim_supported(claim, self.index.units[i], content, names)
            if s > best:
                best = s
        return best


@lru_cache(maxsize=4096)
def _cached_claim(text: str, published: str | None, language: str) -> Claim:
    return claim_from_text(text, published, language=language)


def support_score(sentence_text: str, article: Article, *, published: str | None = None) -> float:
    """How well ``article`` says what ``sentence_text`` says (0 = not supported).

    Args:
        sentence_text: the sentence (a summary sentence).
        article: the article asked (only its text, date, sentences and off-topic
            segments are read).
        published: the publication date that dates the sentence's relative time words
            (its source article's); defaults to the article's.
    """
    claim = _cached_claim(sentence_text, published or article.published, article.language or "ar")
    return SupportIndex.of(article).score(claim)


def supports(sentence_text: str, article: Article, *, published: str | None = None) -> bool:
    """Whether ``article`` says what ``sentence_text`` says (see the module docstring).

    Example:
        >>> from marsad.model import Article
        >>> t = "أعلنت الشركة أن أرباحها ارتفعت بنسبة 12% خلال الربع الأول من العام."
        >>> a = Article(id="a", input="a", raw=t, text=t, language="ar", published="2024-05-02")
        >>> supports("ارتفعت أرباح الشركة بنسبة 12% خلال الربع الأول", a)
        True
        >>> supports("ارتفعت أرباح الشركة بنسبة 15% خلال الربع الأول", a)
        False
    """
    return support_score(sentence_text, article, published=published) > 0


def contains_chrome(sentence_text: str, removed: Sequence[Removed | str]) -> str | None:
    """The removed (chrome) text a sentence contains or is part of, else None."""
    norm = " ".join(normalize(sentence_text).split())
    for r in removed:
        chrome = " ".join(normalize(r.text if isinstance(r, Removed) else r).split())
        if len(chrome) < MIN_CHROME_CHARS:
            continue
        if f" {chrome} " in f" {norm} " or (len(norm) >= 2 * MIN_CHROME_CHARS and norm in chrome):
            return r.text if isinstance(r, Removed) else r
    return None


def _article_from_json(data: dict[str, Any]) -> tuple[Article, list[tuple[int, int]]]:
    text = data.get("text") or ""
    offtopic = [(int(s), int(e)) for s, e in data.get("offtopic", [])]
    sentences = [
        Sentence(s.start, s.end, s.paragraph, 1 if any(a <= s.start < b for a, b in offtopic) else 0)
        for s in split_sentences(text)
    ]
    article = Article(
        id=data["id"],
        input=data.get("input", ""),
        raw="",
        outlet=data.get("outlet"),
        published=data.get("published"),
        language=data.get("language"),
        text=text,
        sentences=sentences,
        removed=[Removed(r.get("text", ""), r.get("reason", "")) for r in data.get("removed", [])],
        duplicate_of=data.get("duplicate_of"),
    )
    return article, offtopic


def check_digest_file(path: str | Path) -> dict[str, Any]:
    """Check every summary sentence of a digest.json against the articles it cites.

    Returns:
        Totals and the lists behind them: ``sentences``, ``citations``,
        ``unsupported_citations`` (with ``unsupported``: story, sentence, article),
        ``chrome_hits``, ``offtopic_hits`` (sentences holding removed text, or off-topic
        text: inside an article's ``offtopic`` spans or sharing most of its words with
        them), ``stories_under_3`` (stories whose summary has fewer than three sentences)
        and ``ok`` (no unsupported citation, chrome or off-topic hit).
    """
    digest = json.loads(Path(path).read_text(encoding="utf-8"))
    articles: dict[str, tuple[Article, list[tuple[int, int]]]] = {
        a["id"]: _article_from_json(a) for a in digest.get("articles", [])
    }
    indexes: dict[str, SupportIndex] = {}
    offtopic_units: dict[str, list[Claim]] = {}
    report: dict[str, Any] = {
        "stories": 0,
        "summarised_stories": 0,
        "sentences": 0,
        "citations": 0,
        "unsupported_citations": 0,
        "unsupported": [],
        "chrome_hits": [],
        "offtopic_hits": [],
        "stories_under_3": 0,
        "short_stories": [],
    }
    for story in digest.get("stories", []):
        report["stories"] += 1
        summary = story.get("summary", [])
        if summary:
            report["summarised_stories"] += 1
        if len(summary) < 3:
            report["stories_under_3"] += 1
            report["short_stories"].append({"story": story["id"], "sentences": len(summary)})
        members = [articles[a] for a in story.get("articles", []) if a in articles]
        removed = [r for a, _ in members for r in a.removed]
        for n, sentence in enumerate(summary):
            text = sentence["text"]
            report["sentences"] += 1
            source = sentence.get("source") or {}
            source_article = articles.get(source.get("article", ""), (None, []))[0]
            published = source_article.published if source_article else None
            chrome = contains_chrome(text, removed)
            if chrome is not None:
                report["chrome_hits"].append({"story": story["id"], "sentence": n, "removed": chrome})
            if _is_offtopic(text, source, members, articles, offtopic_units):
                report["offtopic_hits"].append({"story": story["id"], "sentence": n, "text": text})
            claim = claim_from_text(
                text, published, language=(source_article.language if source_article else "ar") or "ar"
            )
            for aid in sentence.get("citations", []):
                report["citations"] += 1
                if aid not in articles:
                    report["unsupported_citations"] += 1
                    report["unsupported"].append(
                        {"story": story["id"], "sentence": n, "article": aid, "why": "unknown"}
                    )
                    continue
                if aid not in indexes:
                    indexes[aid] = SupportIndex.of(articles[aid][0])
                if indexes[aid].score(claim) <= 0:
                    report["unsupported_citations"] += 1
                    report["unsupported"].append({"story": story["id"], "sentence": n, "article": aid, "text": text})
    report["ok"] = not (report["unsupported_citations"] or report["chrome_hits"] or report["offtopic_hits"])
    return report


def _is_offtopic(
    text: str,
    source: dict[str, Any],
    members: Sequence[tuple[Article, list[tuple[int, int]]]],
    articles: dict[str, tuple[Article, list[tuple[int, int]]]],
    cache: dict[str, list[Claim]],
) -> bool:
    if source and source.get("article") in articles:
        _, spans = articles[source["article"]]
        start, end = int(source.get("start", -1)), int(source.get("end", -1))
        if any(a < end and start < b for a, b in spans):
            return True
    claim = claim_from_text(text)
    if claim.weight <= 0:
        return False
    for article, spans in members:
        if not spans:
            continue
        if article.id not in cache:
            cache[article.id] = [
                claim_from_text(article.text[s.start : s.end])
                for s in article.sentences
                if any(a <= s.start < b for a, b in spans)
            ]
        if any(share_in(claim, unit) >= OFFTOPIC_SHARE for unit in cache[article.id]):
            return True
    return False
