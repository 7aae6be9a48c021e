"""The digest job end to end: inputs → store → digest.json / digest.md / index.html."""

import json
from pathlib import Path

import pytest

from marsad.cli import main
from tests.conftest import DATA, need


def _digest(inputs: list[Path], out: Path, db: Path | None = None) -> dict:
    args = ["digest", *map(str, inputs), "--out", str(out), "--quiet"]
    if db:
        args += ["--db", str(db)]
    assert main(args) == 0
    return json.loads((out / "digest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_digest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("seeds")
    return out, _digest([need(DATA / "seeds.jsonl")], out)


def test_contract_fields(seeds_digest: tuple[Path, dict]) -> None:
    _, digest = seeds_digest
    assert digest["schema"] == "marsad.digest/1"
    assert {a["id"] for a in digest["articles"]} == {f"seed-00{i}" for i in range(5)}
    for article in digest["articles"]:
        assert set(article) >= {"id", "input", "outlet", "url", "title", "published", "language", "text",
                                "removed", "duplicate_of", "story"}
        assert article["language"] == "ar"
        assert article["story"] in {s["id"] for s in digest["stories"]}
    for story in digest["stories"]:
        assert set(story) >= {"id", "topic", "title", "articles", "start", "end", "summary", "entities",
                              "timeline", "facts"}
        assert story["topic"] in {t["id"] for t in digest["topics"]}
    published = {a["id"]: a["published"] for a in digest["articles"]}
    assert published == {"seed-000": "2025-04-08", "seed-001": "2025-02-27", "seed-002": "2025-02-23",
                          "seed-003": "2022-12", "seed-004": "2025-04-10"}


def test_removed_chrome_is_kept_with_reasons(seeds_digest: tuple[Path, dict]) -> None:
    _, digest = seeds_digest
    removed = {a["id"]: [r["reason"] for r in a["removed"]] for a in digest["articles"]}
    assert "press-wire tag" in removed["seed-001"] and removed["seed-001"].count("press-wire disclaimer") == 3
    assert {"latest-news ticker", "comment widget"} <= set(removed["seed-002"])
    assert removed["seed-003"] == ["related links", "related links"]
    assert {"share bar", "title repeated", "media player", "image caption", "related links", "comment widget"} <= set(removed["seed-004"])
    assert removed["seed-000"] == []


def test_same_inputs_same_bytes_and_rebuild_from_the_store(tmp_path: Path, seeds_digest: tuple[Path, dict]) -> None:
    first_out, _ = seeds_digest
    _digest([need(DATA / "seeds.jsonl")], tmp_path / "again")
    first = (first_out / "digest.json").read_bytes()
    assert (tmp_path / "again" / "digest.json").read_bytes() == first
    # No inputs: the digest comes from the store alone.
    _digest([], tmp_path / "rebuilt", db=first_out / "marsad.db")
    assert (tmp_path / "rebuilt" / "digest.json").read_bytes() == first


def test_reingest_is_a_no_op(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = need(DATA / "seeds.jsonl")
    _digest([seeds], tmp_path / "out")
    capsys.readouterr()
    assert main(["digest", str(seeds), "--out", str(tmp_path / "out")]) == 0
    assert "0 added, 5 already stored" in capsys.readouterr().err


def test_html_report_is_self_contained_and_right_to_left(seeds_digest: tuple[Path, dict]) -> None:
    out, digest = seeds_digest
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "<script" not in html and "http://" not in html.split("<main>")[0]
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert html.count('class="story"') == len(digest["stories"])
    assert "ما أُزيل من الصفحة" in html  # removed chrome, shown on demand
    md = (out / "digest.md").read_text(encoding="utf-8")
    assert md.startswith("# مرصد")


def test_bad_inputs_are_named_and_the_run_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(
        "افتتاح معرض الكتاب في مدينة الواحة\nافتتح وزير الثقافة مساء الأحد معرض الكتاب السنوي في مدينة الواحة بمشاركة مئتي دار نشر من عشرين بلداً.",
        encoding="utf-8",
    )
    (inputs / "broken.jsonl").write_text('{"id": "ok", "text": "نص قصير لكنه صالح للاستعمال في الاختبار هنا"}\n{oops\n', encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    code = main(["digest", str(inputs), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "broken.jsonl#2" in err and "empty.txt" in err
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert len(digest["articles"]) == 2
    assert main(["digest", str(inputs), "--out", str(tmp_path / "out"), "--quiet", "--ok-on-input-errors"]) == 0


def test_shards_carry_the_digest_articles_and_their_stories(tmp_path: Path) -> None:
    from marsad.store.shards import read_shards

    examples = Path(__file__).resolve().parents[1] / "examples"
    out = tmp_path / "out"
    assert main(["digest", str(examples), "--out", str(out), "--db", str(tmp_path / "db" / "marsad.db"),
                 "--quiet", "--shards"]) == 0
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    rows = list(read_shards(tmp_path / "db" / "shards"))
    # Beside the store, one row per article, with the story and copy links of the digest.
    assert sorted(r["id"] for r in rows) == sorted(a["id"] for a in digest["articles"])
    by_id = {a["id"]: a for a in digest["articles"]}
    assert all(r["story"] == by_id[r["id"]]["story"] for r in rows)
    assert all(r["duplicate_of"] == by_id[r["id"]]["duplicate_of"] for r in rows)
    assert any(r["duplicate_of"] for r in rows) and all(r["title"] == by_id[r["id"]]["title"] for r in rows)
