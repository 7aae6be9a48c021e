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


def test_ant_slice_one_by_one_equal_batch(tmp_path: Path) -> None:
    """2,000 real ANT articles (the first lines of the corpus), posted one at a time in
    publication order, end with the batch run's duplicates and stories."""
    import gzip

    ant = need(DATA / "ant" / "ant_v2.1_multisource.jsonl.gz")
    with gzip.open(ant, "rt", encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(2000)]
    (tmp_path / "slice.jsonl").write_text("".join(lines), encoding="utf-8")
    rows = sorted((json.loads(line) for line in lines), key=lambda r: (r["iso_time"], r["docno"]))
    pipeline = Pipeline(load_settings())
    with SqliteStore(tmp_path / "batch.db") as batch:
        ingest(batch, [tmp_path / "slice.jsonl"], pipeline, RunReport())
        rebuild(batch, pipeline, RunReport())
        expected_stories, expected = _stories(batch), _assignment(batch)
    assert len(expected) == 2000 and 1000 < len(expected_stories) < 2000
    assert sum(1 for dup, _ in expected.values() if dup) > 0
    with SqliteStore(tmp_path / "live.db") as store:
        live = LiveDigest(store, pipeline)
        for n, row in enumerate(rows):
            live.add([row_to_rawdoc(row, f"ant#{n}")])
        assert _assignment(store) == expected
        assert _stories(store) == expected_stories
