"""From a RawDoc to an Article with clean text, title, metadata and removed chrome."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from urllib.parse import urlsplit

from marsad.arabic.normalize import clean_visible
from marsad.config import Settings
from marsad.extract.chrome import filter_chrome
from marsad.extract.html import extract_html
from marsad.extract.learned import ChromeLearner, LearnedChrome
from marsad.ingest.dates import normalize_published
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


def raw_hash(raw: RawDoc) -> str:
    """Hash of what an input says (title and body as given), to tell a re-ingest of the
    same article (a no-op) from a different article reusing an id (a conflict)."""
    body = raw.text if raw.text is not None else (raw.html or "")
    return hashlib.sha256(f"{raw.title or ''}\n{body}".encode()).hexdigest()


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
    kept: list[str] = []
    size = 0
    for index, para in enumerate(paragraphs):
        if size + len(para) > limit and kept:
            return kept, paragraphs[index:]
        kept.append(para)
        size += len(para) + len(PARAGRAPH_BREAK)
    return kept, []


def extract_article(raw: RawDoc, settings: Settings) -> Article | InputError:
    """Clean text, title, outlet, url and publication date of one input.

    Returns an InputError (naming the input) when nothing usable is in it; an article
    that is merely odd (too short, no title, date not understood) is returned with a
    flag instead.
    """
    flags: list[str] = []
    removed: list[Removed] = []
    meta_title = raw.title
    url = raw.url
    outlet = raw.outlet
    published = None
    published_source = None
    if raw.published:
        published = normalize_published(raw.published)
        if published is None:
            flags.append(f"publication date not understood: {raw.published[:60]!r}")
        else:
            published_source = "input"
    if raw.html is not None and raw.text is None:
        try:
            page = extract_html(raw.html, url)
        except ValueError as exc:
            return InputError(raw.input, str(exc))
        body = page.text
        removed.extend(page.removed)
        meta_title = meta_title or page.title
        url = url or page.url
        outlet = outlet or page.sitename
        if published is None and page.date:
            published = normalize_published(page.date)
            published_source = "metadata" if published else None
    else:
        body = raw.text or ""
    body = clean_visible(body)
    if meta_title:
        meta_title = clean_visible(meta_title).strip()
    result = filter_chrome(body, title=meta_title or None)
    removed.extend(result.removed)
    paragraphs = result.paragraphs
    if not paragraphs and not result.title:
        return InputError(raw.input, "no article text left after removing site chrome")
    if not paragraphs:
        # A one-line input: its only line is its text, not a title.
        paragraphs = [result.title]
        flags.append("no body: the only line is used as text")
    paragraphs, cut = _truncate(paragraphs, settings.ingest.max_article_chars)
    if cut:
        removed.append(
            Removed(
                f"[{sum(len(p) for p in cut):,} characters in {len(cut)} paragraphs]",
                f"over the {settings.ingest.max_article_chars:,} character limit (ingest.max_article_chars)",
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
        raw=raw.html if raw.html is not None and raw.text is None else (raw.text or ""),
        outlet=outlet or _outlet_from_url(url),
        url=url,
        title=result.title,
        published=published,
        published_source=published_source,
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
