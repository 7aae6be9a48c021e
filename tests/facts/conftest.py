"""The example corpus and the seeds run through the pipeline once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.cli import main
from marsad.model import Article, Story
from marsad.store.sqlite import SqliteStore
from tests.conftest import DATA, EXAMPLES, need


def _run(inputs: list[Path], out: Path) -> tuple[dict[str, Article], list[Story]]:
    assert main(["digest", *map(str, inputs), "--out", str(out), "--quiet"]) == 0
    with SqliteStore(out / "marsad.db") as store:
        return {a.id: a for a in store.iter_articles(with_features=True)}, list(store.iter_stories())


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Article], list[Story]]:
    return _run([EXAMPLES], tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Article], list[Story]]:
    return _run([need(DATA / "seeds.jsonl")], tmp_path_factory.mktemp("seeds-facts"))
