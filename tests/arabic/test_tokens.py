import pytest

from marsad.arabic.tokens import lemma, segment_word, token_spans, word_key


def test_token_spans_cover_words_numbers_and_punctuation() -> None:
    text = "أعلن الوزير، الثلاثاء، أن الحريق استمر 4.5 ساعة (تقريباً)."
    tokens = [text[s:e] for s, e in token_spans(text)]
    assert tokens == ["أعلن", "الوزير", "،", "الثلاثاء", "،", "أن", "الحريق", "استمر", "4.5", "ساعة", "(", "تقريباً", ")", "."]


def test_diacritics_and_tatweel_stay_inside_the_word() -> None:
    text = "مواطنَين صينيـين"
    assert [text[s:e] for s, e in token_spans(text)] == ["مواطنَين", "صينيـين"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [("وبيسكوف", "بيسكوف"), ("واشنطن", "واشنطن"), ("وواشنطن", "واشنطن"), ("للبنان", "لبنان"), ("وزير", "وزير")],
)
def test_clitics_come_off_only_when_the_corpus_says_so(word: str, stem: str) -> None:
    assert segment_word(word)[1] == stem


@pytest.mark.parametrize(
    ("a", "b"),
    [("المحادثات", "محادثة"), ("سفارتها", "السفارة"), ("للمفاوضات", "مفاوضة"), ("والاجتماع", "اجتماع")],
)
def test_inflected_forms_share_a_lemma(a: str, b: str) -> None:
    assert lemma(a) == lemma(b)


@pytest.mark.parametrize(("a", "b"), [("وترامب", "ترمب"), ("بالأمريكي", "الأميركي"), ("والكرملين", "الكرملين")])
def test_name_keys_survive_clitics_and_spelling(a: str, b: str) -> None:
    assert word_key(a) == word_key(b)


def test_name_keys_do_not_merge_different_names() -> None:
    assert word_key("لافروف") != word_key("ريابكوف")
    assert word_key("سليمان") != word_key("سليم")
