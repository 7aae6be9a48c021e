from marsad.arabic.sentences import split_sentences
from marsad.entities.resolve import EntityResolver, loose_key, mention_roles
from marsad.model import Article, Mention


def _article(aid: str, text: str, names: list[tuple[str, str]], story: str = "s1") -> Article:
    article = Article(id=aid, input=aid, raw=text, text=text, story=story, language="ar")
    article.sentences = split_sentences(text)
    cursor = 0
    for name, label in names:
        start = text.index(name, cursor)
        article.mentions.append(Mention(start, start + len(name), label, name))
        cursor = start + len(name)
    return article


def test_loose_keys_fold_spelling_habits() -> None:
    for a, b in [
        ("سيرغي", "سيرجي"),
        ("إيغور", "إيقور"),
        ("ترامب", "ترمب"),
        ("ميركل", "ميركيل"),
        ("الهنيدي", "الهنيدى"),
        ("حمزة", "حمزه"),
    ]:
        assert loose_key(a) == loose_key(b), (a, b)
    assert loose_key("لافروف") != loose_key("ريابكوف")


def test_spellings_surnames_and_four_different_sergeys() -> None:
    a = _article(
        "a",
        "قال وزير الخارجية الروسي سيرغي لافروف إن نائبه سيرغي ريابكوف سيقود الوفد. وأكد لافروف ذلك.",
        [("سيرغي لافروف", "PER"), ("سيرغي ريابكوف", "PER"), ("لافروف", "PER")],
    )
    b = _article(
        "b",
        "وقال سيرجي ريابكوف، نائب وزير الخارجية الروسي، إن سيرغي بيسيدا وسيرغي ناريشكين سيحضران. وأضاف ريابكوف أن الاجتماع مهم.",
        [("سيرجي ريابكوف", "PER"), ("سيرغي بيسيدا", "PER"), ("سيرغي ناريشكين", "PER"), ("ريابكوف", "PER")],
        story="s2",
    )
    c = _article("c", "وأعلن ترمب ثم كرر ترامب الكلام نفسه.", [("ترمب", "PER"), ("ترامب", "PER")], story="s3")
    result = EntityResolver().resolve([a, b, c])
    people = {e.name: e for e in result.entities.values()}
    assert {"سيرغي لافروف", "سيرغي ريابكوف", "سيرغي بيسيدا", "سيرغي ناريشكين"} <= set(people)
    assert set(people["سيرغي ريابكوف"].variants) == {"سيرغي ريابكوف", "سيرجي ريابكوف", "ريابكوف"}
    assert people["سيرغي ريابكوف"].articles == ["a", "b"]
    assert "لافروف" in people["سيرغي لافروف"].variants
    trump = [e for e in result.entities.values() if "ترمب" in e.variants]
    assert len(trump) == 1 and set(trump[0].variants) == {"ترمب", "ترامب"}
    # every mention points at its entity, and the id is the same in both stories
    ryabkov = people["سيرغي ريابكوف"].id
    assert [m.entity for m in a.mentions][1] == ryabkov and b.mentions[0].entity == ryabkov
    assert "نائب وزير الخارجية الروسي" in people["سيرغي ريابكوف"].roles


def test_short_organisation_name_in_the_same_story_is_the_same_organisation() -> None:
    a = _article(
        "a",
        "أعلنت المديرية العامة للدفاع المدني السيطرة على الحريق. وقال الدفاع المدني إن التحقيق بدأ.",
        [("المديرية العامة للدفاع المدني", "ORG"), ("الدفاع المدني", "ORG")],
    )
    result = EntityResolver().resolve([a])
    assert len(result.entities) == 1
    assert a.mentions[0].entity == a.mentions[1].entity


def test_a_ministry_without_its_country_is_not_guessed() -> None:
    a = _article(
        "a",
        "قالت وزارة الخارجية الأميركية إن الوفد وصل، فيما مثّلت وزارة الخارجية روسيا في الاجتماع.",
        [("وزارة الخارجية الأميركية", "ORG"), ("وزارة الخارجية", "ORG")],
    )
    EntityResolver().resolve([a])
    assert a.mentions[0].entity != a.mentions[1].entity


def test_off_topic_mentions_are_not_the_articles_entities() -> None:
    a = _article(
        "a",
        "قال الوزير سامي العلي إن المفاوضات انتهت.\n\nويذكر أن المدرب رامي الخطيب فاز.",
        [("سامي العلي", "PER"), ("رامي الخطيب", "PER")],
    )
    for s in a.sentences:
        s.segment = 1 if "رامي" in a.text[s.start : s.end] else 0
    result = EntityResolver().resolve([a])
    assert [e.name for e in result.for_articles(["a"])] == ["سامي العلي"]


def test_roles_before_and_after_a_name() -> None:
    text = "وقال المتحدث باسم الكرملين دميتري بيسكوف إن سيرجي ريابكوف، نائب وزير الخارجية، سيحضر."
    peskov = Mention(text.index("دميتري"), text.index("دميتري") + len("دميتري بيسكوف"), "PER", "دميتري بيسكوف")
    kremlin = Mention(text.index("الكرملين"), text.index("الكرملين") + len("الكرملين"), "ORG", "الكرملين")
    ryabkov = Mention(text.index("سيرجي"), text.index("سيرجي") + len("سيرجي ريابكوف"), "PER", "سيرجي ريابكوف")
    assert mention_roles(text, ryabkov, [kremlin, peskov, ryabkov]) == ["نائب وزير الخارجية"]
    assert mention_roles(text, peskov, [peskov]) == ["المتحدث باسم الكرملين"]


def test_seed_names_resolve_as_the_issue_expects(seeds_jsonl, tmp_path) -> None:
    import json

    from marsad.cli import main

    assert main(["digest", str(seeds_jsonl), "--out", str(tmp_path), "--quiet"]) == 0
    digest = json.loads((tmp_path / "digest.json").read_text(encoding="utf-8"))
    entities: dict[str, dict] = {}
    for story in digest["stories"]:
        for e in story["entities"]:
            seen = entities.setdefault(e["id"], {**e, "articles": set()})
            seen["articles"].update(e["articles"])

    def one(*spellings: str) -> dict:
        found = {eid for eid, e in entities.items() if set(spellings) & set(e["variants"])}
        assert len(found) == 1, (spellings, found)
        entity = entities[found.pop()]
        assert set(spellings) <= set(entity["variants"]), (spellings, entity["variants"])
        return entity

    assert one("ترمب", "ترامب")["type"] == "PER"
    one("سيرغي لافروف", "لافروف")
    one("سيرجي ريابكوف", "سيرغي ريابكوف", "ريابكوف")
    assert one("دميتري بيسكوف", "ديمتري بيسكوف", "بيسكوف")["articles"] == {"seed-000", "seed-003", "seed-004"}
    assert one("إسطنبول", "اسطنبول")["type"] in ("GPE", "LOC")
    sergeys = {e["name"] for e in entities.values() if e["type"] == "PER" and e["name"].startswith("سيرغي")}
    assert sergeys == {"سيرغي لافروف", "سيرغي ريابكوف", "سيرغي بيسيدا", "سيرغي ناريشكين"}
