import json
from pathlib import Path

import pytest

from marsad.cluster.evaluate import bcubed, evaluate_digest, pairwise


def test_bcubed_on_a_small_case() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    # precision: a,b: 2/2; c,d: 1/2 → 0.75. recall: a,b: 2/3; c: 1/3; d: 1/1 → 2/3.
    scores = bcubed(gold, pred)
    assert scores["precision"] == pytest.approx(0.75)
    assert scores["recall"] == pytest.approx(2 / 3, abs=1e-4)


def test_perfect_and_pairwise() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed(gold, gold)["f1"] == 1.0
    assert pairwise(gold, {"a": "x", "b": "y", "c": "z"}) == {"precision": 1.0, "recall": 0.0, "f1": 0.0}


def test_evaluate_digest_reads_a_digest_and_a_gold_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text("docno\tstory\ttopic\na\ts1\tt1\nb\ts1\tt1\nc\ts2\tt1\n", encoding="utf-8")
    digest = tmp_path / "digest.json"
    digest.write_text(
        json.dumps(
            {
                "articles": [{"id": "a", "story": "X"}, {"id": "b", "story": "X"}, {"id": "c", "story": "Y"}],
                "stories": [{"id": "X", "topic": "T"}, {"id": "Y", "topic": "T"}],
            }
        ),
        encoding="utf-8",
    )
    result = evaluate_digest(gold, digest)
    assert result["story"]["bcubed"]["f1"] == 1.0
    assert result["topic"]["bcubed"]["f1"] == 1.0
