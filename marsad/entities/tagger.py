"""marsad's Arabic named-entity tagger: a linear-chain CRF run in numpy.

The model is trained by ``scripts/train_ner.py`` with python-crfsuite and exported to
``data/model.npz`` (feature names, a weight per feature and label, label transitions).
Tagging does not need crfsuite: the features a word contributes at each window offset
are a pure function of the word, so their summed weights are computed once per distinct
word and cached; a sentence's label scores are then a few array additions, plus the
weights of the few position-dependent features (bigrams, gazetteer phrases), and Viterbi
runs over a batch of sentences at once.

After Viterbi, a document pass makes the tags consistent (:meth:`EntityTagger.tag_sentences`):
a name tagged in one sentence is tagged where it recurs untagged, a person's surname
alone is tagged as the person, and a name gets one type per document. Finally LOC
mentions listed as countries, territories or cities are labelled GPE.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from marsad.arabic.tokens import token_spans
from marsad.entities.conll import spans_from_tags
from marsad.entities.features import PAD, SLOTS, Clusters, FeatureExtractor
from marsad.entities.gazetteer import Gazetteer, normalize_token, proclitic_readings
from marsad.model import Mention

__all__ = ["MODEL_PATH", "EntityTagger", "default_tagger"]

DATA = Path(__file__).parent / "data"
MODEL_PATH = DATA / "model.npz"

# Words above this ANT frequency bucket (2**14 = 16384 occurrences or more) are too
# common to be tagged by document consistency alone.
_COMMON_BUCKET = 13


@dataclass(slots=True)
class _Model:
    labels: list[str]
    weights: np.ndarray  # (features + 1, labels); the last row is zero
    transitions: np.ndarray  # (labels, labels): from, to
    feature_ids: dict[str, int]
    bias: np.ndarray  # (labels,): added to every token's label scores


class EntityTagger:
    """Tags Arabic tokens with IOB2 entity tags (PER, ORG, LOC, GPE, MISC).

    Build it with :meth:`load`; :func:`default_tagger` keeps one packaged tagger per
    process.

    Attributes:
        consistency: apply the document pass (on by default).
        marsad_conventions: marsad's types where ANERcorp's, which the CRF learnt,
            differ: ministries («وزارة الخارجية الأميركية», mostly untagged in
            ANERcorp) and «البيت الأبيض» (MISC there) are ORG. On by default; the
            scores in docs/ner.md are given with and without it.

    Example:
        >>> tagger = default_tagger()
        >>> tagger.tag(["قال", "سيرغي", "لافروف", "في", "موسكو"])
        ['O', 'B-PER', 'I-PER', 'O', 'B-GPE']
    """

    def __init__(
        self,
        model: _Model,
        gazetteer: Gazetteer,
        clusters: Clusters,
        consistency: bool = True,
        marsad_conventions: bool = True,
    ) -> None:
        self._model = model
        self._gazetteer = gazetteer
        self._clusters = clusters
        self._extractor = FeatureExtractor(gazetteer, clusters)
        self.consistency = consistency
        self.marsad_conventions = marsad_conventions
        n_labels = len(model.labels)
        self._begin = np.array([label.startswith("B-") for label in model.labels])
        self._outside = model.labels.index("O")
        # Per distinct token: its row in _rows and its normalised form.
        self._index: dict[str, tuple[int, str]] = {}
        self._rows = np.zeros((1024, len(SLOTS), n_labels), dtype=np.float32)
        self._add_words([PAD])
        self._pair_left, self._pair_right = self._pair_weights()
        self._alone: dict[str, bool] = {}
        # Decoding label ids: the type of each label, and whether it opens a name.
        self._label_type = [label[2:] if label != "O" else "" for label in model.labels]
        self._label_begins = [label.startswith("B-") for label in model.labels]

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Path | None = None) -> EntityTagger:
        """Load a tagger; ``path`` is a ``model.npz`` beside its gazetteer and clusters.

        Args:
            path: the model file; None for the model packaged with marsad.
        """
        path = MODEL_PATH if path is None else Path(path)
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            names = bytes(data["features"]).decode("utf-8").split("\n")
            weights = data["weights"].astype(np.float32)
            transitions = data["transitions"].astype(np.float32)
        weights = np.vstack([weights, np.zeros((1, weights.shape[1]), dtype=np.float32)])
        labels = list(meta["labels"])
        model = _Model(
            labels=labels,
            weights=weights,
            transitions=transitions,
            feature_ids={name: i for i, name in enumerate(names)},
            bias=np.zeros(len(labels), dtype=np.float32),
        )
        gazetteer = Gazetteer.read(path.parent / meta.get("gazetteer", "gazetteer.tsv.gz"))
        tagged = meta.get("tagged")
        clusters = Clusters.read(
            path.parent / meta.get("clusters", "clusters.tsv.gz"),
            path.parent / tagged if tagged else None,
        )
        tagger = cls(model, gazetteer, clusters)
        tagger.set_bias(meta.get("bias", {}))
        return tagger

    def set_bias(self, bias: dict[str, float]) -> None:
        """Add ``bias[TYPE]`` to the score of opening a name of that type (``B-TYPE``).

        A positive bias makes the type more likely to be tagged, at the cost of its
        precision; continuing labels (``I-``) are left alone, so names do not grow
        into their neighbours. The packaged model carries the biases tuned on the dev
        block (``scripts/train_ner.py --dev --tune-bias``).
        """
        vector = np.zeros(len(self._model.labels), dtype=np.float32)
        for i, label in enumerate(self._model.labels):
            if label.startswith("B-"):
                vector[i] = bias.get(label[2:], 0.0)
        self._model.bias = vector

    @property
    def labels(self) -> list[str]:
        return list(self._model.labels)

    # ------------------------------------------------------------------ tagging

    def tag(self, tokens: list[str]) -> list[str]:
        """IOB2 tags for one sentence (a one-sentence document)."""
        return self.tag_sentences([tokens])[0]

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 tags for the sentences of one document, made consistent across them."""
        if not sentences:
            return []
        label_ids = self._viterbi_document(sentences)
        norms = self._document_norms(sentences)
        spans = [self._decode(ids) for ids in label_ids]
        if self.consistency:
            spans = self._consistent(norms, spans)
        if self.marsad_conventions:
            spans = [_marsad_conventions(n, sp) for n, sp in zip(norms, spans, strict=True)]
        result: list[list[str]] = []
        for sentence_norms, sentence_spans in zip(norms, spans, strict=True):
            tags = ["O"] * len(sentence_norms)
            for start, end, label in sentence_spans:
                if label == "LOC" and self._gazetteer.phrase_type(sentence_norms[start:end]) == "GPE":
                    label = "GPE"
                tags[start] = "B-" + label
                for i in range(start + 1, end):
                    tags[i] = "I-" + label
            result.append(tags)
        return result

    def find_mentions(self, text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        """Entity mentions of ``text`` as character spans, the article tagged as one document.

        Args:
            text: the article's clean text.
            sentences: ``(start, end)`` character spans of its sentences.

        Returns:
            Mentions sorted by position; a conjunction/preposition written onto the
            first word (وبيسكوف, والولايات) is left out of the span.
        """
        token_offsets: list[list[tuple[int, int]]] = []
        tokens: list[list[str]] = []
        for start, end in sentences:
            spans = [(start + s, start + e) for s, e in token_spans(text[start:end])]
            if spans:
                token_offsets.append(spans)
                tokens.append([text[s:e] for s, e in spans])
        mentions: list[Mention] = []
        for offsets, tags in zip(token_offsets, self.tag_sentences(tokens), strict=True):
            for first, last, label in spans_from_tags(tags):
                start, end = offsets[first][0], offsets[last - 1][1]
                start += self.proclitic_length(text[start : offsets[first][1]])
                mentions.append(Mention(start, end, label, text[start:end]))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def proclitic_length(self, word: str) -> int:
        """Characters at the start of a name's first word that are a proclitic, not the name.

        A conjunction/preposition (و ف ب ل ك and their combinations) is taken off when
        what remains is a definite word at least as frequent in the news corpus as the
        word as written (والولايات), or a listed name the word as written is not
        (لبيروت). A bare conjunction و/ف also comes off a word at least four times as
        frequent, or the only one of the two the corpus knows (وبيسكوف). Names that
        merely begin with one of these letters keep them (بايدن, بيروت, فلاديمير).

        Example:
            >>> tagger = default_tagger()
            >>> words = ("وبيسكوف", "والولايات", "بيروت", "بايدن", "وبايدن", "وكالة")
            >>> [tagger.proclitic_length(w) for w in words]
            [1, 1, 0, 0, 1, 0]
        """
        norm = normalize_token(word)
        frequency = self._clusters.frequency  # log2 buckets, -1 for unknown
        classes = self._gazetteer.classes
        written = frequency.get(norm, -1)
        best_letters, best_count = 0, written
        for prefix, rest in proclitic_readings(norm)[1:]:
            if not norm.startswith(prefix + rest):
                continue  # the ل+ال reading of لل: no substring of the word is the name
            count = frequency.get(rest, -1)
            if rest.startswith("ال"):
                if len(rest) >= 5 and count >= written:
                    return _offset_of(word, len(prefix))
                continue
            if classes(rest) and not classes(norm):
                count = max(count, written + 2)
            elif prefix not in ("و", "ف"):
                continue  # a preposition only comes off a listed name
            if (written < 0 <= count or count >= written + 2) and count > best_count:
                best_letters, best_count = len(prefix), count
        return _offset_of(word, best_letters) if best_letters else 0

    # --------------------------------------------------------------- internals

    def _document_norms(self, sentences: list[list[str]]) -> list[list[str]]:
        """Normalised tokens of a document just scored (words are cached by then)."""
        return [[self._index[t][1] for t in sentence] for sentence in sentences]

    def _decode(self, label_ids: list[int]) -> list[tuple[int, int, str]]:
        """Name spans of a label sequence; an I- label that does not continue opens a name."""
        spans: list[tuple[int, int, str]] = []
        kind = ""
        start = 0
        for i, label in enumerate(label_ids):
            label_type = self._label_type[label]
            if kind and (label_type != kind or self._label_begins[label]):
                spans.append((start, i, kind))
                kind = ""
            if label_type and not kind:
                kind, start = label_type, i
        if kind:
            spans.append((start, len(label_ids), kind))
        return spans

    def _add_words(self, tokens: Sequence[str]) -> None:
        """Cache the per-slot label scores of words not seen before."""
        model = self._model
        zero = len(model.weights) - 1
        lookup = model.feature_ids.get
        flat: list[int] = []
        starts: list[int] = []
        for token in tokens:
            slots = self._extractor._word_slots(token)
            for features in slots:
                starts.append(len(flat))
                flat.append(zero)  # keeps every segment non-empty for reduceat
                flat.extend([i for i in map(lookup, features) if i is not None])
        sums = np.add.reduceat(model.weights[np.asarray(flat)], np.asarray(starts), axis=0)
        sums = sums.reshape(len(tokens), len(SLOTS), -1)
        first = len(self._index)
        needed = first + len(tokens)
        if needed > len(self._rows):
            grown = np.zeros((max(needed, 2 * len(self._rows)), *self._rows.shape[1:]), dtype=np.float32)
            grown[:first] = self._rows[:first]
            self._rows = grown
        self._rows[first:needed] = sums
        for n, token in enumerate(tokens):
            self._index[token] = (first + n, normalize_token(token) if token != PAD else "")

    def _pair_weights(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Bigram weights by ``left|right``: for the left word (b+) and the right word (b-)."""
        left: dict[str, np.ndarray] = {}
        right: dict[str, np.ndarray] = {}
        weights = self._model.weights
        for name, i in self._model.feature_ids.items():
            if name.startswith("b+="):
                left[name[3:]] = weights[i]
            elif name.startswith("b-="):
                right[name[3:]] = weights[i]
        return left, right

    def _emissions(self, sentences: list[list[str]]) -> list[np.ndarray]:
        index = self._index
        new = [t for s in sentences for t in s if t not in index]
        if new:
            self._add_words(list(dict.fromkeys(new)))
        if len(index) > 600_000:  # bound memory (~110 MB) on endless streams
            self._index = {}
            self._alone.clear()
            self._add_words([PAD])
            self._add_words(list(dict.fromkeys(t for s in sentences for t in s)))
            index = self._index
        pad = index[PAD][0]
        rows: list[int] = []
        for sentence in sentences:
            rows += (pad, pad)
            rows += [index[t][0] for t in sentence]
        rows += (pad, pad)
        flat = np.asarray(rows)
        table = self._rows
        n = len(flat)
        scores = (
            table[flat[0 : n - 4], 0]
            + table[flat[1 : n - 3], 1]
            + table[flat[2 : n - 2], 2]
            + table[flat[3 : n - 1], 3]
            + table[flat[4:n], 4]
            + self._model.bias
        )
        emissions: list[np.ndarray] = []
        at = 0
        weights = self._model.weights
        feature_ids = self._model.feature_ids
        left, right = self._pair_left, self._pair_right
        for sentence in sentences:
            length = len(sentence)
            scores_here = scores[at : at + length]
            at += length + 2
            norms = [index[t][1] for t in sentence]
            padded = ["<s>", *norms, "</s>"]
            for i in range(length + 1):
                key = padded[i] + "|" + padded[i + 1]
                if i < length:
                    vector = right.get(key)
                    if vector is not None:
                        scores_here[i] += vector
                if i > 0:
                    vector = left.get(key)
                    if vector is not None:
                        scores_here[i - 1] += vector
            for start, end, label in self._gazetteer.find_phrases(norms):
                for i, name in _phrase_features(start, end, label, length):
                    fid = feature_ids.get(name)
                    if fid is not None:
                        scores_here[i] += weights[fid]
            emissions.append(scores_here)
        return emissions

    def _viterbi_document(self, sentences: list[list[str]]) -> list[list[int]]:
        emissions = self._emissions(sentences)
        result: list[list[int]] = [[] for _ in sentences]
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        batch: list[int] = []
        budget = 0
        for i in order:
            if not sentences[i]:
                continue
            batch.append(i)
            budget += len(sentences[i])
            if budget >= 4096:
                self._viterbi_batch([emissions[j] for j in batch], batch, result)
                batch, budget = [], 0
        if batch:
            self._viterbi_batch([emissions[j] for j in batch], batch, result)
        return result

    def _viterbi_batch(self, emissions: list[np.ndarray], ids: list[int], result: list[list[int]]) -> None:
        """Viterbi over many sentences at once, longest first so the live ones are a prefix."""
        order = sorted(range(len(emissions)), key=lambda b: -len(emissions[b]))
        lengths = np.array([len(emissions[b]) for b in order])
        longest = int(lengths[0])
        n_labels = len(self._model.labels)
        scores = np.zeros((len(order), longest, n_labels), dtype=np.float32)
        for row, b in enumerate(order):
            scores[row, : lengths[row]] = emissions[b]
        # live[t]: how many sentences are longer than t.
        live = np.searchsorted(-lengths, -np.arange(longest), side="left").tolist()
        transitions = self._model.transitions[None]
        back = np.zeros((len(order), longest, n_labels), dtype=np.intp)
        best = scores[:, 0].copy()
        for t in range(1, longest):
            a = live[t]
            candidates = best[:a, :, None] + transitions
            back[:a, t] = candidates.argmax(axis=1)
            best[:a] = candidates.max(axis=1) + scores[:a, t]
        path = np.zeros((len(order), longest), dtype=np.intp)
        rows = np.arange(len(order))
        path[rows, lengths - 1] = best.argmax(axis=1)
        for t in range(longest - 1, 0, -1):
            a = live[t]
            path[:a, t - 1] = back[rows[:a], t, path[:a, t]]
        for row, b in enumerate(order):
            result[ids[b]] = path[row, : lengths[row]].tolist()

    def _consistent(
        self, norms: list[list[str]], spans: list[list[tuple[int, int, str]]]
    ) -> list[list[tuple[int, int, str]]]:
        """Document consistency: one type per name, recurring names tagged everywhere.

        Every name tagged in the document votes for its type under its keys (as written,
        and with a proclitic taken off its first word). A name then takes the type most
        of its occurrences got, and an untagged recurrence of a key is tagged with it —
        single words only when they are rare enough in the news corpus to be names.
        A person's surname becomes a key of its own (بيسكوف after دميتري بيسكوف).
        """
        votes: dict[tuple[str, ...], Counter[str]] = {}
        surnames: set[str] = set()
        for sentence, sentence_spans in zip(norms, spans, strict=True):
            for start, end, label in sentence_spans:
                for key in _name_keys(sentence[start:end]):
                    votes.setdefault(key, Counter())[label] += 1
                if label == "PER" and end - start > 1:
                    surname = sentence[end - 1]
                    if self._may_stand_alone(surname):
                        votes.setdefault((surname,), Counter())["PER"] += 0
                        surnames.add(surname)
        if not votes:
            return spans
        # A one-word name is only spread when the document tags it at least a third as
        # often as it leaves it untagged (a common word tagged once by mistake stays
        # alone); a surname of a full name always is.
        untagged: Counter[str] = Counter()
        for sentence, sentence_spans in zip(norms, spans, strict=True):
            inside = {i for start, end, _ in sentence_spans for i in range(start, end)}
            for i, word in enumerate(sentence):
                if i not in inside:
                    for _, first in proclitic_readings(word):
                        if (first,) in votes:
                            untagged[first] += 1
        spread = {
            key[0]
            for key, counts in votes.items()
            if len(key) == 1 and (key[0] in surnames or 3 * sum(counts.values()) >= untagged[key[0]])
        }
        firsts: dict[str, int] = {}
        for key in votes:
            firsts[key[0]] = max(firsts.get(key[0], 0), len(key))
        result: list[list[tuple[int, int, str]]] = []
        for sentence, sentence_spans in zip(norms, spans, strict=True):
            fixed: list[tuple[int, int, str]] = []
            taken = [False] * len(sentence)
            for start, end, label in sentence_spans:
                counts = votes[_name_keys(sentence[start:end])[0]]
                top, top_count = counts.most_common(1)[0]
                if top != label and top_count > counts[label]:
                    label = top
                fixed.append((start, end, label))
                for i in range(start, end):
                    taken[i] = True
            added = False
            i = 0
            while i < len(sentence):
                found = None
                if not taken[i]:
                    for _, first in proclitic_readings(sentence[i]):
                        longest = firsts.get(first)
                        if longest:
                            found = self._recurring(sentence, i, first, taken, votes, longest, spread)
                            if found:
                                break
                if found is None:
                    i += 1
                    continue
                end, label = found
                fixed.append((i, end, label))
                added = True
                i = end
            if added:
                fixed.sort()
            result.append(fixed)
        return result

    def _recurring(
        self,
        sentence: list[str],
        start: int,
        first: str,
        taken: list[bool],
        votes: dict[tuple[str, ...], Counter[str]],
        longest: int,
        spread: set[str],
    ) -> tuple[int, str] | None:
        for length in range(min(longest, len(sentence) - start), 0, -1):
            if length > 1 and True in taken[start : start + length]:
                continue
            counts = votes.get((first, *sentence[start + 1 : start + length]))
            if not counts:
                continue
            label, count = counts.most_common(1)[0]
            if length == 1 and (first not in spread or not self._may_stand_alone(first)):
                continue
            if count == 0 and label != "PER":
                continue
            return start + length, label
        return None

    def _may_stand_alone(self, word: str) -> bool:
        """A single word is specific enough to be tagged by consistency alone."""
        known = self._alone.get(word)
        if known is None:
            bare = proclitic_readings(word)[-1][1]
            known = (
                len(bare) >= 3
                and self._clusters.frequency.get(word, 0) <= _COMMON_BUCKET
                and word not in self._gazetteer.token_classes
            ) or "PER" in self._gazetteer.classes(word)
            self._alone[word] = known
        return known


_MINISTRY = "وزاره"


# Names ANERcorp tags MISC that marsad reports as organisations.
_MISC_TO_ORG = {("البيت", "الابيض")}


def _marsad_conventions(words: list[str], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """marsad's types where ANERcorp's differ: the White House is an ORG, and so are
    ministries (see :func:`_add_ministries`)."""
    spans = [
        (start, end, "ORG")
        if label == "MISC"
        and any((first, *words[start + 1 : end]) in _MISC_TO_ORG for _, first in proclitic_readings(words[start]))
        else (start, end, label)
        for start, end, label in spans
    ]
    return _add_ministries(words, spans)


def _add_ministries(words: list[str], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ORG spans for «وزارة» + up to three definite words (وزارة الدفاع الروسية),
    where nothing else was tagged; a proclitic on وزارة is allowed (ووزارة, لوزارة)."""
    if not any(w.endswith(_MINISTRY) for w in words):
        return spans
    taken = [False] * len(words)
    for start, end, _ in spans:
        for i in range(start, end):
            taken[i] = True
    added = list(spans)
    for i, word in enumerate(words):
        if taken[i] or not word.endswith(_MINISTRY):
            continue
        if not any(first == _MINISTRY for _, first in proclitic_readings(word)):
            continue
        end = i + 1
        while end < len(words) and end - i <= 3 and not taken[end] and words[end].startswith("ال"):
            end += 1
        if end > i + 1:
            added.append((i, end, "ORG"))
            for k in range(i, end):
                taken[k] = True
    added.sort()
    return added


def _phrase_features(start: int, end: int, label: str, length: int) -> list[tuple[int, str]]:
    found = [(start, "pg=B-" + label)]
    found += [(i, "pg=I-" + label) for i in range(start + 1, end)]
    if end < length:
        found.append((end, "pg-1=" + label))
    if start > 0:
        found.append((start - 1, "pg+1=" + label))
    return found


def _name_keys(words: list[str]) -> list[tuple[str, ...]]:
    """Keys a name is known by: as written, and with a proclitic taken off its first word."""
    return [(first, *words[1:]) for _, first in proclitic_readings(words[0])]


def _offset_of(word: str, letters: int) -> int:
    """Characters of ``word`` spanning its first ``letters`` letters (marks follow letters)."""
    seen = 0
    for i, ch in enumerate(word):
        if normalize_token(ch):
            if seen == letters:
                return i
            seen += 1
    return len(word)


@lru_cache(maxsize=1)
def default_tagger() -> EntityTagger:
    """The packaged tagger, loaded once per process.

    It is the neural tagger (:class:`marsad.entities.neural.NeuralTagger`: a CNN-CRF whose
    label scores are added to this CRF's), which scores better than the CRF alone on the
    dev block and on the held-out test (docs/ner.md). ``EntityTagger.load()`` still loads
    the CRF alone.
    """
    from marsad.entities.neural import NeuralTagger  # imports this module

    return NeuralTagger.load()
