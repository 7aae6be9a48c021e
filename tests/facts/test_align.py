"""Facts across outlets on an invented flood story: corroborated, single-source,
conflicting, and the differences time explains."""

from marsad.facts import compose_facts
from tests.facts.helpers import build_article, story_of

LEAD = (
    "الوادي الأخضر (وكالة النهر) – غمرت السيول بلدة الوادي الأخضر مساء أمس الجمعة بعد أمطار غزيرة استمرت "
    "خمس ساعات، وأسفرت عن إصابة سبعة أشخاص.\n"
    "وقال رئيس البلدية سليم العطار إن المياه دخلت أكثر من 200 منزل في الأحياء المنخفضة.\n"
    "وأعلنت السلطات إغلاق الطريق الساحلي حتى إشعار آخر."
)
NAMES = [("سليم العطار", "PER", "e-salim"), ("الوادي الأخضر", "GPE", "e-wadi")]


def _flood() -> dict:
    a = build_article("a", LEAD, outlet="وكالة النهر", published="2024-10-05T08:00:00+00:00", names=NAMES)
    copy = build_article(
        "a-copy", LEAD, outlet="صحيفة المدار", published="2024-10-05T09:00:00+00:00", names=NAMES, duplicate_of="a"
    )
    c = build_article(
        "c",
        "ارتفع عدد القتلى في سيول الوادي الأخضر إلى ثلاثة قتلى، بحسب الدفاع المدني.\n"
        "وكانت السيول قد غمرت بلدة الوادي الأخضر مساء الجمعة بعد أمطار غزيرة استمرت خمس ساعات.\n"
        "وقال رئيس البلدية سليم العطار إن المياه دخلت أكثر من 200 منزل في البلدة.",
        outlet="قناة الأفق",
        published="2024-10-05T20:00:00+00:00",
        names=NAMES,
    )
    d = build_article(
        "d",
        "قالت مصادر طبية إن سيول الوادي الأخضر خلفت قتيلين اثنين في البلدة.\n"
        "وأضافت المصادر أن فرق الإنقاذ ما زالت تبحث عن مفقود في الأحياء المنخفضة.",
        outlet="موقع الضفة",
        published="2024-10-06T10:00:00+00:00",
        names=NAMES,
    )
    story, articles = story_of(a, copy, c, d)
    result = compose_facts(story, articles)
    return {"result": result, "facts": result.facts}


def _find(facts: list, word: str) -> list:
    return [f for f in facts if word in f.text]


def test_corroborated_counts_outlets_not_copies() -> None:
    facts = _flood()["facts"]
    flood = _find(facts, "غمرت السيول")
    assert flood and flood[0].status == "corroborated"
    assert flood[0].sources == ["a", "c"]  # the copy is not a source
    homes = _find(facts, "200 منزل")
    assert homes[0].status == "corroborated" and set(homes[0].sources) == {"a", "c"}
    # Evidence spans point at the sentences that say it.
    assert {e.article for e in flood[0].evidence} == {"a", "c"}


def test_single_source_fact_from_an_article_and_its_copy() -> None:
    facts = _flood()["facts"]
    injured = _find(facts, "سبعة أشخاص")
    assert [(f.status, f.sources) for f in injured] == [("single-source", ["a"])]


def test_later_lower_toll_is_a_conflict() -> None:
    facts = _flood()["facts"]
    toll = [f for f in facts if f.status == "conflicting" and f.attribute == "عدد القتلى"]
    assert len(toll) == 1
    assert toll[0].values == {"3": ["c"], "2": ["d"]}


def test_coverage_matrix_and_unique_facts() -> None:
    result = _flood()["result"]
    assert result.outlets == ["قناة الأفق", "موقع الضفة", "وكالة النهر"]
    flood = next(i for i, f in enumerate(result.facts) if "غمرت السيول" in f.text)
    assert result.rows[flood] == [True, None, True]
    toll = next(i for i, f in enumerate(result.facts) if f.status == "conflicting")
    assert result.rows[toll] == ["3", "2", None]
    injured = next(i for i, f in enumerate(result.facts) if "سبعة أشخاص" in f.text)
    assert injured in result.unique_by_outlet["وكالة النهر"]
    assert result.extra()["coverage"]["outlets"] == result.outlets


def test_a_rising_toll_is_an_update_not_a_conflict() -> None:
    early = build_article(
        "e1",
        "أسفر انهيار مبنى سكني في حي الزيتون عن مقتل شخصين، وفق الدفاع المدني.",
        outlet="أ",
        published="2024-03-01T07:00:00+00:00",
    )
    late = build_article(
        "e2",
        "ارتفعت حصيلة انهيار المبنى السكني في حي الزيتون إلى خمسة قتلى، وفق الدفاع المدني.",
        outlet="ب",
        published="2024-03-01T18:00:00+00:00",
    )
    story, articles = story_of(early, late)
    facts = compose_facts(story, articles).facts
    assert not [f for f in facts if f.status == "conflicting"]


def test_venues_of_different_days_are_not_a_conflict_but_the_same_day_is() -> None:
    first = build_article(
        "r1",
        "عقدت أمس الأحد الجولة الأولى من المحادثات بين الوفدين في فندق النخيل الكبير بالعاصمة.",
        outlet="أ",
        published="2024-02-05",
    )
    second = build_article(
        "r2",
        "عقدت أمس الأحد الجولة الثانية من المحادثات بين الوفدين في مقر السفارة الكندية بالعاصمة.",
        outlet="ب",
        published="2024-03-25",
    )
    story, articles = story_of(first, second)
    assert not [f for f in compose_facts(story, articles).facts if f.status == "conflicting"]
    same_day = build_article(
        "r3",
        "عقدت أمس الأحد الجولة الأولى من المحادثات بين الوفدين في مقر السفارة الكندية بالعاصمة.",
        outlet="ج",
        published="2024-02-05",
    )
    story, articles = story_of(first, same_day)
    venues = [f for f in compose_facts(story, articles).facts if f.status == "conflicting"]
    assert [f.attribute for f in venues] == ["المكان"]
    assert set(venues[0].sources) == {"r1", "r3"}
