"""Parquet inputs: JSONL's columns and aliases, row by row, bad rows and groups reported.

Tables are built in each test from invented articles.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from marsad.config import IngestSettings, Settings
from marsad.extract.article import extract_article
from marsad.ingest.parquet import read_parquet
from marsad.ingest.readers import SUFFIXES, read_inputs
from marsad.model import Article, InputError, RawDoc

HARBOUR = "رست في ميناء الواحة صباح الاثنين سفينة تحمل ألفي طن من القمح، في أول شحنة تصل منذ إصلاح الرصيف الشمالي."
SCHOOL = "أعلنت مديرية التعليم في الواحة افتتاح ثلاث مدارس جديدة في القرى الجنوبية مع بداية العام الدراسي المقبل."
MARKET = "شهد سوق الخضار في وسط المدينة ارتفاعاً في أسعار الطماطم بعد موجة برد أتلفت جزءاً من المحصول."


def read(path: Path, settings: IngestSettings | None = None) -> list[RawDoc | InputError]:
    return list(read_parquet(path, settings or IngestSettings()))


def test_rows_are_read_with_jsonl_aliases_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "ant-like.parquet"
    table = pa.table(
        {
            "DocNo": ["h-1", "h-2"],
            "src": ["اخبار الواحة", "صوت الميناء"],
            "Headline": ["سفينة قمح في الميناء", "مدارس جديدة"],
            "body": [HARBOUR, SCHOOL],
            "link": ["https://alwaha.example/harbour", None],
            "iso_time": pa.array([dt.datetime(2024, 3, 4, 9, 15), None], pa.timestamp("ms", tz="UTC")),
            "cat": ["اقتصاد", "تعليم"],
        }
    )
    pq.write_table(table, path)
    harbour, school = read(path)
    assert isinstance(harbour, RawDoc) and isinstance(school, RawDoc)
    assert (harbour.id, harbour.outlet, harbour.title, harbour.text) == (
        "h-1",
        "اخبار الواحة",
        "سفينة قمح في الميناء",
        HARBOUR,
    )
    assert harbour.url == "https://alwaha.example/harbour" and school.url is None
    assert harbour.published == "2024-03-04 09:15:00.000Z" and school.published is None
    assert (harbour.input, school.input) == (f"{path}#1", f"{path}#2")


def test_timestamp_column_becomes_an_iso_publication_date(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "dated.parquet"
    when = pa.array([dt.datetime(2024, 3, 4, 9, 15)], pa.timestamp("ns", tz="UTC"))
    pq.write_table(pa.table({"id": ["m-1"], "text": [f"سوق الخضار\n{MARKET}"], "published": when}), path)
    (doc,) = read(path)
    article = extract_article(doc, settings)
    assert isinstance(article, Article) and article.published == "2024-03-04T09:15:00+00:00"
    assert article.title == "سوق الخضار" and MARKET in article.text


def test_null_text_and_missing_columns_are_errors_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "gaps.parquet"
    table = pa.table(
        {
            "id": ["g-1", "g-2", "g-3", "g-4"],
            "text": [SCHOOL, None, "", None],
            "html": [None, None, None, f"<html><body><p>{MARKET}</p></body></html>"],
        }
    )
    pq.write_table(table, path)
    docs = read(path)
    assert [type(d).__name__ for d in docs] == ["RawDoc", "InputError", "InputError", "RawDoc"]
    assert [d.input for d in docs if isinstance(d, InputError)] == [f"{path}#2", f"{path}#3"]
    assert all("neither a text nor an html" in d.reason for d in docs if isinstance(d, InputError))
    assert docs[0].text == SCHOOL and MARKET in docs[3].html


def test_table_without_any_body_column_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "titles-only.parquet"
    pq.write_table(pa.table({"id": [f"t-{n}" for n in range(1000)], "title": ["عنوان بلا نص"] * 1000}), path)
    (error,) = read(path)
    assert isinstance(error, InputError) and error.input == str(path)
    assert "no text or html column" in error.reason and "id, title" in error.reason


def test_binary_html_column_in_a_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "pages.parquet"
    html = f"<html><body><h1>مدارس جديدة</h1><p>{SCHOOL}</p></body></html>"
    pq.write_table(
        pa.table({"url": ["https://alwaha.example/schools"], "html": pa.array([html.encode("cp1256")], pa.binary())}),
        path,
    )
    (doc,) = read(path)
    assert isinstance(doc, RawDoc) and doc.html == html and doc.url == "https://alwaha.example/schools"


def test_row_numbers_run_across_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "groups.parquet"
    texts = [HARBOUR, SCHOOL, MARKET, HARBOUR + " " + SCHOOL, SCHOOL + " " + MARKET]
    pq.write_table(pa.table({"id": [f"r-{n}" for n in range(5)], "text": texts}), path, row_group_size=2)
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    docs = read(path)
    assert [(d.id, d.input) for d in docs] == [(f"r-{n}", f"{path}#{n + 1}") for n in range(5)]
    assert [d.text for d in docs] == texts


def test_damaged_row_group_is_reported_and_the_next_group_is_read(tmp_path: Path) -> None:
    path = tmp_path / "damaged.parquet"
    texts = [f"{HARBOUR} ({n})" for n in range(6)]
    pq.write_table(
        pa.table({"id": [f"d-{n}" for n in range(6)], "text": texts}), path, row_group_size=2, compression="zstd"
    )
    column = pq.ParquetFile(path).metadata.row_group(1).column(1)
    data = bytearray(path.read_bytes())
    start = column.data_page_offset + 20
    data[start : start + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    docs = read(path)
    errors = [d for d in docs if isinstance(d, InputError)]
    assert [d.id for d in docs if isinstance(d, RawDoc)] == ["d-0", "d-1", "d-4", "d-5"]
    assert len(errors) == 1 and errors[0].input == f"{path}#3" and "rows 3-4" in errors[0].reason


@pytest.mark.parametrize("content", [b"", b"PAR1 not really", "عمود,نص\n".encode()])
def test_not_a_parquet_file_is_one_error_naming_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(content)
    (error,) = read(path)
    assert isinstance(error, InputError) and error.input == str(path) and "Parquet" in error.reason


def test_row_over_the_size_limit_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "long.parquet"
    pq.write_table(pa.table({"id": ["l-1", "l-2"], "text": [HARBOUR * 100, SCHOOL]}), path)
    docs = read(path, IngestSettings(max_file_bytes=5_000))
    assert isinstance(docs[0], InputError) and docs[0].input == f"{path}#1" and "limit" in docs[0].reason
    assert isinstance(docs[1], RawDoc) and docs[1].text == SCHOOL


@pytest.mark.skipif(".parquet" not in SUFFIXES, reason="readers.py does not dispatch .parquet yet")
def test_parquet_files_in_a_directory_are_read_with_the_others(tmp_path: Path) -> None:
    (tmp_path / "harbour").mkdir()
    pq.write_table(pa.table({"id": ["p-1"], "text": [HARBOUR]}), tmp_path / "harbour" / "rows.parquet")
    (tmp_path / "school.txt").write_text(f"مدارس جديدة\n{SCHOOL}", encoding="utf-8")
    docs = list(read_inputs([tmp_path], IngestSettings()))
    assert [(d.id, d.outlet) for d in docs if isinstance(d, RawDoc) and d.id] == [("p-1", "harbour")]
    assert {d.input for d in docs} == {f"{tmp_path / 'harbour' / 'rows.parquet'}#1", str(tmp_path / "school.txt")}
