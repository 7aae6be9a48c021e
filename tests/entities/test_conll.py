"""CoNLL reading, span decoding and exact-span scoring (conlleval semantics)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.entities.conll import (
    canonical_tag,
    evaluate_conll_file,
    read_conll,
    score_spans,
    spans_from_tags,
    tag_conll_file,
)
from marsad.entities.tagger import default_tagger

# Invented sentences, written for these tests.
CONLL_TEXT = """\
قال B-NONE O
سيرغي B-PERS
لافروف I-PERS
في O
موسكو B-LOC
. O

وأعلنت O
الأمم B-ORG
المتحدة I-ORG
أن O
المبعوث O
وصل O
إلى O
دمشق B-LOC
"""


@pytest.fixture
def conll_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.conll"
    path.write_text(CONLL_TEXT, encoding="utf-8")
    return path


def test_read_conll_takes_first_and_last_columns(conll_file: Path) -> None:
    sentences = read_conll(conll_file)
    assert [len(s) for s in sentences] == [6, 8]
    assert sentences[0][0] == ("قال", "O")
    assert sentences[0][1:3] == [("سيرغي", "B-PERS"), ("لافروف", "I-PERS")]
    assert sentences[1][-1] == ("دمشق", "B-LOC")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("B-PERS", "B-PER"), ("I-MIS2", "I-MISC"), ("o", "O"), ("B-GPE", "B-GPE"), ("X", "O")],
)
def test_canonical_tag(tag: str, expected: str) -> None:
    assert canonical_tag(tag) == expected


def test_spans_read_iob1_and_iob2_alike() -> None:
    iob2 = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"]
    iob1 = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-LOC"]
    expected = [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC")]
    assert spans_from_tags(iob2) == expected
    assert spans_from_tags(iob1) == expected
    # A type change inside a run of I- tags starts a new entity.
    assert spans_from_tags(["I-ORG", "I-PER"]) == [(0, 1, "ORG"), (1, 2, "PER")]


def test_score_spans_counts_exact_spans_only() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    predicted = [["B-PER", "O", "O", "B-GPE"], ["B-ORG", "I-ORG", "O"]]
    scores = score_spans(gold, predicted, types=("PER", "LOC", "ORG"), fold={"GPE": "LOC"})
    assert scores["PER"]["precision"] == 0.0 and scores["PER"]["support"] == 1
    assert scores["LOC"]["f1"] == 1.0  # GPE folded into LOC
    assert scores["ORG"]["f1"] == 1.0
    assert scores["overall"]["precision"] == pytest.approx(2 / 3)
    assert scores["overall"]["recall"] == pytest.approx(2 / 3)
    assert scores["overall"]["support"] == 3


def test_score_spans_rejects_misaligned_sentences() -> None:
    with pytest.raises(ValueError, match="sentence 0"):
        score_spans([["O", "O"]], [["O"]])


def test_evaluate_conll_file_with_the_packaged_tagger(conll_file: Path) -> None:
    scores = evaluate_conll_file(conll_file, default_tagger())
    assert set(scores) == {"overall", "PER", "LOC", "ORG"}
    assert scores["overall"]["support"] == 4
    assert scores["PER"]["f1"] == 1.0
    assert scores["LOC"]["f1"] == 1.0  # موسكو and دمشق are GPE for marsad, LOC here
    assert scores["ORG"]["recall"] == 1.0


def test_tag_conll_file_keeps_gold_tokens(conll_file: Path) -> None:
    lines = list(tag_conll_file(conll_file, default_tagger()))
    assert len(lines) == 6 + 1 + 8
    assert lines[6] == ""
    assert lines[1] == "سيرغي B-PERS B-PER"
    assert lines[2] == "لافروف I-PERS I-PER"
    assert lines[4] == "موسكو B-LOC B-GPE"


def test_evaluate_conll_file_scores_gpe_when_the_file_has_it(tmp_path: Path) -> None:
    path = tmp_path / "gpe.conll"
    path.write_text("وصل O\nالوفد O\nإلى O\nأنقرة B-GPE\n.\tO\n", encoding="utf-8")
    scores = evaluate_conll_file(path, default_tagger())
    assert set(scores) == {"overall", "PER", "LOC", "ORG", "GPE"}
    assert scores["GPE"]["f1"] == 1.0
    assert scores["overall"]["support"] == 1
