"""One fuzz target per entry point: a strategy for hostile input and a check of what
must hold for every input (no exception but the documented one, spans inside the text,
nothing lost, every failure named with a plain one-line reason).

A check raises AssertionError (or whatever escaped the code under test) on a break;
hypothesis then shrinks the input to a minimal example.
"""

from __future__ import annotations

import gzip
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from fuzz import strategies as fs
from marsad.arabic.normalize import INVISIBLE, clean_visible, normalize
from marsad.arabic.sentences import split_sentences
from marsad.config import Settings, load_settings
from marsad.extract.article import extract_article
from marsad.extract.chrome import filter_chrome, strip_wire_tag
from marsad.extract.html import extract_html
from marsad.ingest.dates import MAX_YEAR, MIN_YEAR, normalize_published
from marsad.ingest.encoding import DecodeError, decode_bytes, is_wide
from marsad.ingest.readers import read_inputs
from marsad.model import ENTITY_TYPES, Article, InputError, RawDoc

__all__ = ["TARGETS", "Target"]

_SETTINGS: Settings = load_settings()
_WORKDIR = Path(tempfile.mkdtemp(prefix="marsad-fuzz-"))
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Presentation forms that have a decomposition; symbols such as U+FD3E have none.
_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in fs.PRESENTATION_CHARS) + "]")
_HTML_FLAGS = {"page truncated", "page flattened"}


@dataclass(frozen=True, slots=True)
class Target:
    """A fuzz target: what it exercises, its input strategy and its check."""

    name: str
    what: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


def _check_error(error: InputError, where: str) -> None:
    assert error.input.startswith(where), f"error names {error.input!r}, not {where!r}"
    assert error.reason.strip(), "error without a reason"
    assert "\n" not in error.reason, f"reason is not one line: {error.reason!r}"
    assert "Traceback" not in error.reason


def _check_article(article: Article, raw: RawDoc) -> None:
    """What every extracted article must look like."""
    assert article.input == raw.input
    assert article.text.strip(), "article with no text"
    for field in (article.text, article.title, article.outlet or ""):
        assert not _INVISIBLE.search(field), f"invisible character left in {field[:40]!r}"
        assert not _FOLDABLE.search(field), f"presentation form left in {field[:40]!r}"
        assert not _SURROGATE.search(field), "lone surrogate left"
        assert "\x00" not in field
    assert len(article.text) <= _SETTINGS.ingest.max_article_chars
    assert not _SURROGATE.search(article.raw)
    for removed in article.removed:
        assert removed.reason, "removed text without a reason"


def _extract_all(docs: list[RawDoc | InputError], where: str) -> list[Article]:
    articles = []
    for doc in docs:
        if isinstance(doc, InputError):
            _check_error(doc, where)
            continue
        assert not any(_SURROGATE.search(v or "") for v in (doc.id, doc.title, doc.text, doc.html, doc.outlet))
        extracted = extract_article(doc, _SETTINGS)
        if isinstance(extracted, InputError):
            _check_error(extracted, doc.input)
        else:
            _check_article(extracted, doc)
            articles.append(extracted)
    return articles


def _write(name: str, data: bytes) -> Path:
    path = _WORKDIR / name
    path.write_bytes(data)
    return path


# --- decode -------------------------------------------------------------------------


@st.composite
def _decode_input(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """Bytes and, when they are clean Arabic in a known encoding, the text they hold."""
    if draw(st.booleans()):
        text = draw(fs.arabic_text(hostile=False))
        data, encoding = draw(fs.encoded_text(text))
        expected = data.decode(encoding) if encoding not in ("utf-16", "utf-8-sig") else text
        letters = len(re.findall("[\u0621-\u064a]", text))
        # Below ten letters the legacy pages cannot be told apart, nor BOM-less UTF-16 from bytes.
        return data, expected if letters >= 10 else None
    return draw(fs.file_bytes()), None


def check_decode(case: tuple[bytes, str | None]) -> None:
    data, expected = case
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        assert expected is None, f"clean text refused: {exc}"
        assert str(exc).strip()
        return
    assert isinstance(text, str) and encoding
    if expected is not None:
        assert text == expected, f"decoded as {encoding}: {text[:40]!r} != {expected[:40]!r}"


# --- ingest: one target per format ------------------------------------------------------


@st.composite
def _txt_input(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        data, _ = draw(fs.encoded_text(draw(fs.article_text())))
        return data
    return draw(fs.file_bytes())


def check_ingest_txt(data: bytes) -> None:
    path = _write("article.txt", data)
    docs = list(read_inputs([path], _SETTINGS.ingest))
    assert len(docs) == 1, f"{len(docs)} results for one file"
    _extract_all(docs, str(path))


@st.composite
def _html_input(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 4)):
        page = draw(fs.html_pages())
        encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1256"]))
        return page.encode(encoding, errors="replace") if encoding != "utf-8" else page.encode("utf-8", "replace")
    return draw(fs.file_bytes())


def check_ingest_html(data: bytes) -> None:
    path = _write("page.html", data)
    docs = list(read_inputs([path], _SETTINGS.ingest))
    assert len(docs) == 1, f"{len(docs)} results for one file"
    _extract_all(docs, str(path))


@st.composite
def _jsonl_input(draw: st.DrawFn) -> tuple[bytes, list[str], str]:
    data, kinds = draw(fs.jsonl_bytes())
    suffix = draw(st.sampled_from([".jsonl", ".jsonl", ".jsonl.gz", ".ndjson"]))
    if suffix == ".jsonl.gz":
        data = gzip.compress(data, mtime=0)
        if draw(st.integers(0, 4)) == 0:
            data = data[: len(data) // 2]  # cut short
    return data, kinds, suffix


def check_ingest_jsonl(case: tuple[bytes, list[str], str]) -> None:
    data, kinds, suffix = case
    path = _write("feed" + suffix, data)
    docs = list(read_inputs([path], _SETTINGS.ingest))
    truncated = any(isinstance(d, InputError) and d.input == str(path) for d in docs)
    rows = [d for d in docs if d.input != str(path)]
    numbers = [int(d.input.rsplit("#", 1)[1]) for d in rows]
    assert numbers == sorted(set(numbers)), f"lines reported out of order or twice: {numbers}"
    # A file that starts as UTF-16 is decoded whole; junk after its BOM is one bad line.
    if not truncated and not is_wide(gzip.decompress(data) if suffix == ".jsonl.gz" else data):
        expected = [i for i, kind in enumerate(kinds, start=1) if kind != "blank"]
        assert numbers == expected, f"line numbers {numbers} != non-blank lines {expected}"
        for doc in rows:
            if kinds[int(doc.input.rsplit("#", 1)[1]) - 1] == "bad":
                assert isinstance(doc, InputError), f"bad line read as a row: {doc}"
    _extract_all(docs, str(path))


def check_ingest_csv(data: bytes) -> None:
    path = _write("rows.csv", data)
    docs = list(read_inputs([path], _SETTINGS.ingest))
    inputs = [d.input for d in docs]
    assert len(inputs) == len(set(inputs)), f"an input reported twice: {Counter(inputs).most_common(1)}"
    _extract_all(docs, str(path))


def check_ingest_warc(case: tuple[bytes, bool, int]) -> None:
    data, damaged, records = case
    path = _write("crawl.warc.gz" if data[:2] == b"\x1f\x8b" else "crawl.warc", data)
    docs = list(read_inputs([path], _SETTINGS.ingest))
    inputs = [d.input for d in docs]
    assert len(inputs) == len(set(inputs)), f"an input reported twice: {Counter(inputs).most_common(1)}"
    assert len(docs) <= max(records, 1), f"{len(docs)} results from {records} records"
    if not damaged and records:
        assert not [d for d in docs if isinstance(d, InputError)], docs
    _extract_all(docs, str(path))


def check_ingest_parquet(case: tuple[list[str], list[dict[str, object]]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns, rows = case
    path = _WORKDIR / "rows.parquet"
    table = pa.Table.from_pylist(rows, schema=pa.schema([(c, _parquet_type(rows, c)) for c in columns]))
    pq.write_table(table, path)
    docs = list(read_inputs([path], _SETTINGS.ingest))
    whole = [d for d in docs if d.input == str(path)]
    if whole:  # no text column: one error for the file, none per row
        assert len(docs) == 1 and isinstance(whole[0], InputError)
    else:
        assert [d.input for d in docs] == [f"{path}#{n}" for n in range(1, len(rows) + 1)]
    _extract_all(docs, str(path))


def _parquet_type(rows: list[dict[str, object]], column: str) -> Any:
    import pyarrow as pa

    values = [r[column] for r in rows if r.get(column) is not None]
    if values and isinstance(values[0], int):
        return pa.int64()
    if values and isinstance(values[0], bytes):
        return pa.binary()
    return pa.string()


# --- extraction -----------------------------------------------------------------------


def check_html(page: str) -> None:
    try:
        result = extract_html(page, None, _SETTINGS.limits)
    except ValueError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return
    assert result.text.strip()
    assert set(result.flags) <= _HTML_FLAGS
    assert all(r.reason for r in result.removed)


def check_chrome(case: tuple[str, str | None]) -> None:
    """Nothing is lost: every line of the body comes back as the title, a paragraph or
    removed chrome (a press-wire tag split off its line as two pieces)."""
    body, title = case
    body = clean_visible(body)
    result = filter_chrome(body, title=title)
    out = Counter(result.paragraphs) + Counter(r.text for r in result.removed)
    if result.title and result.title != (title or "").strip():
        out[result.title] += 1
    for line in (ln.strip() for ln in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if not line:
            continue
        tag, rest = strip_wire_tag(line)
        for piece in (tag, rest):
            if piece:
                assert out[piece] > 0, f"line lost: {piece!r}"
                out[piece] -= 1
    for para in result.paragraphs:
        assert para == para.strip() and para and "\n" not in para


# --- Arabic text ----------------------------------------------------------------------


@st.composite
def _normalize_input(draw: st.DrawFn) -> tuple[str, str, str]:
    """A text, one word of base letters, and that word with presentation forms and
    invisible characters in it."""
    text = draw(fs.arabic_text())
    word = draw(st.sampled_from([w for w in fs.ARABIC_WORDS + fs.NAMES if re.fullmatch("[\u0621-\u064a ]+", w)]))
    disguised = fs.to_presentation_forms(word, draw(st.integers(0, 3)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(disguised)))
        disguised = disguised[:at] + draw(st.sampled_from(fs.BIDI_AND_ZERO_WIDTH)) + disguised[at:]
    return text, word, disguised


def check_normalize(case: tuple[str, str, str]) -> None:
    text, word, disguised = case
    visible = clean_visible(text)
    assert clean_visible(visible) == visible, "clean_visible is not idempotent"
    assert not _INVISIBLE.search(visible)
    assert not _FOLDABLE.search(visible), "presentation form not folded"
    norm = normalize(text)
    assert normalize(norm) == norm, "normalize is not idempotent"
    assert clean_visible(disguised) == word, f"{disguised!r} does not fold to {word!r}"
    assert normalize(disguised) == normalize(word)


def _article_text(text: str) -> str:
    """What extraction makes of a text before analysis sees it (no invisible characters,
    presentation forms or lone surrogates)."""
    return clean_visible(_SURROGATE.sub("\ufffd", text))


def check_sentences(text: str) -> None:
    text = _article_text(text)
    sentences = split_sentences(text)
    previous_end, previous_paragraph = 0, 0
    for s in sentences:
        assert previous_end <= s.start < s.end <= len(text), f"span {s.start}-{s.end} out of order or bounds"
        piece = text[s.start : s.end]
        assert piece == piece.strip(), f"sentence not trimmed: {piece!r}"
        assert "\n" not in piece, f"sentence crosses a line break: {piece!r}"
        assert s.paragraph >= previous_paragraph
        previous_end, previous_paragraph = s.end, s.paragraph
    outside = list(text)
    for s in sentences:
        outside[s.start : s.end] = " " * (s.end - s.start)
    # A lone letter may be dropped (sentences are at least two characters); a word may not.
    lost = re.findall(r"[^\W\d_]{2,}", "".join(outside))
    assert not lost, f"words outside every sentence: {lost[:3]}"


# --- dates ----------------------------------------------------------------------------


def check_published(value: str) -> None:
    out = normalize_published(value)
    if out is None:
        return
    assert out.isascii(), f"{out!r} is not ASCII"
    if len(out) == 4:
        year = int(out)
    elif len(out) == 7:
        year = date.fromisoformat(out + "-01").year
    else:
        year = datetime.fromisoformat(out).year
    assert MIN_YEAR <= year <= MAX_YEAR, f"year {year} accepted"


@st.composite
def _time_input(draw: st.DrawFn) -> tuple[str, str | None]:
    published = normalize_published(draw(fs.date_strings()))
    if draw(st.booleans()):
        published = draw(st.sampled_from(["1000-01-01", "2999-12-31T23:59:59+14:00", "2025", "2025-02", None]))
    return _article_text(draw(fs.arabic_text())), published


def check_time_expressions(case: tuple[str, str | None]) -> None:
    from marsad.temporal import find_time_expressions

    text, published = case
    previous = 0
    for t in find_time_expressions(text, published):
        assert previous <= t.start < t.end <= len(text), f"span {t.start}-{t.end} out of bounds or overlapping"
        assert text[t.start : t.end] == t.text
        previous = t.end


# --- entities -------------------------------------------------------------------------


def check_ner(text: str) -> None:
    from marsad.entities.tagger import default_tagger

    text = _article_text(text)
    spans = [(s.start, s.end) for s in split_sentences(text)]
    previous = 0
    for m in default_tagger().find_mentions(text, spans):
        assert previous <= m.start < m.end <= len(text), f"mention {m.start}-{m.end} out of bounds or overlapping"
        assert text[m.start : m.end] == m.text
        assert m.label in ENTITY_TYPES
        assert m.text == m.text.strip()
        previous = m.end


# --- the per-article stages end to end -------------------------------------------------


@st.composite
def _raw_input(draw: st.DrawFn) -> RawDoc:
    body = draw(st.one_of(fs.article_text(), fs.html_pages()))
    is_html = body.lstrip().startswith("<") and draw(st.booleans())
    return RawDoc(
        input="fuzz",
        id=draw(st.one_of(st.none(), st.sampled_from(["a1", "\u200fa1", "dup"]))),
        outlet=draw(st.one_of(st.none(), fs.arabic_text(max_words=2))),
        published=draw(st.one_of(st.none(), fs.date_strings())),
        title=draw(st.one_of(st.none(), fs.arabic_text(max_words=8))),
        text=None if is_html else body,
        html=body if is_html else None,
    )


def check_analyse(raw: RawDoc) -> None:
    from marsad.pipeline import STAGES

    article = extract_article(raw, _SETTINGS)
    if isinstance(article, InputError):
        _check_error(article, raw.input)
        return
    _check_article(article, raw)
    for _, stage in STAGES:
        article = stage(article, _SETTINGS)
    failed = [f for f in article.flags if f.startswith("stage ")]
    assert not failed, failed
    for s in article.sentences:
        assert 0 <= s.start < s.end <= len(article.text)
    for m in article.mentions:
        assert article.text[m.start : m.end] == m.text
    for t in article.times:
        assert article.text[t.start : t.end] == t.text
    # The batch steps: fingerprint and sentence embedding.
    from marsad.cluster.signals import Embedder, embedding_text
    from marsad.dedup.minhash import fingerprint

    fingerprint(article.text, _SETTINGS.dedup)
    assert Embedder().encode([embedding_text(article)]).shape == (1, 512)


# --- store search ---------------------------------------------------------------------

_SEARCH_STORE: list[Any] = []


def _search_store() -> Any:
    """A small in-memory store, made once: three invented articles."""
    if not _SEARCH_STORE:
        from marsad.pipeline import STAGES
        from marsad.store.sqlite import SqliteStore

        store = SqliteStore(":memory:")
        articles = []
        for i, text in enumerate(
            (
                "زيارة إلى إسطنبول\nوصل وزير النقل سامي الخطيب إلى إسطنبول صباح الثلاثاء.",
                "أمطار على الساحل\nهطلت أمطار غزيرة على المناطق الساحلية طوال الليل.",
                "Bridge opens\nThe new bridge over the river opened on Tuesday.",
            )
        ):
            article = extract_article(RawDoc(input=f"s{i}", id=f"s{i}", text=text), _SETTINGS)
            assert isinstance(article, Article)
            for _, stage in STAGES:
                article = stage(article, _SETTINGS)
            articles.append(article)
        store.save_articles(articles)
        _SEARCH_STORE.append(store)
    return _SEARCH_STORE[0]


@st.composite
def _search_query(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            fs.arabic_text(max_words=4),
            st.text(max_size=20),
            st.sampled_from(['"', "*", "AND", "OR NOT", "NEAR(a b)", "body:", "إسطنبول*", "(", "'", "^", "-", "\x00"]),
        )
    )


def check_search(query: str) -> None:
    hits = _search_store().search(query, 5)
    assert {h.article for h in hits} <= {"s0", "s1", "s2"}
    visible = clean_visible(_SURROGATE.sub("", query))
    if "إسطنبول" in visible or "اسطنبول" in visible:
        assert "s0" in {h.article for h in hits} or len(visible.split()) > 1


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("decode", "decode_bytes on text in every encoding, mutated, and binary", _decode_input(), check_decode),
        Target("ingest_txt", ".txt files read and extracted", _txt_input(), check_ingest_txt),
        Target("ingest_html", ".html files read and extracted", _html_input(), check_ingest_html),
        Target("ingest_jsonl", "JSONL(.gz) with broken lines, read and extracted", _jsonl_input(), check_ingest_jsonl),
        Target("ingest_csv", "CSV with missing columns, read and extracted", fs.csv_bytes(), check_ingest_csv),
        Target(
            "ingest_warc", "WARC(.gz) archives, damaged or not, read and extracted", fs.warc_bytes(), check_ingest_warc
        ),
        Target(
            "ingest_parquet",
            "Parquet with odd columns and types, read and extracted",
            fs.parquet_rows(),
            check_ingest_parquet,
        ),
        Target("html", "extract_html on malformed and hostile pages", fs.html_pages(), check_html),
        Target(
            "chrome",
            "filter_chrome loses no line",
            st.tuples(fs.article_text(), st.one_of(st.none(), fs.arabic_text(max_words=8))),
            check_chrome,
        ),
        Target(
            "normalize", "clean_visible/normalize fold forms and drop invisibles", _normalize_input(), check_normalize
        ),
        Target("sentences", "split_sentences spans", fs.article_text(), check_sentences),
        Target("published", "normalize_published on any date string", fs.date_strings(), check_published),
        Target("time_expressions", "find_time_expressions spans, far dates", _time_input(), check_time_expressions),
        Target("ner", "entity mentions are spans of the text", fs.article_text(), check_ner),
        Target("analyse", "extract, every per-article stage, fingerprint, embedding", _raw_input(), check_analyse),
        Target("search", "store search with hostile queries", _search_query(), check_search),
    )
}
