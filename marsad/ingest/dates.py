"""Publication dates as inputs give them, made ISO 8601 and truncated to what is known.

Whatever comes back is valid ISO 8601 that :func:`datetime.fromisoformat` reads (a date,
a month "2025-02" or a year "2025" are its truncated forms), with ASCII digits only;
anything else, including dates outside the years marsad accepts, is None.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from marsad.arabic.normalize import INVISIBLE

__all__ = ["MAX_YEAR", "MIN_YEAR", "normalize_published"]

# News older or newer than these is a wrong date (a year 0 placeholder, a typo), not news.
MIN_YEAR = 1000
MAX_YEAR = 2999

_ISO = re.compile(
    r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?)?)?$",
    re.ASCII,
)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.ASCII)
# Any script's decimal digits (Arabic-Indic, Persian, fullwidth ...) read as ASCII ones.
_DIGIT = re.compile(r"\d")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def _ascii_digits(value: str) -> str:
    return _DIGIT.sub(lambda m: str(int(m.group())), value) if not value.isascii() else value


def _valid(year: int, month: int = 1, day: int = 1) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return MIN_YEAR <= year <= MAX_YEAR


def _offset(tz: str) -> str | None:
    """``+HH:MM`` for a zone offset, or None when it is not a real one (beyond ±14:00)."""
    if tz == "Z":
        return "+00:00"
    hours, minutes = int(tz[1:3]), int(tz[-2:])
    if minutes >= 60 or timedelta(hours=hours, minutes=minutes) > timedelta(hours=14):
        return None
    return f"{tz[0]}{hours:02d}:{minutes:02d}"


def normalize_published(value: str) -> str | None:
    """ISO 8601 form of a publication date, truncated to its grain, or None.

    Example:
        >>> normalize_published("2025-02-27")
        '2025-02-27'
        >>> normalize_published("2022-12")
        '2022-12'
        >>> normalize_published("Sun, 15 Jul 2018 21:56:56 +0400")
        '2018-07-15T21:56:56+04:00'
        >>> normalize_published("27/02/2025")
        '2025-02-27'
        >>> normalize_published("\\u200f٢٠٢٥-٠٢-١٨")
        '2025-02-18'
        >>> normalize_published("2025-02-18T25:00") is None
        True
        >>> normalize_published("yesterday") is None
        True
    """
    value = _ascii_digits(_INVISIBLE.sub("", value).strip())
    m = _ISO.match(value)
    if m:
        return _from_iso(m)
    m = _DMY.match(value)
    if m:
        day, month, year = (int(g) for g in m.groups())
        return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None or not _valid(parsed.year, parsed.month, parsed.day):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC).isoformat()[:19]
    return parsed.isoformat()


def _from_iso(m: re.Match[str]) -> str | None:
    year, month, day, hour, minute, second, tz = m.groups()
    y = int(year)
    if month is None:
        return f"{y:04d}" if _valid(y) else None
    if day is None:
        return f"{y:04d}-{int(month):02d}" if _valid(y, int(month)) else None
    if not _valid(y, int(month), int(day)):
        return None
    out = f"{y:04d}-{int(month):02d}-{int(day):02d}"
    if hour is None:
        return out
    h, mi, s = int(hour), int(minute), int(second or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    out += f"T{h:02d}:{mi:02d}:{s:02d}"
    if tz:
        offset = _offset(tz)
        if offset is None:
            return None
        out += offset
    return out
