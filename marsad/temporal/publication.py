"""Inferring an article's publication date when the input does not give one.

Three witnesses, best first, each with a confidence and named as the source:

* ``metadata``: a date string from the page's metadata (``article:published_time``,
  ``datePublished``, an RSS ``pubDate``…): ISO 8601, RFC 2822, numeric day/month/year,
  epoch seconds, English or Arabic month names, and dateparser as a last layer;
* ``url``: ``/2018/05/08/``, ``/20180508-…``, ``2018-05-08`` (a day), ``/2018/05/`` (a month);
* ``text``: a dateline or a «نشر في/تاريخ النشر/آخر تحديث» line near the top, or the
  first full date there.

Nothing is invented: when no witness supports a date the value is None with source
"none". Values are ISO 8601 truncated to what the witness says ("2018-05-08",
"2018-05", or a date-time with its offset when the metadata carries one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from marsad.arabic.normalize import strip_diacritics
from marsad.temporal.expressions import parse_expressions
from marsad.temporal.words import fold

__all__ = ["PublicationDate", "infer_publication_date", "parse_date_string"]

_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass(slots=True)
class PublicationDate:
    """A publication date, the witness it came from, and how far to trust it."""

    value: str | None
    source: str
    confidence: float


_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^\s*(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?\s*$")
_EPOCH = re.compile(r"^\s*(\d{10}|\d{13})\s*$")
_ENGLISH_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")]
    )
    for m in names
}  # fmt: skip
_ENGLISH = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))\b",
    re.IGNORECASE,
)


def _valid(y: int, m: int, d: int | None = None) -> bool:
    if not (_MIN_YEAR <= y <= _MAX_YEAR and 1 <= m <= 12):
        return False
    if d is None:
        return True
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _offset(tz: str | None) -> timezone | None:
    if not tz:
        return None
    if tz.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _format(dt: datetime, with_time: bool) -> str:
    if not with_time:
        return dt.date().isoformat()
    return dt.isoformat(timespec="seconds")


def parse_date_string(raw: str) -> str | None:
    """An ISO 8601 date (or date-time) from a metadata date string, else None.

    Example:
        >>> parse_date_string("Sun, 15 Jul 2018 21:56:56 +0400")
        '2018-07-15T21:56:56+04:00'
        >>> parse_date_string("2025-02-27"), parse_date_string("08/05/2018")
        ('2025-02-27', '2018-05-08')
        >>> parse_date_string("الخميس 27 فبراير 2025"), parse_date_string("منذ ساعتين")
        ('2025-02-27', None)
    """
    s = raw.strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if not _valid(y, mo, d):
            return None
        if m[4] is None:
            return date(y, mo, d).isoformat()
        dt = datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=_offset(m[7]))
        return _format(dt, True)
    m = _COMPACT.match(s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if not _valid(y, mo, d):
            return None
        if m[4] is None:
            return date(y, mo, d).isoformat()
        return _format(datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6] or 0)), True)
    m = _EPOCH.match(s)
    if m:
        seconds = int(m[1]) / (1000 if len(m[1]) == 13 else 1)
        dt = datetime.fromtimestamp(seconds, tz=UTC)
        return _format(dt, True) if _valid(dt.year, dt.month, dt.day) else None
    m = _NUMERIC.match(s)
    if m:
        a, b, c = int(m[1]), int(m[2]), int(m[3])
        # Year first (2018/05/08) or last; day before month, as Arabic sites write it,
        # unless the first number cannot be a month day pair that way.
        y, mo, d = (a, b, c) if len(m[1]) == 4 else (c, b, a) if b <= 12 else (c, a, b)
        if not _valid(y, mo, d):
            return None
        if m[4] is None:
            return date(y, mo, d).isoformat()
        return _format(datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6] or 0)), True)
    try:
        dt = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is not None and _valid(dt.year, dt.month, dt.day):
        return _format(dt, True)
    m = _ENGLISH.search(s)
    if m:
        day, name, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
        month = _ENGLISH_MONTHS.get(name.lower())
        if month and _valid(int(year), month, int(day)):
            return date(int(year), month, int(day)).isoformat()
    arabic = _first_full_date(s)
    if arabic:
        return arabic
    return _dateparser(s)


def _first_full_date(text: str) -> str | None:
    for found in parse_expressions(text):
        r = found.resolved
        if r.value and r.kind in ("date", "time") and re.match(r"^\d{4}-\d{2}-\d{2}", r.value):
            spec = found.spec
            if spec.year is not None and spec.rel_unit is None and spec.shift is None:
                return r.value[:10]
    return None


def _dateparser(text: str) -> str | None:
    """dateparser as the last layer, only for strings that name a full date: a year
    must be written («منذ ساعتين» would otherwise resolve against an arbitrary now)."""
    years = {int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", fold(text))}
    if not years:
        return None
    try:
        import dateparser
    except ImportError:  # optional: not every install has it
        return None
    parsed = dateparser.parse(
        text,
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            "RELATIVE_BASE": datetime(2000, 1, 1),
        },
    )
    if parsed is None or parsed.year not in years or not _valid(parsed.year, parsed.month, parsed.day):
        return None
    return parsed.date().isoformat()


_URL_PATTERNS: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$|[-_.?#])"), "day", 0.85),
    (re.compile(r"(?:^|[/_\-=])((?:19|20)\d\d)-(\d{2})-(\d{2})(?:$|[/_\-.?#T])"), "day", 0.8),
    (re.compile(r"(?:^|[/_\-=])((?:19|20)\d\d)(\d{2})(\d{2})(?:$|[/_\-.?#])"), "day", 0.75),
    (re.compile(r"/((?:19|20)\d\d)/(\d{1,2})(?:/|$)"), "month", 0.6),
]


def _from_url(url: str) -> tuple[str, float] | None:
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE)
    for pattern, grain, confidence in _URL_PATTERNS:
        for m in pattern.finditer(path):
            y, mo = int(m[1]), int(m[2])
            if grain == "day":
                d = int(m[3])
                if _valid(y, mo, d):
                    return date(y, mo, d).isoformat(), confidence
            elif _valid(y, mo):
                return f"{y:04d}-{mo:02d}", confidence
    return None


# Page chrome that introduces the publication date, at the start of its line.
def _ar(pattern: str) -> str:
    """Fold the Arabic letters of a pattern, leaving its ASCII (\\W, \\s) alone."""
    return "".join(fold(c) if ord(c) > 127 else c for c in pattern)


_DATELINE = re.compile(
    _ar(
        r"^\W*(?:\w+\W+){0,3}?(?:تاريخ\s+النشر|نشر\s+(?:في|بتاريخ)|تم\s+النشر|آخر\s+تحديث|اخر\s+تحديث|نشر|"
        r"published(?:\s+on)?|updated|posted(?:\s+on)?|date)\s*[:：\-–]?\s*\W*$"
    ),
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")
# A date after these is part of a sentence («واختفت الطائرة في 8 آذار 2014»).
_INLINE = frozenset(fold(w) for w in ("في", "منذ", "حتى", "قبل", "بعد", "وفي", "يوم", "خلال"))


def _from_text(text: str, head: int = 400) -> tuple[str, float] | None:
    """A dateline near the top: a date introduced by «تاريخ النشر/نشر في/آخر تحديث»
    (0.75), or a short line that is little more than a date (0.6). A date inside the
    story's sentences says when something happened, not when it was published."""
    top = text[:head]
    for found in parse_expressions(top):
        r = found.resolved
        spec = found.spec
        if not r.value or not re.match(r"^\d{4}-\d{2}-\d{2}", r.value) or spec.year is None:
            continue
        if spec.rel_unit is not None or spec.shift is not None:
            continue
        line_start = top.rfind("\n", 0, found.start) + 1
        line_end = top.find("\n", found.end)
        line_end = len(top) if line_end < 0 else line_end
        # Harakat are dropped before matching: «نُشر في:» is «نشر في:».
        before = fold(strip_diacritics(top[line_start : found.start]))
        if _DATELINE.search(before):
            return r.value[:10], 0.75
        words_before = _WORDS.findall(before)
        words_after = _WORDS.findall(top[found.end : line_end])
        inline = any(w in _INLINE for w in words_before)
        if not inline and len(words_before) <= 2 and len(words_before) + len(words_after) <= 3:
            return r.value[:10], 0.6
    return None


def infer_publication_date(
    *, metadata: str | None = None, url: str | None = None, text: str | None = None
) -> PublicationDate:
    """The publication date the inputs support, with its source and confidence.

    Args:
        metadata: a date string from HTML/feed metadata.
        url: the article's address.
        text: the article's text (its top is searched for a dateline).

    Returns:
        A :class:`PublicationDate`; ``value`` None and source "none" when nothing
        supports a date.

    Example:
        >>> infer_publication_date(url="https://arabic.cnn.com/middle-east/2018/05/08/iran-vote")
        PublicationDate(value='2018-05-08', source='url', confidence=0.85)
        >>> infer_publication_date(text="القاهرة - نشر في: 18 فبراير 2025\\nقال الوزير …")
        PublicationDate(value='2025-02-18', source='text', confidence=0.75)
        >>> infer_publication_date(text="قال الوزير الثلاثاء إن المحادثات مستمرة")
        PublicationDate(value=None, source='none', confidence=0.0)
    """
    from_url = _from_url(url) if url else None
    if metadata:
        value = parse_date_string(metadata)
        if value is not None:
            confidence = 0.95 if "T" in value else 0.9
            if from_url and value.startswith(from_url[0]):
                confidence = min(0.99, confidence + 0.04)  # two witnesses agree
            return PublicationDate(value, "metadata", confidence)
    if from_url:
        return PublicationDate(from_url[0], "url", from_url[1])
    if text:
        found = _from_text(text)
        if found:
            return PublicationDate(found[0], "text", found[1])
    return PublicationDate(None, "none", 0.0)
