"""Anchoring parsed time expressions on a reference time (the publication date).

A found expression is first described by a :class:`Spec`, a set of calendar
constraints with no reference in it («الثلاثاء» is *weekday = Tuesday*, «18 فبراير» is
*month = 2, day = 18*, «الأسبوع الماضي» is *the week before the reference's*). This
module turns a Spec into a :class:`Resolved` value against a :class:`Reference`.

What is not fixed by the words is decided by a direction:

* explicit words in the expression win: «الماضي» → strictly before, «المقبل/القادم» →
  strictly after, «الجاري/هذا» → the current one;
* otherwise the verb nearest before the expression (:func:`tense_cue`): a future marker
  («سيعقد», «سوف», «من المقرر», «يعتزم», a present-tense meeting verb) → on or after the
  reference; a past verb («قال», «أجرى») → on or before it;
* otherwise the :class:`Policy`: news text reports the past, so a bare weekday is the
  most recent such day on or before publication, and a month-day without a year is the
  one nearest the publication date (a later date counts double the distance).
  :data:`DUCKLING` is the convention of Duckling's corpus (a bare weekday is the next one
  after the reference, a month-day without year is in the reference's year, a bare
  12-hour clock time is its next occurrence), used to evaluate against that corpus.

What the reference cannot fix stays unresolved: with no reference year, «18 فبراير» is
``"XXXX-02-18"`` (a documented partial form), and a weekday is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from hijridate import Gregorian, Hijri

from marsad.temporal.words import FUTURE_CUES, FUTURE_VERBS, PAST_VERBS

__all__ = [
    "DUCKLING",
    "GRAINS",
    "NEWS",
    "Policy",
    "Reference",
    "Resolved",
    "Spec",
    "easter",
    "format_value",
    "resolve",
    "tense_cue",
]

GRAINS = ("second", "minute", "hour", "day", "week", "month", "year")
_RANK = {g: i for i, g in enumerate(GRAINS)}


@dataclass(frozen=True, slots=True)
class Policy:
    """Defaults for what the words leave open.

    Attributes:
        weekday: direction of a bare weekday: "past" (on or before the reference) or
            "future_strict" (strictly after it).
        month_day: year of a month(-day) without one: "nearest" (to the reference,
            future dates at double distance) or "this_year" (the reference's year).
        hour: a 12-hour clock time with no am/pm: "as_written" or "next" (its next
            occurrence after the reference time).
    """

    weekday: str = "past"
    month_day: str = "nearest"
    hour: str = "as_written"


NEWS = Policy()
DUCKLING = Policy(weekday="future_strict", month_day="this_year", hour="next")


@dataclass(slots=True)
class Reference:
    """The anchor: publication date, as precise as it is known.

    Example:
        >>> r = Reference.parse("2013-02-12T04:30:00-02:00")
        >>> (r.grain, r.tz_minutes, r.start())
        ('second', -120, datetime.datetime(2013, 2, 12, 4, 30))
        >>> Reference.parse("2022-12").grain
        'month'
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    tz_minutes: int | None = None

    _ISO = re.compile(
        r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?)?)?"
        r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
    )

    @classmethod
    def parse(cls, iso: str | None) -> Reference:
        """Read an ISO 8601 date or date-time, possibly partial ("2022-12")."""
        if not iso:
            return cls()
        m = cls._ISO.match(iso)
        if not m:
            return cls()
        parts = [int(g) if g is not None else None for g in m.groups()[:6]]
        tz = m.group(7)
        tz_minutes: int | None = None
        if tz == "Z":
            tz_minutes = 0
        elif tz:
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            tz_minutes = sign * (int(digits[:2]) * 60 + int(digits[2:]))
        ref = cls(*parts, tz_minutes=tz_minutes)  # type: ignore[arg-type]
        try:
            ref.start()
        except ValueError:
            return cls()
        return ref

    @property
    def grain(self) -> str | None:
        if self.year is None:
            return None
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        if self.hour is None:
            return "day"
        if self.second is None:
            return "minute"
        return "second"

    @property
    def has_day(self) -> bool:
        return self.day is not None

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    def start(self) -> datetime | None:
        if self.year is None:
            return None
        return datetime(
            self.year,
            self.month or 1,
            self.day or 1,
            self.hour or 0,
            self.minute or 0,
            self.second or 0,
        )

    def date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.day is not None else None  # type: ignore[arg-type]

    def period(self, grain: str) -> tuple[datetime, datetime]:
        """The reference as an interval at ``grain`` or its own grain, the coarser."""
        own = self.grain or "year"
        coarse = grain if _RANK[grain] >= _RANK[own] else own
        if coarse in ("second", "minute", "hour"):
            coarse = "day" if own == "day" else coarse
        start = _truncate(self.start(), coarse)  # type: ignore[arg-type]
        return start, _next(start, coarse)


@dataclass(slots=True)
class Spec:
    """Calendar constraints read from an expression, before any anchoring.

    Field groups: absolute parts (year … second), relative anchors (``rel_unit`` with
    ``rel_offset``: the period that many units from the reference's; ``shift``: the
    reference moved by an amount, «قبل ثلاث سنوات»), refinements inside a month or
    year (``nth`` weekday, ``week_nth`` full week, ``day_last``, ``part`` early/mid/
    late), Hijri parts and holidays, and the shape (``end`` for a closed range,
    ``within``/``until`` for open ones from the reference, ``duration``, ``vague``).
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    meridiem: str | None = None
    pod: tuple[int, int] | None = None
    now: bool = False
    rel_unit: str | None = None
    rel_offset: int = 0
    shift: tuple[str, int] | None = None
    year_offset: int | None = None
    month_offset: int | None = None
    direction: str | None = None
    nth: int | None = None
    nth_or_day: bool = False
    week_nth: int | None = None
    day_last: bool = False
    part: str | None = None
    hijri_year: int | None = None
    hijri_month: int | None = None
    hijri_day: int | None = None
    holiday: str | None = None
    after: Spec | None = None
    tz: int | None = None
    end: Spec | None = None
    within: tuple[str, float] | None = None
    until: bool = False
    duration: tuple[str, float] | None = None
    vague: bool = False
    vague_grain: str = "day"
    weekend: bool = False
    recurring: bool = False

    @property
    def has_date(self) -> bool:
        return any(
            v is not None
            for v in (
                self.year, self.month, self.day, self.weekday, self.rel_unit, self.shift,
                self.hijri_month, self.holiday, self.year_offset, self.month_offset,
            )
        ) or self.now  # fmt: skip

    @property
    def has_time(self) -> bool:
        return self.hour is not None or self.pod is not None

    def needs_direction(self) -> bool:
        """Whether the words leave the direction open (a tense cue may decide it)."""
        if self.direction is not None or self.rel_unit or self.shift or self.now:
            return False
        if self.end is not None:
            return self.end.needs_direction()
        if self.year is not None or self.year_offset is not None or self.month_offset is not None:
            return False
        if self.hijri_month is not None:
            return self.hijri_year is None
        return (
            self.weekend
            or self.weekday is not None
            or self.month is not None
            or self.day is not None
            or self.holiday is not None
        )


@dataclass(slots=True)
class Resolved:
    """A Spec anchored: ISO ``value`` at ``grain``, and the internal datetimes.

    ``start``/``end`` are naive datetimes in the reference's clock, ``end`` exclusive;
    ``end_value`` is what TimeExpression shows: the last unit of a closed range, the
    deadline of an open one («حتى الساعة 2:00», «خلال أسبوعين»).
    """

    value: str | None
    grain: str
    kind: str = "date"
    end_value: str | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(slots=True)
class _Period:
    start: datetime
    end: datetime
    grain: str
    interval: bool = False


# --- calendar helpers -----------------------------------------------------------------


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + k
    return idx // 12, idx % 12 + 1


def _month_start(year: int, month: int) -> datetime:
    return datetime(year, month, 1)


def _month_len(year: int, month: int) -> int:
    y, m = _add_months(year, month, 1)
    return (date(y, m, 1) - date(year, month, 1)).days


def _truncate(dt: datetime, grain: str) -> datetime:
    if grain == "second":
        return dt.replace(microsecond=0)
    if grain == "minute":
        return dt.replace(second=0, microsecond=0)
    if grain == "hour":
        return dt.replace(minute=0, second=0, microsecond=0)
    day = dt.replace(hour=0, minute=0, second=0, microsecond=0)
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next(dt: datetime, grain: str) -> datetime:
    if grain == "second":
        return dt + timedelta(seconds=1)
    if grain == "minute":
        return dt + timedelta(minutes=1)
    if grain == "hour":
        return dt + timedelta(hours=1)
    if grain == "day":
        return dt + timedelta(days=1)
    if grain == "week":
        return dt + timedelta(days=7)
    if grain == "month":
        y, m = _add_months(dt.year, dt.month, 1)
        return dt.replace(year=y, month=m)
    return dt.replace(year=dt.year + 1)


def _add(dt: datetime, unit: str, amount: float) -> datetime:
    """``dt`` moved by ``amount`` units (months and years keep the day, clamped)."""
    if unit in ("month", "year"):
        y, m = _add_months(dt.year, dt.month, round(amount * (12 if unit == "year" else 1)))
        return dt.replace(year=y, month=m, day=min(dt.day, _month_len(y, m)))
    if unit == "week":
        return dt + timedelta(days=7 * amount)
    return dt + timedelta(**{unit + "s": amount})


def _period(dt: datetime, grain: str) -> _Period:
    start = _truncate(dt, grain)
    return _Period(start, _next(start, grain), grain)


def _day(d: date | datetime) -> _Period:
    start = datetime(d.year, d.month, d.day)
    return _Period(start, start + timedelta(days=1), "day")


def format_value(dt: datetime, grain: str) -> str:
    """ISO 8601 of ``dt`` truncated to ``grain``.

    Example:
        >>> format_value(datetime(2025, 2, 18, 14, 5), "hour")
        '2025-02-18T14:00'
        >>> format_value(datetime(2025, 2, 18), "week")
        '2025-W08'
    """
    if grain == "year":
        return f"{dt.year:04d}"
    if grain == "month":
        return f"{dt.year:04d}-{dt.month:02d}"
    if grain == "week":
        iso_year, iso_week, _ = dt.isocalendar()
        return f"{iso_year:04d}-W{iso_week:02d}"
    day = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    if grain == "day":
        return day
    if grain == "hour":
        return f"{day}T{dt.hour:02d}:00"
    if grain == "minute":
        return f"{day}T{dt.hour:02d}:{dt.minute:02d}"
    return f"{day}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm).

    Example:
        >>> easter(2013), easter(2025)
        (datetime.date(2013, 3, 31), datetime.date(2025, 4, 20))
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _hijri_to_date(hy: int, hm: int, hd: int) -> date | None:
    try:
        return date(*Hijri(hy, hm, hd).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


def _hijri_year_of(d: date) -> int | None:
    try:
        return Gregorian(d.year, d.month, d.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def _hijri_month_period(hy: int, hm: int) -> _Period | None:
    first = _hijri_to_date(hy, hm, 1)
    ny, nm = (hy + 1, 1) if hm == 12 else (hy, hm + 1)
    nxt = _hijri_to_date(ny, nm, 1)
    if first is None or nxt is None:
        return None
    return _Period(datetime(first.year, first.month, first.day),
                   datetime(nxt.year, nxt.month, nxt.day), "day", interval=True)  # fmt: skip


# --- choosing among candidates --------------------------------------------------------


def _choose(cands: list[_Period], ref: Reference, mode: str) -> _Period | None:
    """The candidate a direction picks relative to the reference."""
    cands = [c for c in cands if c is not None]
    if not cands:
        return None
    rs, re_ = ref.period(cands[0].grain)
    if mode == "past":
        ok = [c for c in cands if c.start < re_]
        return max(ok, key=lambda c: c.start) if ok else None
    if mode == "past_strict":
        ok = [c for c in cands if c.end <= rs]
        return max(ok, key=lambda c: c.start) if ok else None
    if mode == "future":
        ok = [c for c in cands if c.end > rs]
        return min(ok, key=lambda c: c.start) if ok else None
    if mode == "future_strict":
        ok = [c for c in cands if c.start >= re_]
        return min(ok, key=lambda c: c.start) if ok else None
    if mode == "this_year":
        ok = [c for c in cands if c.start.year == rs.year]
        return ok[0] if ok else _choose(cands, ref, "future")

    # "nearest": the distance to a later candidate counts double (news reports the past).
    def distance(c: _Period) -> float:
        if c.end <= rs:
            return (rs - c.end).total_seconds()
        if c.start >= re_:
            return 2 * (c.start - re_).total_seconds()
        return 0.0

    return min(cands, key=lambda c: (distance(c), c.start))


def _mode(spec: Spec, policy: Policy, cue: str | None, weekday_like: bool) -> str:
    if spec.direction == "this":
        return "future" if weekday_like else "this_year"
    if spec.direction:
        return spec.direction
    if cue:
        return cue
    return policy.weekday if weekday_like else policy.month_day


# --- inside a month / a year ----------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    if nth > 0:
        first = date(year, month, 1)
        d = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        return d if d.month == month else None
    last = date(year, month, _month_len(year, month))
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _in_month(year: int, month: int, spec: Spec, check_weekday: bool = True) -> _Period | None:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    length = _month_len(year, month)
    if spec.day_last:
        return _day(date(year, month, length))
    if spec.day is not None and spec.weekday is not None and spec.nth_or_day:
        # «الثلاثاء الثالث من أيلول»: the 3rd if that is a Tuesday, else the third Tuesday.
        if spec.day <= length and date(year, month, spec.day).weekday() == spec.weekday:
            return _day(date(year, month, spec.day))
        d = _nth_weekday(year, month, spec.weekday, spec.nth or spec.day)
        return _day(d) if d else None
    if spec.day is not None:
        if not 1 <= spec.day <= length:
            return None
        d = date(year, month, spec.day)
        if check_weekday and spec.weekday is not None and d.weekday() != spec.weekday:
            return None
        return _day(d)
    if spec.nth is not None and spec.weekday is not None:
        d = _nth_weekday(year, month, spec.weekday, spec.nth)
        return _day(d) if d else None
    if spec.week_nth is not None:
        # Full weeks (Monday to Sunday) inside the month.
        if spec.week_nth > 0:
            first = date(year, month, 1)
            monday = first + timedelta(days=(-first.weekday()) % 7 + 7 * (spec.week_nth - 1))
        else:
            last = date(year, month, length)
            sunday = last - timedelta(days=(last.weekday() - 6) % 7)
            monday = sunday - timedelta(days=6)
        return _period(datetime(monday.year, monday.month, monday.day), "week")
    if spec.part is not None:
        return _month_part(year, month, spec.part, length)
    start = _month_start(year, month)
    return _Period(start, _next(start, "month"), "month")


def _month_part(year: int, month: int, part: str, length: int) -> _Period:
    def days(first: int, last: int) -> _Period:
        return _Period(datetime(year, month, first),
                       datetime(year, month, last) + timedelta(days=1), "day", interval=True)  # fmt: skip

    if part == "start":
        return _day(date(year, month, 1))
    if part == "mid":
        return _day(date(year, month, 15))
    if part == "early":
        return days(1, 10)
    if part == "midrange":
        return days(11, 20)
    return days(21, length)  # late, last


def _in_year(year: int, spec: Spec, check_weekday: bool = True) -> _Period | None:
    if not 1 <= year <= 9999:
        return None
    if spec.month is not None:
        return _in_month(year, spec.month, spec, check_weekday)
    if spec.part is not None:

        def months(first: int, last: int) -> _Period:
            start = _month_start(year, first)
            return _Period(start, _next(_month_start(year, last), "month"), "month", interval=True)

        return {
            "start": _Period(_month_start(year, 1), _month_start(year, 2), "month"),
            "early": months(1, 3),
            "mid": months(6, 7),
            "midrange": months(5, 8),
        }.get(spec.part, months(10, 12))
    start = datetime(year, 1, 1)
    return _Period(start, _next(start, "year"), "year")


# --- the date part --------------------------------------------------------------------


def _holiday_in(name: str, cal: tuple[str, int, int], year: int) -> _Period | None:
    kind, month, day = cal
    if kind == "gregorian":
        return _day(date(year, month, day))
    if kind == "easter":
        return _day(easter(year))
    hy = _hijri_year_of(date(year, 1, 1))
    if hy is None:
        return None
    for h in (hy, hy + 1):
        d = _hijri_to_date(h, month, day)
        if d is not None and d.year == year:
            return _day(d)
    return None


def _date_part(spec: Spec, ref: Reference, policy: Policy, cue: str | None) -> _Period | str | None:
    """The calendar period the date constraints name (a str is a partial value)."""
    from marsad.temporal.words import HOLIDAYS

    today = ref.date()
    if spec.now:
        if ref.has_time:
            return _Period(ref.start(), ref.start() + timedelta(seconds=1), "second")  # type: ignore[arg-type,operator]
        return _day(today) if today else None
    if spec.shift is not None:
        return _shifted(spec.shift, ref)
    if spec.holiday is not None:
        cal = HOLIDAYS[spec.holiday]
        if spec.year is not None:
            return _holiday_in(spec.holiday, cal, spec.year)
        if ref.year is None:
            return None
        cands = [_holiday_in(spec.holiday, cal, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
        return _choose([c for c in cands if c], ref, _mode(spec, policy, cue, False))
    if spec.hijri_month is not None:
        return _hijri_part(spec, ref, policy, cue)
    if spec.after is not None:
        anchor = _date_part(spec.after, ref, policy, cue)
        if not isinstance(anchor, _Period) or spec.weekday is None:
            return None
        d = anchor.end.date()
        d += timedelta(days=(spec.weekday - d.weekday()) % 7 + 7 * ((spec.nth or 1) - 1))
        return _day(d)
    if spec.rel_unit is not None:
        return _relative(spec, ref)
    return _absolute(spec, ref, policy, cue)


def _shifted(shift: tuple[str, int], ref: Reference) -> _Period | None:
    unit, n = shift
    start = ref.start()
    if start is None:
        return None
    if unit in ("second", "minute", "hour"):
        if not ref.has_time:
            return _day(start) if ref.has_day else None
        return _period(start + timedelta(**{unit + "s": n}), unit)
    if unit in ("day", "week"):
        if not ref.has_day:
            return None
        return _day(start + timedelta(days=n * (7 if unit == "week" else 1)))
    if unit == "month":
        if ref.month is None:
            return None
        y, m = _add_months(start.year, start.month, n)
        return _period(datetime(y, m, 1), "month")
    return _period(datetime(start.year + n, 1, 1), "year")


def _relative(spec: Spec, ref: Reference) -> _Period | None:
    unit, k = spec.rel_unit, spec.rel_offset
    start = ref.start()
    if start is None:
        return None
    if unit == "day":
        if not ref.has_day:
            return None
        return _day(start + timedelta(days=k))
    if unit == "week":
        if not ref.has_day:
            return None
        monday = _truncate(start, "week") + timedelta(days=7 * k)
        if spec.weekday is not None:
            return _day(monday + timedelta(days=spec.weekday))
        if spec.part in ("late", "last"):
            # The weekend: Friday and Saturday, the rest days of most Arab countries.
            return _Period(monday + timedelta(days=4), monday + timedelta(days=6), "day", True)
        if spec.part in ("early", "start"):
            return _Period(monday, monday + timedelta(days=3), "day", True)
        return _period(monday, "week")
    if unit == "month":
        if ref.month is None:
            return None
        y, m = _add_months(start.year, start.month, k)
        return _in_month(y, m, spec)
    return _in_year(start.year + k, spec)


def _weekend(spec: Spec, ref: Reference, mode: str) -> _Period | None:
    today = ref.date()
    if today is None:
        return None
    monday = datetime(today.year, today.month, today.day) - timedelta(days=today.weekday())
    # The weekend is Friday and Saturday (the rest days of most Arab countries); the
    # start of a week is Monday to Wednesday, its middle Wednesday to Friday.
    first, last = {"late": (4, 6), "last": (4, 6), "mid": (2, 4), "midrange": (2, 4)}.get(spec.part or "", (0, 3))
    cands = [
        _Period(monday + timedelta(days=first + 7 * k), monday + timedelta(days=last + 7 * k), "day", True)
        for k in (-1, 0, 1)
    ]
    # Chosen by its start: "future" means not yet begun.
    if mode in ("future", "future_strict"):
        ok = [c for c in cands if c.start.date() > today]
        return min(ok, key=lambda c: c.start) if ok else None
    ok = [c for c in cands if c.start.date() <= today]
    return max(ok, key=lambda c: c.start) if ok else None


def _absolute(spec: Spec, ref: Reference, policy: Policy, cue: str | None) -> _Period | str | None:
    year = spec.year
    if year is None and spec.year_offset is not None:
        if ref.year is None:
            return None
        year = ref.year + spec.year_offset
    month = spec.month
    if spec.month_offset is not None:
        if ref.month is None:
            return None
        year, month = _add_months(ref.year, ref.month, spec.month_offset)  # type: ignore[arg-type]
    constrained = replace(spec, month=month)
    if year is not None:
        if month is None and spec.part is None and spec.day is not None:
            return None
        period = _in_year(year, constrained)
        if period is None and spec.weekday is not None:
            period = _in_year(year, constrained, check_weekday=False)
        return period
    if month is not None:
        if ref.year is None:
            if spec.day is not None:
                return f"XXXX-{month:02d}-{spec.day:02d}"
            return f"XXXX-{month:02d}"
        mode = _mode(spec, policy, cue, False)
        # A weekday with a day fixes the year: look further for the years it fits.
        span = 8 if spec.weekday is not None and spec.day is not None and not spec.nth_or_day else 1
        years = range(ref.year - span, ref.year + span + 1)
        cands = [p for y in years if (p := _in_month(y, month, constrained)) is not None]
        if not cands and spec.weekday is not None:
            cands = [p for y in years if (p := _in_month(y, month, constrained, False))]
        if span > 1 and cands:
            rs = ref.period("day")[0]
            return min(cands, key=lambda c: abs((c.start - rs).days))
        return _choose(cands, ref, mode)
    if spec.weekend:
        return _weekend(spec, ref, _mode(spec, policy, cue, True))
    today = ref.date()
    if spec.day is not None:
        # «السبت السادس عشر»: the 16th that is a Saturday, in a month near the reference.
        if today is None:
            return None
        cands = []
        for k in range(-3, 4):
            y, m = _add_months(today.year, today.month, k)
            p = _in_month(y, m, spec)
            if p is not None:
                cands.append(p)
        # A day of the month named with its weekday is one of the near months.
        mode = spec.direction or cue or ("future_strict" if policy.weekday == "future_strict" else "nearest")
        return _choose(cands, ref, mode)
    if spec.weekday is not None:
        if today is None:
            return None
        cands = [
            _day(today + timedelta(days=k))
            for k in range(-14, 15)
            if (today + timedelta(days=k)).weekday() == spec.weekday
        ]
        return _choose(cands, ref, _mode(spec, policy, cue, True))
    if spec.has_time:
        return _day(today) if today else None
    return None


def _hijri_part(spec: Spec, ref: Reference, policy: Policy, cue: str | None) -> _Period | None:
    hm = spec.hijri_month
    assert hm is not None

    def period(hy: int) -> _Period | None:
        if spec.hijri_day is not None:
            d = _hijri_to_date(hy, hm, spec.hijri_day)
            return _day(d) if d else None
        return _hijri_month_period(hy, hm)

    if spec.hijri_year is not None:
        return period(spec.hijri_year)
    if spec.year is not None:
        # «رمضان 2019»: the Hijri month that falls in that Gregorian year.
        hy = _hijri_year_of(date(spec.year, 1, 1))
        if hy is None:
            return None
        for h in (hy, hy + 1):
            p = period(h)
            if p is not None and p.start.year == spec.year:
                return p
        return None
    start = ref.start()
    if start is None:
        return None
    hy = _hijri_year_of(start.date())
    if hy is None:
        return None
    cands = [p for h in (hy - 1, hy, hy + 1) if (p := period(h)) is not None]
    return _choose(cands, ref, _mode(spec, policy, cue, False))


# --- the time part --------------------------------------------------------------------

_POD_MERIDIEM = {(3, 6): "am", (4, 12): "am", (9, 12): "am", (12, 14): "noon", (15, 18): "pm",
                 (18, 24): "night", (0, 1): "am"}  # fmt: skip


def _hour24(hour: int, meridiem: str | None) -> int:
    if meridiem == "am":
        return 0 if hour == 12 else hour
    if meridiem == "pm":
        return hour + 12 if hour < 12 else hour
    if meridiem == "noon":
        return hour + 12 if hour < 6 else hour
    if meridiem == "night":
        if hour == 12:
            return 0
        return hour + 12 if 6 <= hour < 12 else hour
    return hour


def _time_part(day: _Period, spec: Spec, ref: Reference, policy: Policy, explicit_day: bool) -> _Period | None:
    base = datetime(day.start.year, day.start.month, day.start.day)
    if spec.hour is None:
        assert spec.pod is not None
        lo, hi = spec.pod
        return _Period(base + timedelta(hours=lo), base + timedelta(hours=hi), "hour", True)
    meridiem = spec.meridiem or (_POD_MERIDIEM.get(spec.pod) if spec.pod else None)
    minute = spec.minute or 0
    second = spec.second or 0
    grain = "second" if spec.second is not None else "minute" if spec.minute is not None else "hour"
    if meridiem is None and policy.hour == "next" and not explicit_day and ref.has_time and spec.hour <= 12:
        now = ref.start()
        assert now is not None
        options = [base + timedelta(hours=spec.hour % 12, minutes=minute, seconds=second)]
        options.append(options[0] + timedelta(hours=12))
        options.append(options[0] + timedelta(days=1))
        dt = next(o for o in options if o >= now)
    else:
        hour = _hour24(spec.hour, meridiem)
        if hour > 23 or minute > 59 or second > 59:
            return None
        dt = base + timedelta(hours=hour, minutes=minute, seconds=second)
    if spec.tz is not None and ref.tz_minutes is not None and spec.tz != ref.tz_minutes:
        # A clock time given in another zone («بتوقيت غرينتش»), read on the reference's.
        dt += timedelta(minutes=ref.tz_minutes - spec.tz)
        grain = "minute" if grain == "hour" else grain
    return _period(dt, grain)


# --- putting it together --------------------------------------------------------------


def _point(spec: Spec, ref: Reference, policy: Policy, cue: str | None) -> _Period | str | None:
    if spec.has_time and not spec.has_date:
        day = _day(ref.date()) if ref.has_day else None  # type: ignore[arg-type]
        explicit = False
    else:
        day = _date_part(spec, ref, policy, cue)
        explicit = True
    if day is None or isinstance(day, str) or not spec.has_time or day.grain != "day":
        return day
    return _time_part(day, spec, ref, policy, explicit)


def _kind(p: _Period) -> str:
    if p.interval:
        return "interval"
    return "time" if p.grain in ("second", "minute", "hour") else "date"


def _resolved(p: _Period) -> Resolved:
    value = format_value(p.start, p.grain)
    end_value = None
    if p.interval:
        end_value = format_value(p.end - timedelta(seconds=1), p.grain)
    return Resolved(value, p.grain, _kind(p), end_value, p.start, p.end)


_DURATION_CODES = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W",
                   "month": "M", "year": "Y"}  # fmt: skip


def _iso_duration(unit: str, amount: float) -> str:
    n = f"{amount:g}"
    code = _DURATION_CODES[unit]
    return f"PT{n}{code}" if unit in ("second", "minute", "hour") else f"P{n}{code}"


def _now(ref: Reference) -> _Period | None:
    start = ref.start()
    if start is None or not ref.has_day:
        return None
    if ref.has_time:
        return _Period(start, start + timedelta(seconds=1), "second")
    return _day(start)


def resolve(spec: Spec, ref: Reference, policy: Policy = NEWS, cue: str | None = None) -> Resolved:
    """Anchor ``spec`` on ``ref``.

    Args:
        spec: what the expression says.
        ref: the publication date (or any reference time).
        policy: defaults for what the words leave open.
        cue: "past" or "future" from the surrounding verbs (:func:`tense_cue`).

    Returns:
        The value, its grain and kind; ``value`` is None (or a partial "XXXX-…" form)
        when the reference cannot fix it, and None for dates off the calendar
        («قبل 3000 عام» read in 2018) rather than an error.

    Example:
        >>> ref = Reference.parse("2025-04-10")
        >>> resolve(Spec(weekday=1), ref).value, resolve(Spec(weekday=1), ref, cue="future").value
        ('2025-04-08', '2025-04-15')
        >>> resolve(Spec(month=2, day=18), Reference.parse("2025-04-08")).value
        '2025-02-18'
        >>> resolve(Spec(month=2, day=18), Reference()).value
        'XXXX-02-18'
    """
    try:
        return _resolve(spec, ref, policy, cue)
    except (ValueError, OverflowError):
        return Resolved(None, _spec_grain(spec), "date")


def _resolve(spec: Spec, ref: Reference, policy: Policy, cue: str | None) -> Resolved:
    if spec.duration is not None:
        unit, amount = spec.duration
        return Resolved(_iso_duration(unit, amount), unit, "duration")
    if spec.recurring:
        return Resolved(None, _spec_grain(spec), "set")
    if spec.vague:
        return Resolved(None, spec.vague_grain, "interval")
    if spec.within is not None:
        unit, amount = spec.within
        now = _now(ref)
        if now is None:
            return Resolved(None, unit, "interval")
        end = _add(now.start, unit, amount)
        end_grain = "minute" if unit in ("second", "minute", "hour") else "day"
        end = _truncate(end, end_grain)
        return Resolved(format_value(now.start, now.grain), now.grain, "interval",
                        format_value(end, end_grain), now.start, end)  # fmt: skip
    if spec.until:
        target = _point(replace(spec, until=False), ref, policy, cue)
        now = _now(ref)
        if not isinstance(target, _Period) or now is None:
            return Resolved(None, "second", "interval")
        if target.start < now.start and spec.meridiem is None and spec.hour is not None and spec.hour < 12:
            # «حتى الساعة 2:00» read at 04:30: a deadline is ahead, so 14:00.
            target = _Period(target.start + timedelta(hours=12), target.end + timedelta(hours=12), target.grain)
        return Resolved(format_value(now.start, now.grain), now.grain, "interval",
                        format_value(target.start, target.grain), now.start, target.start)  # fmt: skip
    if spec.end is not None:
        return _resolve_range(spec, ref, policy, cue)
    p = _point(spec, ref, policy, cue)
    if p is None:
        return Resolved(None, _spec_grain(spec), "date")
    if isinstance(p, str):
        return Resolved(p, "day" if p.count("-") == 2 else "month", "date")
    return _resolved(p)


def _resolve_range(spec: Spec, ref: Reference, policy: Policy, cue: str | None) -> Resolved:
    assert spec.end is not None
    first = _point(replace(spec, end=None), ref, policy, cue)
    last = _point(spec.end, ref, policy, cue)
    if isinstance(first, str) and isinstance(last, str):
        return Resolved(first, "day" if first.count("-") == 2 else "month", "interval", last)
    if not isinstance(first, _Period) or not isinstance(last, _Period):
        return Resolved(None, _spec_grain(spec), "interval")
    crosses_year = last.start < first.start and spec.year is None and spec.end.year is None
    if crosses_year and last.grain in ("day", "month") and spec.end.month is not None:
        # «من 28 ديسمبر إلى 3 يناير»: the range runs into the next year.
        moved = _point(replace(spec.end, year=first.start.year + 1), ref, policy, cue)
        if isinstance(moved, _Period):
            last = moved
    grain = first.grain if _RANK[first.grain] <= _RANK[last.grain] else last.grain
    return Resolved(format_value(first.start, grain), grain, "interval",
                    format_value(last.start, last.grain), first.start, last.end)  # fmt: skip


def _spec_grain(spec: Spec) -> str:
    if spec.second is not None:
        return "second"
    if spec.minute is not None:
        return "minute"
    if spec.hour is not None or spec.pod is not None:
        return "hour"
    if spec.day is not None or spec.weekday is not None or spec.rel_unit == "day":
        return "day"
    if spec.rel_unit == "week":
        return "week"
    if spec.month is not None or spec.rel_unit == "month":
        return "month"
    return "year" if spec.year is not None or spec.rel_unit == "year" else "day"


# --- tense cues -----------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")
_CLAUSE_END = re.compile(r"[.!?؟\n:;؛«»\"“”]")
_COMPLEMENTIZERS = frozenset({"ان", "بان", "لان", "انه", "انها", "بانه", "بانها"})
# Present-tense stems that a future «سـ» may carry (سيعقد، ستكون، سيتم، سيلتقون). A
# closed list: «سيرغي», «سياسة», «سيارة» begin the same way and are not verbs.
_FUTURE_STEMS = frozenset(
    """عقد نعقد جري زور لتقي جتمع بحث ناقش شارك توجه صل عود كون تم ركز حاول عمل قوم بدا
    طلق علن ظهر تضمن تطلب شهد ستضيف لقي قدم صدر تخذ وقع صوت غادر ستانف نظر رد دعم سمح
    ستمر نطلق فتتح ترا زيد نتهي صبح حضر كشف بقي ستقبل حتفل قيم جرى نظم دخل خرج سافر رسل
    طرح بدو وجه تحدث تحرك درس عرض نشر تبع عتمد علن فرض رفع خفض منح طالب دعو لغي غير حدد
    جدد قرر نفذ وصل سلم ستلم تسلم بدء ستعرض ستكمل كمل نجز صبح بني شكل عين ختار نتخب صدق
    وافق رفض قدم حصل ضم نضم نسحب سحب طلب سال جيب رد خوض فوز خسر لعب واجه ستعيد عيد
    نقل حمل ستخدم ضع ضيف تخذ جهز عد حيل وقف توقف مضي سير ستغرق ستهدف ضرب هاجم قصف
    حسم ناقشون بحثون ستمع صغي جيب عقب طلع طلق ساهم سهم ساعد وفر قدم ختتم فتح غلق تواصل
    """.split()
)
_VERB_SUFFIXES = ("ون", "ان", "ين", "وا", "ن")


def _is_future_word(w: str) -> bool:
    if w in FUTURE_CUES or w in FUTURE_VERBS:
        return True
    if w[:1] in ("و", "ف") and (w[1:] in FUTURE_CUES or w[1:] in FUTURE_VERBS):
        return True
    core = w[1:] if w[:1] in ("و", "ف") and w[1:2] == "س" else w
    if len(core) >= 4 and core[0] == "س" and core[1] in "يتنا":
        stem = core[2:]
        if stem in _FUTURE_STEMS:
            return True
        for suffix in _VERB_SUFFIXES:
            if stem.endswith(suffix) and stem[: -len(suffix)] in _FUTURE_STEMS:
                return True
    return False


def _is_past_word(w: str) -> bool:
    return w in PAST_VERBS or (w[:1] in ("و", "ف") and w[1:] in PAST_VERBS)


def tense_cue(folded_text: str, start: int, end: int, window: int = 8) -> str | None:
    """ "future" or "past" from the nearest verb before an expression, else None.

    ``folded_text`` is the folded text the span indexes. The search stays inside the
    clause; after the expression only the next two words are read, and reported speech
    («بأن …», «إن …») stops it, since its tense belongs to what was said.

    Example:
        >>> from marsad.temporal.words import fold
        >>> t = fold("ومن المقرر أن يلتقي الوفدان الخميس في المدينة")
        >>> tense_cue(t, t.index("الخميس"), t.index("الخميس") + 6)
        'future'
        >>> t = fold("وقال المتحدث الثلاثاء إن الجانبين سيحاولان")
        >>> tense_cue(t, t.index("الثلاثاء"), t.index("الثلاثاء") + 8)
        'past'
    """
    before = folded_text[max(0, start - 120) : start]
    cut = None
    for m in _CLAUSE_END.finditer(before):
        cut = m.end()
    if cut is not None:
        before = before[cut:]
    words = _WORD_RE.findall(before)[-window:]
    if words and words[-1] in ("منذ", "ومنذ"):
        return "past"  # «منذ سبتمبر»: since, so before
    for w in reversed(words):
        if _is_future_word(w):
            return "future"
        if _is_past_word(w):
            return "past"
    after = folded_text[end : end + 40]
    m = _CLAUSE_END.search(after)
    if m:
        after = after[: m.start()]
    for w in _WORD_RE.findall(after)[:2]:
        if w in _COMPLEMENTIZERS:
            break
        if _is_future_word(w):
            return "future"
    return None
