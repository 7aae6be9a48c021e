"""Duckling gold parsing, and the score on Duckling's Arabic corpus (needs ../shared)."""

from datetime import datetime
from pathlib import Path

import pytest

from marsad.temporal import evaluate_duckling
from marsad.temporal.evaluate import parse_gold

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "temporal" / "duckling_ar_time.json"


def test_parse_gold_forms():
    g = parse_gold("datetime (2013, 2, 12, 4, 30, 0) Second)")
    assert (g.start, g.end, g.grain) == (datetime(2013, 2, 12, 4, 30), None, "second")
    g = parse_gold("datetimeInterval ((2013, 7, 13, 0, 0, 0), (2013, 7, 16, 0, 0, 0)) Day)")
    assert (g.start.day, g.end.day, g.grain) == (13, 16, "day")
    g = parse_gold('datetimeHoliday (2013, 8, 8, 0, 0, 0) Day "عيد الفطر")')
    assert (g.start, g.grain) == (datetime(2013, 8, 8), "day")
    with pytest.raises(ValueError):
        parse_gold("nonsense")


@pytest.mark.shared
def test_duckling_accuracy():
    if not CORPUS.exists():
        pytest.skip("../shared/data/temporal not present")
    report = evaluate_duckling(CORPUS)
    assert report["total"] == 173
    assert report["accuracy"] >= 0.97, report["misses"]
    assert report["correct"] + len(report["misses"]) == report["total"]
