"""Reading inputs: files and directories of .txt, .html/.htm, .jsonl(.gz) and .csv(.gz).

Everything here yields either a :class:`RawDoc` or an :class:`InputError`; a bad input
never stops the others. Rows of JSONL/CSV may carry ``id, outlet, url, published,
title, text | html``; common aliases (ANT's ``docno``, ``src``, ``iso_time``) are read
too, so corpora can be fed as they are.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.config import IngestSettings
from marsad.ingest.encoding import DecodeError, decode_bytes
from marsad.model import InputError, RawDoc

__all__ = ["SUFFIXES", "iter_input_files", "read_file", "read_inputs", "row_to_rawdoc"]

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".csv.gz")

_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "docno", "doc_id", "article_id", "guid"),
    "outlet": ("outlet", "source", "src", "site", "sitename", "publisher"),
    "url": ("url", "link", "uri"),
    "published": ("published", "iso_time", "date", "published_at", "pubdate", "time", "datetime"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "maintext"),
    "html": ("html", "raw_html", "page"),
}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".jsonl.gz", ".csv.gz"):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files to read, in a stable order: each given file, and each directory walked
    recursively (sorted, hidden entries skipped) for files with a known suffix."""
    for item in _iter_files(paths):
        yield item if isinstance(item, InputError) else item[0]


def _iter_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path | None] | InputError]:
    """(file, the directory given that holds it, or None for a file given by name)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in files if not f.startswith(".") and _suffix(Path(f)) in SUFFIXES)
            if not found:
                yield InputError(str(path), "directory holds no .txt, .html, .jsonl or .csv files")
            for file in sorted(found):
                yield file, path
        elif path.exists():
            if _suffix(path) not in SUFFIXES:
                yield InputError(
                    str(path), f"unsupported file type {path.suffix!r} (expected one of {', '.join(SUFFIXES)})"
                )
            else:
                yield path, None
        else:
            yield InputError(str(path), "no such file or directory")


def _pick(row: dict[str, Any], key: str) -> Any:
    for alias in _ALIASES[key]:
        value = row.get(alias)
        if value not in (None, ""):
            return value
    return None


def row_to_rawdoc(row: dict[str, Any], where: str) -> RawDoc | InputError:
    """A JSONL/CSV row as a RawDoc, or an error saying what is missing."""
    text = _pick(row, "text")
    html = _pick(row, "html")
    if text is None and html is None:
        return InputError(where, "row has neither a text nor an html field")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return InputError(where, f"field {name!r} is not a string")
    doc = RawDoc(input=where, text=text, html=html)
    for key in ("id", "outlet", "url", "title"):
        value = _pick(row, key)
        if value is not None:
            setattr(doc, key, str(value).strip() or None)
    published = _pick(row, "published")
    if published is not None:
        # Kept as given; extraction normalises it and flags what it cannot read.
        doc.published = str(published).strip() or None
    return doc


def _read_bytes(path: Path, settings: IngestSettings) -> bytes:
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise ValueError(
            f"file is {size / 1e6:.1f} MB, over the {settings.max_file_bytes / 1e6:.0f} MB limit "
            "(ingest.max_file_bytes)"
        )
    return path.read_bytes()


def _read_jsonl(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputError]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                where = f"{path}#{number}"
                if not line.strip():
                    continue
                if len(line) > settings.max_file_bytes:
                    yield InputError(where, f"line is over the {settings.max_file_bytes} byte limit")
                    continue
                try:
                    text, _ = decode_bytes(line)
                    row = json.loads(text)
                except (DecodeError, json.JSONDecodeError) as exc:
                    yield InputError(where, f"not a JSON line: {exc}")
                    continue
                if not isinstance(row, dict):
                    yield InputError(where, f"JSON line is a {type(row).__name__}, not an object")
                    continue
                yield row_to_rawdoc(row, where)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputError(str(path), f"cannot be read to the end: {exc}")


def _read_csv(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputError]:
    try:
        data = gzip.decompress(path.read_bytes()) if path.name.lower().endswith(".gz") else _read_bytes(path, settings)
        text, _ = decode_bytes(data)
    except (OSError, ValueError, EOFError) as exc:
        yield InputError(str(path), str(exc))
        return
    csv.field_size_limit(settings.max_file_bytes)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        known = {a for aliases in (_ALIASES["text"], _ALIASES["html"]) for a in aliases}
        if not known & {h.strip().lower() for h in header if h}:
            yield InputError(str(path), f"CSV header has no text or html column (found: {', '.join(header) or 'none'})")
            return
        for number, row in enumerate(reader, start=2):
            clean = {(k or "").strip().lower(): v for k, v in row.items() if isinstance(v, str)}
            yield row_to_rawdoc(clean, f"{path}#{number}")
    except csv.Error as exc:
        yield InputError(f"{path}#{reader.line_num}", f"broken CSV: {exc}")


def read_file(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputError]:
    """The RawDocs of one file (one for .txt/.html, one per row for JSONL/CSV)."""
    suffix = _suffix(path)
    if suffix in (".jsonl", ".jsonl.gz", ".ndjson"):
        yield from _read_jsonl(path, settings)
        return
    if suffix in (".csv", ".csv.gz"):
        yield from _read_csv(path, settings)
        return
    try:
        data = _read_bytes(path, settings)
        text, encoding = decode_bytes(data)
    except (OSError, ValueError) as exc:
        yield InputError(str(path), str(exc))
        return
    if not text.strip():
        yield InputError(str(path), "file is empty")
        return
    if suffix in (".html", ".htm"):
        yield RawDoc(input=str(path), html=text, encoding=encoding)
    else:
        yield RawDoc(input=str(path), text=text, encoding=encoding)


def read_inputs(paths: Iterable[str | Path], settings: IngestSettings) -> Iterator[RawDoc | InputError]:
    """Every RawDoc (or error) of the given files and directories, in a stable order.

    A file found in a subdirectory of a given directory (``news/<outlet>/a.txt``) takes
    the subdirectory's name as its outlet when nothing in it names one; files directly
    in the given directory, or given by name, have no outlet from their path.
    """
    for item in _iter_files(paths):
        if isinstance(item, InputError):
            yield item
            continue
        file, root = item
        outlet = None
        if root is not None:
            parts = file.relative_to(root).parts
            outlet = parts[-2] if len(parts) >= 2 else None
        for doc in read_file(file, settings):
            if isinstance(doc, RawDoc) and outlet and not doc.outlet:
                doc.outlet = outlet
            yield doc
