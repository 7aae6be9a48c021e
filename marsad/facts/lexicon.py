"""Word lists for reported speech, quantities and claims (data, not code).

Every list is kept in normalised form (:func:`marsad.arabic.normalize.normalize_word`),
so lookups work whatever hamza, alef maqsura or ta marbuta a writer used.
"""

from __future__ import annotations

from marsad.arabic.normalize import normalize_word

__all__ = [
    "AUDIENCE_WORDS",
    "CLAUSE_OPENERS",
    "MODAL_WORDS",
    "PARTIAL_AFTER",
    "PARTIAL_BEFORE",
    "QUALIFIERS",
    "QUOTE_VERBS",
    "QUOTING_NOUNS",
    "RELATIVES",
    "RELAY_VERBS",
    "RISE_VERBS",
    "SCALES",
    "SPEAKER_STOPS",
    "SPEECH_OCCASIONS",
    "SYNONYMS",
    "UNIT_CLASSES",
    "UNIT_TRIGGERS",
    "UPDATE_VERBS",
    "VENUE_HEADS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize_word(w) for w in text.split())


def _verb_forms(stems: str) -> frozenset[str]:
    """Each reporting verb with the conjunctions news prose writes onto it (و, ف)."""
    forms = _words(stems)
    return frozenset(forms | {"و" + f for f in forms} | {"ف" + f for f in forms})


# Verbs that introduce reported speech, in the persons and tenses news uses them.
QUOTE_VERBS = _verb_forms(
    "قال قالت قالوا يقول تقول يقولون أكد أكدت أكدوا يؤكد تؤكد أوضح أوضحت يوضح توضح "
    "أشار أشارت يشير تشير أضاف أضافت يضيف تضيف صرح صرحت يصرح تصرح أعلن أعلنت يعلن تعلن "
    "كشف كشفت يكشف تكشف شدد شددت يشدد تشدد لفت لفتت يلفت تلفت اعتبر اعتبرت يعتبر تعتبر "
    "ذكر ذكرت يذكر تذكر تابع تابعت أردف أردفت أفاد أفادت يفيد تفيد رأى رأت يرى ترى "
    "نفى نفت ينفي تنفي أعرب أعربت أوضحا أكدا قالا"
)

# «نقلت وكالة … عن فلان قوله»: the verb that hands the speech over, and the noun of saying.
RELAY_VERBS = _verb_forms("نقل نقلت نقلوا تنقل ينقل")
QUOTING_NOUNS = _words("قوله قولها قولهم قولهما تأكيده تأكيدها تصريحه تصريحها")

# Words that end a speaker's name and title: what follows is circumstance, not speaker.
SPEAKER_STOPS = _words(
    "خلال لدى عقب بعد قبل أمام عبر على لـ ل أثناء اثناء حين عند إثر اثر ضمن مع ذلك "
    "مساء صباح أمس اليوم الليلة فجر ظهر عصر مراراً مرارا أيضاً ايضا كذلك بدوره بدورها "
    "الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
)

# «في» ends a speaker only before the occasion of speaking («في مؤتمر صحفي»); otherwise it
# describes the speaker («مصدر في الوفد»).
SPEECH_OCCASIONS = _words(
    "تصريح تصريحات تصريحه تصريحها بيان بيانه بيانها مؤتمر كلمة كلمته حديث حديثه مقابلة مقابلته "
    "تغريدة تغريدات منشور اتصال لقاء رسالة إيجاز إيجازه مداخلة حوار وقت"
)
# «لـ» + these is who was told, not who spoke («لصحافيين», «لشبكة سديم»).
AUDIENCE_WORDS = _words("صحافيين صحفيين صحافيون الصحافيين الصحفيين شبكة قناة وكالة صحيفة موقع وسائل مراسل إذاعة")
# Relative pronouns: «الممثلة X، التي قالت إن …»
RELATIVES = _words("الذي التي الذين اللذان اللتان")

# Clause openers after a comma: a new claim starts there.
CLAUSE_OPENERS = _words(
    "فيما بينما حيث إذ كما وكما ومن وسط بعدما بعد قبل مما الأمر مشيراً مشيرا مشيرة موضحاً "
    "موضحا موضحة مضيفاً مضيفا مضيفة مؤكداً مؤكدا مؤكدة لافتاً لافتا لافتة معتبراً معتبرا "
    "معتبرة مشدداً مشددا مشددة داعياً داعيا داعية نافياً نافيا نافية قائلاً قائلا قائلة "
    "علماً علما لكن ولكن غير إلا الا"
)

# --- quantities ------------------------------------------------------------------------

# Hedges before a number: how the value is meant.
QUALIFIERS: dict[str, str] = {
    **{normalize_word(w): "approx" for w in "نحو حوالي حوالى قرابة زهاء تقريباً تقريبا يقارب يناهز قرابه".split()},
    **{normalize_word(w): "more" for w in "أكثر أزيد يزيد يفوق يتجاوز تجاوز".split()},
    **{normalize_word(w): "less" for w in "أقل دون يقل تقل".split()},
    "pres": "approx",
    "environ": "approx",
    "quelque": "approx",
    "plus": "more",
    "moins": "less",
    "about": "approx",
    "nearly": "approx",
    "around": "approx",
    "over": "more",
}

# Scale words after a number.
SCALES: dict[str, float] = {
    **{normalize_word(w): 1e3 for w in "ألف آلاف ألفا الف".split()},
    **{normalize_word(w): 1e6 for w in "مليون ملايين مليونا".split()},
    **{normalize_word(w): 1e9 for w in "مليار مليارات مليارا بليون".split()},
    "mille": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
    "thousand": 1e3,
    "billion": 1e9,
}

# Unit words → (class, display unit). A class is what two numbers must share to be
# compared at all; counts of the dead are compared with counts of the dead only.
_UNIT_TABLE: dict[str, tuple[str, str]] = {}
for _cls, _label, _words_text in (
    ("death", "قتلى", "قتيل قتيلا قتلى قتلي ضحية ضحايا وفاة وفيات جثة جثث شهيد شهداء شهيدا morts tués victimes"),
    ("injured", "مصابين", "مصاب مصابا مصابين مصابون جريح جريحا جرحى إصابة إصابات blessés"),
    ("arrested", "معتقلين", "معتقل معتقلا معتقلين موقوف موقوفين محتجز محتجزين سجين سجينا سجناء arrestations"),
    ("person", "أشخاص", "شخص شخصا أشخاص مواطن مواطنا مواطنين عامل عاملا عمال فرد أفراد personnes"),
    ("attendance", "متفرج", "متفرج متفرجا متفرجين زائر زائرا زوار مشاهد مشاهدا حضور spectateurs visiteurs"),
    ("money:usd", "دولار", "دولار دولارا دولارات dollars dollar"),
    ("money:eur", "يورو", "يورو euros euro"),
    ("money:local", "عملة محلية", "درهم دراهم ريال ريالات دينار دنانير جنيه جنيهات ليرة ليرات روبل dirhams"),
    ("duration:hour", "ساعة", "ساعة ساعات heures heure"),
    ("duration:minute", "دقيقة", "دقيقة دقائق minutes"),
    ("duration:day", "يوم", "يوم يوما أيام jours"),
    ("duration:week", "أسبوع", "أسبوع أسبوعا أسابيع semaines"),
    ("duration:month", "شهر", "شهر شهرا أشهر شهور mois"),
    ("duration:year", "سنة", "سنة سنوات عام عاما أعوام ans années"),
    ("film", "فيلم", "فيلم فيلما أفلام films film"),
    ("country", "دولة", "دولة دول بلدا بلدان pays"),
    ("goods", "سلعة", "سلعة سلع منتج منتجا منتجات"),
    ("tonne", "طن", "طن طنا أطنان tonnes"),
):
    for _w in _words_text.split():
        _UNIT_TABLE[normalize_word(_w)] = (_cls, _label)
UNIT_CLASSES: dict[str, tuple[str, str]] = _UNIT_TABLE

# Words *before* a number that say what it counts whatever noun follows it
# («أودى بحياة ثلاثة عمال», «مقتل 5 أشخاص», «إصابة خمسة عمال»).
UNIT_TRIGGERS: dict[str, str] = {
    **{f: "death" for f in _verb_forms("بحياة حياة مقتل بمقتل مصرع وفاة قتل قتلت لقي لقيت")},
    **{f: "injured" for f in _verb_forms("إصابة بإصابة جرح أصيب أصيبت")},
    **{f: "arrested" for f in _verb_forms("اعتقال توقيف احتجاز اعتقل اعتقلت")},
}

# A count that is part of a total: «المصابين الثلاثة الآخرين», «لا يزال مصابان»,
# «اثنين من الضحايا».
PARTIAL_AFTER = _words("الآخرين الاخرين الأخرى الباقين المتبقين الباقون منهم منهما")
PARTIAL_BEFORE = _words("يزال تزال زال زالت بقي بقية بينهم بينها بينهن منهم منها")

# Verbs that make a later figure an update of an earlier one («ارتفعت الحصيلة إلى»).
RISE_VERBS = _words("ارتفع ارتفعت وارتفع وارتفعت يرتفع ترتفع ارتفاع صعد صعدت قفز قفزت زاد زادت لترتفع ليرتفع")
UPDATE_VERBS = RISE_VERBS | _words("انخفض انخفضت وانخفض وانخفضت تراجع تراجعت وتراجع وتراجعت هبط هبطت تقلص تقلصت")

# Head nouns of a venue («في فندق …», «في مقر القنصلية …»).
VENUE_HEADS = _words("فندق قاعة مقر القنصلية قنصلية السفارة سفارة قصر مبنى المبنى ملعب مستودع المستودع")

# Words that make a claim an expectation, a plan or a hedge rather than a report.
MODAL_WORDS = _words("متوقع المتوقع يتوقع تتوقع ويتوقع ترجيحات مرجح المرجح يرجح ينتظر يأمل تأمل محتمل المحتمل ربما")

# --- synonyms ---------------------------------------------------------------------------

# News words that say the same thing (lemma → shared key), so «السيطرة على النيران» meets
# «إخماد الحريق». Kept small: only words whose sense does not drift between stories.
_SYNONYM_GROUPS = (
    "حريق نار نيران حرايق لهب",
    "اخمد اخماد سيطره اطفا اطفاء",
    "قتيل ضحيه وفاه مقتل مصرع جثه",
    "مصاب جريح اصابه",
    "محادثه مفاوضه مباحثه مشاوره",
    "اندلع شب",
    "متحدث ناطق",
    "جوله دوره",
    "انطلق بدا افتتح",
    "اختتم انتهي",
    "اتفق توافق قرر",
    "اتاح سمح",
    "وقع توقيع",
)
SYNONYMS: dict[str, str] = {}
for _group in _SYNONYM_GROUPS:
    _members = _group.split()
    for _m in _members:
        SYNONYMS[_m] = _members[0]
