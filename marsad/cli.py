"""The ``marsad`` command line: a thin layer that parses arguments and calls the stages."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from marsad import __version__
from marsad.config import Settings, load_settings

__all__ = ["main", "parse_args"]

logger = logging.getLogger("marsad")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="marsad", description="Arabic news observatory (offline).")
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    parser.add_argument("--config", type=Path, help="TOML file with settings to change (see marsad/settings.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every step")
    sub = parser.add_subparsers(dest="command", required=True)

    d = sub.add_parser("digest", help="ingest inputs into a store and write digest.json, digest.md, index.html")
    d.add_argument("inputs", nargs="*", type=Path, help="files or directories (.txt .html .jsonl(.gz) .csv)")
    d.add_argument("--out", type=Path, required=True, help="output directory")
    d.add_argument(
        "--db",
        help="store: a SQLite file (default: OUT/marsad.db) or a postgresql:// URL; kept between runs",
    )
    d.add_argument(
        "--shards",
        action="store_true",
        help="also write the analysed articles as Parquet shards (OUT/shards/articles-NNNNN.parquet)",
    )
    d.add_argument("--quiet", action="store_true", help="no progress bar")
    d.add_argument("--ok-on-input-errors", action="store_true", help="exit 0 even when some inputs failed")
    d.add_argument(
        "--llm",
        metavar="URL",
        help="OpenAI-compatible chat endpoint (e.g. a local llama.cpp server) writing abstractive summaries; "
        "every sentence is checked against its citations and unsupported ones are dropped",
    )
    d.add_argument("--llm-model", help="model name to ask the --llm endpoint for")
    d.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: one process (default); dask: per-article stages, candidate generation and story "
        "composition on Dask workers (same digest.json; needs marsad[dask])",
    )
    d.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running Dask scheduler (tcp://host:8786); default: start a LocalCluster",
    )
    d.add_argument("--workers", type=int, default=2, help="with --engine dask: LocalCluster worker processes")

    n = sub.add_parser("ner", help="tag a CoNLL file (token TAG) and print 'token gold predicted'")
    n.add_argument("--conll", type=Path, required=True)

    dt = sub.add_parser("dates", help="find and resolve Arabic time expressions in text read from stdin")
    dt.add_argument("--published", help="publication date (ISO 8601) to resolve against")

    s = sub.add_parser("search", help="full-text search of a store (normalised Arabic)")
    s.add_argument("query")
    s.add_argument("--db", required=True, help="a SQLite file or a postgresql:// URL")
    s.add_argument("--limit", type=int, default=20)

    sv = sub.add_parser("serve", help="serve a store over HTTP: reader pages and a JSON API (FastAPI + uvicorn)")
    sv.add_argument("--db", type=Path, required=True, help="the SQLite store made by marsad digest")
    sv.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: loopback only)")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--token", help="require 'Authorization: Bearer TOKEN' on writes (POST /api/articles)")

    e = sub.add_parser("eval", help="evaluate a component")
    esub = e.add_subparsers(dest="what", required=True)
    ec = esub.add_parser("clusters", help="B-cubed and pairwise F1 of a digest against gold story/topic labels")
    ec.add_argument("gold", type=Path, help="TSV: id, story, topic")
    ec.add_argument("digest", type=Path)
    en = esub.add_parser("ner", help="precision/recall/F1 per type on a CoNLL file")
    en.add_argument("conll", type=Path)
    ed = esub.add_parser("dates", help="accuracy on the Duckling Arabic time corpus (JSON)")
    ed.add_argument("corpus", type=Path)
    es = esub.add_parser("summaries", help="check every summary sentence of a digest against its citations")
    es.add_argument("digest", type=Path)
    return parser.parse_args(argv)


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def _digest(args: argparse.Namespace, settings: Settings) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from marsad.digest import RunReport, ingest, rebuild, write_outputs
    from marsad.pipeline import LlmOptions, Pipeline
    from marsad.store import is_postgres_url, open_store

    console = Console(stderr=True, quiet=args.quiet)
    # Failed inputs are always reported, --quiet or not.
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    args.out.mkdir(parents=True, exist_ok=True)
    db = args.db or str(args.out / "marsad.db")
    if not is_postgres_url(db):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    report = RunReport()
    pipeline = Pipeline(settings)
    if args.llm:
        pipeline.llm = LlmOptions(args.llm, model=args.llm_model)
    start = time.perf_counter()
    if args.engine == "dask":
        from marsad.engine import DaskEngine, DaskOptions

        engine = DaskEngine(DaskOptions(scheduler=args.scheduler, workers=args.workers))
        ingest, rebuild = engine.ingest, engine.rebuild  # type: ignore[assignment]
        engine.start()
    with open_store(db) as store:
        if args.inputs:
            with Progress(
                TextColumn("[bold]analysing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                disable=args.quiet,
            ) as bar:
                task = bar.add_task("articles", total=None)
                ingest(store, args.inputs, pipeline, report, progress=lambda n: bar.advance(task, n))
        for error in report.errors:
            errors.print(f"[red]error[/red] {escape(str(error))}")
        with console.status("clustering and composing stories"):
            rebuild(store, pipeline, report)
        large = store.count_articles() >= settings.present.shards_from_articles
        shards = None
        if args.shards or large:
            # Beside a SQLite file; in the output directory for a server store.
            shards = (args.out if is_postgres_url(db) else Path(db).parent) / "shards"
        paths = write_outputs(store, args.out, settings, shards=shards)
    if args.engine == "dask":
        engine.close()
    elapsed = time.perf_counter() - start
    console.print(
        f"{len(report.added)} added, {len(report.unchanged)} already stored, {len(report.errors)} failed; "
        f"{report.articles} articles in {report.stories} stories and {report.topics} topics ({elapsed:.1f}s)",
        highlight=False,
    )
    for path in paths.values():
        console.print(f"  wrote {path}", highlight=False)
    if pipeline.llm is not None:
        llm = pipeline.llm
        errors.print(
            f"llm summaries: {llm.kept} sentences kept, {llm.dropped} dropped as unsupported "
            f"(reasons in each story's extra.llm_dropped), {llm.failures} stories fell back to extractive",
            highlight=False,
        )
    if report.errors:
        errors.print(f"[yellow]{len(report.errors)} input(s) failed (listed above)[/yellow]")
        return 0 if args.ok_on_input_errors else 1
    return 0


def _ner(args: argparse.Namespace) -> int:
    from marsad.entities.conll import tag_conll_file
    from marsad.entities.tagger import default_tagger

    out = sys.stdout
    for line in tag_conll_file(args.conll, default_tagger()):
        out.write(line + "\n")
    return 0


def _dates(args: argparse.Namespace) -> int:
    from marsad.ingest.dates import normalize_published
    from marsad.temporal import find_time_expressions

    published = normalize_published(args.published) if args.published else None
    if args.published and published is None:
        print(f"marsad dates: --published {args.published!r} is not an ISO 8601 date", file=sys.stderr)
        return 2
    text = sys.stdin.read()
    found = find_time_expressions(text, published)
    rows = [{"text": t.text, "start": t.start, "end": t.end, "value": t.value, "grain": t.grain} for t in found]
    print(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


def _search(args: argparse.Namespace) -> int:
    from marsad.store import is_postgres_url, open_store

    if not is_postgres_url(args.db) and not Path(args.db).exists():
        print(f"marsad search: no store at {args.db}", file=sys.stderr)
        return 2
    with open_store(args.db) as store:
        for hit in store.search(args.query, args.limit):
            print(
                json.dumps(
                    {
                        "article": hit.article,
                        "title": hit.title,
                        "outlet": hit.outlet,
                        "story": hit.story,
                        "published": hit.published,
                        "snippet": hit.snippet,
                    },
                    ensure_ascii=False,
                )
            )
    return 0


def _eval(args: argparse.Namespace) -> int:
    if args.what == "clusters":
        from marsad.cluster.evaluate import evaluate_digest

        result = evaluate_digest(args.gold, args.digest)
    elif args.what == "ner":
        from marsad.entities.conll import evaluate_conll_file
        from marsad.entities.tagger import default_tagger

        result = evaluate_conll_file(args.conll, default_tagger())
    elif args.what == "dates":
        from marsad.temporal import evaluate_duckling

        result = evaluate_duckling(args.corpus)
    else:
        from marsad.summarize.check import check_digest_file

        result = check_digest_file(args.digest)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0 if result["ok"] else 1
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = _settings(args)
    except (OSError, ValueError) as exc:
        print(f"marsad: settings: {exc}", file=sys.stderr)
        return 2
    if args.command == "digest":
        return _digest(args, settings)
    if args.command == "ner":
        return _ner(args)
    if args.command == "dates":
        return _dates(args)
    if args.command == "search":
        return _search(args)
    if args.command == "serve":
        from marsad.web.cli import serve_main  # the web stack is imported only to serve

        return serve_main(args.db, args.host, args.port, args.token, args.config)
    return _eval(args)


if __name__ == "__main__":
    raise SystemExit(main())
