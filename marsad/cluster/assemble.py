"""From clustering results to Story and Topic objects with titles and time spans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from marsad.cluster.signals import ArticleSignal
from marsad.cluster.stories import StoryClusterer, StoryState
from marsad.model import Article, Story, Topic

__all__ = ["assemble_stories", "assemble_topics", "central_article"]


def _date(published: str | None) -> str | None:
    return published[:10] if published else None


def central_article(
    state: StoryState, signals: Mapping[str, ArticleSignal], clusterer: StoryClusterer, candidates: Sequence[str]
) -> str:
    """The member closest to the story's centroid (earliest on ties)."""
    best: tuple[float, int, str] | None = None
    for rank, aid in enumerate(candidates):
        signal = signals.get(aid)
        if signal is None:
            continue
        score = clusterer.similarity(signal, state)
        if best is None or score > best[0] + 1e-12:
            best = (score, -rank, aid)
    return best[2] if best else candidates[0]


def assemble_stories(
    clusterer: StoryClusterer,
    articles: Mapping[str, Article],
    signals: Mapping[str, ArticleSignal],
    duplicates: Mapping[str, str],
    topic_of: Mapping[str, str],
) -> list[Story]:
    """Stories with members in publication order, title from the most central headline."""
    stories: list[Story] = []
    for sid, state in clusterer.stories.items():
        members = [aid for aid in state.members if aid in articles]
        if not members:
            continue
        canonical = [aid for aid in members if aid not in duplicates]
        titled = [aid for aid in canonical if articles[aid].title] or canonical or members
        center = central_article(state, signals, clusterer, titled)
        title = articles[center].title or articles[center].text[:120]
        dates = sorted(d for d in (_date(articles[a].published) for a in members) if d)
        stories.append(
            Story(
                id=sid,
                articles=members,
                topic=topic_of.get(sid),
                title=title,
                start=dates[0] if dates else None,
                end=dates[-1] if dates else None,
            )
        )
    stories.sort(key=lambda s: (s.start or "9999", s.id))
    return stories


def assemble_topics(stories: Sequence[Story]) -> list[Topic]:
    """Topics titled after their largest story (earliest on ties)."""
    by_topic: dict[str, list[Story]] = {}
    position = {s.id: i for i, s in enumerate(stories)}
    for story in stories:
        if story.topic:
            by_topic.setdefault(story.topic, []).append(story)
    topics = []
    for tid, members in by_topic.items():
        lead = max(members, key=lambda s: (len(s.articles), -position[s.id]))
        topics.append(Topic(tid, lead.title, [s.id for s in members]))
    topics.sort(key=lambda t: t.id)
    return topics
