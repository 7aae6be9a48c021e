"""What only the SQLite store does: one file, in WAL mode, that other connections see."""

from __future__ import annotations

from pathlib import Path

from marsad.store import open_store
from marsad.store.sqlite import SqliteStore
from tests.store.samples import article


def test_a_store_is_one_file_in_wal_mode_and_other_connections_see_its_writes(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with SqliteStore(path) as store, SqliteStore(path) as reader:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.save_articles([article("a1", "وصل الوفد إلى إسطنبول.")])
        assert (tmp_path / "m.db-wal").exists()
        assert reader.has_article("a1") and [h.article for h in reader.search("اسطنبول")] == ["a1"]
    with open_store(path) as again:
        assert isinstance(again, SqliteStore) and again.count_articles() == 1


def test_an_in_memory_store_works_without_a_file(tmp_path: Path) -> None:
    with SqliteStore(":memory:") as store:
        store.save_articles([article("a1", "نص قصير")])
        assert store.count_articles() == 1
    assert list(tmp_path.iterdir()) == []
