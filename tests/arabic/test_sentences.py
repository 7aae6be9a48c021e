from marsad.arabic.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_quotes_stay_whole() -> None:
    text = "وقال المتحدث: «سنعقد الاجتماع. ثم نرى النتائج». وأضاف أن الوفد وصل مساءً."
    assert _texts(text) == ["وقال المتحدث: «سنعقد الاجتماع. ثم نرى النتائج».", "وأضاف أن الوفد وصل مساءً."]


def test_arabic_comma_and_decimal_point_do_not_split() -> None:
    text = "استمرت المحادثات 4.5 ساعة، ثم انتهت، وفق المصدر. وغادر الوفد."
    assert _texts(text) == ["استمرت المحادثات 4.5 ساعة، ثم انتهت، وفق المصدر.", "وغادر الوفد."]


def test_one_letter_abbreviation_does_not_end_a_sentence() -> None:
    text = "قال د. سامر الحلبي إن الوضع مستقر. وأكد ذلك م. رنا."
    assert _texts(text) == ["قال د. سامر الحلبي إن الوضع مستقر.", "وأكد ذلك م. رنا."]


def test_question_mark_and_paragraphs() -> None:
    text = "هل انتهت الأزمة؟ لا أحد يعرف.\n\nعنوان فرعي\nفقرة جديدة هنا"
    sentences = split_sentences(text)
    assert [text[s.start : s.end] for s in sentences] == ["هل انتهت الأزمة؟", "لا أحد يعرف.", "عنوان فرعي", "فقرة جديدة هنا"]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 2]
