"""Articles and stories to and from plain JSON-able dicts and store rows (for every store and
digest.json): what the SQLite and PostgreSQL stores write is the same, value for value."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import numpy as np

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
    Topic,
)

__all__ = [
    "ARTICLE_COLUMNS",
    "analysis_from_dict",
    "analysis_to_dict",
    "article_from_row",
    "article_row",
    "entity_json",
    "published_timestamp",
    "story_from_dict",
    "story_json",
    "story_to_dict",
    "text_hash",
    "topic_from_json",
    "topic_json",
]


def text_hash(article: Article) -> str:
    """What identifies an article's content in the store: the hash of its input as given."""
    return article.raw_hash or hashlib.sha256(f"{article.title}\n{article.raw}".encode()).hexdigest()


def published_timestamp(published: str | None) -> float | None:
    """Epoch seconds of an ISO publication date (date-only and partial dates at their start).

    Example:
        >>> published_timestamp("2025-03-11")
        1741651200.0
        >>> published_timestamp("2025-03") == published_timestamp("2025-03-01")
        True
        >>> published_timestamp("yesterday") is None
        True
    """
    if not published:
        return None
    value = published
    if len(value) == 4:
        value += "-01-01"
    elif len(value) == 7:
        value += "-01"
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


# The columns an article is written to and read back from, in the order of
# :func:`article_row` and :func:`article_from_row`.
ARTICLE_COLUMNS = (
    "id",
    "input",
    "raw",
    "content_hash",
    "outlet",
    "url",
    "title",
    "published",
    "ts",
    "language",
    "text",
    "analysis",
    "duplicate_of",
    "story",
    "features",
    "embedding",
    "minhash",
    "mention_entities",
)


def article_row(article: Article, digest: str) -> tuple[Any, ...]:
    """An article as the values of :data:`ARTICLE_COLUMNS` (JSON text, vectors as bytes)."""
    features = {k: v for k, v in article.features.items() if k not in ("embedding", "minhash")}
    embedding = article.features.get("embedding")
    minhash = article.features.get("minhash")
    return (
        article.id,
        article.input,
        article.raw,
        digest,
        article.outlet,
        article.url,
        article.title,
        article.published,
        published_timestamp(article.published),
        article.language,
        article.text,
        json.dumps(analysis_to_dict(article), ensure_ascii=False),
        article.duplicate_of,
        article.story,
        json.dumps(features, ensure_ascii=False, sort_keys=True),
        None if embedding is None else np.asarray(embedding, dtype=np.int8).tobytes(),
        None if minhash is None else np.asarray(minhash, dtype=np.uint32).tobytes(),
        None,  # mention_entities: written by the entity stage (the analysis holds the links until then)
    )


def article_from_row(row: tuple[Any, ...], with_features: bool) -> Article:
    """An article from the values of :data:`ARTICLE_COLUMNS` (``ts`` is not read back)."""
    (
        aid,
        input_,
        raw,
        chash,
        outlet,
        url,
        title,
        published,
        _ts,
        language,
        text,
        analysis,
        dup,
        story,
        feats,
        emb,
        mh,
        links,
    ) = row
    article = Article(
        id=aid,
        input=input_,
        raw=raw,
        raw_hash=chash,
        outlet=outlet,
        url=url,
        title=title,
        published=published,
        language=language,
        text=text,
        duplicate_of=dup,
        story=story,
    )
    analysis_from_dict(article, json.loads(analysis))
    if links:
        for mention, entity in zip(article.mentions, json.loads(links), strict=False):
            mention.entity = entity
    if with_features:
        article.features = json.loads(feats) if feats else {}
        if emb is not None:
            article.features["embedding"] = np.frombuffer(emb, dtype=np.int8)
        if mh is not None:
            article.features["minhash"] = np.frombuffer(mh, dtype=np.uint32)
    return article


def story_json(story: Story) -> str:
    return json.dumps(story_to_dict(story), ensure_ascii=False)


def entity_json(entity: Entity) -> str:
    """What the entities table holds for an entity (its story-independent part)."""
    data = {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "variants": entity.variants,
        "roles": entity.roles,
    }
    return json.dumps(data, ensure_ascii=False)


def topic_json(topic: Topic) -> str:
    return json.dumps({"id": topic.id, "title": topic.title, "stories": topic.stories}, ensure_ascii=False)


def topic_from_json(data: str) -> Topic:
    d = json.loads(data)
    return Topic(d["id"], d["title"], list(d["stories"]))


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
