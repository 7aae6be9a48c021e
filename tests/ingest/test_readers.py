import gzip
import json
from pathlib import Path

from marsad.config import IngestSettings
from marsad.ingest.readers import read_inputs
from marsad.model import InputError, RawDoc

ARTICLE = "حريق في مستودع الميناء\nاندلع حريق صباح الثلاثاء في مستودع بالميناء، وفق الدفاع المدني."


def _read(*paths: Path, settings: IngestSettings | None = None) -> list[RawDoc | InputError]:
    return list(read_inputs(paths, settings or IngestSettings()))


def test_directory_is_walked_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "1.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    docs = _read(tmp_path)
    assert [Path(d.input).name for d in docs] == ["1.txt", "2.txt"]
    assert all(isinstance(d, RawDoc) and d.text == ARTICLE for d in docs)


def test_windows_1256_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.encode("cp1256"))
    (doc,) = _read(path)
    assert isinstance(doc, RawDoc) and doc.text == ARTICLE and doc.encoding == "windows-1256"


def test_bad_inputs_are_reported_by_name_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    docs = _read(tmp_path, tmp_path / "missing.txt")
    errors = {Path(d.input).name: d.reason for d in docs if isinstance(d, InputError)}
    assert set(errors) == {"binary.txt", "empty.txt", "missing.txt"}
    assert "empty" in errors["empty.txt"] and "no such file" in errors["missing.txt"]
    assert [Path(d.input).name for d in docs if isinstance(d, RawDoc)] == ["good.txt"]


def test_jsonl_rows_with_aliases_and_broken_lines(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": "x1", "outlet": "وكالة", "published": "2025-03-11", "title": "عنوان", "text": "نص"}),
        "{broken json",
        json.dumps(["not", "an", "object"]),
        json.dumps({"docno": "AL-1", "src": "alarabia", "iso_time": "2018-05-08T10:00:00+04:00", "text": "نص"}),
        json.dumps({"id": "x3", "title": "بلا نص"}),
        "",
    ]
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(rows))
    docs = _read(path)
    good = [d for d in docs if isinstance(d, RawDoc)]
    bad = {d.input.rsplit("#", 1)[1]: d.reason for d in docs if isinstance(d, InputError)}
    assert [(d.id, d.outlet, d.published) for d in good] == [
        ("x1", "وكالة", "2025-03-11"),
        ("AL-1", "alarabia", "2018-05-08T10:00:00+04:00"),
    ]
    assert set(bad) == {"2", "3", "5"}
    assert "JSON" in bad["2"] and "object" in bad["3"] and "neither a text nor an html" in bad["5"]


def test_csv_without_a_text_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,title\n1,عنوان\n", encoding="utf-8")
    (error,) = _read(path)
    assert isinstance(error, InputError) and "no text or html column" in error.reason


def test_csv_rows_are_read(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('id,outlet,text\n1,موقع,"نص أول، مع فاصلة"\n2,موقع,نص ثان\n', encoding="utf-8")
    docs = _read(path)
    assert [(d.id, d.text) for d in docs if isinstance(d, RawDoc)] == [("1", "نص أول، مع فاصلة"), ("2", "نص ثان")]


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_text("<p>" + "ا" * 5000 + "</p>", encoding="utf-8")
    (error,) = _read(path, settings=IngestSettings(max_file_bytes=1000))
    assert isinstance(error, InputError) and "limit" in error.reason
