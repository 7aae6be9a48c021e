from marsad.arabic.sentences import split_sentences
from marsad.cluster.segments import mark_segments
from marsad.model import Article

OWN = [
    "اختتمت في مدينة الواحة جولة جديدة من المفاوضات التجارية بين وزارتي الاقتصاد في البلدين، واستمرت المحادثات ست ساعات في مقر الغرفة التجارية.",
    "وقال رئيس الوفد الأول إن الطرفين اتفقا على خفض الرسوم الجمركية على المنتجات الزراعية بنسبة عشرة في المئة ابتداء من الشهر المقبل.",
    "وأضاف أن الجولة المقبلة من المفاوضات ستعقد في العاصمة خلال أسابيع لمناقشة تجارة الخدمات والاستثمارات المشتركة بين البلدين.",
    "وأشار الوفد الثاني في بيان إلى أن الاتفاق التجاري المنتظر سيضاعف حجم التبادل التجاري بين البلدين خلال خمس سنوات.",
    "وكانت المفاوضات التجارية قد توقفت العام الماضي بسبب خلافات حول حصص الصادرات الزراعية والرسوم المفروضة عليها.",
]
GLUED = [
    "ويذكر أن فريق النسور الرياضي تأهل مساء الأحد إلى نهائي كأس البطولة بعد فوزه على فريق الرمال بهدفين نظيفين في ملعب المدينة الجديد وسط حضور جماهيري كبير.",
    "وسجل المهاجم الشاب خالد العابد الهدفين في الشوط الثاني، فيما أهدر حارس الخصم ركلة جزاء في الدقائق الأخيرة من المباراة التي أدارها حكم أجنبي.",
    "ويلتقي النسور في المباراة النهائية مع فريق الجبل الذي أقصى حامل اللقب، ويأمل المدرب أن يعود لاعبوه المصابون قبل موعد النهائي المقرر في ملعب العاصمة.",
]


def _article(paragraphs: list[str]) -> Article:
    text = "\n\n".join(paragraphs)
    article = Article(id="x", input="x", raw=text, title="اختتام جولة المفاوضات التجارية في الواحة", text=text, language="ar")
    article.sentences = split_sentences(text)
    return article


def test_a_glued_unrelated_tail_is_flagged_and_kept() -> None:
    article = mark_segments(_article(OWN + GLUED))
    flagged = [article.text[s.start : s.end] for s in article.sentences if s.segment]
    assert flagged and flagged[0].startswith("ويذكر أن فريق النسور")
    assert all(s.segment == 0 for s in article.sentences if "المفاوضات" in article.text[s.start : s.end])
    assert "خالد العابد" in article.text  # kept in the article
    assert article.flags and article.flags[0].startswith("off-topic tail")


def test_a_coherent_article_is_not_split() -> None:
    article = mark_segments(_article(OWN))
    assert all(s.segment == 0 for s in article.sentences)
    assert not article.flags


def test_seed_000_tail_is_flagged_and_the_others_are_not(seed_rows: list[dict], settings) -> None:
    from marsad.extract.article import extract_article
    from marsad.ingest.readers import row_to_rawdoc

    flagged = {}
    for n, row in enumerate(seed_rows):
        article = extract_article(row_to_rawdoc(row, f"seeds#{n}"), settings)
        article.language = "ar"
        article.sentences = split_sentences(article.text)
        mark_segments(article)
        flagged[row["id"]] = [article.text[s.start : s.end] for s in article.sentences if s.segment]
    assert {k for k, v in flagged.items() if v} == {"seed-000"}
    tail = " ".join(flagged["seed-000"])
    assert "زيلينسكي" in tail and "صيني" in tail and "لافروف" not in tail
