"""Finding and resolving time expressions in invented Arabic news sentences."""

from itertools import pairwise

import pytest

from marsad.temporal import find_time_expressions
from marsad.temporal.expressions import fold_text


def found(text, published="2025-02-20"):
    """(text, value) of every expression; 2025-02-20 is a Thursday."""
    return [(e.text, e.value) for e in find_time_expressions(text, published)]


def one(text, published="2025-02-20"):
    exprs = find_time_expressions(text, published)
    assert len(exprs) == 1, [(e.text, e.value) for e in exprs]
    return exprs[0]


# --- absolute dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("وصل الوفد في 18 فبراير 2025 إلى الدوحة", "18 فبراير 2025", "2025-02-18"),
        ("صدر القرار بتاريخ ١٨/٢/٢٠٢٥ عن المحكمة", "١٨/٢/٢٠٢٥", "2025-02-18"),
        ("صدر في 18/2/2025 قرار بالإفراج", "18/2/2025", "2025-02-18"),
        ("نشر البيان 2025-02-18 على الموقع", "2025-02-18", "2025-02-18"),
        ("وصل الوزير في 18 شباط إلى عمّان", "18 شباط", "2025-02-18"),
        ("والتقى الوفدان في 18 فبراير (شباط) في العاصمة", "18 فبراير (شباط)", "2025-02-18"),
        ("وقع الاتفاق في 24 مارس/آذار 2024 في جنيف", "24 مارس/آذار 2024", "2024-03-24"),
        ("تنطلق الدورة في الرابع من نيسان المقبل", "الرابع من نيسان المقبل", "2025-04-04"),
        ("وافتتح المعرض في الحادي عشر من فبراير", "الحادي عشر من فبراير", "2025-02-11"),
        ("وتراجعت الأسعار خلال فبراير الجاري بشكل حاد", "فبراير الجاري", "2025-02"),
        ("وفي عام 2022 وقعت الحرب", "عام 2022", "2022"),
        ("وكانت الشركة قد أغلقت في يونيه الماضي", "يونيه الماضي", "2024-06"),
        ("ومنذ كانون الأول الماضي تراجعت الصادرات", "كانون الأول الماضي", "2024-12"),
        ("وبلغت الصادرات في تشرين الثاني 2024 رقما قياسيا", "تشرين الثاني 2024", "2024-11"),
        ("ووقعت المعاهدة في ١٥ رمضان ١٤٤٦ هـ بالرياض", "١٥ رمضان ١٤٤٦ هـ", "2025-03-15"),
        ("وأُعلن الخبر في 3 يناير", "3 يناير", "2025-01-03"),
    ],
)  # fmt: skip
def test_absolute_dates(sentence, expression, value):
    e = one(sentence)
    assert (e.text, e.value) == (expression, value)
    assert sentence[e.start : e.end] == expression


def test_month_day_without_year_takes_the_nearest_year_leaning_back():
    # Published 2025-04-08: 18 February is this year's, already past.
    assert one("عقد الطرفان جولة في 18 فبراير", "2025-04-08").value == "2025-02-18"
    # Published in late December: early January is next year's.
    assert one("تبدأ المحادثات في 5 يناير", "2025-12-20").value == "2026-01-05"


def test_parts_of_months_and_years():
    e = one("ستنتهي الأعمال منتصف مارس", "2025-02-20")
    assert (e.value, e.grain) == ("2025-03-15", "day")
    e = one("وارتفعت الأسعار مطلع العام", "2025-02-20")
    assert (e.value, e.end_value, e.grain, e.kind) == ("2025-01", "2025-03", "month", "interval")
    e = one("وتراجعت التجارة في أواخر أبريل", "2025-05-20")
    assert (e.value, e.end_value, e.kind) == ("2025-04-21", "2025-04-30", "interval")


# --- weekdays and direction -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("قال وزير الخارجية الثلاثاء إن المحادثات مثمرة", "2025-02-18"),
        ("وأجرى الوفدان الخميس محادثات في فيينا", "2025-02-20"),
        ("أكد المتحدث يوم الأربعاء أن الموعد ثابت", "2025-02-19"),
        ("والثلاثاء أعلنت الحكومة خطة جديدة", "2025-02-18"),
        ("وصل الرئيس الاثنين الماضي إلى القاهرة", "2025-02-17"),
        ("سيعقد الاجتماع الخميس في جنيف", "2025-02-20"),
        ("ومن المقرر أن يلتقي الوزيران الأحد في مسقط", "2025-02-23"),
        ("يعتزم الوفد زيارة بغداد السبت", "2025-02-22"),
        ("تنطلق القمة الجمعة المقبلة", "2025-02-21"),
        ("وقال السفير لصحافيين الاثنين بأن الجانبين سيحاولان التوصل إلى اتفاق", "2025-02-17"),
    ],
)  # fmt: skip
def test_weekdays_follow_tense(sentence, value):
    e = one(sentence)
    assert e.value == value
    assert e.grain == "day"


def test_today_with_weekday_and_clitics():
    assert found("قال اليوم الخميس إن الوضع هادئ") == [("اليوم الخميس", "2025-02-20")]
    assert found("وبالأمس أعلن الجيش انسحابه") == [("الأمس", "2025-02-19")]


# --- relative expressions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "grain"),
    [
        ("أعلن أمس عن خطة", "2025-02-19", "day"), ("وصل أول أمس إلى المدينة", "2025-02-18", "day"),
        ("تبدأ غداً المفاوضات", "2025-02-21", "day"), ("يعود بعد غد إلى بلاده", "2025-02-22", "day"),
        ("قال اليوم إن الوضع هادئ", "2025-02-20", "day"),
        ("زار الأسبوع الماضي العاصمة", "2025-W07", "week"),
        ("يزور الأسبوع المقبل العاصمة", "2025-W09", "week"),
        ("يستمر الأسبوع الجاري النقاش", "2025-W08", "week"),
        ("تبدأ الشهر المقبل التجارب", "2025-03", "month"),
        ("ارتفعت الأسعار العام الماضي", "2024", "year"),
        ("اندلع الصراع قبل ثلاث سنوات", "2022", "year"),
        ("وصل منذ يومين إلى الميناء", "2025-02-18", "day"),
        ("غادر قبل أسبوعين البلاد", "2025-02-06", "day"),
        ("انتهى الحصار منذ عشرين عاما", "2005", "year"),
    ],
)  # fmt: skip
def test_relative_expressions(sentence, value, grain):
    e = one(sentence)
    assert (e.value, e.grain) == (value, grain)


def test_vague_and_open_relatives():
    e = one("تنعقد الجولة الجديدة خلال أيام في المدينة")
    assert (e.text, e.value, e.kind) == ("خلال أيام", None, "interval")
    e = one("سيعقد اجتماع في غضون أسبوع")
    assert (e.value, e.end_value, e.kind) == ("2025-02-20", "2025-02-27", "interval")


def test_weekend_and_start_of_month_follow_the_verbs():
    # Published Sunday 2025-02-23: a coming meeting «نهاية الأسبوع» is next Friday-Saturday.
    e = one("أن هناك اجتماعا سينعقد نهاية الأسبوع في المدينة", "2025-02-23")
    assert (e.value, e.end_value) == ("2025-02-28", "2025-03-01")
    e = one("عاد الوفد مطلع الشهر", "2025-02-20")
    assert (e.value, e.end_value) == ("2025-02-01", "2025-02-10")


# --- ranges and times -------------------------------------------------------------------


def test_ranges():
    e = one("يقام المعرض من 3 إلى 5 مايو في دبي")
    assert (e.text, e.value, e.end_value, e.kind) == ("من 3 إلى 5 مايو", "2025-05-03", "2025-05-05", "interval")
    e = one("نما الاقتصاد بين عامي 2010 و2014 بسرعة")
    assert (e.value, e.end_value, e.grain) == ("2010", "2014", "year")
    e = one("استضافت المدينة الألعاب من 13 تموز إلى 15 تموز 2023")
    assert (e.value, e.end_value) == ("2023-07-13", "2023-07-15")


@pytest.mark.parametrize(
    ("sentence", "expression", "value", "grain"),
    [
        ("وقع الانفجار عند الساعة الثالثة عصراً", "الساعة الثالثة عصراً", "2025-02-20T15:00", "hour"),
        ("بدأت الجلسة عند 10:30 صباحاً", "10:30 صباحاً", "2025-02-20T10:30", "minute"),
        ("انطلق القطار الساعة الرابعة والنصف مساء", "الساعة الرابعة والنصف مساء", "2025-02-20T16:30", "minute"),
        ("الاجتماع الخميس الساعة 8 مساء", "الخميس الساعة 8 مساء", "2025-02-20T20:00", "hour"),
    ],
)  # fmt: skip
def test_times_of_day(sentence, expression, value, grain):
    e = one(sentence)
    assert (e.text, e.value, e.grain) == (expression, value, grain)


def test_parts_of_day_with_their_day():
    e = one("أعلنت الوزارة ظهر اليوم عن الخطة")
    assert (e.text, e.value, e.end_value) == ("ظهر اليوم", "2025-02-20T12:00", "2025-02-20T13:00")
    e = one("وقصفت الطائرات مساء أمس مواقع عدة")
    assert (e.text, e.value) == ("مساء أمس", "2025-02-19T18:00")
    e = one("قالت الساعة العاشرة من صباح الثلاثاء إن الطريق مفتوح")
    assert e.value == "2025-02-18T10:00"


# --- not dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "تسيطر القوات على نحو 75% من المنطقة وأكثر من 99% من الإقليم",
        "مع الوصول إلى أكثر من 6500 متجر إعلامي و 86000 محرر وصحفي",
        "و3.5 مليون سطح مكتب احترافي في 90 دولة",
        "وبلغ عدد الزوار 2000 شخص في 2000 موقع",
        "وسجل المؤشر 1990 نقطة مقابل 2015 نقطة",
        "ويجتمع تحالف قوى 14 آذار اليوم",
        "وشارك آلاف في ذكرى ثورة 25 يناير",
        "وقال لويجي دي مايو إن الحكومة باقية",
        "وقد مارس الضغط على الحكومة",
        "فاز الفريق 3 صفر على منافسه",
    ],
)
def test_quantities_and_names_are_not_dates(sentence):
    for e in find_time_expressions(sentence, "2025-02-20"):
        assert e.kind in ("duration",) or e.text in ("اليوم",), (e.text, e.value)
        assert not (e.value and e.value[:4].isdigit() and e.value[:4] != "2025"), e


def test_durations_are_durations():
    exprs = find_time_expressions("استمرت المفاوضات 4.5 ساعة ثم أكثر من 12 ساعة وست ساعات", "2025-02-20")
    assert [(e.text, e.value, e.kind) for e in exprs] == [
        ("4.5 ساعة", "PT4.5H", "duration"),
        ("12 ساعة", "PT12H", "duration"),
        ("ست ساعات", "PT6H", "duration"),
    ]


# --- what the reference cannot fix ------------------------------------------------------


def test_without_publication_date_values_stay_partial():
    assert found("التقى الوزيران في 18 فبراير", None) == [("18 فبراير", "XXXX-02-18")]
    assert found("قال الوزير الثلاثاء إن", None) == [("الثلاثاء", None)]
    assert found("وفي عام 2022 وقعت الحرب", None) == [("عام 2022", "2022")]


def test_partial_publication_date():
    # Published some day in December 2022: the month is known, the weekday is not.
    assert found("ركزت الاتصالات الاثنين الماضي على المخاطر", "2022-12") == [("الاثنين الماضي", None)]
    assert found("في وقت سابق من هذا الشهر", "2022-12") == [("هذا الشهر", "2022-12")]
    assert found("وقعت الاتفاقية في 18 ديسمبر", "2022-12") == [("18 ديسمبر", "2022-12-18")]


# --- spans ------------------------------------------------------------------------------


def test_spans_are_sorted_non_overlapping_and_exact():
    text = "قال الوزير الثلاثاء إن وفداً سيصل غداً، بعد محادثات جرت في 18 فبراير (شباط) استمرت 4.5 ساعة."
    exprs = find_time_expressions(text, "2025-02-20")
    assert [e.text for e in exprs] == ["الثلاثاء", "غداً", "18 فبراير (شباط)", "4.5 ساعة"]
    for a, b in pairwise(exprs):
        assert a.end <= b.start
    for e in exprs:
        assert text[e.start : e.end] == e.text


def test_diacritics_are_ignored_but_kept_in_spans():
    text = "يَصِلُ الوفدُ غداً إلى الرياضِ يومَ الأربعاءِ"
    exprs = find_time_expressions(text, "2025-02-20")
    assert [e.text for e in exprs] == ["غداً", "يومَ الأربعاءِ"]
    # «يَصِلُ» (arrives) is a present-tense arrival: the coming Wednesday.
    assert [e.value for e in exprs] == ["2025-02-21", "2025-02-26"]
    folded, index = fold_text("غداً")
    assert folded == "غدا" and index == [0, 1, 2]


def test_empty_and_timeless_text():
    assert find_time_expressions("", "2025-02-20") == []
    assert find_time_expressions("رحب الوزير بالاتفاق ودعا إلى الحوار", "2025-02-20") == []
