"""The neural entity tagger (numpy inference of the packaged network) on invented sentences."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from marsad.arabic.tokens import tokenize
from marsad.entities import EntityTagger, default_tagger
from marsad.entities.conll import spans_from_tags
from marsad.entities.neural import NeuralTagger, WordVectors, default_neural_tagger

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture(scope="module")
def tagger() -> NeuralTagger:
    return default_neural_tagger()


def entities(tagger: EntityTagger, sentence: str) -> list[tuple[str, str]]:
    tokens = tokenize(sentence)
    return [(" ".join(tokens[s:e]), label) for s, e, label in spans_from_tags(tagger.tag(tokens))]


# Invented sentences (none is copied from the corpora or the seeds).
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
            "ورحب الرئيس الأمريكي دونالد ترامب بنتائج المحادثات التي جرت في الرياض .",
            [("دونالد ترامب", "PER"), ("الرياض", "GPE")],
        ),
    ],
)
def test_tags_invented_news_sentences(tagger: NeuralTagger, sentence: str, expected: list[tuple[str, str]]) -> None:
    assert entities(tagger, sentence) == expected


def test_network_alone_finds_the_names(tagger: NeuralTagger) -> None:
    alone = NeuralTagger.load()
    alone.crf_weight = 0.0
    found = entities(alone, "قال سيرغي لافروف في موسكو إن الحوار مع واشنطن مستمر .")
    assert ("سيرغي لافروف", "PER") in found
    assert ("موسكو", "GPE") in found


def test_word_vectors_fall_back_to_a_reading_without_the_proclitic() -> None:
    vectors = WordVectors.read()
    row, how = vectors.find("لافروف")
    assert how == "w"
    assert vectors.find("فلافروف") == (row, "p")  # ف + لافروف, a form the corpus lacks
    unknown, how = vectors.find("زززقققش")
    assert how == "-"
    assert not vectors.matrix[unknown].any()
    # Neighbours in the vector space: another capital is closer to Moscow than a verb is.
    moscow, washington, said = (vectors.matrix[vectors.find(w)[0]] for w in ("موسكو", "واشنطن", "قال"))
    assert moscow @ washington > moscow @ said


def test_a_sentence_scores_alike_alone_and_inside_a_document(tagger: NeuralTagger) -> None:
    first = tokenize("وصل المبعوث إلى العاصمة صباح اليوم .")
    middle = tokenize("وقال سيرغي ريابكوف إن المحادثات كانت صعبة .")
    last = tokenize("ومن المنتظر أن تستأنف الجولة المقبلة في الرياض .")
    for weight in (0.0, tagger.crf_weight):
        tagger.crf_weight = weight
        alone = tagger._emissions([middle])[0]
        inside = tagger._emissions([first, middle, last])[1]
        np.testing.assert_allclose(alone, inside, rtol=1e-5, atol=1e-4)


def test_character_features_do_not_depend_on_the_batch(tagger: NeuralTagger) -> None:
    features, network = tagger._features, tagger._network
    short = features.word_input("بيسكوف")
    long = features.word_input("والاستراتيجيات")
    alone = network.word_rows([short], tagger._vectors)
    batched = network.word_rows([long, short], tagger._vectors)
    np.testing.assert_allclose(alone[0], batched[1], rtol=1e-5, atol=1e-5)


def test_crf_weight_sets_the_transitions(tagger: NeuralTagger) -> None:
    fresh = NeuralTagger.load()
    crf = EntityTagger.load()
    fresh.crf_weight = 0.0
    np.testing.assert_allclose(fresh._model.transitions, fresh._network.transitions)
    fresh.crf_weight = 0.5
    np.testing.assert_allclose(fresh._model.transitions, fresh._network.transitions + 0.5 * crf._model.transitions)
    assert fresh.labels == crf.labels


def test_document_consistency_is_the_crf_taggers(tagger: NeuralTagger) -> None:
    document = [
        tokenize("وقال نائب وزير الخارجية الروسي سيرغي ريابكوف إن المحادثات كانت عملية ."),
        tokenize("وأضاف ريابكوف أن الجولة المقبلة ستعقد قريبا ."),
    ]
    tags = tagger.tag_sentences(document)
    assert tags[0][5:7] == ["B-PER", "I-PER"]
    assert tags[1][1] == "B-PER"


def test_find_mentions_leaves_the_conjunction_out(tagger: NeuralTagger) -> None:
    text = "وصل ستيف ويتكوف إلى موسكو. وقال ويتكوف إن اللقاء كان مثمرا."
    mentions = tagger.find_mentions(text, [(0, 26), (27, len(text))])
    found = [(m.text, m.label) for m in mentions]
    assert ("ستيف ويتكوف", "PER") in found
    assert ("موسكو", "GPE") in found
    assert ("ويتكوف", "PER") in found
    assert all(m.text == text[m.start : m.end] for m in mentions)


def test_default_tagger_is_the_neural_one() -> None:
    assert isinstance(default_tagger(), NeuralTagger)
    assert type(EntityTagger.load()) is EntityTagger  # the CRF stays loadable


@pytest.mark.shared
def test_anercorp_held_out_score_does_not_regress(tagger: NeuralTagger) -> None:
    """An eval gate for the packaged neural tagger on the fixed ANERcorp split (docs/ner.md)."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "train_ner.py"
    if not (SHARED / "data" / "ner" / "anercorp.txt").exists():
        pytest.skip("../shared/data is not beside the checkout")
    spec = importlib.util.spec_from_file_location("train_ner", script)
    assert spec is not None and spec.loader is not None
    train_ner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_ner)
    tokens, _ = train_ner.read_anercorp()
    _, test = train_ner.split_anercorp(train_ner.split_sentences(tokens))
    scores = train_ner.evaluate(NeuralTagger.load(), [train_ner.canonical(test)])
    assert scores["overall"]["f1"] >= 0.75


def test_a_word_that_normalises_to_nothing_is_tagged_alone_and_in_company() -> None:
    from marsad.entities import default_tagger

    tagger = default_tagger()
    for token in ("\u0640", "\u064b", "\u200f", "\ufeff"):
        assert tagger.tag([token]) == ["O"], repr(token)
    assert tagger.tag(["\u0640", "قال", "سيرغي", "لافروف"])[2:] == ["B-PER", "I-PER"]


def test_a_full_word_cache_is_emptied_without_changing_tags(monkeypatch) -> None:
    from marsad.entities import neural
    from marsad.entities.neural import NeuralTagger

    sentences = [
        ["قال", "وزير", "الخارجية", "سيرغي", "لافروف", "في", "موسكو", "إن", "الجولة", "انتهت"],
        ["وأكد", "الرئيس", "دونالد", "ترامب", "من", "واشنطن", "أن", "المحادثات", "مستمرة"],
    ]
    expected = NeuralTagger.load().tag_sentences(sentences)
    monkeypatch.setattr(neural, "NEURAL_CACHE_WORDS", 5)
    tagger = NeuralTagger.load()
    for _ in range(3):  # every call overflows the cache and refills it
        assert tagger.tag_sentences(sentences) == expected
    assert len(tagger._neural_index) <= 20
    assert expected[0][3:5] == ["B-PER", "I-PER"] and expected[1][2:4] == ["B-PER", "I-PER"]
