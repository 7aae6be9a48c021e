"""Publication dates from metadata, URL and text, with source and confidence."""

import pytest

from marsad.temporal import infer_publication_date
from marsad.temporal.publication import parse_date_string


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2025-02-27", "2025-02-27"),
        ("2025-02-27T10:15:00Z", "2025-02-27T10:15:00+00:00"),
        ("2025-02-27T10:15:00.000+03:00", "2025-02-27T10:15:00+03:00"),
        ("Thu, 27 Feb 2025 10:15:00 GMT", "2025-02-27T10:15:00+00:00"),
        ("27/02/2025", "2025-02-27"),
        ("2025/02/27", "2025-02-27"),
        ("20250227", "2025-02-27"),
        ("February 27, 2025", "2025-02-27"),
        ("27 Feb 2025", "2025-02-27"),
        ("الخميس 27 فبراير 2025", "2025-02-27"),
        ("٢٧/٠٢/٢٠٢٥", "2025-02-27"),
        ("1740651300", "2025-02-27T10:15:00+00:00"),
    ],
)
def test_metadata_formats(raw, value):
    assert parse_date_string(raw) == value


@pytest.mark.parametrize("raw", ["", "منذ ساعتين", "أمس", "2025-13-01", "31/02/2025", "غير معروف"])
def test_unreadable_metadata_gives_nothing(raw):
    assert parse_date_string(raw) is None


@pytest.mark.parametrize(
    ("url", "value", "confidence"),
    [
        ("https://example.net/ar/middle-east/2018/05/08/talks-resume", "2018-05-08", 0.85),
        ("https://example.net/news/2018-05-08-talks", "2018-05-08", 0.8),
        ("https://example.net/ar/20180508-محادثات-جديدة", "2018-05-08", 0.75),
        ("https://example.net/archive/2018/05/", "2018-05", 0.6),
    ],
)
def test_url_shapes(url, value, confidence):
    assert infer_publication_date(url=url) == type(infer_publication_date(url=url))(value, "url", confidence)


def test_urls_without_dates():
    assert infer_publication_date(url="https://example.net/middle-east/1168841").value is None
    assert infer_publication_date(url="https://example.net/a/2018/13/45/x").value is None


def test_metadata_wins_and_agreement_raises_confidence():
    both = infer_publication_date(metadata="2018-05-08", url="https://example.net/2018/05/08/x")
    assert (both.value, both.source) == ("2018-05-08", "metadata")
    assert both.confidence > infer_publication_date(metadata="2018-05-08").confidence
    fallback = infer_publication_date(metadata="غير معروف", url="https://example.net/2018/05/08/x")
    assert (fallback.value, fallback.source) == ("2018-05-08", "url")


def test_text_dateline():
    marked = infer_publication_date(text="دبي - تاريخ النشر: 18 فبراير 2025\nقال الوزير إن …")
    assert (marked.value, marked.source, marked.confidence) == ("2025-02-18", "text", 0.75)
    line = infer_publication_date(text="الثلاثاء 18 فبراير 2025\nقال الوزير إن الجولة انتهت")
    assert (line.value, line.source) == ("2025-02-18", "text")


def test_dates_inside_sentences_are_not_datelines():
    story = "قال الوزير إن الحرب اندلعت في 24 فبراير 2022 وإن المفاوضات مستمرة"
    assert infer_publication_date(text=story) == type(infer_publication_date(text=story))(None, "none", 0.0)
    assert infer_publication_date().value is None


def test_dateline_with_diacritics_is_read() -> None:
    from marsad.temporal import infer_publication_date

    assert infer_publication_date(text="نُشِر في: 2025-03-11 | 09:40\nاندلع حريق في المستودع").value == "2025-03-11"
