"""Invented articles for the facts and summary tests (no third-party text)."""

from __future__ import annotations

from collections.abc import Sequence

from marsad.arabic.sentences import split_sentences
from marsad.model import Article, Mention, Story
from marsad.temporal import find_time_expressions


def build_article(
    aid: str,
    text: str,
    *,
    outlet: str,
    published: str,
    names: Sequence[tuple[str, str, str]] = (),
    duplicate_of: str | None = None,
    language: str = "ar",
    offtopic_from: str | None = None,
) -> Article:
    """An analysed article: sentences, times, and mentions of ``names`` = (text, label,
    entity id) at every place they occur; sentences from ``offtopic_from`` on are
    flagged as another story (segment 1)."""
    article = Article(
        id=aid,
        input=aid,
        raw=text,
        text=text,
        outlet=outlet,
        published=published,
        language=language,
        duplicate_of=duplicate_of,
    )
    article.sentences = split_sentences(text)
    if offtopic_from is not None:
        cut = text.index(offtopic_from)
        for s in article.sentences:
            if s.start >= cut:
                s.segment = 1
    article.times = find_time_expressions(text, published) if language == "ar" else []
    mentions = []
    for name, label, eid in names:
        start = text.find(name)
        while start >= 0:
            mentions.append(Mention(start, start + len(name), label, name, entity=eid))
            start = text.find(name, start + len(name))
    article.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
    return article


def story_of(*articles: Article, sid: str = "s1", title: str = "") -> tuple[Story, dict[str, Article]]:
    return Story(id=sid, articles=[a.id for a in articles], title=title), {a.id: a for a in articles}
