"""A story's timeline: dated happenings from its articles, merged and ordered.

Each resolved time expression of an on-topic sentence (``segment == 0``) proposes an
entry: its date and the sentence that carries it (trimmed to about 25 words around the
expression). Proposals on the same date are merged when they report the same
happening: their trimmed sentences share content words (at least two,
and at least a fifth of the shorter one's; words match by lemma, via
:func:`marsad.arabic.tokens.lemma`, or by Snowball stem; stopwords and date words left
out) or they name the same entity (``Article.mentions`` inside the sentences). A merged entry cites
every article that reported it and keeps one source span per report.

What counts:

* happenings: expressions at day grain or finer; the entry's date is the day
  ("2025-02-18"), times of day fold into it;
* context: week, month and year grains («في 2014», «قبل ثلاث سنوات», «فبراير 2022»)
  are kept with their own grain ("2014", "2022-02", "2025-W07") when they lie
  before the article's publication period; the publication's own week/month/year
  («هذا الشهر», «العام الجاري») says nothing about the story's order and is left out;
* intervals count by their start when they span at most three days («نهاية الأسبوع»),
  else as the month they fall in when inside one month, else not at all; open or
  vague ones («خلال أيام») and durations never.

Entries are ordered by the start of their period (a coarser period before the days
inside it). When there are more than ``max_entries``, the best supported (most
citations, then happenings before context, then earliest reported) are kept.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import Stemmer
import stopwordsiso

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import TOKEN_RE, is_arabic_word, lemma
from marsad.model import Article, Citation, Sentence, TimeExpression, TimelineEntry

__all__ = ["build_timeline", "timeline_date"]

_MAX_WORDS = 25
_SIMILAR = 0.2
_MIN_SHARED = 2
_STEMMER = Stemmer.Stemmer("arabic")
# «الآن», «حالياً»: the moment of writing, not a happening of the story.
_NOT_HAPPENINGS = frozenset({"الان", "حالا", "حاليا", "في هذه اللحظه", "هذه اللحظه"})
_STOPWORDS = frozenset(normalize(w) for w in stopwordsiso.stopwords("ar"))
_SENTENCE_END = re.compile(r"[.!?؟]\s+|\n+")


def _week_monday(value: str) -> date:
    year, week = int(value[:4]), int(value[6:8])
    return date.fromisocalendar(year, week, 1)


def _period_start(value: str) -> date:
    if "-W" in value:
        return _week_monday(value)
    parts = [int(p) for p in value[:10].split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


_GRAIN_ORDER = {"year": 0, "month": 1, "week": 2, "day": 3}


def _date_grain(value: str) -> str:
    if "-W" in value:
        return "week"
    return {4: "year", 7: "month"}.get(len(value), "day")


def timeline_date(expression: TimeExpression, published: str | None = None) -> str | None:
    """The timeline date of an expression, or None when it does not belong there.

    Example:
        >>> e = TimeExpression(0, 8, "الثلاثاء", "2025-04-08", "day")
        >>> timeline_date(e, "2025-04-10")
        '2025-04-08'
        >>> timeline_date(TimeExpression(0, 9, "هذا الشهر", "2025-04", "month"), "2025-04-10") is None
        True
        >>> timeline_date(TimeExpression(0, 7, "في 2014", "2014", "year"), "2025-04-10")
        '2014'
    """
    value = expression.value
    if not value or value.startswith("X") or expression.kind in ("duration", "set"):
        return None
    if normalize(expression.text) in _NOT_HAPPENINGS:
        return None
    if not re.match(r"^\d{4}", value):
        return None
    if expression.kind == "interval":
        if not expression.end_value or expression.grain not in ("day", "hour", "minute", "second"):
            return None
        try:
            first, last = _period_start(value), _period_start(expression.end_value)
        except ValueError:
            return None
        if (last - first).days <= 2:
            return value[:10]
        if (first.year, first.month) == (last.year, last.month):
            return value[:7] if _is_context(value[:7], published) else None
        return None
    if expression.grain in ("day", "hour", "minute", "second"):
        return value[:10]
    return value if _is_context(value, published) else None


def _is_context(value: str, published: str | None) -> bool:
    """A week/month/year worth showing: one that ended before the publication period."""
    if not published or not re.match(r"^\d{4}", published):
        return True
    try:
        start = _period_start(value)
        pub = _period_start(published[:10])
    except ValueError:
        return False
    grain = _date_grain(value)
    if grain == "year":
        return start.year < pub.year
    if grain == "month":
        return (start.year, start.month) < (pub.year, pub.month)
    return start + timedelta(days=7) <= pub - timedelta(days=pub.weekday())


@dataclass(slots=True)
class _Report:
    """One article's sentence that dates a happening."""

    article: str
    order: int
    date: str
    start: int
    end: int
    text: str
    words: tuple[frozenset[str], ...]  # per content word: its lemma and stem keys
    names: frozenset[str]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset().union(*self.words)


def _similarity(a: _Report, b: _Report) -> float:
    """1 for a shared name; else the share of content words the shorter report has in
    common with the other (a word matches by lemma or by stem), counted only from two
    shared words up."""
    if a.names & b.names:
        return 1.0
    short, other = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if not short.words:
        return 0.0
    keys = other.keys
    shared = sum(1 for w in short.words if w & keys)
    return shared / len(short.words) if shared >= _MIN_SHARED else 0.0


@dataclass(slots=True)
class _Entry:
    date: str
    reports: list[_Report] = field(default_factory=list)

    def similarity(self, report: _Report) -> float:
        return max((_similarity(r, report) for r in self.reports), default=0.0)

    def add(self, report: _Report) -> None:
        self.reports.append(report)


def _sentences(article: Article) -> list[Sentence]:
    if article.sentences:
        return sorted(article.sentences, key=lambda s: s.start)
    # Not segmented yet: lines and sentence-final punctuation are enough here.
    spans: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(article.text):
        if article.text[start : m.start()].strip():
            spans.append(Sentence(start, m.start() + (1 if m.group(0)[0] in ".!?؟" else 0)))
        start = m.end()
    if article.text[start:].strip():
        spans.append(Sentence(start, len(article.text)))
    return spans


def _trim(text: str, base: int, start: int, end: int) -> tuple[int, int]:
    """A span of at most about 25 words of ``text`` (offset ``base``) around [start, end)."""
    words = [(m.start() + base, m.end() + base) for m in re.finditer(r"\S+", text)]
    if len(words) <= _MAX_WORDS:
        return words[0][0], words[-1][1]
    inside = [i for i, (s, e) in enumerate(words) if e > start and s < end] or [0]
    first, last = inside[0], inside[-1]
    size = max(_MAX_WORDS, last - first + 1)
    lo = first - (size - (last - first + 1)) // 2
    lo = max(0, min(lo, len(words) - size))
    return words[lo][0], words[lo + size - 1][1]


def _content(article: Article, start: int, end: int) -> tuple[frozenset[str], ...]:
    """Content words of a span, each as its lemma and Snowball stem keys (so «سينعقد»
    meets «ينعقد» and «الروسي» meets «روس»), stopwords and date words left out."""
    words: dict[str, frozenset[str]] = {}
    dates = [(t.start, t.end) for t in article.times if t.end > start and t.start < end]
    for m in TOKEN_RE.finditer(article.text, start, end):
        if any(s <= m.start() < e for s, e in dates):
            continue  # a date says nothing about what happened
        token = m.group(0)
        if not is_arabic_word(token) or len(token) < 3 or normalize(token) in _STOPWORDS:
            continue
        key = lemma(token)
        if key in _STOPWORDS:
            continue
        words.setdefault(key, frozenset({"l:" + key, "s:" + normalize(_STEMMER.stemWord(token))}))
    return tuple(words.values())


def _names(article: Article, start: int, end: int) -> frozenset[str]:
    return frozenset(
        m.entity or normalize(m.text)
        for m in article.mentions
        if m.start >= start and m.end <= end and m.label in ("PER", "ORG", "GPE", "LOC")
    )


def _reports(article: Article, order: int) -> list[_Report]:
    sentences = _sentences(article)
    starts = [s.start for s in sentences]
    reports: list[_Report] = []
    for expression in article.times:
        when = timeline_date(expression, article.published)
        if when is None:
            continue
        i = bisect.bisect_right(starts, expression.start) - 1
        if i < 0 or sentences[i].end < expression.end or sentences[i].segment != 0:
            continue
        sentence = sentences[i]
        text = article.text[sentence.start : sentence.end]
        start, end = _trim(text, sentence.start, expression.start, expression.end)
        piece = article.text[start:end]
        if article.text[sentence.start : start].strip():
            piece = "… " + piece
        if article.text[end : sentence.end].strip():
            piece += " …"
        reports.append(
            _Report(
                article.id,
                order,
                when,
                start,
                end,
                piece.strip(),
                _content(article, start, end),
                _names(article, sentence.start, sentence.end),
            )
        )
    return reports


def _sort_key(entry: _Entry) -> tuple[date, int, int]:
    first = entry.reports[0]
    return _period_start(entry.date), _GRAIN_ORDER[_date_grain(entry.date)], first.order * 10**7 + first.start


def build_timeline(articles: Sequence[Article], max_entries: int = 12) -> list[TimelineEntry]:
    """Dated happenings of a story, merged across its articles and ordered by date.

    Args:
        articles: the story's articles, with ``times`` and ``sentences`` filled.
        max_entries: most entries to return (the best supported are kept).

    Returns:
        TimelineEntry(date, text, citations, sources) in date order; ``text`` is the
        first report's sentence (trimmed), ``citations`` the article ids that report
        it, ``sources`` one span per report.
    """
    entries: list[_Entry] = []
    by_date: dict[str, list[_Entry]] = {}
    for order, article in enumerate(articles):
        for report in _reports(article, order):
            same_day = by_date.setdefault(report.date, [])
            best = max(same_day, key=lambda e: e.similarity(report), default=None)
            if best is not None and best.similarity(report) >= _SIMILAR:
                best.add(report)
                continue
            entry = _Entry(report.date)
            entry.add(report)
            same_day.append(entry)
            entries.append(entry)
    if len(entries) > max_entries:

        def support(e: _Entry) -> tuple[int, int, int]:
            cited = len({r.article for r in e.reports})
            happening = 1 if _date_grain(e.date) == "day" else 0
            first = e.reports[0]
            return (-cited, -happening, first.order * 10**7 + first.start)

        entries = sorted(entries, key=support)[:max_entries]
    entries.sort(key=_sort_key)
    timeline: list[TimelineEntry] = []
    for e in entries:
        citations: list[str] = []
        for r in e.reports:
            if r.article not in citations:
                citations.append(r.article)
        sources = [Citation(r.article, r.start, r.end) for r in e.reports]
        timeline.append(TimelineEntry(e.date, e.reports[0].text, citations, sources))
    return timeline
