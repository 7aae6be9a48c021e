"""Invented articles and stories for the store tests (written for them, no corpus text)."""

from __future__ import annotations

import numpy as np

from marsad.model import Article, Citation, Entity, Fact, Mention, Removed, Sentence, Story, SummarySentence, Topic


def article(
    aid: str,
    text: str,
    published: str | None = "2025-03-11",
    raw_hash: str = "",
    *,
    outlet: str | None = None,
    title: str | None = None,
) -> Article:
    return Article(
        id=aid,
        input=f"{aid}.txt",
        raw=text,
        raw_hash=raw_hash or f"h-{aid}-{hash(text)}",
        outlet=outlet,
        url=f"https://news.example/{aid}",
        title=title if title is not None else f"عنوان {aid}",
        text=text,
        published=published,
        language="ar",
        removed=[Removed("0 تعليق", "comment widget")],
        sentences=[Sentence(0, len(text), 0)],
    )


# Six short reports from three outlets about two events and a festival.
CORPUS = [
    (
        "port1",
        "alwaha",
        "2025-03-10T08:00:00+03:00",
        "حريق في ميناء السنابل",
        "اندلع حريق كبير في مستودع للحبوب بميناء السنابل فجر الاثنين. وقال الدفاع المدني إن الحريق طال ثلاثة مستودعات.",
    ),
    (
        "port2",
        "almizan",
        "2025-03-10T11:30:00+03:00",
        "السيطرة على حريق الميناء",
        "أعلنت السلطات السيطرة على الحريق في ميناء السنابل بعد ست ساعات وإصابة خمسة عمال.",
    ),
    (
        "port3",
        "sadeem",
        "2025-03-11",
        "تحقيق في حريق السنابل",
        "فتحت النيابة تحقيقاً في أسباب الحريق الذي شب في مستودعات الميناء، والحريق الثاني خلال عام.",
    ),
    (
        "talks1",
        "alwaha",
        "2025-02-16",
        "وفد أميركي في إسطنبول",
        "وصل الوفد الأميركي إلى إسطنبول لإجراء محادثات حول التجارة مع وفد من فالدوريا.",
    ),
    (
        "talks2",
        "sadeem",
        "2025-02-17",
        "محادثات اسطنبول تختتم",
        "قالت الخارجية الأمريكية إن جولة المحادثات في اسطنبول انتهت باتفاق مبدئي على التجارة الحرة.",
    ),
    (
        "fest1",
        "almizan",
        None,
        "مهرجان التمور",
        "افتتح مهرجان التمور في الواحة بمشاركة أربعين مزارعاً وعرض أصناف نادرة من التمور.",
    ),
]


def corpus() -> list[Article]:
    arts = [article(aid, text, published, outlet=outlet, title=title) for aid, outlet, published, title, text in CORPUS]
    arts[0].features = {
        "embedding": np.array([3, -7, 127, -128], dtype=np.int8),
        "minhash": np.array([1, 4_000_000_000, 17], dtype=np.uint32),
        "lang_score": 0.98,
    }
    arts[0].mentions = [Mention(50, 57, "LOC", "السنابل"), Mention(0, 5, "ORG", "الدفاع")]
    return arts


def stories() -> tuple[list[Story], list[Topic]]:
    port = Entity("e-port", "ميناء السنابل", "LOC", ["ميناء السنابل", "السنابل"], ["port1", "port2"], [])
    delegation = Entity("e-us", "الولايات المتحدة", "GPE", ["أميركا"], ["talks1"], ["الوفد"])
    fire = Story(
        "s-fire",
        ["port1", "port2", "port3"],
        topic="t-disasters",
        title="حريق ميناء السنابل",
        start="2025-03-10",
        end="2025-03-11",
        summary=[SummarySentence("اندلع حريق في ميناء السنابل.", ["port1", "port2"], Citation("port1", 0, 30))],
        entities=[port],
        facts=[Fact("أصيب خمسة عمال.", "single", ["port2"], "injured", {"5": ["port2"]}, [Citation("port2", 40, 60)])],
        extra={"lead": "port1"},
    )
    talks = Story(
        "s-talks",
        ["talks1", "talks2"],
        topic="t-trade",
        title="محادثات إسطنبول",
        start="2025-02-16",
        end="2025-02-17",
        entities=[delegation, port],
    )
    festival = Story("s-fest", ["fest1"], title="مهرجان التمور")
    topics = [Topic("t-disasters", "حوادث", ["s-fire"]), Topic("t-trade", "تجارة", ["s-talks"])]
    return [fire, talks, festival], topics
