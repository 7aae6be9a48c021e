"""Scoring the tagger on Duckling's Arabic time corpus.

The corpus (``../shared/data/temporal/duckling_ar_time.json``, BSD, from
facebook/duckling ``Duckling/Time/AR/Corpus.hs``) is a list of phrases, each with a
reference time and a gold value in Duckling's notation::

    datetime (2013, 2, 12, 4, 30, 0) Second)
    datetimeInterval ((2013, 3, 1, 0, 0, 0), (2013, 3, 11, 0, 0, 0)) Day)
    datetimeHoliday (2013, 8, 8, 0, 0, 0) Day "عيد الفطر")

A phrase counts as correct when the longest expression found in it has the gold
grain, the same start once both are truncated to that grain, and, for an interval,
the same (exclusive) end as well. Phrases are resolved with the
:data:`~marsad.temporal.resolve.DUCKLING` policy, Duckling's own convention for what
the words leave open (a bare weekday is the next one); news text uses
:data:`~marsad.temporal.resolve.NEWS`.

Run: ``python -m marsad.temporal.evaluate ../shared/data/temporal/duckling_ar_time.json``
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from marsad.temporal.expressions import parse_expressions
from marsad.temporal.resolve import DUCKLING, Policy, Resolved, _truncate

__all__ = ["GoldValue", "evaluate_duckling", "parse_gold"]

_TUPLE = re.compile(r"\((\d+), (\d+), (\d+), (\d+), (\d+), (\d+)\)")
_GRAIN = re.compile(r"\)\s*(Second|Minute|Hour|Day|Week|Month|Year)\b")


@dataclass(slots=True)
class GoldValue:
    """A Duckling gold value: start, exclusive end for intervals, grain (lower case)."""

    start: datetime
    end: datetime | None
    grain: str


def parse_gold(gold: str) -> GoldValue:
    """Read Duckling's notation.

    Example:
        >>> parse_gold("datetimeInterval ((2013, 3, 1, 0, 0, 0), (2013, 3, 11, 0, 0, 0)) Day)")
        GoldValue(start=datetime.datetime(2013, 3, 1, 0, 0), end=datetime.datetime(2013, 3, 11, 0, 0), grain='day')
    """
    times = [datetime(*map(int, m.groups())) for m in _TUPLE.finditer(gold)]
    grain = _GRAIN.search(gold)
    if not times or grain is None:
        raise ValueError(f"unreadable gold value: {gold!r}")
    return GoldValue(times[0], times[1] if len(times) > 1 else None, grain.group(1).lower())


def _matches(got: Resolved, gold: GoldValue) -> bool:
    if got.start is None or got.grain != gold.grain:
        return False
    if _truncate(got.start, gold.grain) != _truncate(gold.start, gold.grain):
        return False
    if gold.end is None:
        return got.kind != "interval"
    return got.end is not None and got.kind == "interval" and \
        _truncate(got.end, gold.grain) == _truncate(gold.end, gold.grain)  # fmt: skip


def _describe(got: Resolved | None) -> str | None:
    if got is None:
        return None
    text = f"{got.value} ({got.grain})"
    if got.end_value is not None:
        text = f"{got.value} .. {got.end_value} ({got.grain})"
    return text


def evaluate_duckling(path: Path, *, policy: Policy = DUCKLING) -> dict:
    """Accuracy of the tagger on Duckling's Arabic corpus.

    Args:
        path: the corpus JSON (a list of {text, gold, reference_time}).
        policy: what to assume where the words say nothing (Duckling's convention).

    Returns:
        {"total", "correct", "accuracy", "misses": [{"text", "gold", "got"}]}.
    """
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    misses: list[dict[str, str | None]] = []
    correct = 0
    for row in rows:
        gold = parse_gold(row["gold"])
        found = parse_expressions(row["text"], row["reference_time"], policy=policy)
        best = max(found, key=lambda f: (f.end - f.start, -f.start)) if found else None
        got = best.resolved if best else None
        if got is not None and _matches(got, gold):
            correct += 1
        else:
            misses.append({"text": row["text"], "gold": row["gold"], "got": _describe(got)})
    total = len(rows)
    return {
        "total": total,
        "correct": correct,
        "accuracy": correct / total if total else 0.0,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    default = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "temporal"
    path = Path(args[0]) if args else default / "duckling_ar_time.json"
    report = evaluate_duckling(path)
    print(f"duckling ar: {report['correct']}/{report['total']} = {report['accuracy']:.1%}")
    for miss in report["misses"]:
        print(f"  miss: {miss['text']!r}  gold={miss['gold']}  got={miss['got']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
