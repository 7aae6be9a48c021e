"""Words that say nothing about *which* happening an article reports.

stopwordsiso's Arabic list (function words), plus the team's list of words every news
article uses whatever its subject: reporting verbs, attribution, time words, generic
news vocabulary. All in normalised form (see :func:`marsad.arabic.normalize.normalize`).
"""

from __future__ import annotations

import stopwordsiso

from marsad.arabic.normalize import normalize_word

__all__ = ["NEWS_WORDS", "REPORTING_VERBS", "STOP_WORDS", "TIME_WORDS"]

# Reporting verbs in the forms news prose uses them (with and without و/ف).
REPORTING_VERBS = frozenset(
    normalize_word(w)
    for w in (
        "قال قالت يقول تقول قالوا وقال وقالت ويقول وتقول أضاف أضافت يضيف تضيف وأضاف وأضافت ويضيف "
        "أكد أكدت يؤكد تؤكد وأكد وأكدت أوضح أوضحت يوضح وأوضح وأوضحت أشار أشارت يشير وأشار وأشارت "
        "ذكر ذكرت يذكر وذكر وذكرت أعلن أعلنت يعلن وأعلن وأعلنت صرح صرحت وصرح وصرحت تابع تابعت وتابع "
        "وتابعت أفاد أفادت وأفاد وأفادت نقل نقلت ونقل ونقلت لفت لفتت ولفت ولفتت شدد شددت وشدد وشددت "
        "اعتبر اعتبرت واعتبر واعتبرت رأى رأت ورأى ورأت كشف كشفت وكشف وكشفت أوضحت بين بينت وبين "
        "أردف وأردف مضى ومضى أفادت أعرب أعربت وأعرب وأعربت"
    ).split()
)

TIME_WORDS = frozenset(
    normalize_word(w)
    for w in (
        "الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم اليوم أمس غدا غداً "
        "الأسبوع الشهر العام السنة الماضي الماضية المقبل المقبلة القادم القادمة الجاري الجارية "
        "يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر "
        "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين ساعة ساعات دقيقة دقائق صباح مساء "
        "صباحا مساء ليلة الليلة"
    ).split()
)

NEWS_WORDS = frozenset(
    normalize_word(w)
    for w in (
        "وفق وفقا بحسب حسب حسبما نقلا وكالة وكالات مصادر مصدر مسؤول مسؤولون مسؤولين تصريحات تصريح "
        "بيان بيانا خلال عبر حيث وذلك ذلك هذا هذه التي الذي الذين أيضا ايضا كما وكان كانت وكانت "
        "أن إن أنه إنه بأن لأن عن على في من إلى الى مع بعد قبل حتى منذ بين ضد نحو وسط أمام "
        "عدد عدة أكثر أقل نحو حوالي قرابة إطار الإطار صعيد جانب الجانب شأن بشأن أجل "
        "موقع تقرير تقارير الخبر أخبار خبر صحيفة صحفي صحفيين الصحفيين وسائل الإعلام إعلام "
        "جديد جديدة الجديد الجديدة كبير كبيرة أول الأول الأولى ثاني الثاني آخر أخرى الأخرى"
    ).split()
)

STOP_WORDS = frozenset({normalize_word(w) for w in stopwordsiso.stopwords("ar")} | REPORTING_VERBS | NEWS_WORDS)
