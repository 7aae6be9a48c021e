"""Full-text search shared by every store: what is indexed, how a query reads, how hits rank.

Both stores index two columns per article: ``body``, the normalised words of its title and
text, and ``keys``, each word's spelling-variant and lemma keys (so «امريكي» finds
«الأميركية» and «اسطنبول» finds «بإسطنبول»). Both split those columns into tokens with
SQLite FTS5's ``unicode61`` tokenizer (the PostgreSQL store borrows it through an in-memory
SQLite table, :class:`Unicode61`), so the two stores index the same tokens. A query matches
an article when every query word matches, in its normalised form (a phrase in ``body``) or
in one of its keys (a phrase in ``keys``). Hits rank by FTS5's BM25 over those phrases
(:func:`bm25_score`), which the PostgreSQL store computes the same way, then by article
id.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.arabic.normalize import clean_visible, normalize, skeleton
from marsad.arabic.tokens import lemma, tokenize, word_key

__all__ = [
    "BM25_B",
    "BM25_K1",
    "COLUMNS",
    "TOKENIZER",
    "Phrase",
    "Unicode61",
    "bm25_idf",
    "bm25_score",
    "fts5_query",
    "query_keys",
    "query_words",
    "search_columns",
    "snippet",
    "word_keys",
]

# FTS5's tokenizer for both columns; the PostgreSQL store tokenizes with it too.
TOKENIZER = "unicode61 remove_diacritics 2"

# The indexed columns.
COLUMNS = ("body", "keys")

# FTS5's bm25() constants.
BM25_K1 = 1.2
BM25_B = 0.75

WORD = re.compile(r"\w+")


def word_keys(word: str) -> set[str]:
    """A word's search keys: its spelling-variant key and its lemma's.

    Example:
        >>> word_keys("الأميركية") & word_keys("امريكي") != set()
        True
    """
    return {word_key(word), skeleton(lemma(word))}


def search_columns(title: str, text: str) -> tuple[str, str]:
    """What is indexed: the normalised words, and their spelling-variant and lemma keys
    (so «امريكي» finds «الأميركية» and «اسطنبول» finds «بإسطنبول»)."""
    both = clean_visible(f"{title}\n{text}")
    keys = " ".join(" ".join(sorted(word_keys(w))) for w in tokenize(both) if w[:1].isalnum())
    return normalize(both), keys


@dataclass(frozen=True, slots=True)
class Phrase:
    """One way a query word can match: a phrase (usually one token) in one column."""

    column: str  # "body" or "keys"
    text: str


def query_words(query: str) -> list[list[Phrase]]:
    """The query's words, each as the phrases any of which matches it.

    Example:
        >>> [[p.column for p in word] for word in query_words("إسطنبول")]
        [['body', 'keys']]
    """
    words = []
    for word in WORD.findall(clean_visible(query)):
        norm = normalize(word).replace('"', "")
        words.append([Phrase("body", norm)] + [Phrase("keys", key) for key in sorted(word_keys(word)) if key])
    return words


def fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression: every word must match in its normalised form or one of its keys.

    Example:
        >>> fts5_query("") is None
        True
    """
    parts = ["(" + " OR ".join(f'{p.column} : "{p.text}"' for p in word) + ")" for word in query_words(query)]
    return " AND ".join(parts) if parts else None


def query_keys(query: str) -> set[str]:
    """The keys of every word of a query (what a snippet looks for)."""
    return {k for w in WORD.findall(clean_visible(query)) for k in word_keys(w)}


def snippet(text: str, keys: set[str], width: int = 180) -> str:
    """The first stretch of the original text holding a query word (by variant key).

    Example:
        >>> snippet("وصل الوفد إلى إسطنبول.", query_keys("اسطنبول"), width=12)
        '…إلى إسطنبول.'
    """
    for m in WORD.finditer(text):
        if word_keys(m.group()) & keys:
            start = max(0, m.start() - width // 3)
            end = min(len(text), start + width)
            return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")
    return text[:width].replace("\n", " ")


def bm25_score(freqs: Sequence[float], idfs: Sequence[float], length: int, avgdl: float) -> float:
    """FTS5's BM25 of one row (positive: higher is better), summed phrase by phrase in query
    order as FTS5 does, so another store's scores equal SQLite's to the last bit.

    Args:
        freqs: how often each phrase of the query occurs in the row (in its column).
        idfs: each phrase's :func:`bm25_idf`.
        length: the row's tokens, all columns.
        avgdl: the mean of ``length`` over the table.

    Example:
        >>> round(bm25_score([2, 0], [1.5, 0.7], 10, 10.0), 4)
        2.0625
    """
    score = 0.0
    for freq, idf in zip(freqs, idfs, strict=True):
        score += idf * ((freq * (BM25_K1 + 1.0)) / (freq + BM25_K1 * (1 - BM25_B + BM25_B * length / avgdl)))
    return score


def bm25_idf(rows: int, hits: int) -> float:
    """FTS5's inverse document frequency of a phrase found in ``hits`` of ``rows`` rows.

    Example:
        >>> round(bm25_idf(10, 1), 4)
        1.8458
        >>> bm25_idf(10, 9)  # common phrases weigh (almost) nothing, never less
        1e-06
    """
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0.0 else 1e-6


class Unicode61:
    """FTS5's ``unicode61`` tokenizer as a function, for stores that are not SQLite.

    It runs the tokenizer itself (an in-memory FTS5 table read through ``fts5vocab``), so
    another store indexes exactly the tokens the SQLite store does.

    Example:
        >>> Unicode61().tokenize(["Café-Noir إسطنبول", ""])
        [['cafe', 'noir', 'إسطنبول'], []]
    """

    def __init__(self) -> None:
        self._conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._conn.execute(f"CREATE VIRTUAL TABLE texts USING fts5(text, tokenize = '{TOKENIZER}')")
        self._conn.execute("CREATE VIRTUAL TABLE tokens USING fts5vocab(texts, 'instance')")
        self._lock = threading.Lock()

    def tokenize(self, texts: Sequence[str]) -> list[list[str]]:
        """The tokens of each text, in order."""
        out: list[list[str]] = [[] for _ in texts]
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                conn.executemany("INSERT INTO texts (rowid, text) VALUES (?, ?)", enumerate(texts))
                found = conn.execute("SELECT doc, offset, term FROM tokens").fetchall()
            finally:
                conn.execute("ROLLBACK")  # the table is only ever a scratch pad
        for doc, _offset, term in sorted(found):
            out[doc].append(term)
        return out

    def close(self) -> None:
        self._conn.close()
