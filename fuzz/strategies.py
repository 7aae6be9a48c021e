"""Hypothesis strategies for hostile input: Arabic text with the characters that break
naive code, malformed HTML, broken JSONL and CSV, bytes in every encoding, odd dates.

Every Arabic word and sentence here is invented for these tests.
"""

from __future__ import annotations

import codecs
import json
import unicodedata
from datetime import datetime

from hypothesis import strategies as st

__all__ = [
    "ARABIC_WORDS",
    "BIDI_AND_ZERO_WIDTH",
    "NAMES",
    "PRESENTATION",
    "PRESENTATION_CHARS",
    "arabic_text",
    "arabic_words",
    "article_text",
    "csv_bytes",
    "date_strings",
    "encoded_text",
    "hostile_char",
    "html_pages",
    "jsonl_bytes",
    "parquet_rows",
    "presentation_form",
    "to_presentation_forms",
    "warc_bytes",
]

# Invented news vocabulary: people, places, organisations, dates and plain words.
NAMES = (
    "سامي الخطيب",
    "ليلى الحداد",
    "نادر العمري",
    "إسطنبول",
    "مدينة الريحان",
    "وزارة الزراعة",
    "شركة النخيل للطيران",
    "هيئة الموانئ",
)
ARABIC_WORDS = (
    *"وصل الوفد إلى المدينة صباح اليوم لإجراء محادثات جديدة حول اتفاق المياه".split(),
    *"وقال الوزير إن الجولة المقبلة ستعقد في الأسبوع المقبل بعد مشاورات طويلة".split(),
    *"أعلنت الشركة عن رحلات إضافية خلال موسم الصيف وارتفاع عدد الركاب".split(),
    *"الثلاثاء الأربعاء الماضي يوم أمس غدا شباط فبراير 18 2025 ٢٠٢٥ ١٨ 4.5 ساعة 75%".split(),
    "اقرأ أيضاً",
    "جميع الحقوق محفوظة",
    "«هذا جيد»",
    "د.",
    "م.",
    "،",
    "؟",
    ".",
    "!",
)

# Invisible characters that split words: bidi marks, embeddings, overrides, isolates,
# zero-width space/joiners, word joiner, BOM, soft hyphen, Arabic letter mark,
# combining grapheme joiner and variation selectors.
BIDI_AND_ZERO_WIDTH = (
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff\u00ad\u061c"
    "\u034f\ufe00\ufe0f"  # combining grapheme joiner, variation selectors
)
_OTHER_HOSTILE = (
    "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\x9f\u2028\u2029\ufffd\ufffe\uffff"
    "\u0640\u064b\u064e\u0651\u0670"  # tatweel and harakat
    "\U0001f600\u4e2d\u05d0\u0627\u0301<>&\"'\r\t\n"
)


def _presentation_table() -> dict[str, list[str]]:
    """Base letter (or lam-alef pair) → its presentation forms (U+FB50–U+FEFC)."""
    table: dict[str, list[str]] = {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFD)):
        ch = chr(cp)
        if "ARABIC" not in unicodedata.name(ch, ""):
            continue
        base = unicodedata.normalize("NFKC", ch)
        if base != ch and all("\u0621" <= b <= "\u06ff" for b in base) and len(base) <= 2:
            table.setdefault(base, []).append(ch)
    return table


PRESENTATION = _presentation_table()
PRESENTATION_CHARS = sorted({f for forms in PRESENTATION.values() for f in forms})


def presentation_form() -> st.SearchStrategy[str]:
    """One Arabic presentation-form character with a decomposition to base letters."""
    return st.sampled_from(PRESENTATION_CHARS)


def to_presentation_forms(word: str, pick: int = 0) -> str:
    """``word`` written in presentation forms where one exists (the ``pick``-th form of
    each letter, modulo how many it has), as legacy PDFs and old sites write Arabic."""
    out = []
    for ch in word:
        forms = PRESENTATION.get(ch)
        out.append(forms[pick % len(forms)] if forms else ch)
    return "".join(out)


def hostile_char() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(BIDI_AND_ZERO_WIDTH),
        st.sampled_from(_OTHER_HOSTILE),
        presentation_form(),
        st.sampled_from(["\ud800", "\udfff"]),  # lone surrogates (JSON can carry them)
        st.characters(codec="utf-8"),
    )


def arabic_words() -> st.SearchStrategy[str]:
    return st.sampled_from(ARABIC_WORDS + NAMES)


@st.composite
def arabic_text(draw: st.DrawFn, *, max_words: int = 60, hostile: bool = True) -> str:
    """Invented Arabic words, names and punctuation, joined by spaces and line breaks,
    with hostile characters inserted inside and between words."""
    words = draw(st.lists(arabic_words(), max_size=max_words))
    parts: list[str] = []
    for word in words:
        if hostile and draw(st.integers(0, 9)) == 0:
            at = draw(st.integers(0, len(word)))
            word = word[:at] + draw(hostile_char()) + word[at:]
        if hostile and draw(st.integers(0, 14)) == 0:
            word = to_presentation_forms(word, draw(st.integers(0, 3)))
        parts.append(word)
        parts.append(draw(st.sampled_from([" ", " ", " ", " ", "\n", "\n\n", "  ", "\t", "\r\n"])))
    return "".join(parts)


@st.composite
def article_text(draw: st.DrawFn) -> str:
    """A title line, then paragraphs (a .txt article), sometimes with chrome lines."""
    title = draw(arabic_text(max_words=8))
    paragraphs = draw(st.lists(arabic_text(max_words=40), min_size=0, max_size=6))
    chrome = draw(st.lists(st.sampled_from(["اقرأ أيضاً: خبر آخر", "جميع الحقوق محفوظة ©", "شارك", "(رويترز)"])))
    return "\n".join([title, *paragraphs, *chrome])


_TAGS = ("div", "p", "span", "article", "section", "main", "b", "i", "a", "li", "ul", "table", "td", "tr", "h1", "h2")
_RAW_TAGS = ("script", "style", "noscript", "textarea", "title", "svg")


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 9 if depth < 6 else 3))
    if kind <= 2:
        return draw(arabic_text(max_words=25))
    if kind == 3:
        return draw(
            st.sampled_from(
                [
                    "&amp;",
                    "&#1575;",
                    "&#x627;",
                    "&bogus;",
                    "&#99999999;",
                    "<!-- تعليق -->",
                    "<!--",
                    "<![CDATA[x]]>",
                    "<br>",
                    "<br/>",
                    "<img src='data:image/png;base64,AAAA'>",
                    "</div>",
                    "</p>",
                    "<",
                    ">",
                    "<a<a<a",
                    "<?php ?>",
                ]
            )
        )
    if kind == 4:
        tag = draw(st.sampled_from(_RAW_TAGS))
        closed = draw(st.booleans())
        return f"<{tag}>{draw(st.text(max_size=40))}" + (f"</{tag}>" if closed else "")
    tag = draw(st.sampled_from(_TAGS))
    attrs = draw(st.sampled_from(["", ' class="content"', " id='x'", ' dir="rtl"', ' data-x="<"', ' style="a:b"']))
    children = draw(st.lists(_element(depth + 1), max_size=4))
    close = draw(st.integers(0, 4)) > 0  # unclosed tags, a fifth of the time
    return f"<{tag}{attrs}>" + "".join(children) + (f"</{tag}>" if close else "")


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Malformed and hostile pages: unclosed tags, deep nesting, scripts only, stray
    markup, entities, invisible characters; sometimes a real article in the middle."""
    head = draw(
        st.sampled_from(
            [
                "",
                "<!DOCTYPE html>",
                "<html>",
                "<html lang='ar' dir='rtl'><head><title>عنوان</title>"
                "<meta property='article:published_time' content='2025-02-18'></head>",
            ]
        )
    )
    body = "".join(draw(st.lists(_element(), max_size=6)))
    if draw(st.booleans()):
        body += "<article><h1>عنوان الخبر</h1><p>" + draw(arabic_text(max_words=60, hostile=False)) + "</p></article>"
    depth = draw(st.sampled_from([0, 0, 0, 3, 50, 255, 300, 2000]))
    tag = draw(st.sampled_from(["div", "span", "b", "section"]))
    closing = draw(st.booleans())
    body = f"<{tag}>" * depth + body + (f"</{tag}>" * depth if closing else "")
    if draw(st.integers(0, 9)) == 0:
        body = "<script>" + draw(st.text(max_size=50)) + "</script>"  # script-only page
    tail = draw(st.sampled_from(["", "</body></html>", "</html", "<body"]))
    return head + "<body>" + body + tail


@st.composite
def encoded_text(draw: st.DrawFn, text: str | None = None) -> tuple[bytes, str]:
    """Text and its bytes in one of the encodings Arabic news arrives in."""
    if text is None:
        text = draw(arabic_text(hostile=False))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso-8859-6"]))
    # The legacy pages lack some characters (presentation forms, emoji): "?" stands in.
    return text.encode(encoding, errors="replace"), encoding


@st.composite
def _mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """Bytes with a few flipped, cut or inserted (invalid UTF-8, NUL)."""
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.integers(0, 3))
        at = draw(st.integers(0, len(data)))
        if op == 0:
            data = (
                data[:at] + draw(st.sampled_from([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\x00", b"\xd8"])) + data[at:]
            )
        elif op == 1:
            data = data[:at]
        elif op == 2 and at < len(data):
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        else:
            data = data[at:]
    return data


def file_bytes() -> st.SearchStrategy[bytes]:
    """What a .txt/.html file may hold: text in any encoding, mutated, or binary."""
    return st.one_of(
        encoded_text().map(lambda pair: pair[0]).flatmap(_mutated),
        st.binary(max_size=2000),
        st.just(b""),
        st.sampled_from(
            [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x1f\x8b\x08"]
        ),
    )


@st.composite
def _json_value(draw: st.DrawFn) -> object:
    return draw(
        st.one_of(
            arabic_text(max_words=20),
            st.none(),
            st.integers(),
            st.floats(),
            st.booleans(),
            st.lists(st.integers(), max_size=3),
            st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
        )
    )


_FIELDS = ("id", "docno", "outlet", "src", "url", "published", "iso_time", "title", "text", "html", "body", "extra")


@st.composite
def jsonl_line(draw: st.DrawFn) -> tuple[bytes, str]:
    """One JSONL line and what it is: "row" (an object with a string body), "bad" (not
    an object, or no usable body) or "blank"."""
    kind = draw(st.integers(0, 9))
    if kind <= 4:
        row = {name: draw(_json_value()) for name in draw(st.sets(st.sampled_from(_FIELDS), max_size=6))}
        row[draw(st.sampled_from(["text", "html", "body"]))] = draw(arabic_text(max_words=30))
        if draw(st.booleans()):
            row["id"] = draw(st.sampled_from(["dup-1", "dup-2", "x"])) + draw(st.sampled_from(["", "\u200f", "\ud800"]))
        text = json.dumps(row, ensure_ascii=draw(st.booleans()))
        return text.encode("utf-8", "surrogatepass"), "row"
    if kind == 5:
        return b"  \t", "blank"
    broken = draw(
        st.sampled_from(
            [
                b"{oops",
                b"[1, 2]",
                b'"text"',
                b"null",
                b"1" * 5000,
                b"[" * 1500 + b"]" * 1500,
                b'{"text": 5}',
                b'{"title": "\xd8\xb9"}',
                b"\xff\xfe{}",
                b"{}",
                b'{"text": ""}',
                b'{"a": ' * 1500 + b"1" + b"}" * 1500,
            ]
        )
    )
    if draw(st.integers(0, 5)) == 0:
        # Broken bytes inside a row: read (their bytes replaced) or refused, either is fine.
        return draw(st.sampled_from([b'{"text": "\xff\xd8"}', b'{"text": "\xd9\x88\xd8", "id": 1}'])), "odd"
    return broken, "bad"


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A JSONL file (sometimes with a BOM or CRLF) and the kind of each of its lines."""
    lines = draw(st.lists(jsonl_line(), max_size=12))
    newline = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = newline.join(line for line, _ in lines)
    if draw(st.booleans()):
        data += newline
    if draw(st.integers(0, 5)) == 0:
        data = codecs.BOM_UTF8 + data
    return data, [kind for _, kind in lines]


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    """CSV with a header that may lack a text column, rows with missing or extra
    fields, quotes, embedded line breaks and NUL bytes, in any encoding."""
    header = draw(st.lists(st.sampled_from(_FIELDS), min_size=0, max_size=6, unique=True))
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        n = draw(st.integers(0, len(header) + 2))
        cells = [
            draw(st.one_of(arabic_text(max_words=12), st.sampled_from(['"', '""', "a,b", "x\ny", "\x00", ""])))
            for _ in range(n)
        ]
        rows.append(",".join('"' + c.replace('"', '""') + '"' if draw(st.booleans()) else c for c in cells))
    text = "\n".join([",".join(header), *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]))
    return text.encode(encoding, errors="replace")


@st.composite
def date_strings(draw: st.DrawFn) -> str:
    """Publication dates as inputs write them, right and wrong, from year 1 to 9999."""
    year = draw(st.integers(1, 9999))
    dt = draw(st.datetimes(min_value=datetime(year, 1, 1), max_value=datetime(year, 12, 31, 23, 59, 59)))
    form = draw(st.integers(0, 8))
    if form == 0:
        return dt.isoformat()
    if form == 1:
        return dt.strftime("%a, %d %b %Y %H:%M:%S +0300")
    if form == 2:
        return f"{dt.day}/{dt.month}/{dt.year}"
    if form == 3:
        return dt.date().isoformat().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    if form == 4:
        return draw(st.sampled_from(BIDI_AND_ZERO_WIDTH)) + dt.date().isoformat()
    if form == 5:
        h, m, s = draw(st.integers(0, 99)), draw(st.integers(0, 99)), draw(st.integers(0, 99))
        tz = draw(st.sampled_from(["", "Z", "+03:00", "+99:99", "-1200", "+14:00", "+14:01"]))
        return f"{dt.date().isoformat()}T{h:02d}:{m:02d}:{s:02d}{tz}"
    if form == 6:
        return f"{draw(st.integers(0, 99999)):04d}-{draw(st.integers(0, 20)):02d}-{draw(st.integers(0, 40)):02d}"
    return draw(st.text(max_size=30))


def _warc_record(kind: str, uri: str, payload: bytes, record_id: str) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2025-02-18T10:00:00Z\r\n"
        f"Content-Type: {'application/http; msgtype=response' if kind == 'response' else 'text/html'}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload + b"\r\n\r\n"


@st.composite
def warc_bytes(draw: st.DrawFn) -> tuple[bytes, bool, int]:
    """A WARC archive (plain, gzipped record by record, or gzipped whole) of response,
    resource, request and metadata records holding hostile pages in several encodings;
    sometimes damaged. Also says whether it was damaged, and how many records it has."""
    import gzip

    records = []
    for n in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["response", "response", "resource", "request", "metadata"]))
        page = draw(html_pages())
        charset = draw(st.sampled_from(["utf-8", "windows-1256", "utf-16", None]))
        body = page.encode(charset or "utf-8", errors="replace")
        status = draw(st.sampled_from(["200 OK", "200 OK", "404 Not Found", "301 Moved"]))
        content_type = draw(st.sampled_from(["text/html", "application/json", "image/png"]))
        http = (
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}"
            + (f"; charset={charset}" if charset else "")
            + f"\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        payload = http + body if kind == "response" else body
        records.append(_warc_record(kind, f"https://news.example/{n}", payload, f"00000000-0000-0000-0000-{n:012d}"))
    packing = draw(st.sampled_from(["plain", "members", "whole"]))
    if packing == "members":
        data = b"".join(gzip.compress(r, mtime=0) for r in records)
    elif packing == "whole":
        data = gzip.compress(b"".join(records), mtime=0)
    else:
        data = b"".join(records)
    damaged = draw(st.integers(0, 3)) == 0
    if damaged:
        data = draw(_mutated(data))
    return data, damaged, len(records)


@st.composite
def parquet_rows(draw: st.DrawFn) -> tuple[list[str], list[dict[str, object]]]:
    """Columns (any of the readers' names, in any case) and rows of text, None, numbers
    or bytes, for a Parquet file."""
    columns = draw(st.lists(st.sampled_from([*_FIELDS, "Text", "TITLE", "maintext"]), max_size=6, unique=True))
    kinds = {c: draw(st.sampled_from(["text", "text", "int", "bytes"])) for c in columns}
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row: dict[str, object] = {}
        for column in columns:
            kind = kinds[column]
            if draw(st.integers(0, 4)) == 0:
                row[column] = None
            elif kind == "int":
                row[column] = draw(st.integers(-(2**63), 2**63 - 1))
            elif kind == "bytes":
                row[column] = draw(st.one_of(st.binary(max_size=60), arabic_text(max_words=10).map(lambda s: s.encode("utf-8", "surrogatepass"))))
            else:
                row[column] = draw(arabic_text(max_words=30)).encode("utf-8", "replace").decode("utf-8")
        rows.append(row)
    return columns, rows
