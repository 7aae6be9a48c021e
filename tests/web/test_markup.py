"""Escaping, external links and nested highlights (marsad/web/markup.py)."""

from __future__ import annotations

import pytest

from marsad.web.markup import Mark, cite_anchor, esc, link_out, mark_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('"><img src=x onerror=alert(1)>', "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        ("عنوان\u202eمعكوس\u202c", "عنوانمعكوس"),  # bidi override and pop removed
        ("\u2067اسم\u2069 \u200fو\u061c", "اسم و"),  # isolates, RLM, Arabic letter mark
        ("a\x00b\x1bc\td\ne", "abc\td\ne"),  # controls other than tab/newline removed
        ("it's", "it&#x27;s"),
    ],
)
def test_esc(raw: str, shown: str) -> None:
    assert esc(raw) == shown


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:x",
        "/relative",
        "",
        None,
    ],
)
def test_only_http_urls_are_linked(url: str | None) -> None:
    assert link_out(url, "المصدر") == "المصدر"


def test_http_link_is_escaped_and_passes_nothing_on() -> None:
    html = link_out('https://example.invalid/a?b="><script>x</script>', "<b>المصدر</b>")
    assert html.startswith('<a href="https://example.invalid/a?b=&quot;&gt;&lt;script&gt;x&lt;/script&gt;"')
    assert 'rel="noopener noreferrer nofollow"' in html and "&lt;b&gt;المصدر&lt;/b&gt;" in html


def test_mark_text_nests_and_splits_crossing_marks() -> None:
    text = "قال الوزير أمس في إسطنبول"
    sentence = Mark(0, len(text), "span", (("class", "cited"),), 0, "c1")
    person = Mark(4, 10, "a", (("href", "/entities/e1"),), 2)
    day = Mark(8, 14, "time", (("datetime", "2025-02-18"),), 3)  # crosses the name's end
    html = mark_text(text, [person, day, sentence])
    assert html == (
        '<span id="c1" class="cited">قال <a href="/entities/e1">الوز<time datetime="2025-02-18">ير</time></a>'
        '<time datetime="2025-02-18"> أمس</time> في إسطنبول</span>'
    )


def test_mark_text_ids_once_links_never_nested_and_spans_clipped() -> None:
    text = "abcdef"
    outer = Mark(0, 4, "a", (("href", "/x"),), 0, "first")
    inner = Mark(1, 3, "a", (("href", "/y"), ("title", "t")), 1)
    later = Mark(2, 6, "span", (), 0, "split")
    html = mark_text(text, [outer, inner, later, Mark(10, 20, "b"), Mark(3, 3, "i")])
    assert html.count('id="first"') == 1 and html.count('id="split"') == 1
    assert html.count("<a ") == 1  # the inner link became a span inside the outer one
    assert '<span title="t">' in html and "/y" not in html
    assert "<b>" not in html and "<i>" not in html


def test_mark_text_escapes_the_text_between_marks() -> None:
    html = mark_text("<b>x</b> & y", [Mark(3, 4, "mark", (("title", '"><script>'),))])
    assert html == '&lt;b&gt;<mark title="&quot;&gt;&lt;script&gt;">x</mark>&lt;/b&gt; &amp; y'


def test_cite_anchor_is_stable_and_safe() -> None:
    a = cite_anchor('a"><script>', 0, 10)
    assert a == cite_anchor('a"><script>', 0, 10) != cite_anchor('a"><script>', 0, 11)
    assert a.startswith("cite-") and a[5:].isalnum()
