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
    return out


def digest_dict(articles: Iterable[Article], stories: Sequence[Story], topics: Sequence[Topic]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "articles": [article_dict(a) for a in articles],
        "stories": [story_to_dict(s) for s in stories],
        "topics": [{"id": t.id, "title": t.title, "stories": list(t.stories)} for t in topics],
    }


def write_digest(path: Path, digest: dict[str, Any]) -> None:
    # Written to a temporary name and renamed: a reader never sees half a digest.
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(digest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
