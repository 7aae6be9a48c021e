"""Quantities in news prose: a value, how it is hedged, and what it counts.

«ارتفعت الحصيلة إلى ثلاثة قتلى» is 3 of class *death*, marked as an update; «أكثر من 1200
سلعة» is at least 1200 *goods*; «نحو ثماني ساعات» is about 8 *hours*; «près de 11 000
spectateurs» is about 11000 of class *attendance*. Two quantities are only ever compared
when they share a class, and :func:`compatible` says whether two values can both be true.

Numbers that are not quantities are left out: years («عام 2030»), clock times (21:30),
scores (31-27), identifiers («المستودع رقم 7») and anything inside a date expression.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize_word
from marsad.arabic.stop_words import STOP_WORDS
from marsad.arabic.tokens import lemma
from marsad.facts.lexicon import (
    PARTIAL_AFTER,
    PARTIAL_BEFORE,
    QUALIFIERS,
    RISE_VERBS,
    SCALES,
    UNIT_CLASSES,
    UNIT_TRIGGERS,
    UPDATE_VERBS,
)
from marsad.model import TimeExpression
from marsad.temporal.words import CARDINALS, UNITS

__all__ = ["Quantity", "compatible", "find_quantities", "format_value"]

# Digits (Arabic-Indic too) with separators; a French thousands group after a space.
_TOKEN = re.compile(
    r"[0-9٠-٩۰-۹]+(?:[.,٫٬][0-9٠-٩۰-۹]+)*(?:[ \u00a0\u202f][0-9]{3}(?![0-9]))*"
    r"|[^\W\d_][\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640'’]*"
    r"|[%٪]|[^\s\w]"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_ISO_DURATION = re.compile(r"^P(?:T)?(\d+(?:\.\d+)?)([YMWDHS])$")
_ISO_DATE_UNIT = {"Y": "duration:year", "M": "duration:month", "W": "duration:week", "D": "duration:day"}
_ISO_TIME_UNIT = {"H": "duration:hour", "M": "duration:minute"}
# Dual duration words («يومين», «ساعتين») are a count of two on their own.
_DUAL_DURATIONS = {w: f"duration:{unit}" for w, (unit, count) in UNITS.items() if count == 2 and unit != "second"}
_DURATION_LABEL = {
    "duration:year": "سنة",
    "duration:month": "شهر",
    "duration:week": "أسبوع",
    "duration:day": "يوم",
    "duration:hour": "ساعة",
    "duration:minute": "دقيقة",
}
# Words that may not be read as a number on their own (أحد = one / Sunday / someone).
_AMBIGUOUS_WORDS = frozenset({"احد", "احدي", "ست", "عشر"})
_PERCENT_WORDS = frozenset({"بالمئه", "بالمائه", "بالمية"})
_PERCENT_AFTER_FI = frozenset({"المئه", "المائه", "الميه"})
_SKIP_BEFORE_UNIT = frozenset({"من", "de", "d"})
_MAX_CARDINAL_WORDS = 3
_AGE_BEFORE = frozenset(
    {"البالغ", "البالغه", "العمر", "عمر", "عمره", "عمرها", "يبلغ", "تبلغ", "بعمر", "سن", "بسن", "عمري"}
)
_WEEKDAY_LIKE = frozenset({"الاثنين", "الاحد", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت"})
_YEAR_WORDS = frozenset({"عام", "العام", "سنه", "السنه", "منذ", "في", "لعام", "بعام", "year", "en"})
# A cheap first look: digits, or the letters number words and duals start with.
_MAY_HAVE_NUMBER = re.compile(
    r"[0-9٠-٩۰-۹]|(?<!\w)[وبل]?(?:ال)?(?:واحد|اثن|ثلاث|[أا]ربع|خمس|ست|سبع|ثمان|تسع|عشر|مئ|مائ|[أا]لف)"
    r"|(?:يوم|ساعت|[أا]سبوع|شهر|عام|سنت|دقيقت)(?:ين|ان)\b"
)
# Relative tolerance of a hedged value («نحو 8» is 7.6–8.4).
APPROX_TOLERANCE = 0.05


@dataclass(slots=True)
class Quantity:
    """One quantity as a span of the text it was found in (offsets are absolute)."""

    value: float
    qualifier: str  # exact | approx | more | less
    cls: str  # death, injured, duration:hour, money:usd, percent, goods, n:<lemma> …
    unit: str  # a display word for the class
    start: int
    end: int
    surface: str
    partial: bool = False  # part of a total («الثلاثة الآخرين»): never compared
    update: bool = False  # said as an update («ارتفعت الحصيلة إلى …»)
    direction: int = 0  # +1 the figure rose («ارتفعت»), -1 it fell («انخفضت»), 0 unknown

    @property
    def comparable(self) -> bool:
        return not self.partial and not self.cls.startswith("n:")


@dataclass(slots=True)
class _Tok:
    text: str
    norm: str
    start: int
    end: int


@lru_cache(maxsize=200_000)
def _norm(token: str) -> str:
    return normalize_word(token)


def _tokens(text: str, offset: int) -> list[_Tok]:
    return [_Tok(m.group(), _norm(m.group()), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(text)]


# First words of number words, with a conjunction or preposition written on («وثلاثة»).
_CARDINAL_FIRST = frozenset(
    {k.split(" ")[0] for k in CARDINALS} | {p + k.split(" ")[0] for k in CARDINALS for p in ("و", "ب", "ل")}
) | {"مئه", "مائه"}


def _parse_digits(token: str) -> float | None:
    t = token.translate(_DIGITS).replace("\u00a0", " ").replace("\u202f", " ")
    if " " in t:
        t = t.replace(" ", "")
    if "," in t:
        # «1,284» groups thousands; «6,5» (French) is a decimal comma.
        parts = t.split(",")
        t = "".join(parts) if all(len(p) == 3 for p in parts[1:]) else t.replace(",", ".", 1).replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


@lru_cache(maxsize=20_000)
def _cardinal(words: tuple[str, ...]) -> int | None:
    key = " ".join(words)
    value = CARDINALS.get(key)
    if value is None and words and words[0][:1] in ("و", "ب", "ل") and len(words[0]) > 3:
        value = CARDINALS.get(" ".join((words[0][1:], *words[1:])))
        if value is not None and len(words) == 1 and words[0][1:] in _AMBIGUOUS_WORDS:
            return None
    if value is not None and len(words) == 1 and key in _AMBIGUOUS_WORDS:
        return None
    return value


def _number_at(toks: Sequence[_Tok], i: int) -> tuple[float, int] | None:
    """The number starting at token i and the index after it."""
    tok = toks[i]
    if tok.norm[:1].isdigit():
        value = _parse_digits(tok.text)
        return (value, i + 1) if value is not None else None
    if tok.norm not in _CARDINAL_FIRST and not (tok.norm.startswith("ال") and tok.norm[2:] in _CARDINAL_FIRST):
        return None
    if tok.norm.startswith("ال") and tok.norm not in _WEEKDAY_LIKE and i > 0 and _class_of(toks[i - 1].norm):
        value = _cardinal((tok.norm[2:],))
        if value is not None:
            return float(value), i + 1  # «المصابين الخمسة»
    for size in range(min(_MAX_CARDINAL_WORDS, len(toks) - i), 0, -1):
        words = tuple(t.norm for t in toks[i : i + size])
        value = _cardinal(words)
        if value is not None:
            return float(value), i + size
    if tok.norm in ("مئه", "مائه"):
        return 100.0, i + 1
    return None


def _qualifier(toks: Sequence[_Tok], i: int) -> tuple[str, int]:
    """The hedge before token i («أكثر من», «نحو», «près de») and where it starts."""
    j = i - 1
    while j >= 0 and toks[j].norm in ("من", "علي", "عن", "ما", "لا", "de", "d", "'", "’"):
        j -= 1
    if j >= 0 and i - j <= 4:
        word = toks[j].norm
        q = QUALIFIERS.get(word)
        if q is None and len(word) > 3 and word[0] in "وب":
            q = QUALIFIERS.get(word[1:])
        if q is not None:
            if j >= 1 and toks[j - 1].norm == "لا" and q == "less":  # «لا يقل عن»: at least
                q = "more"
            return q, j
    return "exact", i


def _class_of(word: str) -> tuple[str, str] | None:
    hit = UNIT_CLASSES.get(word)
    if hit is None and len(word) > 5 and word.endswith(("ين", "ان")):
        hit = UNIT_CLASSES.get(word[:-2])  # a dual: «قتيلين»
    if hit is None and len(word) > 3 and word[0] in "وبل":
        hit = UNIT_CLASSES.get(word[1:])
    if hit is None and word.startswith("ال"):
        hit = UNIT_CLASSES.get(word[2:])
    return hit


def find_quantities(
    text: str, offset: int = 0, times: Sequence[TimeExpression] = (), *, update_context: str | None = None
) -> list[Quantity]:
    """Quantities of ``text`` (a sentence or clause starting at ``offset`` of its article).

    Args:
        text: the text to read.
        offset: where ``text`` starts in the article (spans are absolute).
        times: the article's time expressions: numbers inside a date or clock time are
            not quantities; durations found there («يومين») are.
        update_context: text before ``text`` in the same sentence, searched for an
            update verb as well (defaults to none).

    Example:
        >>> [(q.value, q.qualifier, q.cls) for q in find_quantities("ارتفعت الحصيلة إلى ثلاثة قتلى وأكثر من 1200 سلعة")]
        [(3.0, 'exact', 'death'), (1200.0, 'more', 'goods')]
        >>> [(q.value, q.cls) for q in find_quantities("أودى بحياة ثلاثة عمال، وخسائر بنحو 12 مليون دولار")]
        [(3.0, 'death'), (12000000.0, 'money:usd')]
        >>> find_quantities("عام 2030 الساعة 21:30 بنتيجة 31-27 المستودع رقم 7")
        []
    """
    if not _MAY_HAVE_NUMBER.search(text):
        return []
    toks = _tokens(text, offset)
    end_of_text = offset + len(text)
    blocked = [(t.start, t.end) for t in times if t.kind not in ("duration", "interval") and t.start < end_of_text]
    durations = [t for t in times if t.kind == "duration" and offset <= t.start < end_of_text]
    context_words = {normalize_word(w) for w in (update_context or "").split()}
    out: list[Quantity] = []
    i = 0
    while i < len(toks):
        dual = _DUAL_DURATIONS.get(
            toks[i].norm[1:] if toks[i].norm[:1] in "وب" and len(toks[i].norm) > 5 else toks[i].norm
        )
        if dual is not None and dual in _DURATION_LABEL:
            t = toks[i]
            if not any(s < t.end and t.start < e for s, e in blocked):
                qualifier, q_start = _qualifier(toks, i)
                span_start = toks[q_start].start
                surface = text[span_start - offset : t.end - offset]
                out.append(Quantity(2.0, qualifier, dual, _DURATION_LABEL[dual], span_start, t.end, surface))
            i += 1
            continue
        parsed = _number_at(toks, i)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        start_tok = i
        i = j
        first = toks[start_tok]
        if any(s < first.end and first.start < e for s, e in blocked):
            continue
        if (
            j < len(toks)
            and toks[j].text in (":", "-", "–", "/")
            and j + 1 < len(toks)
            and toks[j + 1].norm[:1].isdigit()
        ):
            i = j + 2  # clock time, score, range or date: not a quantity
            continue
        if start_tok > 0 and toks[start_tok - 1].norm in ("رقم", "no", "n°"):
            continue
        if value.is_integer() and 1900 <= value <= 2100 and start_tok > 0 and toks[start_tok - 1].norm in _YEAR_WORDS:
            continue  # «عام 2030»
        # Scale words («12 ألف», «1.8 مليار», «ثلاثة آلاف»).
        while j < len(toks) and toks[j].norm in SCALES:
            value *= SCALES[toks[j].norm]
            j += 1
        cls: str | None = None
        unit = ""
        partial = False
        if j < len(toks) and (toks[j].text in ("%", "٪") or toks[j].norm in _PERCENT_WORDS):
            cls, unit, j = "percent", "%", j + 1
        elif j + 1 < len(toks) and toks[j].norm == "في" and toks[j + 1].norm in _PERCENT_AFTER_FI:
            cls, unit, j = "percent", "%", j + 2
        else:
            k = j
            if k < len(toks) and toks[k].norm in _SKIP_BEFORE_UNIT:
                k += 1
                partitive = toks[k - 1].norm == "من"
            else:
                partitive = False
            if k < len(toks) and toks[k].norm[:1].isalpha():
                hit = _class_of(toks[k].norm)
                if hit is not None and hit[0].startswith("duration:") and toks[k].norm.startswith("ال"):
                    hit = None  # a counted noun is indefinite: «2030 الساعة» counts nothing
                if hit is not None:
                    cls, unit = hit
                elif not partitive and toks[k].norm[:1] >= "\u0621" and toks[k].norm not in STOP_WORDS:
                    lem = lemma(toks[k].text)
                    if lem not in STOP_WORDS:
                        cls, unit = f"n:{lem}", toks[k].text
                if cls is not None:
                    j = k + 1
                    partial = partitive
        if (cls is None or cls.startswith("n:")) and not first.norm[:1].isdigit() and start_tok > 0:
            # A number word after its noun: «قتيلين اثنين», «المصابين الخمسة».
            before = _class_of(toks[start_tok - 1].norm)
            if before is not None:
                cls, unit = before
        trigger_start = max(0, start_tok - 4)
        for t in toks[trigger_start:start_tok]:
            trig = UNIT_TRIGGERS.get(t.norm)
            if trig is not None and (cls is None or cls == "person" or cls.startswith("n:")):
                cls, unit = trig, "قتلى" if trig == "death" else "مصابين" if trig == "injured" else "معتقلين"
        if cls is None:
            continue
        if cls.startswith("n:") and value.is_integer() and 1900 <= value <= 2100:
            continue  # a year after all («2018 م»)
        qualifier, q_start = _qualifier(toks, start_tok)
        if j < len(toks) and toks[j].norm in PARTIAL_AFTER:
            partial = True
        if any(t.norm in PARTIAL_BEFORE for t in toks[max(0, start_tok - 5) : start_tok]):
            partial = True
        if cls == "duration:year" and (
            (start_tok > 0 and toks[start_tok - 1].norm in _AGE_BEFORE)
            or (start_tok > 0 and toks[start_tok - 1].text in "،,(" and j < len(toks) and toks[j].text in "،,)")
        ):
            cls, unit, partial = "age", "عام", True  # «البالغ 24 عاما», «، 44 عاما،»: an age
        before = {t.norm for t in toks[:start_tok]} | context_words
        markers = before & UPDATE_VERBS
        update = bool(markers)
        direction = (1 if markers & RISE_VERBS else 0) - (1 if markers - RISE_VERBS else 0)
        span_start = toks[q_start].start
        span_end = toks[j - 1].end
        out.append(
            Quantity(
                value=value,
                qualifier=qualifier,
                cls=cls,
                unit=unit,
                start=span_start,
                end=span_end,
                surface=text[span_start - offset : span_end - offset],
                partial=partial,
                update=update,
                direction=direction,
            )
        )
        i = j
    for t in durations:
        if t.value is None or any(q.start < t.end and t.start < q.end for q in out):
            continue
        m = _ISO_DURATION.match(t.value)
        if m:
            cls = (_ISO_TIME_UNIT if t.value.startswith("PT") else _ISO_DATE_UNIT).get(m.group(2))
            if cls:
                out.append(Quantity(float(m.group(1)), "exact", cls, _DURATION_LABEL[cls], t.start, t.end, t.text))
    out.sort(key=lambda q: q.start)
    return out


def _interval(q: Quantity) -> tuple[float, float]:
    v = q.value
    if q.qualifier == "approx":
        return v * (1 - APPROX_TOLERANCE), v * (1 + APPROX_TOLERANCE)
    if q.qualifier == "more":
        return v, float("inf")
    if q.qualifier == "less":
        return 0.0, v
    return v, v


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities of one class can both be true.

    Example:
        >>> q = lambda v, h="exact": Quantity(v, h, "goods", "سلعة", 0, 0, "")
        >>> compatible(q(1150), q(1200, "more")), compatible(q(1250), q(1200, "more"))
        (False, True)
        >>> compatible(q(6.5), q(8, "approx")), compatible(q(1.8e9, "approx"), q(1.8e9))
        (False, True)
    """
    lo_a, hi_a = _interval(a)
    lo_b, hi_b = _interval(b)
    eps = 1e-9 * max(1.0, abs(a.value), abs(b.value))
    return lo_a <= hi_b + eps and lo_b <= hi_a + eps


_QUALIFIER_WORDS = {"approx": "نحو ", "more": "أكثر من ", "less": "أقل من ", "exact": ""}


def format_value(q: Quantity) -> str:
    """A short display of a value: «أكثر من 1200», «نحو 8 ساعة», «60%».

    Example:
        >>> format_value(Quantity(1200.0, "more", "goods", "سلعة", 0, 0, ""))
        'أكثر من 1200'
        >>> format_value(Quantity(0.6, "exact", "percent", "%", 0, 0, ""))
        '0.6%'
    """
    v = q.value
    scale = ""
    if v >= 1e9:
        v, scale = v / 1e9, " مليار"
    elif v >= 1e6:
        v, scale = v / 1e6, " مليون"
    number = (f"{int(v)}" if v.is_integer() else f"{v:g}") + scale
    if q.cls == "percent":
        return f"{_QUALIFIER_WORDS[q.qualifier]}{number}%"
    if q.cls.startswith("duration:") or q.cls.startswith("money:"):
        return f"{_QUALIFIER_WORDS[q.qualifier]}{number} {q.unit}"
    return f"{_QUALIFIER_WORDS[q.qualifier]}{number}"
