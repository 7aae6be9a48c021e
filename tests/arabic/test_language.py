import pytest

from marsad.arabic.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("اندلع حريق في مستودع بالميناء صباح اليوم وهرعت فرق الدفاع المدني إلى المكان", "ar"),
        ("A fire broke out at a warehouse in the port this morning, the civil defence said.", "en"),
        ("Un incendie s'est déclaré ce matin dans un entrepôt du port, selon la protection civile.", "fr"),
        ("آتش‌سوزی در انبار بندر امروز صبح رخ داد و نیروهای امدادی به محل رسیدند و مردم را نجات دادند", "fa"),
    ],
)
def test_languages(text: str, lang: str) -> None:
    assert detect_language(text)[0] == lang


def test_no_letters_no_language() -> None:
    assert detect_language("12345 -- 678") == (None, 0.0)
