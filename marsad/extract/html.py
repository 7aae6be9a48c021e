"""Main text and metadata of an HTML page, through trafilatura (comments excluded).

What trafilatura leaves out is not thrown away: the page's other visible text blocks
are returned as removed pieces ("outside main content"), so a reader can always see
what the extractor judged to be furniture.

Hostile pages are bounded before they reach the parser (``[limits]`` in settings): a
page over ``max_html_chars`` loses its scripts, styles, comments and inline images and,
if still too long, is cut at a tag; elements nested deeper than ``max_html_depth`` are
flattened (their text kept, their tags dropped), because the HTML parser stops reading
a page at 256 levels and would silently lose everything below. Both are flagged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import lxml.html
import trafilatura
from lxml import etree

from marsad.arabic.normalize import normalize
from marsad.config import LimitSettings
from marsad.model import Removed

__all__ = ["HtmlExtraction", "extract_html", "flatten_html", "html_depth", "slim_html", "visible_blocks"]

logger = logging.getLogger(__name__)


class _OnlyWhenVerbose(logging.Filter):
    """trafilatura warns about each page it gives up on ("discarding data: None"), without
    the input's name; marsad reports that page itself (an error naming the input, with a
    reason), so trafilatura's warnings pass only when marsad logs at debug level (-v)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or logger.isEnabledFor(logging.DEBUG)


_TRAFILATURA_FILTER = _OnlyWhenVerbose()
# A filter applies to the logger it is on, not its children: each of trafilatura's modules.
for _name in [n for n in logging.Logger.manager.loggerDict if n.split(".")[0] in ("trafilatura", "htmldate")]:
    logging.getLogger(_name).addFilter(_TRAFILATURA_FILTER)

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

# Elements that never hold others, and elements whose end tag is usually left out
# (the parser closes them): neither counts towards nesting depth.
_VOID_TAGS = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_OPTIONAL_END_TAGS = frozenset("p li dt dd tr td th option optgroup tbody thead tfoot colgroup rp rt".split())
# A tag ends at the next ">" before any other "<": a page of "<a<a<a..." must not make
# every tag scan to the end of the page.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:_-]*)(?:[\s/][^<>]*)?>")
# Elements whose content is not markup, and comments; an unclosed one runs to the end
# of the page, as in a browser. (The opening tag is bounded for the reason above.)
_RAW_OPEN = re.compile(r"<(script|style|textarea|svg|noscript)\b([^<>]{0,2000})>|<!--", re.IGNORECASE)
# Inline images and fonts as data URIs: long and never text.
_DATA_URI = re.compile(r"""(["'])data:""", re.IGNORECASE)
_MIN_DATA_URI = 200
# Characters XML (hence lxml) refuses in a document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(slots=True)
class HtmlExtraction:
    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    removed: list[Removed] = field(default_factory=list)
    # What was done to the page to read it ("page truncated", "page flattened").
    flags: list[str] = field(default_factory=list)


def slim_html(html: str, limit: int) -> tuple[str, int]:
    """``html`` within ``limit`` characters: scripts, styles, comments, inline SVG and
    data URIs dropped first, then cut at the last tag before the limit.

    Returns:
        The page and how many characters of it were cut after the drops (0: none).

    Example:
        >>> slim_html("<p>نص</p><script>" + "x" * 5000 + "</script>", 1000)
        ('<p>نص</p>', 0)
    """
    if len(html) <= limit:
        return html, 0
    html = _drop_data_uris(_drop_raw(html, heavy_only=True))
    if len(html) <= limit:
        return html, 0
    cut = html.rfind("<", limit // 2, limit)
    cut = cut if cut > 0 else limit
    return html[:cut], len(html) - cut


def _drop_raw(html: str, *, heavy_only: bool) -> str:
    """``html`` without comments and the content of script/style-like elements, in one
    pass; with ``heavy_only``, JSON-LD scripts (page metadata) and textareas stay."""
    lower = html.lower()
    out: list[str] = []
    pos = 0
    while True:
        m = _RAW_OPEN.search(lower, pos)
        if m is None:
            break
        name = m.group(1)
        if name is None:
            close, close_end = lower.find("-->", m.end()), 3
        else:
            close = lower.find(f"</{name}", m.end())
            close_end = lower.find(">", close) - close + 1 if close >= 0 else 0
        keep = heavy_only and name is not None and (name == "textarea" or "ld+json" in (m.group(2) or ""))
        end = len(html) if close < 0 or close_end <= 0 else close + close_end
        out.append(html[pos:end] if keep else html[pos : m.start()])
        pos = end
    out.append(html[pos:])
    return "".join(out)


def _drop_data_uris(html: str) -> str:
    out: list[str] = []
    pos = 0
    while True:
        m = _DATA_URI.search(html, pos)
        if m is None:
            break
        close = html.find(m.group(1), m.end())
        end = len(html) if close < 0 else close + 1
        if end - m.start() >= _MIN_DATA_URI:
            out.append(html[pos : m.start()] + m.group(1) * 2)
        else:
            out.append(html[pos:end])
        pos = end
    out.append(html[pos:])
    return "".join(out)


def html_depth(html: str) -> int:
    """How deep the page's elements nest, as a parser would build them (void elements
    and elements with optional end tags not counted; stray end tags ignored).

    Example:
        >>> html_depth("<html><body><div><div><p>a<p>b<br></div></div></body></html>")
        4
    """
    stack = _TagStack()
    deepest = 0
    for m in _TAG.finditer(_drop_raw(html, heavy_only=False)):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID_TAGS or name in _OPTIONAL_END_TAGS or m.group().endswith("/>"):
            continue
        if closing:
            stack.close(name)
            continue
        stack.open(name, True)
        deepest = max(deepest, len(stack.items))
    return deepest


class _TagStack:
    """Open elements; closing one closes those opened inside it, and an end tag with no
    open element costs nothing (so hostile pages stay linear)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bool]] = []
        self.open_count: dict[str, int] = {}

    def open(self, name: str, kept: bool) -> None:
        self.items.append((name, kept))
        self.open_count[name] = self.open_count.get(name, 0) + 1

    def close(self, name: str) -> list[tuple[str, bool]]:
        """Pop up to and including the innermost open ``name``; the popped, innermost first."""
        if not self.open_count.get(name):
            return []
        popped: list[tuple[str, bool]] = []
        while self.items:
            item = self.items.pop()
            self.open_count[item[0]] -= 1
            popped.append(item)
            if item[0] == name:
                break
        return popped


# Elements that tell the main-text extractor where an article is; when a page must be
# flattened these keep their tags up to the limit, while plain containers (div, span,
# font ...) lose theirs past three quarters of it.
_MEANINGFUL_TAGS = frozenset(
    "article main section header footer nav aside h1 h2 h3 h4 h5 h6 ul ol dl table blockquote figure "
    "figcaption pre form head body html title".split()
)


class _Flattener(HTMLParser):
    """Re-emits a page as written, dropping the tags of elements nested too deep
    (their text stays, inside the deepest element kept)."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.plain_limit = limit * 3 // 4
        self.kept_depth = 0
        self.out: list[str] = []
        self.stack = _TagStack()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID_TAGS or tag in _OPTIONAL_END_TAGS:
            self.out.append(text)
            return
        kept = self.kept_depth < (self.limit if tag in _MEANINGFUL_TAGS else self.plain_limit)
        self.stack.open(tag, kept)
        if kept:
            self.kept_depth += 1
            self.out.append(text)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS or tag in _OPTIONAL_END_TAGS:
            self.out.append(f"</{tag}>")
            return
        closed = [name for name, kept in self.stack.close(tag) if kept]
        self.kept_depth -= len(closed)
        self.out.extend(f"</{name}>" for name in closed)

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def flatten_html(html: str, limit: int) -> str:
    """The page with elements nested too deep unwrapped: plain containers past three
    quarters of ``limit`` levels, the elements that mark out an article past ``limit``.

    Example:
        >>> flatten_html("<div><div><div><div><div><article><b>نص</b></article></div></div></div></div></div>", 4)
        '<div><div><div><article>نص</article></div></div></div>'
    """
    parser = _Flattener(limit)
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


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


def extract_html(html: str, url: str | None = None, limits: LimitSettings | None = None) -> HtmlExtraction:
    """Main text, metadata and removed blocks of one page.

    Raises:
        ValueError: when the page holds no extractable text at all, or cannot be parsed;
            the message says which, in words a user can act on.
    """
    limits = limits or LimitSettings()
    flags: list[str] = []
    notes: list[Removed] = []
    html = _NOT_XML.sub("", html)
    html, cut = slim_html(html, limits.max_html_chars)
    if cut:
        flags.append("page truncated")
        notes.append(
            Removed(
                f"[{cut:,} characters of HTML after the first {len(html):,}]",
                f"page over the {limits.max_html_chars:,} character limit (limits.max_html_chars)",
            )
        )
    depth = html_depth(html)
    if depth > limits.max_html_depth:
        html = flatten_html(html, limits.max_html_depth)
        flags.append("page flattened")
        notes.append(
            Removed(
                f"[tags of elements nested deeper than {limits.max_html_depth} levels (the page nests {depth})]",
                f"page nested over the {limits.max_html_depth} level limit (limits.max_html_depth)",
            )
        )
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=False, with_metadata=True, include_tables=True, deduplicate=False
        )
    except Exception as exc:  # any parser failure is this page's problem, not the run's
        logger.debug("trafilatura failed", exc_info=True)
        raise ValueError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from None
    if doc is None or not (doc.text or "").strip():
        raise ValueError("HTML page has no main text (script-only, empty, or not an article)")
    text = doc.text.strip()
    result = HtmlExtraction(
        text=text,
        title=(doc.title or None),
        date=(doc.date or None),
        sitename=(doc.sitename or None),
        url=(doc.url or url or None),
        removed=notes,
        flags=flags,
    )
    if len(html) > MAX_FURNITURE_SCAN_CHARS:
        result.removed.append(
            Removed(f"[{len(html):,} characters of page outside the main text]", "outside main content")
        )
        return result
    try:
        tree = lxml.html.fromstring(html)
    except (etree.LxmlError, ValueError):
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
