from pathlib import Path

import pytest

from marsad.model import Article, Removed, Sentence, Story, SummarySentence, Topic
from marsad.store.sqlite import SqliteStore


def _article(aid: str, text: str, published: str | None = "2025-03-11", raw_hash: str = "") -> Article:
    return Article(
        id=aid,
        input=f"{aid}.txt",
        raw=text,
        raw_hash=raw_hash or f"h-{aid}-{hash(text)}",
        title=f"عنوان {aid}",
        text=text,
        published=published,
        language="ar",
        removed=[Removed("0 تعليق", "comment widget")],
        sentences=[Sentence(0, len(text), 0)],
    )


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    with SqliteStore(tmp_path / "m.db") as s:
        yield s


def test_saving_again_is_a_no_op_and_other_text_under_one_id_is_a_conflict(store: SqliteStore) -> None:
    a = _article("a1", "وصل الوفد إلى إسطنبول صباح الخميس.", raw_hash="h1")
    assert store.save_articles([a]).added == ["a1"]
    again = store.save_articles([_article("a1", "وصل الوفد إلى إسطنبول صباح الخميس.", raw_hash="h1")])
    assert again.added == [] and again.unchanged == ["a1"]
    clash = store.save_articles([_article("a1", "نص آخر تماماً", raw_hash="h2")])
    assert clash.conflicts == [("a1", "a1.txt")]
    assert store.count_articles() == 1
    assert store.get_article("a1").text == "وصل الوفد إلى إسطنبول صباح الخميس."


def test_articles_come_back_whole_in_publication_order(store: SqliteStore) -> None:
    store.save_articles(
        [
            _article("late", "نص متأخر", "2025-03-12"),
            _article("undated", "نص بلا تاريخ", None),
            _article("early", "نص مبكر", "2025-03-10T08:00:00+03:00"),
        ]
    )
    ordered = list(store.iter_articles())
    assert [a.id for a in ordered] == ["early", "late", "undated"]
    assert ordered[0].removed == [Removed("0 تعليق", "comment widget")]
    assert ordered[0].sentences == [Sentence(0, len("نص مبكر"), 0)]


def test_search_finds_spelling_variants(store: SqliteStore) -> None:
    store.save_articles(
        [
            _article("a", "وصل الوفد الأميركي إلى إسطنبول لإجراء محادثات."),
            _article("b", "افتتح مهرجان التمور في الواحة."),
            _article("c", "قالت الخارجية الأمريكية إن الجولة المقبلة في \ufe87\ufeb3\ufec4\ufee8\ufe92\ufeee\ufedd."),
        ]
    )
    # c spells the city in Arabic presentation forms: found all the same.
    assert {h.article for h in store.search("اسطنبول")} == {"a", "c"}
    assert {h.article for h in store.search("امريكي")} == {"a", "c"}
    assert {h.article for h in store.search("إسطنبول الأميركي")} == {"a", "c"}
    assert store.search("مهرجان")[0].article == "b"
    assert "إسطنبول" in store.search("اسطنبول")[0].snippet
    assert store.search("") == []
    assert store.search('"); DROP TABLE articles; --') == []


def test_stories_topics_and_state_round_trip(store: SqliteStore) -> None:
    story = Story("s1", ["a", "b"], topic="t1", title="حريق الميناء", start="2025-03-10", end="2025-03-11",
                  summary=[SummarySentence("اندلع حريق.", ["a", "b"])])
    store.replace_stories([story], [Topic("t1", "حرائق", ["s1"])])
    assert store.get_story("s1") == story
    assert list(store.iter_topics()) == [Topic("t1", "حرائق", ["s1"])]
    store.set_state("k", {"x": [1, 2]})
    assert store.get_state("k") == {"x": [1, 2]}
