"""What Dask workers run: the local engine's own stage functions over a part of the input.

Every function here is a plain module-level function (pickled by reference, so workers
import it from their installed marsad) that calls the functions the local engine calls,
in the same order. Workers build their :class:`~marsad.pipeline.Pipeline` once per
process (:func:`worker_pipeline`): the models (entity tagger, sentence encoder) are
loaded lazily by the first task that needs them and never shipped with a task.

Data a worker holds is treated as read-only (Dask may hand the same object to several
tasks, or run a task again after a worker is lost): tasks that clean or annotate
articles work on copies.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.config import Settings
from marsad.entities.resolve import ResolvedEntities
from marsad.extract.article import apply_learned_chrome, extract_article, learn_chrome
from marsad.extract.learned import LearnedChrome
from marsad.model import Article, InputError, RawDoc, Story
from marsad.pipeline import Pipeline

__all__ = [
    "AnalysedWindow",
    "ComposedChunk",
    "ExtractedPart",
    "analyse_window",
    "compose_chunk",
    "extract_part",
    "learn_part",
    "merge_learned",
    "part_summary",
    "worker_pipeline",
]

# One Pipeline per worker process and settings (a worker may serve several runs).
_PIPELINES: dict[str, Pipeline] = {}


def worker_pipeline(settings: Settings) -> Pipeline:
    """The Pipeline of this process for ``settings``, built on first use.

    Building it holds BLAS to one thread (see Pipeline.__init__): parallelism comes from
    the worker processes, never from inside BLAS.
    """
    key = repr(settings)
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        pipeline = _PIPELINES[key] = Pipeline(settings)
    return pipeline


@dataclass(slots=True)
class ExtractedPart:
    """Extraction of consecutive inputs of one batch: the articles in input order and
    the inputs that failed, with their position in the batch."""

    articles: list[Article] = field(default_factory=list)
    errors: list[tuple[int, InputError]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(slots=True)
class AnalysedWindow:
    articles: list[Article]
    timings: dict[str, float]


@dataclass(slots=True)
class ComposedChunk:
    stories: list[Story]
    requoted: list[Article]
    timings: dict[str, float]


def extract_part(raws: Sequence[tuple[int, RawDoc]], settings: Settings) -> ExtractedPart:
    """Extract each input (``(position in batch, document)``), as Pipeline.analyse_batch does."""
    start = time.perf_counter()
    part = ExtractedPart()
    for position, raw in raws:
        extracted = extract_article(raw, settings)
        if isinstance(extracted, InputError):
            part.errors.append((position, extracted))
        else:
            part.articles.append(extracted)
    part.seconds = time.perf_counter() - start
    return part


def part_summary(part: ExtractedPart) -> tuple[int, list[tuple[int, InputError]], float]:
    """What the client needs of a part to plan the analysis: its size and errors."""
    return len(part.articles), part.errors, part.seconds


def learn_part(settings: Settings, *parts: ExtractedPart) -> tuple[LearnedChrome, float]:
    """Chrome learnt across one whole batch (all its parts, in order)."""
    start = time.perf_counter()
    learned = learn_chrome([a for p in parts for a in p.articles], settings)
    return learned, time.perf_counter() - start


def merge_learned(batch: tuple[LearnedChrome, float], earlier: LearnedChrome) -> LearnedChrome:
    """What the local engine carries into a batch: the batch's chrome, then the earlier."""
    learned = copy.deepcopy(batch[0])
    learned.merge(earlier)
    return learned


def analyse_window(
    settings: Settings, learned: LearnedChrome, pieces: Sequence[tuple[ExtractedPart, int, int]]
) -> AnalysedWindow:
    """Learned chrome, every per-article stage, fingerprints and embeddings of one window
    of a batch (``pieces``: slices ``[lo, hi)`` of parts' articles, in order).

    The client cuts windows at the embedding batch boundaries of the local engine, so
    each article is encoded in the very batch it would be encoded in locally.
    """
    pipeline = worker_pipeline(settings)
    before = dict(pipeline.timings)
    clock = time.perf_counter()
    articles = [copy.deepcopy(a) for part, lo, hi in pieces for a in part.articles[lo:hi]]
    for article in articles:
        apply_learned_chrome(article, learned)
    clock = pipeline._lap("learned chrome", clock)
    for article in articles:
        pipeline.analyse(article)
    clock = time.perf_counter()
    for article in articles:
        pipeline.fingerprint(article)
    clock = pipeline._lap("fingerprints", clock)
    pipeline.embed(articles)
    pipeline._lap("embeddings", clock)
    return AnalysedWindow(articles, _delta(pipeline.timings, before))


def compose_chunk(
    settings: Settings, stories: list[Story], articles: dict[str, Article], resolved: ResolvedEntities
) -> ComposedChunk:
    """Entities, timeline, facts and summary of each story of a chunk, as
    Pipeline.compose_stories does on the client (``resolved``: the corpus-wide
    entities, restricted to the chunk's articles)."""
    pipeline = worker_pipeline(settings)
    before = dict(pipeline.timings)
    requoted = pipeline.compose_stories(stories, articles, resolved)
    return ComposedChunk(stories, requoted, _delta(pipeline.timings, before))


def _delta(after: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    return {k: v - before.get(k, 0.0) for k, v in after.items() if v - before.get(k, 0.0) > 0}
