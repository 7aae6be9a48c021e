"""From a RawDoc to an Article with clean text, title, metadata and removed chrome.

An input that cannot give an article becomes an :class:`InputError` naming it and
saying why, whatever went wrong inside (the run goes on with the others); an article
that had to be cut, flattened or repaired to be read carries a flag saying so.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from marsad.arabic.normalize import clean_visible
from marsad.config import Settings
from marsad.extract.chrome import filter_chrome
from marsad.extract.html import extract_html
from marsad.extract.learned import ChromeLearner, LearnedChrome
from marsad.ingest.dates import normalize_published
from marsad.ingest.encoding import replaced_bytes
from marsad.model import Article, InputError, RawDoc, Removed

__all__ = [
    "PARAGRAPH_BREAK",
    "apply_learned_chrome",
    "article_id",
    "content_id",
    "extract_article",
    "learn_chrome",
    "paragraphs_of",
    "raw_hash",
]

PARAGRAPH_BREAK = "\n\n"

logger = logging.getLogger(__name__)

# Control characters nobody sees (NUL, escape ...) go; line and paragraph separators,
# vertical tab and form feed become the line breaks they stand for.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# Before chrome rules run, a body is cut to this many times the article limit (the
# rules are linear, but a 60 MB text file need not be read line by line to be cut).
_PRECUT_FACTOR = 2
# A paragraph cut inside: where it may end, best first.
_LINE_START = re.compile(r"\n[^\S\n]*\S")
_SENTENCE_END = re.compile(r"[.!?؟…](?=\s)")


def raw_hash(raw: RawDoc) -> str:
    """Hash of what an input says (title and body as given), to tell a re-ingest of the
    same article (a no-op) from a different article reusing an id (a conflict)."""
    body = raw.text if raw.text is not None else (raw.html or "")
    # surrogatepass: a lone surrogate (JSON allows "\\ud800") must not make hashing fail;
    # every other text hashes as it always did.
    return hashlib.sha256(f"{raw.title or ''}\n{body}".encode("utf-8", "surrogatepass")).hexdigest()


def content_id(raw: RawDoc) -> str:
    """A stable id for an input that has none: a hash of what it says.

    Example:
        >>> content_id(RawDoc(input="a.txt", text="عنوان\\nنص")) == content_id(RawDoc(input="b.txt", text="عنوان\\nنص"))
        True
    """
    return "a" + raw_hash(raw)[:15]


def article_id(raw: RawDoc) -> str:
    """The input's own id when it has one, else its content hash."""
    return raw.id or content_id(raw)


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.").removeprefix("m.")
    return host or None


def paragraphs_of(article: Article) -> list[str]:
    return article.text.split(PARAGRAPH_BREAK) if article.text else []


def _truncate(paragraphs: list[str], limit: int) -> tuple[list[str], list[str]]:
    """Paragraphs within ``limit`` characters, and the ones cut; a first paragraph that
    is longer on its own is cut inside, at a sentence end or a space."""
    kept: list[str] = []
    size = 0
    for index, para in enumerate(paragraphs):
        if size + len(para) > limit and kept:
            return kept, paragraphs[index:]
        if len(para) > limit:
            head, tail = _cut_paragraph(para, limit)
            return [head], [tail, *paragraphs[index + 1 :]]
        kept.append(para)
        size += len(para) + len(PARAGRAPH_BREAK)
    return kept, []


def _cut_paragraph(para: str, limit: int) -> tuple[str, str]:
    """``para`` split within ``limit`` characters: at the last sentence end in its second
    half, else the last space, else exactly at the limit.

    Example:
        >>> _cut_paragraph("جملة أولى. جملة ثانية طويلة", 15)
        ('جملة أولى.', 'جملة ثانية طويلة')
    """
    window = para[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
    cut = ends[-1] if ends else window.rfind(" ", limit // 2)
    if cut <= 0:
        cut = limit
    return para[:cut].rstrip(), para[cut:].lstrip()


def _precut(body: str, limit: int) -> tuple[str, int, int]:
    """A very long body cut at a line break near ``limit``: what is left, and how many
    characters and lines (paragraphs begun) went."""
    if len(body) <= limit:
        return body, 0, 0
    cut = body.rfind("\n", limit // 2, limit)
    cut = cut if cut > 0 else limit
    return body[:cut], len(body) - cut, len(_LINE_START.findall(body, cut))


def _visible_controls_out(text: str) -> str:
    if _LINE_BREAKS.search(text):
        text = _LINE_BREAKS.sub("\n", text)
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def extract_article(raw: RawDoc, settings: Settings) -> Article | InputError:
    """Clean text, title, outlet, url and publication date of one input.

    Returns an InputError (naming the input) when nothing usable is in it; an article
    that is merely odd (too short, no title, date not understood, cut to the limits) is
    returned with a flag instead. Nothing raises: an unexpected failure inside is this
    input's error, not the run's.
    """
    try:
        return _extract_article(raw, settings)
    except Exception as exc:  # one bad input must not stop the others
        logger.debug("%s: extraction failed", raw.input, exc_info=True)
        return InputError(raw.input, f"could not be extracted: {type(exc).__name__}: {exc}")


def _extract_article(raw: RawDoc, settings: Settings) -> Article | InputError:
    flags: list[str] = []
    removed: list[Removed] = []
    meta_title = raw.title
    url = raw.url
    outlet = raw.outlet
    published = None
    published_source = None
    limit = settings.ingest.max_article_chars
    broken = replaced_bytes(raw.encoding)
    if broken:
        flags.append(f"{broken} invalid UTF-8 byte{'s' if broken != 1 else ''} replaced with U+FFFD")
    if raw.published:
        published = normalize_published(raw.published)
        if published is None:
            flags.append(f"publication date not understood: {raw.published[:60]!r}")
        else:
            published_source = "input"
    if raw.html is not None and raw.text is None:
        try:
            page = extract_html(raw.html, url, settings.limits)
        except ValueError as exc:
            return InputError(raw.input, str(exc))
        body = page.text
        removed.extend(page.removed)
        flags.extend(page.flags)
        meta_title = meta_title or page.title
        url = url or page.url
        outlet = outlet or page.sitename
        if published is None and page.date:
            published = normalize_published(page.date)
            published_source = "metadata" if published else None
    else:
        body = raw.text or ""
    body, precut, precut_lines = _precut(body, _PRECUT_FACTOR * limit)
    body = clean_visible(_visible_controls_out(body))
    if meta_title:
        meta_title = clean_visible(_visible_controls_out(meta_title[:limit])).strip()
    if url:
        url = clean_visible(_visible_controls_out(url)).strip() or None
    outlet = outlet or _outlet_from_url(url)
    if outlet:
        outlet = clean_visible(_visible_controls_out(outlet)).strip() or None
    result = filter_chrome(body, title=meta_title or None)
    removed.extend(result.removed)
    paragraphs = result.paragraphs
    if not paragraphs and not result.title:
        if not body.strip():
            return InputError(raw.input, "no text (empty, or only invisible characters)")
        return InputError(raw.input, "no article text left after removing site chrome")
    if not paragraphs:
        # A one-line input: its only line is its text, not a title.
        paragraphs = [result.title]
        flags.append("no body: the only line is used as text")
    paragraphs, cut = _truncate(paragraphs, limit)
    if cut or precut:
        removed.append(
            Removed(
                f"[{sum(len(p) for p in cut) + precut:,} characters in {len(cut) + precut_lines} paragraphs]",
                f"over the {limit:,} character limit (ingest.max_article_chars)",
            )
        )
        flags.append("truncated")
    text = PARAGRAPH_BREAK.join(paragraphs)
    if len(text) < settings.ingest.min_article_chars:
        flags.append("too short")
    article = Article(
        id=article_id(raw),
        input=raw.input,
        raw_hash=raw_hash(raw),
        raw=_SURROGATE.sub("\ufffd", raw.html if raw.html is not None and raw.text is None else (raw.text or "")),
        outlet=outlet,
        url=url,
        title=result.title,
        published=published,
        published_source=published_source,
        crawled=raw.crawled,
        published_confidence=1.0 if published_source == "input" else (0.8 if published else 0.0),
        text=text,
        removed=removed,
        flags=flags,
    )
    if not article.title:
        article.flags.append("no title")
    return article


def learn_chrome(articles: Iterable[Article], settings: Settings) -> LearnedChrome:
    """Lines each outlet repeats across unrelated articles of this batch."""
    learner = ChromeLearner(settings.extract)
    for article in articles:
        learner.add(article.outlet, paragraphs_of(article), hashlib.sha1(article.text.encode()).hexdigest())
    return learner.learn()


def apply_learned_chrome(article: Article, learned: LearnedChrome) -> Article:
    """Remove the learned chrome lines from one article (never its last paragraph)."""
    paragraphs = paragraphs_of(article)
    kept: list[str] = []
    dropped: list[Removed] = []
    for para in paragraphs:
        reason = learned.reason(article.outlet, para)
        if reason:
            dropped.append(Removed(para, reason))
        else:
            kept.append(para)
    if dropped and kept:
        article.text = PARAGRAPH_BREAK.join(kept)
        article.removed.extend(dropped)
    return article
