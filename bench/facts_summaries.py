"""Facts, quotes and cited summaries over a stored digest: timing and the summary check.

Usage:
    python bench/throughput.py -n 2000 --sample first --keep DIR     # builds DIR/bench.db
    python bench/facts_summaries.py DIR/bench.db DIR/out/digest.json [--out FILE]

Loads every article and story of the store, runs :func:`marsad.facts.compose_facts` and
:func:`marsad.summarize.summarize_story` on each story (what ``Pipeline.compose`` does),
prints seconds per stage and per on-topic article-sentence, writes the digest with these
facts, coverage and summaries (``--out``, default ``<digest>.facts.json``) and runs
:func:`marsad.summarize.check_digest_file` on it.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from marsad.cluster.signals import Embedder
from marsad.config import load_settings
from marsad.facts import compose_facts
from marsad.store.codec import story_to_dict
from marsad.store.sqlite import SqliteStore
from marsad.summarize import check_digest_file, summarize_story


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("digest", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = load_settings()
    with SqliteStore(args.db) as store:
        articles = {a.id: a for a in store.iter_articles(with_features=True)}
        stories = list(store.iter_stories())
    encoder = Embedder()
    sentences = sum(len(a.on_topic_sentences()) for a in articles.values())
    seconds = {"facts": 0.0, "summaries": 0.0}
    cpu = {"facts": 0.0, "summaries": 0.0}
    counts = {"facts": 0, "corroborated": 0, "conflicting": 0, "quotes": 0, "summary sentences": 0}
    for story in stories:
        t0, c0 = time.perf_counter(), time.process_time()
        result = compose_facts(story, articles, encoder=encoder)
        t1, c1 = time.perf_counter(), time.process_time()
        story.facts = result.facts
        story.extra.update(result.extra())
        story.summary = summarize_story(story, articles, settings.summary, result)
        seconds["facts"] += t1 - t0
        seconds["summaries"] += time.perf_counter() - t1
        cpu["facts"] += c1 - c0
        cpu["summaries"] += time.process_time() - c1
        counts["facts"] += len(result.facts)
        counts["corroborated"] += sum(f.status == "corroborated" for f in result.facts)
        counts["conflicting"] += sum(f.status == "conflicting" for f in result.facts)
        counts["quotes"] += sum(len(q) for q in result.quotes.values())
        counts["summary sentences"] += len(story.summary)
    total, total_cpu = sum(seconds.values()), sum(cpu.values())
    print(f"{len(articles)} articles, {len(stories)} stories, {sentences} on-topic article-sentences")
    print(f"{'':12s} {'wall s':>8s} {'CPU s':>8s}   (CPU: this process only, whatever else runs)")
    for name, value in seconds.items():
        print(f"{name:12s} {value:8.2f} {cpu[name]:8.2f}")
    per = 1000 / max(1, sentences)
    print(f"{'total':12s} {total:8.2f} {total_cpu:8.2f}")
    print(f"per on-topic article-sentence: {total * per:.3f} ms wall, {total_cpu * per:.3f} ms CPU")
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    digest = json.loads(args.digest.read_text(encoding="utf-8"))
    by_id = {s.id: story_to_dict(s) for s in stories}
    digest["stories"] = [by_id.get(s["id"], s) for s in digest["stories"]]
    out = args.out or args.digest.with_suffix(".facts.json")
    out.write_text(json.dumps(digest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    report = check_digest_file(out)
    print(
        f"check {time.perf_counter() - t0:.2f} s: "
        + json.dumps({k: v for k, v in report.items() if not isinstance(v, list)})
    )
    for key in ("unsupported", "chrome_hits", "offtopic_hits"):
        for item in report[key][:5]:
            print(key, json.dumps(item, ensure_ascii=False))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
