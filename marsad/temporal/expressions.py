"""Finding Arabic time expressions in text, with character spans, and resolving them.

The tagger works in three passes over the *folded* text (see :func:`fold_text`):

1. atoms: compiled patterns, each with a handler that reads its groups into a
   :class:`~marsad.temporal.resolve.Spec` («18 فبراير (شباط)», «الثلاثاء الماضي»,
   «قبل ثلاث سنوات», «الساعة الثالثة عصراً», «١٥ رمضان ١٤٤٦ هـ», «عيد الفطر 2013»);
   a pattern only runs when a cheap trigger scan saw a word it needs, so sentences
   without any time word cost one regex pass;
2. the longest atoms win, without overlaps;
3. composition: neighbouring atoms joined by what lies between them (a weekday and
   its date «الاثنين 18 شباط», a day and a clock time «الخميس الساعة 8», a part of the
   day and its day «مساء أمس», ranges «من 13 تموز إلى 15 تموز»).

Quantities are not dates: a number becomes a year only with a year word («عام 2022»)
or a preposition that takes a year («في 2014») and no count noun after it, so «75%»,
«6500 متجر», «3.5 مليون» and «90 دولة» are left alone, and «4.5 ساعة» is a duration.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from marsad.model import TimeExpression
from marsad.temporal.resolve import NEWS, Policy, Reference, Resolved, Spec, resolve, tense_cue
from marsad.temporal.words import (
    AMBIGUOUS_MONTHS,
    CARDINALS,
    COUNT_NOUNS,
    DAY_ORDINALS,
    FUTURE_MODIFIERS,
    HIJRI_MONTHS,
    HOLIDAYS,
    HOUR_WORDS,
    MERIDIEMS,
    MONTH_ORDINALS,
    MONTHS,
    NTH_ORDINALS,
    PARTS_OF_DAY,
    PAST_MODIFIERS,
    PERIOD_PARTS,
    THIS_MODIFIERS,
    UNITS,
    WEEKDAYS,
    WEEKDAYS_BARE,
    fold,
)

__all__ = ["Found", "find_time_expressions", "fold_text", "parse_expressions", "records"]

# Harakat, Quranic marks, superscript alef and tatweel: dropped before matching.
_REMOVABLE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_DROP_TABLE = {c: None for c in [*range(0x610, 0x61B), *range(0x64B, 0x660), 0x670,
                                  *range(0x6D6, 0x6EE), 0x640]}  # fmt: skip


def fold_text(text: str) -> tuple[str, list[int] | None]:
    """The folded text patterns run on, and where each of its characters came from.

    The index map is None when nothing was dropped (the usual case): spans then carry
    over unchanged.

    Example:
        >>> fold_text("غداً")
        ('غدا', [0, 1, 2])
        >>> fold_text("الأحد")
        ('الاحد', None)
    """
    if _REMOVABLE.search(text) is None:
        return fold(text), None
    index = [i for i, ch in enumerate(text) if ord(ch) not in _DROP_TABLE]
    return fold(text.translate(_DROP_TABLE)), index


# --- pattern building -----------------------------------------------------------------


def _trie(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (folded), longest first, spaces as ``\\s+``."""
    root: dict[str, dict] = {}
    for w in sorted(set(words)):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(root) + ")"


def _ar(pattern: str) -> str:
    """Fold the Arabic letters of a pattern written in ordinary spelling (not the ASCII)."""
    return "".join(fold(c) if ord(c) > 127 else c for c in pattern)


def _key(s: str) -> str:
    """Lookup key of matched words: single spaces, «و 18» → «و18»."""
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"(?:(?<= )|^)و ", "و", s)


W0 = r"(?<!\w)"
W1 = r"(?!\w)"
CL = r"(?P<cl>(?:[وف](?=\w))?(?:[بلك](?=ال))?)"
DL = r"(?<![\d.,/:\-])"  # a number starts here
YEAR4 = r"(?:1[89]\d\d|20\d\d|21\d\d)(?!\d)"

_MODS = PAST_MODIFIERS | FUTURE_MODIFIERS | (THIS_MODIFIERS - {"هذا", "هذه", "ذاته"})
MODS = _trie(_MODS)


def _month_forms() -> dict[str, int]:
    """Month names, and the two-name forms news writes without brackets
    («أبريل نيسان», «أغسطس، آب»)."""
    forms = dict(MONTHS)
    by_month: dict[int, list[str]] = {}
    for name, n in MONTHS.items():
        by_month.setdefault(n, []).append(name)
    for n, names in by_month.items():
        for a in names:
            for b in names:
                if a != b and (a in AMBIGUOUS_MONTHS) + (b in AMBIGUOUS_MONTHS) < 2:
                    for sep in (" ", "، ", "،", ", "):
                        forms[a + sep + b] = n
    return forms


MONTH_FORMS = _month_forms()
MONTH = _trie(MONTH_FORMS)
WEEKDAY = _trie(WEEKDAYS)
WEEKDAY_BARE = _trie(WEEKDAYS_BARE)
ORD_DAY = _trie(DAY_ORDINALS)
CARD = _trie(CARDINALS)
CARD12 = _trie(k for k, v in CARDINALS.items() if v <= 12)
NTH = _trie(NTH_ORDINALS)
NTH_DEF = _trie(k for k in NTH_ORDINALS if k.startswith("ال"))
MONTH_ORD = _trie(MONTH_ORDINALS)
HOURW = _trie(HOUR_WORDS)
HOUR_ORD = _trie(k for k in HOUR_WORDS if k.startswith("ال"))
MERIDIEM = _trie(MERIDIEMS)
UNIT = _trie(UNITS)
DUAL = _trie(k for k, v in UNITS.items() if v[1] == 2)
HIJRI = _trie(HIJRI_MONTHS)
HOLIDAY = _trie(HOLIDAYS)
PART = _trie(PERIOD_PARTS)
POD = _trie(PARTS_OF_DAY)
DEF_CARD = _trie("ال" + k for k, v in CARDINALS.items() if 2 <= v <= 10 and " " not in k)
DAYN = rf"(?:{DL}(?:[0-3]?\d)(?![\d%]|[.,:/]\d)|{ORD_DAY}{W1})"
DAYN2 = rf"(?:(?<![\d.,/:])(?:[0-3]?\d)(?![\d%]|[.,:/]\d)|{ORD_DAY}{W1})"  # after a dash
ALT = rf"(?:\s*\(\s*{MONTH}\s*\)|\s*/\s*{MONTH}{W1})?"
MONTH_NUM = rf"(?:1[0-2]|0?[1-9])(?!\d)|{CARD12}{W1}"
PREPS = _ar(
    "(?:في|منذ|حتى|خلال|قبل|بعد|طيلة|طوال|ابتداء من|اعتبارا من|بحلول|أواخر|أوائل|منتصف"
    "|مطلع|نهاية|بداية|أواسط|مستهل|غرة|من|إلى|الى|شهر|لشهر|وفي|ومنذ|وحتى|وخلال)"
)
YEAR_WORD = _ar(r"(?:[لب]?(?:ال)?(?:عام|سنة)|عامي)")


def _yspec(name: str) -> str:
    return _ar(rf"(?:\s*[،,]?\s*(?:(?:من|في)\s+)?(?:{YEAR_WORD}\s*)?(?P<{name}>{YEAR4})(?:\s*م{W1})?)")


def _yrel(name: str) -> str:
    return _ar(rf"(?:\s+(?:من\s+|في\s+)?(?P<{name}>هذا\s+العام|هذه\s+السنة|(?:ال)?(?:عام|سنة)\s+{MODS}{W1}))")


def _mref(p: str, bare: bool = False) -> str:
    """A month: its name, «شهر 3», «الشهر الثامن», «هذا الشهر», «الشهر المقبل»."""
    alts = [
        rf"(?:(?:ال)?شهر\s+)?(?P<{p}m>{MONTH}){W1}{ALT}",
        rf"(?:ال)?شهر\s+(?P<{p}mn>{MONTH_NUM})",
        rf"الشهر\s+(?P<{p}mo>{MONTH_ORD}){W1}",
        rf"(?P<{p}mr>هذا\s+الشهر|الشهر\s+{MODS}{W1})",
    ]
    if bare:
        alts.append(rf"(?P<{p}mb>الشهر){W1}")
    return _ar("(?:" + "|".join(alts) + ")")


def _mod(name: str) -> str:
    return rf"(?:\s+(?P<{name}>{MODS}){W1})?"


MINPART = _ar(
    rf"(?:\s*و\s*(?P<frac>نصف|النصف|ربع|الربع|ثلث|الثلث){W1}"
    rf"|\s*و\s*(?P<mw>{CARD}|[0-5]?\d)\s*(?:دقيقة|دقائق){W1}"
    rf"|\s+إلا\s+(?P<minus>ربعا|ربع|ثلثا|ثلث|(?:{CARD}|[0-5]?\d)(?:\s*(?:دقيقة|دقائق))?){W1})"
)
TZ = _ar(
    r"(?:(?:ب|و)?(?:ال)?توقيت\s+(?P<tzn>gmt|utc|غرينتش|غرينيتش|جرينتش|جرينيتش|غرنتش|المحلي"
    r"|\w+)|\(?(?P<tzg>ت\.?\s?غ|gmt|utc)\.?\)?)"
)
_GMT = frozenset(fold(w) for w in ("gmt", "utc", "غرينتش", "غرينيتش", "جرينتش", "جرينيتش", "غرنتش"))


# --- handler context ------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    text: str  # original
    folded: str
    index: list[int] | None
    lazy: bool = False

    def __post_init__(self) -> None:
        if self.lazy:
            self.index = None

    def offsets(self) -> list[int] | None:
        """Original position of each folded character (None: the same positions)."""
        if self.lazy and self.index is None:
            self.index = [i for i, ch in enumerate(self.text) if ord(ch) not in _DROP_TABLE]
        return self.index

    def original_char(self, i: int) -> str:
        index = self.offsets()
        return self.text[index[i] if index is not None else i]

    def before(self, i: int, n: int = 30) -> str:
        return self.folded[max(0, i - n) : i]

    def prev_word(self, i: int) -> str:
        words = re.findall(r"\w+", self.folded[max(0, i - 30) : i])
        return words[-1] if words else ""

    def next_word(self, i: int) -> str:
        m = re.match(r"\s*(\w+)", self.folded[i : i + 30])
        return m.group(1) if m else ""


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    spec: Spec
    role: str  # date, month, year, period, time, pod, interval, duration, vague

    @property
    def length(self) -> int:
        return self.end - self.start


_Handler = Callable[[re.Match[str], _Ctx], "tuple[int, Spec, str] | None"]


def _span_start(m: re.Match[str]) -> int:
    """Where the expression starts: after clitics and an excluded preposition."""
    start = m.start()
    gd = m.groupdict()
    if gd.get("cl") is not None:
        start = m.end("cl")
    if gd.get("x") is not None:
        start = max(start, m.end("x"))
    # Skip spaces left by an excluded prefix.
    return start


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    s = _key(s)
    if s.isdigit():
        return int(s)
    for table in (DAY_ORDINALS, CARDINALS, HOUR_WORDS):
        if s in table:
            return table[s]
    return None


def _direction(word: str | None) -> str | None:
    if not word:
        return None
    w = _key(word)
    if w in PAST_MODIFIERS:
        return "past_strict"
    if w in FUTURE_MODIFIERS:
        return "future_strict"
    if w in THIS_MODIFIERS:
        return "this"
    return None


def _offset(word: str | None) -> int | None:
    d = _direction(word)
    return {"past_strict": -1, "future_strict": 1, "this": 0}.get(d) if d else None


def _month_of(m: re.Match[str], p: str = "") -> tuple[int | None, int | None]:
    """(month, month_offset) from the groups of :func:`_mref`."""
    gd = m.groupdict()
    if gd.get(p + "m"):
        return MONTH_FORMS.get(_key(gd[p + "m"])), None
    if gd.get(p + "mn"):
        n = _num(gd[p + "mn"])
        return (n, None) if n and 1 <= n <= 12 else (None, None)
    if gd.get(p + "mo"):
        return MONTH_ORDINALS.get(_key(gd[p + "mo"])), None
    if gd.get(p + "mr"):
        words = _key(gd[p + "mr"]).split(" ")
        return None, 0 if words[0] == "هذا" else _offset(words[-1])
    if gd.get(p + "mb"):
        return None, 0
    return None, None


def _year_of(m: re.Match[str], y: str = "y", yr: str = "yr") -> tuple[int | None, int | None]:
    gd = m.groupdict()
    if gd.get(y):
        return int(gd[y]), None
    if gd.get(yr):
        words = _key(gd[yr]).split(" ")
        return None, 0 if words[0] in ("هذا", "هذه") else _offset(words[-1])
    return None, None


def _count_after(ctx: _Ctx, end: int) -> bool:
    """A count noun or a percent sign right after a number: it is a quantity."""
    tail = ctx.folded[end : end + 3]
    if tail.lstrip().startswith("%"):
        return True
    w = ctx.next_word(end)
    return w in COUNT_NOUNS or (w[:1] in "وب" and w[1:] in COUNT_NOUNS)


# --- handlers -------------------------------------------------------------------------


def _h_iso(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    spec = Spec(year=int(m["y"]), month=int(m["mo"]), day=int(m["d"]))
    if m["h"] is not None:
        spec.hour, spec.minute = int(m["h"]), int(m["mi"])
        spec.second = int(m["s"]) if m["s"] else None
    return m.start(), spec, "date"


def _h_dmy(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    return m.start(), Spec(year=int(m["y"]), month=int(m["mo"]), day=int(m["d"])), "date"


def _h_my(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    if _count_after(ctx, m.end()):
        return None
    return m.start(), Spec(year=int(m["y"]), month=int(m["mo"])), "month"


def _h_dm(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    if not (m["yawm"] or m["wd"]):
        return None
    spec = Spec(month=int(m["mo"]), day=int(m["d"]))
    if m["wd"]:
        spec.weekday = WEEKDAYS[_key(m["wd"])]
    return _span_start(m), spec, "date"


def _ordinal_is_adjective(m: re.Match[str], ctx: _Ctx, group: str) -> bool:
    """«النصف الثاني من مارس»: a definite ordinal after a definite noun describes it."""
    word = m[group]
    if word is None or word[:1].isdigit() or not word.startswith("ال"):
        return False
    if m.start(group) != _span_start(m):
        return False
    prev = ctx.prev_word(_span_start(m))
    core = prev[1:] if prev[:1] in ("و", "ف") and prev[1:3] == "ال" else prev
    return core.startswith("ال") and core not in WEEKDAYS and core not in ("الموافق", "اليوم")


# «ثورة 25 يناير», «قوى 14 آذار», «هجمات 11 سبتمبر»: names of events or movements,
# not dates of this story (their year is not the publication's).
_NAMED_AFTER = frozenset(
    fold(w)
    for w in ("ثورة", "هجمات", "أحداث", "اعتداءات", "حركة", "قوى", "تيار", "تحالف", "انتفاضة",
              "فريق", "جماعة", "ميدان", "شارع", "جسر", "مدينة", "ملعب", "ثوار", "قوي")
)  # fmt: skip


def _is_named_date(ctx: _Ctx, start: int) -> bool:
    words = re.findall(r"\w+", ctx.folded[max(0, start - 25) : start])[-2:]
    return any(w in _NAMED_AFTER or (w[:1] in "وبل" and w[1:] in _NAMED_AFTER) for w in words)


def _h_day_month(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    if _is_named_date(ctx, _span_start(m)):
        return _span_start(m), Spec(vague=True), "skip"
    day = _num(m["d"])
    month, month_offset = _month_of(m)
    if day is None or not 1 <= day <= 31 or (month is None and month_offset is None):
        return None
    if _ordinal_is_adjective(m, ctx, "d"):
        return None
    year, year_offset = _year_of(m)
    if year is not None and _count_after(ctx, m.end("y")):
        year = None
    spec = Spec(day=day, month=month, month_offset=month_offset, year=year,
                year_offset=year_offset, direction=_direction(m["mod"]))  # fmt: skip
    return _span_start(m), spec, "date"


def _ambiguous_month_ok(m: re.Match[str], ctx: _Ctx, strong: bool) -> bool:
    """A month name that is also a common word needs context to be a month."""
    name = _key(m["m"])
    if name not in AMBIGUOUS_MONTHS:
        return True
    if name == "اب" and ctx.original_char(m.start("m")) != "آ" and not strong:
        return False
    return strong or bool(m.groupdict().get("x"))


def _h_month_day(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    if not _ambiguous_month_ok(m, ctx, bool(m["sh"])):
        return None
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    year = int(m["y"]) if m["y"] else None
    return _span_start(m), Spec(month=MONTH_FORMS[_key(m["m"])], day=day, year=year), "date"


_RECURRING = re.compile(_ar(r"\s*(?:من\s+)?كل\s+(?:عام|سنة|شهر|أسبوع)"))


def _h_month(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    year, year_offset = _year_of(m)
    if year is not None and _count_after(ctx, m.end("y")):
        return None
    if ctx.prev_word(_span_start(m)) in ("دي", "دو", "لا"):
        return None  # «لويجي دي مايو»: a surname
    strong = bool(m["sh"] or year or year_offset is not None or m["mod"] or m["alt"])
    if not _ambiguous_month_ok(m, ctx, strong):
        return None
    spec = Spec(month=MONTH_FORMS[_key(m["m"])], year=year, year_offset=year_offset,
                direction=_direction(m["mod"]))  # fmt: skip
    recurring = _RECURRING.match(ctx.folded, m.end())
    if recurring and year is None:
        # «في مارس من كل سنة»: every March, not one of them.
        spec.recurring = True
        return _span_start(m), spec, "set"
    return _span_start(m), spec, "month"


def _h_month_part(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    month, month_offset = _month_of(m)
    if month is None and month_offset is None:
        return None
    part = PERIOD_PARTS[_key(m["part"])]
    year, year_offset = _year_of(m)
    spec = Spec(month=month, month_offset=month_offset, year=year, year_offset=year_offset,
                part=part, direction=_direction(m["mod"]))  # fmt: skip
    return _span_start(m), spec, "date" if part in ("start", "mid") else "interval"


def _h_year(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    if _count_after(ctx, m.end("y")):
        return None
    gd = m.groupdict()
    if gd.get("x") is None and gd.get("kw") is None and gd.get("part") is None and not gd.get("mm"):
        return None
    part = PERIOD_PARTS[_key(gd["part"])] if gd.get("part") else None
    return _span_start(m), Spec(year=int(m["y"]), part=part), "year"


def _h_period(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    unit_word = _key(m["u"])
    unit = {"اسبوع": "week", "شهر": "month", "عام": "year", "سنه": "year"}[
        unit_word[2:] if unit_word.startswith("ال") else unit_word
    ]
    part = PERIOD_PARTS[_key(m["part"])] if m["part"] else None
    if m["part"] and _key(m["part"]) in ("نصف", "نص"):
        # «عامين ونصف العام»: half a year is an amount of time, not the middle of one.
        return m.start("part"), Spec(duration=(unit, 0.5)), "duration"
    if m["this"]:
        offset = 0
    elif m["mod"]:
        offset = _offset(m["mod"])
        if offset is None:
            return None
        if m["before"]:
            offset *= 2
    elif part and unit_word.startswith("ال"):
        offset = 0
    else:
        return None
    if unit == "week" and part and not m["mod"] and not m["this"]:
        # «نهاية الأسبوع», «مطلع الأسبوع»: the coming or the last one, as the verbs say.
        return _span_start(m), Spec(weekend=True, part=part), "interval"
    spec = Spec(rel_unit=unit, rel_offset=offset, part=part)
    role = "period" if part is None else "interval"
    return _span_start(m), spec, role


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    gd = m.groupdict()
    weekday = WEEKDAYS[_key(m["wd"])] if gd.get("wd") else WEEKDAYS_BARE[_key(m["wdb"])]
    spec = Spec(weekday=weekday)
    if gd.get("wthis") or gd.get("wmod"):
        spec.rel_unit = "week"
        spec.rel_offset = 0 if gd.get("wthis") else (_offset(gd["wmod"]) or 0)
    elif gd.get("wdb"):
        return None
    elif gd.get("mod"):
        spec.direction = _direction(m["mod"])
    elif gd.get("this"):
        spec.direction = "this"
    if gd.get("yawm") and _key(m["yawm"]) == "اليوم" and spec.rel_unit is None:
        # «اليوم الثلاثاء»: today, which is that weekday; the nearest one if they disagree.
        spec.direction = "nearest"
    return _span_start(m), spec, "date"


def _h_weekday_day(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    day = _num(m["d"])
    if day is None or not 11 <= day <= 31:
        return None
    return _span_start(m), Spec(weekday=WEEKDAYS[_key(m["wd"])], day=day), "date"


def _month_spec(m: re.Match[str], p: str = "") -> Spec | None:
    month, month_offset = _month_of(m, p)
    if month is None and month_offset is None:
        return None
    year, year_offset = _year_of(m)
    return Spec(month=month, month_offset=month_offset, year=year, year_offset=year_offset)


def _h_nth_weekday(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    spec = _month_spec(m)
    if spec is None:
        return None
    wd = m["wd"]
    spec.weekday = WEEKDAYS.get(_key(wd), WEEKDAYS_BARE.get(_key(wd)))
    nth = NTH_ORDINALS[_key(m["ord"])]
    spec.nth = nth
    if m.groupdict().get("wdfirst") and nth > 0:
        # «الثلاثاء الثالث من أيلول»: the 3rd or the third Tuesday (the calendar decides).
        spec.day = nth
        spec.nth_or_day = True
    return _span_start(m), spec, "date"


def _h_nth_after(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    wd = _key(m["wd"])
    anchor = Spec(holiday=_key(m["hol"]), year=int(m["y"]) if m["y"] else None)
    spec = Spec(weekday=WEEKDAYS.get(wd, WEEKDAYS_BARE.get(wd)), nth=NTH_ORDINALS[_key(m["ord"])],
                after=anchor)  # fmt: skip
    return _span_start(m), spec, "date"


def _h_week_nth(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    spec = _month_spec(m)
    if spec is None:
        return None
    spec.week_nth = NTH_ORDINALS[_key(m["ord"] or m["ord2"])]
    return _span_start(m), spec, "period"


def _h_last_day(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    spec = _month_spec(m)
    if spec is None:
        return None
    spec.day_last = True
    return _span_start(m), spec, "date"


_REL_DAYS: dict[str, tuple[str, int]] = {
    fold(k): v
    for k, v in {
        "الآن": ("now", 0), "حالا": ("now", 0), "في هذه اللحظة": ("now", 0),
        "هذه اللحظة": ("now", 0),
        "اليوم": ("day", 0), "في هذا اليوم": ("day", 0), "هذا اليوم": ("day", 0),
        "أمس": ("day", -1), "الأمس": ("day", -1), "البارحة": ("day", -1), "امبارح": ("day", -1),
        "اليوم الماضي": ("day", -1), "اليوم المنصرم": ("day", -1), "اليوم السابق": ("day", -1),
        "يوم أمس": ("day", -1), "يوم الأمس": ("day", -1),
        "أول أمس": ("day", -2), "أول من أمس": ("day", -2), "أول البارحة": ("day", -2),
        "قبل أمس": ("day", -2), "قبل الأمس": ("day", -2), "يوم قبل أمس": ("day", -2),
        "اليوم القبل البارحة": ("day", -2), "اليوم الي قبل امبارح": ("day", -2),
        "اليوم الذي قبل أمس": ("day", -2), "أول امبارح": ("day", -2),
        "غدا": ("day", 1), "يوم غد": ("day", 1), "يوم الغد": ("day", 1), "بكرة": ("day", 1),
        "بكرا": ("day", 1), "في الغد": ("day", 1), "الغد": ("day", 1),
        "بعد غد": ("day", 2), "بعد الغد": ("day", 2), "يوم بعد غد": ("day", 2),
        "اليوم الذي بعد الغد": ("day", 2), "اليوم الي بعد بكرة": ("day", 2),
        "بعد بكرة": ("day", 2), "بعد بكرا": ("day", 2),
        "الليلة": ("tonight", 0), "هذه الليلة": ("tonight", 0), "الليلة الماضية": ("tonight", -1),
        "ليلة أمس": ("tonight", -1), "هذا الصباح": ("morning", 0), "هذا المساء": ("evening", 0),
    }.items()
}  # fmt: skip
REL_DAY = _trie(_REL_DAYS)
_NOT_AFTER_TODAY = frozenset(fold(w) for w in ("نفسه", "ذاته", "ذلك", "التالي", "الموالي"))
# «ذلك اليوم» is a day of the story; «المصري اليوم», «روسيا اليوم» are media names.
_NOT_BEFORE_TODAY = frozenset(
    fold(w) for w in ("ذلك", "ذات", "نفس", "تلك", "هذه", "المصري", "روسيا", "أخبار", "فلسطين", "السودان")
)


def _h_rel_day(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    key = _key(m["rd"])
    unit, offset = _REL_DAYS[key]
    start = _span_start(m)
    if key == "الغد" and ctx.prev_word(start) not in PARTS_OF_DAY:
        return None  # «جيل الغد»: the future, not tomorrow
    if key in ("اليوم", "الليله"):
        nxt = ctx.next_word(m.end())
        if nxt in _NOT_AFTER_TODAY or nxt in ("التي", "الذي"):
            return None
        if nxt.startswith("ال") and nxt not in WEEKDAYS:
            return None  # اليوم العالمي، اليوم الأول، الليلة السابقة
        if ctx.prev_word(start) in _NOT_BEFORE_TODAY:
            return None
    if unit == "now" and ctx.next_word(m.end()) in _NOT_AFTER_TODAY:
        return None  # «في الآن نفسه»: at the same time
    if key == "اليوم السابق" and ctx.prev_word(start) in ("في", "وفي"):
        return None  # «في اليوم السابق»: the day before something in the story
    if unit == "now":
        return start, Spec(now=True), "date"
    if unit == "tonight":
        return start, Spec(rel_unit="day", rel_offset=offset, pod=(18, 24)), "interval"
    if unit in ("morning", "evening"):
        pod = (4, 12) if unit == "morning" else (18, 24)
        return start, Spec(rel_unit="day", rel_offset=0, pod=pod), "interval"
    return start, Spec(rel_unit="day", rel_offset=offset), "date"


_AFTER_FILLERS = frozenset(fold(w) for w in ("واحد", "واحدة", "فقط", "تقريبا", "ونصف", "قليلة", "قليل"))
_APPROX = frozenset(fold(w) for w in ("أكثر", "اكثر", "أقل", "نحو", "حوالي", "قرابة", "أزيد"))


def _h_shift(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    unit_word = _key(m["unit"] or m["u1"])
    unit, count = UNITS[unit_word]
    if m["n"]:
        n_text = m["n"].replace(",", ".")
        amount: float | None = float(n_text) if n_text[:1].isdigit() else _num(n_text)
    else:
        amount = count or None
    pre = _key(m["pre"])
    start = _span_start(m)
    if pre in ("طوال", "لمده", "مده", "طيله", "علي مدي", "علي مدار"):
        return (m.start("n") if m["n"] else m.start("u1") if m["u1"] else start,
                Spec(duration=(unit, amount)) if amount else Spec(vague=True, vague_grain=unit),
                "duration" if amount else "vague")  # fmt: skip
    if amount is None and pre == "من":
        return None  # «من أشهر عازفي الكمان»: one of the most famous
    if amount is None:
        # «منذ سنوات», «خلال أيام»: recognised, but no date can be given.
        return start, Spec(vague=True, vague_grain=unit), "vague"
    if pre == "من":
        prev = ctx.prev_word(start)
        if m["n"] or prev in _APPROX or prev.startswith(("اكثر", "اقل")):
            num_start = m.start("n") if m["n"] else m.start("u1")
            return num_start, Spec(duration=(unit, amount)), "duration"
        return start, Spec(shift=(unit, -int(amount))), "date"
    if amount != int(amount):
        return start, Spec(duration=(unit, amount)), "duration"
    if pre in ("قبل", "منذ"):
        return start, Spec(shift=(unit, -int(amount))), "date"
    if pre == "بعد":
        after = re.findall(r"\w+", ctx.folded[m.end() : m.end() + 30])[:3]
        after = [w for w in after if w not in _AFTER_FILLERS]
        if after and after[0] in ("من", "علي"):
            # «بعد يومين من الاجتماع»: counted from another happening, not from today.
            return start, Spec(vague=True, vague_grain=unit), "vague"
        return start, Spec(shift=(unit, int(amount))), "date"
    return start, Spec(within=(unit, amount)), "interval"  # خلال, في غضون


def _h_duration(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    gd = m.groupdict()
    if gd.get("dual"):
        unit, _ = UNITS[_key(m["dual"])]
        return m.start(), Spec(duration=(unit, 2)), "duration"
    unit, _ = UNITS[_key(m["unit"])]
    if gd.get("frac"):
        amount: float | None = {"نصف": 0.5, "ربع": 0.25, "ثلث": 1 / 3}[_key(m["frac"])]
    else:
        n_text = m["n"].replace(",", ".")
        amount = float(n_text) if n_text[:1].isdigit() else _num(n_text)
    if not amount:
        return None
    return m.start(), Spec(duration=(unit, amount)), "duration"


def _h_duration_any(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    unit, _ = UNITS[_key(m["unit"])]
    if m["n"]:
        amount: float | None = float(m["n"].replace(",", "."))
    else:
        amount = _num(m["n2"])
    if not amount:
        return None
    return m.start("n") if m["n"] else m.start("nw"), Spec(duration=(unit, amount)), "duration"


def _h_period_range(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    n = _num(m["n"][2:]) if m["n"] else None
    if n is None:
        return _span_start(m), Spec(vague=True), "vague"
    unit, _ = UNITS[_key(m["pl"])]
    direction = _direction(m["mod"]) or ("past_strict" if _key(m["mod"]) == "الاخيره" else None)
    if direction is None or unit in ("second", "minute", "hour"):
        return _span_start(m), Spec(vague=True, vague_grain=unit), "vague"
    if direction == "future_strict":
        spec = Spec(rel_unit=unit, rel_offset=1, end=Spec(rel_unit=unit, rel_offset=n))
    else:
        spec = Spec(rel_unit=unit, rel_offset=-n, end=Spec(rel_unit=unit, rel_offset=-1))
    return _span_start(m), spec, "interval"


def _minutes(m: re.Match[str]) -> tuple[int, int | None]:
    """(hour adjustment, minute) from the groups of MINPART."""
    gd = m.groupdict()
    if gd.get("frac"):
        return 0, {"نصف": 30, "النصف": 30, "ربع": 15, "الربع": 15, "ثلث": 20, "الثلث": 20}[_key(m["frac"])]
    if gd.get("mw"):
        return 0, _num(m["mw"])
    if gd.get("minus"):
        word = _key(m["minus"])
        if word.startswith(("ربع", "ثلث")):
            less = 15 if word.startswith("ربع") else 20
        else:
            less = _num(re.sub(r"\s*(?:دقيقه|دقائق)$", "", word)) or 0
        return -1, 60 - less
    return 0, None


def _h_clock(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    gd = m.groupdict()
    hour = int(m["hd"]) if gd.get("hd") else _num(m["hw"])
    if hour is None or hour > 24:
        return None
    minute = int(m["mi"]) if gd.get("mi") else None
    second = int(m["s"]) if gd.get("s") else None
    adjust, words_minute = _minutes(m)
    if words_minute is not None:
        if words_minute > 59:
            return None
        minute = words_minute
        hour = (hour + adjust) % 24 if hour + adjust >= 0 else 23
        if adjust and hour == 0:
            hour = 12
    spec = Spec(hour=hour, minute=minute, second=second)
    if gd.get("mer"):
        mer = _key(m["mer"])
        spec.meridiem = MERIDIEMS.get(mer)
        if mer in ("هذه الليله", "الليله", "هذا المساء", "هذا الصباح", "مساء اليوم"):
            spec.rel_unit, spec.rel_offset = "day", 0
    if gd.get("tzn") or gd.get("tzg"):
        zone = _key(m["tzn"] or m["tzg"]).replace(".", "").replace(" ", "")
        if zone in _GMT or zone == "تغ":
            spec.tz = 0
        # Another zone name («بتوقيت مكة»): the clock time is kept as written.
    start = _span_start(m)
    if gd.get("until"):
        spec.until = True
        start = m.start("until")
    return start, spec, "time"


def _h_pod(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    return _span_start(m), Spec(pod=PARTS_OF_DAY[_key(m["pod"])]), "pod"


_HIJRI_NEEDS_CONTEXT = frozenset(fold(w) for w in ("رجب", "صفر", "رمضان", "شعبان", "محرم", "المحرم", "شوال"))


def _h_hijri_date(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    day = _num(m["d"])
    if day is None or not 1 <= day <= 30:
        return None
    hm = HIJRI_MONTHS[_key(m["hm"])]
    if hm == 2 and not (m["hy"] or m["h"]):
        return None  # «3 صفر» is a score
    hy = int(m["hy"]) if m["hy"] else None
    if hy is not None and not 1300 <= hy <= 1500:
        return None
    if _ordinal_is_adjective(m, ctx, "d"):
        return None
    return _span_start(m), Spec(hijri_month=hm, hijri_day=day, hijri_year=hy), "date"


def _h_hijri_month(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    name = _key(m["hm"])
    if not (m["sh"] or m["hy"]):
        return None
    spec = Spec(hijri_month=HIJRI_MONTHS[name])
    if m["hy"]:
        y = int(m["hy"])
        if 1300 <= y <= 1500:
            spec.hijri_year = y
        elif 1900 <= y <= 2100 and not m["h"]:
            spec.year = y
        else:
            return None
    return _span_start(m), spec, "interval"


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    name = _key(m["hol"])
    spec = Spec(holiday=name)
    if m["y"]:
        y = int(m["y"])
        if HOLIDAYS[name][0] == "hijri" and 1300 <= y <= 1500:
            _, hm, hd = HOLIDAYS[name]
            return _span_start(m), Spec(hijri_year=y, hijri_month=hm, hijri_day=hd), "date"
        spec.year = y
    return _span_start(m), spec, "date"


def _h_day_range(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    sep = _key(m["sep"])
    pre = _key(m["pre"]) if m["pre"] else ""
    if sep == "و" and pre != "بين":
        return None
    d1, d2 = _num(m["d1"]), _num(m["d2"])
    if d1 is None or d2 is None or not (1 <= d1 < d2 <= 31):
        return None
    gd = m.groupdict()
    if gd.get("m") is not None and "mn" not in gd:  # month-first form
        month, month_offset = MONTH_FORMS[_key(m["m"])], None
        year, year_offset = (int(m["y"]) if m["y"] else None), None
    else:
        month, month_offset = _month_of(m)
        year, year_offset = _year_of(m)
    if month is None and month_offset is None:
        return None
    base = Spec(month=month, month_offset=month_offset, year=year, year_offset=year_offset)
    spec = replace(base, day=d1, end=replace(base, day=d2))
    return m.start("pre") if m["pre"] else _span_start(m), spec, "interval"


def _h_year_range(m: re.Match[str], ctx: _Ctx) -> tuple[int, Spec, str] | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    sep = _key(m["sep"])
    pre = _key(m["pre"]) if m["pre"] else ""
    pair = bool(m["kw"]) and _key(m["kw"]).endswith(("عامي", "عامين", "سنتي"))
    if not (pre or pair) or y2 <= y1 or _count_after(ctx, m.end()):
        return None
    if sep == "و" and not (pre.endswith("بين") or pair):
        return None
    return _span_start(m), Spec(year=y1, end=Spec(year=y2)), "interval"


# --- the patterns ---------------------------------------------------------------------

_RANGE_SEP = r"(?P<sep>-|–|—|الي|حتي|وحتي|و|ولغايه|لغايه)"


def _gates(*groups: str) -> tuple[frozenset[str], ...]:
    """Trigger kinds a pattern needs: one kind of each space-separated group."""
    return tuple(frozenset(g.split()) for g in groups)


# (name, pattern, handler, triggers): a pattern runs only if one of its trigger kinds
# was seen in the text.
_PATTERNS: list[tuple[str, str, _Handler, tuple[frozenset[str], ...]]] = [
    ("iso", rf"{DL}(?P<y>\d{{4}})[-/.](?P<mo>0?[1-9]|1[0-2])[-/.](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"
     rf"(?:[T\s]+(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?!\d))?",
     _h_iso, _gates("numsep")),
    ("dmy", rf"{DL}(?P<d>0?[1-9]|[12]\d|3[01])(?P<sep>[/.\-])(?P<mo>0?[1-9]|1[0-2])(?P=sep)"
     rf"(?P<y>\d{{4}})(?!\d)", _h_dmy, _gates("numsep")),
    ("my", rf"{DL}(?P<mo>0?[1-9]|1[0-2])/(?P<y>(?:19|20)\d\d)(?![\d/])", _h_my, _gates("numsep")),
    ("dm", _ar(rf"{W0}{CL}(?:(?P<yawm>(?:ال)?يوم|بتاريخ|تاريخ)\s+)?(?:(?P<wd>{WEEKDAY}){W1}\s*[،,]?\s*)?"
               rf"{DL}(?P<d>0?[1-9]|[12]\d|3[01])/(?P<mo>0?[1-9]|1[0-2])(?![\d/])"),
     _h_dm, _gates("numsep")),
    ("day_month", _ar(rf"{W0}{CL}(?:(?:ال)?يوم\s+)?(?P<d>{DAYN})(?:\s+يوم)?\s*(?:من\s+)?{_mref('')}"
                      rf"{_yspec('y')}?{_yrel('yr')}?{_mod('mod')}"),
     _h_day_month, _gates("month shahr")),
    ("month_day", _ar(rf"{W0}{CL}(?:(?P<x>{PREPS})\s+)?(?:(?P<sh>(?:ال)?شهر)\s+)?(?P<m>{MONTH}){W1}{ALT}"
                      rf"\s+(?P<d>[0-3]?\d)(?![\d%]|[.,:/]\d|\s*(?:-|–|الي|حتي)\s*\d)"
                      rf"(?:\s*[،,]\s*(?P<y>{YEAR4}))?"),
     _h_month_day, _gates("month")),
    ("month", _ar(rf"{W0}{CL}(?:(?P<x>{PREPS})\s+)?(?:(?P<sh>(?:ال)?شهر)\s+)?(?P<m>{MONTH}){W1}"
                  rf"(?P<alt>\s*\(\s*{MONTH}\s*\)|\s*/\s*{MONTH}{W1})?{_yspec('y')}?{_yrel('yr')}?{_mod('mod')}"),
     _h_month, _gates("month")),
    ("month_part", _ar(rf"{W0}{CL}(?P<part>{PART}){W1}\s+(?:من\s+)?{_mref('', bare=True)}"
                       rf"{_yspec('y')}?{_yrel('yr')}?{_mod('mod')}"),
     _h_month_part, _gates("part", "month shahr")),
    ("year_kw", _ar(rf"{W0}{CL}(?:(?P<part>{PART})\s+)?(?P<kw>{YEAR_WORD})\s*(?P<y>{YEAR4})(?:\s*م{W1})?"),
     _h_year, _gates("year4", "period")),
    ("year_prep", _ar(rf"{W0}{CL}(?:(?P<part>{PART})|(?P<x>في|منذ|حتى|قبل|بعد|خلال|وفي|ومنذ|وحتى|بحلول|"
                      rf"اعتبارا من|ابتداء من))\s+(?P<y>{YEAR4})(?:\s*م{W1})?(?!\s*[%\d.,])"),
     _h_year, _gates("year4", "yprep part")),
    ("year_m", _ar(rf"{DL}(?P<y>{YEAR4})\s*(?P<mm>م){W1}"), _h_year, _gates("year4")),
    ("period", _ar(rf"{W0}{CL}(?:(?P<part>{PART})\s+)?(?:(?P<this>هذا|هذه)\s+)?"
                   rf"(?P<u>الأسبوع|الشهر|العام|السنة|أسبوع|شهر|عام|سنة){W1}"
                   rf"(?:\s+(?:(?P<before>قبل)\s+)?(?P<mod>{MODS}){W1})?"),
     _h_period, _gates("period", "mod this part")),
    ("weekday", _ar(rf"{W0}{CL}(?:(?P<yawm>(?:ال)?يوم)\s+)?(?:(?P<this>هذا)\s+)?(?P<wd>{WEEKDAY}){W1}"
                    rf"(?:\s+(?P<mod>{MODS}){W1})?"
                    rf"(?:\s+(?:من\s+)?(?:(?P<wthis>هذا)\s+(?:ال)?أسبوع|(?:ال)?أسبوع\s+(?P<wmod>{MODS})){W1})?"),
     _h_weekday, _gates("weekday")),
    ("weekday_bare", _ar(rf"{W0}{CL}(?P<wdb>{WEEKDAY_BARE})\s+(?:من\s+)?"
                         rf"(?:(?P<wthis>هذا)\s+(?:ال)?أسبوع|(?:ال)?أسبوع\s+(?P<wmod>{MODS})){W1}"),
     _h_weekday, _gates("weekday")),
    ("weekday_day", _ar(rf"{W0}{CL}(?:(?:ال)?يوم\s+)?(?P<wd>{WEEKDAY}){W1}\s+(?:الموافق\s+)?"
                        rf"(?P<d>{ORD_DAY}){W1}(?!\s*(?:من|في|شهر|{MONTH}))"),
     _h_weekday_day, _gates("weekday")),
    ("nth_weekday", _ar(rf"{W0}{CL}(?P<ord>{NTH})\s+(?:يوم\s+)?(?P<wd>{WEEKDAY}|{WEEKDAY_BARE}){W1}"
                        rf"\s*(?:من|في|ب)\s*{_mref('')}{_yspec('y')}?{_yrel('yr')}?"),
     _h_nth_weekday, _gates("weekday")),
    ("weekday_nth", _ar(rf"{W0}{CL}(?:(?:ال)?يوم\s+)?(?P<wd>{WEEKDAY}){W1}\s+(?P<wdfirst>(?P<ord>{NTH_DEF}))"
                        rf"{W1}\s*(?:من|في|ب)\s*{_mref('')}{_yspec('y')}?{_yrel('yr')}?"),
     _h_nth_weekday, _gates("weekday")),
    ("nth_after", _ar(rf"{W0}{CL}(?P<ord>{NTH})\s+(?:يوم\s+)?(?P<wd>{WEEKDAY}|{WEEKDAY_BARE}){W1}"
                      rf"\s+بعد\s+(?P<hol>{HOLIDAY}){W1}{_yspec('y')}?"),
     _h_nth_after, _gates("weekday", "holiday")),
    ("week_nth", _ar(rf"{W0}{CL}(?:(?P<ord>{NTH})\s+(?:ال)?أسبوع|الأسبوع\s+(?P<ord2>{NTH_DEF})){W1}"
                     rf"\s*(?:من|في|ب)\s*{_mref('')}{_yspec('y')}?{_yrel('yr')}?"),
     _h_week_nth, _gates("week")),
    ("last_day", _ar(rf"{W0}{CL}(?:آخر\s+يوم|اليوم\s+الأخير)\s*(?:من|في|ب)\s*{_mref('')}"
                     rf"{_yspec('y')}?{_yrel('yr')}?"),
     _h_last_day, _gates("day", "month shahr")),
    ("rel_day", rf"{W0}{CL}(?P<rd>{REL_DAY}){W1}", _h_rel_day, _gates("rel")),
    ("shift", _ar(rf"{W0}{CL}(?P<pre>قبل|منذ|بعد|خلال|من|في\s+غضون|طوال|طيلة|لمدة|مدة|على\s+مدى|على\s+مدار)"
                  rf"\s+(?:(?:نحو|حوالي|قرابة|أكثر\s+من|أقل\s+من|ما\s+يزيد\s+عن|ما\s+يقرب\s+من)\s+)?"
                  rf"(?:(?P<n>{CARD}(?={W1})|{DL}\d+(?:[.,]\d+)?)\s*(?P<unit>{UNIT})|(?P<u1>{UNIT})){W1}"),
     _h_shift, _gates("unit", "shiftprep")),
    ("duration", _ar(rf"(?:{DL}(?P<n>\d+(?:[.,]\d+)?)|{W0}[وف]?(?P<nw>(?P<n2>{CARD})){W1})\s*(?P<unit>{UNIT}){W1}"),
     _h_duration_any, _gates("unit")),
    ("duration_dual", rf"{W0}(?P<dual>{DUAL}){W1}", _h_duration, _gates("dual")),
    ("duration_frac", _ar(rf"{W0}(?P<frac>نصف|ربع|ثلث)\s+(?P<unit>ساعة|يوم|شهر|عام|سنة){W1}"),
     _h_duration, _gates("frac", "unit")),
    ("period_range", _ar(rf"{W0}{CL}(?:ال)?(?P<pl>أيام|أسابيع|أشهر|شهور|سنوات|أعوام|ساعات|الأيام|الأسابيع|"
                         rf"الأشهر|الشهور|السنوات|الأعوام|الساعات)\s+(?:(?P<n>{DEF_CARD})\s+|القليلة\s+)?"
                         rf"(?P<mod>{MODS}|الأخيرة){W1}"),
     _h_period_range, _gates("plural", "mod")),
    ("clock", _ar(rf"(?:(?P<x>(?:عند|حوالي|نحو|قرابة|بحدود|في|منذ|قبل|بعد|تمام|وفي)\s+)|"
                  rf"(?P<until>(?:حتى|لغاية|وحتى)\s+))?{W0}(?:ال)?ساعة\s+(?:(?P<hd>[01]?\d|2[0-4])"
                  rf"(?::(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?)?(?![\d:.,])|(?P<hw>{HOURW}){W1})"
                  rf"(?:{MINPART})?(?:\s*(?P<mer>{MERIDIEM}){W1})?(?:\s*{TZ})?"),
     _h_clock, _gates("clock")),
    ("hhmm", _ar(rf"(?:(?P<until>(?:حتى|لغاية)\s+))?(?<![\d:.,/])(?P<hd>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)"
                 rf"(?::(?P<s>[0-5]\d))?(?![\d:])(?:\s*(?P<mer>{MERIDIEM}){W1})?(?:\s*{TZ})?"),
     _h_clock, _gates("colon")),
    ("clock_ord", _ar(rf"{W0}(?:(?P<x>(?:عند|حوالي|نحو|قرابة|بحدود|تمام|في|وفي)\s+))?(?P<hw>{HOUR_ORD}){W1}"
                      rf"(?:{MINPART})?\s*(?P<mer>{MERIDIEM}){W1}(?:\s*{TZ})?"),
     _h_clock, _gates("hourord", "meridiem pod")),
    ("pod", _ar(rf"{W0}{CL}(?P<pod>{POD}){W1}(?=\s+\S)"), _h_pod, _gates("pod")),
    ("hijri_date", _ar(rf"{W0}{CL}(?P<d>{DAYN})\s+(?:من\s+)?(?:شهر\s+)?(?P<hm>{HIJRI}){W1}"
                       rf"(?:\s*[،,]?\s*(?:(?:من\s+)?(?:عام|سنة|لعام)\s*)?(?P<hy>1[34]\d\d)(?!\d))?"
                       rf"(?:\s*(?P<h>هـ|ه|هجري|هجرية|للهجرة)(?![\w]))?"),
     _h_hijri_date, _gates("hijri")),
    ("hijri_month", _ar(rf"{W0}{CL}(?:(?P<sh>شهر)\s+)?(?P<hm>{HIJRI}){W1}"
                        rf"(?:\s+(?:(?:من\s+)?(?:عام|سنة|لعام)\s*)?(?P<hy>\d{{4}})(?!\d))?"
                        rf"(?:\s*(?P<h>هـ|ه|هجري|هجرية|للهجرة)(?![\w]))?"),
     _h_hijri_month, _gates("hijri")),
    ("holiday", _ar(rf"{W0}{CL}(?P<hol>{HOLIDAY}){W1}(?:\s*(?:(?:لعام|عام|سنة)\s*)?(?P<y>\d{{4}})(?!\d))?"),
     _h_holiday, _gates("holiday")),
    ("day_range", _ar(rf"{W0}{CL}(?:(?P<pre>من|بين)\s+)?(?:(?:ال)?يومي?\s+)?(?P<d1>{DAYN})\s*{_RANGE_SEP}\s*"
                      rf"(?P<d2>{DAYN2})\s*(?:من\s+)?{_mref('')}{_yspec('y')}?{_yrel('yr')}?"),
     _h_day_range, _gates("month shahr")),
    ("month_day_range", _ar(rf"{W0}{CL}(?:(?P<pre>من|بين)\s+)?(?P<m>{MONTH}){W1}{ALT}\s+(?P<d1>[0-3]?\d)"
                            rf"\s*(?P<sep>-|–|الي|حتي|وحتي)\s*(?P<d2>[0-3]?\d)(?![\d%])"
                            rf"(?:\s*[،,]?\s*(?P<y>{YEAR4}))?"),
     _h_day_range, _gates("month")),
    ("year_range", _ar(rf"{W0}{CL}(?:(?P<pre>من|بين|ما\s+بين|الفترة\s+من|الفترة\s+بين)\s+)?"
                       rf"(?:(?P<kw>(?:ال)?(?:عامي|عامين|سنتي|أعوام|عام|سنة|سنوات))\s*)?(?P<y1>{YEAR4})\s*{_RANGE_SEP}\s*"
                       rf"(?:(?:ال)?(?:عام|سنة)\s*)?(?P<y2>{YEAR4})(?:\s*م{W1})?"),
     _h_year_range, _gates("year4", "rangeprep period")),
]  # fmt: skip


_COMPILED: list[tuple[str, re.Pattern[str], _Handler, tuple[frozenset[str], ...]]] = [
    (name, re.compile(pattern), handler, triggers) for name, pattern, handler, triggers in _PATTERNS
]


# Which kinds of time words a text has, read word by word; patterns whose kinds are
# missing are skipped, so most sentences run few patterns or none.
def _word_kinds() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}

    def add(kind: str, words: Iterable[str]) -> None:
        for w in words:
            table.setdefault(fold(w), set()).add(kind)

    def first(words: Iterable[str]) -> list[str]:
        return [w.split(" ")[0] for w in words]

    add("month", first(MONTHS))
    add("shahr", ["شهر", "الشهر"])
    add("weekday", list(WEEKDAYS) + list(WEEKDAYS_BARE))
    add("hijri", first(HIJRI_MONTHS))
    add("holiday", [*first(HOLIDAYS), "عيد", "كريسماس", "الكريسماس"])
    add("clock", ["ساعة", "الساعة"])
    add("pod", first(PARTS_OF_DAY))
    add("hourord", [w for w in HOUR_WORDS if w.startswith("ال") and " " not in w])
    add("meridiem", [w for w in MERIDIEMS if " " not in w] + ["الظهر", "الظهيرة", "العصر", "المغرب"])
    add("unit", UNITS)
    add("unit", [w for w in ("نصف", "ربع", "ثلث")])
    add("plural", [w for w, (_, n) in UNITS.items() if n == 0] + ["ال" + w for w, (_, n) in UNITS.items() if n == 0])
    add("dual", [w for w, (_, n) in UNITS.items() if n == 2])
    add("frac", ["نصف", "ربع", "ثلث"])
    add("period", ["الأسبوع", "الشهر", "العام", "السنة", "أسبوع", "شهر", "عام", "سنة", "عامي"])
    add("week", ["أسبوع", "الأسبوع"])
    add("day", ["يوم", "اليوم"])
    add("mod", [*_MODS, "الأخيرة", "القليلة"])
    add("this", ["هذا", "هذه"])
    add("part", PERIOD_PARTS)
    add("rel", first(k for k in _REL_DAYS if not k.startswith(("في ", "هذا ", "هذه ", "يوم ", "بعد ", "قبل ", "أول "))))
    add("rel", ["اللحظة", "أمس", "غد", "الغد", "امبارح", "بكرة", "الليلة", "الصباح", "المساء"])
    add("shiftprep", ["قبل", "منذ", "بعد", "خلال", "من", "غضون", "طوال", "طيلة", "لمدة", "مدة", "مدى", "مدار"])
    add("yprep", ["في", "منذ", "حتى", "قبل", "بعد", "خلال", "بحلول", "اعتبارا", "ابتداء"])
    add("rangeprep", ["من", "بين"])
    return {w: frozenset(k) for w, k in table.items()}


_WORD_KINDS = _word_kinds()
_PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_kinds_cache: dict[str, frozenset[str]] = {}


def _kinds_of(word: str) -> frozenset[str]:
    """Trigger kinds of one folded word, clitics (و ف ب ل ك) allowed in front."""
    kinds = _WORD_KINDS.get(word)
    if kinds is not None:
        return kinds
    found: set[str] = set()
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            rest = word[len(p) :]
            found |= _WORD_KINDS.get(rest, frozenset())
            if p.endswith("ل") and rest.startswith("ل"):  # للعام = ل + العام
                found |= _WORD_KINDS.get("ا" + rest, frozenset())
    return frozenset(found)


_NUMSEP = re.compile(r"\d[/.\-]\d")
_COLON = re.compile(r"\d:\d")
_YEAR4 = re.compile(r"(?:1[89]|2[01])\d\d(?!\d)(?<!\d\d\d\d\d)")


def _trigger_kinds(folded_text: str) -> set[str]:
    kinds: set[str] = set()
    if _DIGIT.search(folded_text):
        kinds.add("digit")
        if _NUMSEP.search(folded_text):
            kinds.add("numsep")
        if _COLON.search(folded_text):
            kinds.add("colon")
        if _YEAR4.search(folded_text):
            kinds.add("year4")
    cache = _kinds_cache
    for word in set(_WORD.findall(folded_text)):
        k = cache.get(word)
        if k is None:
            if len(cache) > 500_000:
                cache.clear()
            k = cache[word] = _kinds_of(word)
        if k:
            kinds |= k
    return kinds


# --- composition ----------------------------------------------------------------------

_GAP_WEEKDAY_DATE = re.compile(_ar(r"^\s*[،,(]?\s*(?:الموافق\s+|في\s+|يوم\s+)?$"))
_GAP_DATE_TIME = re.compile(_ar(r"^\s*[،,]?\s*(?:في\s+|عند\s+|على\s+|حوالي\s+|نحو\s+)?$"))
_GAP_TIME_DATE = re.compile(_ar(r"^\s*[،,]?\s*(?:من\s+)?(?:يوم\s+)?$"))
_GAP_POD_DAY = re.compile(_ar(r"^\s*(?:يوم\s+)?$"))
_GAP_RANGE = re.compile(_ar(r"^\s*(?P<sep>-|–|—|إلى|الى|حتى|وحتى|لغاية|ولغاية|و)\s*$"))
_BEFORE_RANGE = re.compile(_ar(r"(?P<pre>من|بين|منذ)\s*$"))


def _is_day(a: _Atom) -> bool:
    s = a.spec
    return a.role == "date" and not s.has_time and s.end is None and (
        s.day is not None or s.weekday is not None or s.rel_unit == "day" or s.holiday is not None
        or s.day_last or s.hijri_day is not None
    )  # fmt: skip


def _is_bare_weekday(a: _Atom) -> bool:
    s = a.spec
    return (a.role == "date" and s.weekday is not None and s.day is None and s.month is None
            and s.rel_unit is None and s.direction is None and not s.has_time)  # fmt: skip


def _is_clock(a: _Atom) -> bool:
    s = a.spec
    if a.role == "time" and not s.has_date and not s.until:
        return True
    return a.role == "interval" and s.end is not None and s.hour is not None and not s.has_date


def _date_fields(s: Spec) -> dict[str, object]:
    fields = ("year", "month", "day", "weekday", "rel_unit", "rel_offset", "shift", "year_offset",
              "month_offset", "direction", "nth", "nth_or_day", "day_last", "hijri_year",
              "hijri_month", "hijri_day", "holiday", "after")  # fmt: skip
    return {f: getattr(s, f) for f in fields}


def _with_date(time: Spec, day: Spec) -> Spec:
    merged = replace(time, **_date_fields(day))
    if day.pod is not None and merged.meridiem is None:
        merged.pod = day.pod
    if time.end is not None:
        merged.end = _with_date(time.end, day)
    return merged


def _merge_range(a: _Atom, b: _Atom, ctx: _Ctx) -> _Atom | None:
    gap = ctx.folded[a.end : b.start]
    last = b.spec
    if last.until and a.role == "time" and not gap.strip():
        # «من الساعة التاسعة وحتى الساعة الحادية عشرة»: «حتى» went with the second time.
        sep = "حتي"
        last = replace(last, until=False)
    else:
        g = _GAP_RANGE.match(gap)
        if not g:
            return None
        sep = g["sep"]
    if a.spec.end is not None or last.end is not None or a.spec.until:
        return None
    before = _BEFORE_RANGE.search(ctx.folded[max(0, a.start - 8) : a.start])
    if sep == "و" and not (before and before["pre"] == "بين"):
        return None
    if before is None and sep not in ("-", "–", "—"):
        return None
    if before is not None and before["pre"] == "منذ":
        return None
    kinds = {a.role, b.role}
    if not (kinds <= {"date"} or kinds <= {"time"} or kinds <= {"month"} or kinds <= {"year"}):
        return None
    first = a.spec
    if a.role == "time":
        if first.meridiem is None and last.meridiem is not None:
            first = replace(first, meridiem=last.meridiem)
        if not first.has_date and last.has_date:
            first = _with_date(first, last)
        if not last.has_date and first.has_date:
            last = _with_date(last, first)
    else:
        for f in ("year", "month", "year_offset", "month_offset"):
            if getattr(first, f) is None and getattr(last, f) is not None and first.rel_unit is None:
                first = replace(first, **{f: getattr(last, f)})
    start = a.start - (len(before.group(0)) if before else 0)
    return _Atom(start, b.end, replace(first, end=last), "interval")


def _merge_pair(a: _Atom, b: _Atom, ctx: _Ctx) -> _Atom | None:
    gap = ctx.folded[a.end : b.start]
    ranged = _merge_range(a, b, ctx)
    if ranged is not None:
        return ranged
    if a.role == "pod" and _is_day(b) and _GAP_POD_DAY.match(gap):
        spec = replace(b.spec, pod=a.spec.pod)
        return _Atom(a.start, b.end, spec, "interval")
    if _is_bare_weekday(a) and b.role == "date" and _GAP_WEEKDAY_DATE.match(gap):
        s = b.spec
        if (s.day is not None or s.day_last) and (s.month is not None or s.month_offset is not None
                                                  or s.hijri_month is not None):  # fmt: skip
            end = b.end
            if gap.strip().startswith("(") and ctx.folded[end : end + 2].strip().startswith(")"):
                end = ctx.folded.index(")", end) + 1
            return _Atom(a.start, end, replace(s, weekday=a.spec.weekday), "date")
    if a.role == "date" and a.spec.rel_unit == "day" and _is_bare_weekday(b) and gap.strip() in ("", "،", ","):
        return _Atom(a.start, b.end, a.spec, "date")
    if (_is_day(a) or (a.role == "interval" and a.spec.pod is not None and a.spec.hour is None)) and \
            _is_clock(b) and _GAP_DATE_TIME.match(gap):  # fmt: skip
        return _Atom(a.start, b.end, _with_date(b.spec, a.spec), b.role)
    if _is_clock(a) and (_is_day(b) or (b.role == "interval" and b.spec.pod is not None and b.spec.hour is None)) \
            and _GAP_TIME_DATE.match(gap):  # fmt: skip
        return _Atom(a.start, b.end, _with_date(a.spec, b.spec), a.role)
    return None


def _compose(atoms: list[_Atom], ctx: _Ctx) -> list[_Atom]:
    i = 0
    while i < len(atoms) - 1:
        merged = _merge_pair(atoms[i], atoms[i + 1], ctx)
        if merged is None:
            i += 1
            continue
        atoms[i : i + 2] = [merged]
        i = max(0, i - 1)
    return [a for a in atoms if a.role not in ("pod", "skip")]


# --- the entry points -----------------------------------------------------------------


@dataclass(slots=True)
class Found:
    """One expression: its span of the original text, its Spec and resolution."""

    start: int
    end: int
    text: str
    spec: Spec
    resolved: Resolved


_selection_cache: dict[frozenset[str], list[tuple[re.Pattern[str], _Handler]]] = {}


# Where a piece of text ends: a line break, or sentence punctuation before a space.
_PIECE_END = re.compile(r"\n+|(?<=[.!?؟])\s+")


def _atoms(ctx: _Ctx) -> list[_Atom]:
    """Atoms of the text, piece by piece (lines and sentences): patterns are gated on
    each piece's own trigger words, so a long article costs what its sentences cost.
    No expression spans a line break or a sentence end."""
    atoms: list[_Atom] = []
    folded = ctx.folded
    piece_start = 0
    for m in _PIECE_END.finditer(folded):
        if m.start() > piece_start:
            atoms.extend(_line_atoms(ctx, piece_start, m.start() + 1))
        piece_start = m.end()
    if piece_start < len(folded):
        atoms.extend(_line_atoms(ctx, piece_start, len(folded)))
    return atoms


def _line_atoms(ctx: _Ctx, line_start: int, line_end: int) -> list[_Atom]:
    kinds = _trigger_kinds(ctx.folded[line_start:line_end])
    if not kinds:
        return []
    key = frozenset(kinds)
    selected = _selection_cache.get(key)
    if selected is None:
        selected = _selection_cache[key] = [
            (pattern, handler) for _name, pattern, handler, gates in _COMPILED
            if all(g & kinds for g in gates)
        ]  # fmt: skip
    candidates: list[_Atom] = []
    folded = ctx.folded
    for pattern, handler in selected:
        for m in pattern.finditer(folded, line_start, line_end):
            if m.end() == m.start():
                continue
            got = handler(m, ctx)
            if got is None:
                continue
            start, spec, role = got
            end = m.end()
            while end > start and folded[end - 1].isspace():
                end -= 1
            while start < end and folded[start].isspace():
                start += 1
            candidates.append(_Atom(start, end, spec, role))
    # Longest first, then leftmost; an atom is kept if it overlaps nothing kept.
    candidates.sort(key=lambda a: (-a.length, a.start))
    taken: list[_Atom] = []
    for a in candidates:
        if all(a.end <= t.start or a.start >= t.end for t in taken):
            taken.append(a)
    taken.sort(key=lambda a: a.start)
    return _compose(taken, ctx)


def _original_span(ctx: _Ctx, start: int, end: int) -> tuple[int, int]:
    index = ctx.offsets()
    if index is None:
        return start, end
    o_start = index[start]
    o_end = index[end - 1] + 1
    while o_end < len(ctx.text) and _REMOVABLE.match(ctx.text[o_end]):
        o_end += 1
    return o_start, o_end


@lru_cache(maxsize=4096)
def _reference(published: str | None) -> Reference:
    return Reference.parse(published)


def parse_expressions(text: str, published: str | None = None, *, policy: Policy = NEWS) -> list[Found]:
    """Time expressions of ``text`` with their Specs and resolutions (see
    :func:`find_time_expressions`, which returns the public form)."""
    if not text:
        return []
    if _REMOVABLE.search(text) is None:
        ctx = _Ctx(text, fold(text), None)
    else:
        # The offset map is only built when something is found (see _Ctx.index).
        ctx = _Ctx(text, fold(text.translate(_DROP_TABLE)), None, lazy=True)
    ref = _reference(published)
    found: list[Found] = []
    for atom in _atoms(ctx):
        cue = tense_cue(ctx.folded, atom.start, atom.end) if atom.spec.needs_direction() else None
        resolved = resolve(atom.spec, ref, policy, cue)
        start, end = _original_span(ctx, atom.start, atom.end)
        found.append(Found(start, end, text[start:end], atom.spec, resolved))
    return found


def find_time_expressions(text: str, published: str | None = None, *, policy: Policy = NEWS) -> list[TimeExpression]:
    """Arabic time expressions of ``text``, resolved against ``published``.

    Args:
        text: any text; spans index into it.
        published: ISO 8601 publication date, possibly partial ("2022-12") or with a
            time and offset; None when unknown (values then stay partial or None).
        policy: defaults for what the words leave open (:data:`~marsad.temporal.resolve.NEWS`).

    Returns:
        Non-overlapping expressions sorted by start. ``value`` is ISO 8601 at ``grain``
        ("2025", "2025-02", "2025-W08", "2025-02-18", "2025-02-18T14:00"), a partial
        "XXXX-02-18" when no year is known, or None; durations have kind "duration"
        and an ISO 8601 duration ("PT4.5H"), never a date.

    Example:
        >>> t = "عقد الوفدان في 18 فبراير (شباط) مفاوضات استمرت 4.5 ساعة، وقال الوزير الثلاثاء إن 75% اتفقوا."
        >>> for e in find_time_expressions(t, "2025-04-10"):
        ...     print(e.text, e.value, e.kind)
        18 فبراير (شباط) 2025-02-18 date
        4.5 ساعة PT4.5H duration
        الثلاثاء 2025-04-08 date
    """
    return [
        TimeExpression(
            start=f.start,
            end=f.end,
            text=f.text,
            value=f.resolved.value,
            grain=f.resolved.grain,
            kind=f.resolved.kind,
            end_value=f.resolved.end_value,
        )
        for f in parse_expressions(text, published, policy=policy)
    ]


def records(expressions: list[TimeExpression]) -> list[dict[str, object]]:
    """The JSON form ``marsad dates`` prints: {text, start, end, value, grain, kind, end_value}.

    Example:
        >>> row = records(find_time_expressions("قال الوزير أمس", "2025-02-20"))[0]
        >>> row["text"], row["start"], row["end"], row["value"], row["grain"]
        ('أمس', 11, 14, '2025-02-19', 'day')
    """
    return [
        {"text": e.text, "start": e.start, "end": e.end, "value": e.value, "grain": e.grain,
         "kind": e.kind, "end_value": e.end_value}
        for e in expressions
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """The body of ``marsad dates [--published ISO]``: stdin text in, JSON list out."""
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(prog="marsad dates", description="Arabic time expressions as JSON")
    parser.add_argument("--published", default=None, help="publication date, ISO 8601 (may be partial)")
    args = parser.parse_args(argv)
    text = sys.stdin.read()
    json.dump(records(find_time_expressions(text, args.published)), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0
