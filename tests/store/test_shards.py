"""Parquet shards of analysed articles: numbered, deterministic, read back whole."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from marsad.model import Article, Mention, Sentence, TimeExpression
from marsad.store.shards import SCHEMA_NAME, ShardWriter, read_shards, shard_dir, shard_paths, write_shards

VISIT = "زار وزير الزراعة سامر العلي مدينة الواحة يوم 12 مارس 2024 لتفقد مشروع الري الجديد."


def visit_article() -> Article:
    """An analysed article: sentences, an entity with its id, a resolved date."""
    minister = VISIT.index("سامر العلي")
    town = VISIT.index("الواحة")
    day = VISIT.index("12 مارس 2024")
    return Article(
        id="v-1",
        input="visits.jsonl#1",
        raw=VISIT,
        outlet="اخبار الواحة",
        url="https://alwaha.example/visit",
        title="الوزير في الواحة",
        published="2024-03-12",
        language="ar",
        text=VISIT,
        sentences=[Sentence(0, len(VISIT))],
        mentions=[
            Mention(minister, minister + 10, "PER", "سامر العلي", entity="e-samer"),
            Mention(town, town + 6, "GPE", "الواحة", entity="e-oasis"),
        ],
        times=[TimeExpression(day, day + 12, "12 مارس 2024", "2024-03-12", "day")],
        story="s-1",
    )


def numbered(count: int) -> list[Article]:
    return [
        Article(
            id=f"n-{n:03d}", input=f"many.jsonl#{n + 1}", raw="", text=f"خبر رقم {n} عن سوق الواحة.", story=f"s-{n % 3}"
        )
        for n in range(count)
    ]


def test_an_analysed_article_is_written_and_read_back_column_by_column(tmp_path: Path) -> None:
    (path,) = write_shards([visit_article()], tmp_path)
    assert path.name == "articles-00000.parquet"
    (row,) = read_shards(tmp_path)
    assert row["id"] == "v-1" and row["outlet"] == "اخبار الواحة" and row["story"] == "s-1"
    assert row["text"] == VISIT and row["sentences"] == 1 and row["duplicate_of"] is None
    assert [(e["text"], e["label"], e["entity"]) for e in row["entities"]] == [
        ("سامر العلي", "PER", "e-samer"),
        ("الواحة", "GPE", "e-oasis"),
    ]
    # Spans point into the text.
    assert all(VISIT[e["start"] : e["end"]] == e["text"] for e in row["entities"])
    (date,) = row["dates"]
    assert (date["text"], date["value"], date["grain"]) == ("12 مارس 2024", "2024-03-12", "day")
    assert VISIT[date["start"] : date["end"]] == "12 مارس 2024"
    assert pq.read_schema(path).metadata[b"schema"] == SCHEMA_NAME.encode()


def test_articles_are_split_into_numbered_shards_in_order(tmp_path: Path) -> None:
    with ShardWriter(tmp_path, rows_per_shard=40, row_group_rows=16) as writer:
        writer.write_all(numbered(100))
    assert [p.name for p in writer.paths] == [f"articles-0000{n}.parquet" for n in range(3)]
    assert [pq.ParquetFile(p).metadata.num_rows for p in writer.paths] == [40, 40, 20]
    # Row groups never straddle shards: 16 + 16 + 8 rows in each full shard.
    assert [pq.ParquetFile(writer.paths[0]).metadata.row_group(g).num_rows for g in range(3)] == [16, 16, 8]
    assert [row["id"] for row in read_shards(tmp_path)] == [a.id for a in numbered(100)]
    assert [row["story"] for row in read_shards(tmp_path, columns=["story"])][:4] == ["s-0", "s-1", "s-2", "s-0"]
    assert set(next(read_shards(tmp_path, columns=["id", "story"]))) == {"id", "story"}


def test_same_articles_give_the_same_bytes(tmp_path: Path) -> None:
    first = write_shards([visit_article(), *numbered(30)], tmp_path / "a", rows_per_shard=20)
    second = write_shards([visit_article(), *numbered(30)], tmp_path / "b", rows_per_shard=20)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_a_smaller_run_removes_the_shards_it_no_longer_writes(tmp_path: Path) -> None:
    write_shards(numbered(50), tmp_path, rows_per_shard=10)
    assert len(shard_paths(tmp_path)) == 5
    write_shards(numbered(12), tmp_path, rows_per_shard=10)
    assert [p.name for p in shard_paths(tmp_path)] == ["articles-00000.parquet", "articles-00001.parquet"]
    assert len(list(read_shards(tmp_path))) == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles-00000.parquet", "articles-00001.parquet"]


def test_a_failed_run_leaves_the_last_finished_run_in_place(tmp_path: Path) -> None:
    write_shards(numbered(25), tmp_path, rows_per_shard=10)
    before = {p.name: p.read_bytes() for p in shard_paths(tmp_path)}
    with pytest.raises(RuntimeError), ShardWriter(tmp_path, rows_per_shard=10, row_group_rows=5) as writer:
        writer.write_all(numbered(15)[::-1])
        raise RuntimeError("analysis failed half way")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_shards_sit_beside_the_store(tmp_path: Path) -> None:
    assert shard_dir(tmp_path / "out" / "marsad.db") == tmp_path / "out" / "shards"
    assert shard_paths(tmp_path / "nowhere") == [] and list(read_shards(tmp_path / "nowhere")) == []


def test_bad_sizes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="rows_per_shard"):
        ShardWriter(tmp_path, rows_per_shard=0)
