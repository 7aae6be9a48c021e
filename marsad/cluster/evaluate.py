"""Scoring a clustering against gold labels: B-cubed and pairwise precision/recall/F1."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["bcubed", "evaluate_digest", "pairwise", "read_gold"]


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the items gold labels.

    Example:
        >>> bcubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})["recall"]
        1.0
    """
    items = [i for i in gold if i in predicted]
    if not items:
        return _prf(0.0, 0.0)
    g_sets: dict[str, set[str]] = defaultdict(set)
    p_sets: dict[str, set[str]] = defaultdict(set)
    for i in items:
        g_sets[gold[i]].add(i)
        p_sets[predicted[i]].add(i)
    precision = recall = 0.0
    for i in items:
        g, p = g_sets[gold[i]], p_sets[predicted[i]]
        both = len(g & p)
        precision += both / len(p)
        recall += both / len(g)
    return _prf(precision / len(items), recall / len(items))


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Precision/recall/F1 over pairs of items put together."""
    items = [i for i in gold if i in predicted]
    joint = Counter((gold[i], predicted[i]) for i in items)
    g = Counter(gold[i] for i in items)
    p = Counter(predicted[i] for i in items)

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    tp, gp, pp = pairs(joint), pairs(g), pairs(p)
    return _prf(tp / pp if pp else 1.0, tp / gp if gp else 1.0)


def read_gold(path: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """Gold ``id<TAB>story<TAB>topic`` rows (header line allowed): story and topic labels."""
    stories: dict[str, str] = {}
    topics: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#") or row[0] in ("docno", "id"):
                continue
            stories[row[0]] = row[1]
            if len(row) > 2 and row[2]:
                topics[row[0]] = row[2]
    return stories, topics


def evaluate_digest(gold_path: str | Path, digest_path: str | Path) -> dict[str, Any]:
    """Story- and topic-level scores of a digest.json against a gold TSV."""
    gold_story, gold_topic = read_gold(gold_path)
    digest = json.loads(Path(digest_path).read_text(encoding="utf-8"))
    story_of = {a["id"]: a.get("story") for a in digest["articles"]}
    topic_of_story = {s["id"]: s.get("topic") for s in digest["stories"]}
    pred_story = {i: s for i, s in story_of.items() if s}
    pred_topic = {i: topic_of_story.get(s) or s for i, s in pred_story.items()}
    missing = sorted(set(gold_story) - set(pred_story))
    return {
        "articles_in_gold": len(gold_story),
        "articles_scored": len(set(gold_story) & set(pred_story)),
        "missing_from_digest": missing[:20],
        "story": {"bcubed": bcubed(gold_story, pred_story), "pairwise": pairwise(gold_story, pred_story)},
        "topic": {"bcubed": bcubed(gold_topic, pred_topic), "pairwise": pairwise(gold_topic, pred_topic)},
        "predicted_stories": len(set(pred_story[i] for i in gold_story if i in pred_story)),
        "gold_stories": len(set(gold_story.values())),
    }
