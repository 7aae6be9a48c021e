"""Train marsad's neural entity tagger (a CNN-CRF over pretrained word vectors) and export it to numpy.

Builds, in ``marsad/entities/data``:

* ``vectors.npz``: word vectors learnt from the unlabeled ANT news corpus (PPMI of
  directional word contexts at offsets -2, -1, +1, +2, truncated SVD), int8 with a
  scale per word. Rebuilt with ``--rebuild-vectors`` (a few minutes), reused otherwise.
* ``neural.npz``: the tagger's weights (see :mod:`marsad.entities.neural`), trained here
  with PyTorch on CPU. torch is needed for training only; tagging runs in numpy.

The data, the fixed split, the dev block and the scoring are those of
``scripts/train_ner.py`` (imported from it): never train or tune on the held-out test.

Usage::

    python scripts/train_ner_neural.py --rebuild-vectors --vectors-only
    python scripts/train_ner_neural.py --dev --out /tmp/nn-dev --crf /tmp/ner-dev/model.npz
    python scripts/train_ner_neural.py            # the packaged model, scored on the test
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch  # training only: tagging runs in numpy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import train_ner  # noqa: E402  (the data, the split and the scoring are defined there)

from marsad.arabic.tokens import tokenize  # noqa: E402
from marsad.entities.features import CLUSTERS_PATH, Clusters  # noqa: E402
from marsad.entities.gazetteer import normalize_token  # noqa: E402
from marsad.entities.neural import MAX_CHARS, NeuralFeatures, NeuralTagger, WordInput, WordVectors  # noqa: E402

DATA = REPO / "marsad" / "entities" / "data"
VECTORS_PATH = DATA / "vectors.npz"

log = logging.getLogger("train_ner_neural")


# ------------------------------------------------------------------------ vectors


def build_vectors(
    out: Path = VECTORS_PATH,
    min_count: int = 3,
    max_words: int = 150_000,
    context_words: int = 10_000,
    dims: int = 100,
) -> None:
    """Word vectors from ANT: PPMI of directional contexts (offsets -2, -1, +1, +2), SVD.

    Words are normalised tokens; the ``context_words`` most frequent are contexts, the
    others pooled. Vectors are ``U * sqrt(S)``, unit length, stored as int8 with a
    float16 scale per word (most frequent first), with each word's ANT count.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    started = time.perf_counter()
    spelling_ids: dict[str, int] = {}
    word_ids: dict[str, int] = {}
    spelling_word: list[int] = []
    stream: list[np.ndarray] = []
    for text in train_ner.iter_ant_texts():
        for paragraph in text.split("\n"):
            ids = []
            for token in tokenize(paragraph):
                sid = spelling_ids.get(token)
                if sid is None:
                    sid = spelling_ids[token] = len(spelling_word)
                    spelling_word.append(word_ids.setdefault(normalize_token(token), len(word_ids)))
                ids.append(spelling_word[sid])
            if ids:
                ids.append(-1)
                stream.append(np.asarray(ids, dtype=np.int32))
    ids = np.concatenate(stream)
    words = list(word_ids)
    counts = np.bincount(ids[ids >= 0], minlength=len(words))
    log.info("ANT: %d tokens, %d words (%.0fs)", (ids >= 0).sum(), len(words), time.perf_counter() - started)
    # Most frequent first; ties by the word itself, so the order does not depend on the corpus order.
    order = np.array(sorted(range(len(words)), key=lambda w: (-counts[w], words[w])), dtype=np.int64)
    rank = np.empty(len(words), dtype=np.int64)
    rank[order] = np.arange(len(words))
    n_targets = int(min(max_words, (counts >= min_count).sum()))
    boundary = context_words + 1
    rank_of = np.where(ids >= 0, rank[np.maximum(ids, 0)], -1)
    target = np.where((rank_of >= 0) & (rank_of < n_targets), rank_of, -1)
    context = np.where(rank_of < 0, boundary, np.minimum(rank_of, context_words))
    width = context_words + 2
    rows_parts, cols_parts = [], []
    for block, offset in enumerate((-2, -1, 1, 2)):
        if offset < 0:
            t, c = target[-offset:], context[:offset]
        else:
            t, c = target[:-offset], context[offset:]
        keep = t >= 0
        rows_parts.append(t[keep])
        cols_parts.append(c[keep] + block * width)
    rows = np.concatenate(rows_parts)
    cols = np.concatenate(cols_parts)
    matrix = coo_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_targets, 4 * width)).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col_sums *= total / col_sums.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])), shape=matrix.shape).tocsr()
    log.info("PPMI %s, %d non-zero (%.0fs)", ppmi.shape, ppmi.nnz, time.perf_counter() - started)
    u, s, _ = svds(ppmi, k=dims, random_state=0)
    # svds returns ascending singular values and signs of its own choosing: fix both.
    u, s = u[:, ::-1], s[::-1]
    u *= np.sign(u[np.abs(u).argmax(axis=0), np.arange(dims)])
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    scale = np.abs(vectors).max(axis=1) / 127.0 + 1e-12
    quantised = np.round(vectors / scale[:, None]).astype(np.int8)
    kept = [words[w] for w in order[:n_targets]]
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        words=np.frombuffer("\n".join(kept).encode("utf-8"), dtype=np.uint8),
        vectors=quantised,
        scale=scale.astype(np.float16),
        counts=counts[order[:n_targets]].astype(np.int64),
    )
    log.info("wrote %s: %d words x %d (%.0fs)", out, n_targets, dims, time.perf_counter() - started)


# ------------------------------------------------------------------------ encoding

# The network's labels are the CRF's, in the CRF's order (see train_ner.export_model).
LABELS = sorted(
    ["O", *(f"{p}-{t}" for p in "BI" for t in ("LOC", "MISC", "ORG", "PER"))],
    key=lambda lab: (lab == "O", lab[2:], lab),
)
LEXICAL = ("w=", "st=")  # bag features that name the word itself
# The packaged model adds the CRF's label scores with this weight (chosen on the dev
# block: 0.775 against 0.759-0.771 for 0.25-0.75 and 0.763 for 1.5).
CRF_WEIGHT = 1.0


@dataclass(slots=True)
class Encoded:
    """Training sentences as arrays. Tokens point to word types (a distinct word with
    its fold's gazetteer classes), whose representation is computed once per batch.

    Attributes:
        vector, stem_vector: per type: rows in the word vectors.
        chars: per type: ``(types, MAX_CHARS + 2)`` character ids (0 padding, 1 unknown).
        features: per type: ``(types, k)`` bag feature ids (0 padding).
        token_type: per token: its type (sentences concatenated).
        phrases: per token: ``(tokens, m)`` gazetteer phrase feature ids (0 padding).
        labels: per token: label ids.
        starts: where each sentence starts (and the end, last).
        domain: per sentence: 0 ANERcorp, 1 AQMAR, 2 Wojood.
    """

    vector: np.ndarray
    stem_vector: np.ndarray
    chars: np.ndarray
    features: np.ndarray
    token_type: np.ndarray
    phrases: np.ndarray
    labels: np.ndarray
    starts: np.ndarray
    domain: np.ndarray


@dataclass(slots=True)
class Vocabularies:
    chars: list[str]
    features: list[str]

    def char_ids(self) -> dict[str, int]:
        return {ch: i + 2 for i, ch in enumerate(self.chars)}

    def feature_ids(self) -> dict[str, int]:
        return {name: i + 1 for i, name in enumerate(self.features)}


def token_inputs(
    corpora: list[list[train_ner.Sentence]], vectors: WordVectors
) -> tuple[list[tuple[list[WordInput], list[list[str]], int]], list[str]]:
    """Per training sentence: its words' inputs, phrase features and domain.

    Gazetteer classes and phrases come from the other folds only (jackknife), as for
    the CRF, so the network learns what a harvested list is worth on unseen text.
    """
    clusters = Clusters.read(CLUSTERS_PATH)
    sentences = [(s, n) for n, corpus in enumerate(corpora) for s in corpus]
    size = -(-len(sentences) // train_ner.FOLDS)
    out: list[tuple[list[WordInput], list[list[str]], int]] = []
    tags: list[str] = []
    for k in range(train_ner.FOLDS):
        fold = sentences[k * size : (k + 1) * size]
        gazetteer = train_ner.base_gazetteer()
        other = sentences[: k * size] + sentences[(k + 1) * size :]
        train_ner.harvest(gazetteer, (s for s, _ in other))
        features = NeuralFeatures(gazetteer, clusters, vectors)
        cache: dict[str, WordInput] = {}
        for sentence, domain in fold:
            tokens = [t for t, _ in sentence]
            inputs = []
            for token in tokens:
                word = cache.get(token)
                if word is None:
                    word = cache[token] = features.word_input(token)
                inputs.append(word)
            phrases = features.phrase_features([w.norm for w in inputs])
            out.append((inputs, phrases, domain))
            tags.extend(train_ner.crf_labels(sentence))
    return out, tags


def build_vocabularies(inputs: list[tuple[list[WordInput], list[list[str]], int]]) -> Vocabularies:
    """Characters seen twice; bag features seen once (twice for the word and stem)."""
    chars: Counter[str] = Counter()
    features: Counter[str] = Counter()
    for words, phrases, _ in inputs:
        for word, extra in zip(words, phrases, strict=True):
            chars.update(word.chars)
            features.update(word.features)
            features.update(extra)
    kept_chars = sorted(ch for ch, n in chars.items() if n >= 2)
    kept = sorted(f for f, n in features.items() if n >= (2 if f.startswith(LEXICAL) else 1))
    return Vocabularies(kept_chars, kept)


def encode(inputs: list[tuple[list[WordInput], list[list[str]], int]], tags: list[str], vocab: Vocabularies) -> Encoded:
    char_ids = vocab.char_ids()
    feature_ids = vocab.feature_ids()
    types: dict[tuple[int, int, str, tuple[int, ...]], int] = {}
    token_type: list[int] = []
    phrases: list[list[int]] = []
    starts = [0]
    domains = []
    for words, extras, domain in inputs:
        for word, extra in zip(words, extras, strict=True):
            bag = tuple(feature_ids[f] for f in word.features if f in feature_ids)
            token_type.append(types.setdefault((word.vector, word.stem_vector, word.chars, bag), len(types)))
            phrases.append([feature_ids[f] for f in extra if f in feature_ids])
        starts.append(len(token_type))
        domains.append(domain)
    width = max(len(key[3]) for key in types)
    chars = np.zeros((len(types), MAX_CHARS + 2), dtype=np.int64)
    features = np.zeros((len(types), width), dtype=np.int64)
    for i, (_, _, word_chars, bag) in enumerate(types):
        chars[i, : len(word_chars)] = [char_ids.get(ch, 1) for ch in word_chars]
        features[i, : len(bag)] = bag
    phrase_ids = np.zeros((len(phrases), max(1, max(map(len, phrases)))), dtype=np.int64)
    for i, row in enumerate(phrases):
        phrase_ids[i, : len(row)] = row
    label_ids = {label: i for i, label in enumerate(LABELS)}
    return Encoded(
        vector=np.array([key[0] for key in types], dtype=np.int64),
        stem_vector=np.array([key[1] for key in types], dtype=np.int64),
        chars=chars,
        features=features,
        token_type=np.array(token_type, dtype=np.int64),
        phrases=phrase_ids,
        labels=np.array([label_ids[t] for t in tags], dtype=np.int64),
        starts=np.array(starts, dtype=np.int64),
        domain=np.array(domains, dtype=np.int64),
    )


# ------------------------------------------------------------------------- network


@dataclass(slots=True)
class Settings:
    """Network sizes and training settings."""

    char_dims: int = 32
    char_filters: int = 64
    feature_dims: int = 64
    hidden: int = 128
    dilations: tuple[int, ...] = (1, 2, 1)
    dropout_input: float = 0.5
    dropout_hidden: float = 0.25
    drop_word: float = 0.3  # the word's own features (w=, st=) dropped, to learn unseen words
    drop_vector: float = 0.1  # the word vector dropped
    epochs: int = 20
    batch: int = 32
    learning_rate: float = 2e-3
    seed: int = 1


DEFAULTS = Settings()


def make_network(vectors: np.ndarray, vocab: Vocabularies, settings: Settings, lexical: np.ndarray) -> torch.nn.Module:
    import torch
    from torch import nn
    from torch.nn import functional

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            s = settings
            self.vectors = nn.Parameter(torch.from_numpy(vectors), requires_grad=False)
            self.lexical = nn.Parameter(torch.from_numpy(lexical), requires_grad=False)
            self.char_embedding = nn.Embedding(len(vocab.chars) + 2, s.char_dims, padding_idx=0)
            self.char_filters = nn.Linear(3 * s.char_dims, s.char_filters)
            self.feature_embedding = nn.Embedding(len(vocab.features) + 1, s.feature_dims, padding_idx=0)
            dims = vectors.shape[1]
            self.input = nn.Linear(2 * dims + s.char_filters + s.feature_dims, s.hidden)
            self.domain = nn.Embedding(3, s.hidden)
            nn.init.zeros_(self.domain.weight)
            self.layers = nn.ModuleList(nn.Linear(3 * s.hidden, s.hidden) for _ in s.dilations)
            self.output = nn.Linear(s.hidden, len(LABELS))
            self.domain_output = nn.Embedding(3, len(LABELS))
            nn.init.zeros_(self.domain_output.weight)
            self.transitions = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))

        def emissions(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
            s = settings
            mask = batch["mask"].unsqueeze(-1)
            vector, stem, features = batch["vector"], batch["stem_vector"], batch["features"]
            unknown = self.vectors.shape[0] - 1
            if self.training:
                drop = torch.rand(vector.shape) < s.drop_vector
                vector = torch.where(drop, unknown, vector)
                stem = torch.where(drop, unknown, stem)
                lexical = self.lexical[features] & (torch.rand(vector.shape) < s.drop_word).unsqueeze(-1)
                features = torch.where(lexical, 0, features)
            # Per word type of the batch.
            chars = self.char_embedding(batch["chars"])  # (types, w, c)
            windows = torch.cat([chars[:, :-2], chars[:, 1:-1], chars[:, 2:]], dim=-1)
            hidden = functional.relu(self.char_filters(windows))
            lengths = (batch["chars"] > 0).sum(-1, keepdim=True)
            valid = torch.arange(windows.shape[1]).view(1, -1) < (lengths - 2)
            char_features = (hidden * valid.unsqueeze(-1)).amax(dim=1)
            bag = self.feature_embedding(features).sum(dim=1)
            joined = torch.cat([self.vectors[vector], self.vectors[stem], char_features, bag], dim=-1)
            joined = functional.dropout(joined, s.dropout_input, self.training)
            per_type = self.input(joined)
            # Per token: its type's projection, plus its phrase matches through the bag weights.
            phrases = functional.dropout(
                self.feature_embedding(batch["phrases"]).sum(dim=2), s.dropout_input, self.training
            )
            bag_weights = self.input.weight[:, -s.feature_dims :]
            first = per_type[batch["types"]] + functional.linear(phrases, bag_weights)
            first = first + self.domain(batch["domain"]).unsqueeze(1)
            hidden = functional.relu(first) * mask
            for layer, dilation in zip(self.layers, s.dilations, strict=True):
                padded = functional.pad(hidden, (0, 0, dilation, dilation))
                window = torch.cat([padded[:, : -2 * dilation], hidden, padded[:, 2 * dilation :]], dim=-1)
                window = functional.dropout(window, s.dropout_hidden, self.training)
                hidden = hidden + functional.relu(layer(window)) * mask
            hidden = functional.dropout(hidden, s.dropout_hidden, self.training)
            return self.output(hidden) + self.domain_output(batch["domain"]).unsqueeze(1)

        def loss(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
            """Negative log-likelihood of the gold labels under the linear-chain CRF."""
            scores = self.emissions(batch)
            labels, mask = batch["labels"], batch["mask"]
            b, t, _ = scores.shape
            rows = torch.arange(b)
            gold = scores[rows, 0, labels[:, 0]]
            alpha = scores[:, 0]
            for i in range(1, t):
                live = mask[:, i]
                step = scores[rows, i, labels[:, i]] + self.transitions[labels[:, i - 1], labels[:, i]]
                gold = gold + step * live
                moved = torch.logsumexp(alpha.unsqueeze(2) + self.transitions.unsqueeze(0), dim=1) + scores[:, i]
                alpha = torch.where(live.unsqueeze(1).bool(), moved, alpha)
            return (torch.logsumexp(alpha, dim=1) - gold).sum() / mask.sum()

    return Tagger()


def make_batch(data: Encoded, ids: Sequence[int]) -> dict[str, torch.Tensor]:
    """A padded torch batch of the sentences ``ids``, with the word types it uses."""
    import torch

    lengths = [int(data.starts[i + 1] - data.starts[i]) for i in ids]
    t = max(lengths)
    index = np.zeros((len(ids), t), dtype=np.int64)
    mask = np.zeros((len(ids), t), dtype=bool)
    for row, (i, n) in enumerate(zip(ids, lengths, strict=True)):
        index[row, :n] = np.arange(data.starts[i], data.starts[i] + n)
        mask[row, :n] = True
    used, types = np.unique(data.token_type[index[mask]], return_inverse=True)
    token_types = np.zeros((len(ids), t), dtype=np.int64)
    token_types[mask] = types
    return {
        "vector": torch.from_numpy(data.vector[used]),
        "stem_vector": torch.from_numpy(data.stem_vector[used]),
        "chars": torch.from_numpy(data.chars[used]),
        "features": torch.from_numpy(data.features[used]),
        "types": torch.from_numpy(token_types),
        "phrases": torch.from_numpy(data.phrases[index] * mask[:, :, None]),
        "labels": torch.from_numpy(np.where(mask, data.labels[index], 0)),
        "mask": torch.from_numpy(mask.astype(np.float32)),
        "domain": torch.from_numpy(data.domain[np.asarray(ids)]),
    }


def export(model: torch.nn.Module, vocab: Vocabularies, settings: Settings, out: Path, meta: dict[str, object]) -> None:
    """Write the network as numpy arrays (float16 for the large ones); fold in the ANERcorp domain."""

    def array(tensor: torch.Tensor) -> np.ndarray:
        return tensor.detach().cpu().numpy().astype(np.float32)

    arrays: dict[str, np.ndarray] = {
        "char_embedding": array(model.char_embedding.weight).astype(np.float16),
        "char_filters": array(model.char_filters.weight).T.copy(),
        "char_bias": array(model.char_filters.bias),
        "feature_embedding": array(model.feature_embedding.weight).astype(np.float16),
        "input_weights": array(model.input.weight).T.astype(np.float16),
        "input_bias": array(model.input.bias) + array(model.domain.weight)[0],
        "output_weights": array(model.output.weight).T.copy(),
        "output_bias": array(model.output.bias) + array(model.domain_output.weight)[0],
        "transitions": array(model.transitions),
    }
    for i, layer in enumerate(model.layers):
        arrays[f"layer{i}_weights"] = array(layer.weight).T.astype(np.float16)
        arrays[f"layer{i}_bias"] = array(layer.bias)
    meta = {**meta, "labels": LABELS, "dilations": list(settings.dilations), "format": "marsad-neural/1"}
    np.savez_compressed(
        out,
        meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
        chars=np.frombuffer("\n".join(vocab.chars).encode("utf-8"), dtype=np.uint8),
        features=np.frombuffer("\n".join(vocab.features).encode("utf-8"), dtype=np.uint8),
        **arrays,
    )


def train(
    corpora: list[list[train_ner.Sentence]],
    out_dir: Path,
    settings: Settings,
    score: Callable[[NeuralTagger, int], float] | None = None,
    threads: int = 1,
) -> None:
    """Train the network on ``corpora`` (ANERcorp first) and write ``out_dir/neural.npz``."""
    import torch

    torch.manual_seed(settings.seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(settings.seed)
    vectors = WordVectors.read(out_dir / "vectors.npz")
    started = time.perf_counter()
    inputs, tags = token_inputs(corpora, vectors)
    vocab = build_vocabularies(inputs)
    data = encode(inputs, tags, vocab)
    lexical = np.array([False] + [f.startswith(LEXICAL) for f in vocab.features])
    log.info(
        "encoded %d sentences, %d tokens, %d chars, %d features (%.0fs)",
        len(data.domain),
        len(data.labels),
        len(vocab.chars),
        len(vocab.features),
        time.perf_counter() - started,
    )
    model = make_network(vectors.matrix, vocab, settings, lexical)
    optimiser = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=settings.learning_rate)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda e: 1.0 / (1.0 + 0.05 * e))
    lengths = np.diff(data.starts)
    meta = {"crf": "model.npz", "vectors": "vectors.npz", "crf_weight": 0.0, "bias": {}}
    for epoch in range(1, settings.epochs + 1):
        model.train()
        shuffled = rng.permutation(len(lengths))
        # Batches of similar lengths (sorted within chunks), in random order.
        chunks = [shuffled[i : i + 50 * settings.batch] for i in range(0, len(shuffled), 50 * settings.batch)]
        order = np.concatenate([c[np.argsort(lengths[c], kind="stable")] for c in chunks])
        groups = [order[i : i + settings.batch] for i in range(0, len(order), settings.batch)]
        total = 0.0
        for g in rng.permutation(len(groups)):
            batch = make_batch(data, list(groups[g]))
            optimiser.zero_grad()
            loss = model.loss(batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += float(loss.detach()) * float(batch["mask"].sum())
        schedule.step()
        message = f"epoch {epoch}: loss {total / len(data.labels):.4f} ({time.perf_counter() - started:.0f}s)"
        if score is not None and (epoch % 5 == 0 or epoch == settings.epochs):
            model.eval()
            export(model, vocab, settings, out_dir / "neural.npz", meta)
            message += f", dev F1 {score(NeuralTagger.load(out_dir / 'neural.npz'), epoch):.4f}"
        log.info(message)
    model.eval()
    export(model, vocab, settings, out_dir / "neural.npz", meta)


# --------------------------------------------------------------------------- main


Corpus = list[train_ner.Sentence]


def load_corpora(dev: bool) -> tuple[list[Corpus], Corpus, list[Corpus]]:
    """(training corpora, ANERcorp scored split, AQMAR out-of-domain articles), as train_ner.py."""
    tokens, _ = train_ner.read_anercorp()
    train, test = train_ner.split_anercorp(train_ner.split_sentences(tokens))
    train, test = train_ner.canonical(train), train_ner.canonical(test)
    aqmar = train_ner.read_aqmar()
    aqmar_train = [s for name in train_ner.AQMAR_TRAIN for s in aqmar[name]]
    aqmar_test = [sents for name, sents in aqmar.items() if name not in train_ner.AQMAR_TRAIN]
    if dev:
        train, test = train_ner.dev_split(train)
    wojood = [s for part in ("train", "val", "test") for s in train_ner.read_wojood(part)]
    return [train, aqmar_train, wojood], test, aqmar_test


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild-vectors", action="store_true")
    parser.add_argument("--vectors-only", action="store_true")
    parser.add_argument("--dev", action="store_true", help="train without the dev block and score it")
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--crf", type=Path, default=DATA, help="directory of the CRF (model.npz) to combine with")
    parser.add_argument(
        "--crf-weight", type=float, default=CRF_WEIGHT, help="weight of the CRF's scores in the packaged model"
    )
    parser.add_argument("--weight-grid", action="store_true", help="score a grid of CRF weights (use with --dev)")
    parser.add_argument("--epochs", type=int, default=DEFAULTS.epochs)
    parser.add_argument("--hidden", type=int, default=DEFAULTS.hidden)
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed)
    parser.add_argument("--dilations", default=",".join(map(str, DEFAULTS.dilations)))
    parser.add_argument("--dropout", type=float, default=DEFAULTS.dropout_input, help="dropout of the word inputs")
    parser.add_argument("--learning-rate", type=float, default=DEFAULTS.learning_rate)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--eval-only", action="store_true")
    parser.add_argument("--no-eval", action="store_true", help="train and write the model, score nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.rebuild_vectors or not VECTORS_PATH.exists():
        build_vectors()
    if args.vectors_only:
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    corpora, scored, aqmar_test = load_corpora(args.dev)
    # The tagger reads the gazetteer beside its CRF: the one harvested from these corpora
    # (what train_ner.py writes beside its model; in --dev mode, without the dev block).
    gazetteer = train_ner.base_gazetteer()
    train_ner.harvest(gazetteer, (s for corpus in corpora for s in corpus))
    if args.out.resolve() != args.crf.resolve():
        for name in ("model.npz", "clusters.tsv.gz"):
            (args.out / name).write_bytes((args.crf / name).read_bytes())
        gazetteer.write(args.out / "gazetteer.tsv.gz")
    else:
        gazetteer.write(args.out / "gazetteer.check.tmp")
        same = (args.out / "gazetteer.check.tmp").read_bytes() == (args.out / "gazetteer.tsv.gz").read_bytes()
        (args.out / "gazetteer.check.tmp").unlink()
        if not same:
            raise SystemExit(f"{args.out}/gazetteer.tsv.gz is not harvested from this split: rerun train_ner.py")
    if args.out.resolve() != VECTORS_PATH.parent.resolve():
        (args.out / "vectors.npz").write_bytes(VECTORS_PATH.read_bytes())
    label = "ANERcorp dev (last 10% of train)" if args.dev else "ANERcorp held-out test"
    settings = Settings(
        epochs=args.epochs,
        hidden=args.hidden,
        seed=args.seed,
        dilations=tuple(int(d) for d in args.dilations.split(",")),
        dropout_input=args.dropout,
        learning_rate=args.learning_rate,
    )

    def score_dev(tagger: NeuralTagger, epoch: int) -> float:
        return train_ner.evaluate(tagger, [scored])["overall"]["f1"]

    if not args.eval_only:
        train(corpora, args.out, settings, score_dev if args.dev else None, args.threads)
    model_path = args.out / "neural.npz"
    if not args.eval_only:
        # The packaged combination: the network plus crf_weight x the CRF, with the CRF's biases.
        with np.load(model_path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        meta.update(crf_weight=args.crf_weight, bias=train_ner.LABEL_BIAS)
        arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
        np.savez_compressed(model_path, **arrays)
    if args.no_eval:
        return 0
    tagger = NeuralTagger.load(model_path)
    weights = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5] if args.weight_grid else [0.0, args.crf_weight]
    for weight in weights:
        tagger.crf_weight = weight
        tagger.set_bias({})
        train_ner.print_scores(f"{label}: network + {weight} x CRF, no bias", train_ner.evaluate(tagger, [scored]))
        tagger.set_bias(train_ner.LABEL_BIAS)
        train_ner.print_scores(f"{label}: network + {weight} x CRF, CRF bias", train_ner.evaluate(tagger, [scored]))
        tagger.consistency = False
        train_ner.print_scores(f"{label}: ..., no document consistency", train_ner.evaluate(tagger, [scored]))
        tagger.consistency = True
        train_ner.print_scores(f"AQMAR out-of-domain: network + {weight} x CRF", train_ner.evaluate(tagger, aqmar_test))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
