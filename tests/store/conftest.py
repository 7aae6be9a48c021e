"""Store fixtures: every contract test runs against a SQLite file and a PostgreSQL schema.

PostgreSQL comes from ``MARSAD_TEST_POSTGRES_URL`` (a database the tests may create and
drop schemas in) or, when that is unset, from a throwaway server started here with the
installed PostgreSQL binaries. The PostgreSQL variants skip only when neither exists.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest

from marsad.store.base import Store
from tests.store.postgres_server import PostgresServer, find_postgres_bin

URL_VARIABLE = "MARSAD_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgres"]


def with_schema(url: str, schema: str) -> str:
    """``url`` pointing at ``schema`` (replacing any schema it names)."""
    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "schema"]
    query = urlencode([*params, ("schema", schema)], quote_via=quote)
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{query}"


def drop_schema(url: str) -> None:
    import psycopg
    from psycopg import sql

    from marsad.store.postgres import split_url

    conninfo, schema = split_url(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database URL for the PostgreSQL variants (no schema in it)."""
    url = os.environ.get(URL_VARIABLE)
    if url:
        yield url
        return
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        pytest.skip(f"no PostgreSQL binaries (Debian: apt-get install postgresql) and {URL_VARIABLE} unset")
    server = PostgresServer.start(bin_dir)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def new_postgres_url(postgres_url: str) -> Iterator[Callable[[], str]]:
    """Makes URLs of fresh schemas, all dropped at the end of the test."""
    made: list[str] = []

    def make() -> str:
        made.append(with_schema(postgres_url, f"marsad_test_{uuid.uuid4().hex[:12]}"))
        return made[-1]

    yield make
    for url in made:
        drop_schema(url)


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives, once per backend: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "marsad.db")
    return request.getfixturevalue("new_postgres_url")()


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    from marsad.store import open_store

    with open_store(store_target) as opened:
        yield opened
