"""Incremental equals batch: articles added one by one give the batch run's stories."""

import json
from pathlib import Path

from marsad.config import load_settings
from marsad.digest import RunReport, ingest, rebuild
from marsad.ingest.readers import row_to_rawdoc
from marsad.live import LiveDigest
from marsad.pipeline import Pipeline
from marsad.store.sqlite import SqliteStore
from tests.conftest import DATA, EXAMPLES, need


def _stories(store: SqliteStore) -> dict[str, tuple[str, ...]]:
    return {s.id: tuple(sorted(s.articles)) for s in store.iter_stories()}


def _assignment(store: SqliteStore) -> dict[str, tuple[str | None, str | None]]:
    return {a.id: (a.duplicate_of, a.story) for a in store.iter_articles()}


def test_seeds_one_by_one_equal_batch(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in need(DATA / "seeds.jsonl").read_text(encoding="utf-8").splitlines()]
    rows.sort(key=lambda r: r["published"])  # the order they were published in
    pipeline = Pipeline(load_settings())
    with SqliteStore(tmp_path / "batch.db") as batch:
        ingest(batch, [DATA / "seeds.jsonl"], pipeline, RunReport())
        rebuild(batch, pipeline, RunReport())
        expected_stories, expected = _stories(batch), _assignment(batch)
    with SqliteStore(tmp_path / "live.db") as store:
        live = LiveDigest(store, pipeline)
        for n, row in enumerate(rows):
            report = live.add([row_to_rawdoc(row, f"seeds#{n}")])
            assert report.added == [row["id"]]
        assert _assignment(store) == expected
        assert _stories(store) == expected_stories


def test_examples_streamed_equal_batch_and_an_old_article_triggers_a_replay(tmp_path: Path) -> None:
    pipeline = Pipeline(load_settings())
    with SqliteStore(tmp_path / "batch.db") as batch:
        ingest(batch, [EXAMPLES], pipeline, RunReport())
        rebuild(batch, pipeline, RunReport())
        articles = list(batch.iter_articles())
        expected_stories, expected = _stories(batch), _assignment(batch)
    # The same articles as JSON rows, in publication order, except the oldest, which
    # arrives last of all.
    rows = []
    for a in articles:
        row = {"id": a.id, "outlet": a.outlet, "url": a.url, "published": a.published, "title": a.title}
        row["html" if a.raw.lstrip().startswith("<") else "text"] = a.raw
        rows.append(row)
    oldest, rest = rows[0], rows[1:]
    with SqliteStore(tmp_path / "live.db") as store:
        live = LiveDigest(store, pipeline)
        for n, row in enumerate([*rest, oldest]):
            live.add([row_to_rawdoc(row, f"api#{n}")])
        assert _stories(store) == expected_stories
        assert _assignment(store) == expected
