"""The reader's pages in a real headless Chromium (Debian's /usr/bin/chromium driven by
Playwright), served by uvicorn on loopback: browse, search, follow a citation to the
sentence it cites, read an article, a phone-width screen, keyboard use, and hostile inputs
that must show as text and never run. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.store.sqlite import SqliteStore
from marsad.web import create_app
from marsad.web.markup import cite_anchor
from tests.conftest import ROOT
from tests.web.conftest import FIRE_INPUT, FIRE_TAIL_INPUT, article_ids, live_server

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    if os.environ.get("MARSAD_REQUIRE_BROWSER"):
        raise RuntimeError(f"MARSAD_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
expect = sync_api.expect

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HIGHLIGHT = "rgb(255, 229, 138)"  # --hl in web.css: a targeted cited sentence


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(composed_db: Path) -> Iterator[str]:
    with live_server(create_app(composed_db)) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_site(hostile_db: Path) -> Iterator[str]:
    with live_server(create_app(hostile_db)) as base:
        yield base


@pytest.fixture(scope="module")
def fire(composed_db: Path):
    ids = article_ids(composed_db)
    with SqliteStore(composed_db) as store:
        story = store.get_story(store.get_article(ids[FIRE_INPUT]).story)
    return story, ids


class Watch:
    """What a page did that it must not: dialogs, CSP violations, requests leaving loopback."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.csp: list[str] = []
        self.external: list[str] = []


def _page(browser: Any, width: int = 1200, height: int = 900) -> tuple[Any, Any, Watch]:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ar")
    watch = Watch()

    def route(r: Any) -> None:
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            watch.external.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: "Content Security Policy" in m.text and watch.csp.append(m.text))
    return context, page, watch


def _clean(watch: Watch) -> None:
    assert watch.dialogs == [] and watch.csp == [] and watch.external == []


def test_story_list_then_open_a_story(browser: Any, site: str, fire) -> None:
    story, _ = fire
    context, page, watch = _page(browser)
    page.goto(site + "/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    expect(page.locator("li.story-card")).to_have_count(5)
    page.screenshot(path=str(ARTIFACTS / "list.png"), full_page=True)
    page.get_by_role("link", name=story.title, exact=True).first.click()
    page.wait_for_url(f"**/stories/{story.id}")
    expect(page.locator("h1")).to_have_text(story.title)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    _clean(watch)
    context.close()


def test_search_from_the_header_box(browser: Any, site: str) -> None:
    context, page, watch = _page(browser)
    page.goto(site + "/")
    box = page.get_by_label("ابحث في المقالات")
    box.fill("الاسكندرية")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    expect(hits).to_have_count(6)
    expect(hits.first.locator("mark").first).to_be_visible()
    assert set(page.locator("li.hit mark").all_inner_texts()) <= {"الإسكندرية", "الاسكندرية", "بالإسكندرية"}
    expect(hits.first.locator("a[href^='/stories/']")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    box = page.get_by_label("ابحث في المقالات")
    box.fill("امريكي")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    marked = page.locator("li.hit mark").all_inner_texts()
    assert "أميركي" in marked and "أمريكي" in marked  # one query, both spellings
    _clean(watch)
    context.close()


def test_citation_mark_lands_on_the_cited_sentence(browser: Any, site: str, fire) -> None:
    story, _ = fire
    first = story.summary[0]
    target = cite_anchor(first.source.article, first.source.start, first.source.end)
    context, page, watch = _page(browser)
    page.goto(f"{site}/stories/{story.id}")
    expect(page.locator("ol.summary sup.cite a").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "story-examples.png"), full_page=True)
    page.locator("ol.summary li").first.locator("sup.cite a").first.click()
    page.wait_for_url(f"**/stories/{story.id}#{target}")
    landed = page.locator(":target")
    expect(landed).to_have_count(1)
    assert landed.get_attribute("id") == target
    expect(landed).to_be_visible()
    expect(landed).to_be_in_viewport()
    assert landed.inner_text().strip() == first.text
    assert landed.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT
    assert landed.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.screenshot(path=str(ARTIFACTS / "story-citation-target.png"))
    # A mark citing another supporting article (no span of its own) lands on that
    # article's entry: its card, or its line under the canonical copy it duplicates.
    two = next(s for s in story.summary if len(s.citations) >= 2)
    row = page.locator("ol.summary li").nth(story.summary.index(two))
    row.locator("sup.cite a").nth(1).click()
    card = page.locator(":target")
    expect(card).to_have_count(1)
    expect(card).to_be_in_viewport()
    expect(card.locator(f"a[href='/articles/{two.citations[1]}']").first).to_be_visible()
    _clean(watch)
    context.close()


def test_article_page_shows_chrome_apart_and_marks_the_offtopic_tail(browser: Any, site: str, fire) -> None:
    _, ids = fire
    context, page, watch = _page(browser)
    page.goto(f"{site}/articles/{ids[FIRE_TAIL_INPUT]}")
    removed = page.locator("aside.removed")
    expect(removed).to_be_visible()
    expect(removed.locator(".reason", has_text="comment widget")).to_have_count(1)
    text = page.locator("article .text")
    assert "2 تعليقات" in removed.inner_text() and "2 تعليقات" not in text.inner_text()
    # The aside sits apart from the text, not inside it.
    assert page.evaluate("document.querySelector('article .text').contains(document.querySelector('aside'))") is False
    assert text.locator("a.ent").count() >= 3 and text.locator("time.tx").count() >= 3
    page.get_by_role("link", name="انتقل إلى المقطع المظلَّل").click()
    tail = page.locator(":target")
    expect(tail).to_have_class("offtopic")
    expect(tail).to_be_in_viewport()
    assert "منتخب" in tail.inner_text()
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)
    _clean(watch)
    context.close()


def test_phone_width(browser: Any, site: str, fire) -> None:
    story, ids = fire
    context, page, watch = _page(browser, 390, 844)
    for name, path in (
        ("phone-list", "/"),
        ("phone-story", f"/stories/{story.id}"),
        ("phone-article", f"/articles/{ids[FIRE_TAIL_INPUT]}"),
    ):
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path  # no sideways scrolling
        box = page.get_by_label("ابحث في المقالات").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    # The wide coverage table scrolls inside its own box.
    page.goto(f"{site}/stories/{story.id}")
    scroller = page.locator("section[aria-labelledby='h-coverage'] .scroll")
    assert scroller.evaluate("e => e.clientWidth <= 390 && getComputedStyle(e).overflowX === 'auto'")
    _clean(watch)
    context.close()


def test_keyboard_skip_link_and_focus(browser: Any, site: str, fire) -> None:
    story, _ = fire
    context, page, watch = _page(browser)
    page.goto(f"{site}/stories/{story.id}")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("انتقل إلى المحتوى")
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    # The next stop is inside main (the trail back to the list), not the header again.
    assert focused.evaluate("e => document.querySelector('main').contains(e)")
    _clean(watch)
    context.close()


def test_xss_payloads_are_text_and_never_run(browser: Any, hostile_site: str) -> None:
    context, page, watch = _page(browser)
    paths = [
        "/",
        "/stories/s-hostile",
        "/articles/hostile-1",
        "/articles/hostile-2",
        "/entities/e-hostile",
        "/search?q=اسطنبول",
    ]
    for path in paths:
        page.goto(hostile_site + path)
        for mark in page.locator(".ent, .cite a, .reason").all()[:6]:
            mark.hover()  # would fire an injected onmouseover
        assert page.evaluate("window.__xss") is None, path
        assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length") == 0
        injected = page.evaluate(
            "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some("
            "a => a.name.startsWith('on') || a.name === 'autofocus' || a.value.trim().startsWith('javascript:'))).length"
        )
        assert injected == 0, path
    page.goto(hostile_site + "/stories/s-hostile")
    expect(page.locator("h1")).to_contain_text("<script>window.__xss='title'</script>عنوان خبيث")
    expect(page.get_by_text("<img src=x onerror=\"window.__xss='outlet'\">منفذ").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "hostile-story.png"), full_page=True)
    page.goto(hostile_site + "/articles/hostile-1")
    body = page.locator("article .text").inner_text()
    assert "<script>window.__xss='body'</script>" in body and "\u202e" not in body
    _clean(watch)
    context.close()


@pytest.fixture(scope="module")
def seeds_site(seeds_jsonl: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from marsad.cli import main

    out = tmp_path_factory.mktemp("seeds-web")
    assert main(["digest", str(seeds_jsonl), "--out", str(out), "--quiet"]) == 0
    with live_server(create_app(out / "marsad.db")) as base:
        yield base, out / "marsad.db"


def test_seed_story_page_reads_right_to_left_with_citations(browser: Any, seeds_site: tuple[str, Path]) -> None:
    base, db = seeds_site
    with SqliteStore(db) as store:
        story = store.get_story(store.get_article("seed-004").story)
    assert {"seed-000", "seed-004"} <= set(story.articles) and story.summary
    context, page, watch = _page(browser)
    page.goto(f"{base}/stories/{story.id}")
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    expect(page.locator("h1")).to_have_text(story.title)
    marks = page.locator("ol.summary sup.cite a")
    expect(marks.first).to_be_visible()
    assert marks.count() >= len(story.summary)
    summary = page.locator("ol.summary").inner_text()
    assert "الصين" not in summary and "صينيين" not in summary  # seed 000's off-topic tail stays out
    page.screenshot(path=str(ARTIFACTS / "seeds-story.png"), full_page=True)
    marks.first.click()
    landed = page.locator(":target")
    expect(landed).to_be_in_viewport()
    assert landed.inner_text().strip() == story.summary[0].text
    page.screenshot(path=str(ARTIFACTS / "seeds-story-citation.png"))
    context.close()
    context, page, watch2 = _page(browser, 390, 844)
    page.goto(f"{base}/stories/{story.id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "seeds-story-phone.png"), full_page=True)
    _clean(watch)
    _clean(watch2)
    context.close()
