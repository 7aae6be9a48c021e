"""Reading large inputs lazily: JSONL.gz vs Parquet vs WARC.gz, and Parquet shards out.

Usage:  python bench/read_shards.py [--copies 4] [--keep]

Converts the whole ANT corpus (../shared/data/ant/ant_v2.1_multisource.jsonl.gz) into a
temporary Parquet file (row groups of 5,000 rows) and a temporary WARC.gz (one HTML page
per article, each as a request/response pair, one gzip member per record) under /tmp,
and writes it as analysed-article shards (ShardWriter, 50,000 rows per shard). It does
the same for the corpus repeated --copies times. Each file is then read in a fresh
process through marsad's reader for that format, and the bench prints records/s and
the reader's memory: resident set above the process's start (after imports) at the end
of the read, and its peak (VmHWM). Reading is lazy when the peak does not grow with
the input: compare the 1x and Nx rows. Temporary files are deleted unless --keep.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

ANT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"


def _memory_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (peak resident) of this process, in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1e3
    raise RuntimeError(f"no {field} in /proc/self/status")


def _ant_rows(copies: int = 1) -> Iterator[dict[str, Any]]:
    for _ in range(copies):
        with gzip.open(ANT, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def to_parquet(path: Path, copies: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    batch: list[dict[str, Any]] = []
    count = 0

    def flush() -> None:
        nonlocal writer
        table = pa.Table.from_pylist(batch)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table.cast(writer.schema))
        batch.clear()

    for row in _ant_rows(copies):
        batch.append({k: (None if v is None else str(v)) for k, v in row.items()})
        count += 1
        if len(batch) == 5000:
            flush()
    if batch:
        flush()
    assert writer is not None
    writer.close()
    return count


def to_warc(path: Path, copies: int) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    if copies > 1:
        # A WARC.gz is a series of gzip members: copies are the file's bytes repeated.
        single = path.with_name("single-" + path.name)
        count = to_warc(single, 1)
        with path.open("wb") as out:
            for _ in range(copies):
                out.write(single.read_bytes())
        single.unlink()
        return count * copies
    count = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number, row in enumerate(_ant_rows()):
            # Crawlers record URLs percent-encoded (HTTP request lines are ASCII).
            url = quote(row.get("url") or f"https://ant.example/{row.get('docno')}", safe=":/?#[]@!$&'()*+,;=%")
            title = html.escape(row.get("title") or "")
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in (row.get("text") or "").split("\n") if p.strip())
            page = (
                f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body><nav><a href='/'>home</a></nav><article><h1>{title}</h1>{paragraphs}</article></body></html>"
            ).encode()
            date = (row.get("iso_time") or "2018-01-01T00:00:00")[:19] + "Z"
            ids = {"WARC-Date": date}
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "ant.example")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "request",
                    http_headers=request,
                    warc_headers_dict={**ids, "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-1000-{number:012d}>"},
                )
            )
            response = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(page),
                    http_headers=response,
                    warc_headers_dict={**ids, "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-2000-{number:012d}>"},
                )
            )
            count += 1
    return count


def to_shards(directory: Path, copies: int) -> int:
    from marsad.model import Article, Sentence
    from marsad.store.shards import ShardWriter

    with ShardWriter(directory) as writer:
        for row in _ant_rows(copies):
            text = row.get("text") or ""
            writer.write(
                Article(
                    id=str(row.get("docno")),
                    input=str(ANT),
                    raw="",
                    outlet=row.get("src"),
                    url=row.get("url"),
                    title=row.get("title") or "",
                    published=row.get("iso_time"),
                    language="ar",
                    text=text,
                    sentences=[Sentence(0, len(text))],
                )
            )
    return writer.rows


def read_one(kind: str, path: Path) -> dict[str, Any]:
    """Read one input in this process; figures as a dict."""
    from marsad.config import IngestSettings
    from marsad.ingest.parquet import read_parquet
    from marsad.ingest.readers import read_file
    from marsad.ingest.warc import WarcCounts, read_warc
    from marsad.store.shards import read_shards

    settings = IngestSettings()
    counts = WarcCounts()
    readers = {
        "jsonl": lambda: read_file(path, settings),
        "parquet": lambda: read_parquet(path, settings),
        "warc": lambda: read_warc(path, settings, counts),
        "shards": lambda: read_shards(path),
    }
    import pyarrow.parquet  # noqa: F401  (imported before the start figure, as the readers import it lazily)

    base = _memory_mb("VmRSS")
    chars = 0
    docs = errors = 0
    start = time.perf_counter()
    for item in readers[kind]():
        if isinstance(item, dict):
            chars += len(item.get("text") or "")
            docs += 1
        elif hasattr(item, "reason"):
            errors += 1
        else:
            chars += len(item.text or item.html or "")
            docs += 1
    seconds = time.perf_counter() - start
    return {
        "kind": kind,
        "docs": docs,
        "errors": errors,
        "seconds": seconds,
        "per_s": docs / seconds,
        "mb_in": chars / 1e6,
        "start": base,
        "end": _memory_mb("VmRSS") - base,
        "peak": _memory_mb("VmHWM") - base,
        "skipped": dict(counts.skipped),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="also read the corpus repeated this many times")
    parser.add_argument("--keep", action="store_true", help="keep the converted files under /tmp")
    parser.add_argument("--read", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        print(json.dumps(read_one(args.read[0], Path(args.read[1]))))
        return
    if not ANT.exists():
        sys.exit(f"{ANT} is not available")
    work = Path(tempfile.mkdtemp(prefix="marsad-bench-read-"))
    try:
        columns = ("copies", "docs", "errors", "docs/s", "MB/s", "start", "end+", "peak+")
        print(f"{'format':8} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, (6, 8, 6, 8, 6, 6, 5, 5), strict=True)))
        for copies in sorted({1, args.copies}):
            files = _convert(work / f"x{copies}", copies)
            for kind, path in files.items():
                out = subprocess.run(
                    [sys.executable, __file__, "--read", kind, str(path)], check=True, capture_output=True, text=True
                )
                f = json.loads(out.stdout)
                print(
                    f"{kind:8} {copies:>6} {f['docs']:>8,} {f['errors']:>6} {f['per_s']:>8,.0f} "
                    f"{f['mb_in'] / f['seconds']:>6.1f} {f['start']:>6.0f} {f['end']:>5.0f} {f['peak']:>5.0f}"
                    + (f"   skipped: {f['skipped']}" if f["skipped"] else "")
                )
        print("(MB/s: article text or page HTML read; start: RSS after imports; end+/peak+: RSS above start, MB)")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _convert(directory: Path, copies: int) -> dict[str, Path]:
    directory.mkdir(parents=True)
    files = {
        "jsonl": directory / "ant.jsonl.gz",
        "parquet": directory / "ant.parquet",
        "warc": directory / "ant.warc.gz",
        "shards": directory / "shards",
    }
    # gzip files concatenate: the JSONL copies are the corpus file's bytes repeated.
    with files["jsonl"].open("wb") as out:
        for _ in range(copies):
            out.write(ANT.read_bytes())
    for kind, convert in (("parquet", to_parquet), ("warc", to_warc), ("shards", to_shards)):
        t0 = time.perf_counter()
        rows = convert(files[kind], copies)
        size = sum(p.stat().st_size for p in (files[kind].rglob("*") if files[kind].is_dir() else [files[kind]]))
        print(f"  (wrote {kind} x{copies}: {rows:,} rows, {size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s)")
    return files


if __name__ == "__main__":
    main()
