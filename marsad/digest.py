"""The digest job: inputs into the store, corpus stages over the store, outputs from it.

    inputs → (read, extract, analyse) → store → (dedup, stories, topics, compose) → store
    store → digest.json, digest.md, index.html

Everything the outputs show is read back from the store, so a digest can always be
rebuilt from the store alone (``marsad digest --db FILE --out DIR`` with no inputs).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.cluster.stream import StreamIndex
from marsad.config import Settings
from marsad.entities.resolve import EntityResolver
from marsad.extract.article import article_id, raw_hash
from marsad.extract.learned import LearnedChrome
from marsad.ingest.readers import read_inputs
from marsad.model import Article, InputError, RawDoc, Story
from marsad.pipeline import CorpusResult, Pipeline, minibatch
from marsad.present.to_html import write_html
from marsad.present.to_json import write_digest
from marsad.present.to_markdown import write_markdown
from marsad.store.base import Store

__all__ = ["RunReport", "add_articles", "ingest", "ingest_docs", "rebuild", "write_outputs"]

logger = logging.getLogger(__name__)

LEARNED_CHROME_STATE = "learned_chrome"


@dataclass(slots=True)
class RunReport:
    """What a run did, for the summary a user sees at the end."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    articles: int = 0
    stories: int = 0
    topics: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def ingest(
    store: Store,
    inputs: Iterable[str | Path],
    pipeline: Pipeline,
    report: RunReport,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[Article]:
    """Read, extract and analyse the inputs not yet stored, and store them.

    An input whose id is stored with the same content is skipped (re-ingest is a
    no-op); one whose id is stored with *other* content is reported and not stored.
    """
    return ingest_docs(store, read_inputs(inputs, pipeline.settings.ingest), pipeline, report, progress=progress)


def ingest_docs(
    store: Store,
    raws: Iterable[RawDoc | InputError],
    pipeline: Pipeline,
    report: RunReport,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[Article]:
    """:func:`ingest` for documents already read (rows posted to the HTTP API)."""
    t0 = time.perf_counter()
    seen: dict[str, str] = {}

    def skip(raw: RawDoc) -> bool:
        aid = article_id(raw)
        digest = raw_hash(raw)
        stored = store.content_hash(aid)
        earlier = seen.get(aid)
        seen.setdefault(aid, digest)
        if stored == digest or earlier == digest:
            report.unchanged.append(aid)
            return True
        if stored is not None or earlier is not None:
            report.errors.append(
                InputError(raw.input, f"id {aid!r} is already used by an article with other text; kept the first")
            )
            return True
        return False

    learned_state = store.get_state(LEARNED_CHROME_STATE)
    learned = LearnedChrome.from_dict(learned_state) if learned_state else LearnedChrome()
    added: list[Article] = []
    # Articles are analysed and stored a batch at a time, so memory does not grow with
    # the input; chrome learnt from one batch carries over to the next.
    for chunk in minibatch(raws, pipeline.settings.ingest.batch_size):
        t0 = time.perf_counter()
        batch = pipeline.analyse_batch(chunk, learned=learned, skip=skip, progress=progress)
        report.errors.extend(batch.errors)
        report.seconds["analyse"] = report.seconds.get("analyse", 0.0) + time.perf_counter() - t0
        t0 = time.perf_counter()
        saved = store.save_articles(batch.articles)
        report.added.extend(saved.added)
        report.unchanged.extend(saved.unchanged)
        for aid, where in saved.conflicts:
            report.errors.append(
                InputError(where, f"id {aid!r} is already used by an article with other text; kept the first")
            )
        if batch.learned.keys:
            learned = batch.learned
            store.set_state(LEARNED_CHROME_STATE, learned.to_dict())
        report.seconds["store"] = report.seconds.get("store", 0.0) + time.perf_counter() - t0
        kept = set(saved.added)
        added.extend(a for a in batch.articles if a.id in kept)
    return added


def add_articles(store: Store, raws: Iterable[RawDoc | InputError], pipeline: Pipeline) -> RunReport:
    """Ingest documents (the HTTP API's posts) and bring the stories up to date."""
    report = RunReport()
    ingest_docs(store, raws, pipeline, report)
    if report.added:
        rebuild(store, pipeline, report)
    return report


def rebuild(store: Store, pipeline: Pipeline, report: RunReport, *, chunk_articles: int = 2000) -> CorpusResult:
    """Run the corpus stages over everything stored and store their results.

    Memory stays bounded: articles stream from the store into the stream index (which
    keeps only their clustering signals) and a light copy (title, date, sentences,
    mentions) is kept for entity resolution; stories are then composed a chunk at a
    time from their full articles, read back from the store.

    The whole of it runs under the store's rebuild lock: a second run into the same
    store waits, then rebuilds over everything both runs stored.
    """
    with store.rebuild_lock():
        return _rebuild(store, pipeline, report, chunk_articles)


def _rebuild(store: Store, pipeline: Pipeline, report: RunReport, chunk_articles: int) -> CorpusResult:
    t0 = time.perf_counter()
    index = StreamIndex(pipeline.settings, pipeline.story_model)
    lite: list[Article] = []
    for article in store.iter_articles(with_features=True):
        index.add(article)
        lite.append(_lite(article))
    report.seconds["load+cluster"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = pipeline.assemble(index, lite)
    del index
    for article in lite:
        article.duplicate_of = result.duplicates.get(article.id)
        article.story = result.assignment.get(article.id)
    resolved = EntityResolver().resolve(pipeline.sort(lite), result.assignment)
    lite_by_id = {a.id: a for a in lite}
    report.seconds["topics+entities"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for stories in _chunks(result.stories, chunk_articles):
        ids = [aid for story in stories for aid in story.articles]
        full = {a.id: a for a in store.get_articles(ids)}
        for aid, article in full.items():
            article.duplicate_of = result.duplicates.get(aid)
            article.story = result.assignment.get(aid)
            # The resolved entity of each mention (quotes link their speakers to it).
            article.mentions = lite_by_id[aid].mentions
        requoted = pipeline.compose_stories(stories, full, resolved)
        if requoted:
            store.update_analysis(requoted)
    report.seconds["compose"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.set_assignments(
        {a.id: result.duplicates.get(a.id) for a in lite},
        {a.id: result.assignment.get(a.id) for a in lite},
    )
    store.set_mention_entities({a.id: [m.entity for m in a.mentions] for a in lite if a.mentions})
    store.replace_stories(result.stories, result.topics)
    report.seconds["store results"] = time.perf_counter() - t0
    report.articles = len(lite)
    report.stories = len(result.stories)
    report.topics = len(result.topics)
    return result


def _lite(article: Article) -> Article:
    """What the corpus stages keep of an article besides its signal."""
    return Article(
        id=article.id,
        input=article.input,
        raw="",
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        language=article.language,
        text=article.text[:200],
        sentences=article.sentences,
        mentions=article.mentions,
    )


def _chunks(stories: Sequence[Story], size: int) -> Iterable[list[Story]]:
    chunk: list[Story] = []
    count = 0
    for story in stories:
        chunk.append(story)
        count += len(story.articles)
        if count >= size:
            yield chunk
            chunk, count = [], 0
    if chunk:
        yield chunk


def write_outputs(store: Store, out_dir: Path, settings: Settings, *, shards: Path | None = None) -> dict[str, Path]:
    """digest.json, digest.md and index.html from the store alone, written as they are
    read (a corpus of any size fits: nothing holds all articles at once); with
    ``shards``, the analysed articles also as Parquet shards in that directory."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stories = list(store.iter_stories())
    topics = list(store.iter_topics())
    paths = {"json": out_dir / "digest.json", "markdown": out_dir / "digest.md", "html": out_dir / "index.html"}
    write_digest(paths["json"], store.iter_articles(), stories, topics)

    def story_articles(story: Story) -> dict[str, Article]:
        return {a.id: a for a in store.get_articles(story.articles)}

    write_markdown(paths["markdown"], stories, topics, story_articles, settings.present, store.count_articles())
    write_html(paths["html"], stories, topics, story_articles, store.count_articles())
    if shards is not None:
        from marsad.store.shards import write_shards  # pyarrow only when asked for

        write_shards(store.iter_articles(), shards)
        paths["shards"] = shards
    return paths
