"""Hostile and broken inputs, one by one: each is read or refused with a plain reason,
within the limits, and never stops the others. Regression tests for every break the
fuzz targets found (docs/hardening.md lists them)."""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

import pytest

from marsad.config import IngestSettings, LimitSettings, Settings, load_settings
from marsad.extract.article import extract_article, raw_hash
from marsad.extract.html import extract_html, flatten_html, html_depth, slim_html
from marsad.ingest.dates import normalize_published
from marsad.ingest.encoding import DecodeError, decode_bytes, replaced_bytes
from marsad.ingest.readers import read_inputs
from marsad.model import Article, InputError, RawDoc

TITLE = "افتتاح جسر نهر الريحان بعد أربع سنوات"
SENTENCE = "افتتح وزير النقل سامي الخطيب جسر نهر الريحان الجديد الذي يربط ضفتي المدينة. "
ARTICLE = TITLE + "\n" + SENTENCE * 3 + "\nوقال الوزير إن الجسر سيختصر زمن التنقل بين الضفتين إلى عشر دقائق."
PAGE_BODY = f"<article><h1>{TITLE}</h1><p>{SENTENCE * 6}</p><p>{SENTENCE * 4}</p></article>"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


def _read(*paths: Path, settings: IngestSettings | None = None) -> list[RawDoc | InputError]:
    return list(read_inputs(paths, settings or IngestSettings()))


def _extract(raw: RawDoc, settings: Settings) -> Article:
    article = extract_article(raw, settings)
    assert isinstance(article, Article), article
    return article


# --- HTML -------------------------------------------------------------------------------


def test_page_nested_ten_thousand_deep_keeps_its_text_and_says_it_was_flattened(settings: Settings) -> None:
    page = "<html><body>" + "<div>" * 10_000 + PAGE_BODY + "</div>" * 10_000 + "</body></html>"
    assert html_depth(page) == 10_004
    article = _extract(RawDoc(input="deep.html", html=page), settings)
    assert "سيختصر" not in article.text  # second paragraph is the page's, not invented
    assert article.text.count("افتتح وزير النقل") == 10
    assert "page flattened" in article.flags
    assert any("limits.max_html_depth" in r.reason and "10004" in r.text for r in article.removed)


def test_unclosed_deep_spans_and_unclosed_tags(settings: Settings) -> None:
    unclosed = "<html><body><p>" + "<span>" * 10_000 + SENTENCE * 5  # never closed
    article = _extract(RawDoc(input="spans.html", html=unclosed), settings)
    assert article.text.count("افتتح وزير النقل") == 5 and "page flattened" in article.flags
    sloppy = f"<html><body><article><h1>{TITLE}<p>{SENTENCE * 3}<p><b>{SENTENCE * 3}<i>{SENTENCE}"
    article = _extract(RawDoc(input="sloppy.html", html=sloppy), settings)
    assert article.text.count("افتتح وزير النقل") == 7 and article.flags == []


def test_flattening_keeps_text_and_the_outer_levels() -> None:
    page = "<div id='a'>" + "<div>" * 5 + "<b>نص &amp; رمز</b>" + "</div>" * 5 + "</div>"
    assert flatten_html(page, 4) == "<div id='a'><div><div>نص &amp; رمز</div></div></div>"
    # End tags with nothing open and optional end tags cost nothing.
    assert html_depth("</span>" * 1000 + "<p>a<p>b<li>c<br><img src=x>") == 0


def test_page_of_fifty_megabytes_is_cut_at_the_limit_and_flagged(settings: Settings, tmp_path: Path) -> None:
    filler = f"<div class='comment'><p>{SENTENCE * 4}</p></div>\n"
    page = f"<html><head><title>{TITLE}</title></head><body>{PAGE_BODY}" + filler * (50_000_000 // len(filler.encode()))
    path = tmp_path / "huge.html"
    path.write_text(page + "</body></html>", encoding="utf-8")
    assert path.stat().st_size > 50_000_000
    (doc,) = _read(path)
    article = _extract(doc, settings)
    assert "page truncated" in article.flags
    assert len(article.text) <= settings.ingest.max_article_chars
    assert any(r.reason.startswith("page over the 2,000,000 character limit") for r in article.removed)


def test_page_heavy_with_scripts_and_inline_images_loses_only_those() -> None:
    heavy = (
        f'<html><head><script type=\'application/ld+json\'>{{"datePublished": "2024-03-12"}}</script>'
        f"<script>{'var x = 1;' * 300_000}</script><style>{'p{}' * 100_000}</style></head>"
        f"<body>{PAGE_BODY}<img src='data:image/png;base64,{'A' * 500_000}'><!-- {'x' * 100_000} --></body></html>"
    )
    slim, cut = slim_html(heavy, 100_000)
    assert cut == 0 and "ld+json" in slim and "var x" not in slim and "AAAA" not in slim
    result = extract_html(heavy, limits=LimitSettings(max_html_chars=100_000))
    assert result.flags == [] and result.text.count("افتتح وزير النقل") == 10
    assert result.date == "2024-03-12"


@pytest.mark.parametrize(
    "page",
    [
        "<a" * 500_000,  # every tag unclosed: each must not scan to the end of the page
        "<script>x" * 200_000,  # scripts never closed
        "<!--" * 200_000,
        "<div " + "a=b " * 300_000,
    ],
    ids=["lt-a", "unclosed-scripts", "unclosed-comments", "endless-tag"],
)
def test_pathological_markup_is_read_in_linear_time(page: str) -> None:
    html = f"<html><body>{PAGE_BODY}{page}</body></html>"
    html_depth(html)
    slim_html(html, 50_000)
    try:
        result = extract_html(html, limits=LimitSettings(max_html_chars=200_000))
    except ValueError as exc:
        assert "no main text" in str(exc)
    else:
        assert "افتتح وزير النقل" in result.text


def test_script_only_empty_and_nul_pages_are_refused_with_a_reason(settings: Settings) -> None:
    for page in (
        "<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>",
        "<html></html>",
    ):
        error = extract_article(RawDoc(input="p.html", html=page), settings)
        assert isinstance(error, InputError) and error.input == "p.html" and "no main text" in error.reason
    article = _extract(RawDoc(input="nul.html", html=f"<html><body>{PAGE_BODY}\x00\x01\x0b</body></html>"), settings)
    assert "\x00" not in article.text and article.text.count("افتتح") == 10


def test_an_unexpected_failure_inside_extraction_is_the_input_s_error(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("marsad.extract.article.filter_chrome", broken)
    error = extract_article(RawDoc(input="x.txt", text=ARTICLE), settings)
    assert isinstance(error, InputError) and error.input == "x.txt"
    assert error.reason == "could not be extracted: KeyError: 'boom'"


# --- text, encodings ------------------------------------------------------------------


def test_a_single_huge_paragraph_is_cut_at_a_sentence(settings: Settings) -> None:
    article = _extract(RawDoc(input="one-line.txt", text=TITLE + "\n" + SENTENCE * 20_000), settings)
    assert len(article.text) <= settings.ingest.max_article_chars
    assert article.text.endswith("المدينة.") and "truncated" in article.flags
    (note,) = [r for r in article.removed if "ingest.max_article_chars" in r.reason]
    assert note.text.startswith("[") and "characters in 1 paragraphs" in note.text


def test_a_text_file_of_sixty_megabytes_is_cut_before_the_chrome_rules(settings: Settings) -> None:
    text = TITLE + "\n" + (SENTENCE * 10 + "\n") * (60_000_000 // len((SENTENCE * 10).encode()))
    article = _extract(RawDoc(input="big.txt", text=text), settings)
    assert len(article.text) <= settings.ingest.max_article_chars and "truncated" in article.flags


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso-8859-6"])
@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl", ".csv"])
def test_every_format_in_every_arabic_encoding(tmp_path: Path, suffix: str, encoding: str, settings: Settings) -> None:
    body = ARTICLE.replace("«", "").replace("»", "")
    if suffix == ".html":
        content = f"<html><body><article><h1>{TITLE}</h1><p>{SENTENCE * 5}</p></article></body></html>"
    elif suffix == ".jsonl":
        content = json.dumps({"id": "j1", "text": body}, ensure_ascii=False) + "\n"
        content += json.dumps({"id": "j2", "text": body + " ثانية"}, ensure_ascii=False) + "\n"
    elif suffix == ".csv":
        content = 'id,text\nc1,"' + body + '"\n'
    else:
        content = body
    path = tmp_path / f"in{suffix}"
    path.write_bytes(content.encode(encoding))
    docs = _read(path)
    assert docs and all(isinstance(d, RawDoc) for d in docs), docs
    for doc in docs:
        article = _extract(doc, settings)
        assert "افتتح وزير النقل سامي الخطيب" in article.text


def test_utf8_with_a_few_broken_bytes_is_read_and_flagged(tmp_path: Path, settings: Settings) -> None:
    data = ARTICLE.encode()
    path = tmp_path / "broken.txt"
    path.write_bytes(data[:60] + b"\xff" + data[60:-2])  # a stray byte, and cut inside the last letter
    (doc,) = _read(path)
    assert isinstance(doc, RawDoc) and replaced_bytes(doc.encoding) == 2
    article = _extract(doc, settings)
    assert "2 invalid UTF-8 bytes replaced with U+FFFD" in article.flags
    assert "سامي الخطيب" in article.text
    # A legacy page with a UTF-8 sequence or two by chance is still the legacy page.
    legacy = ARTICLE.encode("cp1256") + "ص".encode()
    assert decode_bytes(legacy)[1] == "windows-1256"


def test_binary_with_nul_bytes_that_looks_like_utf16_is_not_text() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(bytes([0x01, 0x00, 0xE8, 0x03]) * 500)  # uniform odd side, but control characters


def test_empty_binary_and_bom_only_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8)
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500))
    (tmp_path / "bom.jsonl").write_bytes(codecs.BOM_UTF8 + b"\n")
    docs = _read(tmp_path)
    errors = {Path(d.input).name: d.reason for d in docs if isinstance(d, InputError)}
    assert errors == {
        "bom.txt": "file is empty",
        "empty.txt": "file is empty",
        "image.html": "binary data (NUL bytes), not text",
    }


# --- JSONL and CSV --------------------------------------------------------------------


def test_jsonl_with_broken_hostile_lines_reports_each_by_number(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": ARTICLE}, ensure_ascii=False).encode()
    lines = [
        good,
        b"{oops",
        b"1" * 5000,  # an integer Python refuses to read
        b"[" * 5000 + b"]" * 5000,  # nested past the recursion limit
        b'{"id": "s\\ud800", "text": "\\udfff' + ARTICLE.encode("unicode_escape") + b'"}',  # lone surrogates
        b"\xff\xfe\x00",
        b"",
        b'{"text": 5}',
    ]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs = _read(path)
    by_line = {d.input.rsplit("#", 1)[1]: d for d in docs}
    assert sorted(by_line, key=int) == ["1", "2", "3", "4", "5", "6", "8"]
    assert isinstance(by_line["1"], RawDoc) and isinstance(by_line["5"], RawDoc)
    assert by_line["5"].id == "s\ufffd" and by_line["5"].text.startswith("\ufffd")
    raw_hash(by_line["5"])  # hashable, storable
    assert "not a JSON line" in by_line["2"].reason
    assert by_line["3"].reason == "JSON line cannot be read: a number in it is too long (over 4,300 digits)"
    assert by_line["4"].reason == "JSON line cannot be read: nested too deeply"
    assert by_line["8"].reason == "field 'text' is not a string"


def test_jsonl_line_over_the_limit_is_skipped_without_being_held(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "ok", "text": ARTICLE}, ensure_ascii=False).encode()
    path.write_bytes(b'{"text": "' + b"x" * 50_000 + b'"}\n' + good + b"\n" + b"y" * 30_000)
    docs = _read(path, settings=IngestSettings(max_file_bytes=10_000))
    assert [d.input.rsplit("#", 1)[1] for d in docs] == ["1", "2", "3"]
    assert isinstance(docs[1], RawDoc)
    assert docs[0].reason == docs[2].reason == "line is over the 10,000 byte limit (ingest.max_file_bytes)"


def test_gzip_bomb_csv_is_refused_by_its_unpacked_size(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv.gz"
    path.write_bytes(gzip.compress(b"id,text\n" + b"1,a\n" * 2_000_000))
    (error,) = _read(path, settings=IngestSettings(max_file_bytes=1_000_000))
    assert isinstance(error, InputError)
    assert error.reason == "file unpacked is 1.0 MB, over the 1 MB limit (ingest.max_file_bytes) or more"


def test_csv_with_missing_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        f'id,title,text\nc1,عنوان,"{SENTENCE}"\nc2,عنوان فقط\nc3\nc4,عنوان,"{SENTENCE}",زائد,زائد\n', encoding="utf-8"
    )
    docs = _read(path)
    assert [(d.input.rsplit("#", 1)[1], type(d).__name__) for d in docs] == [
        ("2", "RawDoc"),
        ("3", "InputError"),
        ("4", "InputError"),
        ("5", "RawDoc"),
    ]
    assert docs[1].reason == "row has 2 of the header's 3 columns (missing: text), and neither a text nor an html field"
    assert docs[2].reason.startswith("row has 1 of the header's 3 columns (missing: title, text)")


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (error,) = _read(fifo)
    assert isinstance(error, InputError) and error.reason == "not a regular file"


# --- invisible characters and presentation forms -------------------------------------------


def test_bidi_zero_width_and_presentation_forms_leave_clean_text(settings: Settings) -> None:
    disguised = "\ufe87\ufeb3\ufec4\ufee8\ufe92\ufeee\ufedd"  # إسطنبول in presentation forms
    text = f"وصل الوفد إلى {disguised} صباح اليوم\u200f.\nوقال سا\u200dمي الخ\u200cطيب\u202e إن اللقاء كان مثمرا\u2028وطويلا."
    raw = RawDoc(
        input="x.txt",
        title="عنوان\u200f الخبر",
        outlet="\u202bوكالة الريحان\u202c",
        url="https://\u200fexample.org/a",
        text=text,
    )
    article = _extract(raw, settings)
    assert article.text == "وصل الوفد إلى إسطنبول صباح اليوم.\n\nوقال سامي الخطيب إن اللقاء كان مثمرا\n\nوطويلا."
    assert (
        article.title == "عنوان الخبر" and article.outlet == "وكالة الريحان" and article.url == "https://example.org/a"
    )


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-18T99:99", None),
        ("2025-02-18T10:00+99:99", None),
        ("2025-02-18T10:00:75", None),
        ("2025-02-18T10:00+14:01", None),
        ("2025-02-18T10:00-1200", "2025-02-18T10:00:00-12:00"),
        ("\u200f2025-02-18\u200e", "2025-02-18"),
        ("٢٠٢٥-٠٢-١٨", "2025-02-18"),
        ("\uff12\uff10\uff12\uff15", "2025"),  # fullwidth digits
        ("2999-12-31T23:59:59+14:00", "2999-12-31T23:59:59+14:00"),
        ("3000-01-01", None),
        ("0999-12-31", None),
        ("9999-12-31T23:59:59", None),
        ("Sun, 15 Jul 99999 21:56:56 +0400", None),
        ("1/1/0001", None),
    ],
)
def test_publication_dates_far_off_and_malformed(value: str, expected: str | None) -> None:
    assert normalize_published(value) == expected


def test_articles_dated_at_the_edges_go_through_every_stage(settings: Settings) -> None:
    from marsad.pipeline import STAGES

    for published in ("1000-01-01", "2999-12-31T23:59:59+14:00", "0001-01-01", "+99999-01-01"):
        raw = RawDoc(
            input="edge.txt",
            published=published,
            text=ARTICLE + "\nوسيعقد اللقاء المقبل يوم الثلاثاء المقبل في 18 فبراير.",
        )
        article = _extract(raw, settings)
        for _, stage in STAGES:
            article = stage(article, settings)
        assert not [f for f in article.flags if f.startswith("stage ")], article.flags


# --- breaks the fuzz targets found (each shrunk to its smallest input) ------------------


def test_a_utf8_jsonl_line_with_broken_bytes_is_utf8_not_mojibake(tmp_path: Path) -> None:
    """ingest_jsonl: a line of a UTF-8 file with two stray bytes was read as windows-1252."""
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "g", "text": ARTICLE}, ensure_ascii=False).encode()
    path.write_bytes(good + b'\n{"id": "b", "text": "\xd9\x88\xd8\xb5\xd9\x84 \xff\xd8"}\n')
    docs = _read(path)
    assert [d.text for d in docs if isinstance(d, RawDoc)][1] == "وصل \ufffd\ufffd"
    assert docs[1].encoding == "utf-8, 2 invalid bytes replaced"


@pytest.mark.parametrize("text", ["عدد الثلاثاء", "وصل الوفد إلى المدينة", "شركة النخيل للطيران تطلق خطا جديدا"])
@pytest.mark.parametrize(("codec", "name"), [("iso-8859-6", "iso-8859-6"), ("cp1256", "windows-1256")])
def test_a_short_legacy_text_is_read_in_its_own_code_page(text: str, codec: str, name: str) -> None:
    """decode: «عدد الثلاثاء» in ISO-8859-6 read as «ظدد انثناثاء» (windows-1256): both
    readings were all Arabic letters; the reading made of common letters now wins."""
    assert decode_bytes(text.encode(codec)) == (text, name)


def test_a_byte_order_mark_alone_on_a_line_is_a_blank_line(tmp_path: Path) -> None:
    """ingest_jsonl: a file holding only a UTF-8 BOM reported "#1: not a JSON line"."""
    path = tmp_path / "feed.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b"\n" + json.dumps({"text": ARTICLE}, ensure_ascii=False).encode())
    assert [d.input.rsplit("#", 1)[1] for d in _read(path)] == ["2"]
    path.write_bytes(codecs.BOM_UTF8)
    assert _read(path) == []


def test_an_outlet_taken_from_a_url_is_cleaned_too(settings: Settings) -> None:
    """ingest_jsonl: an outlet derived from a url kept its bidi marks and presentation forms."""
    raw = RawDoc(input="x", url="https://\u200ewww.\ufeed\ufeb9\ufedd.example/a", text=ARTICLE)
    article = _extract(raw, settings)
    assert article.outlet == "وصل.example" and article.url == "https://www.وصل.example/a"


def test_lone_surrogates_never_reach_analysis(settings: Settings) -> None:
    """sentences/ner: a lone surrogate (which JSON can carry) made sentencex raise
    UnicodeEncodeError; extraction now replaces it, whichever way the RawDoc was made."""
    from marsad.pipeline import STAGES

    raw = RawDoc(input="api", id="s1", title="\ud800عنوان", text=ARTICLE + "\nد.\ud800 وصل الوفد.")
    raw_hash(raw)
    article = _extract(raw, settings)
    assert "\ud800" not in article.text + article.title + article.raw
    for _, stage in STAGES:
        article = stage(article, settings)
    assert not [f for f in article.flags if f.startswith("stage ")]
