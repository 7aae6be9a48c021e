"""Rebuild marsad's Arabic named-entity tagger from ../shared/data and print its scores.

Everything in ``marsad/entities/data`` comes from here:

* ``clusters.tsv.gz``: word clusters and statistics from the unlabeled ANT news corpus
  (PPMI of directional word contexts, truncated SVD, k-means at four granularities).
  Built once and reused unless ``--rebuild-clusters`` is given (it takes minutes).
* ``gazetteer.tsv.gz``: CLDR place names (babel), hand lists of titles and head words,
  and names harvested from the *training* split only.
* ``model.npz``: a linear-chain CRF trained with python-crfsuite, exported to numpy.

The fixed evaluation split (see :func:`split_anercorp`): the ANERcorp held-out test is
the LAST 20% of its tokens, cut at the first sentence boundary at or after the 80% token
mark; nothing is trained or harvested from it. AQMAR articles in ``AQMAR_TRAIN`` are used
for training; the others are the out-of-domain test.

Usage::

    python scripts/train_ner.py                 # train, write the model, print scores
    python scripts/train_ner.py --rebuild-clusters
    python scripts/train_ner.py --write-test /tmp/anercorp_test.conll  # for `marsad eval ner`
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from marsad.arabic.tokens import strip_clitics, tokenize  # noqa: E402
from marsad.entities.conll import (  # noqa: E402
    canonical_tag,
    score_spans,
    spans_from_tags,
    tag_in_windows,
)
from marsad.entities.features import CLUSTERS_PATH, Clusters  # noqa: E402
from marsad.entities.gazetteer import (  # noqa: E402
    CITIES,
    LOC_HEADS,
    ORG_HEADS,
    TITLES,
    Gazetteer,
    cldr_places,
    nationality_words,
    normalize_token,
)
from marsad.entities.tagger import EntityTagger  # noqa: E402

SHARED = REPO / ".." / "shared" / "data"
ANERCORP = SHARED / "ner" / "anercorp.txt"
AQMAR = SHARED / "ner" / "aqmar"
WOJOOD = SHARED / "ner" / "wojood_sample"
ANT = SHARED / "ant" / "ant_v2.1_multisource.jsonl.gz"
MODEL_PATH = REPO / "marsad" / "entities" / "data" / "model.npz"

# AQMAR articles used for training (news-like topics); the rest are the OOD test.
AQMAR_TRAIN = (
    "Christiano_Ronaldo",
    "Crusades",
    "Damascus",
    "Enrico_Fermi",
    "Football",
    "Internet",
    "Islamic_History",
    "Linux",
    "Nuclear_Power",
    "Real_Madrid",
    "Summer_Olympics2004",
    "Ummaya_Mosque",
)

SENTENCE_END = {".", "!", "?", "؟"}
HELD_OUT_FRACTION = 0.2
FOLDS = 5
# Biases of the packaged model for opening a name of a type (EntityTagger.set_bias),
# chosen with `--dev --tune-bias`: ORG is under-predicted, LOC over-predicted.
LABEL_BIAS = {"ORG": 0.25, "LOC": -0.25}
TARGET = "a:"  # prefix of the ANERcorp-specific copy of a feature
SENTENCES_PER_DOCUMENT = 20

Sentence = list[tuple[str, str]]

log = logging.getLogger("train_ner")

# Obvious typos in ANERcorp's tags, mapped to the tag they were meant to be.
ANERCORP_TAG_FIXES = {
    "o": "O",
    "B-PERs": "B-PERS",
    "B-ERS": "B-PERS",
    "IPERS": "I-PERS",
    "B-ORF": "B-ORG",
    "B-OEG": "B-ORG",
    "B-PRG": "B-ORG",
    "I-PRG": "I-ORG",
    "B-MSIC": "B-MISC",
    "b-misc": "B-MISC",
    "i-misc": "I-MISC",
    "B-LOCI-PERS": "I-PERS",  # the second token of a person name (line 114368)
}


# --------------------------------------------------------------------------- data


def read_anercorp(path: Path = ANERCORP) -> tuple[list[tuple[str, str]], list[str]]:
    """ANERcorp tokens with cleaned tags, and a log of every repair made.

    Repairs: typo tags (:data:`ANERCORP_TAG_FIXES`); lines without a token are dropped;
    a swapped ``TAG token`` line is turned round; two tokens glued on one line are split.
    """
    tokens: list[tuple[str, str]] = []
    repairs: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) == 1:
                if fields[0] in ("O",):
                    repairs.append(f"line {number}: no token, dropped")
                    continue
                if fields[0].endswith("O") and len(fields[0]) > 1:  # ".O"
                    repairs.append(f"line {number}: {fields[0]!r} split into token and O")
                    tokens.append((fields[0][:-1], "O"))
                    continue
                repairs.append(f"line {number}: {fields[0]!r} has no tag, taken as O")
                tokens.append((fields[0], "O"))
                continue
            if len(fields) > 2:
                repairs.extend(_repair_long_line(number, fields, tokens))
                continue
            token, tag = fields
            if tag not in _TAGS and token in _TAGS:  # "B-PERS name"
                repairs.append(f"line {number}: tag and token swapped")
                token, tag = tag, token
            if tag in ANERCORP_TAG_FIXES:
                repairs.append(f"line {number}: tag {tag} -> {ANERCORP_TAG_FIXES[tag]}")
                tag = ANERCORP_TAG_FIXES[tag]
            if tag not in _TAGS:
                if tag.endswith("</title>"):  # line 125279: a two-word place name with markup
                    repairs.append(f"line {number}: {token} {tag} -> two LOC tokens, no markup")
                    tokens.append((token, "B-LOC"))
                    tokens.append((tag.removesuffix("</title>"), "I-LOC"))
                    continue
                repairs.append(f"line {number}: unknown tag {tag!r}, taken as O")
                tag = "O"
            tokens.append((token, tag))
    return tokens, repairs


_TAGS = {"O", *(f"{p}-{t}" for p in "BI" for t in ("PERS", "LOC", "ORG", "MISC"))}


def _repair_long_line(number: int, fields: list[str], tokens: list[tuple[str, str]]) -> list[str]:
    # Line 123386: two lines run together (". O<word> O").
    if len(fields) == 3 and fields[1].startswith("O") and fields[2] in _TAGS:
        tokens.append((fields[0], "O"))
        tokens.append((fields[1][1:], fields[2]))
        return [f"line {number}: two lines run together, split"]
    # Line 113161: a word with RLM + a number glued on and a stray RLM column.
    if fields[-1] in _TAGS:
        word = fields[0].split("\u200f")[0]
        tokens.append((word, fields[-1]))
        return [f"line {number}: {fields[0]!r} -> {word!r} ({fields[-1]})"]
    # Two words, the second with "</title>" glued on and no tag: a two-word place name.
    if fields[-1].endswith("</title>"):
        tokens.append((fields[0], "B-LOC"))
        tokens.append((fields[1].removesuffix("</title>"), "I-LOC"))
        return [f"line {number}: {' '.join(fields)!r} -> two LOC tokens, markup dropped"]
    tokens.append((fields[0], "O"))
    return [f"line {number}: unreadable, first field kept as O"]


def split_sentences(tokens: Sequence[tuple[str, str]]) -> list[Sentence]:
    """Sentences of a stream without breaks: cut after sentence-final punctuation."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for token, tag in tokens:
        current.append((token, tag))
        if normalize_token(token) in SENTENCE_END:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def split_anercorp(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """The fixed split: (train, held-out test).

    The test part is the last 20% of the tokens, starting at the first sentence
    boundary at or after the 80% token mark.
    """
    total = sum(len(s) for s in sentences)
    mark = total * (1 - HELD_OUT_FRACTION)
    seen = 0
    for n, sentence in enumerate(sentences):
        if seen >= mark:
            return sentences[:n], sentences[n:]
        seen += len(sentence)
    return sentences, []


def dev_split(train: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """For tuning: the last 10% of the training sentences are dev (like the test, a
    contiguous block of later articles, whose names are mostly unseen)."""
    cut = int(len(train) * 0.9)
    return train[:cut], train[cut:]


def canonical(sentences: Iterable[Sentence]) -> list[Sentence]:
    """Tags mapped to IOB2 with marsad's types (PERS → PER, MIS1 → MISC, ...)."""
    out: list[Sentence] = []
    for sentence in sentences:
        tags = ["O"] * len(sentence)
        for start, end, label in spans_from_tags([canonical_tag(_fix_aqmar(t)) for _, t in sentence]):
            if label not in ("PER", "LOC", "ORG", "MISC", "GPE"):
                continue
            tags[start] = "B-" + label
            for i in range(start + 1, end):
                tags[i] = "I-" + label
        out.append([(tok, tag) for (tok, _), tag in zip(sentence, tags, strict=True)])
    return out


def _fix_aqmar(tag: str) -> str:
    tag = tag.strip("`")
    if tag in ("OO", "0"):
        return "O"
    if tag == "IO":
        return "O"
    tag = tag.replace("--", "-").replace("MIS-", "MIS").replace("MISS", "MIS")
    if tag in ("B-SPANISH", "B-ENGLISH"):
        return "B-MISC"
    return tag


def read_aqmar(names: Iterable[str] | None = None) -> dict[str, list[Sentence]]:
    """AQMAR articles (name → sentences), tags canonical."""
    articles: dict[str, list[Sentence]] = {}
    for path in sorted(AQMAR.glob("*.txt")):
        if names is not None and path.stem not in names:
            continue
        sentences: list[Sentence] = []
        current: Sentence = []
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if not fields:
                if current:
                    sentences.append(current)
                current = []
                continue
            current.append((fields[0], fields[-1] if len(fields) > 1 else "O"))
        if current:
            sentences.append(current)
        articles[path.stem] = canonical(sentences)
    return articles


# Wojood types → marsad types; the others (DATE, OCC, NORP, ...) are not names here.
WOJOOD_TYPES = {"PERS": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}


def read_wojood(part: str) -> list[Sentence]:
    """Wojood sentences flattened to one tag per token: the outermost PER/ORG/GPE/LOC span."""
    sentences: list[Sentence] = []
    rows: list[list[str]] = []
    for line in [*(WOJOOD / f"{part}.txt").read_text(encoding="utf-8").splitlines(), ""]:
        fields = line.split()
        if fields and fields[0] == "$#$":
            continue
        if fields:
            rows.append(fields)
            continue
        if not rows:
            continue
        spans: list[tuple[int, int, str]] = []
        depth = max(len(r) for r in rows) - 1
        for level in range(1, depth + 1):
            # A nested column: a token's tags are listed outermost first, so one type
            # per column is not guaranteed; collect each type's own tag sequence.
            by_type: dict[str, list[str]] = {}
            for i, r in enumerate(rows):
                if level < len(r) and r[level] != "O":
                    by_type.setdefault(r[level][2:], ["O"] * len(rows))[i] = r[level]
            for label, tags in by_type.items():
                if label in WOJOOD_TYPES:
                    spans.extend((s, e, WOJOOD_TYPES[label]) for s, e, _ in spans_from_tags(tags))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        tags = ["O"] * len(rows)
        taken = [False] * len(rows)
        for start, end, label in spans:
            if any(taken[start:end]):
                continue
            tags[start] = "B-" + label
            for i in range(start + 1, end):
                tags[i] = "I-" + label
            for i in range(start, end):
                taken[i] = True
        sentences.append([(r[0], t) for r, t in zip(rows, tags, strict=True)])
        rows = []
    return sentences


# ----------------------------------------------------------------------- clusters


def iter_ant_texts(path: Path = ANT) -> Iterator[str]:
    """ANT article texts, exact duplicates skipped."""
    seen: set[bytes] = set()
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for row in rows:
            text = json.loads(row).get("text") or ""
            key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
            if key in seen:
                continue
            seen.add(key)
            yield text


def build_clusters(
    out: Path = CLUSTERS_PATH,
    min_count: int = 5,
    max_words: int = 120_000,
    context_words: int = 6_000,
    dims: int = 100,
    levels: Sequence[int] = (32, 128, 512, 2048),
) -> None:
    """Cluster ANT's words by their directional contexts and write ``clusters.tsv.gz``.

    Words are normalised tokens; contexts are the words at offsets -2, -1, +1, +2 (the
    ``context_words`` most frequent, others pooled), weighted by PPMI with smoothed
    context counts, reduced to ``dims`` dimensions by truncated SVD and clustered by
    k-means at each of ``levels``.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    started = time.perf_counter()
    norm_cache: dict[str, int] = {}
    vocab: list[str] = []
    stream: list[np.ndarray] = []
    for text in iter_ant_texts():
        for paragraph in text.split("\n"):
            ids = []
            for token in tokenize(paragraph):
                wid = norm_cache.get(token)
                if wid is None:
                    norm = normalize_token(token)
                    wid = norm_cache.setdefault(token, len(vocab))
                    if wid == len(vocab):
                        vocab.append(norm)
                ids.append(wid)
            if ids:
                ids.append(-1)
                stream.append(np.asarray(ids, dtype=np.int32))
    raw_ids = np.concatenate(stream)
    # Token spellings that normalise alike are one word.
    norm_index: dict[str, int] = {}
    spelling_to_word = np.array([norm_index.setdefault(v, len(norm_index)) for v in vocab])
    words = list(norm_index)
    ids = np.where(raw_ids >= 0, spelling_to_word[np.maximum(raw_ids, 0)], -1)
    counts = np.bincount(ids[ids >= 0], minlength=len(words))
    log.info("ANT: %d tokens, %d words (%.0fs)", (ids >= 0).sum(), len(words), time.perf_counter() - started)

    order = np.argsort(-counts, kind="stable")
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
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    vectors = vectors.astype(np.float32)
    log.info("SVD done (%.0fs)", time.perf_counter() - started)
    assignments = [_kmeans(vectors, k, counts[order[:n_targets]]) for k in levels]
    log.info("k-means done (%.0fs)", time.perf_counter() - started)

    # How often each clitic-free stem is written with the article.
    with_article: Counter[str] = Counter()
    all_forms: Counter[str] = Counter()
    listed = np.flatnonzero(counts >= 3)
    for wid in listed:
        word = words[wid]
        stem = strip_clitics(word)
        all_forms[stem] += int(counts[wid])
        proclitic = word[: len(word) - len(stem)]
        if proclitic.endswith("ال") or proclitic.endswith("لل"):
            with_article[stem] += int(counts[wid])
    lines = []
    for wid in sorted(listed, key=lambda w: (-counts[w], words[w])):
        word = words[wid]
        if not word or "\t" in word:
            continue
        stem = strip_clitics(word)
        rate = str(round(10 * with_article[stem] / all_forms[stem])) if all_forms[stem] >= 5 else "-"
        fields = [word, str(Clusters.bucket(int(counts[wid]))), rate]
        r = rank[wid]
        if r < n_targets:
            fields += [str(a[r]) for a in assignments]
        lines.append("\t".join(fields))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    log.info("wrote %s: %d words, %d clustered (%.0fs)", out, len(lines), n_targets, time.perf_counter() - started)


def _kmeans(vectors: np.ndarray, k: int, weights: np.ndarray, iterations: int = 20) -> np.ndarray:
    """Spherical k-means (cosine), seeded from the most frequent words, deterministic."""
    rng = np.random.default_rng(k)
    n = len(vectors)
    # Seeds: a random sample biased to frequent words (they have reliable vectors).
    probability = np.sqrt(weights.astype(np.float64))
    probability /= probability.sum()
    centres = vectors[rng.choice(n, size=k, replace=False, p=probability)].copy()
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        labels = np.concatenate([np.argmax(vectors[i : i + 20_000] @ centres.T, axis=1) for i in range(0, n, 20_000)])
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, vectors)
        sizes = np.bincount(labels, minlength=k)
        empty = sizes == 0
        sums[empty] = vectors[rng.choice(n, size=int(empty.sum()), replace=False)]
        centres = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
    return labels


# ---------------------------------------------------------------------- gazetteer

# A few organisations and places news mentions daily, written as marsad's sources write
# them; the CRF learns how far to trust each list from the training data.
KNOWN_ORGS = (
    "الأمم المتحدة",
    "مجلس الأمن",
    "الاتحاد الأوروبي",
    "حلف شمال الأطلسي",
    "الناتو",
    "الكرملين",
    "البنتاغون",
    "الكونغرس",
    "جامعة الدول العربية",
    "منظمة الصحة العالمية",
    "صندوق النقد الدولي",
    "البنك الدولي",
    "منظمة التجارة العالمية",
    "الوكالة الدولية للطاقة الذرية",
    "الاتحاد الأفريقي",
    "مجلس التعاون الخليجي",
    "منظمة التحرير الفلسطينية",
    "حركة حماس",
    "حزب الله",
    "وكالة الأنباء الفرنسية",
    "رويترز",
    "أسوشيتد برس",
    "وكالة الاستخبارات المركزية",
)


def base_gazetteer() -> Gazetteer:
    """Lists that do not come from the labelled corpora: CLDR places and the hand lists."""
    gazetteer = Gazetteer()
    for name, label in cldr_places():
        words = [normalize_token(t) for t in tokenize(name)]
        gazetteer.add_phrase(words, label)
        if len(words) == 1:
            gazetteer.add_class(words[0], label)
    for name in CITIES:
        words = [normalize_token(t) for t in tokenize(name)]
        gazetteer.add_phrase(words, "GPE")
        if len(words) == 1:
            gazetteer.add_class(words[0], "GPE")
    for name in KNOWN_ORGS:
        gazetteer.add_phrase([normalize_token(t) for t in tokenize(name)], "ORG")
    for word in nationality_words():
        gazetteer.add_class(word, "NAT")
    for words, label in ((TITLES, "TITLE"), (ORG_HEADS, "ORGHEAD"), (LOC_HEADS, "LOCHEAD")):
        for word in words:
            gazetteer.add_class(word, label)
    return gazetteer


def harvest(gazetteer: Gazetteer, sentences: Iterable[Sentence], min_rate: float = 0.5) -> None:
    """Add the names of labelled sentences: whole mentions as phrases, and each word as a
    class when at least ``min_rate`` of its occurrences are inside a name of that type."""
    occurrences: Counter[str] = Counter()
    in_names: dict[str, Counter[str]] = defaultdict(Counter)
    phrases: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        norms = [normalize_token(token) for token, _ in sentence]
        occurrences.update(norms)
        for start, end, label in spans_from_tags([tag for _, tag in sentence]):
            words = tuple(norms[start:end])
            phrases[words][label] += 1
            for word in words:
                in_names[word][label] += 1
    for words in sorted(phrases):
        label = phrases[words].most_common(1)[0][0]
        if label == "LOC" and phrases[words]["GPE"]:
            label = "GPE"  # Wojood's GPE refines ANERcorp's LOC
        gazetteer.add_phrase(words, label)
    for word in sorted(in_names):
        label, count = in_names[word].most_common(1)[0]
        if count >= min_rate * occurrences[word]:
            gazetteer.add_class(word, label)


# ------------------------------------------------------------------------ training


def crf_labels(sentence: Sentence) -> list[str]:
    """Training labels: GPE folded into LOC (ANERcorp's convention; GPE comes back from
    the gazetteer at tagging time)."""
    return [tag.replace("-GPE", "-LOC") for _, tag in sentence]


def train_model(
    corpora: list[list[Sentence]],
    out_dir: Path,
    c1: float = 0.05,
    c2: float = 0.01,
    iterations: int = 200,
    tagged: Path | None = None,
    augment: bool = True,
    target_weight: float = 1.0,
    keep_crf: Path | None = None,
) -> None:
    """Train the CRF on ``corpora`` and write model.npz, gazetteer.tsv.gz into ``out_dir``.

    Gazetteer features of the training sentences come from the other folds only
    (jackknife), so the CRF learns how much a harvested list is worth on unseen text.
    """
    import pycrfsuite

    from marsad.entities.features import FeatureExtractor

    clusters = Clusters.read(CLUSTERS_PATH, tagged)
    # (sentence, is ANERcorp): the first corpus is the target domain.
    sentences = [(s, n == 0) for n, corpus in enumerate(corpora) for s in corpus]
    size = -(-len(sentences) // FOLDS)
    folds = [sentences[k * size : (k + 1) * size] for k in range(FOLDS)]
    trainer = pycrfsuite.Trainer(verbose=False)
    started = time.perf_counter()
    for k, fold in enumerate(folds):
        gazetteer = base_gazetteer()
        harvest(gazetteer, (s for j, f in enumerate(folds) if j != k for s, _ in f))
        extractor = FeatureExtractor(gazetteer, clusters)
        for sentence, target in fold:
            features = extractor.sentence_features([token for token, _ in sentence])
            if target and augment:
                # Feature augmentation (Daume III 2007): ANERcorp sentences also carry
                # a copy of each feature, whose weight learns what is ANERcorp's own.
                features = [f + [TARGET + name for name in f] for f in features]
            trainer.append(features, crf_labels(sentence))
    log.info("features for %d sentences (%.0fs)", len(sentences), time.perf_counter() - started)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    crf_path = out_dir / "model.crfsuite.tmp"
    trainer.train(str(crf_path))
    log.info("trained (%.0fs)", time.perf_counter() - started)
    export_model(crf_path, out_dir / "model.npz", tagged is not None, target_weight)
    if keep_crf is not None:
        crf_path.replace(keep_crf)
    else:
        crf_path.unlink()
    gazetteer = base_gazetteer()
    harvest(gazetteer, (s for s, _ in sentences))
    gazetteer.write(out_dir / "gazetteer.tsv.gz")
    if out_dir.resolve() != CLUSTERS_PATH.parent.resolve():
        (out_dir / "clusters.tsv.gz").write_bytes(CLUSTERS_PATH.read_bytes())


def export_model(crf_path: Path, out: Path, with_tagged: bool, target_weight: float = 1.0) -> None:
    """crfsuite model → numpy: feature names, weights (features × labels), transitions."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(crf_path))
    info = tagger.info()
    labels = sorted(tagger.labels(), key=lambda lab: (lab == "O", lab[2:], lab))
    label_ids = {label: i for i, label in enumerate(labels)}
    # The tagger serves the target domain: a feature's weight is its general weight
    # plus (target_weight times) its ANERcorp-specific one.
    names = sorted({name.removeprefix(TARGET) for name, _ in info.state_features})
    name_ids = {name: i for i, name in enumerate(names)}
    weights = np.zeros((len(names), len(labels)), dtype=np.float32)
    for (name, label), weight in info.state_features.items():
        scale = target_weight if name.startswith(TARGET) else 1.0
        weights[name_ids[name.removeprefix(TARGET)], label_ids[label]] += scale * weight
    transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (source, target), weight in info.transitions.items():
        transitions[label_ids[source], label_ids[target]] = weight
    meta = {"labels": labels, "gazetteer": "gazetteer.tsv.gz", "clusters": "clusters.tsv.gz", "format": "marsad-crf/1"}
    if with_tagged:
        meta["tagged"] = "tagged.tsv.gz"
    meta["bias"] = LABEL_BIAS
    np.savez_compressed(
        out,
        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
        features=np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
        weights=weights.astype(np.float16),
        transitions=transitions,
    )
    log.info("exported %d features x %d labels to %s (%d bytes)", len(names), len(labels), out, out.stat().st_size)


def tag_ant(model_dir: Path, out: Path, articles: int | None = None) -> None:
    """Tag ANT with a first model; write per word how often it fell inside each type.

    Levels: the share of a word's occurrences inside names of a type, bucketed
    (1: >= 5%, 2: >= 20%, 3: >= 50%, 4: >= 80%); words seen fewer than 3 times or never
    inside a name are left out.
    """
    tagger = EntityTagger.load(model_dir / "model.npz")
    started = time.perf_counter()
    seen: Counter[str] = Counter()
    inside: dict[str, Counter[str]] = defaultdict(Counter)
    for n, text in enumerate(iter_ant_texts()):
        if articles is not None and n >= articles:
            break
        sentences: list[list[str]] = []
        for paragraph in text.split("\n"):
            current: list[str] = []
            for token in tokenize(paragraph):
                current.append(token)
                if token in SENTENCE_END:
                    sentences.append(current)
                    current = []
            if current:
                sentences.append(current)
        if not sentences:
            continue
        for sentence, tags in zip(sentences, tagger.tag_sentences(sentences), strict=True):
            norms = [normalize_token(t) for t in sentence]
            seen.update(norms)
            for start, end, label in spans_from_tags(tags):
                label = "LOC" if label == "GPE" else label
                for word in norms[start:end]:
                    inside[word][label] += 1
    rows = []
    for word in sorted(inside):
        if seen[word] < 3 or not word or "\t" in word:
            continue
        levels = []
        for label in ("PER", "LOC", "ORG", "MISC"):
            share = inside[word][label] / seen[word]
            level = sum(share >= cut for cut in (0.05, 0.2, 0.5, 0.8))
            if level:
                levels.append(f"{label}:{level}")
        if levels:
            rows.append("\t".join([word, *levels]))
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join(rows) + "\n").encode("utf-8"))
    log.info("tagged ANT with the first model: %d words listed (%.0fs)", len(rows), time.perf_counter() - started)


# ---------------------------------------------------------------------- evaluation


def predict(tagger: EntityTagger, sentences: list[Sentence], context: int = 20) -> list[list[str]]:
    """Tags for gold-tokenised sentences, as `evaluate_conll_file` tags a file."""
    tokens = [[t for t, _ in s] for s in sentences]
    return tag_in_windows(tagger, tokens, SENTENCES_PER_DOCUMENT, context)


def evaluate(tagger: EntityTagger, documents: list[list[Sentence]]) -> dict[str, dict[str, float]]:
    """Exact-span scores over documents, each cut in windows (see `tag_in_windows`)."""
    gold = [[tag for _, tag in s] for document in documents for s in document]
    predicted = [tags for document in documents for tags in predict(tagger, document)]
    return score_spans(gold, predicted, types=("PER", "LOC", "ORG"), fold={"GPE": "LOC"})


def tune_bias(tagger: EntityTagger, sentences: list[Sentence]) -> None:
    """Print the label biases that score best on ``sentences`` (use the dev block)."""
    grid = [
        {"PER": per, "ORG": org, "LOC": loc}
        for per in (0.0, 0.25, 0.5)
        for org in (0.0, 0.25, 0.5, 0.75, 1.0)
        for loc in (-0.5, -0.25, 0.0, 0.25)
    ]
    results = []
    for bias in grid:
        tagger.set_bias(bias)
        results.append((evaluate(tagger, [sentences])["overall"]["f1"], bias))
    results.sort(key=lambda r: -r[0])
    for f1, bias in results[:5]:
        print(f"bias {bias}: F1 {f1:.4f}")
    tagger.set_bias(LABEL_BIAS)


def print_scores(title: str, scores: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'type':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for label, row in scores.items():
        print(f"  {label:8} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {int(row['support']):6d}")


def write_conll(sentences: list[Sentence], path: Path) -> None:
    path.write_text("\n\n".join("\n".join(f"{t} {g}" for t, g in s) for s in sentences) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild-clusters", action="store_true")
    parser.add_argument("--clusters-only", action="store_true")
    parser.add_argument("--dev", action="store_true", help="hold out the last 10%% of the training split and score it")
    parser.add_argument("--out", type=Path, default=MODEL_PATH.parent)
    parser.add_argument("--no-aqmar", action="store_true")
    parser.add_argument("--no-wojood", action="store_true")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--write-test", type=Path, help="write the ANERcorp held-out test here")
    parser.add_argument("--eval-only", action="store_true")
    parser.add_argument(
        "--two-stage", action="store_true", help="add a second model with features from how a first one tagged ANT"
    )
    parser.add_argument("--ant-articles", type=int, default=None)
    parser.add_argument(
        "--target-weight", type=float, default=1.0, help="share of the ANERcorp-specific feature weights in the model"
    )
    parser.add_argument("--keep-crf", type=Path, help="keep the crfsuite model here")
    parser.add_argument("--tune-bias", action="store_true", help="grid-search label biases on the scored split")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.rebuild_clusters or not CLUSTERS_PATH.exists():
        build_clusters()
    if args.clusters_only:
        return 0

    tokens, repairs = read_anercorp()
    log.info("ANERcorp: %d tokens, %d repairs", len(tokens), len(repairs))
    for repair in repairs:
        log.debug(repair)
    train, test = split_anercorp(split_sentences(tokens))
    train, test = canonical(train), canonical(test)
    log.info(
        "split: train %d sentences / %d tokens, test %d sentences / %d tokens",
        len(train),
        sum(map(len, train)),
        len(test),
        sum(map(len, test)),
    )
    if args.write_test:
        write_conll(test, args.write_test)
    aqmar = read_aqmar()
    aqmar_train = [s for name in AQMAR_TRAIN for s in aqmar[name]]
    aqmar_test = [sents for name, sents in aqmar.items() if name not in AQMAR_TRAIN]
    if args.dev:
        train, test = dev_split(train)
    corpora = [train]
    if not args.no_aqmar:
        corpora.append(aqmar_train)
    if not args.no_wojood:
        corpora.append([s for part in ("train", "val", "test") for s in read_wojood(part)])
    if not args.eval_only:
        params = {"c1": args.c1, "c2": args.c2, "iterations": args.iterations, "target_weight": args.target_weight}
        if not args.two_stage:
            train_model(corpora, args.out, keep_crf=args.keep_crf, **params)
        else:
            first = args.out / "first"
            train_model(corpora, first, **params)
            tag_ant(first, args.out / "tagged.tsv.gz", args.ant_articles)
            train_model(corpora, args.out, tagged=args.out / "tagged.tsv.gz", **params)
            for name in ("model.npz", "gazetteer.tsv.gz", "clusters.tsv.gz"):
                (first / name).unlink(missing_ok=True)
            first.rmdir()

    tagger = EntityTagger.load(args.out / "model.npz")
    if args.tune_bias:
        tune_bias(tagger, test)
    label = "ANERcorp dev (last 10% of train)" if args.dev else "ANERcorp held-out test"
    print_scores(f"{label}: exact span, GPE folded into LOC (packaged tagger)", evaluate(tagger, [test]))
    tagger.marsad_conventions = False
    print_scores(f"{label}, without marsad's conventions (ANERcorp's own)", evaluate(tagger, [test]))
    tagger.consistency = False
    print_scores(f"{label}, without marsad's conventions nor document consistency", evaluate(tagger, [test]))
    tagger.consistency = tagger.marsad_conventions = True
    print_scores("AQMAR out-of-domain articles (not trained on)", evaluate(tagger, aqmar_test))
    print(f"\nAQMAR out-of-domain articles: {', '.join(sorted(set(aqmar) - set(AQMAR_TRAIN)))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
