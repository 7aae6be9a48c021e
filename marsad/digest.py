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

from marsad.config import Settings
from marsad.extract.article import article_id, raw_hash
from marsad.extract.learned import LearnedChrome
from marsad.ingest.readers import read_inputs
from marsad.model import Article, InputError, RawDoc
from marsad.pipeline import CorpusResult, Pipeline
from marsad.present.to_html import digest_html
from marsad.present.to_json import digest_dict, write_digest
from marsad.present.to_markdown import digest_markdown
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
    learned = LearnedChrome.from_dict(learned_state) if learned_state else None
    batch = pipeline.analyse_batch(raws, learned=learned, skip=skip, progress=progress)
    report.errors.extend(batch.errors)
    report.seconds["analyse"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    saved = store.save_articles(batch.articles)
    report.added.extend(saved.added)
    report.unchanged.extend(saved.unchanged)
    for aid, where in saved.conflicts:
        report.errors.append(
            InputError(where, f"id {aid!r} is already used by an article with other text; kept the first")
        )
    if batch.learned.keys:
        store.set_state(LEARNED_CHROME_STATE, batch.learned.to_dict())
    report.seconds["store"] = time.perf_counter() - t0
    added = set(saved.added)
    return [a for a in batch.articles if a.id in added]


def add_articles(store: Store, raws: Iterable[RawDoc | InputError], pipeline: Pipeline) -> RunReport:
    """Ingest documents (the HTTP API's posts) and bring the stories up to date."""
    report = RunReport()
    ingest_docs(store, raws, pipeline, report)
    if report.added:
        rebuild(store, pipeline, report)
    return report


def rebuild(store: Store, pipeline: Pipeline, report: RunReport) -> CorpusResult:
    """Run the corpus stages over everything stored and store their results."""
    t0 = time.perf_counter()
    articles = list(store.iter_articles(with_features=True))
    report.seconds["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = pipeline.build_stories(articles)
    report.seconds["cluster"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pipeline.compose(articles, result)
    report.seconds["compose"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.set_assignments(
        {a.id: result.duplicates.get(a.id) for a in articles},
        {a.id: result.assignment.get(a.id) for a in articles},
    )
    store.update_analysis(a for a in articles if a.mentions)
    store.replace_stories(result.stories, result.topics)
    report.seconds["store results"] = time.perf_counter() - t0
    report.articles = len(articles)
    report.stories = len(result.stories)
    report.topics = len(result.topics)
    return result


def write_outputs(store: Store, out_dir: Path, settings: Settings) -> dict[str, Path]:
    """digest.json, digest.md and index.html from the store alone."""
    out_dir.mkdir(parents=True, exist_ok=True)
    articles: Sequence[Article] = list(store.iter_articles())
    stories = list(store.iter_stories())
    topics = list(store.iter_topics())
    by_id = {a.id: a for a in articles}
    paths = {"json": out_dir / "digest.json", "markdown": out_dir / "digest.md", "html": out_dir / "index.html"}
    write_digest(paths["json"], digest_dict(articles, stories, topics))
    paths["markdown"].write_text(digest_markdown(by_id, stories, topics, settings.present), encoding="utf-8")
    paths["html"].write_text(digest_html(by_id, stories, topics), encoding="utf-8")
    return paths
