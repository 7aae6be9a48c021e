"""``marsad digest --engine dask``: the digest job with its parallel parts on Dask.

What runs where (docs/scaling.md has the figures):

- client: reading the inputs, skipping those already stored, every store write
  (SQLite is single-writer), the sequential dedup/story replay, topics, entity
  resolution, the output files;
- workers: extraction, learned chrome, every per-article stage, fingerprints and
  embeddings (:mod:`marsad.engine.tasks`); the LSH band shuffle and the time-window
  blocking that find which earlier articles each article is compared with
  (:mod:`marsad.engine.blocking`); composing the stories (facts, quotes, timelines,
  summaries), a chunk of stories per task.

Every worker task calls the local engine's functions, and the client replays dedup and
story assignment with the local classes, only their lookups answered by the workers'
candidates: on the same input both engines write the same digest.json.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from marsad.cluster.signals import article_signal
from marsad.cluster.stories import DAY, StoryClusterer
from marsad.cluster.stream import StreamIndex
from marsad.config import Settings
from marsad.digest import LEARNED_CHROME_STATE, RunReport, _chunks, _lite
from marsad.engine.blocking import (
    BlockedClusterer,
    BlockRecord,
    PrecomputedLSH,
    band_entries,
    band_pairs,
    block_window,
)
from marsad.engine.tasks import (
    AnalysedWindow,
    ComposedChunk,
    analyse_window,
    compose_chunk,
    extract_part,
    learn_part,
    merge_learned,
    part_summary,
)
from marsad.entities.resolve import EntityResolver, ResolvedEntities
from marsad.extract.article import article_id, raw_hash
from marsad.extract.learned import LearnedChrome
from marsad.ingest.readers import read_inputs
from marsad.model import Article, InputError, RawDoc, Story
from marsad.pipeline import CorpusResult, Pipeline, minibatch
from marsad.store.base import Store
from marsad.store.codec import published_timestamp

__all__ = ["DaskEngine", "DaskOptions"]

logger = logging.getLogger(__name__)

# The local engine encodes a batch's articles this many at a time; windows are cut at
# the same boundaries so each article meets the encoder in the same company.
EMBED_BATCH: int = inspect.signature(Pipeline.embed).parameters["batch_size"].default
GIB = 1 << 30


@dataclass(slots=True)
class DaskOptions:
    """How to reach (or start) the cluster and how finely to cut the work.

    Args:
        scheduler: address of a running scheduler (``tcp://host:8786``); None starts a
            LocalCluster on this machine.
        workers: worker processes of the LocalCluster (one thread each).
        memory_limit: per LocalCluster worker; None: 4 GiB, or less so that the
            workers and the client fit in this machine's memory.
        extract_part: inputs per extraction task.
        blocking_part: articles looked up per blocking task.
        compose_part: articles per composition task (whole stories).
    """

    scheduler: str | None = None
    workers: int = 2
    memory_limit: int | None = None
    extract_part: int = 250
    blocking_part: int = 2000
    compose_part: int = 300


@dataclass(slots=True)
class _Batch:
    """One input batch in flight: what the client decided and the workers' futures."""

    errors: list[tuple[int, InputError]] = field(default_factory=list)  # read errors
    skipped: list[str] = field(default_factory=list)
    skip_errors: list[InputError] = field(default_factory=list)
    summaries: list[tuple[int, list[tuple[int, InputError]], float]] = field(default_factory=list)
    windows: list[Any] = field(default_factory=list)  # futures of AnalysedWindow
    learned: Any = None  # future of the LearnedChrome carried out of this batch
    learn: Any = None
    started: float = 0.0


def _default_memory_limit(workers: int) -> int:
    import psutil

    return int(min(4 * GIB, psutil.virtual_memory().total / (workers + 1)))


class DaskEngine:
    """The digest job's ingest and rebuild, with their parallel parts on Dask.

    Use as a context manager: it starts (or connects to) the cluster on entry and
    closes what it started on exit.

    Example:
        >>> with DaskEngine(DaskOptions(workers=2)) as engine:  # doctest: +SKIP
        ...     engine.ingest(store, ["articles.jsonl"], pipeline, report)
        ...     engine.rebuild(store, pipeline, report)
    """

    def __init__(self, options: DaskOptions | None = None) -> None:
        self.options = options or DaskOptions()
        self.client: Any = None
        self._cluster: Any = None

    # --- cluster ---
    def __enter__(self) -> DaskEngine:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def start(self) -> None:
        from distributed import Client, LocalCluster

        o = self.options
        if not logging.getLogger("marsad").isEnabledFor(logging.INFO):
            # distributed logs every connection at INFO; marsad's own -v shows them.
            logging.getLogger("distributed").setLevel(logging.WARNING)
        if o.scheduler:
            self.client = Client(o.scheduler)
            return
        if o.workers < 1:
            raise ValueError(f"--workers must be at least 1, got {o.workers}")
        self._cluster = LocalCluster(
            n_workers=o.workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=o.memory_limit or _default_memory_limit(o.workers),
            dashboard_address=None,
            silence_logs=logging.WARNING,
        )
        self.client = Client(self._cluster)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def worker_pids(self) -> list[int]:
        """Process ids of the workers (benchmarks sample their memory)."""
        import os

        return sorted(self.client.run(os.getpid).values())

    # --- ingest ---
    def ingest(
        self,
        store: Store,
        inputs: Iterable[str | Path],
        pipeline: Pipeline,
        report: RunReport,
        *,
        progress: Callable[[int], None] | None = None,
    ) -> list[Article]:
        """:func:`marsad.digest.ingest` with extraction and analysis on the workers."""
        return self.ingest_docs(
            store, read_inputs(inputs, pipeline.settings.ingest), pipeline, report, progress=progress
        )

    def ingest_docs(
        self,
        store: Store,
        raws: Iterable[RawDoc | InputError],
        pipeline: Pipeline,
        report: RunReport,
        *,
        progress: Callable[[int], None] | None = None,
    ) -> list[Article]:
        """:func:`marsad.digest.ingest_docs` on Dask: the same batches, skips, learned
        chrome and store writes, in the same order; the next batch is extracted while
        the client stores the last one."""
        settings = pipeline.settings
        seen: dict[str, str] = {}

        def skip(raw: RawDoc, batch: _Batch) -> bool:
            aid = article_id(raw)
            digest = raw_hash(raw)
            stored = store.content_hash(aid)
            earlier = seen.get(aid)
            seen.setdefault(aid, digest)
            if stored == digest or earlier == digest:
                batch.skipped.append(aid)
                return True
            if stored is not None or earlier is not None:
                batch.skip_errors.append(
                    InputError(raw.input, f"id {aid!r} is already used by an article with other text; kept the first")
                )
                return True
            return False

        learned_state = store.get_state(LEARNED_CHROME_STATE)
        learned: Any = LearnedChrome.from_dict(learned_state) if learned_state else LearnedChrome()
        added: list[Article] = []
        pending: _Batch | None = None
        for chunk in minibatch(raws, settings.ingest.batch_size):
            batch = self._submit_batch(chunk, settings, learned, skip)
            learned = batch.learned
            if pending is not None:
                added.extend(self._finish_batch(pending, store, pipeline, report, progress))
            pending = batch
        if pending is not None:
            added.extend(self._finish_batch(pending, store, pipeline, report, progress))
        return added

    def _submit_batch(
        self, chunk: Sequence[object], settings: Settings, learned: Any, skip: Callable[[RawDoc, _Batch], bool]
    ) -> _Batch:
        client = self.client
        batch = _Batch(started=time.perf_counter())
        docs: list[tuple[int, RawDoc]] = []
        for position, raw in enumerate(chunk):
            if isinstance(raw, InputError):
                batch.errors.append((position, raw))
            elif isinstance(raw, RawDoc) and not skip(raw, batch):
                docs.append((position, raw))
        size = self.options.extract_part
        parts = [
            client.submit(extract_part, docs[i : i + size], settings, pure=False) for i in range(0, len(docs), size)
        ]
        summaries = [client.submit(part_summary, p) for p in parts]
        batch.learn = client.submit(learn_part, settings, *parts, pure=False)
        batch.learned = client.submit(merge_learned, batch.learn, learned, pure=False)
        batch.summaries = client.gather(summaries)
        # Windows over the batch's articles at the local engine's embedding boundaries.
        spans: list[tuple[Any, int, int]] = []  # (part, first article's index in batch, count)
        offset = 0
        for part, (count, _, _) in zip(parts, batch.summaries, strict=True):
            spans.append((part, offset, count))
            offset += count
        for start in range(0, offset, EMBED_BATCH):
            end = min(offset, start + EMBED_BATCH)
            pieces = [
                (part, max(start, first) - first, min(end, first + count) - first)
                for part, first, count in spans
                if first < end and first + count > start
            ]
            batch.windows.append(client.submit(analyse_window, settings, batch.learned, pieces, pure=False))
        return batch

    def _finish_batch(
        self,
        batch: _Batch,
        store: Store,
        pipeline: Pipeline,
        report: RunReport,
        progress: Callable[[int], None] | None,
    ) -> list[Article]:
        """Gather a batch's windows (in order) and store it, as the local engine does."""
        report.unchanged.extend(batch.skipped)
        report.errors.extend(batch.skip_errors)
        articles: list[Article] = []
        for future in batch.windows:
            window: AnalysedWindow = future.result()
            articles.extend(window.articles)
            _add(pipeline.timings, window.timings)
            if progress:
                progress(len(window.articles))
        learned: LearnedChrome = batch.learned.result()
        _, learn_seconds = batch.learn.result()
        pipeline.timings["learned chrome"] += learn_seconds
        errors = list(batch.errors)
        for _, part_errors, seconds in batch.summaries:
            errors.extend(part_errors)
            pipeline.timings["read+extract"] += seconds
        report.errors.extend(e for _, e in sorted(errors, key=itemgetter(0)))
        now = time.perf_counter()
        report.seconds["analyse"] = report.seconds.get("analyse", 0.0) + now - batch.started
        saved = store.save_articles(articles)
        report.added.extend(saved.added)
        report.unchanged.extend(saved.unchanged)
        for aid, where in saved.conflicts:
            report.errors.append(
                InputError(where, f"id {aid!r} is already used by an article with other text; kept the first")
            )
        if learned.keys:
            store.set_state(LEARNED_CHROME_STATE, learned.to_dict())
        report.seconds["store"] = report.seconds.get("store", 0.0) + time.perf_counter() - now
        kept = set(saved.added)
        return [a for a in articles if a.id in kept]

    # --- corpus stages ---
    def rebuild(
        self, store: Store, pipeline: Pipeline, report: RunReport, *, chunk_articles: int = 2000
    ) -> CorpusResult:
        """:func:`marsad.digest.rebuild` with candidate generation and composition on
        the workers; the replay, topics and entity resolution stay on the client (under
        the store's rebuild lock, as the local engine's)."""
        with store.rebuild_lock():
            return self._rebuild(store, pipeline, report, chunk_articles)

    def _rebuild(self, store: Store, pipeline: Pipeline, report: RunReport, chunk_articles: int) -> CorpusResult:
        t0 = time.perf_counter()
        collisions, blocked, ids = self.candidates(store, pipeline.settings)
        report.seconds["candidates"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        index = StreamIndex(pipeline.settings, pipeline.story_model)
        lsh = PrecomputedLSH(collisions)
        index.finder._lsh = lsh  # type: ignore[assignment]
        index.clusterer = BlockedClusterer(pipeline.settings.cluster, pipeline.story_model, blocked, ids)
        lite: list[Article] = []
        for article in store.iter_articles(with_features=True):
            lsh.current = article.id
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
        self._compose(store, pipeline, result, resolved, lite_by_id, chunk_articles)
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

    def candidates(
        self, store: Store, settings: Settings
    ) -> tuple[dict[str, list[str]], dict[str, np.ndarray], list[str]]:
        """For every stored article, in replay order: the earlier articles sharing an LSH
        band with it (dedup), and the earlier articles its story lookup would see
        (positions into the returned ids; dated articles only)."""
        import dask.bag as db
        from datasketch import MinHashLSH

        ids: list[str] = []
        signatures: list[tuple[int, np.ndarray]] = []
        records: list[BlockRecord] = []
        shingle_size = settings.dedup.shingle_size
        for article in store.iter_articles(with_features=True):
            position = len(ids)
            ids.append(article.id)
            f = article.features
            if "minhash" in f and int(f["shingles"]) >= shingle_size:
                signatures.append((position, np.asarray(f["minhash"], dtype=np.uint32)))
            ts = published_timestamp(article.published)
            if ts is not None:
                signal = article_signal(article, ts)
                records.append(
                    BlockRecord(
                        position,
                        ts,
                        article.language or "",
                        tuple(StoryClusterer.query_terms(signal)),
                        tuple(signal.terms),
                    )
                )
        client = self.client
        bands = MinHashLSH(threshold=settings.dedup.threshold, num_perm=settings.dedup.num_perm).hashranges
        pairs_future = None
        if signatures:
            parts = max(1, min(len(signatures) // 500, 4 * self._n_workers()))
            bag = db.from_sequence(signatures, npartitions=parts)
            shuffled = bag.map_partitions(band_entries, bands).groupby(itemgetter(0), shuffle="tasks")
            pairs_future = client.compute(shuffled.map_partitions(band_pairs))
        blocking = self._submit_blocking(records, settings)
        collisions: dict[str, list[str]] = defaultdict(list)
        if pairs_future is not None:
            for later, earlier in sorted(set(pairs_future.result())):
                collisions[ids[later]].append(ids[earlier])
        blocked: dict[str, np.ndarray] = {}
        for future in blocking:
            for position, found in future.result():
                blocked[ids[position]] = found
        return dict(collisions), blocked, ids

    def _submit_blocking(self, records: list[BlockRecord], settings: Settings) -> list[Any]:
        window = max(settings.cluster.story_max_gap_days, settings.cluster.cross_lingual_max_gap_days) * DAY
        times = [r.ts for r in records]
        out = []
        size = self.options.blocking_part
        for first in range(0, len(records), size):
            # Every record within the longer window of the range's first query.
            start = int(np.searchsorted(times, times[first] - window, side="left"))
            chunk = records[start : first + size]
            out.append(self.client.submit(block_window, chunk, first - start, settings.cluster, pure=False))
        return out

    def _compose(
        self,
        store: Store,
        pipeline: Pipeline,
        result: CorpusResult,
        resolved: ResolvedEntities,
        lite_by_id: dict[str, Article],
        chunk_articles: int,
    ) -> None:
        """Compose the stories a chunk per task; results are stored in story order."""
        if pipeline.llm is not None:
            # The endpoint's counters live in the client's pipeline: compose here.
            chunks: Iterable[list[Story]] = _chunks(result.stories, chunk_articles)
        else:
            chunks = _chunks(result.stories, self.options.compose_part)
        position = {s.id: i for i, s in enumerate(result.stories)}
        in_flight: list[Any] = []
        limit = 2 * self._n_workers()
        for stories in chunks:
            ids = [aid for story in stories for aid in story.articles]
            full = {a.id: a for a in store.get_articles(ids)}
            for aid, article in full.items():
                article.duplicate_of = result.duplicates.get(aid)
                article.story = result.assignment.get(aid)
                article.mentions = lite_by_id[aid].mentions
            if pipeline.llm is not None:
                requoted = pipeline.compose_stories(stories, full, resolved)
                if requoted:
                    store.update_analysis(requoted)
                continue
            part = _restrict(resolved, ids)
            in_flight.append(self.client.submit(compose_chunk, pipeline.settings, stories, full, part, pure=False))
            if len(in_flight) >= limit:
                self._store_composed(in_flight.pop(0).result(), store, pipeline, result, position)
        for future in in_flight:
            self._store_composed(future.result(), store, pipeline, result, position)

    @staticmethod
    def _store_composed(
        chunk: ComposedChunk, store: Store, pipeline: Pipeline, result: CorpusResult, position: dict[str, int]
    ) -> None:
        for story in chunk.stories:
            result.stories[position[story.id]] = story
        _add(pipeline.timings, chunk.timings)
        if chunk.requoted:
            store.update_analysis(chunk.requoted)

    def _n_workers(self) -> int:
        return max(1, len(self.client.nthreads()))


def _restrict(resolved: ResolvedEntities, article_ids: Sequence[str]) -> ResolvedEntities:
    """The part of the corpus-wide entities a chunk's articles name."""
    by_article = {aid: resolved.by_article[aid] for aid in article_ids if aid in resolved.by_article}
    named = {eid for mentions in by_article.values() for _, eid in mentions}
    return ResolvedEntities({eid: resolved.entities[eid] for eid in sorted(named)}, by_article)


def _add(total: dict[str, float], part: dict[str, float]) -> None:
    for name, seconds in part.items():
        total[name] = total.get(name, 0.0) + seconds
