"""Reported speech: speakers, verbs and content spans on invented sentences."""

from marsad.facts.quotes import find_quotes, quote_spans
from tests.facts.helpers import build_article


def _quotes(text: str, names=(), offtopic_from: str | None = None) -> list[tuple]:
    a = build_article("q", text, outlet="o", published="2024-06-03", names=names, offtopic_from=offtopic_from)
    return [(q.verb, q.direct, q.speaker, text[q.content_start : q.content_end], q.entity) for q in find_quotes(a)]


def test_direct_quote_after_colon_and_carried_speaker() -> None:
    text = "وقالت وزيرة الصحة ليلى منصور في مؤتمر صحفي: «الوضع تحت السيطرة». وأضافت: «سنفتح مستشفى ميدانياً»."
    got = _quotes(text, names=[("ليلى منصور", "PER", "e-layla")])
    assert got == [
        ("وقالت", True, "وزيرة الصحة ليلى منصور", "الوضع تحت السيطرة", "e-layla"),
        ("وأضافت", True, "وزيرة الصحة ليلى منصور", "سنفتح مستشفى ميدانياً", "e-layla"),
    ]


def test_indirect_quotes_with_complementisers() -> None:
    text = (
        "أكد المتحدث باسم البلدية كمال داود، الأحد، أن أعمال الصيانة ستنتهي قريباً. "
        "وأشار رئيس النقابة إلى أن العمال لم يتقاضوا أجورهم منذ شهرين."
    )
    got = _quotes(text, names=[("كمال داود", "PER", "e-kamal")])
    assert got[0] == ("أكد", False, "المتحدث باسم البلدية كمال داود", "أعمال الصيانة ستنتهي قريباً", "e-kamal")
    assert got[1][:3] == ("وأشار", False, "رئيس النقابة")
    assert got[1][3] == "العمال لم يتقاضوا أجورهم منذ شهرين"


def test_quote_first_then_attribution_and_relayed_speech() -> None:
    text = (
        "«لن نتراجع عن قرارنا»، قال المدير التنفيذي للشركة.\n"
        "ونقلت وكالة الأنباء المحلية عن المحافظ سامي بركات قوله: «المياه ستعود خلال يومين»."
    )
    got = _quotes(text, names=[("سامي بركات", "PER", "e-sami")])
    assert got[0][:4] == ("قال", True, "المدير التنفيذي للشركة", "لن نتراجع عن قرارنا")
    assert got[1] == ("ونقلت", True, "المحافظ سامي بركات", "المياه ستعود خلال يومين", "e-sami")


def test_not_quotes() -> None:
    # «وفق ما أفاد» attributes a report; «عدم ذكر» is a noun; a quoted title is no speech.
    text = "وصل الوفد إلى المدينة، وفق ما أفاد مراسل محلي. وقال أحد السكان، طالباً عدم ذكر اسمه: «لم نر شيئاً كهذا»."
    got = _quotes(text)
    assert got == [("وقال", True, "أحد السكان", "لم نر شيئاً كهذا", None)]


def test_offtopic_sentences_are_not_read() -> None:
    text = "قال الوزير إن الميزانية أقرت. ويذكر أن المدرب قال إن الفريق جاهز للمباراة."
    got = _quotes(text, offtopic_from="ويذكر")
    assert [g[3] for g in got] == ["الميزانية أقرت"]


def test_quote_marks_pairing() -> None:
    text = 'قال: «أ» ثم "ب" و”ج”'
    assert [text[o + 1 : c] for o, c in quote_spans(text)] == ["أ", "ب", "ج"]
