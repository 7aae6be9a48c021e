"""What a user sees when some inputs are bad: each named once with a plain reason, the
others digested, a count at the end, and an exit status that says so."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.cli import main
from tests.hardening.corpus import corpus_rows

ROOT = Path(__file__).resolve().parents[2]

GOOD = "افتتاح معرض الكتاب في مدينة الريحان\nافتتح وزير الثقافة مساء الأحد معرض الكتاب السنوي في مدينة الريحان بمشاركة مئتي دار نشر من عشرين بلداً."
OTHER = "أمطار غزيرة على الساحل\nشهدت المناطق الساحلية أمطاراً غزيرة أدت إلى إغلاق عدد من الطرق، وقالت هيئة الأرصاد إن الأمطار ستستمر حتى الخميس."

# Failing input (relative name) → a word its reason must contain.
FAILURES = {
    "empty.txt": "empty",
    "image.html": "binary",
    "script.html": "no main text",
    "feed.jsonl#2": "not a JSON line",
    "feed.jsonl#3": "already used by an article with other text",
    "feed.jsonl#4": "neither a text nor an html field",
    "feed.jsonl#5": "too long",
    "rows.csv#3": "missing: text",
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad-inputs")
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "legacy.txt").write_bytes(OTHER.encode("cp1256"))
    (root / "wide.txt").write_bytes(OTHER.replace("غزيرة", "قوية").encode("utf-16"))
    (root / "empty.txt").write_bytes(b"")
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300))
    (root / "script.html").write_text("<html><body><script>alert(1)</script></body></html>", encoding="utf-8")
    (root / "deep.html").write_text(
        "<html><body>" + "<div>" * 3000 + f"<article><h1>عنوان</h1><p>{GOOD}</p></article>", encoding="utf-8"
    )
    rows = [
        json.dumps({"id": "r1", "text": GOOD + " مرة ثانية"}, ensure_ascii=False),
        "{oops",
        json.dumps({"id": "r1", "text": "نص آخر مختلف تماما عن الأول يحمل الرقم نفسه"}, ensure_ascii=False),
        json.dumps({"id": "r2", "title": "بلا نص"}, ensure_ascii=False),
        "9" * 5000,
        json.dumps(corpus_rows(1)[0], ensure_ascii=False),
    ]
    (root / "feed.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "rows.csv").write_text(f'id,title,text\nc1,عنوان,"{OTHER} في الريف"\nc2,عنوان فقط\n', encoding="utf-8")
    return root


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error ")]


def test_each_failing_input_is_named_once_and_the_rest_is_digested(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["digest", str(inputs), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "x.db"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    lines = _error_lines(err)
    named = {}
    for line in lines:
        m = re.match(rf"error {re.escape(str(inputs))}/(\S+): (.+)$", line)
        assert m, f"not 'error <input>: <reason>': {line!r}"
        assert m.group(1) not in named, f"{m.group(1)} reported twice"
        named[m.group(1)] = m.group(2)
    assert set(named) == set(FAILURES)
    for name, word in FAILURES.items():
        assert word in named[name], (name, named[name])
        assert "Traceback" not in named[name] and "Error:" not in named[name]
    assert err.rstrip().endswith(f"{len(FAILURES)} input(s) failed (listed above)")
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    stored = sorted(Path(a["input"]).name for a in digest["articles"])
    assert stored == ["deep.html", "feed.jsonl#1", "feed.jsonl#6", "good.txt", "legacy.txt", "rows.csv#2", "wide.txt"]
    deep = next(a for a in digest["articles"] if a["input"].endswith("deep.html"))
    assert "افتتح وزير الثقافة" in deep["text"]


def test_the_flag_makes_input_errors_not_fail_the_run(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.db"
    assert (
        main(
            ["digest", str(inputs), "--out", str(tmp_path / "out"), "--db", str(db), "--quiet", "--ok-on-input-errors"]
        )
        == 0
    )
    # Still listed; and a second run over the same store names them again (nothing is remembered as done).
    assert len(_error_lines(capsys.readouterr().err)) == len(FAILURES)
    assert main(["digest", str(inputs), "--out", str(tmp_path / "out"), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert len(_error_lines(err)) == len(FAILURES)
    assert f"0 added, 7 already stored, {len(FAILURES)} failed" in err


def test_stderr_holds_only_error_lines_and_the_summary(tmp_path: Path) -> None:
    """Regression: trafilatura's own warning ('discarding data: None') reached stderr
    without the input's name, beside marsad's error line for the same page."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "script.html").write_text(
        "<html><body><script>alert(1)</script></body></html>", encoding="utf-8"
    )
    command = [
        sys.executable,
        "-m",
        "marsad.cli",
        "digest",
        str(tmp_path / "in"),
        "--out",
        str(tmp_path / "out"),
        "--quiet",
    ]
    err = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False).stderr
    assert len(_error_lines(err)) == 1
    other = [
        line for line in err.splitlines() if line.strip() and not line.startswith("error ") and "failed" not in line
    ]
    assert other == []
