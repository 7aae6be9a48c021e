"""The seeds: what time explains between the two Istanbul rounds, and nothing from the
glued tail of seed 000 (read from ../shared; skipped when absent)."""

from __future__ import annotations

from marsad.facts import compose_facts
from marsad.model import Article, Story


def test_istanbul_venues_are_not_a_conflict_even_in_one_story(seeds_store: tuple[dict[str, Article], list]) -> None:
    articles, _ = seeds_store
    for ids in (["seed-001", "seed-004"], ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]):
        facts = compose_facts(Story(id="x", articles=ids), articles).facts
        assert not [f for f in facts if f.status == "conflicting" and f.attribute == "المكان"]
        # The 2022 round (seed 003) confirms nothing said in 2025.
        assert not [f for f in facts if f.status == "corroborated" and "seed-003" in f.sources]


def test_quotes_of_the_seeds(seeds_store: tuple[dict[str, Article], list]) -> None:
    articles, _ = seeds_store
    result = compose_facts(Story(id="x", articles=["seed-000"]), articles)
    speakers = {q.speaker for q in result.quotes["seed-000"]}
    assert any(s and "بيسكوف" in s for s in speakers)
    text = articles["seed-000"].text
    # The glued tail (Zelensky and captured fighters) gives no quote.
    assert all("صيني" not in text[q.content_start : q.content_end] for q in result.quotes["seed-000"])
    assert all(q.speaker is None or "زيلينسكي" not in q.speaker for q in result.quotes["seed-000"])
