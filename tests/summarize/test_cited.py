"""The cited extractive summary on an invented story, the examples and the seeds."""

from __future__ import annotations

import pytest

from marsad.config import SummarySettings
from marsad.facts import compose_facts
from marsad.summarize import summarize_story, supports
from tests.facts.helpers import build_article, story_of

A = (
    "المرفأ (وكالة الساحل) – أعلنت هيئة الموانئ مساء أمس الثلاثاء إغلاق مرفأ المدينة أمام السفن التجارية بسبب عاصفة رملية قوية.\n"
    "وقال مدير الهيئة نبيل حداد إن الإغلاق سيستمر 48 ساعة على الأقل حفاظاً على سلامة البحارة.\n"
    "وأضاف: «لن نسمح بدخول أي سفينة قبل أن تهدأ الرياح».\n"
    "أرقام الحركة\n"
    "ويستقبل المرفأ عادة نحو 60 سفينة في الأسبوع، معظمها من سفن الحاويات القادمة من الموانئ المجاورة.\n"
    "وحذرت الأرصاد الجوية من رياح تتجاوز سرعتها 70 كيلومتراً في الساعة على طول الساحل الشمالي.\n"
    "ويذكر أن نادي المدينة لكرة القدم تعادل أمس مع ضيفه بهدفين لمثلهما في الدوري المحلي."
)
B = (
    "أغلقت هيئة الموانئ مرفأ المدينة أمام السفن التجارية مساء الثلاثاء بسبب عاصفة رملية قوية ضربت الساحل.\n"
    "وقال مدير الهيئة نبيل حداد إن الإغلاق سيستمر 48 ساعة على الأقل.\n"
    "وأوضحت مصادر ملاحية أن عشر سفن تنتظر في عرض البحر قرب المرفأ حتى تحسن الأحوال الجوية.\n"
    "وتسببت العاصفة في إلغاء رحلات العبارات بين المدينة والجزر القريبة طوال يوم الأربعاء."
)
NAMES = [("نبيل حداد", "PER", "e-nabil")]


@pytest.fixture(scope="module")
def port() -> tuple:
    a = build_article(
        "a", A, outlet="وكالة الساحل", published="2024-11-06T07:00:00+00:00", names=NAMES, offtopic_from="ويذكر"
    )
    a.removed = []
    copy = build_article(
        "a2",
        A,
        outlet="صحيفة الشاطئ",
        published="2024-11-06T08:00:00+00:00",
        names=NAMES,
        duplicate_of="a",
        offtopic_from="ويذكر",
    )
    b = build_article("b", B, outlet="قناة البحر", published="2024-11-06T12:00:00+00:00", names=NAMES)
    story, articles = story_of(a, copy, b, title="إغلاق مرفأ المدينة بسبب عاصفة رملية")
    facts = compose_facts(story, articles)
    return story, articles, facts


def test_budget_and_span_sources(port: tuple) -> None:
    story, articles, facts = port
    summary = summarize_story(story, articles, SummarySettings(), facts)
    assert 3 <= len(summary) <= 6
    assert sum(len(s.text.split()) for s in summary) <= 120
    for s in summary:
        assert s.source is not None and articles[s.source.article].text[s.source.start : s.source.end] == s.text
        assert s.citations[0] in ("a", "b") and s.source.article in s.citations
        assert all(supports(s.text, articles[c], published=articles[s.source.article].published) for c in s.citations)


def test_no_heading_no_dateline_no_tail_no_orphan_quote(port: tuple) -> None:
    story, articles, facts = port
    text = " ".join(s.text for s in summarize_story(story, articles, SummarySettings(), facts))
    assert "أرقام الحركة" not in text  # an intertitle
    assert "(وكالة الساحل)" not in text  # the agency dateline is cut off
    assert "نادي المدينة" not in text  # the glued sports tail
    assert "لن نسمح بدخول" not in text  # its speaker is in the sentence before


def test_a_sentence_both_outlets_say_cites_both_and_the_copy(port: tuple) -> None:
    story, articles, facts = port
    summary = summarize_story(story, articles, SummarySettings(), facts)
    closing = [s for s in summary if "48 ساعة" in s.text]
    assert closing and set(closing[0].citations) == {"a", "a2", "b"}
    only_b = [s for s in summary if "العبارات" in s.text]
    assert all(s.citations == ["b"] for s in only_b)


def test_smaller_budget(port: tuple) -> None:
    story, articles, facts = port
    summary = summarize_story(story, articles, SummarySettings(max_sentences=3, min_sentences=2, max_words=45), facts)
    assert 2 <= len(summary) <= 3 and sum(len(s.text.split()) for s in summary) <= 45


def test_examples_summaries_are_supported(examples_store: tuple) -> None:
    articles, stories = examples_store
    for story in stories:
        facts = compose_facts(story, articles)
        summary = summarize_story(story, articles, SummarySettings(), facts)
        assert summary
        assert sum(len(s.text.split()) for s in summary) <= 120
        for s in summary:
            published = articles[s.source.article].published
            assert all(supports(s.text, articles[c], published=published) for c in s.citations)
            for word in ("منتخب", "31-27", "رامي الخطيب"):
                assert word not in s.text


def test_seed_000_summary_keeps_to_its_story(seeds_store: tuple) -> None:
    articles, stories = seeds_store
    story = next(s for s in stories if "seed-000" in s.articles)
    summary = summarize_story(story, articles, SummarySettings(), compose_facts(story, articles))
    assert len(summary) >= 3
    text = " ".join(s.text for s in summary)
    assert "صيني" not in text and "زيلينسكي" not in text
