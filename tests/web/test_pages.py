"""The HTML pages through FastAPI's TestClient: content, structure, escaping."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest

from marsad.present.to_html import anchor
from marsad.store.sqlite import SqliteStore
from marsad.web import create_app
from marsad.web.markup import cite_anchor
from marsad.web.pages import STATUS_LABELS
from tests.web.conftest import FIRE_COPY_INPUT, FIRE_INPUT, FIRE_TAIL_INPUT, article_ids

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the ids, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def client(composed_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(composed_db)) as c:
        yield c


@pytest.fixture(scope="module")
def ids(composed_db: Path) -> dict[str, str]:
    return article_ids(composed_db)


@pytest.fixture(scope="module")
def fire(composed_db: Path, ids: dict[str, str]):
    with SqliteStore(composed_db) as store:
        return store.get_story(store.get_article(ids[FIRE_INPUT]).story)


def test_pages_are_arabic_rtl_with_landmarks_skip_link_and_labels(client: TestClient, fire, ids) -> None:
    for path in (
        "/",
        "/search?q=السنابل",
        f"/stories/{fire.id}",
        f"/articles/{ids[FIRE_INPUT]}",
        f"/entities/{fire.entities[0].id}",
    ):
        html = client.get(path).text
        assert html.startswith('<!DOCTYPE html><html lang="ar" dir="rtl">'), path
        tags = _tags(html)
        names = [t for t, _ in tags]
        assert names.count("h1") == 1 and "main" in names and "header" in names and "nav" in names
        assert tags[names.index("a")][1] == {"class": "skip", "href": "#main"}
        assert any(t == "main" and a.get("id") == "main" for t, a in tags)
        labelled = {a.get("for") for t, a in tags if t == "label"}
        for tag, attrs in tags:
            if tag in ("input", "select") and attrs.get("type") != "hidden":
                assert attrs.get("id") in labelled, (path, attrs)
        assert "<script" not in html and " style=" not in html  # the CSP allows neither
        for tag, attrs in tags:  # nothing loaded from elsewhere; links out pass nothing on
            assert "src" not in attrs, (tag, attrs)
            if tag == "link":
                assert attrs["href"] in ("/static/marsad.css", "data:,")
            if tag == "a" and not attrs["href"].startswith(("/", "#")):
                assert attrs["href"].startswith("http") and attrs["rel"] == "noopener noreferrer nofollow"


def test_story_list_filters_and_paging(client: TestClient, fire) -> None:
    html = client.get("/").text
    assert html.count('class="card story-card"') == 5
    assert f'href="/stories/{fire.id}"' in html
    only = client.get("/", params={"outlet": "Le Détroit Info"}).text
    assert only.count('class="card story-card"') == 1 and "إزالة عامل التصفية المنفذ" in only
    bad_date = client.get("/", params={"since": "yesterday"})
    assert bad_date.status_code == 200 and "ليس بصيغة" in bad_date.text
    assert client.get("/", params={"page": 0}).status_code == 422


def test_story_page_citations_point_at_spans_on_the_page(client: TestClient, fire, ids) -> None:
    html = client.get(f"/stories/{fire.id}").text
    tags = _tags(html)
    element_ids = {a["id"] for _, a in tags if a.get("id")}
    first = fire.summary[0]
    target = cite_anchor(first.source.article, first.source.start, first.source.end)
    assert f'href="/stories/{fire.id}#{target}"' in html
    assert target in element_ids
    # Every citation mark lands on an element of this page.
    for _, attrs in tags:
        href = attrs.get("href") or ""
        if href.startswith(f"/stories/{fire.id}#"):
            assert href.split("#", 1)[1] in element_ids, href
    # The cited span wraps exactly the sentence the summary quotes.
    # (other citations of the same sentence, from facts or the timeline, may nest inside it).
    span = lxml.html.fromstring(html).get_element_by_id(target)
    assert span.get("class") == "cited" and span.text_content().strip() == first.text


def test_story_page_folds_the_copy_and_shows_coverage(client: TestClient, fire, ids) -> None:
    html = client.get(f"/stories/{fire.id}").text
    original, copy = anchor("art", ids[FIRE_INPUT]), anchor("art", ids[FIRE_COPY_INPUT])
    card = html[html.index(f'<article class="article card" id="{original}"') :]
    card = card[: card.index("</article>")]
    assert f'<li id="{copy}">' in card and "نسخ مطابقة (1)" in card
    assert html.count('<article class="article card"') == 4  # five articles, the copy folded
    coverage = html[html.index('id="h-coverage"') :]
    coverage = coverage[: coverage.index("</table>")]
    head = re.findall(r'<th scope="col"><bdi>(.*?)</bdi></th>', coverage)
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", coverage, re.S)
    assert len(rows) == len(fire.facts) >= 3
    with SqliteStore(client.app.state.options.db) as store:
        outlet = {a.id: a.outlet for a in store.get_articles(fire.articles)}
    for fact, row in zip(fire.facts, rows, strict=True):
        ticks = ["✓" in cell for cell in re.findall(r"<td.*?</td>", row)]
        assert ticks == [o in {outlet[s] for s in fact.sources} for o in head]
    statuses = {f.status for f in fire.facts}
    assert {"corroborated", "single-source"} <= statuses
    table = html[html.index('id="h-facts"') : html.index('id="h-coverage"')]
    for status, label in STATUS_LABELS.items():
        assert (label in table) == (status in statuses), status


def test_article_page_marks_names_dates_offtopic_and_shows_chrome_apart(client: TestClient, ids) -> None:
    html = client.get(f"/articles/{ids[FIRE_TAIL_INPUT]}").text
    body = html[html.index('<div class="text"') :]
    body = body[: body.index("</article>")]
    aside = html[html.index('<aside class="removed card"') :]
    aside = aside[: aside.index("</aside>")]
    assert 'class="reason">comment widget</span>' in aside and "latest-news ticker" in aside
    assert "2 تعليقات" in aside and "2 تعليقات" not in body
    assert re.search(r'<span id="off-[0-9a-f]+-1" class="offtopic"', body)
    tail = body[body.index('class="offtopic"') :]
    assert "منتخب" in tail and "منتخب" not in body[: body.index('class="offtopic"')]
    assert re.search(r'<a class="ent e-PER" title="[^"]*" href="/entities/e[0-9a-f]+">', body)
    assert '<time class="tx" title="تاريخ: 2025-03-11" datetime="2025-03-11">' in body


def test_entity_page_lists_stories_over_time(client: TestClient, fire) -> None:
    entity = max(fire.entities, key=lambda e: len(e.variants))
    html = client.get(f"/entities/{entity.id}").text
    assert f'href="/stories/{fire.id}"' in html and 'aria-label="عدد القصص في كل شهر"' in html
    for variant in entity.variants:
        if variant != entity.name:
            assert variant in html


def test_search_page_shows_title_outlet_story_and_marked_snippet(client: TestClient) -> None:
    html = client.get("/search", params={"q": "الاسكندرية"}).text
    hits = re.findall(r'<li class="card hit">.*?</li>', html, re.S)
    assert len(hits) == 6
    for hit in hits:
        assert 'href="/articles/' in hit and 'href="/stories/' in hit
        assert re.search("<mark>(ب?ال)?[اإ]سكندرية</mark>", hit)  # either spelling, marked
    assert "لا نتائج" in client.get("/search", params={"q": "كلمةغيرموجودة"}).text


def test_hostile_inputs_are_shown_as_text(hostile_db: Path) -> None:
    with TestClient(create_app(hostile_db)) as c:
        pages = [
            c.get(p).text
            for p in (
                "/",
                "/stories/s-hostile",
                "/articles/hostile-1",
                "/articles/hostile-2",
                "/entities/e-hostile",
                "/search?q=اسطنبول",
                "/?topic=t-hostile",
            )
        ]
    for html in pages:
        tags = _tags(html)
        assert not [t for t, _ in tags if t in ("script", "img", "iframe", "object", "embed")]
        for tag, attrs in tags:
            assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
            assert "autofocus" not in attrs
            if tag == "a":
                assert attrs["href"].startswith(("/", "#", "https://")), attrs
        assert "\u202e" not in html and "\u202c" not in html
    story, article = pages[1], pages[2]
    assert "&lt;script&gt;window.__xss=&#x27;title&#x27;&lt;/script&gt;عنوان خبيث" in story
    assert "&lt;img src=x onerror=&quot;window.__xss=&#x27;outlet&#x27;&quot;&gt;منفذ" in story
    assert "&lt;script&gt;window.__xss=&#x27;body&#x27;&lt;/script&gt;" in article
    assert "<dd>javascript:window.__xss=&#x27;url&#x27;</dd>" in article  # shown, not linked
    assert 'href="https://example.invalid/a?b=&quot;&gt;&lt;script&gt;' in pages[3]
