"""The example corpus (examples/, invented by the team) against its expectations
(examples/expected.json): chrome, titles, dates, stories, copies, off-topic tails,
entities and timelines."""

import json
from pathlib import Path

import pytest

from marsad.arabic.normalize import normalize
from marsad.cli import main
from tests.conftest import EXAMPLES

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def digest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("examples")
    assert main(["digest", str(EXAMPLES), "--out", str(out), "--quiet"]) == 0
    return json.loads((out / "digest.json").read_text(encoding="utf-8"))


def _ref(article: dict) -> str:
    """The key expected.json uses: a path under examples/, or a feed row's id."""
    path = Path(article["input"].split("#")[0])
    if path.suffix == ".jsonl":
        return article["id"]
    return path.relative_to(EXAMPLES).as_posix()


@pytest.fixture(scope="module")
def by_ref(digest: dict) -> dict[str, dict]:
    return {_ref(a): a for a in digest["articles"]}


def _paragraphs(article: dict) -> list[str]:
    cut = article["offtopic"][0][0] if article.get("offtopic") else len(article["text"])
    return [p for p in article["text"][:cut].split("\n\n") if p.strip()]


def test_every_article_is_read(by_ref: dict[str, dict]) -> None:
    assert set(by_ref) == set(EXPECTED["articles"])


@pytest.mark.parametrize("ref", sorted(EXPECTED["articles"]))
def test_title_language_and_publication_date(ref: str, by_ref: dict[str, dict]) -> None:
    want, got = EXPECTED["articles"][ref], by_ref[ref]
    assert got["title"] == want["title"]
    assert got["language"] == want["language"]
    assert (got["published"] or "")[:10] == want["published"][:10]


@pytest.mark.parametrize("ref", sorted(EXPECTED["articles"]))
def test_chrome_removed_and_body_kept(ref: str, by_ref: dict[str, dict]) -> None:
    want, got = EXPECTED["articles"][ref], by_ref[ref]
    text = normalize(got["text"])
    for line in want["chrome"]:
        assert normalize(line) not in text, line
    for snippet in want.get("keep", []):
        assert normalize(snippet) in text, snippet
    assert len(_paragraphs(got)) == want["paragraphs"]


def test_stories_topics_and_copies(digest: dict, by_ref: dict[str, dict]) -> None:
    story_of = {ref: a["story"] for ref, a in by_ref.items()}
    topic_of_story = {s["id"]: s["topic"] for s in digest["stories"]}
    cores = {}
    for name, story in EXPECTED["stories"].items():
        # A story may say which of its articles must be together; the others may also
        # form a story of their own in the same topic (a press release weeks earlier).
        core = story.get("must_be_together", story["articles"])
        assert len({story_of[r] for r in core}) == 1, name
        assert len({topic_of_story[story_of[r]] for r in story["articles"]}) == 1, name
        cores[name] = story_of[core[0]]
    assert len(set(cores.values())) == len(EXPECTED["stories"])
    topics = {topic_of_story[s] for s in cores.values()}
    assert len(topics) == len(EXPECTED["topics"])
    for copy, original in EXPECTED["duplicates"]:
        assert by_ref[copy]["duplicate_of"] == by_ref[original]["id"]
    assert sum(1 for a in by_ref.values() if a["duplicate_of"]) == len(EXPECTED["duplicates"])


def test_the_glued_tail_is_flagged_and_stays_out_of_the_story(digest: dict, by_ref: dict[str, dict]) -> None:
    article = by_ref["almanara24/sanabel-fire-death-toll.txt"]
    assert article.get("offtopic"), "the handball tail is not flagged"
    tail = article["text"][article["offtopic"][0][0] :]
    assert "منتخب" in tail and "31-27" in tail
    story = next(s for s in digest["stories"] if s["id"] == article["story"])
    names = {v for e in story["entities"] for v in e["variants"]}
    assert not {"رامي الخطيب", "نيريا"} & names
    assert all(t["date"] != "2025-03-15" for t in story["timeline"])
    assert all("منتخب" not in s["text"] for s in story["summary"])


def test_spelling_variants_resolve_to_one_entity(digest: dict) -> None:
    entities: dict[str, set[str]] = {}
    for story in digest["stories"]:
        for e in story["entities"]:
            entities.setdefault(e["id"], set()).update(e["variants"])
    for group in (("حمزة القرنفلي", "حمزه القرنفلي"), ("الإسكندرية", "الاسكندرية"), ("سامر الهنيدي", "سامر الهنيدى")):
        holders = [eid for eid, variants in entities.items() if set(group) & variants]
        assert len(holders) == 1 and set(group) <= entities[holders[0]], group


def test_timelines_resolve_relative_dates(digest: dict, by_ref: dict[str, dict]) -> None:
    fire = next(s for s in digest["stories"] if s["id"] == by_ref["alwaha/sanabel-port-fire.txt"]["story"])
    dates = [t["date"] for t in fire["timeline"]]
    assert dates == sorted(dates)
    assert {"2025-03-10", "2025-03-11"} <= set(dates)
