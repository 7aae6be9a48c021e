"""Story timelines from hand-built articles with invented sentences."""

from marsad.model import Article, Mention, Sentence, TimeExpression
from marsad.temporal import build_timeline, find_time_expressions
from marsad.temporal.timeline import timeline_date


def article(aid, published, sentences, segments=None, mentions=()):
    """An Article whose text is the sentences joined by newlines, analysed for times."""
    text = "\n".join(sentences)
    spans, pos = [], 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(pos, pos + len(s), paragraph=i, segment=(segments or {}).get(i, 0)))
        pos += len(s) + 1
    a = Article(id=aid, input=aid, raw=text, text=text, published=published, sentences=spans)
    a.times = find_time_expressions(text, published)
    for name, label in mentions:
        start = text.index(name)
        a.mentions.append(Mention(start, start + len(name), label, name))
    return a


def test_merged_citations_and_order():
    a = article("a", "2025-03-06", [
        "عقد وزيرا الخارجية محادثات مطولة في الدوحة يوم 3 مارس حول تبادل الأسرى.",
        "وكان الطرفان قد وقعا اتفاقا أوليا للهدنة في 20 فبراير (شباط) في القاهرة.",
    ])  # fmt: skip
    b = article("b", "2025-03-04", [
        "أجرى وزيرا الخارجية أمس محادثات في الدوحة تناولت تبادل الأسرى.",
        "ويأتي ذلك بعد توقيع اتفاق الهدنة الأولي في القاهرة في 20 فبراير.",
    ])  # fmt: skip
    timeline = build_timeline([a, b])
    assert [e.date for e in timeline] == ["2025-02-20", "2025-03-03"]
    assert [e.citations for e in timeline] == [["a", "b"], ["a", "b"]]
    first = timeline[0]
    assert first.text == a.text.splitlines()[1]
    texts = {"a": a.text, "b": b.text}
    assert [(s.article, texts[s.article][s.start : s.end]) for s in first.sources] == [
        ("a", a.text.splitlines()[1]),
        ("b", b.text.splitlines()[1]),
    ]


def test_same_day_different_happenings_stay_apart():
    a = article("a", "2025-03-06", [
        "افتتح الرئيس الخميس مصنعا جديدا للسيارات في طنجة.",
        "وضرب زلزال بقوة خمس درجات الخميس سواحل الجزيرة الجنوبية.",
    ])  # fmt: skip
    timeline = build_timeline([a])
    assert [(e.date, e.citations) for e in timeline] == [("2025-03-06", ["a"]), ("2025-03-06", ["a"])]
    assert "مصنعا" in timeline[0].text and "زلزال" in timeline[1].text


def test_shared_names_merge_different_wordings():
    a = article("a", "2025-03-06", ["استقبل نصري بيضون نظيره في بيروت الثلاثاء."],
                mentions=[("نصري بيضون", "PER")])  # fmt: skip
    b = article("b", "2025-03-05", ["التقى نصري بيضون أمس ضيفا رسميا."], mentions=[("نصري بيضون", "PER")])
    timeline = build_timeline([a, b])
    assert [(e.date, e.citations) for e in timeline] == [("2025-03-04", ["a", "b"])]
    assert len(timeline[0].sources) == 2


def test_off_topic_segments_and_undated_values_are_left_out():
    a = article("a", "2025-03-06", [
        "وصل المبعوث الأربعاء إلى العاصمة لإجراء مشاورات.",
        "وفي خبر آخر، افتتح متحف الفنون الثلاثاء معرضا للخزف.",
        "وقال الوسيط إن المشاورات ستستغرق 12 ساعة في أكثر من 90 دولة.",
    ], segments={1: 1})  # fmt: skip
    timeline = build_timeline([a])
    assert [(e.date, e.citations) for e in timeline] == [("2025-03-05", ["a"])]
    unknown = article("u", None, ["وصل المبعوث في 18 فبراير إلى العاصمة."])
    assert build_timeline([unknown]) == []


def test_context_years_ordered_before_days_and_publication_period_dropped():
    a = article("a", "2025-03-06", [
        "وتعود الأزمة إلى عام 2014 حين ضمت القوات شبه الجزيرة.",
        "واندلعت الحرب قبل ثلاث سنوات وما زالت مستمرة.",
        "وفي وقت سابق من هذا الشهر وصل الوسيط إلى المنطقة.",
        "وأجرى الوسيط الثلاثاء لقاءات مع الطرفين.",
    ])  # fmt: skip
    timeline = build_timeline([a])
    assert [e.date for e in timeline] == ["2014", "2022", "2025-03-04"]


def test_long_sentences_are_trimmed_around_the_date():
    words = " ".join(f"كلمة{i}" for i in range(40))
    a = article("a", "2025-03-06", [f"{words} وأعلن الوسيط الثلاثاء بدء الهدنة {words}."])
    (entry,) = build_timeline([a])
    assert entry.text.startswith("… ") and entry.text.endswith(" …")
    assert "الثلاثاء" in entry.text
    assert len(entry.text.split()) <= 27
    source = entry.sources[0]
    assert a.text[source.start : source.end] in entry.text


def test_max_entries_keeps_the_best_supported_in_date_order():
    sentences = [f"وقعت حادثة منفصلة رقم {i} في {i} يناير في مدينة مختلفة." for i in range(1, 8)]
    a = article("a", "2025-03-06", sentences)
    b = article("b", "2025-03-06", ["وقعت حادثة منفصلة رقم 5 في 5 يناير في مدينة مختلفة."])
    timeline = build_timeline([a, b], max_entries=3)
    assert [e.date for e in timeline] == ["2025-01-01", "2025-01-02", "2025-01-05"]
    assert timeline[-1].citations == ["a", "b"]


def test_timeline_date_rules():
    assert timeline_date(TimeExpression(0, 1, "x", "2025-02-18T14:00", "hour", "time"), "2025-03-01") == "2025-02-18"
    assert timeline_date(TimeExpression(0, 1, "x", "PT4H", "hour", "duration"), "2025-03-01") is None
    assert timeline_date(TimeExpression(0, 1, "x", "XXXX-02-18", "day"), None) is None
    weekend = TimeExpression(0, 1, "x", "2025-02-28", "day", "interval", "2025-03-01")
    assert timeline_date(weekend, "2025-02-23") == "2025-02-28"
    late = TimeExpression(0, 1, "x", "2025-01-21", "day", "interval", "2025-01-31")
    assert timeline_date(late, "2025-03-01") == "2025-01"
    assert timeline_date(TimeExpression(0, 1, "الآن", "2025-03-01", "day"), "2025-03-01") is None
