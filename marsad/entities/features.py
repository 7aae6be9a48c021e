"""Features of the entity tagger, split so that almost all of them are cached per word.

A token's features come from a window of five words (offsets -2..+2). Everything the
tagger knows about one word — its normalised form, clitic-free stem, affixes, shape,
word clusters learnt from the ANT news corpus, and its gazetteer classes — is a pure
function of the word, so it is computed once per distinct word and kept, separately
for each offset ("slot") the word can take in a window (:meth:`FeatureExtractor.word_slots`).
Only a few features depend on the position: word bigrams and multi-word gazetteer
matches (:meth:`FeatureExtractor.position_features`).

The same code gives string features for training (python-crfsuite) and feature ids for
the numpy tagger, so training and tagging cannot drift apart.
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass, field
from pathlib import Path

from marsad.arabic.tokens import strip_clitics
from marsad.entities.gazetteer import Gazetteer, normalize_token, proclitic_readings

__all__ = [
    "CLUSTERS_PATH",
    "PAD",
    "SLOTS",
    "Clusters",
    "FeatureExtractor",
    "word_shape",
]

CLUSTERS_PATH = Path(__file__).parent / "data" / "clusters.tsv.gz"

# Window offsets, in the order of the per-word slot lists.
SLOTS = (-2, -1, 0, 1, 2)
# The pseudo-word beyond both ends of a sentence.
PAD = "\x00pad"

_PUNCT = set(".,،؛;:!?؟\"'«»()[]{}-–—/\\*•·<>=_|…")


def word_shape(token: str) -> str:
    """A coarse shape: ``A`` Arabic, ``L`` Latin, ``D`` digits, ``P`` punctuation, ``M`` mixed.

    Example:
        >>> word_shape("لافروف"), word_shape("NATO"), word_shape("2025")
        ('A', 'L', 'D')
    """
    kinds = set()
    for ch in token:
        if "\u0600" <= ch <= "\u06ff":
            kinds.add("A")
        elif ch.isdigit():
            kinds.add("D")
        elif ch.isalpha():
            kinds.add("L")
        elif ch in _PUNCT or not ch.isalnum():
            kinds.add("P")
    if not kinds:
        return "P"
    return kinds.pop() if len(kinds) == 1 else "M"


@dataclass(slots=True)
class Clusters:
    """Word clusters and corpus statistics learnt from unlabeled news (ANT).

    Attributes:
        clusters: a normalised word → its cluster ids, coarse to fine.
        frequency: a normalised word → log2 bucket of its corpus count.
        article_rate: a clitic-free stem → how often (in tenths) it is written with ال;
            foreign names almost never take the article.
    """

    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    frequency: dict[str, int] = field(default_factory=dict)
    article_rate: dict[str, int] = field(default_factory=dict)
    tagged: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path = CLUSTERS_PATH, tagged_path: Path | None = None) -> Clusters:
        """Read ``word <TAB> count-bucket <TAB> article-rate <TAB> cluster...`` rows.

        An article rate of ``-`` means unknown. ``tagged_path`` holds, per word, how
        often a first tagger put it inside names of each type across the news corpus
        (``word <TAB> PER:2 <TAB> LOC:1 ...``, see ``scripts/train_ner.py``).
        """
        found = cls()
        if tagged_path is not None and tagged_path.exists():
            with gzip.open(tagged_path, "rt", encoding="utf-8") as rows:
                for row in rows:
                    word, *levels = row.rstrip("\n").split("\t")
                    found.tagged[word] = tuple(levels)
        with gzip.open(path, "rt", encoding="utf-8") as rows:
            for row in rows:
                word, bucket, rate, *ids = row.rstrip("\n").split("\t")
                found.frequency[word] = int(bucket)
                if rate != "-":
                    found.article_rate[strip_clitics(word)] = int(rate)
                if ids:
                    found.clusters[word] = tuple(ids)
        return found

    @staticmethod
    def bucket(count: int) -> int:
        return min(int(math.log2(count)), 20) if count > 0 else 0


@dataclass(slots=True)
class FeatureExtractor:
    """Turns tokens into CRF features (strings), caching everything per distinct word.

    Args:
        gazetteer: name lists (the one built from the training data while training).
        clusters: ANT word clusters and statistics.
    """

    gazetteer: Gazetteer
    clusters: Clusters
    _slots: dict[str, tuple[list[str], ...]] = field(default_factory=dict)

    def normalize(self, token: str) -> str:
        return normalize_token(token)

    def word_slots(self, token: str) -> tuple[list[str], ...]:
        """The features a word contributes at each window offset in :data:`SLOTS`."""
        slots = self._slots.get(token)
        if slots is None:
            slots = self._word_slots(token)
            self._slots[token] = slots
        return slots

    def _word_slots(self, token: str) -> tuple[list[str], ...]:
        if token == PAD:
            return (["-2:pad"], ["-1:pad"], [], ["+1:pad"], ["+2:pad"])
        norm = normalize_token(token)
        stem = strip_clitics(norm) if norm else norm
        proclitic = norm[: len(norm) - len(stem)] if norm.endswith(stem) else "?"
        shape = word_shape(norm)
        clusters = self.clusters
        ids = clusters.clusters.get(norm)
        via = ""
        readings = proclitic_readings(norm)
        if ids is None:
            for _, word in readings[1:]:
                ids = clusters.clusters.get(word)
                if ids is not None:
                    via = "p"
                    break
        classes: list[str] = []
        for prefix, word in readings:
            for label in self.gazetteer.classes(word):
                classes.append(("g=" if not prefix else "gp=") + label)
        if stem != norm:
            classes.extend("gs=" + label for label in self.gazetteer.classes(stem))
        if shape == "L":
            shape = "LU" if token.isupper() else "LC" if token[:1].isupper() else "Ll"
        rate = clusters.article_rate.get(stem)
        freq = clusters.frequency.get(norm, -1)

        centre = [
            "bias",
            "w=" + norm,
            "st=" + stem,
            "pc=" + proclitic,
            "sh=" + shape,
            "ln=" + str(min(len(stem), 9)),
            "x1=" + norm[-1:],
            "x2=" + norm[-2:],
            "x3=" + norm[-3:],
            "x4=" + norm[-4:],
            "q2=" + stem[:2],
            "q3=" + stem[:3],
            "sx2=" + stem[-2:],
            "fq=" + str(freq),
            "ar=" + ("-" if rate is None else str(rate)),
        ]
        near = ["w=" + norm, "st=" + stem, "pc=" + proclitic, "sh=" + shape, "x2=" + norm[-2:]]
        far = ["w=" + norm, "sh=" + shape]
        if ids is not None:
            for level, cluster in enumerate(ids):
                centre.append(f"c{via}{level}={cluster}")
                near.append(f"c{via}{level}={cluster}")
            far.append(f"c{via}1={ids[1]}" if len(ids) > 1 else f"c{via}0={ids[0]}")
        else:
            centre.append("c=none")
        tagged = clusters.tagged.get(norm)
        if tagged is None:
            for _, word in readings[1:]:
                tagged = clusters.tagged.get(word)
                if tagged is not None:
                    break
        if tagged:
            classes.extend("t=" + level for level in tagged)
        centre.extend(classes)
        near.extend(classes)
        far.extend(classes)
        return (
            _prefixed("-2:", far),
            _prefixed("-1:", near),
            list(dict.fromkeys(centre)),
            _prefixed("+1:", near),
            _prefixed("+2:", far),
        )

    def position_features(self, norms: list[str]) -> list[list[str]]:
        """Features that depend on neighbours together: bigrams and gazetteer phrases.

        Args:
            norms: normalised tokens of one sentence.
        """
        n = len(norms)
        found: list[list[str]] = [[] for _ in range(n)]
        for i in range(n):
            prev = norms[i - 1] if i else "<s>"
            nxt = norms[i + 1] if i + 1 < n else "</s>"
            found[i].append("b-=" + prev + "|" + norms[i])
            found[i].append("b+=" + norms[i] + "|" + nxt)
        for start, end, label in self.gazetteer.find_phrases(norms):
            found[start].append("pg=B-" + label)
            for i in range(start + 1, end):
                found[i].append("pg=I-" + label)
            if end < n:
                found[end].append("pg-1=" + label)
            if start > 0:
                found[start - 1].append("pg+1=" + label)
        return found

    def sentence_features(self, tokens: list[str]) -> list[list[str]]:
        """All features of every token of one sentence (for training)."""
        padded = [PAD, PAD, *tokens, PAD, PAD]
        slots = [self.word_slots(token) for token in padded]
        norms = [normalize_token(token) for token in tokens]
        positional = self.position_features(norms)
        features: list[list[str]] = []
        for i in range(len(tokens)):
            j = i + 2
            features.append(
                slots[j - 2][0] + slots[j - 1][1] + slots[j][2] + slots[j + 1][3] + slots[j + 2][4] + positional[i]
            )
        return features


def _prefixed(prefix: str, features: list[str]) -> list[str]:
    return [prefix + f for f in dict.fromkeys(features)]
