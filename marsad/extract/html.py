"""Main text and metadata of an HTML page, through trafilatura (comments excluded).

What trafilatura leaves out is not thrown away: the page's other visible text blocks
are returned as removed pieces ("outside main content"), so a reader can always see
what the extractor judged to be furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from marsad.arabic.normalize import normalize
from marsad.model import Removed

__all__ = ["HtmlExtraction", "extract_html", "visible_blocks"]

_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol"),
        *("p", "pre", "section", "table", "td", "th", "tr", "ul", "title"),
    }
)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "svg", "iframe", "object", "head"])
_SPACE = re.compile(r"\s+")
# Furniture lists on portal pages run to hundreds of links; keep enough to judge.
MAX_FURNITURE_BLOCKS = 300
# Above this size a page's furniture is summarised rather than listed block by block.
MAX_FURNITURE_SCAN_CHARS = 3_000_000


@dataclass(slots=True)
class HtmlExtraction:
    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    removed: list[Removed] = field(default_factory=list)


def visible_blocks(tree: lxml.html.HtmlElement, limit: int = 5000) -> list[str]:
    """Visible text of a page as block-level lines (scripts, styles and head skipped)."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if line:
            out.append(line)

    # Iterative walk: pages nested thousands of levels deep must not hit the recursion limit.
    stack: list[tuple[etree._Element, bool]] = [(tree, False)]
    while stack and len(out) < limit:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS:
                flush()
            if el.tail:
                buffer.append(el.tail)
            continue
        if tag in _SKIP_TAGS or not tag:
            if el.tail:
                buffer.append(el.tail)
            continue
        if tag in _BLOCK_TAGS:
            flush()
        if el.text:
            buffer.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return out


def extract_html(html: str, url: str | None = None) -> HtmlExtraction:
    """Main text, metadata and removed blocks of one page.

    Raises:
        ValueError: when the page holds no extractable text at all.
    """
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=False, with_metadata=True, include_tables=True, deduplicate=False
        )
    except (ValueError, etree.ParserError, RecursionError) as exc:
        raise ValueError(f"HTML could not be parsed: {exc}") from None
    if doc is None or not (doc.text or "").strip():
        raise ValueError("HTML page has no main text (script-only, empty, or not an article)")
    text = doc.text.strip()
    result = HtmlExtraction(
        text=text,
        title=(doc.title or None),
        date=(doc.date or None),
        sitename=(doc.sitename or None),
        url=(doc.url or url or None),
    )
    if len(html) > MAX_FURNITURE_SCAN_CHARS:
        result.removed.append(
            Removed(f"[{len(html):,} characters of page outside the main text]", "outside main content")
        )
        return result
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return result
    body_norm = normalize(text)
    title_norm = normalize(result.title or "")
    seen: set[str] = set()
    for block in visible_blocks(tree):
        norm = normalize(block)
        if norm in seen or norm in body_norm or norm == title_norm:
            continue
        seen.add(norm)
        result.removed.append(Removed(block, "outside main content"))
        if len(result.removed) >= MAX_FURNITURE_BLOCKS:
            break
    return result
