"""Arabic time lexicons: month names, weekdays, Hijri months, number words and markers.

Everything here is data, written in ordinary Arabic spelling; :func:`fold` gives the
matching form every lookup uses (one alef, ى→ي, ة→ه, ؤ→و, ئ→ي, Arabic-Indic digits to
ASCII, Latin lower-cased). :func:`fold` changes characters one for one and never the
length of a string, so a span found in folded text is the same span of the original
(diacritics and tatweel, which *are* dropped, are handled by the caller with an offset
map).

Weekdays are numbered as :meth:`datetime.date.weekday` numbers them (Monday = 0).
"""

from __future__ import annotations

__all__ = [
    "AMBIGUOUS_MONTHS",
    "BEFORE_MODIFIERS",
    "CARDINALS",
    "COUNT_NOUNS",
    "DAY_ORDINALS",
    "FUTURE_CUES",
    "FUTURE_MODIFIERS",
    "FUTURE_VERBS",
    "HIJRI_MONTHS",
    "HOLIDAYS",
    "HOUR_WORDS",
    "MERIDIEMS",
    "MONTHS",
    "MONTH_ORDINALS",
    "NTH_ORDINALS",
    "PARTS_OF_DAY",
    "PAST_MODIFIERS",
    "PAST_VERBS",
    "PERIOD_PARTS",
    "THIS_MODIFIERS",
    "UNITS",
    "WEEKDAYS",
    "WEEKDAYS_BARE",
    "fold",
    "folded",
]

_FOLD_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "٫": ".",
        "٬": ",",
        "٪": "%",
        "\u00a0": " ",
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
    }
)


def fold(text: str) -> str:
    """The matching form of ``text``, character for character (same length).

    Example:
        >>> fold("الأربعاء ١٨ فبراير إلى")
        'الاربعاء 18 فبراير الي'
    """
    return text.translate(_FOLD_TABLE)


def folded(words: dict[str, int]) -> dict[str, int]:
    """A lexicon with its keys folded and inner spaces collapsed."""
    return {" ".join(fold(k).split()): v for k, v in words.items()}


# --- Months ---------------------------------------------------------------------------

# Egyptian/Gulf names (with their common spellings), Levantine/Iraqi names, Maghreb names.
MONTHS: dict[str, int] = folded(
    {
        "يناير": 1, "كانون الثاني": 1, "كانون ثاني": 1, "جانفي": 1, "ينار": 1,
        "فبراير": 2, "شباط": 2, "فيفري": 2,
        "مارس": 3, "آذار": 3,
        "أبريل": 4, "إبريل": 4, "ابريل": 4, "نيسان": 4, "أفريل": 4,
        "مايو": 5, "أيار": 5, "ماي": 5,
        "يونيو": 6, "يونيه": 6, "حزيران": 6, "جوان": 6, "يونية": 6,
        "يوليو": 7, "يوليه": 7, "يولية": 7, "تموز": 7, "جويلية": 7, "يوليوز": 7,
        "أغسطس": 8, "اغسطس": 8, "أغسطوس": 8, "آب": 8, "أوت": 8, "غشت": 8,
        "سبتمبر": 9, "سبتمبير": 9, "أيلول": 9, "شتنبر": 9,
        "أكتوبر": 10, "اكتوبر": 10, "أكتوير": 10, "تشرين الأول": 10, "تشرين أول": 10,
        "نوفمبر": 11, "نوفمير": 11, "تشرين الثاني": 11, "تشرين ثاني": 11, "نونبر": 11,
        "ديسمبر": 12, "ديسمير": 12, "كانون الأول": 12, "كانون أول": 12, "دجنبر": 12,
    }
)  # fmt: skip

# Names that are also ordinary words or names: مارس (he practised), آب/أب (father once
# folded), نيسان (the carmaker), ماي (Theresa May), جوان, أوت, غشت. Standing alone they
# need a preposition, «شهر», a year or a modifier to count as a month.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset(
    fold(w) for w in ("مارس", "آب", "نيسان", "ماي", "جوان", "أوت", "غشت", "ينار", "تموز")
)

# «الشهر الثامن» (the eighth month) inside a date.
MONTH_ORDINALS: dict[str, int] = folded(
    {
        "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
        "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10, "الحادي عشر": 11,
        "الثاني عشر": 12,
    }
)  # fmt: skip

# --- Weekdays -------------------------------------------------------------------------

WEEKDAYS: dict[str, int] = folded(
    {
        "الاثنين": 0, "الإثنين": 0, "الاتنين": 0, "الإتنين": 0,
        "الثلاثاء": 1, "الثلاثا": 1, "الثلثاء": 1,
        "الأربعاء": 2, "الاربعا": 2, "الأربعا": 2,
        "الخميس": 3,
        "الجمعة": 4,
        "السبت": 5,
        "الأحد": 6,
    }
)  # fmt: skip

# Without the article: only inside «أول اثنين من …», «احد الأسبوع الماضي», «يوم ثلاثاء».
WEEKDAYS_BARE: dict[str, int] = folded(
    {
        "اثنين": 0, "إثنين": 0, "اتنين": 0,
        "ثلاثاء": 1, "ثلاثا": 1,
        "أربعاء": 2, "أربعا": 2,
        "خميس": 3,
        "جمعة": 4,
        "سبت": 5,
        "أحد": 6,
    }
)  # fmt: skip

# --- Hijri months ---------------------------------------------------------------------

HIJRI_MONTHS: dict[str, int] = folded(
    {
        "محرم": 1, "المحرم": 1,
        "صفر": 2,
        "ربيع الأول": 3, "ربيع أول": 3,
        "ربيع الثاني": 4, "ربيع الآخر": 4, "ربيع ثاني": 4,
        "جمادى الأولى": 5, "جمادى الأول": 5, "جمادي الأولى": 5,
        "جمادى الآخرة": 6, "جمادى الثانية": 6, "جمادى الثاني": 6, "جمادى الآخر": 6,
        "رجب": 7,
        "شعبان": 8,
        "رمضان": 9,
        "شوال": 10,
        "ذو القعدة": 11, "ذي القعدة": 11,
        "ذو الحجة": 12, "ذي الحجة": 12,
    }
)  # fmt: skip

# --- Holidays -------------------------------------------------------------------------

# name → (calendar, month, day); "easter" is computed.
HOLIDAYS: dict[str, tuple[str, int, int]] = {
    fold(k): v
    for k, v in {
        "عيد الميلاد": ("gregorian", 12, 25),
        "عيد الميلاد المجيد": ("gregorian", 12, 25),
        "الكريسماس": ("gregorian", 12, 25),
        "كريسماس": ("gregorian", 12, 25),
        "رأس السنة الميلادية": ("gregorian", 1, 1),
        "رأس السنة": ("gregorian", 1, 1),
        "عيد العمال": ("gregorian", 5, 1),
        "عيد الفصح": ("easter", 0, 0),
        "عيد الفطر": ("hijri", 10, 1),
        "عيد الفطر المبارك": ("hijri", 10, 1),
        "عيد الأضحى": ("hijri", 12, 10),
        "عيد الأضحى المبارك": ("hijri", 12, 10),
        "يوم عرفة": ("hijri", 12, 9),
        "رأس السنة الهجرية": ("hijri", 1, 1),
        "المولد النبوي": ("hijri", 3, 12),
        "المولد النبوي الشريف": ("hijri", 3, 12),
        "ذكرى المولد النبوي": ("hijri", 3, 12),
        "عاشوراء": ("hijri", 1, 10),
    }.items()
}

# --- Numbers --------------------------------------------------------------------------

_UNIT_CARDINALS: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحدة", "أحد", "إحدى"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "إثنين", "ثنتين", "اتنين"),
    3: ("ثلاث", "ثلاثة"),
    4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثمان", "ثماني", "ثمانية"),
    9: ("تسع", "تسعة"),
}
_TENS: dict[int, tuple[str, ...]] = {
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}
_UNIT_ORDINALS: dict[int, tuple[str, ...]] = {
    1: ("أول", "أولى"),
    2: ("ثاني", "ثان", "ثانية"),
    3: ("ثالث", "ثالثة"),
    4: ("رابع", "رابعة"),
    5: ("خامس", "خامسة"),
    6: ("سادس", "سادسة"),
    7: ("سابع", "سابعة"),
    8: ("ثامن", "ثامنة"),
    9: ("تاسع", "تاسعة"),
    10: ("عاشر", "عاشرة"),
}
# The "one" of compound ordinals (الحادي عشر, الحادي والعشرون).
_COMPOUND_ONE = ("حادي", "حادية", "واحد", "واحدة")
_TEENS_TAIL = ("عشر", "عشرة")


def _cardinals() -> dict[str, int]:
    words: dict[str, int] = {}
    for n, forms in _UNIT_CARDINALS.items():
        for f in forms:
            words[f] = n
    for f in ("عشر", "عشرة"):
        words[f] = 10
    for f in ("أحد عشر", "إحدى عشرة", "إحدى عشر", "احد عشرة", "حداش"):
        words[f] = 11
    for f in ("اثنا عشر", "اثني عشر", "اثنتا عشرة", "اثنتي عشرة", "اثنى عشر", "اثنا عشرة"):
        words[f] = 12
    for n in range(3, 10):
        for unit in _UNIT_CARDINALS[n]:
            for tail in _TEENS_TAIL:
                words[f"{unit} {tail}"] = 10 + n
    for tens, tens_forms in _TENS.items():
        for t in tens_forms:
            words[t] = tens
            for n, unit_forms in _UNIT_CARDINALS.items():
                for unit in unit_forms:
                    words[f"{unit} و{t}"] = tens + n
                    words[f"{unit} و {t}"] = tens + n
    return folded(words)


def _ordinals(limit: int) -> dict[str, int]:
    """Ordinal words 1..limit, with and without the article."""
    words: dict[str, int] = {}
    for n, forms in _UNIT_ORDINALS.items():
        for f in forms:
            words[f] = n
    for one in ("حادي", "حادية"):
        for tail in _TEENS_TAIL:
            words[f"{one} {tail}"] = 11
    for n in range(2, 10):
        for unit in _UNIT_ORDINALS[n]:
            for tail in _TEENS_TAIL:
                words[f"{unit} {tail}"] = 10 + n
    for tens, tens_forms in _TENS.items():
        if tens > limit:
            continue
        for t in tens_forms:
            words[t] = tens
            for n in range(1, 10):
                if tens + n > limit:
                    continue
                units = _COMPOUND_ONE if n == 1 else _UNIT_ORDINALS[n] + _UNIT_CARDINALS[n]
                for unit in units:
                    words[f"{unit} و{t}"] = tens + n
    with_article: dict[str, int] = {}
    for w, n in words.items():
        parts = w.split(" ")
        if len(parts) == 1:
            with_article["ال" + w] = n
        elif parts[1].startswith("و"):  # «الثالث والعشرون»: both words take the article
            with_article[f"ال{parts[0]} وال{parts[1][1:]}"] = n
        else:  # «الثالث عشر»: only the first does
            with_article[f"ال{parts[0]} {parts[1]}"] = n
    words.update(with_article)
    return {k: v for k, v in folded(words).items() if v <= limit}


CARDINALS: dict[str, int] = _cardinals()
DAY_ORDINALS: dict[str, int] = _ordinals(31)
# «أول/ثاني/ثالث … آخر» before a weekday or a week: the nth of the month (-1 = last).
NTH_ORDINALS: dict[str, int] = {
    **{k: v for k, v in _ordinals(5).items() if " " not in k},
    **folded({"آخر": -1, "الأخير": -1, "الأخيرة": -1, "أخير": -1}),
}
# Hours: cardinals and feminine ordinals 1..12 («الساعة ثلاثة», «الساعة الثالثة»).
HOUR_WORDS: dict[str, int] = {
    **{k: v for k, v in CARDINALS.items() if v <= 12},
    **{k: v for k, v in _ordinals(12).items()},
    **folded({"الواحدة": 1, "واحدة": 1}),
}

# --- Units of duration ----------------------------------------------------------------

# word → (unit, how many the word itself says: 1 singular, 2 dual, 0 plural)
UNITS: dict[str, tuple[str, int]] = {
    fold(k): v
    for k, v in {
        "ثانية": ("second", 1), "ثوان": ("second", 0), "ثواني": ("second", 0),
        "ثانيتين": ("second", 2),
        "دقيقة": ("minute", 1), "دقائق": ("minute", 0), "دقيقتين": ("minute", 2),
        "دقيقتان": ("minute", 2),
        "ساعة": ("hour", 1), "ساعات": ("hour", 0), "ساعتين": ("hour", 2), "ساعتان": ("hour", 2),
        "يوم": ("day", 1), "يوما": ("day", 1), "أيام": ("day", 0), "يومين": ("day", 2),
        "يومان": ("day", 2),
        "أسبوع": ("week", 1), "أسبوعا": ("week", 1), "أسابيع": ("week", 0),
        "أسبوعين": ("week", 2), "أسبوعان": ("week", 2),
        "شهر": ("month", 1), "شهرا": ("month", 1), "أشهر": ("month", 0), "شهور": ("month", 0),
        "شهرين": ("month", 2), "شهران": ("month", 2),
        "عام": ("year", 1), "عاما": ("year", 1), "أعوام": ("year", 0), "عامين": ("year", 2),
        "عامان": ("year", 2),
        "سنة": ("year", 1), "سنوات": ("year", 0), "سنين": ("year", 0), "سنتين": ("year", 2),
        "سنتان": ("year", 2),
    }.items()
}  # fmt: skip

# Words after a number that make it a count, not a year («في 2000 موقع»).
COUNT_NOUNS: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "شخص", "شخصا", "قتيل", "قتيلا", "جريح", "جريحا", "مواطن", "مواطنا", "دولار", "دولارا",
        "يورو", "جنيه", "ريال", "درهم", "دينار", "ليرة", "متر", "مترا", "كيلومتر", "كيلومترا",
        "كلم", "كم", "طن", "طنا", "برميل", "متجر", "محرر", "موقع", "جندي", "جنديا", "عنصر",
        "عنصرا", "مقاتل", "مقاتلا", "منزل", "منزلا", "وحدة", "صاروخ", "صاروخا", "مليون",
        "مليار", "ألف", "آلاف", "نسمة", "طالب", "طالبا", "لاجئ", "لاجئا", "حالة", "مريض",
        "مريضا", "مشارك", "مشاركا", "عامل", "عاملا", "سيارة", "طائرة", "شركة", "مدرسة",
        "سجين", "سجينا", "معتقل", "معتقلا", "نقطة", "صوت", "صوتا", "مقعد", "مقعدا", "هدف",
        "دولة", "مدينة", "قرية", "سهم", "سهما", "ميغاواط", "هكتار", "هكتارا",
    )
)  # fmt: skip

# --- Modifiers and markers ------------------------------------------------------------

PAST_MODIFIERS: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "الماضي", "الماضية", "الماض", "السابق", "السابقة", "المنصرم", "المنصرمة", "الفائت",
        "الفائتة", "المنقضي", "المنقضية", "الفايت",
    )
)  # fmt: skip
FUTURE_MODIFIERS: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "المقبل", "المقبلة", "القادم", "القادمة", "التالي", "التالية", "الجاي", "الجاية",
        "الآتي", "الآتية", "المقبلين",
    )
)  # fmt: skip
THIS_MODIFIERS: frozenset[str] = frozenset(
    fold(w) for w in ("الجاري", "الجارية", "الحالي", "الحالية", "هذا", "هذه", "ذاته")
)
# «العام قبل الماضي»: the one before the last.
BEFORE_MODIFIERS: frozenset[str] = frozenset(fold(w) for w in ("قبل الماضي", "قبل الماضية"))

# Part of a month/year/week: (kind) early / start / mid / midrange / late / last.
PERIOD_PARTS: dict[str, str] = {
    fold(k): v
    for k, v in {
        "مطلع": "early", "أوائل": "early", "مستهل": "early", "باكورة": "early",
        "بداية": "start", "بدايات": "early", "غرة": "start", "أول": "start",
        "منتصف": "mid", "نص": "mid", "نصف": "mid", "أواسط": "midrange", "وسط": "midrange",
        "أواخر": "late", "نهاية": "late", "نهايات": "late", "ختام": "late", "آخر": "last",
        "مطالع": "early",
    }.items()
}  # fmt: skip

# Parts of the day, as [start hour, end hour) on the day they belong to.
PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    fold(k): v
    for k, v in {
        "فجر": (3, 6), "صباح": (4, 12), "صبيحة": (4, 12), "ضحى": (9, 12), "ظهر": (12, 14),
        "ظهيرة": (12, 14), "عصر": (15, 18), "مساء": (18, 24), "ليل": (18, 24),
        "ليلة": (18, 24), "منتصف ليل": (0, 1), "منتصف ليلة": (0, 1),
    }.items()
}  # fmt: skip

# Words after an hour that fix its half of the day: am, pm, noon (12 or 1–5 pm), night.
MERIDIEMS: dict[str, str] = {
    fold(k): v
    for k, v in {
        "صباحا": "am", "صباحاً": "am", "صباح": "am", "الصباح": "am", "الصبح": "am",
        "صبحا": "am", "فجرا": "am", "الفجر": "am", "فجر": "am", "قبل الظهر": "am",
        "قبل الظهيرة": "am", "هذا الصباح": "am", "ضحى": "am",
        "ظهرا": "noon", "الظهر": "noon", "ظهر": "noon", "الظهيرة": "noon", "ظهيرة": "noon",
        "بعد الظهر": "pm", "بعد الظهيرة": "pm", "عصرا": "pm", "العصر": "pm", "عصر": "pm",
        "بعد العصر": "pm", "مساء": "pm", "مساءا": "pm", "المساء": "pm", "مساء اليوم": "pm",
        "هذا المساء": "pm", "المغرب": "pm", "بعد المغرب": "pm", "قبل المغرب": "pm",
        "مغربا": "pm", "العشاء": "pm", "بعد العشاء": "pm", "عشاء": "pm",
        "ليلا": "night", "الليل": "night", "ليل": "night", "بالليل": "night",
        "هذه الليلة": "night", "الليلة": "night",
    }.items()
}  # fmt: skip

# Just before an expression, these make it point forward in time.
FUTURE_CUES: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "سوف", "المقرر", "المقررة", "مقرر", "مقررا", "المرتقب", "المرتقبة", "المزمع",
        "المزمعة", "المنتظر", "المنتظرة", "المتوقع", "المتوقعة", "يعتزم", "تعتزم", "يعتزمون",
        "يتوقع", "تتوقع", "يرتقب", "ينتظر", "تنتظر", "يخطط", "تخطط", "يخططان", "يعتزمان",
        "ستعقد", "سيعقد", "تقرر", "يزمع", "تزمع", "موعد", "موعدا",
    )
)  # fmt: skip
# Present-tense verbs that, next to a weekday, announce what is coming.
FUTURE_VERBS: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "يلتقي", "تلتقي", "يعقد", "تعقد", "ينعقد", "تنعقد", "يزور", "تزور", "يجتمع", "تجتمع",
        "ينطلق", "تنطلق", "يبدأ", "تبدأ", "يصل", "تصل", "يتوجه", "تتوجه", "يستضيف", "تستضيف",
        "يشارك", "تشارك", "يلقي", "يستقبل", "تستقبل", "يختتم", "تختتم", "يغادر", "تغادر",
        "يستأنف", "تستأنف", "يعود", "تعود", "يترأس", "تترأس", "يفتتح", "تفتتح", "يصوت",
        "يدلي", "تجرى", "يجرى", "تقام", "يقام", "تنتهي", "ينتهي",
    )
)  # fmt: skip
# Past-tense reporting and event verbs; when one of them is the nearest verb before an
# expression, it points back in time.
PAST_VERBS: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "قال", "قالت", "أعلن", "أعلنت", "أكد", "أكدت", "أجرى", "أجرت", "أجريا", "أجريت",
        "عقد", "عقدت", "عقدا", "عقدوا", "التقى", "التقت", "التقيا", "ذكر", "ذكرت", "أفاد",
        "أفادت", "أضاف", "أضافت", "أوضح", "أوضحت", "صرح", "صرحت", "شهد", "شهدت", "جرى", "جرت",
        "بدأ", "بدأت", "انطلق", "انطلقت", "اختتم", "اختتمت", "وصل", "وصلت", "وصلا", "زار",
        "زارت", "وقع", "وقعت", "استقبل", "استقبلت", "أشار", "أشارت", "نشر", "نشرت", "أصدر",
        "أصدرت", "كشف", "كشفت", "انعقد", "انعقدت", "توجه", "توجهت", "غادر", "غادرت",
        "اجتمع", "اجتمعت", "ناقش", "ناقشت", "بحث", "بحثت", "تحدث", "تحدثت", "اتصل", "أطلق",
        "أطلقت", "قتل", "قتلت", "أصيب", "سقط", "سقطت", "نفى", "نفت", "كان", "كانت", "أعلنا",
        "حذر", "حذرت", "دعا", "دعت", "طالب", "طالبت", "رحب", "رحبت", "أدان", "أدانت", "وافق",
        "وافقت", "رفض", "رفضت", "تم", "جاء", "جاءت", "انتهى", "انتهت", "أنهى", "أنهت",
        "استمر", "استمرت", "أجريت", "نقل", "نقلت", "أوردت", "أورد", "بثت", "بث", "أبلغ",
        "أبلغت", "صوت", "صوتت", "عاد", "عادت", "لقي", "لقيت", "أعدم", "اعتقل", "اعتقلت",
    )
)  # fmt: skip
