"""Lexical evidence: TF-IDF vectors over content lemmas.

The IDF table is fixed (built once by ``scripts/build_lexicon.py`` from a news corpus and
shipped in the package), so an article's vector never depends on what else happens to
be in the store: that is what lets an incremental run give the batch run's stories.
"""

from __future__ import annotations

import gzip
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.arabic.normalize import normalize_word
from marsad.arabic.stop_words import STOP_WORDS, TIME_WORDS
from marsad.arabic.tokens import TOKEN_RE, lemma

__all__ = ["IdfTable", "content_lemmas", "cosine", "lemma_vector", "load_idf", "paragraph_lemmas", "term_vector"]

IDF_RESOURCE = "data/idf.tsv.gz"


@dataclass(frozen=True, slots=True)
class IdfTable:
    documents: int
    df: dict[str, int]

    def idf(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.df.get(term, 0) + 1)) + 1.0


@lru_cache(maxsize=1)
def load_idf() -> IdfTable:
    """The packaged IDF table (document frequencies of lemmas)."""
    ref = resources.files("marsad.cluster").joinpath(IDF_RESOURCE)
    if not ref.is_file():
        return IdfTable(1, {})
    with gzip.open(ref.open("rb"), "rt", encoding="utf-8") as fh:
        header = fh.readline().split("\t")
        documents = int(header[1])
        df = {}
        for line in fh:
            term, count = line.rstrip("\n").split("\t")
            df[term] = int(count)
    return IdfTable(documents, df)


@lru_cache(maxsize=300_000)
def _content_lemma(token: str) -> str | None:
    if len(token) < 2 or token[0].isdigit():
        return None
    norm = normalize_word(token)
    if norm in STOP_WORDS or norm in TIME_WORDS:
        return None
    lem = lemma(token)
    if len(lem) < 2 or lem in STOP_WORDS or lem in TIME_WORDS:
        return None
    return lem


def content_lemmas(text: str) -> list[str]:
    """Lemmas of the content words of ``text`` (stop, reporting and time words left out).

    Example:
        >>> content_lemmas("وقال وزير الخارجية إن المحادثات ستعقد الأحد")
        ['وزير', 'خارجي', 'محادثه', 'ستعقد']
    """
    out = []
    for token in TOKEN_RE.findall(text):
        lem = _content_lemma(token)
        if lem is not None:
            out.append(lem)
    return out


@lru_cache(maxsize=8192)
def paragraph_lemmas(paragraph: str) -> tuple[str, ...]:
    """:func:`content_lemmas` of one paragraph, cached: segmentation and clustering both
    read every paragraph of every article."""
    return tuple(content_lemmas(paragraph))


def term_vector(
    title: str, body: str, *, idf: IdfTable | None = None, title_weight: float = 2.0, top: int = 80
) -> dict[str, float]:
    """L2-normalised TF-IDF vector of an article (title counted ``title_weight`` times),
    keeping the ``top`` heaviest terms; keys sorted so the vector is the same everywhere."""
    return lemma_vector(content_lemmas(title), content_lemmas(body), idf=idf, title_weight=title_weight, top=top)


def lemma_vector(
    title: Iterable[str],
    body: Iterable[str],
    *,
    idf: IdfTable | None = None,
    title_weight: float = 2.0,
    top: int = 80,
) -> dict[str, float]:
    """:func:`term_vector` from lemmas already found."""
    idf = idf or load_idf()
    counts: Counter[str] = Counter(body)
    for term in title:
        counts[term] += title_weight
    weights = {t: (1.0 + math.log(c)) * idf.idf(t) for t, c in counts.items()}
    best = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    norm = math.sqrt(sum(w * w for _, w in best)) or 1.0
    return {t: round(w / norm, 6) for t, w in sorted(best)}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
