"""Train (and score) marsad's story model on the hand-labelled ANT story sets.

Usage:
    python scripts/train_story_model.py --train data/eval/ant_stories_dev.tsv \
        --eval data/eval/ant_stories_test.tsv [--write] [--threshold 0.5]

For each labelled set, the articles of its days (plus --context-days either side, as a
live system would have seen them) go through marsad's extraction and analysis once
(cached under --cache-dir). Training replays the *labelled* articles in publication
order, exactly as StoryClusterer does, joining each to its gold story: every candidate
story the clusterer would look at gives one article–story pair, labelled by the gold.
A logistic regression is fitted on those pairs. Scoring then runs the real clusterer
(context articles included) and reports story-level B-cubed and pairwise F1 on the
labelled articles. --write saves the model to marsad/cluster/data/story_model.json.
The gold files hold ids and labels only; the text is read from ../shared/data/ant.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from marsad.cluster.evaluate import bcubed, pairwise, read_gold
from marsad.cluster.model import FEATURES, StoryModel, fit_logistic
from marsad.cluster.signals import signal_features
from marsad.cluster.stories import StoryClusterer, pair_features
from marsad.config import load_settings
from marsad.ingest.readers import row_to_rawdoc
from marsad.model import Article, RawDoc
from marsad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"
MODEL_OUT = ROOT / "marsad" / "cluster" / "data" / "story_model.json"


def analysed_slice(gold: dict[str, str], context_days: int, cache_dir: Path, pipeline: Pipeline) -> list[Article]:
    """The analysed articles of the gold days ± context, cached by the set of ids."""
    key = hashlib.sha1(json.dumps([sorted(gold), context_days]).encode()).hexdigest()[:12]
    cache = cache_dir / f"slice-{key}.pkl"
    if cache.exists():
        articles = pickle.loads(cache.read_bytes())
        # Signals are cheap and change as features are developed: recompute them.
        for article in articles:
            article.features.update(signal_features(article))
        return articles
    rows = []
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            rows.append((n, json.loads(line)))
    gold_days = {row["iso_time"][:10] for _, row in rows if row["docno"] in gold}
    days = set()
    for d in gold_days:
        base = date.fromisoformat(d)
        days.update((base + timedelta(days=k)).isoformat() for k in range(-context_days, context_days + 1))
    raws = [
        doc
        for n, row in rows
        if row["iso_time"][:10] in days
        if isinstance(doc := row_to_rawdoc(row, f"ant#{n}"), RawDoc)
    ]
    t0 = time.time()
    articles = pipeline.analyse_batch(raws).articles
    print(f"  analysed {len(articles)} articles of {len(days)} days in {time.time() - t0:.0f}s")
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(articles))
    return articles


def training_pairs(
    articles: list[Article], gold: dict[str, str], pipeline: Pipeline
) -> tuple[np.ndarray, np.ndarray, int]:
    """Article–story pairs from replaying the labelled articles with their gold stories."""
    labelled = pipeline.sort(a for a in articles if a.id in gold)
    duplicates = pipeline.dedup(labelled)
    # The model is not consulted while replaying gold stories; a neutral one avoids
    # loading a packaged model trained on other features.
    clusterer = StoryClusterer(pipeline.settings.cluster, StoryModel(tuple(0.0 for _ in FEATURES), 0.0))
    story_of_gold: dict[str, str] = {}
    xs, ys = [], []
    unreachable = 0
    for a in labelled:
        s = pipeline.signal(a)
        if a.id in duplicates and duplicates[a.id] in clusterer.assignment:
            clusterer.attach(a.id, duplicates[a.id])
            continue
        target = story_of_gold.get(gold[a.id])
        found = False
        for sid in clusterer.candidates(s):
            xs.append(pair_features(s, clusterer.stories[sid]))
            ys.append(1.0 if sid == target else 0.0)
            found |= sid == target
        if target is not None and not found:
            unreachable += 1
        sid = clusterer.join(s, target)
        story_of_gold.setdefault(gold[a.id], sid)
    return np.array(xs), np.array(ys), unreachable


def score(articles: list[Article], gold: dict[str, str], pipeline: Pipeline, gold_topics: dict[str, str]) -> str:
    result = pipeline.build_stories(articles)
    pred = {a: result.assignment[a] for a in gold if a in result.assignment}
    b, p = bcubed(gold, pred), pairwise(gold, pred)
    topic_of = {s.id: s.topic for s in result.stories}
    t = bcubed(gold_topics, {a: topic_of[pred[a]] for a in pred})
    return (
        f"story B3 P={b['precision']:.3f} R={b['recall']:.3f} F1={b['f1']:.3f} pairwise F1={p['f1']:.3f} | "
        f"topic B3 P={t['precision']:.3f} R={t['recall']:.3f} F1={t['f1']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", action="append", required=True, help="gold TSV to train on (repeatable)")
    parser.add_argument("--eval", action="append", default=[], help="gold TSV to score on (repeatable)")
    parser.add_argument("--context-days", type=int, default=2)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--topic-threshold", type=float, default=None, help="override cluster.topic_threshold")
    parser.add_argument(
        "--threshold",
        type=float,
        nargs="+",
        default=[0.5],
        help="decision threshold(s) to score; the first is the one --write saves",
    )
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/marsad-train-cache"))
    parser.add_argument("--write", action="store_true", help=f"save the model to {MODEL_OUT.relative_to(ROOT)}")
    args = parser.parse_args()
    settings = load_settings()
    if args.topic_threshold is not None:
        settings = settings.with_values("cluster", topic_threshold=args.topic_threshold)
    pipeline = Pipeline(settings)
    sets = {}
    topics = {}
    for path in [*args.train, *args.eval]:
        gold, topics[path] = read_gold(path)
        print(f"{path}: {len(gold)} labelled articles")
        sets[path] = (gold, analysed_slice(gold, args.context_days, args.cache_dir, pipeline))
    xs, ys = [], []
    for path in args.train:
        gold, articles = sets[path]
        x, y, unreachable = training_pairs(articles, gold, pipeline)
        print(
            f"{path}: {len(y)} pairs, {int(y.sum())} positive; {unreachable} articles whose story was not a candidate"
        )
        xs.append(x)
        ys.append(y)
    weights, bias = fit_logistic(np.vstack(xs), np.concatenate(ys), l2=args.l2)
    print("weights:", ", ".join(f"{n}={w:+.2f}" for n, w in zip(FEATURES, weights, strict=True)), f"bias={bias:+.2f}")
    for threshold in args.threshold:
        model = StoryModel(tuple(float(w) for w in weights), bias, threshold)
        scoring = Pipeline(settings, story_model=model)
        for path, (gold, articles) in sets.items():
            role = "train" if path in args.train else "eval"
            print(f"threshold {threshold:.2f} {role:5s} {path}: {score(articles, gold, scoring, topics[path])}")
    if args.write:
        model = StoryModel(tuple(float(w) for w in weights), bias, args.threshold[0])
        MODEL_OUT.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
