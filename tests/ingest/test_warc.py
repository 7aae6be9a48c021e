"""WARC archives: pages out, everything else counted, damage reported by offset.

Every archive here is built in the test with warcio's writer from articles invented
for it (a river bridge and a date festival in an imaginary oasis town).
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.config import IngestSettings, Settings
from marsad.extract.article import extract_article
from marsad.ingest.dates import normalize_published
from marsad.ingest.readers import SUFFIXES, read_inputs
from marsad.ingest.warc import WarcCounts, read_warc, record_id
from marsad.model import Article, InputError, RawDoc
from marsad.pipeline import find_dates

BRIDGE_TITLE = "افتتاح جسر جديد فوق نهر الواحة"
BRIDGE_BODY = [
    "افتتحت بلدية مدينة الواحة صباح الأحد جسراً جديداً يربط الضفتين الشرقية والغربية للنهر، بعد أعمال استمرت ثمانية عشر شهراً.",
    "وقال رئيس البلدية سليم الحداد إن الجسر سيخفف الازدحام في وسط المدينة ويختصر زمن التنقل بين الحيين إلى عشر دقائق.",
    "وبلغت كلفة المشروع نحو أربعين مليون دينار، موّلت الحكومة نصفها وتولّت البلدية النصف الآخر من ميزانيتها.",
    "وأكد مهندسون شاركوا في التنفيذ أن الجسر صُمم ليتحمل الفيضانات الموسمية التي تضرب المنطقة كل شتاء.",
]
FESTIVAL_TITLE = "مهرجان التمور يفتح أبوابه في الواحة"
FESTIVAL_BODY = [
    "انطلقت مساء الخميس فعاليات مهرجان التمور السنوي في ساحة السوق القديم بمشاركة أكثر من مئتي مزارع من قرى الواحة.",
    "وتعرض الأجنحة أكثر من ثلاثين صنفاً من التمور، إلى جانب منتجات الحرف اليدوية والعسل المحلي.",
    "وقالت مديرة المهرجان هالة منصور إن الدورة الحالية تستقبل زواراً من خمس محافظات للمرة الأولى.",
]
NAV = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "منوعات"]
FOOTER = "جميع الحقوق محفوظة لشبكة الواحة الإخبارية"
NEWSLETTER = "اشترك في النشرة البريدية لتصلك آخر الأخبار"
CRAWLED = "2024-05-01T12:00:00Z"


def page(title: str, body: list[str], *, published: str | None = None, charset: str | None = "utf-8") -> str:
    """A news page with navigation and footer around the article."""
    meta = f'<meta charset="{charset}">' if charset else ""
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    nav = "".join(f'<li><a href="/{n}">{item}</a></li>' for n, item in enumerate(NAV))
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{meta}<title>{title} | شبكة الواحة</title>{date}</head>'
        f"<body><header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>{paragraphs}</article></main>"
        f"<aside><p>{NEWSLETTER}</p></aside><footer><p>{FOOTER}</p></footer></body></html>"
    )


class Archive:
    """Builds a WARC file record by record, remembering where each record starts."""

    def __init__(self, *, gzipped: bool = True) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gzipped)
        self.offsets: list[int] = []
        self.count = 0

    def _headers(self, date: str = CRAWLED) -> dict[str, str]:
        self.count += 1
        return {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{self.count:012d}>", "WARC-Date": date}

    def _write(self, record: object) -> None:
        self.offsets.append(self.buffer.tell())
        self.writer.write_record(record)

    def response(
        self,
        url: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        status: str = "200 OK",
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type), *headers], protocol="HTTP/1.1")
        self._write(
            self.writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=self._headers()
            )
        )

    def request(self, url: str) -> None:
        http = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "www.alwaha-news.example")], is_http_request=True)
        self._write(
            self.writer.create_warc_record(url, "request", http_headers=http, warc_headers_dict=self._headers())
        )

    def revisit(self, url: str) -> None:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        self._write(
            self.writer.create_revisit_record(
                url,
                "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                url,
                CRAWLED,
                http_headers=http,
                warc_headers_dict=self._headers(),
            )
        )

    def resource(self, url: str, body: bytes, content_type: str) -> None:
        self._write(
            self.writer.create_warc_record(
                url,
                "resource",
                payload=io.BytesIO(body),
                warc_content_type=content_type,
                warc_headers_dict=self._headers(),
            )
        )

    def warcinfo(self) -> None:
        self._write(self.writer.create_warcinfo_record("crawl.warc.gz", {"software": "invented-crawler/1.0"}))

    def save(self, path: Path) -> Path:
        path.write_bytes(self.buffer.getvalue())
        return path


BRIDGE_URL = "https://www.alwaha-news.example/local/bridge-opening"
FESTIVAL_URL = "http://m.alwaha-news.example/culture/dates-festival"


def news_crawl() -> Archive:
    """A crawl as crawlers write it: warcinfo, request/response pairs, an image, a
    missing page, a revisit and an archived resource."""
    archive = Archive()
    archive.warcinfo()
    archive.request(BRIDGE_URL)
    archive.response(BRIDGE_URL, page(BRIDGE_TITLE, BRIDGE_BODY, published="2024-03-10T08:30:00+03:00").encode())
    archive.request(FESTIVAL_URL)
    # A legacy page: windows-1256 bytes, the charset named only in the HTTP header.
    archive.response(
        FESTIVAL_URL,
        page(FESTIVAL_TITLE, FESTIVAL_BODY, charset=None).encode("cp1256"),
        content_type="text/html; charset=windows-1256",
    )
    archive.response(
        "https://www.alwaha-news.example/img/bridge.jpg", b"\xff\xd8\xff\xe0JFIF", content_type="image/jpeg"
    )
    archive.response(
        "https://www.alwaha-news.example/gone", b"<html><body>not found</body></html>", status="404 Not Found"
    )
    archive.revisit(BRIDGE_URL)
    archive.resource(
        "https://alwaha-news.example/archive/festival", page(FESTIVAL_TITLE, FESTIVAL_BODY).encode(), "text/html"
    )
    return archive


def read(path: Path, counts: WarcCounts | None = None) -> list[RawDoc | InputError]:
    return list(read_warc(path, IngestSettings(), counts))


def test_pages_of_a_crawl_are_read_and_everything_else_is_counted(tmp_path: Path) -> None:
    archive = news_crawl()
    path = archive.save(tmp_path / "crawl.warc.gz")
    counts = WarcCounts()
    docs = read(path, counts)
    assert all(isinstance(d, RawDoc) for d in docs)
    assert [d.url for d in docs] == [BRIDGE_URL, FESTIVAL_URL, "https://alwaha-news.example/archive/festival"]
    assert [d.outlet for d in docs] == ["alwaha-news.example"] * 3
    bridge, festival, resource = docs
    assert BRIDGE_BODY[1] in bridge.html and NAV[2] in bridge.html
    assert FESTIVAL_BODY[2] in festival.html and festival.encoding == "windows-1256"
    assert FESTIVAL_BODY[0] in resource.html
    # Each page is found again by its file and byte offset (what `warcio extract` takes).
    assert [d.input for d in docs] == [f"{path}@{archive.offsets[i]}" for i in (2, 4, 8)]
    assert counts.records == 9 and counts.pages == 3 and counts.errors == 0
    assert dict(counts.skipped) == {"warcinfo": 1, "request": 2, "not HTML": 1, "HTTP 404": 1, "revisit": 1}
    assert "3 HTML pages" in counts.summary() and "2 request" in counts.summary()


def test_ids_are_stable_and_the_crawl_date_is_never_the_publication_date(tmp_path: Path) -> None:
    path = news_crawl().save(tmp_path / "crawl.warc.gz")
    first, second = read(path), read(path)
    assert [d.id for d in first] == [d.id for d in second]
    assert len({d.id for d in first}) == 3
    assert first[0].id == record_id(BRIDGE_URL, "<urn:uuid:00000000-0000-0000-0000-000000000002>")
    assert all(d.published is None for d in first)
    assert all(d.crawled == CRAWLED for d in first)


@pytest.mark.parametrize(
    ("content_type", "charset_in_page"),
    [("text/html; charset=windows-1256", None), ("text/html", "windows-1256"), ("text/html", None)],
    ids=["http-header", "meta", "detected"],
)
def test_legacy_arabic_page_is_decoded_from_header_meta_or_detection(
    tmp_path: Path, content_type: str, charset_in_page: str | None
) -> None:
    archive = Archive(gzipped=False)
    archive.response(
        FESTIVAL_URL, page(FESTIVAL_TITLE, FESTIVAL_BODY, charset=charset_in_page).encode("cp1256"), content_type
    )
    (doc,) = read(archive.save(tmp_path / "legacy.warc"))
    assert isinstance(doc, RawDoc)
    assert FESTIVAL_TITLE in doc.html and FESTIVAL_BODY[1] in doc.html
    assert doc.encoding == "windows-1256"


def test_utf8_bytes_win_over_a_wrong_latin1_header(tmp_path: Path) -> None:
    archive = Archive()
    archive.response(
        BRIDGE_URL, page(BRIDGE_TITLE, BRIDGE_BODY, charset=None).encode(), "text/html; charset=ISO-8859-1"
    )
    (doc,) = read(archive.save(tmp_path / "mislabelled.warc.gz"))
    assert isinstance(doc, RawDoc) and BRIDGE_BODY[0] in doc.html and doc.encoding == "utf-8"


def test_one_counter_totals_several_archives(tmp_path: Path) -> None:
    counts = WarcCounts()
    for name in ("monday.warc.gz", "tuesday.warc.gz"):
        read(news_crawl().save(tmp_path / name), counts)
    assert (counts.records, counts.pages, counts.skipped["request"], counts.skipped["revisit"]) == (18, 6, 4, 2)


def test_gzip_encoded_http_body_is_decompressed(tmp_path: Path) -> None:
    archive = Archive()
    body = gzip.compress(page(BRIDGE_TITLE, BRIDGE_BODY).encode())
    archive.response(BRIDGE_URL, body, headers=(("Content-Encoding", "gzip"),))
    (doc,) = read(archive.save(tmp_path / "encoded.warc.gz"))
    assert isinstance(doc, RawDoc) and BRIDGE_BODY[2] in doc.html


def test_gzip_truncated_archive_reports_the_cut_record_and_keeps_the_rest(tmp_path: Path) -> None:
    archive = Archive()
    archive.response(BRIDGE_URL, page(BRIDGE_TITLE, BRIDGE_BODY).encode())
    archive.response(FESTIVAL_URL, page(FESTIVAL_TITLE, FESTIVAL_BODY).encode())
    archive.response("https://alwaha-news.example/third", page(FESTIVAL_TITLE, FESTIVAL_BODY[:2]).encode())
    data = archive.buffer.getvalue()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: archive.offsets[2] + (len(data) - archive.offsets[2]) // 2])
    counts = WarcCounts()
    docs = read(path, counts)
    assert [type(d).__name__ for d in docs] == ["RawDoc", "RawDoc", "InputError"]
    assert [d.url for d in docs[:2]] == [BRIDGE_URL, FESTIVAL_URL]
    error = docs[2]
    assert error.input == f"{path}@{archive.offsets[2]}"
    assert "truncated" in error.reason or "ends inside" in error.reason
    assert counts.errors == 1 and counts.pages == 2


def test_a_corrupt_gzip_member_is_one_error_and_reading_resumes_after_it(tmp_path: Path) -> None:
    archive = Archive()
    archive.response(BRIDGE_URL, page(BRIDGE_TITLE, BRIDGE_BODY).encode())
    archive.response(FESTIVAL_URL, page(FESTIVAL_TITLE, FESTIVAL_BODY).encode())
    archive.response("https://alwaha-news.example/third", page(FESTIVAL_TITLE, FESTIVAL_BODY[:2]).encode())
    data = bytearray(archive.buffer.getvalue())
    middle = archive.offsets[1] + 30
    data[middle : middle + 40] = b"\x00" * 40
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(bytes(data))
    docs = read(path)
    assert [type(d).__name__ for d in docs] == ["RawDoc", "InputError", "RawDoc"]
    assert docs[1].input == f"{path}@{archive.offsets[1]}" and "damaged" in docs[1].reason
    assert docs[2].url == "https://alwaha-news.example/third"


def test_uncompressed_archive_with_a_garbled_record_header(tmp_path: Path) -> None:
    archive = Archive(gzipped=False)
    archive.response(BRIDGE_URL, page(BRIDGE_TITLE, BRIDGE_BODY).encode())
    archive.response(FESTIVAL_URL, page(FESTIVAL_TITLE, FESTIVAL_BODY).encode())
    archive.response("https://alwaha-news.example/third", page(FESTIVAL_TITLE, FESTIVAL_BODY[:2]).encode())
    data = bytearray(archive.buffer.getvalue())
    data[archive.offsets[1] : archive.offsets[1] + 4] = b"JUNK"
    path = tmp_path / "plain.warc"
    path.write_bytes(bytes(data))
    docs = read(path)
    assert [d.url if isinstance(d, RawDoc) else d.input for d in docs] == [
        BRIDGE_URL,
        f"{path}@{archive.offsets[1]}",
        "https://alwaha-news.example/third",
    ]


def test_archive_gzipped_as_one_piece_is_read_whole(tmp_path: Path) -> None:
    archive = Archive(gzipped=False)
    archive.response(BRIDGE_URL, page(BRIDGE_TITLE, BRIDGE_BODY).encode())
    archive.request(FESTIVAL_URL)
    archive.response(FESTIVAL_URL, page(FESTIVAL_TITLE, FESTIVAL_BODY).encode())
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(archive.buffer.getvalue()))
    counts = WarcCounts()
    docs = read(path, counts)
    assert [d.url for d in docs] == [BRIDGE_URL, FESTIVAL_URL]
    assert [d.input for d in docs] == [f"{path}@{archive.offsets[0]}", f"{path}@{archive.offsets[2]}"]
    assert counts.records == 3 and dict(counts.skipped) == {"request": 1}


def test_not_an_archive_is_one_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("ملاحظات المحرر ليست أرشيفاً\n" * 20, encoding="utf-8")
    gzipped = tmp_path / "notes.warc.gz"
    gzipped.write_bytes(gzip.compress(path.read_bytes()))
    for given in (path, gzipped):
        (error,) = read(given)
        assert isinstance(error, InputError) and error.input == str(given) and "not a WARC file" in error.reason


def test_page_over_the_size_limit_is_reported(tmp_path: Path) -> None:
    archive = Archive()
    archive.response(BRIDGE_URL, page(BRIDGE_TITLE, BRIDGE_BODY * 50).encode())
    archive.response(FESTIVAL_URL, page(FESTIVAL_TITLE, FESTIVAL_BODY).encode())
    path = archive.save(tmp_path / "big.warc.gz")
    docs = list(read_warc(path, IngestSettings(max_file_bytes=20_000)))
    assert isinstance(docs[0], InputError) and docs[0].input == f"{path}@0" and "limit" in docs[0].reason
    assert isinstance(docs[1], RawDoc) and docs[1].url == FESTIVAL_URL


def test_crawl_to_articles_keeps_the_story_and_drops_the_site_chrome(tmp_path: Path, settings: Settings) -> None:
    path = news_crawl().save(tmp_path / "crawl.warc.gz")
    articles = [extract_article(doc, settings) for doc in read(path)]
    assert all(isinstance(a, Article) for a in articles)
    bridge, festival, _ = articles
    assert bridge.title == BRIDGE_TITLE
    assert BRIDGE_BODY[0] in bridge.text and BRIDGE_BODY[3] in bridge.text
    for chrome in (FOOTER, NEWSLETTER, NAV[1], "شبكة الواحة"):
        assert chrome not in bridge.text
    assert bridge.outlet == "alwaha-news.example" and bridge.url == BRIDGE_URL
    # The page's own date, not the day it was crawled.
    assert bridge.published is not None and bridge.published.startswith("2024-03-10")
    assert FESTIVAL_BODY[1] in festival.text and FOOTER not in festival.text
    # Extraction leaves an undated page undated; analysis falls back to the crawl date
    # only when neither the URL nor the text tells (pipeline.find_dates).
    assert festival.published is None and festival.crawled == CRAWLED
    analysed = find_dates(festival, settings)
    assert analysed.published == normalize_published(CRAWLED) and analysed.published_source == "crawl"
    assert bridge.crawled == CRAWLED and find_dates(bridge, settings).published_source != "crawl"


@pytest.mark.skipif(".warc.gz" not in SUFFIXES, reason="readers.py does not dispatch WARC yet")
def test_archives_in_a_directory_are_read_with_the_others(tmp_path: Path) -> None:
    news_crawl().save(tmp_path / "crawl.warc.gz")
    plain = Archive(gzipped=False)
    plain.response(BRIDGE_URL, page(BRIDGE_TITLE, BRIDGE_BODY).encode())
    plain.save(tmp_path / "one.warc")
    docs = list(read_inputs([tmp_path], IngestSettings()))
    assert all(isinstance(d, RawDoc) for d in docs)
    assert [d.url for d in docs] == [
        BRIDGE_URL,
        FESTIVAL_URL,
        "https://alwaha-news.example/archive/festival",
        BRIDGE_URL,
    ]
