"""Rule-based removal of site chrome from the lines of an Arabic news article.

Each rule names what it removes (the reason kept with the removed text). Rules match
on the normalised line (see :func:`marsad.arabic.normalize.normalize`), so spelling
variants such as اقرأ أيضاً / إقرأ ايضا meet one pattern. A line that no rule claims is
body and is kept verbatim; short lines in the middle of an article (subheadings) are
body too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic.normalize import normalize
from marsad.model import Removed

__all__ = [
    "ChromeResult",
    "classify_line",
    "filter_chrome",
    "split_lines",
    "strip_wire_tag",
]

# Press-release distributors whose pages carry disclaimers and sector lines.
# Any "…PRwire" brand, plus the big distributors by name (not "wire" alone: English
# articles use the word for other things).
_WIRE_BRANDS = (
    r"(?:\b[a-z]*pr ?wire\b|\bpr ?newswire|\bbusiness ?wire|\bglobe ?newswire|\baccesswire|\bnewsfile\b"
    r"|\bein presswire)"
)
_WIRE_TAG = re.compile(rf"^\s*\(\s*{_WIRE_BRANDS}\s*\)\s*[-–—:]*\s*", re.IGNORECASE)
_WIRE_LINE = re.compile(_WIRE_BRANDS, re.IGNORECASE)

# News agencies, normalised, as they appear in credits and captions.
_AGENCIES = (
    r"(?:رويترز|ا ?ف ?ب|فرانس ?برس|فرانس ?24|اسوشيتد ?برس|اسوشييتد ?برس|الاناضول|د ?ب ?ا|وام|واس|سبا|قنا|كونا|بترا|"
    r"تاس|ريا ?نوفوستي|سبوتنيك|شينخوا|يونهاب|وكالات|ارشيفيه|صوره ارشيفيه|getty(?: images)?|afp|reuters|ap|epa|"
    r"الفرنسيه|الالمانيه|الاوروبيه|وكاله(?: [^\s()]+){1,3})"
)
_CREDIT_ONLY = re.compile(rf"^[\s(\[]*{_AGENCIES}(?:\s*[/،,\-–—و]+\s*{_AGENCIES})*[\s)\].]*$")
_CAPTION_END = re.compile(rf"[(\[]\s*{_AGENCIES}(?:\s*[/،,\-]\s*{_AGENCIES})*\s*[)\]]\s*\.?$|\s[-–—]\s*{_AGENCIES}\s*$")

_SEPARATOR = re.compile(r"^[\W_]+$")

# (reason, "|"-separated substrings one of which must occur for the pattern to be tried,
# pattern on the normalised line, longest line in words it may claim). The substring test is a cheap
# gate: most body lines contain none of them and skip every regex.
_RULES: tuple[tuple[str, str, re.Pattern[str], int], ...] = (
    (
        "comment widget",
        "تعليق|راي|بريد|الالزاميه|بالنقاش|comment|الاسم|*",
        re.compile(
            r"^(?:الاسم|البريد الالكتروني|الموقع الالكتروني|الموقع|التعليق|name|email|website)\s*\*\s*$|"
            r"(?:^|\s)(?:اترك|اضف|اكتب|شارك ب?)\s*(?:تعليقا|تعليق|رايك)|لن يتم نشر عنوان بريدك|الحقول الالزاميه|"
            r"اضافه تعليق|التعليقات قبل نشرها|مراجعه التعليقات|بالنقاش الحيوي|^التعليقات$|^تعليقات$|عدد التعليقات|"
            r"^(?:\d+\s*)+(?:تعليق|تعليقات|comment|comments)\s*$"
        ),
        60,
    ),
    (
        "related links",
        "lire|read|see also|related|اقرا|طالع|شاهد|تابع|للمزيد|صله|متعلقه|مشابهه|تهمك|خترنا|يهمك|المزيد",
        re.compile(
            r"^(?:lire aussi|a lire aussi|à lire aussi|read more|read also|see also|related)\s*:|"
            r"^[*•\-–\s]*(?:اقرا|طالع|شاهد|تابع)\s*(?:ايضا|المزيد|كذلك)|^للمزيد\s*[:|\-–]|^اقرا المزيد|"
            r"^(?:مواضيع|اخبار|مقالات|قصص)\s*(?:ذات صله|متعلقه|مشابهه|قد تهمك)\s*[:.]?$|^(?:ا|ا)?خترنا لك\s*:?$|"
            r"^قد يهمك(?:\s*ايضا)?\s*:?$|^ذات صله\s*:?$|^المزيد من الاخبار\s*:?$|^(?:موضوعات|روابط) ذات صله"
        ),
        40,
    ),
    (
        "latest-news ticker",
        "اخبار|الانباء|المستجدات|عاجل|الاكثر|الرييسيه|نشره",
        re.compile(
            r"^(?:اخر|احدث|اهم) ?(?:الاخبار|الانباء|الاخبار العاجله|المستجدات)\s*(?::?$|[|:].*\|)|"
            r"^(?:عاجل|اخبار عاجله)\s*:?$|"
            r"^الاكثر (?:قراءه|مشاهده|تداولا|تعليقا)\s*:?$|^الرييسيه$|^(?:شريط|نشره) الاخبار\s*:?$"
        ),
        # Long enough for a ticker that carries its headlines: «آخر الأخبار | … | …».
        40,
    ),
    (
        "press-wire disclaimer",
        "توفير|مزود|ضمانات|مسووليه|القطاعات|صحفيه",
        re.compile(
            r"يتم توفير (?:المقال|هذا المقال|المحتوي) من قبل|مزود محتوي خارجي|لا (?:تقدم|يقدم|تتحمل|يتحمل) .{0,40}"
            r"(?:ضمانات|مسووليه)|^القطاعات\s*:|تداول بيانات صحفيه|توزيع البيانات الصحفيه"
        ),
        120,
    ),
    (
        "opinion disclaimer",
        "راي|وجهه نظر|الاراء",
        re.compile(
            r"(?:تمثل|تعبر عن) راي (?:كتابها|كاتبها|الكاتب|كاتبيها)|لا تعبر (?:بالضروره )?عن (?:راي|وجهه نظر)|"
            r"الاراء الوارده .{0,30}(?:لا تعبر|تعبر عن)|الاراء المنشوره"
        ),
        60,
    ),
    (
        "app/newsletter promo",
        "تطبيق|اشترك|تابعو|اضغط|انقر",
        re.compile(
            r"(?:تحميل|حمل\w*|نزل\w*|تنزيل)\s.{0,60}تطبيق|تطبيق\w*\s.{0,60}(?:هاتف|متجر)|"
            r"اشترك (?:في|ب) (?:النشره|قناتنا|خدمه)|"
            r"^تابعونا (?:علي|عبر|في)|^تابعوا .{0,30}(?:علي|عبر) (?:تويتر|فيسبوك|تلغرام|يوتيوب)|(?:اضغط|انقر) هنا|"
            r"لمتابعه .{0,40}(?:اضغط|انقر)"
        ),
        45,
    ),
    (
        "share bar",
        "شارك|مشاركه|ارسل|طباعه|اطبع|تبليغ|ابلاغ|حذف|حفظ|نسخ|فيسبوك|تويتر|واتساب|تعليق|مشاهد|قراءه|share|print|email|facebook|twitter",
        re.compile(
            r"^(?:(?:\d+|شارك|مشاركه|ارسل|ارسال|طباعه|اطبع|تبليغ|ابلاغ|حذف|حفظ|نسخ|الرابط|نسخ الرابط|"
            r"فيسبوك|تويتر|واتساب|"
            r"تلغرام|لينكد ان|البريد الالكتروني|بريد|تعليق|تعليقات|اعجاب|مشاهده|مشاهدات|قراءه|facebook|twitter|"
            r"whatsapp|telegram|email|print|share|x)[\s|/·•,،:-]*)+$"
        ),
        20,
    ),
    (
        "media player",
        "play|pause|icon|video|volume|تشغيل|فيديو|الفديو|mute|fullscreen",
        re.compile(
            r"^(?:play|pause|icon|video|volume|mute|fullscreen|close|replay|تشغيل|ايقاف|الفيديو|فيديو|مده|اغلاق|"
            r"شاهد|00|\d{1,2}:\d{2}|[\s:/|-])+$|^(?:شاهد|مشاهده) (?:الفيديو|الفديو)\s*:?$|^play icon$"
        ),
        8,
    ),
    (
        "copyright footer",
        "محفوظه|©|copyright|reserved|الخصوصيه|اتصل بنا",
        re.compile(
            r"جميع الحقوق محفوظه|حقوق (?:النشر|الطبع) محفوظه|©|copyright|all rights reserved|"
            r"سياسه الخصوصيه\s*\||\|\s*اتصل بنا",
            re.IGNORECASE,
        ),
        30,
    ),
    (
        "timestamp",
        "نشر|تحديث|تعديل|منذ",
        re.compile(
            r"^(?:نشر|تم النشر|تاريخ النشر|اخر تحديث|تحديث|اخر تعديل)\s*(?:في|بتاريخ)?\s*:?"
            r"(?=.*(?:\d|ساعه|ساعات|دقيقه|دقايق|يوم|ايام))[^.!?؟]*$|"
            r"^منذ\s+(?:\d+\s+)?(?:ساعه|ساعتين|ساعات|دقيقه|دقيقتين|دقايق|ثانيه|ثواني|يوم|يومين|ايام)\s*$"
        ),
        12,
    ),
    (
        "byline",
        "بقلم|كتب|اعداد|تحرير|ترجمه",
        re.compile(r"^(?:بقلم|كتب|كتبت|اعداد|تحرير|ترجمه)\s*:?\s*[^\d.:،]{2,40}$"),
        6,
    ),
    (
        "tags",
        "الوسوم|كلمات|الكلمات|وسوم|tags",
        re.compile(r"^(?:الوسوم|كلمات مفتاحيه|الكلمات الداله|الكلمات المفتاحيه|وسوم|tags)\s*:"),
        40,
    ),
    (
        "source credit",
        "نقلا|المصدر|مصدر|انتهي",
        re.compile(r"^[*\s]*(?:نقلا عن|المصدر\s*:|مصدر الخبر\s*:)\s*[^.،]{2,60}$|^\(?انتهي\)?(?:\s+[\w./ ]{0,20})?$"),
        8,
    ),
)

_LINE_RULES = tuple((reason, tuple(triggers.split("|")), pattern, words) for reason, triggers, pattern, words in _RULES)

# A line that is only a date (and time): a dateline the site printed above the text.
_DATE_WORDS = frozenset(
    normalize(w)
    for w in (
        "السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة يناير فبراير مارس أبريل إبريل مايو "
        "يونيو يونيه يوليو يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر كانون الثاني الأول شباط آذار نيسان أيار "
        "حزيران تموز آب أيلول تشرين ص م صباحا مساء GMT بتوقيت غرينتش"
    ).split()
)
_DATE_TOKEN = re.compile(r"\d{1,4}(?::\d{2})?|[^\W\d_]+")


def _is_dateline(norm: str) -> bool:
    tokens = _DATE_TOKEN.findall(norm)
    if not 2 <= len(tokens) <= 10 or not re.search(r"\b(?:19|20)\d\d\b|\d{1,2}:\d{2}", norm):
        return False
    return all(t[0].isdigit() or t in _DATE_WORDS for t in tokens)


_CAPTION_START = re.compile(r"^(?:مصدر الصوره|صوره\s*:|الصوره\s*:|صوره ارشيفيه|تصوير\s*:)")
_RELATED_BLOCK_HEADER = re.compile(
    r"^(?:اخبار ذات صله|مواضيع ذات صله|(?:ا)?خترنا لك|قد يهمك(?: ايضا)?|اقرا ايضا|ذات صله|المزيد من الاخبار)\s*:?$"
)
_WORD = re.compile(r"\w+")
# A line that reports speech is a sentence of the article, whatever it ends with.
_REPORTING = re.compile(r"(?:^|\s)[وف]?(?:قال|قالت|اكد|اكدت|اعلن|اعلنت|اضاف|اضافت|اوضح|اوضحت|ذكر|ذكرت|افاد|افادت)\s")


@dataclass(slots=True)
class ChromeResult:
    """Lines of an article split into title, body paragraphs and removed chrome."""

    title: str
    paragraphs: list[str]
    removed: list[Removed]


def split_lines(body: str) -> list[str]:
    """Non-empty lines, stripped, in order (any line-break convention)."""
    return [line.strip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


def strip_wire_tag(line: str) -> tuple[str, str]:
    """Split a leading press-wire tag such as ``(SeaPRwire) –`` off a line."""
    m = _WIRE_TAG.match(line)
    if not m:
        return "", line
    return line[: m.end()].strip(), line[m.end() :].strip()


def _words(norm: str) -> int:
    return len(_WORD.findall(norm))


def _comparable(text: str) -> str:
    return " ".join(_WORD.findall(normalize(text)))


def classify_line(line: str, *, title: str = "", press_wire: bool = False) -> str | None:
    """The chrome reason for one line, or None when it is body.

    Example:
        >>> classify_line("اقرأ أيضاً|| بايدن يعلق على الصفقة")
        'related links'
        >>> classify_line("24 0 تعليق ارسل طباعة تبليغ حذف")
        'share bar'
        >>> classify_line("علما البلدين في القاعة. (رويترز)")
        'image caption'
        >>> classify_line("وقال الوزير إن المحادثات كانت مثمرة.") is None
        True
    """
    norm = normalize(line).strip()
    n_words = _words(norm)
    if not n_words or _SEPARATOR.match(norm):
        return "separator"
    if title and _comparable(line) == _comparable(title):
        return "title repeated"
    for reason, triggers, pattern, max_words in _LINE_RULES:
        if n_words <= max_words and any(t in norm for t in triggers) and pattern.search(norm):
            return reason
    if ("wire" in norm or "newsfile" in norm) and _WIRE_LINE.search(norm) and n_words <= 120:
        return "press-wire disclaimer"
    if press_wire and n_words <= 60 and re.search(r"^القطاعات|بيانات صحفيه", norm):
        return "press-wire disclaimer"
    if n_words <= 8 and _CREDIT_ONLY.match(norm):
        return "agency credit"
    if n_words <= 10 and _is_dateline(norm):
        return "timestamp"
    if n_words <= 25 and (_CAPTION_END.search(norm) or _CAPTION_START.match(norm)) and not _REPORTING.search(norm):
        return "image caption"
    return None


def _is_title_candidate(line: str) -> bool:
    n = _words(normalize(line))
    return 0 < n <= 40


def filter_chrome(body: str, *, title: str | None = None) -> ChromeResult:
    """Split ``body`` into title, kept paragraphs and removed chrome.

    When ``title`` is None (a .txt file, or a row without one) the first line that is
    not chrome becomes the title, as long as it reads like a headline (at most 40
    words); otherwise the article has no title of its own here.
    """
    lines = split_lines(body)
    removed: list[Removed] = []
    press_wire = any(_WIRE_LINE.search(line) for line in lines)
    chosen_title = (title or "").strip()
    if chosen_title:
        tag, rest = strip_wire_tag(chosen_title)
        if tag:
            chosen_title = rest
    paragraphs: list[str] = []
    in_related_block = False
    for index, line in enumerate(lines):
        tag, line = strip_wire_tag(line)
        if tag:
            removed.append(Removed(tag, "press-wire tag"))
            if not line:
                continue
        reason = classify_line(line, title=chosen_title, press_wire=press_wire)
        norm = normalize(line).strip()
        if reason is None and in_related_block:
            if _words(norm) <= 20 and not norm.endswith((".", "!", "؟", "?")):
                reason = "related-news block"
            else:
                in_related_block = False
        if reason is not None:
            # A related-news header near the end opens a block of linked headlines.
            if reason == "related links" and _RELATED_BLOCK_HEADER.match(norm) and index >= len(lines) // 2:
                in_related_block = True
            removed.append(Removed(line, reason))
            continue
        if not chosen_title and not paragraphs and _is_title_candidate(line):
            chosen_title = line
            continue
        paragraphs.append(line)
    return ChromeResult(title=chosen_title, paragraphs=paragraphs, removed=removed)
