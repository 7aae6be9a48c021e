"""Reading web archives (.warc, .warc.gz): one RawDoc per archived HTML page.

News crawls (Common Crawl's CC-NEWS, a newsroom's own crawler, Heritrix, wget
``--warc-file``) are WARC files: request, response, revisit and metadata records one
after another, each gzip member holding one record. Only pages are articles, so
``response`` records of a successful HTML fetch and ``resource`` records of HTML
become RawDocs (the page goes through the HTML extractor as any .html input); every
other record is skipped without a message and counted (:class:`WarcCounts`, and one
log line per file).

Each record is read and handed on before the next is read, so an archive of any size
reads in flat memory. A damaged or truncated record is one InputError naming the file
and the byte offset of the record (what ``warcio extract FILE OFFSET`` takes), and
reading resumes at the next record that can be found.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import logging
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.config import IngestSettings
from marsad.ingest.encoding import DecodeError, decode_bytes
from marsad.model import InputError, RawDoc

__all__ = ["WarcCounts", "read_warc", "record_id"]

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_SCAN_BLOCK = 1 << 20
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
# Servers and pages declare these by default whatever the bytes are; an Arabic page
# labelled so is nearly always windows-1256 or UTF-8, which detection tells apart.
_DEFAULT_CHARSETS = frozenset({"iso8859-1", "cp1252", "ascii"})
# Python's codec names for the Arabic code pages, as decode_bytes names them.
_ENCODING_NAMES = {"cp1256": "windows-1256", "iso8859-6": "iso-8859-6"}
# RawDoc may grow a field for the crawl time (a fallback for pages without a date);
# WARC-Date never goes into ``published``, which would outrank the page's own date.
_CRAWLED_FIELD = "crawled" if "crawled" in {f.name for f in fields(RawDoc)} else None


@dataclass(slots=True)
class WarcCounts:
    """What was in the archives read: records seen, pages kept, and what was skipped
    and why (``request``, ``revisit``, ``not HTML``, ``HTTP 404`` …)."""

    records: int = 0
    pages: int = 0
    errors: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        return f"{self.records} records, {self.pages} HTML pages, {self.errors} errors; skipped: {skipped or 'none'}"

    def add(self, other: WarcCounts) -> None:
        self.records += other.records
        self.pages += other.pages
        self.errors += other.errors
        self.skipped.update(other.skipped)


def record_id(uri: str, warc_record_id: str) -> str:
    """A stable article id for an archived page: the same record of the same archive
    gets the same id on every run, two captures of one URL get two ids.

    Example:
        >>> record_id("https://example.com/a", "<urn:uuid:1>")
        'w07422c8cdbc1fbf'
    """
    return "w" + hashlib.sha256(f"{uri}\n{warc_record_id}".encode()).hexdigest()[:15]


def read_warc(path: Path, settings: IngestSettings, counts: WarcCounts | None = None) -> Iterator[RawDoc | InputError]:
    """The HTML pages of one WARC file as RawDocs, lazily, in archive order.

    ``input`` is ``path@offset``, the byte offset of the record (in the decompressed
    stream for an archive gzipped as one piece rather than record by record).

    Args:
        path: a ``.warc`` or ``.warc.gz`` file.
        settings: ``max_file_bytes`` bounds one record's page.
        counts: what was read and skipped is added to it, when given (one
            WarcCounts can total a whole run).
    """
    reader = _ArchiveReader(path, settings, WarcCounts())
    try:
        with path.open("rb") as stream:
            yield from reader.read(stream)
        if reader.one_member:
            # The whole archive gzipped as one member (warcio cannot read past its first
            # record): read it again through a gzip stream, past the records already read.
            with gzip.open(path, "rb") as stream:
                yield from reader.read(stream, skip=reader.read_records)
    except (OSError, EOFError, zlib.error) as exc:
        if not reader.damaged:
            reader.counts.errors += 1
            yield InputError(str(path), f"cannot be read to the end: {_describe(exc)}")
    finally:
        # Also when the caller stops early: the counts say what was read so far.
        logger.info("%s: %s", path, reader.counts.summary())
        if counts is not None:
            counts.add(reader.counts)


class _QuietArchiveIterator(ArchiveIterator):
    """warcio's iterator without its stderr warning on a record not followed by a
    blank line (damage marsad reports itself, as an InputError)."""

    INC_RECORD = ""


class _ArchiveReader:
    """Records of one archive, resynchronising after damage."""

    def __init__(self, path: Path, settings: IngestSettings, counts: WarcCounts) -> None:
        self.path = path
        self.settings = settings
        self.counts = counts
        self.read_records = 0
        self.one_member = False
        # Damage already reported and not yet followed by a good record: the same
        # damage met again (resynchronising, or at the end of the file) is not reported twice.
        self.damaged = False

    def read(self, stream: IO[bytes], skip: int = 0) -> Iterator[RawDoc | InputError]:
        """Pages of ``stream`` (an archive file, or a gzip stream over one); the first
        ``skip`` records were read before and are passed over."""
        head = stream.read(_SCAN_BLOCK // 16)
        gzipped = head.startswith(_GZIP_MAGIC)
        if skip == 0 and not _starts_like_warc(head, gzipped):
            self.counts.errors += 1
            yield InputError(str(self.path), "not a WARC file (it does not start with a WARC/1.x record)")
            return
        start = 0
        seen = 0
        while True:
            stream.seek(start)
            archive = _QuietArchiveIterator(stream)
            records = iter(archive)
            failed_at: int | None = None
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    break
                except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib, EOF, even AttributeError
                    if isinstance(exc, ArchiveLoadFailed) and "non-chunked gzip" in str(exc):
                        self.one_member = True
                        return
                    failed_at = archive.offset
                    if not self.damaged:
                        self.damaged = True
                        self.counts.errors += 1
                        yield InputError(f"{self.path}@{failed_at}", f"damaged WARC record ({_describe(exc)}); skipped")
                    break
                where = f"{self.path}@{archive.offset}"
                seen += 1
                self.read_records = max(self.read_records, seen)
                if seen <= skip:
                    _drain(record)
                    continue
                self.counts.records += 1
                was_damaged = self.damaged
                item = self._page(record, where)
                if isinstance(item, InputError):
                    if was_damaged and self.damaged:
                        continue
                    self.counts.errors += 1
                if item is not None:
                    yield item
            if failed_at is None:
                tail = _trailing_bytes(stream, archive.offset)
                if tail and not self.damaged:
                    self.counts.errors += 1
                    yield InputError(
                        f"{self.path}@{archive.offset}",
                        f"file ends inside a WARC record ({tail} bytes left unread); skipped",
                    )
                return
            # Always forward: the next start is looked for past where this attempt began.
            found = _next_record_start(stream, max(failed_at, start) + 1, gzipped)
            if found is None:
                return
            start = found

    def _page(self, record: Any, where: str) -> RawDoc | InputError | None:
        """The record's page, an error for a damaged record, None for any other record."""
        self.damaged = True
        if not record.rec_type or record.rec_headers.get_header("Content-Length") is None:
            _drain(record)
            return InputError(where, "damaged WARC record (no WARC-Type or Content-Length header); skipped")
        try:
            item = _record_to_doc(record, where, self.settings, self.counts)
            _drain(record)
        except (zlib.error, EOFError, OSError, ValueError) as exc:
            return InputError(where, f"damaged WARC record ({_describe(exc)}); skipped")
        if getattr(record.raw_stream, "limit", 0) > 0:
            # The file ended before the record's Content-Length: a cut-off record.
            if isinstance(item, RawDoc):
                self.counts.pages -= 1
            return InputError(where, "truncated: the file ends inside this record; skipped")
        self.damaged = False
        return item


def _starts_like_warc(head: bytes, gzipped: bool) -> bool:
    """Whether the file's first bytes open a WARC record (when they can be told: a
    damaged first gzip member is left to the record reader to report)."""
    if gzipped:
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return True
    return not head or head.lstrip(b"\r\n").startswith(b"WARC/")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, AttributeError | EOFError):
        return "truncated: the file ends inside it"
    if isinstance(exc, ArchiveLoadFailed):
        return "no WARC record header where one should start"
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(exc)).split())
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def _drain(record: Any) -> None:
    while record.raw_stream.read(_SCAN_BLOCK):
        pass


def _trailing_bytes(stream: IO[bytes], offset: int) -> int:
    """Non-blank bytes after the last record read (an uncompressed archive whose last
    record is cut short inside its header ends the iteration without an error)."""
    try:
        stream.seek(offset)
    except (OSError, ValueError):
        return 0
    left = 0
    while chunk := stream.read(_SCAN_BLOCK):
        left += len(chunk.strip())
    return left


def _next_record_start(stream: IO[bytes], position: int, gzipped: bool) -> int | None:
    """The next place a record may start: a gzip member header, or a ``WARC/1.`` line."""
    marker = _GZIP_MAGIC if gzipped else _WARC_START
    stream.seek(position)
    carry = b""
    base = position
    while chunk := stream.read(_SCAN_BLOCK):
        data = carry + chunk
        found = data.find(marker)
        while found != -1 and not gzipped and found > 0 and data[found - 1 : found] != b"\n":
            found = data.find(marker, found + 1)
        if found != -1:
            return base + found
        keep = len(marker)
        carry = data[-keep:]
        base += len(data) - keep
    return None


def _record_to_doc(record: Any, where: str, settings: IngestSettings, counts: WarcCounts) -> RawDoc | InputError | None:
    """An HTML page record as a RawDoc; None (counted) for any other record."""
    kind = record.rec_type
    if kind == "response":
        if record.http_headers is None:
            return _skip(counts, "response without HTTP headers")
        status = record.http_headers.get_statuscode() or ""
        if status != "200":
            return _skip(counts, f"HTTP {status or '?'}")
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif kind == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return _skip(counts, kind or "unknown record type")
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return _skip(counts, "not HTML")
    limit = settings.max_file_bytes
    if (record.length or 0) > limit:
        return InputError(where, f"page is {record.length / 1e6:.1f} MB, over the limit (ingest.max_file_bytes)")
    body = _read_body(record, limit)
    if body is None:
        return InputError(where, f"page is over {limit / 1e6:.0f} MB once decompressed (ingest.max_file_bytes)")
    if not mime and not _looks_like_html(body):
        return _skip(counts, "not HTML")
    if not body.strip():
        return _skip(counts, "empty page")
    try:
        html, encoding = _decode_page(body, content_type)
    except DecodeError as exc:
        return InputError(where, f"page bytes are not text: {exc}")
    rec_headers = record.rec_headers
    uri = (rec_headers.get_header("WARC-Target-URI") or "").strip() or None
    warc_date = rec_headers.get_header("WARC-Date")
    doc = RawDoc(
        input=where,
        # A record without its own id (malformed, but met) is told apart by its date.
        id=record_id(uri or where, rec_headers.get_header("WARC-Record-ID") or warc_date or ""),
        outlet=_outlet(uri),
        url=uri,
        html=html,
        encoding=encoding,
    )
    if _CRAWLED_FIELD and warc_date:
        setattr(doc, _CRAWLED_FIELD, warc_date)
    counts.pages += 1
    return doc


def _read_body(record: Any, limit: int) -> bytes | None:
    """The page bytes (HTTP chunking and content encoding undone), None over ``limit``."""
    stream = record.content_stream()
    parts: list[bytes] = []
    size = 0
    while chunk := stream.read(_SCAN_BLOCK):
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
    return b"".join(parts)


def _skip(counts: WarcCounts, why: str) -> None:
    counts.skipped[why] += 1
    return None


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith(b"<!doctype html") or b"<html" in head or b"<body" in head


def _outlet(uri: str | None) -> str | None:
    if not uri:
        return None
    host = urlsplit(uri).hostname or ""
    return host.removeprefix("www.").removeprefix("m.") or None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_page(body: bytes, content_type: str) -> tuple[str, str]:
    """The page as text, and the encoding it was in.

    Valid UTF-8 is taken as UTF-8 whatever the page declares (headers that say
    ISO-8859-1 over UTF-8 bytes are common); otherwise a declared charset (HTTP header,
    then ``<meta>``) is used when it decodes cleanly and is not a catch-all default;
    otherwise the encoding is detected as for any other input.
    """
    if not body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        header = _CHARSET.search(content_type)
        meta = _META_CHARSET.search(body[:4096])
        for declared in (header.group(1) if header else None, meta.group(1).decode("ascii") if meta else None):
            codec = _codec(declared)
            if codec and codec not in _DEFAULT_CHARSETS and codec != "utf-8":
                try:
                    return body.decode(codec), _ENCODING_NAMES.get(codec, codec)
                except UnicodeDecodeError:
                    continue
    return decode_bytes(body)
