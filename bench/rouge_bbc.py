"""ROUGE of single-article summaries against BBC Arabic's editor-written abstracts.

Usage:  python bench/rouge_bbc.py [--limit N] [--budget 30]

Every BBC article of the ANT corpus (../shared/data/ant/ant_v2.1_multisource.jsonl.gz,
src "BBC"; never copied into the repo) whose abstract is not a verbatim prefix of its
body is extracted and analysed as ``marsad digest`` would, then summarised as a
one-article story by :func:`marsad.summarize.summarize_story` with a budget of
``--budget`` words (default 30: the abstracts have a median of 22 words and a 90th
percentile of 30) and at most three sentences. The lead baseline takes the article's
first sentences up to the same budget, cutting the first one at the budget when it is
longer; the summary falls back to that too when none of its sentences fits. A second
baseline, ``lead-sentences``, keeps whole sentences only (the first ones that fit), as an
extractive summary must.

ROUGE-1, ROUGE-2 and ROUGE-L F1 are computed here (rouge_score's tokenizer drops Arabic):
tokens are marsad's (:func:`marsad.arabic.tokens.tokenize`) in matching form
(:func:`marsad.arabic.normalize.normalize_word`), punctuation left out; a second set of
figures compares lemmas (:func:`marsad.arabic.tokens.lemma`), ROUGE's "stemmed" variant.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from marsad.arabic.normalize import normalize_word
from marsad.arabic.tokens import lemma, tokenize
from marsad.config import SummarySettings, load_settings
from marsad.extract.article import extract_article
from marsad.facts import compose_facts
from marsad.facts.claims import is_heading
from marsad.model import Article, RawDoc, Story
from marsad.pipeline import Pipeline
from marsad.summarize import summarize_story

ANT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"


def words(text: str, key: Callable[[str], str] = normalize_word) -> list[str]:
    """ROUGE tokens: marsad's tokens in matching form, punctuation left out."""
    return [key(t) for t in tokenize(text) if t[:1].isalnum()]


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: float, produced: int, reference: int) -> float:
    if not overlap or not produced or not reference:
        return 0.0
    p, r = overlap / produced, overlap / reference
    return 2 * p * r / (p + r)


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    c, r = _ngrams(candidate, n), _ngrams(reference, n)
    return _f1(sum((c & r).values()), sum(c.values()), sum(r.values()))


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-L F1 from the longest common subsequence."""
    if not candidate or not reference:
        return 0.0
    previous = [0] * (len(reference) + 1)
    for a in candidate:
        current = [0]
        for j, b in enumerate(reference, 1):
            current.append(previous[j - 1] + 1 if a == b else max(previous[j], current[j - 1]))
        previous = current
    return _f1(previous[-1], len(candidate), len(reference))


def lead(article: Article, budget: int) -> str:
    """The first sentences up to ``budget`` words (the first cut at the budget)."""
    out: list[str] = []
    count = 0
    for s in article.on_topic_sentences():
        text = article.text[s.start : s.end]
        if is_heading(text):
            continue
        n = len(text.split())
        if not out and n > budget:
            return " ".join(text.split()[:budget])
        if count + n > budget:
            break
        out.append(text)
        count += n
    return " ".join(out)


def lead_sentences(article: Article, budget: int) -> str:
    """The first whole sentences that fit in ``budget`` words (none is cut): the lead an
    extractive summary could give."""
    out: list[str] = []
    count = 0
    for s in article.on_topic_sentences():
        text = article.text[s.start : s.end]
        n = len(text.split())
        if is_heading(text) or count + n > budget:
            continue
        out.append(text)
        count += n
        if count >= budget - 5:
            break
    return " ".join(out)


def _rows(limit: int | None) -> list[dict]:
    rows = []
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("src") != "BBC" or not row.get("abstract"):
                continue
            if " ".join(row["text"].split()).startswith(" ".join(row["abstract"].split())):
                continue  # the abstract is the lead itself
            rows.append(row)
            if limit and len(rows) >= limit:
                break
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="the first N eligible BBC articles (default: all)")
    parser.add_argument("--budget", type=int, default=30, help="summary words (default 30)")
    args = parser.parse_args()
    if not ANT.exists():
        print(f"needs {ANT}", file=sys.stderr)
        return 2
    settings = load_settings()
    budget = SummarySettings(max_sentences=3, min_sentences=1, max_words=args.budget)
    pipeline = Pipeline(settings)
    rows = _rows(args.limit)
    scores: dict[str, dict[str, list[float]]] = {
        f"{system}/{variant}": {"R1": [], "R2": [], "RL": []}
        for system in ("marsad", "lead", "lead-sentences")
        for variant in ("tokens", "lemmas")
    }
    fallback = 0
    seconds = 0.0
    for row in rows:
        raw = RawDoc(
            input=row["docno"],
            id=row["docno"],
            outlet="BBC",
            published=row.get("iso_time"),
            title=row.get("title"),
            text=row["text"],
        )
        article = extract_article(raw, settings)
        if not isinstance(article, Article):
            continue
        pipeline.analyse(article)
        story = Story(id=article.id, articles=[article.id], title=article.title)
        t0 = time.perf_counter()
        facts = compose_facts(story, {article.id: article})
        summary = summarize_story(story, {article.id: article}, budget, facts)
        seconds += time.perf_counter() - t0
        baseline = lead(article, args.budget)
        produced = " ".join(s.text for s in summary)
        if not produced:
            produced, fallback = baseline, fallback + 1
        for variant, key in (("tokens", normalize_word), ("lemmas", lemma)):
            reference = words(row["abstract"], key)
            whole = lead_sentences(article, args.budget) or baseline
            for system, text in (("marsad", produced), ("lead", baseline), ("lead-sentences", whole)):
                tokens = words(text, key)
                cell = scores[f"{system}/{variant}"]
                cell["R1"].append(rouge_n(tokens, reference, 1))
                cell["R2"].append(rouge_n(tokens, reference, 2))
                cell["RL"].append(rouge_l(tokens, reference))
    n = len(scores["marsad/tokens"]["R1"])
    print(f"{n} BBC articles (abstract not a prefix of the body); budget {args.budget} words, <= 3 sentences")
    print(f"summaries fell back to the lead: {fallback}; facts+summary {seconds / max(1, n) * 1000:.1f} ms/article")
    print(f"{'system':24s} {'ROUGE-1':>8s} {'ROUGE-2':>8s} {'ROUGE-L':>8s}")
    for name, cell in scores.items():
        print(f"{name:24s} " + " ".join(f"{statistics.mean(cell[k]) * 100:8.2f}" for k in ("R1", "R2", "RL")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
