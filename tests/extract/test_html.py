from collections import Counter

import pytest

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import tokenize
from marsad.extract.html import extract_html
from tests.conftest import DATA, need

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><title>حريق الميناء | موقع المثال</title>
<meta property="og:site_name" content="موقع المثال"><meta property="article:published_time" content="2025-03-11T09:30:00+03:00">
<script>var tracker = "لا يظهر";</script></head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li><li><a href="/eco">اقتصاد</a></li></ul></nav>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/1">مباراة الأمس تنتهي بالتعادل</a></li><li><a href="/2">أسعار الذهب اليوم</a></li></ul></aside>
<article><h1>حريق يلتهم مستودعاً في ميناء المدينة</h1>
<p>اندلع حريق كبير فجر الثلاثاء في مستودع للبضائع بميناء المدينة، وهرعت فرق الدفاع المدني إلى المكان وسيطرت على النيران بعد ساعات من العمل المتواصل.</p>
<p>وقال مدير الدفاع المدني العقيد سامر الخطيب إن الحريق لم يسفر عن إصابات، مؤكداً أن التحقيق في أسبابه بدأ صباح اليوم نفسه.</p>
<p>وأضاف أن الخسائر المادية كبيرة، إذ احترق أكثر من 6500 طن من البضائع المخزنة في المستودع منذ أسابيع.</p>
</article>
<section class="comments"><h3>التعليقات</h3><form><textarea>أضف تعليقك</textarea></form></section>
<footer>جميع الحقوق محفوظة لموقع المثال 2025</footer></body></html>"""


def test_main_text_metadata_and_what_was_left_out() -> None:
    result = extract_html(PAGE)
    assert "اندلع حريق كبير فجر الثلاثاء" in result.text
    assert "بدأ صباح اليوم نفسه" in result.text
    assert "6500 طن" in result.text
    for furniture in ("الأكثر قراءة", "أسعار الذهب", "جميع الحقوق", "tracker", "رياضة"):
        assert furniture not in result.text
    assert result.title and "حريق" in result.title
    assert result.date == "2025-03-11"
    assert result.sitename == "موقع المثال"
    removed = " ".join(r.text for r in result.removed)
    assert "الأكثر قراءة" in removed and "جميع الحقوق محفوظة" in removed
    assert {r.reason for r in result.removed} == {"outside main content"}


def test_script_only_page_is_refused() -> None:
    with pytest.raises(ValueError, match="no main text"):
        extract_html("<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>")


def _tokens(text: str) -> Counter[str]:
    return Counter(t for t in tokenize(normalize(text)) if t[0].isalnum())


def test_cnn_arabic_page_matches_its_gold_text() -> None:
    from marsad.config import load_settings
    from marsad.extract.article import extract_article
    from marsad.model import RawDoc

    page = need(DATA / "html" / "cnn_arabic_2013.html").read_text(encoding="utf-8", errors="replace")
    gold = _tokens((DATA / "html" / "cnn_arabic_2013.gold.txt").read_text(encoding="utf-8"))
    article = extract_article(RawDoc(input="cnn.html", html=page), load_settings())
    got = _tokens(article.text)
    overlap = sum((got & gold).values())
    precision, recall = overlap / sum(got.values()), overlap / sum(gold.values())
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, (precision, recall)


def test_assabah_page_keeps_the_interview_and_drops_the_sidebars() -> None:
    from marsad.config import load_settings
    from marsad.extract.article import extract_article
    from marsad.model import RawDoc

    page = need(DATA / "html" / "assabah_2019.html").read_text(encoding="utf-8", errors="replace")
    article = extract_article(RawDoc(input="assabah.html", html=page), load_settings())
    for snippet in ("منذ بدء", "كل المجالات", "وماذا عن حقيقة"):
        assert snippet in article.text
    for snippet in ("كورونا يقتل", "غائم جزئيا", "إضافة تعليق جديد"):
        assert snippet not in article.text
