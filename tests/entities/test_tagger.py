"""The packaged entity tagger on invented news sentences, and on the seeds when present."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from marsad.arabic.tokens import tokenize
from marsad.entities import EntityTagger, default_tagger
from marsad.entities.conll import spans_from_tags
from marsad.entities.gazetteer import normalize_token, proclitic_readings
from marsad.model import Mention

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return default_tagger()


def entities(tagger: EntityTagger, sentence: str) -> list[tuple[str, str]]:
    tokens = tokenize(sentence)
    tags = tagger.tag(tokens)
    return [(" ".join(tokens[s:e]), label) for s, e, label in spans_from_tags(tags)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Lines cut after . ! ؟ — enough for tests (marsad's sentence splitter is elsewhere)."""
    return [m.span() for m in re.finditer(r"[^\n.!؟]+[.!؟]?", text) if m.group().strip()]


# Invented sentences in the style of the seeds (none is copied from them).
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "وقال المتحدث باسم الكرملين دميتري بيسكوف إن الاجتماع المقبل سيعقد في إسطنبول .",
            [("الكرملين", "ORG"), ("دميتري بيسكوف", "PER"), ("إسطنبول", "GPE")],
        ),
        (
            "أكد وزير الخارجية الروسي سيرغي لافروف أن موسكو مستعدة لمواصلة الحوار مع واشنطن .",
            [("سيرغي لافروف", "PER"), ("موسكو", "GPE"), ("واشنطن", "GPE")],
        ),
        (
            "وأعلنت وزارة الخارجية الأميركية أن الرئيس ترمب سيلتقي نظيره في اسطنبول الشهر المقبل .",
            [("وزارة الخارجية الأميركية", "ORG"), ("ترمب", "PER"), ("اسطنبول", "GPE")],
        ),
        (
            "ورحب الرئيس الأمريكي دونالد ترامب بنتائج المحادثات التي جرت في الرياض .",
            [("دونالد ترامب", "PER"), ("الرياض", "GPE")],
        ),
    ],
)
def test_tags_invented_news_sentences(tagger: EntityTagger, sentence: str, expected: list[tuple[str, str]]) -> None:
    assert entities(tagger, sentence) == expected


def test_tag_returns_one_iob2_tag_per_token(tagger: EntityTagger) -> None:
    tokens = ["قال", "سيرغي", "لافروف", "في", "موسكو"]
    assert tagger.tag(tokens) == ["O", "B-PER", "I-PER", "O", "B-GPE"]
    assert tagger.tag([]) == []


def test_document_consistency_tags_a_surname_alone(tagger: EntityTagger) -> None:
    document = [
        tokenize("وقال نائب وزير الخارجية الروسي سيرغي ريابكوف إن المحادثات كانت عملية ."),
        tokenize("وأضاف ريابكوف أن الجولة المقبلة ستعقد قريبا ."),
    ]
    tags = tagger.tag_sentences(document)
    assert tags[0][5:7] == ["B-PER", "I-PER"]
    assert tags[1][1] == "B-PER"


def test_find_mentions_gives_character_spans_without_proclitics(tagger: EntityTagger) -> None:
    text = (
        "التقى المبعوث الأميركي ستيف ويتكوف مسؤولين روسا في إسطنبول.\n"
        "وقال بيسكوف إن والولايات المتحدة وروسيا اتفقتا على جولة ثانية. وبيسكوف متفائل."
    )
    mentions = tagger.find_mentions(text, sentence_spans(text))
    assert all(m.text == text[m.start : m.end] for m in mentions)
    assert mentions == sorted(mentions, key=lambda m: (m.start, m.end))
    found = [(m.text, m.label) for m in mentions]
    assert ("ستيف ويتكوف", "PER") in found
    assert ("إسطنبول", "GPE") in found
    assert ("الولايات المتحدة", "GPE") in found
    assert ("بيسكوف", "PER") in found
    last = mentions[-1]
    assert (last.text, last.label) == ("بيسكوف", "PER")
    assert text[last.start - 1] == "و"  # the conjunction of «وبيسكوف» is left out
    assert isinstance(last, Mention)


def test_proclitic_length(tagger: EntityTagger) -> None:
    assert tagger.proclitic_length("وبيسكوف") == 1
    assert tagger.proclitic_length("والولايات") == 1
    assert tagger.proclitic_length("بيروت") == 0
    assert tagger.proclitic_length("لافروف") == 0


def test_default_tagger_is_cached() -> None:
    assert default_tagger() is default_tagger()


def test_tagging_is_deterministic(tagger: EntityTagger) -> None:
    tokens = tokenize("وصل سيرغي لافروف إلى أنقرة قادما من بكين .")
    fresh = EntityTagger.load()
    assert fresh.tag(tokens) == tagger.tag(tokens)


# Names the seeds spell in more than one way; each must be found with its type.
SEED_NAMES = {
    "ترمب": "PER",
    "ترامب": "PER",
    "لافروف": "PER",
    "ريابكوف": "PER",
    "بيسكوف": "PER",
    "إسطنبول": "GPE",
    "اسطنبول": "GPE",
}


@pytest.mark.shared
def test_finds_the_seed_names(tagger: EntityTagger) -> None:
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not paths:
        pytest.skip("../shared/seeds is not beside the checkout")
    wanted = {normalize_token(name): (name, label) for name, label in SEED_NAMES.items()}
    seen: dict[str, int] = {}
    tagged: dict[str, int] = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for mention in tagger.find_mentions(text, sentence_spans(text)):
            for word in tokenize(mention.text):
                for name, label in SEED_NAMES.items():
                    if word == name and mention.label == label:
                        tagged[name] = tagged.get(name, 0) + 1
        for word in tokenize(text):
            for _, bare in proclitic_readings(normalize_token(word)):
                if bare in wanted and word.endswith(wanted[bare][0][1:]):
                    seen[wanted[bare][0]] = seen.get(wanted[bare][0], 0) + 1
                    break
    for name in SEED_NAMES:
        assert tagged.get(name, 0) >= 1, f"{name} never tagged {SEED_NAMES[name]}"
    # Nearly every occurrence is found, not only one.
    assert sum(tagged.values()) >= 0.9 * sum(seen.get(n, 0) for n in SEED_NAMES)


def test_marsad_conventions_where_anercorp_differs() -> None:
    tagger = EntityTagger.load()
    sentence = "وقالت وزارة الدفاع الروسية إن المتحدث باسم البيت الأبيض لم يعلق على التقرير ."
    found = entities(tagger, sentence)
    assert ("وزارة الدفاع الروسية", "ORG") in found
    assert ("البيت الأبيض", "ORG") in found
    tagger.marsad_conventions = False  # ANERcorp's own convention
    found = entities(tagger, sentence)
    assert ("وزارة الدفاع الروسية", "ORG") not in found
    assert ("البيت الأبيض", "ORG") not in found


@pytest.mark.shared
def test_anercorp_held_out_score_does_not_regress() -> None:
    """An eval gate: the packaged model on the fixed ANERcorp split (docs/ner.md).

    It also catches drift between training and tagging, e.g. a change to marsad's
    normalisation or clitic stripping that the model was not retrained for.
    """
    script = Path(__file__).resolve().parents[2] / "scripts" / "train_ner.py"
    if not (SEEDS.parent / "data" / "ner" / "anercorp.txt").exists():
        pytest.skip("../shared/data is not beside the checkout")
    spec = importlib.util.spec_from_file_location("train_ner", script)
    assert spec is not None and spec.loader is not None
    train_ner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_ner)
    tokens, repairs = train_ner.read_anercorp()
    assert len(repairs) == 27
    _, test = train_ner.split_anercorp(train_ner.split_sentences(tokens))
    assert sum(len(s) for s in test) == 29_704
    scores = train_ner.evaluate(default_tagger(), [train_ner.canonical(test)])
    assert scores["overall"]["f1"] >= 0.75
    assert scores["PER"]["f1"] >= 0.73
    assert scores["LOC"]["f1"] >= 0.84
    assert scores["ORG"]["f1"] >= 0.59
