"""The JSON API's request and response models (they make ``/openapi.json`` say what
each endpoint takes and gives). Story fields follow digest.json (``marsad.digest/1``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from marsad.model import Article, Story
from marsad.store.codec import story_to_dict
from marsad.web.views import ArticleBrief, SearchResult, StoryBrief, StoryView

__all__ = [
    "ArticleBriefOut",
    "ArticleIn",
    "ArticleOut",
    "EntityStoriesOut",
    "IngestErrorOut",
    "IngestOut",
    "OutletOut",
    "SearchHitOut",
    "SearchOut",
    "StoryBriefOut",
    "StoryListOut",
    "StoryOut",
    "TopicOut",
    "article_out",
    "brief_out",
    "search_out",
    "story_out",
]


class CitationOut(BaseModel):
    article: str
    start: int = Field(description="character offset into the article's clean text")
    end: int


class SummarySentenceOut(BaseModel):
    text: str
    citations: list[str] = Field(description="ids of the articles the sentence comes from")
    source: CitationOut | None = Field(None, description="the span of text the sentence was taken from")


class EntityOut(BaseModel):
    id: str
    name: str
    type: str = Field(description="PER, ORG, LOC, GPE or MISC")
    variants: list[str]
    articles: list[str]
    roles: list[str] = []


class TimelineEntryOut(BaseModel):
    date: str = Field(description="ISO 8601 truncated to what is known")
    text: str
    citations: list[str]
    sources: list[CitationOut] = []


class FactOut(BaseModel):
    text: str
    status: str = Field(description="corroborated, single-source or conflicting")
    sources: list[str]
    attribute: str | None = None
    values: dict[str, list[str]] = {}
    evidence: list[CitationOut] = []


class ArticleBriefOut(BaseModel):
    id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    language: str | None
    duplicate_of: str | None
    story: str | None


class StoryOut(BaseModel):
    """A story as in digest.json, plus its outlets and its articles' metadata."""

    model_config = ConfigDict(extra="allow")

    id: str
    topic: str | None
    title: str
    articles: list[str]
    start: str | None
    end: str | None
    summary: list[SummarySentenceOut]
    entities: list[EntityOut]
    timeline: list[TimelineEntryOut]
    facts: list[FactOut]
    outlets: list[str]
    topic_title: str | None = None
    article_briefs: list[ArticleBriefOut] = Field(description="the story's articles, in its order")


class StoryBriefOut(BaseModel):
    id: str
    topic: str | None
    topic_title: str | None
    title: str
    start: str | None
    end: str | None
    size: int = Field(description="number of articles")
    outlets: list[str]
    lead: str | None = Field(None, description="the summary's first sentence")


class StoryListOut(BaseModel):
    stories: list[StoryBriefOut]
    limit: int
    offset: int
    next_offset: int | None


class RemovedOut(BaseModel):
    text: str
    reason: str


class SentenceOut(BaseModel):
    start: int
    end: int
    paragraph: int
    segment: int = Field(description="0: the article's own story; > 0: an unrelated block (off-topic)")


class MentionOut(BaseModel):
    start: int
    end: int
    label: str
    text: str
    entity: str | None
    role: str | None


class TimeOut(BaseModel):
    start: int
    end: int
    text: str
    value: str | None
    grain: str
    kind: str
    end_value: str | None


class SpanOut(BaseModel):
    start: int
    end: int


class ArticleOut(BaseModel):
    id: str
    input: str
    outlet: str | None
    url: str | None
    title: str
    published: str | None
    language: str | None
    text: str
    removed: list[RemovedOut]
    duplicate_of: str | None
    story: str | None
    flags: list[str]
    sentences: list[SentenceOut]
    mentions: list[MentionOut]
    times: list[TimeOut]
    offtopic: list[SpanOut] = Field(description="spans of text reporting an unrelated story")


class EntityStoriesOut(BaseModel):
    id: str
    name: str
    type: str
    variants: list[str]
    roles: list[str]
    stories: list[StoryBriefOut]


class SearchHitOut(BaseModel):
    article: str
    title: str
    outlet: str | None
    story: str | None
    story_title: str | None
    published: str | None
    snippet: str
    score: float


class SearchOut(BaseModel):
    query: str
    hits: list[SearchHitOut]


class TopicOut(BaseModel):
    id: str
    title: str
    stories: list[str]


class OutletOut(BaseModel):
    outlet: str
    articles: int


class ArticleIn(BaseModel):
    """One article as a digest JSONL row; ``text`` or ``html`` is needed. The readers'
    aliases (docno, src/source, iso_time/date, body) are accepted too."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(None, max_length=200)
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    text: str | None = None
    html: str | None = None


class IngestErrorOut(BaseModel):
    input: str
    reason: str


class IngestOut(BaseModel):
    added: list[str]
    unchanged: list[str]
    errors: list[IngestErrorOut]
    placed: dict[str, str] = Field(description="the story each added article went to")
    articles: int = Field(description="articles in the store after the post")
    stories: int
    topics: int


# --- from the data model ---
def brief_out(brief: StoryBrief) -> StoryBriefOut:
    return StoryBriefOut(
        id=brief.id,
        topic=brief.topic,
        topic_title=brief.topic_title,
        title=brief.title,
        start=brief.start,
        end=brief.end,
        size=brief.size,
        outlets=list(brief.outlets),
        lead=brief.lead,
    )


def _brief(a: Article) -> ArticleBriefOut:
    b = ArticleBrief.of(a)
    return ArticleBriefOut(
        id=b.id,
        title=b.title,
        outlet=b.outlet,
        published=b.published,
        url=b.url,
        language=b.language,
        duplicate_of=b.duplicate_of,
        story=b.story,
    )


def story_out(view: StoryView) -> StoryOut:
    story: Story = view.story
    data = story_to_dict(story)
    data["outlets"] = [o for o in view.outlets if o]
    data["topic_title"] = view.topic.title if view.topic else None
    data["article_briefs"] = [_brief(view.articles[a]) for a in story.articles if a in view.articles]
    return StoryOut.model_validate(data)


def article_out(a: Article, offtopic: list[tuple[int, int]]) -> ArticleOut:
    return ArticleOut(
        id=a.id,
        input=a.input,
        outlet=a.outlet,
        url=a.url,
        title=a.title,
        published=a.published,
        language=a.language,
        text=a.text,
        removed=[RemovedOut(text=r.text, reason=r.reason) for r in a.removed],
        duplicate_of=a.duplicate_of,
        story=a.story,
        flags=list(a.flags),
        sentences=[
            SentenceOut(start=s.start, end=s.end, paragraph=s.paragraph, segment=s.segment) for s in a.sentences
        ],
        mentions=[
            MentionOut(start=m.start, end=m.end, label=m.label, text=m.text, entity=m.entity, role=m.role)
            for m in a.mentions
        ],
        times=[
            TimeOut(
                start=t.start,
                end=t.end,
                text=t.text,
                value=t.value,
                grain=t.grain,
                kind=t.kind,
                end_value=t.end_value,
            )
            for t in a.times
        ],
        offtopic=[SpanOut(start=s, end=e) for s, e in offtopic],
    )


def search_out(query: str, results: list[SearchResult]) -> SearchOut:
    return SearchOut(
        query=query,
        hits=[
            SearchHitOut(
                article=r.hit.article,
                title=r.hit.title,
                outlet=r.hit.outlet,
                story=r.hit.story,
                story_title=r.story_title,
                published=r.hit.published,
                snippet=r.hit.snippet,
                score=r.hit.score,
            )
            for r in results
        ],
    )
