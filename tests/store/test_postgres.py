"""What only the PostgreSQL store does (URLs, schemas), and that its search equals SQLite's."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from marsad.config import Settings
from marsad.store import open_store
from marsad.store.postgres import PostgresStore, is_postgres_url, split_url
from marsad.store.sqlite import SqliteStore
from tests.conftest import DATA, need
from tests.store.samples import article, corpus


def test_urls_choose_the_backend_and_carry_the_schema() -> None:
    assert is_postgres_url("postgresql://u@db/marsad") and is_postgres_url("POSTGRES://db/marsad")
    assert not is_postgres_url("out/marsad.db") and not is_postgres_url(Path("postgresql:/db"))
    assert split_url("postgresql://u:pw@db:5433/marsad?schema=news&sslmode=require") == (
        "postgresql://u:pw@db:5433/marsad?sslmode=require",
        "news",
    )
    assert split_url("postgres:///marsad") == ("postgres:///marsad", "public")
    with pytest.raises(ValueError, match="empty schema"):
        split_url("postgresql://db/marsad?schema=")
    with pytest.raises(ValueError, match="as str, not Path"):
        open_store(Path("postgresql://db/marsad"))
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        PostgresStore("db/marsad")


def test_a_schema_is_one_store_kept_between_opens(new_postgres_url: Callable[[], str]) -> None:
    first, second = new_postgres_url(), new_postgres_url()
    with open_store(first) as store:
        assert isinstance(store, PostgresStore) and store.schema == split_url(first)[1]
        store.save_articles([article("a1", "وصل الوفد إلى إسطنبول.")])
        store.set_state("chrome", {"lines": 3})
    with open_store(second) as other:
        assert other.count_articles() == 0 and other.search("اسطنبول") == []
        other.save_articles([article("b1", "افتتح مهرجان التمور.")])
    with open_store(first) as again:
        assert [a.id for a in again.iter_articles()] == ["a1"]
        assert [h.article for h in again.search("اسطنبول")] == ["a1"]
        assert again.get_state("chrome") == {"lines": 3}


def test_stores_opened_at_once_create_one_schema(new_postgres_url: Callable[[], str]) -> None:
    url = new_postgres_url()
    errors: list[BaseException] = []
    stores: list[PostgresStore] = []

    def open_one() -> None:
        try:
            stores.append(PostgresStore(url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and len(stores) == 3
    stores[0].save_articles([article("a1", "نص")])
    assert [s.count_articles() for s in stores] == [1, 1, 1]
    for s in stores:
        s.close()


def test_text_with_nul_is_stored(new_postgres_url: Callable[[], str]) -> None:
    with open_store(new_postgres_url()) as store:
        a = article("a1", "نص فيه\x00محرف فارغ")
        assert store.save_articles([a]).added == ["a1"]
        assert store.get_article("a1").text == "نص فيه\ufffdمحرف فارغ"
        assert store.save_articles([a]).unchanged == ["a1"]  # the content hash is of the input as given


# Written for this test: Arabic variants, Latin with accents, joined words, numbers.
EXTRA = [
    ("x1", "Café Noir في الرباط: نشرة foo_bar الأسبوعية عن café noir والقهوة."),
    ("x2", "الرئيس ترامب التقى ترمب الابن، وقال ترامب إن الاتفاق قريب بنسبة 45 بالمئة."),
    ("x3", "bar foo وfoo_bar وfoo-bar، ثم FOO BAR مرة أخرى في ٤٥ دقيقة."),
    ("x4", "المدرسة الكبرى في الإسكندرية تستقبل الطلاب؛ مدرسةٌ كُبرى للأطفال 🙂 أيضاً."),
]
QUERIES = [
    "اسطنبول",
    "امريكي",
    "إسطنبول الأميركي",
    "الحريق",
    "حريق ميناء",
    "في",
    "التمور",
    "foo_bar",
    "foo bar",
    "cafe",
    "CAFÉ noir",
    "ترمب",
    "45",
    "مدرسة",
    "الاسكندرية",
    "كلمةغائبة التمور",
    "_",
    "«اسطنبول»",
]


def test_search_gives_the_same_hits_scores_and_snippets_as_sqlite(
    new_postgres_url: Callable[[], str], tmp_path: Path
) -> None:
    arts = corpus() + [article(aid, text, "2025-04-01", outlet="extra") for aid, text in EXTRA]
    with SqliteStore(tmp_path / "m.db") as lite, open_store(new_postgres_url()) as pg:
        lite.save_articles(arts)
        pg.save_articles(arts)
        for query in QUERIES:
            expected = lite.search(query, limit=50)
            got = pg.search(query, limit=50)
            assert [(h.article, h.snippet) for h in got] == [(h.article, h.snippet) for h in expected], query
            assert [h.score for h in got] == pytest.approx([h.score for h in expected], rel=1e-9, abs=1e-15), query
        # The queries above do exercise matching: spot-check a few by content.
        assert [h.article for h in pg.search("foo_bar")] == ["x1", "x3"]  # a phrase: foo then bar
        assert {h.article for h in pg.search("ترمب")} == {"x2"}
        assert {h.article for h in pg.search("cafe")} == {"x1"}


def test_the_digest_job_writes_the_same_outputs_from_either_store(
    new_postgres_url: Callable[[], str], tmp_path: Path, settings: Settings
) -> None:
    from marsad.digest import RunReport, ingest, rebuild, write_outputs
    from marsad.pipeline import Pipeline

    seeds = need(DATA / "seeds.jsonl")
    pipeline = Pipeline(settings)
    outputs = {}
    for name, target in (("sqlite", str(tmp_path / "marsad.db")), ("postgres", new_postgres_url())):
        with open_store(target) as store:
            report = RunReport()
            ingest(store, [seeds], pipeline, report)
            rebuild(store, pipeline, report)
            assert (len(report.added), report.articles) == (5, 5)
            outputs[name] = write_outputs(store, tmp_path / name, settings)
    for kind, path in outputs["sqlite"].items():
        assert outputs["postgres"][kind].read_bytes() == path.read_bytes(), kind
