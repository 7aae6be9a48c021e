"""Safe HTML pieces for the web app: escaping, links, and text with nested highlights.

Everything that comes from an input (titles, text, outlet names, URLs, ids) is untrusted.
:func:`esc` is the one way such a string reaches a page, in text or in an attribute: it
drops bidi controls (they can reorder what a reader sees, e.g. flip a URL or a number)
and other control characters, then escapes ``& < > " '``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

from marsad.present.to_html import anchor, safe_url

__all__ = [
    "Mark",
    "cite_anchor",
    "display",
    "esc",
    "href",
    "join_names",
    "link_out",
    "mark_text",
    "path_id",
    "query_string",
]

# Bidi embeddings, overrides, isolates and marks (incl. the Arabic letter mark), and C0/C1
# controls other than tab and newline. Article text is already cleaned by extraction;
# titles, outlet names and URLs come straight from inputs.
_UNSAFE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]")


def display(text: str | None) -> str:
    """Text as shown: bidi and control characters removed, nothing else changed."""
    return _UNSAFE.sub("", text or "")


def esc(text: str | None) -> str:
    """Text (or an attribute value) escaped for HTML, with bidi/control characters removed.

    Example:
        >>> esc('<img src=x onerror="alert(1)">\u202e')
        '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return escape(display(text), quote=True)


def path_id(value: str) -> str:
    """An id as one URL path segment (ids are validated, but quoting costs nothing)."""
    return quote(value, safe="")


def href(path: str, fragment: str | None = None) -> str:
    """An escaped href for a local path, with an optional fragment."""
    return esc(path + (f"#{fragment}" if fragment else ""))


def query_string(params: dict[str, str | int | None]) -> str:
    """``?a=1&b=2`` from the parameters that are set (empty when none is)."""
    kept = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return ("?" + urlencode(kept)) if kept else ""


def link_out(url: str | None, label: str) -> str:
    """A link to an external http(s) URL that passes nothing on; plain text otherwise.

    Example:
        >>> link_out("javascript:alert(1)", "المصدر")
        'المصدر'
    """
    safe = safe_url(display(url))
    if safe is None:
        return esc(label)
    return f'<a href="{esc(safe)}" rel="noopener noreferrer nofollow" class="out">{esc(label)}</a>'


def cite_anchor(article_id: str, start: int, end: int) -> str:
    """The element id of a cited span of an article's text (stable, safe for any id)."""
    return anchor("cite", f"{article_id}\x00{start}:{end}")


@dataclass(slots=True, frozen=True)
class Mark:
    """A highlight over ``text[start:end]``, rendered as one element (split where needed).

    ``attrs`` are raw values (escaped when rendered). ``layer`` orders nesting: lower
    layers wrap higher ones where both cover a stretch. ``element_id`` goes on the first
    piece only, so ids stay unique when a mark has to be split around another one.
    """

    start: int
    end: int
    tag: str = "span"
    attrs: tuple[tuple[str, str], ...] = ()
    layer: int = 0
    element_id: str | None = None


def _open(mark: Mark, first: bool, inside_link: bool) -> str:
    tag = "span" if mark.tag == "a" and inside_link else mark.tag
    attrs = [(k, v) for k, v in mark.attrs if not (k == "href" and tag != "a")]
    if first and mark.element_id:
        attrs.insert(0, ("id", mark.element_id))
    rendered = "".join(f' {k}="{esc(v)}"' for k, v in attrs)
    return f"<{tag}{rendered}>"


def _close(mark: Mark, inside_link: bool) -> str:
    return f"</{'span' if mark.tag == 'a' and inside_link else mark.tag}>"


def mark_text(text: str, marks: Iterable[Mark]) -> str:
    """``text`` escaped, with each mark wrapped around its span, properly nested.

    Overlapping marks that cross each other are split so the HTML stays well formed;
    a link never ends up inside another link. Spans outside the text are clipped.

    Example:
        >>> mark_text("<b>قال زيد</b>", [Mark(7, 10, "mark")])
        '&lt;b&gt;قال <mark>زيد</mark>&lt;/b&gt;'
        >>> mark_text("abcdef", [Mark(0, 4, "i"), Mark(2, 6, "u", layer=1)])
        '<i>ab<u>cd</u></i><u>ef</u>'
    """
    n = len(text)
    kept: list[tuple[int, Mark]] = []
    for i, m in enumerate(marks):
        start, end = max(0, m.start), min(n, m.end)
        if start < end:
            kept.append((i, Mark(start, end, m.tag, m.attrs, m.layer, m.element_id)))
    if not kept:
        return esc(text)
    starts: dict[int, list[tuple[int, Mark]]] = {}
    for item in kept:
        starts.setdefault(item[1].start, []).append(item)
    bounds = sorted({0, n, *(m.start for _, m in kept), *(m.end for _, m in kept)})
    active: list[tuple[int, Mark]] = []
    stack: list[tuple[int, Mark]] = []
    opened: set[int] = set()
    out: list[str] = []
    for left, right in itertools.pairwise(bounds):
        active = [item for item in active if item[1].end > left] + starts.get(left, [])
        wanted = sorted(active, key=lambda item: (item[1].layer, item[1].start, -item[1].end, item[0]))
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep][0] == wanted[keep][0]:
            keep += 1
        for depth in range(len(stack) - 1, keep - 1, -1):
            out.append(_close(stack[depth][1], any(m.tag == "a" for _, m in stack[:depth])))
        stack = stack[:keep]
        for item in wanted[keep:]:
            out.append(_open(item[1], item[0] not in opened, any(m.tag == "a" for _, m in stack)))
            opened.add(item[0])
            stack.append(item)
        out.append(esc(text[left:right]))
    for depth in range(len(stack) - 1, -1, -1):
        out.append(_close(stack[depth][1], any(m.tag == "a" for _, m in stack[:depth])))
    return "".join(out)


def join_names(names: Sequence[str], sep: str = "، ") -> str:
    """Untrusted names, each isolated (``<bdi>``) so a Latin name cannot reorder its neighbours."""
    return sep.join(f"<bdi>{esc(n)}</bdi>" for n in names)
