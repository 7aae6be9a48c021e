"""index.html: one self-contained, right-to-left page (no external JS, CSS or fonts).

Everything that comes from an input (titles, text, outlet names, URLs) is untrusted
and escaped; URLs are only linked when they are http(s).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from marsad.model import Article, Story, TimelineEntry, Topic

__all__ = ["CSS", "anchor", "safe_url", "timeline_svg", "topic_order", "write_html"]

CSS = resources.files("marsad.present").joinpath("report.css").read_text(encoding="utf-8")


# The report runs no script and loads nothing: only its own inline style.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def anchor(kind: str, value: str) -> str:
    """An id attribute safe for any input id (ids are untrusted)."""
    return f"{kind}-{hashlib.sha1(value.encode()).hexdigest()[:12]}"


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None (javascript:, data: and others are not linked)."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def timeline_svg(entries: Sequence[TimelineEntry], width: int = 600) -> str:
    """An inline SVG plot of dated entries along one axis (dates as ISO strings)."""
    from datetime import date

    points = []
    for i, e in enumerate(entries):
        try:
            d = date.fromisoformat((e.date + "-01-01")[:10] if len(e.date) == 4 else (e.date + "-01")[:10])
        except ValueError:
            continue
        points.append((d.toordinal(), i, e))
    if not points:
        return ""
    lo = min(p[0] for p in points)
    hi = max(p[0] for p in points)
    span = max(hi - lo, 1)
    pad = 30
    marks = []
    for ordinal, i, e in points:
        x = pad + (ordinal - lo) / span * (width - 2 * pad)
        y = 30 + (i % 3) * 14
        marks.append(
            f'<circle cx="{x:.1f}" cy="20" r="5" fill="#0b5f73"><title>{_e(e.date)}: {_e(e.text)}</title></circle>'
            f'<text x="{x:.1f}" y="{y + 12}" text-anchor="middle">{_e(e.date)}</text>'
        )
    return (
        f'<svg class="timeline" viewBox="0 0 {width} 80" role="img" aria-label="الخط الزمني">'
        f'<line x1="{pad}" y1="20" x2="{width - pad}" y2="20" stroke="#9aa5ad" stroke-width="2"/>'
        + "".join(marks)
        + "</svg>"
    )


def _cites(ids: Sequence[str], number: Mapping[str, int]) -> str:
    return "".join(
        f'<sup class="cite"><a href="#{anchor("art", c)}" title="المقال {number[c]}">[{number[c]}]</a></sup>'
        for c in ids
        if c in number
    )


def _article_html(a: Article, number: Mapping[str, int], copies: Sequence[Article]) -> str:
    url = safe_url(a.url)
    title = _e(a.title or a.text[:80])
    head = f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{title}</a>' if url else title
    offtopic = [(s.start, s.end) for s in a.sentences if s.segment]
    if offtopic:
        cut = offtopic[0][0]
        body = f'{_e(a.text[:cut])}<span class="offtopic" title="مقطع خارج الموضوع">{_e(a.text[cut:])}</span>'
    else:
        body = _e(a.text)
    removed = ""
    if a.removed:
        items = "".join(f'<li>{_e(r.text)} <span class="reason">({_e(r.reason)})</span></li>' for r in a.removed)
        removed = (
            f'<details class="removed"><summary>ما أُزيل من الصفحة ({len(a.removed)})</summary>'
            f"<ul>{items}</ul></details>"
        )
    copy_html = "".join(
        f'<div class="copy">نسخة مطابقة: {_e(c.outlet or "?")} — {_e(c.title)} [{number.get(c.id, "")}]'
        f'<span id="{anchor("art", c.id)}"></span></div>'
        for c in copies
    )
    flags = f'<div class="meta">{_e("؛ ".join(a.flags))}</div>' if a.flags else ""
    return (
        f'<div class="article" id="{anchor("art", a.id)}"><details><summary>[{number.get(a.id, "")}] {head} '
        f'<span class="meta">— {_e(a.outlet or "?")}، {_e(a.published or "؟")}</span></summary>'
        f'{flags}<div class="text">{body}</div>{removed}</details>{copy_html}</div>'
    )


def _story_html(story: Story, articles: Mapping[str, Article]) -> str:
    number = {aid: i for i, aid in enumerate(story.articles, 1)}
    members = [articles[a] for a in story.articles if a in articles]
    outlets = sorted({a.outlet or "?" for a in members})
    span = story.start if story.start == story.end else f"{story.start or '؟'} – {story.end or '؟'}"
    parts = [
        f'<section class="story" id="{anchor("story", story.id)}">',
        f"<h2>{_e(story.title)}</h2>",
        f'<div class="meta">{_e(span)} · {len(members)} مقال · {_e("، ".join(outlets))}</div>',
    ]
    if story.summary:
        items = "".join(f"<li>{_e(s.text)} {_cites(s.citations, number)}</li>" for s in story.summary)
        parts.append(f'<h3>الملخص</h3><ul class="summary">{items}</ul>')
    if story.timeline:
        items = "".join(
            f"<li><b>{_e(t.date)}</b> {_e(t.text)} {_cites(t.citations, number)}</li>" for t in story.timeline
        )
        parts.append(f"<h3>التسلسل الزمني</h3>{timeline_svg(story.timeline)}<ul>{items}</ul>")
    if story.facts:
        rows = "".join(
            f'<tr><td><span class="st {_e(f.status)}">{_e(f.status)}</span></td><td>{_e(f.text)}</td>'
            f"<td>{_cites(f.sources, number)}</td></tr>"
            for f in story.facts
        )
        parts.append(
            f"<h3>الوقائع عبر المنافذ</h3><table><tr><th>الحالة</th><th>الواقعة</th><th>المصادر</th></tr>{rows}</table>"
        )
    if story.entities:
        chips = "".join(
            f'<span title="{_e("، ".join(e.variants))}{(" — " + _e("، ".join(e.roles))) if e.roles else ""}">'
            f"{_e(e.name)} <small>{_e(e.type)}</small></span>"
            for e in story.entities
        )
        parts.append(f'<h3>الأسماء</h3><div class="chips">{chips}</div>')
    copies: dict[str, list[Article]] = {}
    for a in members:
        if a.duplicate_of and a.duplicate_of in number:
            copies.setdefault(a.duplicate_of, []).append(a)
    body = "".join(_article_html(a, number, copies.get(a.id, [])) for a in members if a.duplicate_of not in number)
    parts.append(f"<h3>المقالات</h3>{body}</section>")
    return "".join(parts)


def topic_order(topics: Sequence[Topic], stories: Mapping[str, Story]) -> list[Topic]:
    """Topics newest first (by their latest story), ties by id."""

    def latest(t: Topic) -> str:
        return max((stories[s].end or "" for s in t.stories if s in stories), default="")

    return sorted(topics, key=lambda t: (latest(t), t.id), reverse=True)


def write_html(
    path: Path,
    stories: Sequence[Story],
    topics: Sequence[Topic],
    story_articles: Callable[[Story], Mapping[str, Article]],
    article_count: int,
) -> None:
    """index.html, written story by story (each story's articles fetched as it is written)."""
    by_id = {s.id: s for s in stories}
    ordered = [(t, [by_id[s] for s in t.stories if s in by_id]) for t in topic_order(topics, by_id)]
    with path.open("w", encoding="utf-8") as fh:
        fh.write(
            '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f"<title>مرصد — ملخص الأخبار</title><style>{CSS}</style></head><body>"
            f'<header><h1>مرصد — ملخص الأخبار</h1><div class="meta">{article_count} مقال · {len(stories)} قصة · '
            f"{len(topics)} موضوع</div><details><summary>القصص</summary><ol>"
        )
        for _, members in ordered:
            for s in members:
                fh.write(
                    f'<li><a href="#{anchor("story", s.id)}">{_e(s.title)}</a> '
                    f'<span class="meta">({len(s.articles)})</span></li>'
                )
        fh.write("</ol></details></header><main>")
        for topic, members in ordered:
            if not members:
                continue
            heading = f'<h2 class="meta">الموضوع: {_e(topic.title)}</h2>' if len(members) > 1 else ""
            fh.write(f'<div class="topic">{heading}')
            for story in members:
                fh.write(_story_html(story, story_articles(story)))
            fh.write("</div>")
        fh.write("</main></body></html>\n")
