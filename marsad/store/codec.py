"""Articles and stories to and from plain JSON-able dicts (for the store and digest.json)."""

from __future__ import annotations

from typing import Any

from marsad.model import (
    Article,
    Citation,
    Entity,
    Fact,
    Mention,
    Quote,
    Removed,
    Sentence,
    Story,
    SummarySentence,
    TimeExpression,
    TimelineEntry,
)

__all__ = [
    "analysis_from_dict",
    "analysis_to_dict",
    "story_from_dict",
    "story_to_dict",
]


def analysis_to_dict(article: Article) -> dict[str, Any]:
    """The parts of an article computed from its text (compact: spans as lists)."""
    return {
        "sentences": [[s.start, s.end, s.paragraph, s.segment] for s in article.sentences],
        "mentions": [[m.start, m.end, m.label, m.text, m.entity, m.role] for m in article.mentions],
        "times": [[t.start, t.end, t.text, t.value, t.grain, t.kind, t.end_value] for t in article.times],
        "quotes": [
            [
                q.start,
                q.end,
                q.content_start,
                q.content_end,
                q.verb,
                q.direct,
                q.speaker,
                q.speaker_start,
                q.speaker_end,
                q.entity,
            ]
            for q in article.quotes
        ],
        "removed": [[r.text, r.reason] for r in article.removed],
        "flags": list(article.flags),
        "published_source": article.published_source,
        "published_confidence": article.published_confidence,
    }


def analysis_from_dict(article: Article, data: dict[str, Any]) -> Article:
    article.sentences = [Sentence(*row) for row in data.get("sentences", [])]
    article.mentions = [Mention(*row) for row in data.get("mentions", [])]
    article.times = [TimeExpression(*row) for row in data.get("times", [])]
    article.quotes = [Quote(*row) for row in data.get("quotes", [])]
    article.removed = [Removed(*row) for row in data.get("removed", [])]
    article.flags = list(data.get("flags", []))
    article.published_source = data.get("published_source")
    article.published_confidence = float(data.get("published_confidence") or 0.0)
    return article


def _citation(data: dict[str, Any] | None) -> Citation | None:
    return Citation(**data) if data else None


def story_to_dict(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "topic": story.topic,
        "title": story.title,
        "articles": list(story.articles),
        "start": story.start,
        "end": story.end,
        "summary": [
            {
                "text": s.text,
                "citations": list(s.citations),
                **({"source": _citation_dict(s.source)} if s.source else {}),
            }
            for s in story.summary
        ],
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "variants": list(e.variants),
                "articles": list(e.articles),
                "roles": list(e.roles),
            }
            for e in story.entities
        ],
        "timeline": [
            {
                "date": t.date,
                "text": t.text,
                "citations": list(t.citations),
                "sources": [_citation_dict(c) for c in t.sources],
            }
            for t in story.timeline
        ],
        "facts": [
            {
                "text": f.text,
                "status": f.status,
                "sources": list(f.sources),
                **({"attribute": f.attribute} if f.attribute else {}),
                **({"values": {k: list(v) for k, v in f.values.items()}} if f.values else {}),
                "evidence": [_citation_dict(c) for c in f.evidence],
            }
            for f in story.facts
        ],
        **story.extra,
    }


def _citation_dict(c: Citation) -> dict[str, Any]:
    return {"article": c.article, "start": c.start, "end": c.end}


_STORY_KEYS = {"id", "topic", "title", "articles", "start", "end", "summary", "entities", "timeline", "facts"}


def story_from_dict(data: dict[str, Any]) -> Story:
    return Story(
        id=data["id"],
        articles=list(data.get("articles", [])),
        topic=data.get("topic"),
        title=data.get("title", ""),
        start=data.get("start"),
        end=data.get("end"),
        summary=[
            SummarySentence(s["text"], list(s["citations"]), _citation(s.get("source")))
            for s in data.get("summary", [])
        ],
        entities=[
            Entity(e["id"], e["name"], e["type"], list(e["variants"]), list(e["articles"]), list(e.get("roles", [])))
            for e in data.get("entities", [])
        ],
        timeline=[
            TimelineEntry(t["date"], t["text"], list(t["citations"]), [Citation(**c) for c in t.get("sources", [])])
            for t in data.get("timeline", [])
        ],
        facts=[
            Fact(
                f["text"],
                f["status"],
                list(f["sources"]),
                f.get("attribute"),
                {k: list(v) for k, v in f.get("values", {}).items()},
                [Citation(**c) for c in f.get("evidence", [])],
            )
            for f in data.get("facts", [])
        ],
        extra={k: v for k, v in data.items() if k not in _STORY_KEYS},
    )
