"""supports() and check_digest_file() on invented articles and a small invented digest."""

from __future__ import annotations

import json
from pathlib import Path

from marsad.model import Removed
from marsad.summarize.check import check_digest_file, contains_chrome, supports
from tests.facts.helpers import build_article

REPORT = (
    "افتتح وزير النقل جسر النهر الجديد صباح اليوم الاثنين بعد أعمال استمرت ثلاث سنوات.\n"
    "ويبلغ طول الجسر 850 متراً، وكلّف نحو 40 مليون دولار، بحسب بيان الوزارة.\n"
    "ويذكر أن فريق المدينة لكرة السلة فاز أمس على ضيفه بنتيجة 80-75."
)


def _article():
    return build_article("r", REPORT, outlet="أ", published="2024-09-02", offtopic_from="ويذكر")


def test_a_paraphrase_is_supported() -> None:
    assert supports("افتتح وزير النقل جسر النهر الجديد بعد أعمال استمرت ثلاث سنوات", _article())
    assert supports("بلغ طول جسر النهر الجديد 850 متراً وكلفته نحو 40 مليون دولار", _article())


def test_a_different_number_or_day_is_not_supported() -> None:
    assert not supports("ويبلغ طول الجسر 900 متر، وكلّف نحو 40 مليون دولار", _article())
    assert not supports("افتتح وزير النقل جسر النهر الجديد يوم الأربعاء 4 سبتمبر", _article())


def test_another_subject_is_not_supported() -> None:
    assert not supports("أعلنت وزارة النقل رفع أسعار تذاكر القطارات", _article())


def test_offtopic_text_supports_nothing() -> None:
    assert not supports("فاز فريق المدينة لكرة السلة على ضيفه بنتيجة 80-75", _article())


def test_chrome_detection() -> None:
    removed = [Removed("اقرأ أيضاً: الجسر الجديد يفتح أبوابه", "related links"), Removed("شارك", "share bar")]
    assert contains_chrome("اقرأ أيضاً: الجسر الجديد يفتح أبوابه", removed) is not None
    assert contains_chrome("افتتح الوزير الجسر الجديد وشارك في الحفل", removed) is None  # too short to test


def test_check_digest_file(tmp_path: Path) -> None:
    other = "قال وزير النقل إن جسر النهر الجديد الذي افتتح اليوم الاثنين استغرق بناؤه ثلاث سنوات."
    digest = {
        "schema": "marsad.digest/1",
        "articles": [
            {
                "id": "r",
                "text": REPORT,
                "published": "2024-09-02",
                "language": "ar",
                "removed": [{"text": "اقرأ أيضاً: أسعار الوقود ترتفع مجدداً", "reason": "related links"}],
                "offtopic": [[REPORT.index("ويذكر"), len(REPORT)]],
            },
            {"id": "o", "text": other, "published": "2024-09-02", "language": "ar", "removed": []},
        ],
        "stories": [
            {
                "id": "s",
                "articles": ["r", "o"],
                "summary": [
                    {
                        "text": REPORT.split("\n")[0],
                        "citations": ["r", "o"],
                        "source": {"article": "r", "start": 0, "end": len(REPORT.split("\n")[0])},
                    },
                    {
                        "text": "ويبلغ طول الجسر 850 متراً، وكلّف نحو 40 مليون دولار، بحسب بيان الوزارة.",
                        "citations": ["r", "o"],
                    },
                    {"text": "اقرأ أيضاً: أسعار الوقود ترتفع مجدداً", "citations": []},
                    {"text": "فاز فريق المدينة لكرة السلة أمس على ضيفه بنتيجة 80-75", "citations": ["r"]},
                ],
            },
        ],
    }
    path = tmp_path / "digest.json"
    path.write_text(json.dumps(digest, ensure_ascii=False), encoding="utf-8")
    report = check_digest_file(path)
    assert report["sentences"] == 4 and report["citations"] == 5
    # «o» does not give the length and cost; the off-topic sentence is not in «r» either.
    assert sorted((u["sentence"], u["article"]) for u in report["unsupported"]) == [(1, "o"), (3, "r")]
    assert [h["sentence"] for h in report["chrome_hits"]] == [2]
    assert [h["sentence"] for h in report["offtopic_hits"]] == [3]
    assert report["stories_under_3"] == 0 and report["ok"] is False
