"""Analysed articles as Parquet shards, for large runs and for tools outside marsad.

The SQLite store answers marsad's own questions; a corpus of millions of articles is
also wanted column by column (pandas, DuckDB, Spark, a Dask cluster). A
:class:`ShardWriter` writes the articles, in the order given, to
``articles-00000.parquet``, ``articles-00001.parquet`` … of ``rows_per_shard`` rows
each, a row group at a time (memory holds one row group, never a shard). The same
articles in the same order give the same bytes. Shards are written under temporary
names and take their place only when the run closes, and shards left over from an
earlier, larger run are then removed: a shard directory mirrors the last run that
finished, never a mix of two.

Columns (schema ``marsad.shards/1``): ``id, input, outlet, url, published, title, text,
language, duplicate_of, story`` (strings), ``sentences`` (int32, how many),
``entities`` (list of ``{text, label, entity, start, end}``: mentions with their
resolved entity id), ``dates`` (list of ``{text, value, end_value, grain, kind, start,
end}``: time expressions with their resolved values). ``start``/``end`` are character
offsets into ``text``.

pyarrow is imported when shards are first written or read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.model import Article

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

__all__ = [
    "ROW_GROUP_ROWS",
    "SCHEMA_NAME",
    "SHARDS_DIRNAME",
    "SHARD_ROWS",
    "ShardWriter",
    "article_row",
    "read_shards",
    "shard_dir",
    "shard_paths",
    "write_shards",
]

SCHEMA_NAME = "marsad.shards/1"
SHARDS_DIRNAME = "shards"
SHARD_ROWS = 50_000
# Rows held in memory before they are written as one row group.
ROW_GROUP_ROWS = 2_000
_SHARD_NAME = re.compile(r"^articles-(\d{5,})\.parquet$")


def shard_dir(store_path: Path) -> Path:
    """The shard directory beside a SQLite store file (``DIR/marsad.db`` → ``DIR/shards``)."""
    return store_path.parent / SHARDS_DIRNAME


def _schema() -> pa.Schema:
    import pyarrow as pa

    entity = pa.struct(
        [
            ("text", pa.string()),
            ("label", pa.string()),
            ("entity", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
        ]
    )
    date = pa.struct(
        [
            ("text", pa.string()),
            ("value", pa.string()),
            ("end_value", pa.string()),
            ("grain", pa.string()),
            ("kind", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
        ]
    )
    strings = ("id", "input", "outlet", "url", "published", "title", "text", "language", "duplicate_of", "story")
    return pa.schema(
        [
            *((name, pa.string()) for name in strings),
            ("sentences", pa.int32()),
            ("entities", pa.list_(entity)),
            ("dates", pa.list_(date)),
        ],
        metadata={"schema": SCHEMA_NAME},
    )


def article_row(article: Article) -> dict[str, Any]:
    """One article as a shard row.

    Example:
        >>> from marsad.model import Mention
        >>> row = article_row(Article(id="a1", input="x.txt", raw="", text="زار الوزير عمّان",
        ...                           mentions=[Mention(11, 16, "GPE", "عمّان", entity="e7")]))
        >>> row["entities"]
        [{'text': 'عمّان', 'label': 'GPE', 'entity': 'e7', 'start': 11, 'end': 16}]
    """
    return {
        "id": article.id,
        "input": article.input,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "title": article.title,
        "text": article.text,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
        "story": article.story,
        "sentences": len(article.sentences),
        "entities": [
            {"text": m.text, "label": m.label, "entity": m.entity, "start": m.start, "end": m.end}
            for m in article.mentions
        ],
        "dates": [
            {
                "text": t.text,
                "value": t.value,
                "end_value": t.end_value,
                "grain": t.grain,
                "kind": t.kind,
                "start": t.start,
                "end": t.end,
            }
            for t in article.times
        ],
    }


class ShardWriter:
    """Writes articles to numbered Parquet shards in ``directory``.

    Args:
        directory: where the shards go (created if missing); see :func:`shard_dir`.
        rows_per_shard: articles per shard file.
        row_group_rows: articles per row group (what is held in memory at once).

    Raises:
        ValueError: for a shard or row group size below 1.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as directory:
        ...     with ShardWriter(Path(directory), rows_per_shard=2) as writer:
        ...         writer.write_all(Article(id=f"a{n}", input="x.txt", raw="", text="نص") for n in range(3))
        ...     [p.name for p in writer.paths]
        ...     [row["id"] for row in read_shards(Path(directory))]
        ['articles-00000.parquet', 'articles-00001.parquet']
        ['a0', 'a1', 'a2']
    """

    def __init__(
        self, directory: Path, *, rows_per_shard: int = SHARD_ROWS, row_group_rows: int = ROW_GROUP_ROWS
    ) -> None:
        if rows_per_shard < 1 or row_group_rows < 1:
            raise ValueError(
                f"rows_per_shard and row_group_rows must be at least 1 (got {rows_per_shard}, {row_group_rows})"
            )
        import pyarrow as pa  # noqa: F401  (fail here, not at the first row, when pyarrow is missing)

        self.directory = Path(directory)
        self.rows_per_shard = rows_per_shard
        self.row_group_rows = min(row_group_rows, rows_per_shard)
        self.paths: list[Path] = []
        self.rows = 0
        self._temps: list[Path] = []
        self._schema = _schema()
        self._buffer: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None
        self._shard_rows = 0
        self._closed = False
        self.directory.mkdir(parents=True, exist_ok=True)
        for leftover in self.directory.glob(".articles-*.parquet.tmp"):  # from a run that crashed
            leftover.unlink()

    def write(self, article: Article) -> None:
        """Add one article (after the ones written before)."""
        if self._closed:
            raise ValueError("ShardWriter is closed")
        self._buffer.append(article_row(article))
        self.rows += 1
        # A row group never straddles two shards.
        room = self.rows_per_shard - self._shard_rows
        if len(self._buffer) >= min(self.row_group_rows, room):
            self._flush()

    def write_all(self, articles: Iterable[Article]) -> None:
        for article in articles:
            self.write(article)

    def close(self) -> list[Path]:
        """Write what is buffered, finish the last shard, remove stale shards; the
        shard paths, in order."""
        if self._closed:
            return self.paths
        self._flush()
        self._finish_shard()
        self._closed = True
        for number, temp in enumerate(self._temps):
            final = self.directory / f"articles-{number:05d}.parquet"
            os.replace(temp, final)
            self.paths.append(final)
        written = {p.name for p in self.paths}
        for stale in shard_paths(self.directory):
            if stale.name not in written:
                stale.unlink()
        return self.paths

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            # A failed run leaves the shards of the last finished run as they were.
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            for temp in self._temps:
                temp.unlink(missing_ok=True)
            self._closed = True

    def _temp_path(self) -> Path:
        return self.directory / f".articles-{len(self._temps):05d}.parquet.tmp"

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._buffer:
            return
        if self._writer is None:
            self._temps.append(self._temp_path())
            self._writer = pq.ParquetWriter(self._temps[-1], self._schema, compression="zstd")
        table = pa.Table.from_pylist(self._buffer, schema=self._schema)
        self._writer.write_table(table, row_group_size=len(self._buffer))
        self._shard_rows += len(self._buffer)
        self._buffer.clear()
        if self._shard_rows >= self.rows_per_shard:
            self._finish_shard()

    def _finish_shard(self) -> None:
        if self._writer is None:
            return
        self._writer.close()
        self._writer = None
        self._shard_rows = 0


def write_shards(articles: Iterable[Article], directory: Path, *, rows_per_shard: int = SHARD_ROWS) -> list[Path]:
    """Write ``articles`` as shards in ``directory``; the shard paths."""
    with ShardWriter(directory, rows_per_shard=rows_per_shard) as writer:
        writer.write_all(articles)
    return writer.paths


def shard_paths(directory: Path) -> list[Path]:
    """The shard files of ``directory``, in order."""
    if not Path(directory).is_dir():
        return []
    found = [p for p in Path(directory).iterdir() if _SHARD_NAME.match(p.name)]
    return sorted(found, key=lambda p: int(_SHARD_NAME.match(p.name).group(1)))  # type: ignore[union-attr]


def read_shards(directory: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The rows of every shard in ``directory``, in order, a batch at a time.

    Args:
        directory: a shard directory.
        columns: only these columns (reading ``id`` and ``story`` of a large corpus
            does not decode its text).
    """
    import pyarrow.parquet as pq

    for path in shard_paths(directory):
        with pq.ParquetFile(path, pre_buffer=False) as parquet:
            for batch in parquet.iter_batches(batch_size=1024, columns=columns, use_threads=False):
                yield from batch.to_pylist()
