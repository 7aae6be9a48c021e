"""Exact and near-duplicate articles (syndicated copies), folded onto a canonical one.

Exact copies share the hash of their normalised words. Near copies are found with
datasketch's MinHash LSH over word shingles of the normalised text, tokenised as
Arabic (text-dedup's issue #90: a whitespace-less tokeniser made every Arabic pair a
"duplicate"). A candidate is confirmed when the estimated Jaccard similarity of the
shingle sets is high, or when the shorter text is nearly contained in the longer one
(a wire copy trimmed by one outlet).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import TOKEN_RE
from marsad.config import DedupSettings

__all__ = ["DuplicateFinder", "Fingerprint", "fingerprint", "stored_fingerprint"]

_PERMUTATIONS: dict[int, MinHash] = {}


@dataclass(slots=True)
class Fingerprint:
    """What dedup needs of one article."""

    exact: str
    signature: np.ndarray
    size: int  # number of distinct shingles
    lead: frozenset[int] = frozenset()  # hashes of the opening words


_WORD_HASHES: dict[str, int] = {}


def _word_hash(word: str) -> int:
    h = _WORD_HASHES.get(word)
    if h is None:
        # crc32 is stable across runs and machines, unlike hash().
        h = _WORD_HASHES[word] = zlib.crc32(word.encode())
        if len(_WORD_HASHES) > 2_000_000:
            _WORD_HASHES.clear()
    return h


def _words(text: str) -> list[str]:
    return [w for w in TOKEN_RE.findall(normalize(text)) if w[0].isalnum()]


def _shingle_hashes(words: list[str], k: int) -> np.ndarray:
    """Distinct 32-bit hashes of the word k-grams, combined from per-word hashes."""
    h = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(words) < k:
        combined = np.array([int(h.sum()) & 0xFFFFFFFF], dtype=np.uint64) if len(words) else h
    else:
        combined = np.zeros(len(words) - k + 1, dtype=np.uint64)
        for i in range(k):
            # Multiply-add with odd constants: order-sensitive, wraps in uint64.
            combined = combined * np.uint64(0x9E3779B1) + h[i : len(words) - k + 1 + i]
        combined = (combined ^ (combined >> np.uint64(29))) & np.uint64(0xFFFFFFFF)
    return np.unique(combined)


def _template(num_perm: int) -> MinHash:
    template = _PERMUTATIONS.get(num_perm)
    if template is None:
        template = _PERMUTATIONS[num_perm] = MinHash(num_perm=num_perm, hashfunc=int)
    return template


def _new_minhash(num_perm: int, hashvalues: np.ndarray | None = None) -> MinHash:
    """A MinHash sharing the template's permutations (building them costs more than hashing)."""
    return MinHash(
        num_perm=num_perm,
        hashfunc=int,
        hashvalues=hashvalues,
        permutations=_template(num_perm).permutations,
        scheme="affine32",
    )


def fingerprint(text: str, settings: DedupSettings) -> Fingerprint:
    """Exact hash, MinHash signature and shingle count of a clean text.

    Example:
        >>> s = DedupSettings()
        >>> a = fingerprint("وصل الوفد الروسي إلى إسطنبول لإجراء محادثات جديدة مع الجانب الأمريكي اليوم", s)
        >>> b = fingerprint("وصل الوفد الروسي الى اسطنبول لاجراء محادثات جديدة مع الجانب الامريكي اليوم", s)
        >>> a.exact == b.exact
        True
    """
    words = _words(text)
    exact = hashlib.sha1(" ".join(words).encode()).hexdigest()
    shingles = _shingle_hashes(words, settings.shingle_size)
    minhash = _new_minhash(settings.num_perm)
    if len(shingles):
        minhash.update_batch(shingles.tolist())
    lead = frozenset(_word_hash(w) for w in words[:LEAD_WORDS])
    return Fingerprint(exact, minhash.hashvalues.copy(), len(shingles), lead)


# A copy keeps the opening of what it copies; an article that reuses another's body
# under a new opening (an outlet repackaging its own background paragraphs under a
# new statement) reports something else.
LEAD_WORDS = 40
MIN_LEAD_OVERLAP = 0.5


def stored_fingerprint(features: dict) -> Fingerprint:
    """The fingerprint kept in an article's features (see Pipeline.fingerprint)."""
    return Fingerprint(
        features["exact"],
        features["minhash"],
        int(features["shingles"]),
        frozenset(int(h) for h in features.get("lead_hashes", ())),
    )


@dataclass(slots=True)
class DuplicateFinder:
    """Online duplicate detection: each article is compared with those seen before it.

    The first article of a group (in processing order, which is publication order) is
    the canonical one; later copies point to it.
    """

    settings: DedupSettings
    _exact: dict[str, str] = field(default_factory=dict)
    _canonical: dict[str, str] = field(default_factory=dict)
    _signatures: dict[str, np.ndarray] = field(default_factory=dict)
    _sizes: dict[str, int] = field(default_factory=dict)
    _leads: dict[str, frozenset[int]] = field(default_factory=dict)
    _lsh: MinHashLSH | None = None

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.settings.threshold, num_perm=self.settings.num_perm)

    def _minhash(self, signature: np.ndarray) -> MinHash:
        return _new_minhash(self.settings.num_perm, signature)

    def add(self, article_id: str, fp: Fingerprint) -> str | None:
        """Register an article; return the id of the article it duplicates, if any."""
        canonical = self._exact.get(fp.exact)
        if canonical is None and fp.size >= self.settings.shingle_size:
            canonical = self._near(fp)
        if canonical is None:
            self._exact.setdefault(fp.exact, article_id)
            self._canonical[article_id] = article_id
            if fp.size >= self.settings.shingle_size:
                self._signatures[article_id] = fp.signature
                self._sizes[article_id] = fp.size
                self._leads[article_id] = fp.lead
                assert self._lsh is not None
                self._lsh.insert(article_id, self._minhash(fp.signature), check_duplication=False)
            return None
        self._canonical[article_id] = canonical
        return canonical

    def _near(self, fp: Fingerprint) -> str | None:
        assert self._lsh is not None
        best: tuple[float, str] | None = None
        for other in sorted(self._lsh.query(self._minhash(fp.signature))):
            sig = self._signatures[other]
            jaccard = float(np.count_nonzero(sig == fp.signature)) / len(sig)
            size_a, size_b = fp.size, self._sizes[other]
            shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
            containment = shared / max(1, min(size_a, size_b))
            similar = jaccard >= self.settings.min_jaccard or (containment >= 0.9 and min(size_a, size_b) >= 30)
            lead = self._leads.get(other, frozenset())
            same_lead = not fp.lead or not lead or len(fp.lead & lead) / len(fp.lead | lead) >= MIN_LEAD_OVERLAP
            if similar and same_lead:
                score = max(jaccard, containment)
                if best is None or score > best[0]:
                    best = (score, other)
        return self._canonical[best[1]] if best else None
