"""Fact statuses on the example corpus against examples/expected.json.

Usage:  python bench/facts_examples.py

Runs the digest pipeline on examples/ (in a temporary directory), composes every
story's facts with :func:`marsad.facts.compose_facts` and prints recall and precision
per status (:func:`marsad.facts.evaluate.evaluate_examples`), the expected facts missed
and the corroborated/conflicting facts expected.json does not list.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from marsad.cli import main as marsad_main
from marsad.cluster.signals import Embedder
from marsad.facts import compose_facts
from marsad.facts.evaluate import evaluate_examples
from marsad.store.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        marsad_main(["digest", str(ROOT / "examples"), "--out", str(out), "--quiet"])
        with SqliteStore(out / "marsad.db") as store:
            articles = {a.id: a for a in store.iter_articles(with_features=True)}
            stories = list(store.iter_stories())
    encoder = Embedder()
    for story in stories:
        story.facts = compose_facts(story, articles, encoder=encoder).facts
    report = evaluate_examples(stories, articles, ROOT / "examples" / "expected.json")
    header = ("status", "expected", "found", "recall", "given", "correct", "precision")
    print(f"{header[0]:14s} " + " ".join(f"{h:>9s}" for h in header[1:]))
    for status, v in report["per_status"].items():
        recall = "-" if v["recall"] is None else f"{v['recall']:.2f}"
        precision = "-" if v["precision"] is None else f"{v['precision']:.2f}"
        cells = (v["expected"], v["found"], recall, v["given"], v["correct"], precision)
        print(f"{status:14s} " + " ".join(f"{c!s:>9s}" for c in cells))
    for item in report["missed"]:
        print("missed:", json.dumps(item, ensure_ascii=False))
    for item in report["unlisted"]:
        print("unlisted:", json.dumps(item, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
