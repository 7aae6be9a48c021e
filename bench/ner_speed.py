"""Tagging speed of marsad's entity tagger on one core, features included.

Two inputs: ANT news articles (tokenised with marsad's tokenizer, sentences cut at
sentence-final punctuation, each article one document) and the ANERcorp held-out test
split (gold tokens, windows of 20 sentences). The tagger starts cold (empty word cache)
for each measured run, as a fresh process would.

``--tagger`` picks the packaged CRF (``crf``), the neural tagger alone (``neural``,
the network without the CRF's scores), the neural tagger as packaged (``ensemble``:
network plus CRF) or whatever :func:`default_tagger` returns (``default``).

Usage::

    taskset -c 0 python bench/ner_speed.py [--articles 2000] [--tagger crf|neural|ensemble|default]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

# One core: OpenBLAS threads pinned to a single core fight each other (the neural
# tagger's matrix products ran 7x slower), so BLAS gets one thread, before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from marsad.arabic.tokens import tokenize  # noqa: E402
from marsad.entities.neural import NeuralTagger  # noqa: E402
from marsad.entities.tagger import EntityTagger, default_tagger  # noqa: E402

SHARED = REPO / ".." / "shared" / "data"
ANT = SHARED / "ant" / "ant_v2.1_multisource.jsonl.gz"
SENTENCE_END = {".", "!", "?", "؟"}


def ant_documents(limit: int) -> list[list[list[str]]]:
    documents: list[list[list[str]]] = []
    with gzip.open(ANT, "rt", encoding="utf-8") as rows:
        for row in rows:
            if len(documents) >= limit:
                break
            sentences: list[list[str]] = []
            for paragraph in (json.loads(row).get("text") or "").split("\n"):
                current: list[str] = []
                for token in tokenize(paragraph):
                    current.append(token)
                    if token in SENTENCE_END:
                        sentences.append(current)
                        current = []
                if current:
                    sentences.append(current)
            if sentences:
                documents.append(sentences)
    return documents


def anercorp_documents() -> list[list[list[str]]]:
    import train_ner  # the fixed split is defined there

    tokens, _ = train_ner.read_anercorp()
    _, test = train_ner.split_anercorp(train_ner.split_sentences(tokens))
    sentences = [[t for t, _ in s] for s in test]
    return [sentences[i : i + 20] for i in range(0, len(sentences), 20)]


def load_tagger(kind: str) -> EntityTagger:
    """A fresh tagger (empty word cache) of the kind asked for."""
    if kind == "crf":
        return EntityTagger.load()
    if kind in ("neural", "ensemble"):
        tagger = NeuralTagger.load()
        if kind == "neural":
            tagger.crf_weight = 0.0
        return tagger
    return type(default_tagger()).load()


def measure(name: str, documents: list[list[list[str]]], repeats: int, kind: str) -> None:
    n_tokens = sum(len(s) for d in documents for s in d)
    best_cold = best_warm = float("inf")
    for _ in range(repeats):
        tagger = load_tagger(kind)  # cold word cache
        started = time.perf_counter()
        for document in documents:
            tagger.tag_sentences(document)
        best_cold = min(best_cold, time.perf_counter() - started)
        started = time.perf_counter()
        for document in documents:
            tagger.tag_sentences(document)
        best_warm = min(best_warm, time.perf_counter() - started)
    print(
        f"{name}: {len(documents)} documents, {n_tokens} tokens: "
        f"{n_tokens / best_cold:,.0f} tokens/s cold cache, "
        f"{n_tokens / best_warm:,.0f} tokens/s warm cache"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tagger", choices=("crf", "neural", "ensemble", "default"), default="default")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    started = time.perf_counter()
    tagger = load_tagger(args.tagger)
    print(f"{type(tagger).__name__} ({args.tagger}) load: {time.perf_counter() - started:.2f}s")
    if ANT.exists():
        measure("ANT articles", ant_documents(args.articles), args.repeats, args.tagger)
    if (SHARED / "ner" / "anercorp.txt").exists():
        measure("ANERcorp held-out test", anercorp_documents(), args.repeats, args.tagger)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
