"""Tokens with character spans, and the light lemma/stem forms used to compare them.

Tokens follow the conventions of Arabic NER corpora (ANERcorp): words keep their
attached clitics (والرئيس is one token), numbers keep their decimal point (4.5), and
every punctuation mark is a token of its own.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

import simplemma

from marsad.arabic.normalize import normalize_word, skeleton, strip_diacritics

__all__ = [
    "TOKEN_RE",
    "is_arabic_word",
    "lemma",
    "segment_word",
    "strip_clitics",
    "token_spans",
    "tokenize",
    "word_frequency",
    "word_key",
]

# A word: letters/digits plus Arabic combining marks and tatweel, joined by
# in-word apostrophes or hyphens of Latin names; a number: digits with separators;
# anything else that is not space: a one-character token.
TOKEN_RE = re.compile(
    r"\d+(?:[.,٫٬]\d+)*"
    r"|[^\W\d_][\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*"
    r"(?:['’\-][^\W\d_][\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*)*"
    r"|[^\s]",
)

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")

# Proclitic sequences, longest first: conjunction, then preposition, then article.
_PROCLITICS = ("وبال", "وكال", "فبال", "وللـ", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text``.

    Example:
        >>> t = "قال لافروف: استمرت 4.5 ساعة."
        >>> [t[s:e] for s, e in token_spans(t)]
        ['قال', 'لافروف', ':', 'استمرت', '4.5', 'ساعة', '.']
    """
    return [m.span() for m in TOKEN_RE.finditer(text)]


def tokenize(text: str) -> list[str]:
    """Token strings of ``text`` (see :func:`token_spans`)."""
    return TOKEN_RE.findall(text)


def is_arabic_word(token: str) -> bool:
    return bool(_ARABIC_LETTER.match(token))


@lru_cache(maxsize=500_000)
def strip_clitics(word: str) -> str:
    """Normalised word without its proclitics (و ف ب ك ل ال), leaving at least 3 letters.

    A bare و/ف is only taken off when 4 letters remain, because many stems begin with
    them (وزير, فريق).

    Example:
        >>> strip_clitics("والرئيس"), strip_clitics("للمفاوضات"), strip_clitics("وزير")
        ('رييس', 'مفاوضات', 'وزير')
        >>> strip_clitics("وبيسكوف")
        'بيسكوف'
    """
    w = normalize_word(word)
    for p in _PROCLITICS:
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p) :]
    if w[:1] in ("و", "ف") and len(w) >= 5:
        return w[1:]
    return w


WORD_FREQ_RESOURCE = "data/word_freq.tsv.gz"

# Conjunction/preposition proclitics (the article ال is handled apart), and the
# pronoun and dual suffixes a noun can carry. Which split is right («واشنطن» is one
# word, «وبيسكوف» is و + بيسكوف) is decided by how often each reading occurs in news.
_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_SUFFIXES = ("", "ها", "هما", "هم", "هن", "كم", "كما", "نا", "ان", "ين", "تان", "تين")


@lru_cache(maxsize=1)
def word_frequency() -> dict[str, int]:
    """How often each normalised word occurs in a news corpus (packaged table, built by
    scripts/build_lexicon.py); empty when the table is absent."""
    ref = resources.files("marsad.arabic").joinpath(WORD_FREQ_RESOURCE)
    if not ref.is_file():
        return {}
    with gzip.open(ref.open("rb"), "rt", encoding="utf-8") as fh:
        return {word: int(count) for word, count in (line.rstrip("\n").split("\t") for line in fh)}


def _lexeme(stem: str, freq: dict[str, int]) -> tuple[str, int]:
    """A stem without its article, and how often it occurs with or without it."""
    if stem.startswith("ال") and len(stem) >= 5:
        bare = stem[2:]
        return bare, freq.get(bare, 0) + freq.get(stem, 0)
    return stem, freq.get(stem, 0) + freq.get("ال" + stem, 0)


@lru_cache(maxsize=500_000)
def segment_word(word: str) -> tuple[str, str, str]:
    """(proclitics, stem, suffix) of a normalised Arabic word, the stem without ال.

    Every split whose parts are plausible is scored by the corpus frequency of its stem
    (with or without ال); each affix taken off halves the score, so a word is only split
    when the shorter reading is clearly the more common one.

    Example:
        >>> segment_word("وبيسكوف")[1], segment_word("واشنطن")[1], segment_word("سفارتها")[1]
        ('بيسكوف', 'واشنطن', 'سفاره')
        >>> segment_word("للمفاوضات")
        ('لل', 'مفاوضات', '')
    """
    w = normalize_word(word)
    freq = word_frequency()
    best: tuple[float, int, str, str, str] | None = None
    for prefix in _PREFIXES:
        if not w.startswith(prefix):
            continue
        body = w[len(prefix) :]
        # «لل» is ل + ال with one alef written.
        if prefix == "ل" and body.startswith("ل") and len(body) >= 4:
            candidates = [(prefix, "ال" + body[1:]), (prefix, body)]
        else:
            candidates = [(prefix, body)]
        for pre, rest in candidates:
            for suffix in _SUFFIXES:
                if suffix and not rest.endswith(suffix):
                    continue
                stem = rest[: len(rest) - len(suffix)] if suffix else rest
                if suffix and stem.endswith(("ت", "تي")):
                    # سفارتها → سفارة: the construct form of a feminine noun.
                    stem = stem[: -2 if stem.endswith("تي") else -1] + "ه"
                if len(stem) < 2 or (pre in ("و", "ف") and len(stem) < 3):
                    continue
                lexeme, count = _lexeme(stem, freq)
                strips = bool(pre) + bool(suffix)
                score = (count + 0.5) / (2.0**strips)
                key = (score, -strips, pre, lexeme, suffix)
                if best is None or key[:2] > best[:2]:
                    best = key
    if best is None:
        return "", w, ""
    _, _, pre, lexeme, suffix = best
    return ("لل" if pre == "ل" and w.startswith("لل") and not lexeme.startswith("ل") else pre), lexeme, suffix


@lru_cache(maxsize=500_000)
def lemma(word: str) -> str:
    """A normalised lemma for comparing content words.

    simplemma's dictionary form when it knows the word as written; otherwise the stem
    of the word's most frequent reading (clitics and article off), with the feminine and
    plural endings of nisba adjectives folded (أمريكية، أمريكيون → أمريكي).

    Example:
        >>> lemma("المحادثات") == lemma("محادثة")
        True
        >>> lemma("وواشنطن") == lemma("واشنطن")
        True
        >>> lemma("الامريكيه") == lemma("الأمريكي")
        True
    """
    if not is_arabic_word(word):
        return word.lower()
    prefix, stem, suffix = segment_word(word)
    # simplemma's dictionary is keyed by written forms (hamzas, ة), so it is asked
    # about the word as written, minus the clitics the corpus says it carries.
    written = strip_diacritics(word)[len(prefix) :]
    if prefix == "لل":
        written = "ال" + written
    if suffix and written.endswith(suffix):
        written = written[: -len(suffix)]
    for form in (written, written[2:] if written.startswith("ال") else ""):
        if form and simplemma.is_known(form, lang="ar"):
            return _fold_nisba(normalize_word(simplemma.lemmatize(form, lang="ar")))
    return _fold_nisba(stem)


def _fold_nisba(stem: str) -> str:
    if len(stem) >= 5:
        for ending in ("يون", "يين", "يات", "يه"):
            if stem.endswith(ending):
                return stem[: -len(ending)] + "ي"
    return stem


@lru_cache(maxsize=500_000)
def word_key(word: str) -> str:
    """The spelling-variant key of one word: proclitics and article off, long vowels out.

    Example:
        >>> word_key("وترامب") == word_key("ترمب")
        True
    """
    if not is_arabic_word(word):
        return word.lower()
    # Only the proclitics come off: a name's ending is its own («عمان», «سليمان»).
    prefix = segment_word(word)[0]
    rest = normalize_word(word)[len(prefix) :]
    if prefix == "لل":
        rest = "ال" + rest
    if rest.startswith("ال") and len(rest) >= 5:
        rest = rest[2:]
    return skeleton(rest)
