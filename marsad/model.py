"""The data model every stage reads and annotates.

An :class:`Article` is the one rich object of the pipeline (as spaCy's ``Doc``): ingest
creates it from a :class:`RawDoc`, extract fills its clean ``text`` and ``removed``
chrome, analysis adds sentences, mentions, time expressions and quotes as *spans of
``text``*, and the corpus stages set ``duplicate_of`` and ``story``. Story-level results
(:class:`Story`, :class:`Topic`, :class:`Entity`) point back to article ids and spans,
never to copied strings alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ENTITY_TYPES",
    "FACT_STATUSES",
    "Article",
    "Citation",
    "Entity",
    "Fact",
    "InputError",
    "Mention",
    "Quote",
    "RawDoc",
    "Removed",
    "Sentence",
    "Story",
    "SummarySentence",
    "TimeExpression",
    "TimelineEntry",
    "Topic",
]

ENTITY_TYPES = ("PER", "ORG", "LOC", "GPE", "MISC")
FACT_STATUSES = ("corroborated", "single-source", "conflicting")


@dataclass(slots=True)
class RawDoc:
    """One input article as read, before any cleaning.

    ``input`` names where it came from precisely enough to find it again: a path, or
    ``path#12`` for the 12th row of a JSONL/CSV file.
    """

    input: str
    id: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    text: str | None = None
    html: str | None = None
    encoding: str | None = None
    # When a crawler fetched it (WARC-Date): a last resort for the publication date.
    crawled: str | None = None


@dataclass(slots=True)
class InputError:
    """An input that could not be used, and why, in one line a user can act on."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


@dataclass(slots=True)
class Removed:
    """A piece of the input body left out of the clean text, kept with its reason."""

    text: str
    reason: str


@dataclass(slots=True)
class Sentence:
    """A sentence as a span of ``Article.text``.

    ``segment`` is 0 for the article's own story; a positive number marks a block that
    reports something unrelated (a story glued to the article's tail).
    """

    start: int
    end: int
    paragraph: int = 0
    segment: int = 0


@dataclass(slots=True)
class Mention:
    """A named-entity mention: a span of ``Article.text`` with its type.

    ``entity`` is filled by entity resolution with a global entity id; ``role`` holds a
    title seen next to the name (وزير الخارجية, المتحدث باسم الكرملين).
    """

    start: int
    end: int
    label: str
    text: str
    entity: str | None = None
    role: str | None = None


@dataclass(slots=True)
class TimeExpression:
    """A time expression as a span of ``Article.text``, resolved where possible.

    ``value`` is ISO 8601 truncated to ``grain`` (year, month, week, day, hour, minute,
    second): "2025", "2025-02", "2025-W08", "2025-02-18", "2025-02-18T14:00". It is None
    when nothing can anchor it. ``end_value`` closes an interval. ``kind`` is one of
    date, time, interval, duration, set.
    """

    start: int
    end: int
    text: str
    value: str | None
    grain: str
    kind: str = "date"
    end_value: str | None = None


@dataclass(slots=True)
class Quote:
    """Reported speech: who said it (a span, linked to an entity when known), the
    reporting verb, and the reported content as a span."""

    start: int
    end: int
    content_start: int
    content_end: int
    verb: str
    direct: bool
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    entity: str | None = None


@dataclass(slots=True)
class Article:
    """One article through the whole pipeline (the pipeline's ``Doc``)."""

    id: str
    input: str
    raw: str
    raw_hash: str = ""
    outlet: str | None = None
    url: str | None = None
    title: str = ""
    published: str | None = None
    published_source: str | None = None
    published_confidence: float = 0.0
    crawled: str | None = None
    language: str | None = None
    text: str = ""
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    duplicate_of: str | None = None
    story: str | None = None
    flags: list[str] = field(default_factory=list)
    # Derived, compact features for the corpus stages; not part of digest.json.
    features: dict[str, Any] = field(default_factory=dict)

    @property
    def is_arabic(self) -> bool:
        return self.language == "ar"

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def on_topic_sentences(self) -> list[Sentence]:
        """Sentences of the article's own story (off-topic segments left out)."""
        return [s for s in self.sentences if s.segment == 0]


@dataclass(slots=True)
class Citation:
    """A pointer to the text that supports a claim: an article and a span of its text."""

    article: str
    start: int
    end: int


@dataclass(slots=True)
class SummarySentence:
    text: str
    citations: list[str]
    source: Citation | None = None


@dataclass(slots=True)
class TimelineEntry:
    date: str
    text: str
    citations: list[str]
    sources: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Fact:
    text: str
    status: str
    sources: list[str]
    attribute: str | None = None
    values: dict[str, list[str]] = field(default_factory=dict)
    evidence: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """One real-world entity across the corpus; ``id`` is global and stable."""

    id: str
    name: str
    type: str
    variants: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    """One happening, told by one or more articles."""

    id: str
    articles: list[str]
    topic: str | None = None
    title: str = ""
    start: str | None = None
    end: str | None = None
    summary: list[SummarySentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Topic:
    """An ongoing thread: related stories (rounds of one negotiation, one tournament)."""

    id: str
    title: str
    stories: list[str]
