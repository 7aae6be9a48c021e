"""What every store does, run against each backend (SQLite file, PostgreSQL schema)."""

from __future__ import annotations

import multiprocessing
import random

import numpy as np
import pytest

from marsad.model import Mention, Removed, Sentence, Story, SummarySentence, Topic
from marsad.store import open_store
from marsad.store.base import Store
from tests.store.samples import article, corpus, stories


def test_saving_again_is_a_no_op_and_other_text_under_one_id_is_a_conflict(store: Store) -> None:
    a = article("a1", "وصل الوفد إلى إسطنبول صباح الخميس.", raw_hash="h1")
    assert store.save_articles([a]).added == ["a1"]
    again = store.save_articles([article("a1", "وصل الوفد إلى إسطنبول صباح الخميس.", raw_hash="h1")])
    assert again.added == [] and again.unchanged == ["a1"]
    clash = store.save_articles([article("a1", "نص آخر تماماً", raw_hash="h2")])
    assert clash.conflicts == [("a1", "a1.txt")]
    assert store.count_articles() == 1
    assert store.get_article("a1").text == "وصل الوفد إلى إسطنبول صباح الخميس."
    assert store.content_hash("a1") == "h1" and store.content_hash("zz") is None
    assert store.has_article("a1") and not store.has_article("zz")
    # The re-save left one search entry: the article is found once, not twice.
    assert [h.article for h in store.search("إسطنبول")] == ["a1"]


def test_an_id_twice_in_one_batch_is_saved_once(store: Store) -> None:
    first = article("d1", "نص أول", raw_hash="h1")
    same = article("d1", "نص أول", raw_hash="h1")
    other = article("d1", "نص مختلف", raw_hash="h2")
    saved = store.save_articles([first, article("d2", "نص ثان"), same, other])
    assert (saved.added, saved.unchanged, saved.conflicts) == (["d1", "d2"], ["d1"], [("d1", "d1.txt")])
    assert store.count_articles() == 2 and store.get_article("d1").text == "نص أول"


def test_articles_come_back_whole_in_publication_order(store: Store) -> None:
    store.save_articles(
        [
            article("late", "نص متأخر", "2025-03-12"),
            article("undated", "نص بلا تاريخ", None),
            article("early", "نص مبكر", "2025-03-10T08:00:00+03:00"),
        ]
    )
    ordered = list(store.iter_articles())
    assert [a.id for a in ordered] == ["early", "late", "undated"]
    assert ordered[0].removed == [Removed("0 تعليق", "comment widget")]
    assert ordered[0].sentences == [Sentence(0, len("نص مبكر"), 0)]
    assert ordered[0].published == "2025-03-10T08:00:00+03:00" and ordered[2].published is None


def test_ids_sort_byte_wise_whatever_the_database_collation(store: Store) -> None:
    ids = ["b", "B", "a", "_x", "-1", "1", "ب", "Z9", "z10"]
    store.save_articles([article(aid, f"نص رقم {n}", "2025-01-01") for n, aid in enumerate(ids)])
    assert [a.id for a in store.iter_articles()] == sorted(ids)


def test_an_article_round_trips_with_features_mentions_and_assignments(store: Store) -> None:
    arts = corpus()
    store.save_articles(arts)
    got = store.get_article("port1")
    assert got.title == "حريق في ميناء السنابل" and got.outlet == "alwaha" and got.url == "https://news.example/port1"
    assert got.raw_hash == arts[0].raw_hash and got.language == "ar"
    assert np.array_equal(got.features["embedding"], np.array([3, -7, 127, -128], dtype=np.int8))
    assert got.features["embedding"].dtype == np.int8
    assert np.array_equal(got.features["minhash"], np.array([1, 4_000_000_000, 17], dtype=np.uint32))
    assert got.features["lang_score"] == 0.98
    assert got.mentions == [Mention(50, 57, "LOC", "السنابل"), Mention(0, 5, "ORG", "الدفاع")]
    # iter_articles leaves features out unless asked.
    assert next(iter(store.iter_articles())).features == {}
    assert {a.id: a.features.get("lang_score") for a in store.iter_articles(with_features=True)}["port1"] == 0.98

    store.set_assignments({"port2": "port1", "port3": None}, {"port1": "s-fire", "port2": "s-fire"})
    store.set_mention_entities({"port1": ["e-port", None]})
    got = store.get_article("port1")
    assert got.story == "s-fire" and got.duplicate_of is None
    assert [m.entity for m in got.mentions] == ["e-port", None]
    assert store.get_article("port2").duplicate_of == "port1"

    got.sentences = [Sentence(0, 10, 0), Sentence(11, 40, 1, 1)]
    got.flags = ["short"]
    store.update_analysis([got])
    again = store.get_article("port1")
    assert again.sentences == [Sentence(0, 10, 0), Sentence(11, 40, 1, 1)] and again.flags == ["short"]


def test_get_articles_keeps_the_order_asked_and_skips_unknown_ids(store: Store) -> None:
    store.save_articles(corpus())
    assert [a.id for a in store.get_articles(["talks2", "nope", "port1", "fest1"])] == ["talks2", "port1", "fest1"]
    assert store.get_articles([]) == []
    assert store.count_articles() == 6 and len(store) == 6
    assert store.outlets() == [("almizan", 2), ("alwaha", 2), ("sadeem", 2)]


def test_search_finds_spelling_variants(store: Store) -> None:
    store.save_articles(
        [
            article("a", "وصل الوفد الأميركي إلى إسطنبول لإجراء محادثات."),
            article("b", "افتتح مهرجان التمور في الواحة."),
            article("c", "قالت الخارجية الأمريكية إن الجولة المقبلة في \ufe87\ufeb3\ufec4\ufee8\ufe92\ufeee\ufedd."),
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
    assert store.count_articles() == 3


def test_search_hits_carry_title_outlet_story_date_and_rank_by_relevance(store: Store) -> None:
    store.save_articles(corpus())
    store.set_assignments({}, {"port1": "s-fire", "port2": "s-fire", "port3": "s-fire", "talks2": "s-talks"})
    hits = store.search("اسطنبول")
    # Both name the city twice (title and text): the shorter one ranks first.
    assert [(h.article, h.title, h.outlet, h.story, h.published) for h in hits] == [
        ("talks1", "وفد أميركي في إسطنبول", "alwaha", None, "2025-02-16"),
        ("talks2", "محادثات اسطنبول تختتم", "sadeem", "s-talks", "2025-02-17"),
    ]
    assert hits[0].score > hits[1].score > 0
    assert hits[0].snippet.startswith("وصل الوفد الأميركي إلى إسطنبول")
    assert "في اسطنبول انتهت" in hits[1].snippet
    # port3 says «الحريق» twice in a short text: it ranks above the ones that say it once.
    fire = [h.article for h in store.search("الحريق")]
    assert fire[0] == "port3" and sorted(fire) == ["port1", "port2", "port3"]
    # Every word must match: the fire and the port, not the talks.
    assert [h.article for h in store.search("حريق التجارة")] == []
    assert {h.article for h in store.search("أمريكية التجارة")} == {"talks1", "talks2"}
    assert len(store.search("في", limit=2)) == 2
    assert store.search("كلمةغائبة") == []


def test_stories_topics_and_state_round_trip(store: Store) -> None:
    story = Story(
        "s1",
        ["a", "b"],
        topic="t1",
        title="حريق الميناء",
        start="2025-03-10",
        end="2025-03-11",
        summary=[SummarySentence("اندلع حريق.", ["a", "b"])],
    )
    store.replace_stories([story], [Topic("t1", "حرائق", ["s1"])])
    assert store.get_story("s1") == story
    assert list(store.iter_topics()) == [Topic("t1", "حرائق", ["s1"])]
    store.set_state("k", {"x": [1, 2]})
    assert store.get_state("k") == {"x": [1, 2]}
    store.set_state("k", ["replaced", "قيمة"])
    assert store.get_state("k") == ["replaced", "قيمة"] and store.get_state("missing") is None


def test_stories_round_trip_with_entities_facts_and_extra_fields(store: Store) -> None:
    store.save_articles(corpus())
    made, topics = stories()
    store.replace_stories(made, topics)
    assert store.count_stories() == 3
    assert [s.id for s in store.iter_stories()] == ["s-talks", "s-fire", "s-fest"]  # by start, undated last
    assert store.get_story("s-fire") == made[0] and store.get_story("nope") is None
    assert store.get_story("s-fire").extra == {"lead": "port1"}
    assert store.get_entity("e-us") == {
        "id": "e-us",
        "name": "الولايات المتحدة",
        "type": "GPE",
        "variants": ["أميركا"],
        "roles": ["الوفد"],
    }
    assert store.get_entity("nope") is None
    assert list(store.iter_topics()) == topics
    # Replacing forgets what is not given again.
    store.replace_stories(made[1:], topics[1:])
    assert [s.id for s in store.iter_stories()] == ["s-talks", "s-fest"]
    assert store.get_entity("e-port") is not None and store.list_stories(outlet="almizan") == [made[2]]


def test_list_stories_filters_by_topic_outlet_entity_and_dates(store: Store) -> None:
    store.save_articles(corpus())
    made, topics = stories()
    store.replace_stories(made, topics)

    def ids(**filters: object) -> list[str]:
        return [s.id for s in store.list_stories(**filters)]

    assert ids() == ["s-fire", "s-talks", "s-fest"]  # latest end first, undated last
    assert ids(topic="t-trade") == ["s-talks"]
    assert ids(outlet="sadeem") == ["s-fire", "s-talks"]
    assert ids(outlet="almizan") == ["s-fire", "s-fest"]
    assert ids(outlet="nowhere") == []
    assert ids(entity="e-port") == ["s-fire", "s-talks"]
    assert ids(entity="e-us") == ["s-talks"]
    assert ids(since="2025-03-01") == ["s-fire"]
    assert ids(until="2025-03-01") == ["s-talks"]
    assert ids(since="2025-02-17", until="2025-03-10") == ["s-fire", "s-talks"]
    assert ids(topic="t-disasters", outlet="sadeem", entity="e-port", since="2025-03-11") == ["s-fire"]
    assert ids(limit=1) == ["s-fire"] and ids(limit=2, offset=1) == ["s-talks", "s-fest"]
    assert store.list_stories(entity="e-us")[0] == made[1]


def test_upsert_stories_replaces_given_and_removed_stories_only(store: Store) -> None:
    store.save_articles(corpus())
    made, topics = stories()
    store.replace_stories(made, topics)
    fire = made[0]
    fire.articles = ["port1", "port2"]  # port3 (sadeem) leaves the story
    fire.title = "حريق الميناء"
    store.upsert_stories([fire], [Topic("t-disasters", "كوارث", ["s-fire"])], removed=["s-fest"])
    assert [s.id for s in store.list_stories()] == ["s-fire", "s-talks"]
    assert store.get_story("s-fire").title == "حريق الميناء"
    assert [s.id for s in store.list_stories(outlet="sadeem")] == ["s-talks"]
    assert [t.title for t in store.iter_topics()] == ["كوارث", "تجارة"]


def _save_in_turns(
    target: str, order: list[int], barrier: multiprocessing.synchronize.Barrier, out: multiprocessing.Queue
) -> None:
    """One writer process: saves the shared articles in small batches, in its own order."""
    arts = [article(f"c{n:02d}", f"خبر متزامن رقم {n} عن ميناء السنابل", "2025-03-10") for n in range(24)]
    added: list[str] = []
    with open_store(target) as store:
        barrier.wait(timeout=60)
        for i in range(0, len(order), 3):
            added += store.save_articles([arts[n] for n in order[i : i + 3]]).added
    out.put(added)


def test_the_version_changes_with_every_write_from_any_connection(store_target: str) -> None:
    with open_store(store_target) as store, open_store(store_target) as other:
        seen = {store.version()}
        other.save_articles([article("v1", "نص أول")])
        seen.add(store.version())
        store.set_state("k", 1)
        seen.add(other.version())
        other.set_assignments({}, {"v1": "s1"})
        seen.add(store.version())
        assert len(seen) == 4
        store.count_articles(), store.search("نص")  # reading changes nothing
        assert store.version() in seen


def test_two_processes_writing_at_once_store_each_article_once(store_target: str) -> None:
    with open_store(target := store_target):  # create the store before the writers race
        pass
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(2), context.Queue()
    orders = [list(range(24)), random.Random(7).sample(range(24), 24)]
    writers = [context.Process(target=_save_in_turns, args=(target, order, barrier, out)) for order in orders]
    for w in writers:
        w.start()
    added = [out.get(timeout=120) for _ in writers]
    for w in writers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert sorted(added[0] + added[1]) == [f"c{n:02d}" for n in range(24)]  # each added by exactly one
    with open_store(target) as store:
        assert store.count_articles() == 24
        assert sorted(h.article for h in store.search("السنابل", limit=100)) == [f"c{n:02d}" for n in range(24)]


@pytest.mark.parametrize("page", [1, 2, 5])
def test_iteration_is_complete_across_pages(store: Store, page: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # The PostgreSQL store reads in pages; tiny pages put boundaries between equal dates.
    monkeypatch.setattr("marsad.store.postgres._PAGE", page)
    published = ["2025-01-02", None, "2025-01-01", "2025-01-02", None, "2025-01-02", "2025-01-03"]
    store.save_articles([article(f"p{n}", f"نص {n}", d) for n, d in enumerate(published)])
    assert [a.id for a in store.iter_articles()] == ["p2", "p0", "p3", "p5", "p6", "p1", "p4"]
    starts = ["2025-01-02", None, "2025-01-01", "2025-01-02", None]
    store.replace_stories([Story(f"s{n}", [f"p{n}"], start=s, end=s) for n, s in enumerate(starts)], [])
    assert [s.id for s in store.iter_stories()] == ["s2", "s0", "s3", "s1", "s4"]
