"""A long ingest killed with SIGKILL and run again loses nothing and stores nothing
twice; two ingests into one SQLite store at the same time store every article once.

Both run the real command (``python -m marsad.cli digest ...``) in subprocesses on an
invented corpus (tests/hardening/corpus.py), with small batches so the store commits
often; the kill comes once the store holds some committed batches (polled, not timed).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from marsad.model import Article
from tests.hardening.corpus import corpus_rows, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
BATCH = 5
PER_HAPPENING = 12  # 5 happenings: 60 articles, 12 batches


def _command(config: Path, inputs: list[Path], out: Path, db: Path) -> list[str]:
    return [
        sys.executable, "-m", "marsad.cli", "--config", str(config),
        "digest", *map(str, inputs), "--out", str(out), "--db", str(db),
    ]  # fmt: skip


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "small-batches.toml"
    path.write_text(f"[ingest]\nbatch_size = {BATCH}\n", encoding="utf-8")
    return path


def _count(db: Path, sql: str = "SELECT COUNT(*) FROM articles") -> int:
    """A read-only look at the store another process is writing (WAL lets it read)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0


def _stored(db: Path) -> dict[str, str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return dict(conn.execute("SELECT id, content_hash FROM articles"))


def _groupings(out: Path) -> set[frozenset[str]]:
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    return {frozenset(story["articles"]) for story in digest["stories"]}


# Wide enough that the summary line is never wrapped.
ENV = {**os.environ, "COLUMNS": "300"}


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300, check=False)


def _run_together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    processes = [
        subprocess.Popen(c, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    outputs = [p.communicate(timeout=300) for p in processes]
    return [
        subprocess.CompletedProcess(c, p.returncode, out, err)
        for c, p, (out, err) in zip(commands, processes, outputs, strict=True)
    ]


def _check_store(db: Path, articles: int) -> None:
    """Every article once, with its search row and its sentences; the file is whole."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone() == (articles, articles)
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT article) FROM search").fetchone() == (articles, articles)
        orphans = conn.execute(
            "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article = a.id)"
        ).fetchone()[0]
        assert orphans == 0


def test_a_killed_ingest_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    rows = corpus_rows(PER_HAPPENING)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    config = _config(tmp_path)
    db = tmp_path / "killed.db"
    command = _command(config, [corpus], tmp_path / "out-killed", db)

    process = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while _count(db) < 2 * BATCH and process.poll() is None:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL, "the ingest ended before it could be killed"
    finally:
        if process.poll() is None:
            process.kill()
    committed = _stored(db)
    assert 2 * BATCH <= len(committed) < len(rows)
    # Batches are committed whole or not at all.
    assert len(committed) % BATCH == 0
    _check_store(db, len(committed))

    # The rerun, and a clean run of the same inputs into a new store to compare with, side by side.
    clean_command = _command(config, [corpus], tmp_path / "out-clean", tmp_path / "clean.db")
    rerun, clean = _run_together(command, clean_command)
    assert rerun.returncode == 0, rerun.stderr
    added = len(rows) - len(committed)
    assert f"{added} added, {len(committed)} already stored, 0 failed" in rerun.stderr
    _check_store(db, len(rows))
    after = _stored(db)
    assert {aid: after[aid] for aid in committed} == committed  # what was committed is kept as it was
    assert clean.returncode == 0, clean.stderr
    assert _groupings(tmp_path / "out-killed") == _groupings(tmp_path / "out-clean")
    assert len(_groupings(tmp_path / "out-clean")) == 5


def test_two_ingests_into_one_store_at_once_store_every_article_once(tmp_path: Path) -> None:
    rows = corpus_rows(PER_HAPPENING)
    # Overlapping halves: the middle third is given to both.
    first = write_jsonl(tmp_path / "first.jsonl", rows[:40])
    second = write_jsonl(tmp_path / "second.jsonl", rows[20:])
    config = _config(tmp_path)
    db = tmp_path / "shared.db"
    runs = _run_together(*(_command(config, [p], tmp_path / f"out-{p.stem}", db) for p in (first, second)))
    for run in runs:
        assert run.returncode == 0, run.stderr
    _check_store(db, len(rows))
    added = 0
    for run in runs:
        summary = next(line for line in run.stderr.splitlines() if " added, " in line)
        added += int(summary.split(" added, ")[0])
        assert " 0 failed" in summary
    assert added == len(rows)


def test_the_rebuild_lock_makes_a_second_rebuild_wait(tmp_path: Path) -> None:
    from marsad.store.sqlite import SqliteStore

    db = tmp_path / "lock.db"
    order: list[str] = []
    holding, trying = threading.Event(), threading.Event()
    with SqliteStore(db) as first, SqliteStore(db) as second:

        def wait_for_the_lock() -> None:
            holding.wait(10)
            trying.set()
            with second.rebuild_lock():
                order.append("second")

        thread = threading.Thread(target=wait_for_the_lock)
        thread.start()
        with first.rebuild_lock():
            holding.set()
            trying.wait(10)
            thread.join(0.5)  # it cannot get the lock while this holds it
            order.append("first")
        thread.join(10)
    assert order == ["first", "second"]


def test_a_killed_process_leaves_the_rebuild_lock_free(tmp_path: Path) -> None:
    from marsad.store.sqlite import SqliteStore

    db = tmp_path / "lock.db"
    SqliteStore(db).close()
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys, time; from marsad.store.sqlite import SqliteStore\n"
            f"s = SqliteStore({str(db)!r})\nwith s.rebuild_lock():\n print('held', flush=True); time.sleep(600)",
        ],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
    acquired = threading.Event()

    def take() -> None:
        with SqliteStore(db) as store, store.rebuild_lock():
            acquired.set()

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    assert acquired.wait(30), "the lock of a killed process was not released"


def test_a_rebuild_racing_another_run_leaves_every_article_in_a_story(tmp_path: Path) -> None:
    """Run A reads the store for its rebuild; run B then ingests the other half and
    rebuilds; only then may A write what it computed. Without a lock B finishes first
    and A overwrites B's stories with its stale ones (B's articles in no story); with the
    lock B waits for A, then rebuilds over everything."""
    from marsad.config import load_settings
    from marsad.digest import RunReport, ingest_docs, rebuild
    from marsad.ingest.readers import row_to_rawdoc
    from marsad.pipeline import Pipeline
    from marsad.store.sqlite import SqliteStore

    rows = corpus_rows(2)
    docs = [row_to_rawdoc(row, f"corpus.jsonl#{i}") for i, row in enumerate(rows, start=1)]
    pipeline = Pipeline(load_settings())
    db = tmp_path / "race.db"
    a_read, b_waits_or_done = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    with SqliteStore(db) as run_a, SqliteStore(db) as run_b:
        ingest_docs(run_a, docs[::2], pipeline, RunReport())
        read_store, lock_b = run_a.iter_articles, run_b.rebuild_lock

        def read_then_wait_for_b(**kwargs: bool) -> Iterator[Article]:
            yield from read_store(**kwargs)
            a_read.set()
            assert b_waits_or_done.wait(120)

        @contextmanager
        def lock_b_signalled() -> Iterator[None]:
            b_waits_or_done.set()
            with lock_b():
                yield

        def run_b_after_a_read() -> None:
            try:
                assert a_read.wait(120)
                report = RunReport()
                ingest_docs(run_b, docs[1::2], pipeline, report)
                rebuild(run_b, pipeline, report)
            except BaseException as exc:
                failures.append(exc)
            finally:
                b_waits_or_done.set()

        run_a.iter_articles = read_then_wait_for_b  # type: ignore[method-assign]
        run_b.rebuild_lock = lock_b_signalled  # type: ignore[method-assign]
        thread = threading.Thread(target=run_b_after_a_read)
        thread.start()
        rebuild(run_a, pipeline, RunReport())
        thread.join(300)
        assert not failures, failures
        in_stories = sorted(aid for story in run_b.iter_stories() for aid in story.articles)
    assert in_stories == sorted(row["id"] for row in rows)
