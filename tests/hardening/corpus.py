"""An invented Arabic corpus for the crash and concurrency tests: a few distinct
happenings, each reported by several outlets over a few days.

Every sentence is written for these tests (no third-party text). Articles of one
happening share their subject, names and place; happenings are months apart and share
nothing, so a correct run always groups them the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["HAPPENINGS", "OUTLETS", "corpus_rows", "write_jsonl"]

OUTLETS = ("وكالة الريحان", "صحيفة الضفة", "موقع المرفأ", "إذاعة السهل")

# (month, headline, lead, body sentences): the subject of one happening.
HAPPENINGS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "2024-03",
        "افتتاح جسر نهر الريحان بعد أربع سنوات من العمل",
        "افتتح وزير النقل سامي الخطيب جسر نهر الريحان الجديد الذي يربط ضفتي المدينة.",
        (
            "ويبلغ طول الجسر ثمانمئة متر وتعبره أربعة مسارات للسيارات ومسار للدراجات.",
            "وقال الخطيب إن الجسر سيختصر زمن التنقل بين الضفتين إلى عشر دقائق.",
            "وشارك في حفل الافتتاح سكان الحيين المتقابلين ومهندسو الشركة المنفذة.",
        ),
    ),
    (
        "2024-06",
        "حريق في سوق التوابل القديم يلتهم عشرات المحال",
        "اندلع حريق كبير فجر اليوم في سوق التوابل القديم وسط بلدة المرفأ.",
        (
            "وأوضح الدفاع المدني أن فرق الإطفاء سيطرت على النيران بعد ست ساعات.",
            "ولم تسجل إصابات بشرية لكن الخسائر المادية طالت أكثر من أربعين محلا.",
            "وفتحت الشرطة تحقيقا لمعرفة أسباب الحريق الذي بدأ في مخزن للبهارات.",
        ),
    ),
    (
        "2024-09",
        "منتخب السهل يفوز ببطولة كرة السلة الإقليمية",
        "توج منتخب السهل لكرة السلة بلقب البطولة الإقليمية بعد فوزه في المباراة النهائية.",
        (
            "وسجل قائد الفريق نادر العمري ثلاثين نقطة في اللقاء الحاسم.",
            "واحتشد آلاف المشجعين في الصالة المغطاة للاحتفال بالفوز التاريخي.",
            "وقال المدرب إن اللاعبين استعدوا للبطولة طوال عام كامل في معسكر مغلق.",
        ),
    ),
    (
        "2024-12",
        "هيئة الأرصاد تحذر من موجة صقيع على المرتفعات",
        "حذرت هيئة الأرصاد من موجة صقيع شديدة تضرب المرتفعات الشمالية مطلع الأسبوع.",
        (
            "وتوقعت الهيئة أن تنخفض درجات الحرارة إلى ما دون الصفر بثماني درجات.",
            "ودعت المزارعين إلى حماية محاصيل الخضار المكشوفة وتغطية البيوت البلاستيكية.",
            "وقالت ليلى الحداد مديرة الهيئة إن الموجة قد تستمر حتى نهاية الشهر.",
        ),
    ),
    (
        "2025-04",
        "شركة النخيل للطيران تطلق خطا جديدا إلى الجزر الجنوبية",
        "أعلنت شركة النخيل للطيران تسيير رحلات منتظمة إلى الجزر الجنوبية ابتداء من الشهر المقبل.",
        (
            "وستنطلق ثلاث رحلات أسبوعيا من مطار العاصمة بطائرات متوسطة الحجم.",
            "وقال المدير التجاري للشركة إن الطلب على السفر إلى الجزر تضاعف هذا العام.",
            "وتأمل وزارة السياحة أن يجذب الخط الجديد مزيدا من الزوار في فصل الصيف.",
        ),
    ),
)

_OPENERS = ("", "وفي التفاصيل، ", "ومن جهة أخرى، ", "كذلك ", "وبحسب المصادر، ")


def corpus_rows(per_happening: int = 12, *, prefix: str = "art") -> list[dict[str, str]]:
    """``per_happening`` articles for each happening, as JSONL rows with ids, outlets and
    publication dates; every article's wording differs a little from its siblings'."""
    rows = []
    for h, (month, headline, lead, body) in enumerate(HAPPENINGS):
        for i in range(per_happening):
            outlet = OUTLETS[i % len(OUTLETS)]
            day = 10 + i % 5
            sentences = [body[(i + k) % len(body)] for k in range(len(body))]
            paragraphs = [lead, _OPENERS[i % len(_OPENERS)] + sentences[0], " ".join(sentences[1:])]
            if i % 3 == 0:
                paragraphs.append(f"وهذا التقرير رقم {i + 1} عن الحدث نفسه في {outlet}.")
            rows.append(
                {
                    "id": f"{prefix}-{h}-{i:03d}",
                    "outlet": outlet,
                    "published": f"{month}-{day:02d}T{8 + i % 10:02d}:00:00+03:00",
                    "title": headline if i % 2 == 0 else f"{headline} ({outlet})",
                    "text": "\n".join(paragraphs),
                }
            )
    return rows


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path
