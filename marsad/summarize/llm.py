"""An optional abstractive summary from an OpenAI-compatible chat endpoint, checked.

The model is given the story's best extractive sentences (the candidates the cited
summary is chosen from, plus the evidence of its corroborated and conflicting facts) as
numbered sources, and asked for three to five Arabic sentences, each ending with the
numbers of the sources it rests on («… [1][3]»). Every sentence it writes is then
checked against the sources it cites, and kept only when all of these hold:

* it cites at least one source, and only sources that exist;
* every number in it (a value with what it counts, or a bare number) is one the cited
  sources state, with a compatible value for a counted quantity;
* every date it resolves to a day is a day the cited sources name;
* every name the entity tagger finds in it is written in the cited sources (by
  spelling key), or is a known variant of an entity of the story that they name;
* at least :data:`CONTENT_SHARE` of its content words (IDF-weighted lemmas, news
  synonyms folded) are in the cited sources. Paraphrase keeps most content words of
  news sentences; an invented clause of two or three content words in a ten-word
  sentence takes the share under this line. (Extractive citations need 0.5 of one
  source sentence; here the cited sources are pooled, so the bar is higher.)

Dropped sentences are returned with their reasons. Citations of kept sentences are
mapped back to article ids. The HTTP call uses the standard library; ``client`` can
replace it (tests use a fake server on loopback).
"""

from __future__ import annotations

import json
import math
import re
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.arabic.tokens import tokenize, word_key
from marsad.config import SummarySettings
from marsad.facts import FactsResult, compose_facts, story_articles
from marsad.facts.claims import Claim
from marsad.facts.numbers import compatible
from marsad.model import Article, Citation, Story, SummarySentence

__all__ = ["CONTENT_SHARE", "DroppedSentence", "LlmResult", "Source", "check_sentence", "summarize_with_llm"]

CONTENT_SHARE = 0.6
MAX_SOURCES = 14
_CITE = re.compile(r"\[(\d{1,3})\]")
_NUMBER = re.compile(r"\d+(?:[.,٫]\d+)?")
_SYSTEM = (
    "أنت محرر أخبار دقيق. تكتب ملخصاً عربياً قصيراً لقصة إخبارية اعتماداً على الجمل المرقمة فقط. "
    "لا تضف أي معلومة أو رقم أو اسم أو تاريخ غير موجود في الجمل المصدرية."
)

Client = Callable[[str, dict[str, Any], float], dict[str, Any]]


@dataclass(slots=True)
class Source:
    """A numbered source sentence given to the model."""

    number: int
    article: str
    start: int
    end: int
    text: str
    published: str | None


@dataclass(slots=True)
class DroppedSentence:
    text: str
    citations: list[int]
    reasons: list[str]


@dataclass(slots=True)
class LlmResult:
    kept: list[SummarySentence] = field(default_factory=list)
    dropped: list[DroppedSentence] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    prompt: list[dict[str, str]] = field(default_factory=list)
    raw: str = ""


def _post_json(url: str, payload: dict[str, Any], timeout: float) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode("utf-8"), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def build_sources(
    story: Story,
    articles: Mapping[str, Article],
    facts: FactsResult | None = None,
    settings: SummarySettings | None = None,
    max_sources: int = MAX_SOURCES,
) -> list[Source]:
    """The numbered sentences the model may use: the best extractive candidates, then
    the evidence of corroborated and conflicting facts."""
    from marsad.summarize.cited import _centroid, _score, candidates

    settings = settings or SummarySettings()
    cands = candidates(story, articles, settings, facts)
    units = facts.units if facts is not None and facts.units else [c.unit for c in cands]
    centroid, norm = _centroid(units)
    _score(cands, facts, centroid, norm)
    seen: set[tuple[str, int]] = set()
    out: list[Source] = []

    def add(article: Article, start: int, end: int) -> None:
        if (article.id, start) in seen or len(out) >= max_sources:
            return
        seen.add((article.id, start))
        out.append(Source(len(out) + 1, article.id, start, end, article.text[start:end], article.published))

    for c in sorted(cands, key=lambda c: -c.score)[: max_sources - 4]:
        add(c.article, c.start, c.end)
    if facts is not None:
        for f in facts.facts:
            if f.status == "single-source":
                continue
            for e in f.evidence[:2]:
                if e.article in articles:
                    add(articles[e.article], e.start, e.end)
    out.sort(key=lambda s: (articles[s.article].published or "", s.article, s.start))
    for i, s in enumerate(out, 1):
        s.number = i
    return out


def build_prompt(
    title: str, sources: Sequence[Source], *, min_sentences: int = 3, max_sentences: int = 5
) -> list[dict[str, str]]:
    """Chat messages asking for a cited Arabic summary of the numbered sources."""
    listing = "\n".join(f"[{s.number}] {s.text}" for s in sources)
    user = (
        f"عنوان القصة: {title}\n\nالجمل المصدرية:\n{listing}\n\n"
        f"اكتب من {min_sentences} إلى {max_sentences} جمل عربية تلخص القصة، كل جملة في سطر مستقل، "
        "وتنتهي كل جملة بأرقام الجمل المصدرية التي تستند إليها بين قوسين مربعين مثل [1][3]. "
        "لا تستعمل إلا ما ورد في الجمل المصدرية."
    )
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]


def parse_sentences(content: str) -> list[tuple[str, list[int]]]:
    """(sentence without its marks, cited numbers) for each sentence the model wrote.

    Example:
        >>> parse_sentences("اندلع حريق في الميناء. [1][2]\\n- ارتفع عدد القتلى إلى ثلاثة [3]")
        [('اندلع حريق في الميناء.', [1, 2]), ('ارتفع عدد القتلى إلى ثلاثة', [3])]
    """
    out: list[tuple[str, list[int]]] = []
    for line in content.splitlines():
        line = line.strip().lstrip("-•*0123456789.) ").strip()
        if not line:
            continue
        # Several sentences on one line: cut after each run of citation marks.
        for piece in re.split(r"(?<=\])\s+(?=[^\[\s])", line):
            numbers = [int(n) for n in _CITE.findall(piece)]
            text = _CITE.sub("", piece).strip()
            text = re.sub(r"\s+([.،,؛!؟])", r"\1", text).strip()
            if text:
                out.append((text, numbers))
    return out


def _numbers(text: str) -> set[float]:
    out: set[float] = set()
    for m in _NUMBER.finditer(text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))):
        try:
            out.add(float(m.group().replace("٫", ".").replace(",", ".")))
        except ValueError:
            continue
    return out


def _source_claim(sources: Sequence[Source]) -> Claim:
    from marsad.summarize.check import claim_from_text

    text = "\n".join(s.text for s in sources)
    claims = [claim_from_text(s.text, s.published) for s in sources]
    pooled = claim_from_text(text)
    pooled.quantities = [q for c in claims for q in c.quantities]
    pooled.days = frozenset(d for c in claims for d in c.days)
    return pooled


def check_sentence(
    text: str,
    cited: Sequence[Source],
    *,
    published: str | None = None,
    entity_variants: Sequence[Sequence[str]] = (),
) -> list[str]:
    """Why a generated sentence is not backed by the sources it cites ([] when it is).

    Relative dates in the sentence are read against each cited source's publication
    date (and ``published``); one reading must name only days the sources name.

    Example:
        >>> src = [Source(1, "a", 0, 0, "قال الوزير إن المصنع ينتج 300 سيارة يومياً في المدينة", "2024-01-01")]
        >>> check_sentence("ينتج المصنع 300 سيارة يومياً في المدينة", src)
        []
        >>> check_sentence("ينتج المصنع 500 سيارة يومياً في المدينة", src)
        ['number not in the cited sources: 500 سيارة']
    """
    from marsad.summarize.check import claim_from_text

    if not cited:
        return ["cites no source"]
    reasons: list[str] = []
    pooled = _source_claim(cited)
    bases = sorted({s.published for s in cited if s.published} | ({published} if published else set())) or [None]
    readings = [claim_from_text(text, basis) for basis in bases]
    claim = readings[0]
    source_numbers = _numbers(pooled.text) | {q.value for q in pooled.quantities}
    unbacked = []
    for q in claim.quantities:
        if q.partial:
            continue
        same_class = [p for p in pooled.quantities if p.cls == q.cls]
        if any(compatible(p, q) for p in same_class) or (not same_class and q.value in source_numbers):
            continue
        unbacked.append(q.surface)
    covered = [(q.start, q.end) for q in claim.quantities]
    for m in _NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        value = next(iter(_numbers(m.group())), None)
        if value is not None and value not in source_numbers:
            unbacked.append(m.group())
    if unbacked:
        reasons.append("number not in the cited sources: " + "، ".join(unbacked))
    if all(r.days and not r.days <= pooled.days for r in readings):
        reasons.append("date not in the cited sources")
    unknown = _unknown_names(text, pooled, entity_variants)
    if unknown:
        reasons.append("name not in the cited sources: " + "، ".join(unknown))
    share = _content_share(claim, pooled)
    if share < CONTENT_SHARE:
        reasons.append(f"content words not in the cited sources ({share:.0%} found)")
    return reasons


def _content_share(claim: Claim, pooled: Claim) -> float:
    if claim.weight <= 0:
        return 1.0
    got = math.fsum(t.weight for t in claim.tokens if t.term in pooled.terms or t.key in pooled.keys)
    return got / claim.weight


def _unknown_names(text: str, pooled: Claim, entity_variants: Sequence[Sequence[str]]) -> list[str]:
    from marsad.entities.tagger import default_tagger

    mentions = default_tagger().find_mentions(text, [(0, len(text))])
    source_keys = {word_key(w) for w in tokenize(pooled.text)}
    unknown = []
    for m in mentions:
        words = [w for w in tokenize(m.text) if w[:1].isalpha()]
        if not words or all(word_key(w) in source_keys for w in words):
            continue
        # A known spelling of an entity the sources name under another spelling.
        keys = {word_key(w) for w in words}
        if any(
            keys <= {word_key(w) for v in variants for w in tokenize(v)}
            and any(all(word_key(w) in source_keys for w in tokenize(v)) for v in variants)
            for variants in entity_variants
        ):
            continue
        unknown.append(m.text)
    return unknown


def summarize_with_llm(
    story: Story,
    articles: Mapping[str, Article],
    url: str,
    *,
    model: str | None = None,
    timeout: float = 60,
    client: Client | None = None,
    facts: FactsResult | None = None,
    settings: SummarySettings | None = None,
) -> LlmResult:
    """An abstractive summary of ``story`` from the chat endpoint at ``url``, every
    sentence checked against its citations.

    Args:
        story: the story.
        articles: article id → Article.
        url: the endpoint's base URL (``{url}/v1/chat/completions`` is called).
        model: the model name to ask for (the server's default when None).
        timeout: seconds to wait for the answer.
        client: ``(url, payload, timeout) -> response JSON`` (default: urllib).
        facts: the story's facts (computed when None).
        settings: summary budgets (defaults when None).

    Returns:
        An :class:`LlmResult`: kept sentences (with article citations), dropped ones
        with reasons, the sources and prompt used, and the raw answer.

    Raises:
        OSError: the endpoint could not be reached.
        ValueError: the answer is not a chat completion.
    """
    settings = settings or SummarySettings()
    facts = facts if facts is not None else compose_facts(story, articles)
    sources = build_sources(story, articles, facts, settings)
    result = LlmResult(sources=sources)
    if not sources:
        return result
    messages = build_prompt(story.title, sources, min_sentences=settings.min_sentences)
    result.prompt = messages
    payload: dict[str, Any] = {"messages": messages, "temperature": 0}
    if model:
        payload["model"] = model
    answer = (client or _post_json)(url.rstrip("/") + "/v1/chat/completions", payload, timeout)
    try:
        content = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"not a chat completion: {str(answer)[:200]}") from exc
    result.raw = content
    by_number = {s.number: s for s in sources}
    _, canonical = story_articles(story, articles)
    variants = [[e.name, *e.variants] for e in story.entities]
    published = canonical[-1].published if canonical else None
    for text, numbers in parse_sentences(content):
        bad = [n for n in numbers if n not in by_number]
        cited = [by_number[n] for n in numbers if n in by_number]
        reasons = [f"cites a source that does not exist: {bad}"] if bad else []
        reasons += check_sentence(text, cited, published=published, entity_variants=variants)
        if reasons:
            result.dropped.append(DroppedSentence(text, numbers, reasons))
            continue
        ids = sorted({s.article for s in cited}, key=lambda a: story.articles.index(a) if a in story.articles else 0)
        first = cited[0]
        result.kept.append(SummarySentence(text, ids, Citation(first.article, first.start, first.end)))
    return result
