"""The order of marsad's stages, and nothing else (as trafilatura's core.py).

Per-article stages are ``(Article, Settings) -> Article`` functions in :data:`STAGES`,
run by :meth:`Pipeline.analyse`; one article that breaks a stage is recorded (a flag
naming the stage and the error) and the batch goes on. Corpus stages (dedup,
clustering, topics, entity resolution, composition) run over articles in publication
order, so a batch run and a stream of the same articles agree.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from threadpoolctl import threadpool_limits

from marsad.arabic.language import detect_language
from marsad.arabic.sentences import split_sentences
from marsad.cluster.assemble import assemble_stories, assemble_topics
from marsad.cluster.model import StoryModel
from marsad.cluster.segments import mark_segments
from marsad.cluster.signals import ArticleSignal, Embedder, article_signal, embedding_text, signal_features
from marsad.cluster.stream import StreamIndex, order_key
from marsad.cluster.topics import TopicGrouper
from marsad.config import Settings
from marsad.dedup.minhash import DuplicateFinder, Fingerprint, fingerprint, stored_fingerprint
from marsad.entities.resolve import EntityResolver, ResolvedEntities, mention_roles
from marsad.extract.article import apply_learned_chrome, extract_article, learn_chrome
from marsad.extract.learned import LearnedChrome
from marsad.facts import FactsResult, compose_facts
from marsad.ingest.dates import normalize_published
from marsad.model import Article, InputError, RawDoc, Story, Topic
from marsad.store.sqlite import published_timestamp
from marsad.summarize import summarize_story

__all__ = ["STAGES", "BatchResult", "CorpusResult", "LlmOptions", "Pipeline", "minibatch"]

logger = logging.getLogger(__name__)

Stage = Callable[[Article, Settings], Article]


def detect_article_language(article: Article, settings: Settings) -> Article:
    lang, _ = detect_language(f"{article.title}\n{article.text}", settings.analyse.min_arabic_letter_share)
    article.language = lang
    if lang != "ar":
        article.flags.append(f"not Arabic ({lang or 'no text'}): Arabic-only stages skipped")
    return article


def segment_sentences(article: Article, settings: Settings) -> Article:
    article.sentences = split_sentences(article.text)
    return article


def flag_segments(article: Article, settings: Settings) -> Article:
    return mark_segments(article) if article.is_arabic else article


def tag_entities(article: Article, settings: Settings) -> Article:
    if not article.is_arabic or not settings.analyse.entities:
        return article
    from marsad.entities.tagger import default_tagger

    spans = [(s.start, s.end) for s in article.sentences]
    article.mentions = default_tagger().find_mentions(article.text, spans)
    # Titles are read while the text is at hand: entity resolution works on mentions alone.
    for m in article.mentions:
        if m.label == "PER":
            roles = mention_roles(article.text, m, article.mentions)
            m.role = "؛ ".join(roles) if roles else None
    return article


def find_dates(article: Article, settings: Settings) -> Article:
    if not settings.analyse.dates:
        return article
    from marsad.temporal import find_time_expressions, infer_publication_date

    if article.published is None:
        # Sites print the date on a line of their own, which extraction removed as chrome:
        # look there first, then at the text.
        removed = "\n".join(r.text for r in article.removed if r.reason != "outside main content")
        guess = infer_publication_date(metadata=None, url=article.url, text=f"{removed}\n{article.text}")
        if guess.value:
            article.published = guess.value
            article.published_source = guess.source
            article.published_confidence = guess.confidence
            article.flags.append(f"publication date inferred from {guess.source} ({guess.confidence:.2f})")
        elif article.crawled and (crawled := normalize_published(article.crawled)):
            # A crawl date bounds publication from above; news is mostly crawled within days.
            article.published = crawled
            article.published_source = "crawl"
            article.published_confidence = 0.3
            article.flags.append("publication date taken from the crawl date (0.30)")
    if article.is_arabic:
        article.times = find_time_expressions(article.text, article.published)
    return article


def compute_signals(article: Article, settings: Settings) -> Article:
    article.features.update(signal_features(article))
    return article


# The per-article stages, in order (embeddings and fingerprints are computed per batch).
STAGES: list[tuple[str, Stage]] = [
    ("language", detect_article_language),
    ("sentences", segment_sentences),
    ("segments", flag_segments),
    ("entities", tag_entities),
    ("dates", find_dates),
    ("signals", compute_signals),
]


def minibatch(items: Iterable[object], size: int) -> Iterable[list[object]]:
    """Lists of ``size`` items (``itertools.batched`` needs Python 3.12)."""
    batch: list[object] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(slots=True)
class CorpusResult:
    duplicates: dict[str, str]
    assignment: dict[str, str]
    stories: list[Story]
    topics: list[Topic]


@dataclass(slots=True)
class LlmOptions:
    """``--llm``: an OpenAI-compatible chat endpoint writing the summaries (checked)."""

    url: str
    model: str | None = None
    timeout: float = 60.0
    kept: int = 0
    dropped: int = 0
    failures: int = 0


@dataclass(slots=True)
class BatchResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    learned: LearnedChrome = field(default_factory=LearnedChrome)


class Pipeline:
    """marsad's stages with their models loaded once."""

    def __init__(
        self, settings: Settings, *, embedder: Embedder | None = None, story_model: StoryModel | None = None
    ) -> None:
        self.settings = settings
        # marsad's matrices are small (a batch of titles, one document's tokens): BLAS
        # threads only contend with each other and with other work. Parallelism comes
        # from processes (the Dask engine), never from inside BLAS.
        threadpool_limits(limits=1, user_api="blas")
        self.embedder = embedder or Embedder()
        self.story_model = story_model
        self.llm: LlmOptions | None = None
        # Seconds spent per stage since this pipeline was made (benchmarks read it).
        self.timings: dict[str, float] = defaultdict(float)

    # --- per article ---
    def analyse(self, article: Article) -> Article:
        """Run every per-article stage; a failing stage is flagged, not fatal."""
        for name, stage in STAGES:
            start = time.perf_counter()
            try:
                article = stage(article, self.settings)
            except Exception as exc:  # one bad article must not stop the batch
                logger.warning("%s: stage %s failed: %s", article.input, name, exc)
                article.flags.append(f"stage {name} failed: {type(exc).__name__}: {exc}")
            self.timings[name] += time.perf_counter() - start
        return article

    def embed(self, articles: Sequence[Article], batch_size: int = 256) -> None:
        texts = [embedding_text(a) for a in articles]
        for start in range(0, len(articles), batch_size):
            vectors = self.embedder.encode(texts[start : start + batch_size])
            for article, vector in zip(articles[start : start + batch_size], vectors, strict=True):
                article.features["embedding"] = vector

    def fingerprint(self, article: Article) -> Fingerprint:
        fp = fingerprint(article.text, self.settings.dedup)
        article.features["exact"] = fp.exact
        article.features["shingles"] = fp.size
        article.features["minhash"] = fp.signature
        article.features["lead_hashes"] = sorted(fp.lead)
        return fp

    def analyse_batch(
        self,
        raws: Iterable[RawDoc | InputError],
        *,
        learned: LearnedChrome | None = None,
        skip: Callable[[RawDoc], bool] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> BatchResult:
        """Extract and analyse a batch: chrome learnt across it (on top of ``learned``),
        every per-article stage, embeddings and fingerprints."""
        result = BatchResult()
        clock = time.perf_counter()
        for raw in raws:
            if isinstance(raw, InputError):
                result.errors.append(raw)
                continue
            if skip is not None and skip(raw):
                continue
            extracted = extract_article(raw, self.settings)
            if isinstance(extracted, InputError):
                result.errors.append(extracted)
            else:
                result.articles.append(extracted)
        clock = self._lap("read+extract", clock)
        result.learned = learn_chrome(result.articles, self.settings)
        if learned is not None:
            result.learned.merge(learned)
        for article in result.articles:
            apply_learned_chrome(article, result.learned)
        clock = self._lap("learned chrome", clock)
        for article in result.articles:
            self.analyse(article)
            if progress:
                progress(1)
        clock = time.perf_counter()
        for article in result.articles:
            self.fingerprint(article)
        clock = self._lap("fingerprints", clock)
        self.embed(result.articles)
        self._lap("embeddings", clock)
        return result

    def _lap(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[name] += now - since
        return now

    # --- corpus ---
    order_key = staticmethod(order_key)

    def sort(self, articles: Iterable[Article]) -> list[Article]:
        return sorted(articles, key=order_key)

    def dedup(self, articles: Sequence[Article]) -> dict[str, str]:
        """Copies → canonical article (the first published), for articles in order."""
        finder = DuplicateFinder(self.settings.dedup)
        out: dict[str, str] = {}
        for a in articles:
            f = a.features
            if "minhash" not in f:
                continue
            canonical = finder.add(a.id, stored_fingerprint(f))
            if canonical is not None:
                out[a.id] = canonical
        return out

    def signal(self, article: Article) -> ArticleSignal:
        return article_signal(article, published_timestamp(article.published))

    def compose(self, articles: Sequence[Article], result: CorpusResult) -> None:
        """Per story: entities (resolved over the whole corpus), timeline, facts and summary."""
        clock = time.perf_counter()
        for a in articles:
            a.duplicate_of = result.duplicates.get(a.id)
            a.story = result.assignment.get(a.id)
        resolved = EntityResolver().resolve(self.sort(articles), result.assignment)
        self._lap("entities resolve", clock)
        self.compose_stories(result.stories, {a.id: a for a in articles}, resolved)

    def compose_stories(
        self, stories: Sequence[Story], articles: Mapping[str, Article], resolved: ResolvedEntities | None = None
    ) -> list[Article]:
        """Fill each story's entities, timeline, facts and summary from its articles
        (``resolved``: entities resolved over a larger corpus; default: over these).

        Returns the articles whose quotes changed (their speakers link to entities,
        which are known only now), for the caller to store.
        """
        clock = time.perf_counter()
        if resolved is None:
            members = self.sort(articles[a] for s in stories for a in s.articles if a in articles)
            resolved = EntityResolver().resolve(members, {a.id: a.story or a.id for a in members})
        for story in stories:
            story.entities = resolved.for_articles(story.articles)
        clock = self._lap("story entities", clock)
        from marsad.temporal import build_timeline

        for story in stories:
            canonical = [articles[a] for a in story.articles if a in articles and not articles[a].duplicate_of]
            story.timeline = build_timeline(canonical) if any(a.times for a in canonical) else []
        clock = self._lap("timelines", clock)
        requoted: list[Article] = []
        for story in stories:
            # The embedder only serves mixed-language stories (cross-lingual support).
            facts = compose_facts(story, articles, encoder=self.embedder)
            story.facts = facts.facts
            story.extra.update(facts.extra())
            for aid, quotes in facts.quotes.items():
                if articles[aid].quotes != quotes:
                    articles[aid].quotes = quotes
                    requoted.append(articles[aid])
            clock = self._lap("facts", clock)
            story.summary = summarize_story(story, articles, self.settings.summary, facts)
            if self.llm is not None:
                self._llm_summary(story, articles, facts)
            clock = self._lap("summaries", clock)
        return requoted

    def _llm_summary(self, story: Story, articles: Mapping[str, Article], facts: FactsResult) -> None:
        """Replace the extractive summary by the endpoint's checked sentences when at
        least one survives the check; what was dropped, and why, stays in the story."""
        from marsad.summarize.llm import summarize_with_llm

        assert self.llm is not None
        try:
            result = summarize_with_llm(
                story,
                articles,
                self.llm.url,
                model=self.llm.model,
                timeout=self.llm.timeout,
                facts=facts,
                settings=self.settings.summary,
            )
        except (OSError, ValueError) as exc:
            self.llm.failures += 1
            story.extra["summary_mode"] = "extractive"
            story.extra["llm_error"] = str(exc)[:300]
            return
        story.extra["llm_dropped"] = [{"text": d.text, "reasons": list(d.reasons)} for d in result.dropped]
        self.llm.dropped += len(result.dropped)
        self.llm.kept += len(result.kept)
        if result.kept:
            story.summary = result.kept
            story.extra["summary_mode"] = "llm"
        else:
            story.extra["summary_mode"] = "extractive"

    def cluster(self, articles: Sequence[Article], duplicates: dict[str, str] | None = None) -> dict[str, str]:
        """Article id → story id, for articles in publication order."""
        return self.build_stories(articles, duplicates).assignment

    def build_stories(self, articles: Sequence[Article], index: StreamIndex | None = None) -> CorpusResult:
        """Dedup, stories, topics and story titles for a set of articles (any order).

        The articles are replayed in publication order through a :class:`StreamIndex`,
        exactly as a stream would add them; pass ``index`` to keep that state.
        """
        clock = time.perf_counter()
        index = index or StreamIndex(self.settings, self.story_model)
        index.extend(articles)
        clock = self._lap("dedup+stories", clock)
        return self.assemble(index, articles, clock)

    def assemble(self, index: StreamIndex, articles: Sequence[Article], clock: float | None = None) -> CorpusResult:
        """Stories and topics (with titles and spans) from a stream's state."""
        clock = clock or time.perf_counter()
        clusterer = index.clusterer
        topic_of = TopicGrouper(self.settings.cluster).group(list(clusterer.stories.values()))
        by_id = {a.id: a for a in articles}
        stories = assemble_stories(clusterer, by_id, index.signals, index.duplicates, topic_of)
        self._lap("topics+titles", clock)
        return CorpusResult(dict(index.duplicates), dict(clusterer.assignment), stories, assemble_topics(stories))
