"""Where articles and results are kept: a SQLite file by default, or a PostgreSQL schema.

:func:`open_store` picks the backend by its target, so every command takes either::

    out/marsad.db                                   a SQLite file (made if missing)
    postgresql://user@host:5432/marsad?schema=news  a schema of a PostgreSQL database
"""

from __future__ import annotations

from pathlib import Path

from marsad.store.base import SaveResult, SearchHit, Store
from marsad.store.postgres import is_postgres_url

__all__ = ["SaveResult", "SearchHit", "Store", "is_postgres_url", "open_store"]


def open_store(target: str | Path) -> Store:
    """The store at ``target``: a ``postgresql://`` or ``postgres://`` URL opens a
    :class:`~marsad.store.postgres.PostgresStore`, anything else is a SQLite file path.

    Raises:
        ValueError: ``target`` is a Path that looks like a mangled URL (``Path`` folds the
            ``//`` of ``postgresql://``: pass URLs as str).

    Example:
        >>> with open_store(":memory:") as store:
        ...     type(store).__name__, store.count_articles()
        ('SqliteStore', 0)
    """
    if is_postgres_url(target):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(str(target))
    if isinstance(target, Path) and str(target).lower().startswith(("postgresql:", "postgres:")):
        raise ValueError(f"{target}: a PostgreSQL URL must be passed as str, not Path (Path folds its '//')")
    from marsad.store.sqlite import SqliteStore

    return SqliteStore(target)
