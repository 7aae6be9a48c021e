"""digest.md: the digest as Markdown, story by story, with numbered citations."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from marsad.config import PresentSettings
from marsad.model import Article, Story, Topic
from marsad.present.to_html import topic_order

__all__ = ["write_markdown"]

_STATUS = {"corroborated": "مؤكد من عدة مصادر", "single-source": "مصدر واحد", "conflicting": "متعارض"}


def _md(text: str) -> str:
    """Markdown-inert text: no line breaks, no characters that start markup."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _story_md(story: Story, articles: Mapping[str, Article], settings: PresentSettings) -> list[str]:
    number = {aid: i for i, aid in enumerate(story.articles, 1)}
    outlets = sorted({articles[a].outlet or "?" for a in story.articles if a in articles})
    span = story.start if story.start == story.end else f"{story.start or '?'} – {story.end or '?'}"
    lines = [
        f"## {_md(story.title)}",
        "",
        f"*{span} · {len(story.articles)} مقال · {len(outlets)} منفذ: {_md('، '.join(outlets))}*",
        "",
    ]
    if story.summary:
        lines += ["### الملخص", ""]
        for sent in story.summary:
            cites = "".join(f"[{number[c]}]" for c in sent.citations if c in number)
            lines.append(f"- {_md(sent.text)} {cites}")
        lines.append("")
    if story.timeline:
        lines += ["### التسلسل الزمني", ""]
        for entry in story.timeline:
            cites = "".join(f"[{number[c]}]" for c in entry.citations if c in number)
            lines.append(f"- **{entry.date}** {_md(entry.text)} {cites}")
        lines.append("")
    if story.facts:
        lines += ["### الوقائع", "", "| الحالة | الواقعة | المصادر |", "|---|---|---|"]
        for fact in story.facts:
            cites = " ".join(f"[{number[c]}]" for c in fact.sources if c in number)
            lines.append(f"| {_STATUS.get(fact.status, fact.status)} | {_md(fact.text)} | {cites} |")
        lines.append("")
    if story.entities:
        names = "، ".join(f"{_md(e.name)} ({e.type})" for e in story.entities[:20])
        lines += [f"**الأسماء:** {names}", ""]
    lines += ["### المقالات", ""]
    shown = story.articles[: settings.markdown_max_articles]
    for aid in shown:
        a = articles.get(aid)
        if a is None:
            continue
        copy = f" — نسخة من [{number[a.duplicate_of]}]" if a.duplicate_of in number else ""
        lines.append(
            f"{number[aid]}. {_md(a.title or a.text[:80])} — {_md(a.outlet or '?')}, {a.published or '?'}{copy}"
        )
    if len(story.articles) > len(shown):
        lines.append(f"… و{len(story.articles) - len(shown)} مقالاً آخر")
    lines.append("")
    return lines


def write_markdown(
    path: Path,
    stories: Sequence[Story],
    topics: Sequence[Topic],
    story_articles: Callable[[Story], Mapping[str, Article]],
    settings: PresentSettings,
    article_count: int,
) -> None:
    """digest.md, topic by topic (newest first), each story's articles fetched as it is written."""
    by_story = {s.id: s for s in stories}
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"# مرصد — ملخص الأخبار\n\n{article_count} مقال، {len(stories)} قصة، {len(topics)} موضوع.\n\n")
        for topic in topic_order(topics, by_story):
            members = [by_story[s] for s in topic.stories if s in by_story]
            if len(members) > 1:
                fh.write(f"# الموضوع: {_md(topic.title)}\n\n")
            for story in members:
                fh.write("\n".join(_story_md(story, story_articles(story), settings)) + "\n")
