"""marsad's neural entity tagger: a CNN-CRF over pretrained word vectors, run in numpy.

Trained by ``scripts/train_ner_neural.py`` with PyTorch and exported to
``data/neural.npz``; tagging needs numpy only. A token is represented by

* the ANT word vector of its normalised form and of its clitic-free stem
  (``data/vectors.npz``: PPMI of directional contexts reduced by SVD, 100 dims);
* a character CNN over the normalised word (width-3 filters, max-pooled);
* a bag of small embedded features: shape, proclitic, stem length, ANT frequency bucket
  and article rate, word clusters, gazetteer classes (as the CRF reads them), and the
  word and stem themselves when training saw them;
* gazetteer phrase matches, which depend on the position.

Everything but the phrase matches is a pure function of the word, so its projection into
the network's first layer is computed once per distinct word and cached. Residual,
dilated width-3 convolutions over the sentence give per-token label scores; the CRF's
label scores can be added to them (an ensemble, weight ``crf_weight`` in the model's
metadata) before one Viterbi. The document pass of :class:`EntityTagger` (consistency,
marsad's conventions, GPE) follows unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from marsad.arabic.tokens import strip_clitics
from marsad.entities.features import Clusters, word_shape
from marsad.entities.gazetteer import Gazetteer, normalize_token, proclitic_readings
from marsad.entities.tagger import MODEL_PATH, EntityTagger

__all__ = [
    "NEURAL_PATH",
    "VECTORS_PATH",
    "NeuralFeatures",
    "NeuralTagger",
    "WordInput",
    "WordVectors",
    "default_neural_tagger",
]

# Distinct words whose first-layer rows are cached (128 float32 each): 250K words keep the
# cache near 130 MB, where 600K (the CRF's bound) reached 0.5 GB on all of ANT.
NEURAL_CACHE_WORDS = 250_000

DATA = Path(__file__).parent / "data"
NEURAL_PATH = DATA / "neural.npz"
VECTORS_PATH = DATA / "vectors.npz"

# Characters of a word the character CNN reads (the rest is cut off), between markers.
MAX_CHARS = 20
BEGIN_WORD = "\x02"
END_WORD = "\x03"


@dataclass(slots=True)
class WordVectors:
    """Word vectors learnt from ANT (most frequent word first); the last row is zeros.

    Attributes:
        index: a normalised word → its row.
        matrix: ``(words + 1, dims)`` float32, unit rows; the last row is for unknown words.
    """

    index: dict[str, int]
    matrix: np.ndarray

    @classmethod
    def read(cls, path: Path = VECTORS_PATH) -> WordVectors:
        with np.load(path, allow_pickle=False) as data:
            words = bytes(data["words"]).decode("utf-8").split("\n")
            vectors = data["vectors"].astype(np.float32) * data["scale"].astype(np.float32)[:, None]
        matrix = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=np.float32)])
        return cls({word: i for i, word in enumerate(words)}, matrix)

    @property
    def unknown(self) -> int:
        return len(self.matrix) - 1

    def find(self, norm: str) -> tuple[int, str]:
        """The row of a normalised word and how it was found.

        Returns:
            ``(row, how)``: ``how`` is ``w`` (the word itself), ``p`` (with a proclitic
            taken off), ``s`` (its clitic-free stem) or ``-`` (unknown: the zero row).
        """
        row = self.index.get(norm)
        if row is not None:
            return row, "w"
        for _, word in proclitic_readings(norm)[1:]:
            row = self.index.get(word)
            if row is not None:
                return row, "p"
        row = self.index.get(strip_clitics(norm)) if norm else None
        if row is not None:
            return row, "s"
        return self.unknown, "-"


@dataclass(slots=True)
class WordInput:
    """What the network reads about one word, before any lookup in its vocabularies.

    Attributes:
        norm: the normalised word.
        vector: row of the word in :class:`WordVectors` (of a proclitic-free reading or
            of its stem when the word itself is unknown).
        stem_vector: row of its clitic-free stem.
        chars: the characters the character CNN reads (markers included).
        features: bag features (``sh=A``, ``g=PER``, ``w=...``).
    """

    norm: str
    vector: int
    stem_vector: int
    chars: str
    features: list[str]


@dataclass(slots=True)
class NeuralFeatures:
    """Turns tokens into :class:`WordInput` (training and tagging share this code).

    Args:
        gazetteer: name lists (the one built from the training data while training).
        clusters: ANT word clusters and statistics (the CRF's).
        vectors: ANT word vectors.
    """

    gazetteer: Gazetteer
    clusters: Clusters
    vectors: WordVectors

    def word_input(self, token: str) -> WordInput:
        """Everything about one word that does not depend on its neighbours."""
        norm = normalize_token(token)
        stem = strip_clitics(norm) if norm else norm
        proclitic = norm[: len(norm) - len(stem)] if norm.endswith(stem) else "?"
        shape = word_shape(norm)
        if shape == "L":
            shape = "LU" if token.isupper() else "LC" if token[:1].isupper() else "Ll"
        vector, how = self.vectors.find(norm)
        stem_vector = self.vectors.index.get(stem, self.vectors.unknown)
        clusters = self.clusters
        readings = proclitic_readings(norm)
        ids = clusters.clusters.get(norm)
        via = ""
        if ids is None:
            for _, word in readings[1:]:
                ids = clusters.clusters.get(word)
                if ids is not None:
                    via = "p"
                    break
        rate = clusters.article_rate.get(stem)
        features = [
            "w=" + norm,
            "st=" + stem,
            "sh=" + shape,
            "pc=" + proclitic,
            "ln=" + str(min(len(stem), 9)),
            "fq=" + str(clusters.frequency.get(norm, -1)),
            "ar=" + ("-" if rate is None else str(rate)),
            "vk=" + how,
        ]
        if ids is not None:
            features += [f"c{via}{level}={cluster}" for level, cluster in enumerate(ids) if level >= 1]
        for prefix, word in readings:
            for label in self.gazetteer.classes(word):
                features.append(("g=" if not prefix else "gp=") + label)
        if stem != norm:
            features.extend("gs=" + label for label in self.gazetteer.classes(stem))
        chars = BEGIN_WORD + norm[:MAX_CHARS] + END_WORD
        return WordInput(norm, vector, stem_vector, chars, list(dict.fromkeys(features)))

    def phrase_features(self, norms: list[str]) -> list[list[str]]:
        """Gazetteer phrase matches around each token of a sentence (as the CRF reads them)."""
        n = len(norms)
        found: list[list[str]] = [[] for _ in range(n)]
        for start, end, label in self.gazetteer.find_phrases(norms):
            found[start].append("pg=B-" + label)
            for i in range(start + 1, end):
                found[i].append("pg=I-" + label)
            if end < n:
                found[end].append("pg-1=" + label)
            if start > 0:
                found[start - 1].append("pg+1=" + label)
        return found


@dataclass(slots=True)
class Network:
    """The exported weights and the numpy forward pass.

    Attributes:
        chars: a character → its row in ``char_embedding`` (0 is padding, 1 unknown).
        features: a bag feature → its row in ``feature_embedding`` (0 is padding).
        char_embedding: ``(chars, c)``.
        char_filters: ``(3 * c, f)``: width-3 filters over the character embeddings.
        char_bias: ``(f,)``.
        feature_embedding: ``(features, e)``.
        input_weights: ``(2 * dims + f + e, h)`` and ``input_bias`` ``(h,)``: the word
            projection (the ANERcorp domain vector is folded into the bias).
        layers: per convolution ``(taps (h, 3 * h), bias (h,), dilation)``: the weights
            of the tokens at -dilation, 0 and +dilation side by side.
        output_weights: ``(h, labels)`` and ``output_bias`` ``(labels,)``.
        transitions: ``(labels, labels)``, from → to.
    """

    chars: dict[str, int]
    features: dict[str, int]
    char_embedding: np.ndarray
    char_filters: np.ndarray
    char_bias: np.ndarray
    feature_embedding: np.ndarray
    input_weights: np.ndarray
    input_bias: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray, int]]
    output_weights: np.ndarray
    output_bias: np.ndarray
    transitions: np.ndarray
    labels: list[str] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return len(self.input_bias)

    @property
    def padding(self) -> int:
        """Zero rows between sentences so no convolution reaches across them."""
        return max((dilation for _, _, dilation in self.layers), default=1)

    def feature_rows(self, features: Sequence[str]) -> list[int]:
        lookup = self.features.get
        return [i for i in map(lookup, features) if i is not None]

    def word_rows(self, inputs: Sequence[WordInput], vectors: WordVectors) -> np.ndarray:
        """The first layer's input (before the activation) of each word: ``(words, h)``."""
        n = len(inputs)
        dims = vectors.matrix.shape[1]
        chars = self._char_features(inputs)
        bags = np.zeros((n, self.feature_embedding.shape[1]), dtype=np.float32)
        flat: list[int] = []
        owner: list[int] = []
        for i, word in enumerate(inputs):
            rows = self.feature_rows(word.features)
            flat += rows
            owner += [i] * len(rows)
        if flat:
            np.add.at(bags, np.asarray(owner), self.feature_embedding[np.asarray(flat)])
        weights = self.input_weights
        word_vectors = vectors.matrix[np.fromiter((w.vector for w in inputs), dtype=np.intp, count=n)]
        stem_vectors = vectors.matrix[np.fromiter((w.stem_vector for w in inputs), dtype=np.intp, count=n)]
        return (
            word_vectors @ weights[:dims]
            + stem_vectors @ weights[dims : 2 * dims]
            + chars @ weights[2 * dims : 2 * dims + chars.shape[1]]
            + bags @ weights[2 * dims + chars.shape[1] :]
            + self.input_bias
        ).astype(np.float32)

    def projected_features(self, features: Sequence[str]) -> np.ndarray:
        """The first layer's input from extra bag features of one position (phrase matches)."""
        rows = self.feature_rows(features)
        if not rows:
            return np.zeros(self.hidden, dtype=np.float32)
        bag = self.feature_embedding[np.asarray(rows)].sum(axis=0)
        return bag @ self.input_weights[-self.feature_embedding.shape[1] :]

    def _char_features(self, inputs: Sequence[WordInput]) -> np.ndarray:
        # At least one window: a word that normalises to nothing (a lone tatweel, a
        # diacritic, a direction mark) is its two markers only, and scores zero as it
        # does beside longer words.
        width = max(3, *(len(w.chars) for w in inputs))
        ids = np.zeros((len(inputs), width), dtype=np.intp)
        lookup = self.chars.get
        for i, word in enumerate(inputs):
            ids[i, : len(word.chars)] = [lookup(ch, 1) for ch in word.chars]
        embedded = self.char_embedding[ids]  # (n, width, c)
        windows = np.concatenate([embedded[:, :-2], embedded[:, 1:-1], embedded[:, 2:]], axis=2)
        hidden = np.maximum(windows @ self.char_filters + self.char_bias, 0.0)
        lengths = np.fromiter((len(w.chars) for w in inputs), dtype=np.intp, count=len(inputs))
        # A window is real when it ends inside the word (markers included); ReLU ≥ 0, so
        # zeroing the others leaves the max over the real ones.
        valid = np.arange(width - 2)[None, :] < (lengths - 2)[:, None]
        return (hidden * valid[:, :, None]).max(axis=1)

    def emissions(self, first_layer: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Label scores of a run of sentences joined by zero rows.

        Args:
            first_layer: ``(n, h)``: the first layer's input, zero rows between sentences.
            mask: ``(n, 1)``: 1 on tokens, 0 on the rows between sentences.
        """
        hidden = np.maximum(first_layer, 0.0) * mask
        h = self.hidden
        for weights, bias, dilation in self.layers:
            # One product for the three taps, then shifted sums: out[i] = x[i-d] W0 + x[i] W1 + x[i+d] W2.
            taps = np.pad(hidden, ((dilation, dilation), (0, 0))) @ weights
            d, n = dilation, len(hidden)
            out = taps[:n, :h] + taps[d : n + d, h : 2 * h] + taps[2 * d :, 2 * h :] + bias
            hidden = hidden + np.maximum(out, 0.0, out=out) * mask
        return hidden @ self.output_weights + self.output_bias

    @classmethod
    def read(cls, data: np.lib.npyio.NpzFile) -> Network:
        meta = json.loads(bytes(data["meta"]).decode("utf-8"))
        chars = bytes(data["chars"]).decode("utf-8").split("\n")
        features = bytes(data["features"]).decode("utf-8").split("\n")
        layers = []
        for i, dilation in enumerate(meta["dilations"]):
            weights = data[f"layer{i}_weights"].astype(np.float32)  # (3h, h): taps -d, 0, +d stacked
            taps = np.ascontiguousarray(np.hstack(np.split(weights, 3, axis=0)))  # (h, 3h)
            layers.append((taps, data[f"layer{i}_bias"].astype(np.float32), dilation))
        return cls(
            chars={ch: i + 2 for i, ch in enumerate(chars)},
            features={name: i + 1 for i, name in enumerate(features)},
            char_embedding=data["char_embedding"].astype(np.float32),
            char_filters=data["char_filters"].astype(np.float32),
            char_bias=data["char_bias"].astype(np.float32),
            feature_embedding=data["feature_embedding"].astype(np.float32),
            input_weights=data["input_weights"].astype(np.float32),
            input_bias=data["input_bias"].astype(np.float32),
            layers=layers,
            output_weights=data["output_weights"].astype(np.float32),
            output_bias=data["output_bias"].astype(np.float32),
            transitions=data["transitions"].astype(np.float32),
            labels=list(meta["labels"]),
        )


class NeuralTagger(EntityTagger):
    """The neural tagger, optionally summed with the CRF; same API as :class:`EntityTagger`.

    Label scores are the network's plus ``crf_weight`` times the CRF's (with the CRF's
    per-type biases), and so are the label transitions; ``crf_weight = 0`` runs the
    network alone. Decoding and the document pass are :class:`EntityTagger`'s.

    Example:
        >>> tagger = NeuralTagger.load()
        >>> tagger.tag(["قال", "سيرغي", "لافروف", "في", "موسكو"])
        ['O', 'B-PER', 'I-PER', 'O', 'B-GPE']
    """

    def __init__(self, crf: EntityTagger, network: Network, vectors: WordVectors, crf_weight: float) -> None:
        EntityTagger.__init__(self, replace(crf._model), crf._gazetteer, crf._clusters)
        if network.labels != crf._model.labels:
            raise ValueError(f"the network's labels {network.labels} are not the CRF's {crf._model.labels}")
        self._network = network
        self._vectors = vectors
        self._features = NeuralFeatures(crf._gazetteer, crf._clusters, vectors)
        self._crf_transitions = crf._model.transitions
        self._neural_index: dict[str, tuple[int, str]] = {}
        self._neural_rows = np.zeros((1024, network.hidden), dtype=np.float32)
        self.crf_weight = crf_weight

    @classmethod
    def load(cls, path: Path | None = None) -> NeuralTagger:
        """Load the neural tagger; ``path`` is a ``neural.npz`` beside its vectors and CRF.

        Args:
            path: the model file; None for the model packaged with marsad.
        """
        path = NEURAL_PATH if path is None else Path(path)
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            network = Network.read(data)
        crf = EntityTagger.load(path.parent / meta.get("crf", MODEL_PATH.name))
        vectors = WordVectors.read(path.parent / meta.get("vectors", VECTORS_PATH.name))
        tagger = cls(crf, network, vectors, float(meta.get("crf_weight", 0.0)))
        tagger.set_bias(meta.get("bias", {}))
        return tagger

    @property
    def crf_weight(self) -> float:
        return self._crf_weight

    @crf_weight.setter
    def crf_weight(self, weight: float) -> None:
        """Weight of the CRF's scores (0: the network alone)."""
        self._crf_weight = float(weight)
        self._model.transitions = self._network.transitions + self._crf_weight * self._crf_transitions

    # --------------------------------------------------------------- internals

    def _document_norms(self, sentences: list[list[str]]) -> list[list[str]]:
        index = self._neural_index
        return [[index[t][1] for t in sentence] for sentence in sentences]

    def _add_neural_words(self, tokens: list[str]) -> None:
        inputs = [self._features.word_input(token) for token in tokens]
        rows = self._network.word_rows(inputs, self._vectors)
        first = len(self._neural_index)
        needed = first + len(tokens)
        if needed > len(self._neural_rows):
            grown = np.zeros((max(needed, 2 * len(self._neural_rows)), self._network.hidden), dtype=np.float32)
            grown[:first] = self._neural_rows[:first]
            self._neural_rows = grown
        self._neural_rows[first:needed] = rows
        for n, (token, word) in enumerate(zip(tokens, inputs, strict=True)):
            self._neural_index[token] = (first + n, word.norm)

    def _emissions(self, sentences: list[list[str]]) -> list[np.ndarray]:
        index = self._neural_index
        new = [t for s in sentences for t in s if t not in index]
        if new:
            self._add_neural_words(list(dict.fromkeys(new)))
        if len(index) > NEURAL_CACHE_WORDS:  # bound memory on endless streams, as the CRF does
            self._neural_index = {}
            self._add_neural_words(list(dict.fromkeys(t for s in sentences for t in s)))
            index = self._neural_index
        network = self._network
        gap = network.padding
        total = sum(len(s) for s in sentences) + gap * (len(sentences) + 1)
        rows = np.full(total, -1, dtype=np.intp)
        starts: list[int] = []
        at = gap
        for sentence in sentences:
            starts.append(at)
            rows[at : at + len(sentence)] = [index[t][0] for t in sentence]
            at += len(sentence) + gap
        real = rows >= 0
        first_layer = np.zeros((total, network.hidden), dtype=np.float32)
        first_layer[real] = self._neural_rows[rows[real]]
        for sentence, start in zip(sentences, starts, strict=True):
            norms = [index[t][1] for t in sentence]
            for i, extra in enumerate(self._features.phrase_features(norms)):
                if extra:
                    first_layer[start + i] += network.projected_features(extra)
        scores = network.emissions(first_layer, real[:, None].astype(np.float32))
        neural = [scores[start : start + len(sentence)] for sentence, start in zip(sentences, starts, strict=True)]
        if not self._crf_weight:
            return [emission + self._model.bias for emission in neural]
        crf = EntityTagger._emissions(self, sentences)
        bias = self._model.bias
        return [n + self._crf_weight * (c - bias) + bias for n, c in zip(neural, crf, strict=True)]


@lru_cache(maxsize=1)
def default_neural_tagger() -> NeuralTagger:
    """The packaged neural tagger, loaded once per process."""
    return NeuralTagger.load()
