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
import logging
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from marsad.config import IngestSettings
from marsad.ingest.encoding import DecodeError, decode_bytes, is_wide, replaced_name, utf8_replacing
from marsad.model import InputError, RawDoc

__all__ = ["SUFFIXES", "iter_input_files", "read_file", "read_inputs", "row_to_rawdoc"]

logger = logging.getLogger(__name__)

SUFFIXES = (
    ".txt",
    ".html",
    ".htm",
    ".jsonl",
    ".jsonl.gz",
    ".ndjson",
    ".csv",
    ".csv.gz",
    ".parquet",
    ".warc",
    ".warc.gz",
)

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
    for suffix in (".jsonl.gz", ".csv.gz", ".warc.gz"):
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
                yield InputError(str(path), "directory holds no .txt, .html, .jsonl, .csv, .parquet or .warc files")
            for file in sorted(found):
                yield file, path
        elif path.exists():
            if not path.is_file():
                # A FIFO or device would block the run or never end.
                yield InputError(str(path), "not a regular file")
            elif _suffix(path) not in SUFFIXES:
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


# JSON may escape half a surrogate pair ("\\ud800"); no file, database or hash takes one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


def row_to_rawdoc(row: dict[str, Any], where: str) -> RawDoc | InputError:
    """A JSONL/CSV row as a RawDoc, or an error saying what is missing."""
    text = _pick(row, "text")
    html = _pick(row, "html")
    if text is None and html is None:
        return InputError(where, "row has neither a text nor an html field")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return InputError(where, f"field {name!r} is not a string")
    doc = RawDoc(input=where, text=None if text is None else _text(text), html=None if html is None else _text(html))
    for key in ("id", "outlet", "url", "title"):
        value = _pick(row, key)
        if value is not None:
            setattr(doc, key, _text(str(value)).strip() or None)
    published = _pick(row, "published")
    if published is not None:
        # Kept as given; extraction normalises it and flags what it cannot read.
        doc.published = _text(str(published)).strip() or None
    return doc


def _too_big(size: float, settings: IngestSettings, what: str = "file") -> str:
    return (
        f"{what} is {size / 1e6:.1f} MB, over the {settings.max_file_bytes / 1e6:.0f} MB limit (ingest.max_file_bytes)"
    )


def _read_bytes(path: Path, settings: IngestSettings) -> bytes:
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise ValueError(_too_big(size, settings))
    if not path.name.lower().endswith(".gz"):
        return path.read_bytes()
    # Decompressed size is checked too: a small .gz may unpack to gigabytes.
    with gzip.open(path, "rb") as fh:
        data = fh.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        raise ValueError(_too_big(len(data), settings, "file unpacked") + " or more")
    return data


# Bytes read to guess a JSONL file's encoding before reading it line by line.
_SNIFF_BYTES = 65536
# A line of only these is blank (a byte-order mark alone included).
_BLANK = " \t\r\n\ufeff"


def _codec(encoding: str) -> str | None:
    """Python codec for an encoding name decode_bytes gave (None: decode per line)."""
    name = encoding.split(",")[0]
    return None if name == "empty" else name


def _bounded_lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of a binary file; None for a line over ``limit`` bytes, which
    is skipped without ever being held whole in memory."""
    number = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        elif len(line.rstrip(b"\r\n")) > limit:
            yield number, None
        else:
            yield number, line


def _json_row(text: str, where: str) -> RawDoc | InputError:
    try:
        row = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(where, f"not a JSON line: {exc}")
    except RecursionError:
        return InputError(where, "JSON line cannot be read: nested too deeply")
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            limit = sys.get_int_max_str_digits()
            return InputError(where, f"JSON line cannot be read: a number in it is too long (over {limit:,} digits)")
        return InputError(where, f"JSON line cannot be read: {str(exc)[:120]}")
    if not isinstance(row, dict):
        return InputError(where, f"JSON line is a {type(row).__name__}, not an object")
    return row_to_rawdoc(row, where)


def _read_jsonl(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputError]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
            if is_wide(head):
                # UTF-16/32 cannot be split on the newline byte: decode the whole file.
                yield from _jsonl_wide(path, head + fh.read(settings.max_file_bytes + 1 - len(head)), settings)
                return
            encoding = _sniff_encoding(head)
            fh.seek(0)
            for number, line in _bounded_lines(fh, settings.max_file_bytes):
                where = f"{path}#{number}"
                if line is None:
                    limit = settings.max_file_bytes
                    yield InputError(where, f"line is over the {limit:,} byte limit (ingest.max_file_bytes)")
                    continue
                if not line.strip():
                    continue
                try:
                    text, line_encoding = _decode_line(line, encoding)
                except DecodeError as exc:
                    yield InputError(where, f"not a JSON line: {exc}")
                    continue
                if not text.strip(_BLANK):
                    continue
                doc = _json_row(text.lstrip("\ufeff"), where)
                if isinstance(doc, RawDoc):
                    doc.encoding = line_encoding
                yield doc
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield InputError(str(path), f"cannot be read to the end: {exc}")


def _sniff_encoding(head: bytes) -> str | None:
    """The codec a JSONL file's first block decodes with, if it tells (UTF-8 or a
    legacy Arabic page); lines are then decoded with it, falling back line by line."""
    cut = head[: head.rfind(b"\n") + 1] or head
    try:
        _, encoding = decode_bytes(cut)
    except DecodeError:
        return None
    return _codec(encoding)


def _decode_line(line: bytes, encoding: str | None) -> tuple[str, str]:
    """A line in UTF-8 when it is valid UTF-8 (a strong sign), else in the file's
    encoding; a line of a UTF-8 file with more good characters than broken bytes is
    UTF-8 with those bytes replaced; anything else is decoded as it reads on its own."""
    for codec in ("utf-8", encoding):
        if codec:
            try:
                return line.decode(codec), codec
            except UnicodeDecodeError:
                pass
    utf8 = encoding in (None, "utf-8", "utf-8-sig")
    if utf8:
        text, broken, good = utf8_replacing(line)
        if good >= broken:
            return text, replaced_name(broken)
    text, found = decode_bytes(line)
    if found == "windows-1252" and utf8:
        # Not Arabic in any code page either: keep it as the UTF-8 the file is in.
        text, broken, _ = utf8_replacing(line)
        return text, replaced_name(broken)
    return text, found


def _jsonl_wide(path: Path, data: bytes, settings: IngestSettings) -> Iterator[RawDoc | InputError]:
    if len(data) > settings.max_file_bytes:
        yield InputError(str(path), _too_big(len(data), settings) + " or more")
        return
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        yield InputError(str(path), str(exc))
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip(_BLANK):
            doc = _json_row(line, f"{path}#{number}")
            if isinstance(doc, RawDoc):
                doc.encoding = encoding
            yield doc


def _read_csv(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputError]:
    try:
        text, encoding = decode_bytes(_read_bytes(path, settings))
    except (OSError, ValueError, EOFError, zlib.error) as exc:
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
            where = f"{path}#{number}"
            clean = {(k or "").strip().lower(): v for k, v in row.items() if isinstance(v, str)}
            missing = [k for k, v in row.items() if k is not None and v is None]
            doc = row_to_rawdoc(clean, where)
            if isinstance(doc, InputError) and missing:
                doc.reason = (
                    f"row has {len(header) - len(missing)} of the header's {len(header)} columns "
                    f"(missing: {', '.join(missing)}), and neither a text nor an html field"
                )
            elif isinstance(doc, RawDoc):
                doc.encoding = encoding
            yield doc
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
    # Imported here: both readers import this module (row_to_rawdoc, decode_bytes).
    if suffix == ".parquet":
        from marsad.ingest.parquet import read_parquet

        yield from read_parquet(path, settings)
        return
    if suffix in (".warc", ".warc.gz"):
        from marsad.ingest.warc import read_warc

        yield from read_warc(path, settings)
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
        try:
            for doc in read_file(file, settings):
                if isinstance(doc, RawDoc) and outlet and not doc.outlet:
                    doc.outlet = outlet
                yield doc
        except Exception as exc:  # a reader bug must cost one file, not the run
            logger.debug("reading %s failed", file, exc_info=True)
            yield InputError(str(file), f"could not be read: {type(exc).__name__}: {exc}")
