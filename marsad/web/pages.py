"""The reader's pages as HTML strings (server side; no script, no external resource).

Every untrusted string goes through :func:`marsad.web.markup.esc`; article text with its
highlights through :func:`marsad.web.markup.mark_text`. Pages are right-to-left Arabic
with landmarks, a skip link, labelled controls and one ``h1`` each.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from marsad.model import ENTITY_TYPES, FACT_STATUSES, Article, Citation
from marsad.present.to_html import anchor, timeline_svg
from marsad.web.markup import Mark, cite_anchor, esc, href, join_names, link_out, mark_text, path_id, query_string
from marsad.web.views import (
    SearchResult,
    StoryBrief,
    StoryFilters,
    StoryView,
    coverage_matrix,
    offtopic_ranges,
    story_citations,
    word_keys,
)

__all__ = [
    "STATUS_LABELS",
    "TYPE_LABELS",
    "article_page",
    "entity_page",
    "error_page",
    "layout",
    "search_page",
    "story_list_page",
    "story_page",
]

STATUS_LABELS = {"corroborated": "مؤكَّدة", "single-source": "مصدر واحد", "conflicting": "متعارضة"}
TYPE_LABELS = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان", "GPE": "دولة أو مدينة", "MISC": "أخرى"}

# A story page shows the full text of at most this many articles (those cited by the
# summary, timeline or facts always); the others are listed with a link to their page.
MAX_TEXTS_PER_STORY = 25
# ...and at most this many of its names (the most cited first; all of them are in the API).
MAX_ENTITIES_PER_STORY = 60

_LANG = re.compile(r"^[a-z]{2,3}$")


def _story_href(story_id: str, fragment: str | None = None) -> str:
    return href(f"/stories/{path_id(story_id)}", fragment)


def _article_href(article_id: str) -> str:
    return href(f"/articles/{path_id(article_id)}")


def _entity_href(entity_id: str) -> str:
    return href(f"/entities/{path_id(entity_id)}")


def _when(value: str) -> str:
    """An ISO date or time as shown: date and minutes, no seconds or zone (kept in datetime=)."""
    return value[:16].replace("T", " ") if "T" in value else value


def _time(value: str) -> str:
    return f'<time datetime="{esc(value)}">{esc(_when(value))}</time>'


def _date_span(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "تاريخ غير معروف"
    if not start or not end or start == end:
        return _time(start or end or "")
    return f"{_time(start)} – {_time(end)}"


def _lang_attrs(language: str | None) -> str:
    """lang/dir for a text block in another language (a French article reads left to right)."""
    if language and language != "ar" and _LANG.match(language):
        return f' lang="{language}" dir="auto"'
    return ""


def layout(title: str, main: str, *, query: str = "", footer_note: str = "") -> str:
    """The page frame: skip link, header with the search form, main landmark, footer."""
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} — مرصد</title>"
        '<link rel="stylesheet" href="/static/marsad.css"><link rel="icon" href="data:,">'
        '</head><body><a class="skip" href="#main">انتقل إلى المحتوى</a>'
        '<header class="site"><div class="bar">'
        '<a class="brand" href="/">مرصد <span class="tag">قصص الأخبار من منافذ عدة</span></a>'
        '<form class="search" role="search" action="/search" method="get">'
        '<label for="q" class="vh">ابحث في المقالات</label>'
        f'<input id="q" name="q" type="search" value="{esc(query)}" placeholder="ابحث في المقالات…"'
        ' maxlength="300" autocomplete="off">'
        '<button type="submit">بحث</button></form>'
        '<nav aria-label="الأقسام"><ul><li><a href="/">القصص</a></li><li><a href="/search">البحث</a></li>'
        '<li><a href="/openapi.json">واجهة البرمجة</a></li></ul></nav>'
        "</div></header>"
        f'<main id="main" tabindex="-1">{main}</main>'
        f'<footer class="site"><p>مرصد — يعمل دون اتصال؛ كل جملة في الملخص تحيل إلى مقالها. {footer_note}</p></footer>'
        "</body></html>"
    )


def error_page(status: int, message: str) -> str:
    titles = {404: "غير موجود", 400: "طلب غير صالح", 401: "غير مصرّح", 413: "الطلب كبير جدًا", 422: "طلب غير صالح"}
    title = titles.get(status, "خطأ")
    return layout(
        title,
        f'<h1>{esc(title)}</h1><p class="notice">{esc(message)}</p><p><a href="/">العودة إلى القصص</a></p>',
    )


# --- story list ---
def _story_card(brief: StoryBrief, heading: str = "h2") -> str:
    s = brief
    lead = f'<p class="lead">{esc(s.lead)}</p>' if s.lead else ""
    topic = ""
    if s.topic and brief.topic_title:
        topic = (
            f' · الموضوع: <a href="/{esc(query_string({"topic": s.topic}))}"><bdi>{esc(brief.topic_title)}</bdi></a>'
        )
    outlets = f" · {join_names(brief.outlets)}" if brief.outlets else ""
    return (
        f'<li class="card story-card"><{heading}><a href="{_story_href(s.id)}"><bdi>{esc(s.title or s.id)}</bdi></a>'
        f'</{heading}><p class="meta">{_date_span(s.start, s.end)} · {s.size} مقال{outlets}{topic}</p>'
        f"{lead}</li>"
    )


def _select(name: str, label: str, options: Sequence[tuple[str, str]], current: str | None) -> str:
    opts = "".join(
        f'<option value="{esc(v)}"{" selected" if v == (current or "") else ""}>{esc(text)}</option>'
        for v, text in [("", "الكل"), *options]
    )
    return (
        f'<div class="field"><label for="f-{name}">{label}</label>'
        f'<select id="f-{name}" name="{name}">{opts}</select></div>'
    )


def story_list_page(
    briefs: Sequence[StoryBrief],
    filters: StoryFilters,
    *,
    page: int,
    has_next: bool,
    outlets: Sequence[tuple[str, int]],
    topics: Mapping[str, str],
    entity_name: str | None,
    counts: tuple[int, int],
    notice: str = "",
) -> str:
    """``/``: stories latest first, a filter form, active filters and paging."""
    params = {
        "topic": filters.topic,
        "outlet": filters.outlet,
        "entity": filters.entity,
        "since": filters.since,
        "until": filters.until,
    }
    fields = [_select("outlet", "المنفذ", [(o, f"{o} ({n})") for o, n in outlets], filters.outlet)]
    if len(topics) <= 300:
        fields.append(_select("topic", "الموضوع", sorted(topics.items(), key=lambda kv: kv[1]), filters.topic))
    elif filters.topic:
        fields.append(f'<input type="hidden" name="topic" value="{esc(filters.topic)}">')
    if filters.entity:
        fields.append(f'<input type="hidden" name="entity" value="{esc(filters.entity)}">')
    fields.append(
        f'<div class="field"><label for="f-since">من تاريخ</label>'
        f'<input id="f-since" name="since" type="date" value="{esc(filters.since)}"></div>'
        f'<div class="field"><label for="f-until">إلى تاريخ</label>'
        f'<input id="f-until" name="until" type="date" value="{esc(filters.until)}"></div>'
    )
    form = (
        '<form class="filters card" method="get" action="/" aria-label="تصفية القصص">'
        + "".join(fields)
        + '<div class="field"><button type="submit">تصفية</button></div></form>'
    )
    chips = []
    names = {
        "topic": ("الموضوع", topics.get(filters.topic or "", filters.topic)),
        "outlet": ("المنفذ", filters.outlet),
        "entity": ("الاسم", entity_name or filters.entity),
        "since": ("من", filters.since),
        "until": ("إلى", filters.until),
    }
    for key, (label, value) in names.items():
        if params[key]:
            rest = query_string({k: v for k, v in params.items() if k != key})
            chips.append(
                f"<li>{label}: <bdi>{esc(value)}</bdi> "
                f'<a href="/{esc(rest)}" aria-label="إزالة عامل التصفية {label}">✕</a></li>'
            )
    active = f'<ul class="chips active" aria-label="عوامل التصفية">{"".join(chips)}</ul>' if chips else ""
    items = "".join(_story_card(b) for b in briefs)
    listing = f'<ol class="stories">{items}</ol>' if briefs else '<p class="notice">لا قصص تطابق عوامل التصفية.</p>'
    nav = []
    if page > 1:
        nav.append(f'<a rel="prev" href="/{esc(query_string({**params, "page": page - 1}))}">→ السابق</a>')
    nav.append(f'<span aria-current="page">صفحة {page}</span>')
    if has_next:
        nav.append(f'<a rel="next" href="/{esc(query_string({**params, "page": page + 1}))}">التالي ←</a>')
    n_articles, n_stories = counts
    notice_html = f'<p class="notice" role="status">{esc(notice)}</p>' if notice else ""
    main = (
        f'<h1>القصص</h1><p class="meta">{n_stories} قصة من {n_articles} مقال، الأحدث أولًا.</p>'
        f"{notice_html}{form}{active}{listing}"
        f'<nav class="pages" aria-label="الصفحات">{" ".join(nav)}</nav>'
    )
    return layout("القصص", main)


# --- search ---
def _marked_snippet(snippet: str, keys: set[str]) -> str:
    marks = [Mark(m.start(), m.end(), "mark") for m in re.finditer(r"\w+", snippet) if word_keys(m.group()) & keys]
    return mark_text(snippet, marks)


def search_page(query: str, results: Sequence[SearchResult] | None, keys: set[str], *, limit: int) -> str:
    """``/search?q=``: the form, then each hit with its title, outlet, story and snippet."""
    form = (
        '<form class="search-big card" role="search" action="/search" method="get">'
        '<label for="q2">كلمات البحث (تُطابَق بصيغها المختلفة: اسطنبول/إسطنبول، أمريكي/أميركي)</label>'
        f'<div class="row"><input id="q2" name="q" type="search" value="{esc(query)}" maxlength="300" required>'
        '<button type="submit">بحث</button></div></form>'
    )
    if results is None:
        return layout("البحث", f"<h1>البحث</h1>{form}", query=query)
    items = []
    for r in results:
        hit = r.hit
        story = ""
        if hit.story:
            story = f' · القصة: <a href="{_story_href(hit.story)}"><bdi>{esc(r.story_title or hit.story)}</bdi></a>'
        items.append(
            f'<li class="card hit"><h2><a href="{_article_href(hit.article)}">'
            f"<bdi>{esc(hit.title or hit.article)}</bdi>"
            f'</a></h2><p class="meta"><bdi>{esc(hit.outlet or "منفذ غير معروف")}</bdi> · '
            f"{_date_span(hit.published, hit.published)}{story}</p>"
            f'<p class="snippet">{_marked_snippet(hit.snippet, keys)}</p></li>'
        )
    count = len(results)
    more = f" (أول {limit})" if count >= limit else ""
    status = f'<p class="meta" role="status">{count} نتيجة لـ «<bdi>{esc(query)}</bdi>»{more}</p>'
    listing = f'<ol class="results">{"".join(items)}</ol>' if items else '<p class="notice">لا نتائج.</p>'
    return layout(f"بحث: {query}", f"<h1>نتائج البحث</h1>{form}{status}{listing}", query=query)


# --- story ---
def _valid_span(c: Citation, articles: Mapping[str, Article]) -> bool:
    a = articles.get(c.article)
    return a is not None and 0 <= c.start < c.end <= len(a.text)


def _cite_marks(
    story_id: str,
    ids: Sequence[str],
    number: Mapping[str, int],
    spans: Mapping[str, Citation],
    articles: Mapping[str, Article],
) -> str:
    marks = []
    for aid in dict.fromkeys(ids):
        if aid not in number:
            continue
        span = spans.get(aid)
        target = cite_anchor(span.article, span.start, span.end) if span else anchor("art", aid)
        outlet = articles[aid].outlet if aid in articles else None
        label = f"المصدر {number[aid]}" + (f": {outlet}" if outlet else "") + (" (الجملة المقتبسة)" if span else "")
        marks.append(
            f'<sup class="cite"><a href="{_story_href(story_id, target)}" title="{esc(label)}"'
            f' aria-label="{esc(label)}">[{number[aid]}]</a></sup>'
        )
    return "".join(marks)


def _offtopic_marks(article: Article) -> list[Mark]:
    return [
        Mark(
            a,
            b,
            "span",
            (("class", "offtopic"), ("title", "مقطع خارج موضوع المقال")),
            0,
            f"{anchor('off', article.id)}-{i}",
        )
        for i, (a, b) in enumerate(offtopic_ranges(article), 1)
    ]


def _story_text(article: Article, cited: Sequence[Citation]) -> str:
    marks = _offtopic_marks(article)
    marks += [
        Mark(c.start, c.end, "span", (("class", "cited"),), 1, cite_anchor(c.article, c.start, c.end)) for c in cited
    ]
    return f'<div class="text"{_lang_attrs(article.language)}>{mark_text(article.text, marks)}</div>'


def _article_card(
    a: Article,
    number: Mapping[str, int],
    copies: Sequence[Article],
    cited: Mapping[str, list[Citation]],
    with_text: bool,
) -> str:
    title = esc(a.title or a.text[:80] or a.id)
    meta = [f"<bdi>{esc(a.outlet or 'منفذ غير معروف')}</bdi>", _date_span(a.published, a.published)]
    if a.url:
        meta.append(link_out(a.url, "الصفحة الأصلية"))
    text = ""
    if with_text:
        opened = " open" if cited.get(a.id) else ""
        off = " · فيه مقطع خارج الموضوع (مظلَّل)" if any(s.segment for s in a.sentences) else ""
        text = f"<details{opened}><summary>النص{off}</summary>{_story_text(a, cited.get(a.id, []))}</details>"
    copy_items = []
    for c in copies:
        copy_text = ""
        if cited.get(c.id):
            copy_text = f"<details open><summary>نص النسخة</summary>{_story_text(c, cited[c.id])}</details>"
        copy_items.append(
            f'<li id="{anchor("art", c.id)}">[{number.get(c.id, "")}] <bdi>{esc(c.outlet or "؟")}</bdi> — '
            f'<a href="{_article_href(c.id)}"><bdi>{esc(c.title or c.id)}</bdi></a> '
            f"{_date_span(c.published, c.published)}{copy_text}</li>"
        )
    copies_html = (
        f'<div class="copies"><h4>نسخ مطابقة ({len(copies)})</h4><ul>{"".join(copy_items)}</ul></div>' if copies else ""
    )
    flags = f'<p class="flags">{esc("؛ ".join(a.flags))}</p>' if a.flags else ""
    return (
        f'<article class="article card" id="{anchor("art", a.id)}">'
        f'<h3><span class="num">[{number.get(a.id, "")}]</span> '
        f'<a href="{_article_href(a.id)}"><bdi>{title}</bdi></a></h3>'
        f'<p class="meta">{" · ".join(meta)}</p>{flags}{text}{copies_html}</article>'
    )


def _spans_by_article(citations: Sequence[Citation], articles: Mapping[str, Article]) -> dict[str, Citation]:
    out: dict[str, Citation] = {}
    for c in citations:
        if _valid_span(c, articles):
            out.setdefault(c.article, c)
    return out


def _status(status: str) -> str:
    cls = status if status in FACT_STATUSES else "unknown"
    return f'<span class="st {cls}">{esc(STATUS_LABELS.get(status, status))}</span>'


def story_page(view: StoryView) -> str:
    """``/stories/{id}``: summary with citation marks, timeline, entities, facts, coverage, articles."""
    story, articles = view.story, view.articles
    number = {aid: i for i, aid in enumerate(story.articles, 1)}
    members = [articles[a] for a in story.articles if a in articles]
    canonical_ids = {a.id for a in members if not (a.duplicate_of and a.duplicate_of in articles)}
    with_text: set[str] = set()
    cited_spans = [c for c in story_citations(story) if _valid_span(c, articles)]
    for c in cited_spans:
        with_text.add(c.article)
    for a in members:
        if len(with_text) >= MAX_TEXTS_PER_STORY:
            break
        if a.id in canonical_ids:
            with_text.add(a.id)
    # Only spans whose article text is on the page can be linked to.
    cited: dict[str, list[Citation]] = {}
    for c in cited_spans:
        canonical = articles[c.article].duplicate_of
        shown = c.article in with_text and (c.article in canonical_ids or canonical in canonical_ids)
        if shown:
            cited.setdefault(c.article, []).append(c)
    linkable = {aid: spans for aid, spans in cited.items()}

    def spans_for(citations: Sequence[Citation]) -> dict[str, Citation]:
        return {k: v for k, v in _spans_by_article(citations, articles).items() if k in linkable}

    parts = [
        '<nav class="crumbs" aria-label="مسار التصفح"><a href="/">القصص</a>'
        + (
            f' › <a href="/{esc(query_string({"topic": view.topic.id}))}"><bdi>{esc(view.topic.title)}</bdi></a>'
            if view.topic
            else ""
        )
        + "</nav>",
        f"<h1><bdi>{esc(story.title or story.id)}</bdi></h1>",
        f'<p class="meta">{_date_span(story.start, story.end)} · {len(story.articles)} مقال · '
        f"{len([o for o in view.outlets if o])} منفذ: {join_names([o for o in view.outlets if o])}</p>",
    ]
    toc = []
    if story.summary:
        items = "".join(
            f"<li>{esc(s.text)} "
            f"{_cite_marks(story.id, s.citations, number, spans_for([s.source] if s.source else []), articles)}</li>"
            for s in story.summary
        )
        parts.append(
            '<section aria-labelledby="h-summary" class="card"><h2 id="h-summary">الملخص</h2>'
            '<p class="meta">كل رقم يحيل إلى المقال، وإلى الجملة المقتبسة منه حين تُعرف.</p>'
            f'<ol class="summary">{items}</ol></section>'
        )
        toc.append(("h-summary", "الملخص"))
    if story.timeline:
        items = "".join(
            f'<li><time datetime="{esc(t.date)}">{esc(t.date)}</time> {esc(t.text)} '
            f"{_cite_marks(story.id, t.citations, number, spans_for(t.sources), articles)}</li>"
            for t in story.timeline
        )
        parts.append(
            '<section aria-labelledby="h-timeline" class="card"><h2 id="h-timeline">التسلسل الزمني</h2>'
            f'{timeline_svg(story.timeline)}<ol class="timeline">{items}</ol></section>'
        )
        toc.append(("h-timeline", "التسلسل الزمني"))
    if story.entities:
        items = []
        shown = sorted(story.entities, key=lambda e: -len(e.articles))[:MAX_ENTITIES_PER_STORY]
        for e in shown:
            variants = [v for v in e.variants if v != e.name]
            extra = ""
            if variants:
                extra += f'<span class="variants">الصيغ: {join_names(variants)}</span>'
            if e.roles:
                extra += f'<span class="roles">الصفات: {join_names(e.roles)}</span>'
            type_label = TYPE_LABELS.get(e.type, e.type)
            type_class = e.type if e.type in ENTITY_TYPES else "MISC"
            items.append(
                f'<li><a href="{_entity_href(e.id)}"><bdi>{esc(e.name)}</bdi></a> '
                f'<span class="type t-{type_class}">{esc(type_label)}</span> '
                f'<span class="meta">في {len(e.articles)} مقال</span>{extra}</li>'
            )
        hidden = len(story.entities) - len(shown)
        more_names = (
            f'<p class="meta">و{hidden} اسمًا آخر أقل ذكرًا (كلها في <a href="/api/stories/{path_id(story.id)}">'
            "واجهة البرمجة</a>).</p>"
            if hidden
            else ""
        )
        parts.append(
            '<section aria-labelledby="h-entities" class="card"><h2 id="h-entities">الأسماء</h2>'
            f'<ul class="entities">{"".join(items)}</ul>{more_names}</section>'
        )
        toc.append(("h-entities", "الأسماء"))
    if story.facts:
        rows = []
        for f in story.facts:
            values = ""
            if f.values:
                values = (
                    '<ul class="values">'
                    + "".join(
                        f"<li><b>{esc(v)}</b> {_cite_marks(story.id, ids, number, {}, articles)}</li>"
                        for v, ids in f.values.items()
                    )
                    + "</ul>"
                )
            rows.append(
                f"<tr><td>{_status(f.status)}</td><td>{esc(f.text)}{values}</td>"
                f"<td>{_cite_marks(story.id, f.sources, number, spans_for(f.evidence), articles)}</td></tr>"
            )
        parts.append(
            '<section aria-labelledby="h-facts" class="card"><h2 id="h-facts">الوقائع عبر المنافذ</h2>'
            '<div class="scroll" role="region" aria-labelledby="h-facts" tabindex="0"><table class="facts">'
            '<thead><tr><th scope="col">الحالة</th><th scope="col">الواقعة</th>'
            '<th scope="col">المصادر</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div></section>"
        )
        outlets = [o for o in view.outlets if o]
        matrix = coverage_matrix(story, articles, outlets)
        head = "".join(f'<th scope="col"><bdi>{esc(o)}</bdi></th>' for o in outlets)
        body = "".join(
            f'<tr><th scope="row">{_status(f.status)} {esc(_short(f.text))}</th>'
            + "".join(
                '<td class="yes"><span aria-hidden="true">✓</span><span class="vh">نعم</span></td>'
                if yes
                else '<td class="no"><span class="vh">لا</span></td>'
                for yes in row
            )
            + "</tr>"
            for f, row in zip(story.facts, matrix, strict=True)
        )
        parts.append(
            '<section aria-labelledby="h-coverage" class="card"><h2 id="h-coverage">من نقل كل واقعة</h2>'
            '<div class="scroll" role="region" aria-labelledby="h-coverage" tabindex="0"><table class="coverage">'
            f'<thead><tr><th scope="col">الواقعة</th>{head}</tr></thead><tbody>{body}</tbody></table></div></section>'
        )
        toc.append(("h-facts", "الوقائع"))
        toc.append(("h-coverage", "التغطية"))
    copies: dict[str, list[Article]] = {}
    for a in members:
        if a.id not in canonical_ids:
            copies.setdefault(a.duplicate_of or "", []).append(a)
    cards = []
    listed = []
    for a in members:
        if a.id not in canonical_ids:
            continue
        if a.id in with_text or copies.get(a.id):
            cards.append(_article_card(a, number, copies.get(a.id, []), linkable, a.id in with_text))
        else:
            listed.append(
                f'<li id="{anchor("art", a.id)}">[{number[a.id]}] <bdi>{esc(a.outlet or "؟")}</bdi> — '
                f'<a href="{_article_href(a.id)}"><bdi>{esc(a.title or a.id)}</bdi></a> '
                f"{_date_span(a.published, a.published)}</li>"
            )
    more = f'<h3>مقالات أخرى ({len(listed)})</h3><ul class="more">{"".join(listed)}</ul>' if listed else ""
    n_copies = sum(len(v) for v in copies.values())
    parts.append(
        '<section aria-labelledby="h-articles"><h2 id="h-articles">المقالات</h2>'
        f'<p class="meta">{len(canonical_ids)} مقالًا أصليًا'
        + (f"، و{n_copies} نسخة مطابقة مطويّة تحت أصلها" if n_copies else "")
        + f".</p>{''.join(cards)}{more}</section>"
    )
    toc.append(("h-articles", "المقالات"))
    if view.siblings:
        items = "".join(
            f'<li><a href="{_story_href(s.id)}"><bdi>{esc(s.title or s.id)}</bdi></a> '
            f'<span class="meta">{_date_span(s.start, s.end)} · {s.size} مقال</span></li>'
            for s in view.siblings
        )
        parts.append(
            '<section aria-labelledby="h-siblings" class="card"><h2 id="h-siblings">قصص أخرى في الموضوع نفسه</h2>'
            f"<ul>{items}</ul></section>"
        )
        toc.append(("h-siblings", "قصص الموضوع"))
    toc_html = (
        '<nav class="toc" aria-label="أقسام القصة"><ul>'
        + "".join(f'<li><a href="#{i}">{label}</a></li>' for i, label in toc)
        + "</ul></nav>"
    )
    parts.insert(3, toc_html)
    return layout(story.title or story.id, '<div class="story-page">' + "".join(parts) + "</div>")


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- article ---
def _type_label(label: str) -> str:
    return TYPE_LABELS.get(label, label)


def article_page(article: Article, story_title: str | None, canonical_title: str | None) -> str:
    """``/articles/{id}``: clean text with names, dates and the off-topic segment marked;
    the removed chrome apart, each piece with its reason."""
    a = article
    marks = _offtopic_marks(a)
    for m in a.mentions:
        label = m.label if m.label in ENTITY_TYPES else "MISC"
        title = _type_label(label) + (f" — {m.role}" if m.role else "")
        attrs: tuple[tuple[str, str], ...] = (("class", f"ent e-{label}"), ("title", title))
        if m.entity:
            marks.append(Mark(m.start, m.end, "a", (*attrs, ("href", f"/entities/{path_id(m.entity)}")), 2))
        else:
            marks.append(Mark(m.start, m.end, "mark", attrs, 2))
    for t in a.times:
        attrs = (("class", "tx"), ("title", f"تاريخ: {t.value}" if t.value else "تعبير زمني غير محدد"))
        if t.value:
            attrs = (*attrs, ("datetime", t.value))
        marks.append(Mark(t.start, t.end, "time", attrs, 3))
    meta = [
        ("المنفذ", f"<bdi>{esc(a.outlet or 'غير معروف')}</bdi>"),
        ("تاريخ النشر", _date_span(a.published, a.published) if a.published else "غير معروف"),
        ("اللغة", esc(a.language or "غير معروفة")),
    ]
    if a.story:
        meta.append(("القصة", f'<a href="{_story_href(a.story)}"><bdi>{esc(story_title or a.story)}</bdi></a>'))
    if a.duplicate_of:
        meta.append(
            (
                "نسخة مطابقة من",
                f'<a href="{_article_href(a.duplicate_of)}"><bdi>{esc(canonical_title or a.duplicate_of)}</bdi></a>',
            )
        )
    if a.url:
        meta.append(("الرابط", link_out(a.url, a.url)))
    meta.append(("المُدخل", f"<bdi>{esc(a.input)}</bdi>"))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
    off = offtopic_ranges(a)
    notes = []
    if off:
        notes.append(
            f'<p class="notice">في آخر المقال مقطع عن خبر آخر لا علاقة له بموضوعه: '
            f'<a href="#{anchor("off", a.id)}-1">انتقل إلى المقطع المظلَّل</a>.</p>'
        )
    if a.flags:
        notes.append(f'<p class="flags">ملاحظات: {esc("؛ ".join(a.flags))}</p>')
    legend = (
        '<p class="legend" aria-label="دليل الألوان"><mark class="ent e-PER">شخص</mark> '
        '<mark class="ent e-ORG">منظمة</mark> <mark class="ent e-GPE">دولة أو مدينة</mark> '
        '<mark class="ent e-LOC">مكان</mark> <mark class="ent e-MISC">أخرى</mark> '
        '<time class="tx">تعبير زمني</time> <span class="offtopic">خارج الموضوع</span></p>'
    )
    removed = ""
    if a.removed:
        items = "".join(
            f'<li><span class="reason">{esc(r.reason)}</span> <q><bdi>{esc(r.text)}</bdi></q></li>' for r in a.removed
        )
        removed = (
            '<aside class="removed card" aria-labelledby="h-removed">'
            f'<h2 id="h-removed">ما أُزيل من الصفحة ({len(a.removed)})</h2>'
            '<p class="meta">عناصر الموقع التي ليست من الخبر، مع سبب إزالة كل منها.</p>'
            f"<ul>{items}</ul></aside>"
        )
    else:
        removed = (
            '<aside class="removed card" aria-labelledby="h-removed"><h2 id="h-removed">ما أُزيل من الصفحة</h2>'
            "<p>لم يُزل شيء.</p></aside>"
        )
    times = ""
    if a.times:
        items = "".join(
            f"<li><bdi>{esc(t.text)}</bdi> ← <code>{esc(t.value or 'غير محدد')}</code></li>" for t in a.times
        )
        times = (
            '<section class="card" aria-labelledby="h-times"><h2 id="h-times">التعبيرات الزمنية</h2>'
            f'<ul class="times">{items}</ul></section>'
        )
    names = ""
    if a.mentions:
        counts = Counter((m.text, m.label, m.entity) for m in a.mentions)
        rows = []
        for (text, label, entity_id), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0])):
            shown = f"<bdi>{esc(text)}</bdi>"
            if entity_id:
                shown = f'<a href="{_entity_href(entity_id)}">{shown}</a>'
            type_class = label if label in ENTITY_TYPES else "MISC"
            times_seen = f" ×{n}" if n > 1 else ""
            rows.append(
                f'<li>{shown} <span class="type t-{type_class}">{esc(_type_label(label))}</span>{times_seen}</li>'
            )
        items = "".join(rows)
        names = (
            '<section class="card" aria-labelledby="h-names"><h2 id="h-names">الأسماء في المقال</h2>'
            f'<ul class="entities compact">{items}</ul></section>'
        )
    main = (
        '<nav class="crumbs" aria-label="مسار التصفح"><a href="/">القصص</a>'
        + (f' › <a href="{_story_href(a.story)}"><bdi>{esc(story_title or a.story)}</bdi></a>' if a.story else "")
        + "</nav>"
        '<article class="card article-page" aria-labelledby="h-title">'
        f'<h1 id="h-title"><bdi>{esc(a.title or a.id)}</bdi></h1>'
        f'<dl class="meta-list">{dl}</dl>{"".join(notes)}{legend}'
        f'<div class="text"{_lang_attrs(a.language)}>{mark_text(a.text, marks)}</div></article>'
        f"{removed}{names}{times}"
    )
    return layout(a.title or a.id, main)


# --- entity ---
def _month_chart(stories: Sequence[StoryBrief], width: int = 600) -> str:
    """An inline SVG bar chart: how many of the stories started in each month."""
    months = Counter((s.start or "")[:7] for s in stories if s.start and len(s.start) >= 7)
    if not months:
        return ""
    keys = sorted(months)
    try:
        first = date.fromisoformat(keys[0] + "-01")
        last = date.fromisoformat(keys[-1] + "-01")
    except ValueError:
        return ""
    span: list[str] = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month) and len(span) < 240:
        span.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    top = max(months.values())
    pad, height = 30, 90
    step = (width - 2 * pad) / max(len(span), 1)
    bars = []
    for i, month in enumerate(span):
        n = months.get(month, 0)
        if not n:
            continue
        h = 60 * n / top
        bar = min(max(step - 2, 1), 24)
        x = width - pad - (i + 0.5) * step - bar / 2  # right to left: the first month on the right
        bars.append(
            f'<rect x="{x:.1f}" y="{70 - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#0b5f73">'
            f"<title>{esc(month)}: {n}</title></rect>"
        )
    labels = (
        f'<text x="{width - pad}" y="{height - 4}" text-anchor="end">{esc(span[0])}</text>'
        f'<text x="{pad}" y="{height - 4}" text-anchor="start">{esc(span[-1])}</text>'
    )
    return (
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" aria-label="عدد القصص في كل شهر">'
        f'<line x1="{pad}" y1="70" x2="{width - pad}" y2="70" stroke="#9aa5ad"/>' + "".join(bars) + labels + "</svg>"
    )


def entity_page(entity: Mapping[str, object], briefs: Sequence[StoryBrief]) -> str:
    """``/entities/{id}``: the entity, its spellings and roles, and its stories over time."""
    name = str(entity.get("name") or entity.get("id") or "")
    etype = str(entity.get("type") or "")
    variants = [str(v) for v in entity.get("variants") or [] if str(v) != name]  # type: ignore[attr-defined]
    roles = [str(r) for r in entity.get("roles") or []]  # type: ignore[attr-defined]
    info = [f'<span class="type t-{etype if etype in ENTITY_TYPES else "MISC"}">{esc(_type_label(etype))}</span>']
    if variants:
        info.append(f"الصيغ: {join_names(variants)}")
    if roles:
        info.append(f"الصفات: {join_names(roles)}")
    items = "".join(_story_card(b, "h3") for b in briefs)
    filter_link = (
        f'<a href="/{esc(query_string({"entity": str(entity.get("id") or "")}))}">تصفية قائمة القصص بهذا الاسم</a>'
    )
    main = (
        f'<nav class="crumbs" aria-label="مسار التصفح"><a href="/">القصص</a></nav>'
        f'<h1><bdi>{esc(name)}</bdi></h1><p class="meta">{" · ".join(info)}</p>'
        f'<section class="card" aria-labelledby="h-time"><h2 id="h-time">قصصه عبر الزمن ({len(briefs)})</h2>'
        f"{_month_chart(briefs)}<p>{filter_link}</p></section>"
        f'<section aria-labelledby="h-stories"><h2 id="h-stories">القصص، الأحدث أولًا</h2>'
        + (f'<ol class="stories">{items}</ol>' if items else '<p class="notice">لا قصص.</p>')
        + "</section>"
    )
    return layout(name, main)
