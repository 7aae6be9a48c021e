"""The example corpus's expected facts (examples/expected.json) and its traps."""

from __future__ import annotations

import pytest

from marsad.cluster.signals import Embedder
from marsad.facts import compose_facts
from marsad.facts.evaluate import evaluate_examples
from marsad.model import Article, Fact, Story
from tests.conftest import EXAMPLES


def _story_of(stories: list[Story], articles: dict[str, Article], path: str) -> Story:
    aid = next(a.id for a in articles.values() if a.input.replace("\\", "/").endswith(path))
    return next(s for s in stories if aid in s.articles)


def _id(articles: dict[str, Article], path: str) -> str:
    return next(a.id for a in articles.values() if a.input.replace("\\", "/").endswith(path) or a.id == path)


@pytest.fixture(scope="module")
def composed(examples_store: tuple[dict[str, Article], list[Story]]) -> tuple[dict[str, Article], list[Story]]:
    articles, stories = examples_store
    encoder = Embedder()  # the French report is compared through sentence embeddings
    for story in stories:
        result = compose_facts(story, articles, encoder=encoder)
        story.facts = result.facts
        story.extra.update(result.extra())
    return articles, stories


def _conflicts(story: Story) -> dict[str, dict[str, list[str]]]:
    return {f.attribute or "": f.values for f in story.facts if f.status == "conflicting"}


def test_fire_conflicts_and_what_time_explains(composed: tuple) -> None:
    articles, stories = composed
    fire = _story_of(stories, articles, "alwaha/sanabel-port-fire.txt")
    f2 = _id(articles, "almanara24/sanabel-fire-death-toll.txt")
    f3 = _id(articles, "sadeem/sanabel-fire-day-two.html")
    f4 = _id(articles, "almizan-2025-03-13-sanabel-probe")
    f1 = _id(articles, "alwaha/sanabel-port-fire.txt")
    conflicts = _conflicts(fire)
    # Three dead (the same-day update and the prosecutor) against four (a medical source).
    assert conflicts["عدد القتلى"] == {"3": [f2, f4], "4": [f3]}
    assert conflicts["المدة"] == {"6.5 ساعة": [f1], "نحو 8 ساعة": [f3]}
    # Five injured at 09:40 and three dead at 19:05 are an update, not a conflict.
    assert "عدد المصابين" not in conflicts
    injured = [f for f in fire.facts if "إصابة خمسة عمال" in f.text]
    assert [(f.status, f.sources) for f in injured] == [("single-source", [f1])]  # the copy is no second source


def test_fire_corroborated_facts(composed: tuple) -> None:
    articles, stories = composed
    fire = _story_of(stories, articles, "alwaha/sanabel-port-fire.txt")
    outbreak = next(f for f in fire.facts if f.text.startswith("اندلع حريق"))
    assert outbreak.status == "corroborated" and len(outbreak.sources) == 4
    copy = _id(articles, "alraseef/sanabel-fire-wire-copy.txt")
    assert all(copy not in f.sources for f in fire.facts)


def test_fire_facts_hold_nothing_from_the_glued_tail(composed: tuple) -> None:
    articles, stories = composed
    fire = _story_of(stories, articles, "alwaha/sanabel-port-fire.txt")
    for fact in fire.facts:
        text = fact.text + " ".join(articles[e.article].text[e.start : e.end] for e in fact.evidence)
        for word in ("منتخب", "31-27", "رامي الخطيب", "نيريا", "جزر الأرخبيل"):
            assert word not in text


def test_trade_rounds(composed: tuple) -> None:
    articles, stories = composed
    one = _story_of(stories, articles, "alraseef/trade-talks-round-one.txt")
    two = _story_of(stories, articles, "almanara24/trade-deal-initialled.txt")
    assert one.id != two.id
    # The hotel (round one) and the consulate (round two) are no conflict in either story.
    assert "المكان" not in _conflicts(one) and "المكان" not in _conflicts(two)
    t5 = _id(articles, "almanara24/trade-deal-initialled.txt")
    t6 = _id(articles, "almizan/trade-deal-explained.html")
    assert _conflicts(two) == {"عدد السلع": {"أكثر من 1200": [t5], "1150": [t6]}}
    hotel = [f for f in one.facts if "فندق الفنار" in f.text and f.status == "corroborated"]
    assert hotel and max(len(f.sources) for f in hotel) == 3
    cut = [f for f in two.facts if "60%" in f.text]
    assert cut[0].status == "corroborated" and set(cut[0].sources) == {t5, t6}


def test_attendance_conflict_across_languages(composed: tuple) -> None:
    articles, stories = composed
    d2 = _id(articles, "alraseef/difaf-festival-awards.html")
    awards = _story_of(stories, articles, "alraseef/difaf-festival-awards.html")
    if "detroit-info-2025-04-29-difaf" not in awards.articles:
        pytest.skip("clustering put the French report in another story")
    assert _conflicts(awards)["عدد الحضور"] == {"أكثر من 12000": [d2], "11000": ["detroit-info-2025-04-29-difaf"]}


def test_statuses_against_expected_json(composed: tuple) -> None:
    articles, stories = composed
    report = evaluate_examples(stories, articles, EXAMPLES / "expected.json")
    per = report["per_status"]
    assert per["conflicting"]["recall"] == 1.0 and per["conflicting"]["precision"] == 1.0
    assert per["corroborated"]["recall"] >= 0.9 and per["corroborated"]["precision"] >= 0.85
    assert per["single-source"]["recall"] >= 0.7


def test_coverage_shape(composed: tuple) -> None:
    articles, stories = composed
    fire = _story_of(stories, articles, "alwaha/sanabel-port-fire.txt")
    coverage = fire.extra["coverage"]
    assert len(coverage["rows"]) == len(fire.facts)
    assert all(len(row) == len(coverage["outlets"]) for row in coverage["rows"])
    assert all(isinstance(i, int) for ids in fire.extra["unique_by_outlet"].values() for i in ids)
    assert isinstance(fire.facts[0], Fact)
