"""Reading Parquet files of articles lazily, a row group at a time.

A Parquet row is read like a JSONL row (:func:`marsad.ingest.readers.row_to_rawdoc`):
the same columns and aliases (``id, outlet, url, published, title, text | html``, ANT's
``docno``, ``src``, ``iso_time`` …), matched without regard to case. Only one batch of
rows is held at a time, so a file of any size reads in flat memory; a row group that
cannot be decoded is reported and the next one is read.

pyarrow is imported when a Parquet file is first read, so the rest of marsad works
without it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.config import IngestSettings
from marsad.ingest.encoding import DecodeError, decode_bytes
from marsad.ingest.readers import row_to_rawdoc
from marsad.model import InputError, RawDoc

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["BATCH_ROWS", "read_parquet"]

# Rows decoded at once: small enough that a batch of long articles stays a few MB.
BATCH_ROWS = 512


def read_parquet(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputError]:
    """The RawDocs of one Parquet file, row by row (``input`` is ``path#row``, rows
    counted from 1 across the whole file).

    A row without text or html, or with a body that is not text, is an InputError
    naming its row; a file that is not Parquet is one InputError naming the file; a
    row group that cannot be decoded is one InputError naming its rows, and reading
    goes on with the next row group.

    Example:
        >>> import pyarrow as pa, pyarrow.parquet as pq, tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = Path(tmp) / "a.parquet"
        ...     pq.write_table(pa.table({"docno": ["n1"], "Text": ["نص الخبر"]}), path)
        ...     [(d.id, d.input.endswith("a.parquet#1"), d.text) for d in read_parquet(path, IngestSettings())]
        [('n1', True, 'نص الخبر')]
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield InputError(str(path), "reading Parquet needs pyarrow (pip install pyarrow)")
        return
    try:
        # No pre-buffering: a local file gains nothing from it and holds a row group more.
        parquet = pq.ParquetFile(path, pre_buffer=False)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError or ValueError here
        yield InputError(str(path), f"not a readable Parquet file: {exc}")
        return
    with parquet:
        names = parquet.schema_arrow.names
        # A row holding every column would still have no body: say so once, not per row.
        if isinstance(row_to_rawdoc(dict.fromkeys((n.strip().lower() for n in names), "x"), str(path)), InputError):
            yield InputError(
                str(path), f"Parquet file has no text or html column (found: {', '.join(names) or 'none'})"
            )
            return
        row = 0
        for group in range(parquet.metadata.num_row_groups):
            group_rows = parquet.metadata.row_group(group).num_rows
            first = row
            try:
                for batch in parquet.iter_batches(batch_size=BATCH_ROWS, row_groups=[group], use_threads=False):
                    for values in _rows(batch):
                        row += 1
                        yield _row_to_doc(values, f"{path}#{row}", settings)
            except Exception as exc:  # a damaged column chunk: ArrowInvalid, OSError, …
                yield InputError(
                    f"{path}#{row + 1}",
                    f"row group {group} (rows {first + 1}-{first + group_rows}) cannot be read: {exc}",
                )
                row = first + group_rows


def _rows(batch: pa.RecordBatch) -> Iterator[dict[str, Any]]:
    """The rows of a batch as dicts with lower-cased column names; dates and times
    become ISO strings (as a JSONL file would carry them)."""
    import pyarrow as pa

    names: list[str] = []
    columns: list[pa.Array] = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        key = name.strip().lower()
        if key in names:  # "Text" and "text": the first column wins
            continue
        if pa.types.is_temporal(column.type):
            column = column.cast(pa.string())
        names.append(key)
        columns.append(column)
    values = [column.to_pylist() for column in columns]
    for index in range(batch.num_rows):
        yield {name: column[index] for name, column in zip(names, values, strict=True)}


def _row_to_doc(values: dict[str, Any], where: str, settings: IngestSettings) -> RawDoc | InputError:
    for key, value in values.items():
        if isinstance(value, bytes):
            # A binary column (raw page bytes) is text in some encoding; bytes that are
            # not text stay bytes, and row_to_rawdoc reports a body that is not a string.
            with contextlib.suppress(DecodeError):
                values[key], _ = decode_bytes(value)
    doc = row_to_rawdoc(values, where)
    if isinstance(doc, RawDoc):
        size = len(doc.text or "") + len(doc.html or "")
        if size > settings.max_file_bytes:
            return InputError(
                where, f"row body is over the {settings.max_file_bytes} byte limit (ingest.max_file_bytes)"
            )
    return doc
