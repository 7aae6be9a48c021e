"""Fact statuses scored against the example corpus's expectations (examples/expected.json).

Each expected fact is found among a story's facts by key phrases of the invented example
texts (:data:`EXAMPLE_KEYS`, aligned with the order of ``facts`` in expected.json): a
fact matches when one of the phrases is in its text, its attribute or one of its
evidence spans. An expected fact is *found* when a matching fact has its status (and,
for a conflict, the same values from the same articles). Precision counts, among the
facts given a status that match some expected fact, those whose expected status is
that one; facts that match no expected fact are listed apart (expected.json does not
list every single-source fact).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from marsad.model import Article, Fact, Story

__all__ = ["EXAMPLE_KEYS", "evaluate_examples"]

# Phrases («|» separates alternatives) that identify each expected fact, in the order of
# expected.json's facts for that story.
EXAMPLE_KEYS: dict[str, list[str]] = {
    "fire": [
        "اندلع حريق",
        "7400 طن",
        "منظومة الإنذار",
        "عدد القتلى",
        "المدة",
        "إصابة خمسة",
        "85%",
        "12 مليون",
        "فتح تحقيق",
        "أسعار الأعلاف",
    ],
    "fta-round-1": [
        "فندق الفنار",
        "يومين|المدة",
        "مجموعات عمل",
        "ستة أسابيع",
        "1.8 مليار",
        "300 سلعة",
        "تسع ساعات",
        "25%",
    ],
    "fta-round-2": [
        "القنصلية العامة الفالدورية",
        "بالأحرف الأولى",
        "60%",
        "سبع سنوات",
        "20 مايو",
        "عدد السلع",
        "80%",
        "تنظيمية وأمنية",
        "35%",
        "ريفال",
    ],
    "difaf-2025": [
        "48 فيلم|48 films",
        "مارجان|مارغان|Margan",
        "ملح الأيام|Sel des jours",
        "القلعي|Kalaï",
        "1300|1 300",
        "الصبّاغي",
        "عدد الحضور",
        "100 ألف درهم",
        "30%",
    ],
}
STATUSES = ("corroborated", "conflicting", "single-source")


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def _resolve(ref: str, articles: Mapping[str, Article]) -> str | None:
    for a in articles.values():
        if a.id == ref or a.input.replace("\\", "/").endswith(ref):
            return a.id
    return None


def _texts(fact: Fact, articles: Mapping[str, Article]) -> str:
    if fact.status == "conflicting":
        return f"{fact.text}\n{fact.attribute or ''}"  # its evidence says other things too
    spans = [articles[e.article].text[e.start : e.end] for e in fact.evidence if e.article in articles]
    return "\n".join([fact.text, fact.attribute or "", *spans])


def _matches(fact: Fact, key: str, articles: Mapping[str, Article]) -> bool:
    text = _texts(fact, articles)
    return any(alt in text for alt in key.split("|"))


def _same_values(fact: Fact, expected: Mapping[str, Sequence[str]], articles: Mapping[str, Article]) -> bool:
    def norm(values: Mapping[str, Sequence[str]], resolve: bool) -> set[tuple[float, frozenset[str]]]:
        out = set()
        for key, ids in values.items():
            nums = _numbers(key)
            refs = frozenset(_resolve(i, articles) if resolve else i for i in ids)
            out.add((nums[0] if nums else -1.0, refs))
        return out

    return norm(fact.values, False) == norm(expected, True)


def evaluate_examples(
    stories: Sequence[Story], articles: Mapping[str, Article], expected_path: str | Path
) -> dict[str, Any]:
    """Recall and precision of fact statuses on the example corpus.

    Args:
        stories: the stories with their facts filled.
        articles: article id → Article (for inputs and evidence text).
        expected_path: examples/expected.json.

    Returns:
        ``per_status``: expected, found, recall, given (facts with that status matching
        an expected fact), correct, precision; ``missed`` and ``wrong`` (expected facts
        not found, with the status given instead); ``unlisted`` (facts matching no
        expected fact).
    """
    expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))["stories"]
    stats = {s: {"expected": 0, "found": 0, "given": 0, "correct": 0} for s in STATUSES}
    missed: list[dict[str, Any]] = []
    unlisted: list[dict[str, Any]] = []
    for name, spec in expected.items():
        keys = EXAMPLE_KEYS.get(name, [])
        ids = {i for i in (_resolve(r, articles) for r in spec["articles"]) if i}
        # Facts of every story holding the expected articles (a story split by
        # clustering still gets its facts looked at).
        facts = [f for s in stories if ids & set(s.articles) for f in s.facts]
        matched_facts: set[int] = set()
        for index, exp in enumerate(spec.get("facts", [])):
            if index >= len(keys):
                break
            stats[exp["status"]]["expected"] += 1
            hits = [f for f in facts if _matches(f, keys[index], articles)]
            matched_facts.update(id(f) for f in hits)
            good = [
                f
                for f in hits
                if f.status == exp["status"]
                and (exp["status"] != "conflicting" or _same_values(f, exp.get("values", {}), articles))
            ]
            if good:
                stats[exp["status"]]["found"] += 1
            else:
                missed.append({"story": name, "fact": exp["text"], "given": sorted({f.status for f in hits})})
            for f in hits:
                stats[f.status]["given"] += 1
                stats[f.status]["correct"] += f.status == exp["status"]
        for f in facts:
            if id(f) not in matched_facts and f.status != "single-source":
                unlisted.append({"story": name, "status": f.status, "text": f.text})
    per_status = {
        s: {
            **v,
            "recall": round(v["found"] / v["expected"], 3) if v["expected"] else None,
            "precision": round(v["correct"] / v["given"], 3) if v["given"] else None,
        }
        for s, v in stats.items()
    }
    return {"per_status": per_status, "missed": missed, "unlisted": unlisted}
