import pytest

from marsad.arabic.normalize import normalize
from marsad.extract.chrome import classify_line, filter_chrome


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("اترك تعليقا على الخبر", "comment widget"),
        ("لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", "comment widget"),
        ("12 تعليق", "comment widget"),
        ("إقرأ ايضاً: حريق جديد في المنطقة الصناعية", "related links"),
        ("اقرأ أيضا|| الوزير يزور الميناء", "related links"),
        ("أخبار ذات صلة", "related links"),
        ("آخر الأخبار", "latest-news ticker"),
        ("3 0 تعليق شارك طباعة إرسال", "share bar"),
        ("play icon", "media player"),
        ("تشغيل الفيديو 02:31", "media player"),
        ("رجال الإطفاء أمام المستودع المحترق. (وكالة الأناضول)", "image caption"),
        ("فرانس 24/ أ ف ب", "agency credit"),
        ("يتم توفير المقال من قبل مزود محتوى خارجي ولا نتحمل أي مسؤولية", "press-wire disclaimer"),
        ("القطاعات: الأخبار اليومية", "press-wire disclaimer"),
        ("جميع المقالات المنشورة تمثل رأي كتابها فقط.", "opinion disclaimer"),
        ("حمّلوا تطبيقنا على هاتفكم المحمول لتصلكم الأخبار أولاً بأول", "app/newsletter promo"),
        ("جميع الحقوق محفوظة © 2025", "copyright footer"),
        ("--------------", "separator"),
    ],
)
def test_chrome_lines_are_recognised(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "وقال مدير الميناء إن الحريق اندلع في ساعات الفجر الأولى.",
        "تحقيقات أولية",  # an intertitle
        "وأكد الوزير أن «الأضرار محدودة» وأن العمل سيستأنف الأحد.",
        "وأشار التقرير إلى أن 75% من البضائع نجت من النيران، وفق وكالة رويترز.",
    ],
)
def test_body_lines_are_kept(line: str) -> None:
    assert classify_line(line) is None


def test_title_repeated_in_body_wire_tag_and_related_block() -> None:
    body = "\n".join(
        [
            "(DesertPRwire) – شركة وهمية تعلن نتائجها السنوية",
            "5 تعليقات شارك طباعة",
            "شركة وهمية تعلن نتائجها السنوية",
            "أعلنت الشركة اليوم أن أرباحها ارتفعت بنسبة 12% خلال العام الماضي مقارنة بالعام الذي سبقه.",
            "توسع إقليمي",
            "وقال رئيس مجلس الإدارة إن الشركة تعتزم افتتاح فروع جديدة في ثلاث دول خلال الأشهر المقبلة.",
            "أخبار ذات صلة",
            "الشركة تفتتح فرعاً جديداً",
            "تراجع الأسهم في الجلسة الصباحية",
        ]
    )
    result = filter_chrome(body)
    assert result.title == "شركة وهمية تعلن نتائجها السنوية"
    assert result.paragraphs == [
        "أعلنت الشركة اليوم أن أرباحها ارتفعت بنسبة 12% خلال العام الماضي مقارنة بالعام الذي سبقه.",
        "توسع إقليمي",
        "وقال رئيس مجلس الإدارة إن الشركة تعتزم افتتاح فروع جديدة في ثلاث دول خلال الأشهر المقبلة.",
    ]
    reasons = [r.reason for r in result.removed]
    assert reasons == [
        "press-wire tag",
        "share bar",
        "title repeated",
        "related links",
        "related-news block",
        "related-news block",
    ]


# --- the seeds: real pages with their chrome left in (read from ../shared, never copied) ---
# Markers of the chrome the seeds carry, in normalised form.
CHROME_MARKERS = ("تعليق", "play icon", "prwire", "القطاعات", "اقرا ايضا", "اخر الاخبار", "طباعه تبليغ", "(رويترز)",
                  "خترنا لك", "اخبار ذات صله", "بريدك الالكتروني", "مزود محتوي خارجي")


def _is_chrome(line: str) -> bool:
    norm = normalize(line).lower()
    return any(marker in norm for marker in CHROME_MARKERS)


def test_seed_chrome_is_removed_and_body_kept(seed_texts: dict[str, str]) -> None:
    for key, raw in seed_texts.items():
        result = filter_chrome(raw)
        text = "\n".join(result.paragraphs)
        assert not _is_chrome(text), f"seed {key} keeps chrome"
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        body = [line for line in lines[1:] if len(line.split()) >= 12 and not _is_chrome(line)]
        for line in body:
            assert line in result.paragraphs, f"seed {key} lost a body paragraph"
        assert all(r.reason for r in result.removed)


def test_seed_titles(seed_texts: dict[str, str]) -> None:
    lines = {k: [line.strip() for line in raw.splitlines() if line.strip()] for k, raw in seed_texts.items()}
    titles = {k: filter_chrome(raw).title for k, raw in seed_texts.items()}
    # 002 opens with a "latest news" ticker: its title is the headline after it.
    assert titles["002"] == lines["002"][1]
    # 001 opens with a press-wire tag glued to its headline.
    assert lines["001"][0].endswith(titles["001"]) and "prwire" not in titles["001"].lower()
    for key in ("000", "003", "004"):
        assert titles[key] == lines[key][0]
    # 004 repeats its title in the body: the copy is removed, not kept as text.
    assert titles["004"] not in filter_chrome(seed_texts["004"]).paragraphs


def test_rule_patterns_are_written_in_normalised_form() -> None:
    """Rules match the normalised line, so a pattern spelled with ى, ة or hamzas never matches."""
    from marsad.extract import chrome

    patterns = [p.pattern for _, _, p, _ in chrome._LINE_RULES] + [t for _, ts, _, _ in chrome._LINE_RULES for t in ts]
    patterns += [chrome._CREDIT_ONLY.pattern, chrome._CAPTION_END.pattern, chrome._CAPTION_START.pattern, chrome._REPORTING.pattern]
    for pattern in patterns:
        assert not set(pattern) & set("ىةأإآؤئ"), pattern


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("آخر تحديث: الخميس 3 أبريل 2025 - 19:05", "timestamp"),
        ("نُشر في: 2025-04-03 | 09:40", "timestamp"),
        ("الخميس 3 أبريل (نيسان) 2025 | 08:10", "timestamp"),
        ("منذ 3 ساعات", "timestamp"),
        ("منذ 2016 والمدينة تعاني من انقطاع متكرر للكهرباء في فصل الصيف", None),
        ("وقال إن المؤتمر سيعقد في 18 مايو 2025.", None),
    ],
)
def test_datelines(line: str, reason: str | None) -> None:
    assert classify_line(line) == reason
