"""CoNLL files for named entities: read them, tag them, and score a tagger on them.

A CoNLL NER file here has one ``token TAG`` per line and a blank line between sentences.
Extra columns are tolerated (the first column is the token, the last one the tag), so
files written by :func:`tag_conll_file` (``token gold predicted``) can be read back.

Scoring is exact-span, CoNLL style (conlleval): a predicted entity counts only when its
type and both of its boundaries match a gold entity. Tags may be IOB1 or IOB2, and the
corpus spellings of the types are mapped to marsad's (``PERS`` → ``PER``, ``MIS1`` →
``MISC``, ...); see :func:`canonical_type`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.entities.tagger import EntityTagger

__all__ = [
    "canonical_tag",
    "canonical_type",
    "evaluate_conll_file",
    "read_conll",
    "score_spans",
    "spans_from_tags",
    "tag_conll_file",
    "tag_in_windows",
]

# Corpus spellings of entity types → marsad's types. Anything unknown is kept
# upper-cased, so scores for other types still show up in the report.
_TYPE_ALIASES = {
    "PER": "PER",
    "PERS": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "GPE",
    "MISC": "MISC",
    "MIS": "MISC",
    "MIS0": "MISC",
    "MIS1": "MISC",
    "MIS2": "MISC",
    "MIS3": "MISC",
}


def canonical_type(label: str) -> str:
    """marsad's name for a corpus entity type.

    Example:
        >>> canonical_type("PERS"), canonical_type("mis2"), canonical_type("GPE")
        ('PER', 'MISC', 'GPE')
    """
    upper = label.strip().upper()
    return _TYPE_ALIASES.get(upper, upper)


def canonical_tag(tag: str) -> str:
    """A tag as ``O``, ``B-TYPE`` or ``I-TYPE`` with the type mapped by :func:`canonical_type`.

    Example:
        >>> canonical_tag("B-PERS"), canonical_tag("i-mis1"), canonical_tag("o")
        ('B-PER', 'I-MISC', 'O')
    """
    tag = tag.strip()
    if not tag or tag.upper() == "O" or "-" not in tag:
        return "O"
    prefix, _, label = tag.partition("-")
    prefix = prefix.upper()
    if prefix not in ("B", "I", "E", "S"):
        return "O"
    return f"{prefix}-{canonical_type(label)}"


def read_conll(path: str | Path) -> list[list[tuple[str, str]]]:
    """Sentences of a CoNLL NER file as lists of ``(token, tag)``.

    Blank lines separate sentences; a line with one column is a token tagged ``O``;
    with more than two columns the first is the token and the last the tag. Tags are
    returned as written (use :func:`canonical_tag` to map them).

    Args:
        path: the file (UTF-8).

    Returns:
        The sentences, none of them empty.
    """
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if not fields:
                if current:
                    sentences.append(current)
                    current = []
                continue
            if fields[0] == "-DOCSTART-":
                continue
            tag = fields[-1] if len(fields) > 1 else "O"
            current.append((fields[0], tag))
    if current:
        sentences.append(current)
    return sentences


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` (token offsets, end exclusive) of a tag sequence.

    IOB1 and IOB2 are both read: an ``I-`` tag after ``O`` or after another type opens
    an entity, ``B-`` always does. ``E-``/``S-`` (IOBES) are read too. Types are mapped
    by :func:`canonical_type`.

    Example:
        >>> spans_from_tags(["B-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "I-ORG"])
        [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'LOC'), (5, 6, 'ORG')]
    """
    spans: list[tuple[int, int, str]] = []
    start = -1
    current = ""
    for i, raw in enumerate(tags):
        tag = canonical_tag(raw)
        prefix, _, label = tag.partition("-")
        continues = prefix in ("I", "E") and label == current and start >= 0
        if start >= 0 and not continues:
            spans.append((start, i, current))
            start, current = -1, ""
        if prefix in ("B", "S") or (prefix in ("I", "E") and not continues):
            start, current = i, label
        if prefix in ("E", "S") and start >= 0:
            spans.append((start, i + 1, current))
            start, current = -1, ""
    if start >= 0:
        spans.append((start, len(tags), current))
    return spans


def score_spans(
    gold: Iterable[Sequence[str]],
    predicted: Iterable[Sequence[str]],
    types: Sequence[str] | None = None,
    fold: dict[str, str] | None = None,
) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1, per type and overall (CoNLL style).

    Args:
        gold: gold tag sequences, one per sentence.
        predicted: predicted tag sequences, aligned with ``gold``.
        types: the types that count; None counts every type seen in either side.
        fold: types renamed before scoring on both sides, e.g. ``{"GPE": "LOC"}`` to
            score a tagger that emits GPE against a corpus that only has LOC.

    Returns:
        ``{"overall": {"precision", "recall", "f1", "support"}, TYPE: {...}, ...}``
        where ``support`` is the number of gold entities.
    """
    fold = fold or {}
    gold_sets: dict[str, set[tuple[int, int, int]]] = {}
    pred_sets: dict[str, set[tuple[int, int, int]]] = {}
    for n, (gold_tags, pred_tags) in enumerate(zip(gold, predicted, strict=True)):
        if len(gold_tags) != len(pred_tags):
            raise ValueError(f"sentence {n}: {len(gold_tags)} gold tags but {len(pred_tags)} predicted")
        for side, tags in ((gold_sets, gold_tags), (pred_sets, pred_tags)):
            for start, end, label in spans_from_tags(tags):
                label = fold.get(label, label)
                side.setdefault(label, set()).add((n, start, end))
    labels = sorted(set(gold_sets) | set(pred_sets)) if types is None else list(types)
    report: dict[str, dict[str, float]] = {}
    total_gold = total_pred = total_hit = 0
    for label in labels:
        gold_spans = gold_sets.get(label, set())
        pred_spans = pred_sets.get(label, set())
        hit = len(gold_spans & pred_spans)
        report[label] = _prf(hit, len(pred_spans), len(gold_spans))
        total_gold += len(gold_spans)
        total_pred += len(pred_spans)
        total_hit += hit
    return {"overall": _prf(total_hit, total_pred, total_gold), **report}


def _prf(hit: int, predicted: int, gold: int) -> dict[str, float]:
    precision = hit / predicted if predicted else 0.0
    recall = hit / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": gold}


def tag_in_windows(
    tagger: EntityTagger,
    sentences: Sequence[list[str]],
    sentences_per_document: int = 20,
    context_sentences: int = 20,
) -> list[list[str]]:
    """Tag a long run of sentences without document marks, window by window.

    Each window of ``sentences_per_document`` sentences is tagged as one document
    together with the ``context_sentences`` before it (whose own tags are dropped), so
    a name spelt out just before a window's start still makes its later mentions
    consistent.
    """
    predicted: list[list[str]] = []
    for first in range(0, len(sentences), sentences_per_document):
        before = max(0, first - context_sentences)
        window = list(sentences[before : first + sentences_per_document])
        predicted.extend(tagger.tag_sentences(window)[first - before :])
    return predicted


def _predict_file(
    path: str | Path, tagger: EntityTagger, sentences_per_document: int
) -> tuple[list[list[tuple[str, str]]], list[list[str]]]:
    sentences = read_conll(path)
    tokens = [[token for token, _ in sentence] for sentence in sentences]
    return sentences, tag_in_windows(tagger, tokens, sentences_per_document)


def tag_conll_file(path: str | Path, tagger: EntityTagger, sentences_per_document: int = 20) -> Iterator[str]:
    """Tag a CoNLL file with its own (gold) tokenisation.

    CoNLL files rarely mark documents, so consecutive windows of
    ``sentences_per_document`` sentences are tagged as documents, each with the window
    before it as context (see :func:`tag_in_windows`).

    Yields:
        ``token gold predicted`` lines, and an empty string between sentences.
    """
    sentences, predicted = _predict_file(path, tagger, sentences_per_document)
    for n, (sentence, tags) in enumerate(zip(sentences, predicted, strict=True)):
        if n:
            yield ""
        for (token, gold), tag in zip(sentence, tags, strict=True):
            yield f"{token} {gold} {tag}"


def evaluate_conll_file(
    path: str | Path,
    tagger: EntityTagger,
    types: Sequence[str] | None = None,
    sentences_per_document: int = 20,
) -> dict[str, dict[str, float]]:
    """Score ``tagger`` on a gold CoNLL file (exact span, CoNLL style).

    The tagger's GPE is folded into LOC when the file has no GPE tag (ANERcorp and
    AQMAR label countries and cities LOC).

    Args:
        path: the gold file.
        tagger: the tagger to score.
        types: the types in the overall score; None for PER, LOC, ORG, and GPE too
            when the file has GPE tags (MISC is left out: corpora disagree on it).
        sentences_per_document: sentences tagged together as one document.

    Returns:
        ``{"overall": {"precision", "recall", "f1", "support"}, "PER": {...}, ...}``.
    """
    sentences, predicted = _predict_file(path, tagger, sentences_per_document)
    gold = [[tag for _, tag in s] for s in sentences]
    has_gpe = any(canonical_tag(tag).endswith("-GPE") for tags in gold for tag in tags)
    if types is None:
        types = ("PER", "LOC", "ORG", "GPE") if has_gpe else ("PER", "LOC", "ORG")
    fold = None if has_gpe else {"GPE": "LOC"}
    return score_spans(gold, predicted, types=types, fold=fold)
