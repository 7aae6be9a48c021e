"""digest.json: the output contract "marsad.digest/1" (see DESIGN.md).

Keys other tools rely on are never renamed; fields are only added. The same inputs give
the same bytes: articles, stories and topics are in a fixed order and no field holds a
run time or a machine-dependent path.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from marsad.model import Article, Story, Topic
from marsad.store.codec import story_to_dict

__all__ = ["SCHEMA", "article_dict", "digest_dict", "write_digest"]

SCHEMA = "marsad.digest/1"


def article_dict(article: Article) -> dict[str, Any]:
    offtopic = [[s.start, s.end] for s in article.sentences if s.segment]
    out: dict[str, Any] = {
        "id": article.id,
        "input": article.input,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
        "duplicate_of": article.duplicate_of,
        "story": article.story,
    }
    if article.published_source:
        out["published_source"] = article.published_source
    if article.flags:
        out["flags"] = list(article.flags)
    if offtopic:
        out["offtopic"] = offtopic
    if article.quotes:
        out["quotes"] = [
            {
                "start": q.start,
                "end": q.end,
                "content_start": q.content_start,
                "content_end": q.content_end,
                "verb": q.verb,
                "direct": q.direct,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "entity": q.entity,
            }
            for q in article.quotes
        ]
    return out


def digest_dict(articles: Iterable[Article], stories: Sequence[Story], topics: Sequence[Topic]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "articles": [article_dict(a) for a in articles],
        "stories": [story_to_dict(s) for s in stories],
        "topics": [topic_dict(t) for t in topics],
    }


def topic_dict(topic: Topic) -> dict[str, Any]:
    return {"id": topic.id, "title": topic.title, "stories": list(topic.stories)}


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ": "))


def write_digest(path: Path, articles: Iterable[Article], stories: Sequence[Story], topics: Sequence[Topic]) -> None:
    """digest.json, one article/story/topic per line (valid JSON, diff-friendly), written
    as the articles stream by; to a temporary name then renamed, so a reader never sees
    half a digest."""
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(f'{{"schema": "{SCHEMA}",\n')
        for key, items in (
            ("articles", (article_dict(a) for a in articles)),
            ("stories", (story_to_dict(s) for s in stories)),
            ("topics", (topic_dict(t) for t in topics)),
        ):
            fh.write(f'"{key}": [')
            first = True
            for item in items:
                fh.write(("\n" if first else ",\n") + _dump(item))
                first = False
            fh.write("\n]" + (",\n" if key != "topics" else "\n"))
        fh.write("}\n")
    tmp.replace(path)
