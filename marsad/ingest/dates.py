"""Publication dates as inputs give them, made ISO 8601 and truncated to what is known."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = ["normalize_published"]

_ISO = re.compile(
    r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _valid(year: int, month: int = 1, day: int = 1) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return 1000 <= year <= 2999


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
        >>> normalize_published("yesterday") is None
        True
    """
    value = value.strip().translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    m = _ISO.match(value)
    if m:
        year, month, day, hour, minute, second, tz = m.groups()
        y = int(year)
        if month is None:
            return year if _valid(y) else None
        if day is None:
            return f"{y:04d}-{int(month):02d}" if _valid(y, int(month)) else None
        if not _valid(y, int(month), int(day)):
            return None
        out = f"{y:04d}-{int(month):02d}-{int(day):02d}"
        if hour is None:
            return out
        out += f"T{int(hour):02d}:{minute}:{second or '00'}"
        if tz:
            out += "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
        return out
    m = _DMY.match(value)
    if m:
        day, month, year = (int(g) for g in m.groups())
        return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or not _valid(parsed.year, parsed.month, parsed.day):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC).isoformat()[:19]
    return parsed.isoformat()
