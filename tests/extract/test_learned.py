from marsad.config import ExtractSettings
from marsad.extract.learned import ChromeLearner, line_keys

SUBJECTS = [
    "افتتح وزير الزراعة مهرجان التمور السنوي بمشاركة مئات المزارعين من مختلف المحافظات",
    "ارتفعت أسعار الحديد في الأسواق المحلية بعد قرار رفع الرسوم الجمركية على الواردات",
    "فاز فريق النجوم على ضيفه فريق الساحل بثلاثة أهداف دون رد في الدوري الممتاز",
    "أعلنت هيئة الأرصاد عن موجة أمطار غزيرة تضرب المناطق الساحلية خلال عطلة نهاية الأسبوع",
    "وقعت الجامعة اتفاقية تعاون مع معهد أبحاث أوروبي لتبادل الطلاب والباحثين",
    "أغلقت الشرطة طريقاً رئيسياً بعد انهيار جزء من جسر قديم بسبب الأمطار",
]
PROMO = "تابعوا آخر المستجدات عبر قناتنا على تطبيق المراسلة الفورية"
BACKGROUND = "ويعيش في المخيم نحو 40 ألف نازح منذ اندلاع المواجهات قبل ثلاث سنوات وفق الأمم المتحدة"


def test_a_line_repeated_under_unrelated_articles_is_learned() -> None:
    learner = ChromeLearner(ExtractSettings(learned_min_articles=4))
    for i, subject in enumerate(SUBJECTS):
        learner.add("مدار", [subject, f"وقال مسؤول للموقع إن التفاصيل ستعلن لاحقا رقم {i}", PROMO], f"doc{i}")
    learned = learner.learn()
    assert learned.reason("مدار", PROMO) == "repeated in 6 articles of مدار"
    assert learned.reason("outlet-b", PROMO) is None  # learned per outlet
    assert learned.reason("مدار", SUBJECTS[0]) is None


def test_a_background_paragraph_repeated_in_one_story_is_not_chrome() -> None:
    learner = ChromeLearner(ExtractSettings(learned_min_articles=4))
    for i in range(6):
        lead = f"قصفت طائرات مسيرة المخيم للمرة {i} خلال الأسبوع وأصيب عدد من النازحين في المخيم بجروح"
        learner.add("مدار", [lead, BACKGROUND, f"وطالبت منظمات إغاثة بحماية النازحين في المخيم {i}"], f"doc{i}")
    assert learner.learn().reason("مدار", BACKGROUND) is None


def test_copies_of_one_article_count_once() -> None:
    learner = ChromeLearner(ExtractSettings(learned_min_articles=4))
    for _ in range(6):
        learner.add("مدار", [SUBJECTS[0], PROMO], "same-content")
    assert learner.learn().reason("mdar", PROMO) is None


def test_line_shapes_mask_digits_and_labels() -> None:
    assert line_keys("© 2024 موقع المدار")[0] == line_keys("© 2025 موقع المدار")[0]
    assert line_keys("للمزيد: افتتاح مهرجان التمور")[1] == line_keys("للمزيد: أسعار الحديد")[1]
