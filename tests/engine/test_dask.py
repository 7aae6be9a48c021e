"""``marsad digest --engine dask`` writes the digest ``--engine local`` writes, byte for
byte: on the invented examples, and on a 2,000-article ANT slice on a 2-worker
LocalCluster (copies, stories and topics included)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("distributed")

from marsad.cli import main
from marsad.cluster.stories import DAY
from marsad.config import ClusterSettings, load_settings
from marsad.dedup.minhash import fingerprint
from marsad.engine.blocking import BlockRecord, band_entries, band_pairs, block_window
from tests.conftest import DATA, EXAMPLES, need

ANT = DATA / "ant" / "ant_v2.1_multisource.jsonl.gz"
SLICE_FROM = "2018-05-01"  # ANT is densest in spring 2018: stories and copies to find
SLICE_SIZE = 2000


def _digest(inputs: list[Path], out: Path, *engine: str) -> bytes:
    assert main(["digest", *map(str, inputs), "--out", str(out), "--quiet", *engine]) == 0
    return (out / "digest.json").read_bytes()


def test_examples_same_digest_on_both_engines(tmp_path: Path) -> None:
    local = _digest([EXAMPLES], tmp_path / "local")
    dask = _digest([EXAMPLES], tmp_path / "dask", "--engine", "dask", "--workers", "2")
    assert dask == local
    digest = json.loads(dask)
    copies = {a["id"]: a["duplicate_of"] for a in digest["articles"] if a["duplicate_of"]}
    assert copies, "the examples hold a syndicated copy"
    stories = {s["id"]: s for s in digest["stories"]}
    for copy, canonical in copies.items():
        story = next(a["story"] for a in digest["articles"] if a["id"] == copy)
        assert copy in stories[story]["articles"] and canonical in stories[story]["articles"]
    assert all(s["summary"] for s in digest["stories"])


@pytest.fixture(scope="module")
def ant_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 consecutive ANT articles (all outlets) from SLICE_FROM on, as JSONL."""
    rows = []
    with gzip.open(need(ANT), "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            rows.append((row["iso_time"], row["docno"], line))
    rows.sort()
    first = next(i for i, r in enumerate(rows) if r[0] >= SLICE_FROM)
    path = tmp_path_factory.mktemp("ant") / "slice.jsonl"
    path.write_text("".join(r[2] for r in rows[first : first + SLICE_SIZE]), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ant_digests(ant_slice: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("digests")
    return {
        "local": _digest([ant_slice], out / "local"),
        "dask": _digest([ant_slice], out / "dask", "--engine", "dask", "--workers", "2"),
    }


def test_ant_slice_same_digest_bytes(ant_digests: dict[str, bytes]) -> None:
    assert ant_digests["dask"] == ant_digests["local"]


def test_ant_slice_content(ant_digests: dict[str, bytes]) -> None:
    local, dask = (json.loads(ant_digests[k]) for k in ("local", "dask"))
    assert len(dask["articles"]) == SLICE_SIZE
    copies = {a["id"]: a["duplicate_of"] for a in dask["articles"] if a["duplicate_of"]}
    assert copies == {a["id"]: a["duplicate_of"] for a in local["articles"] if a["duplicate_of"]}
    assert len(copies) >= 10
    multi = [s for s in dask["stories"] if len(s["articles"]) > 1]
    assert 200 <= len(dask["stories"]) < SLICE_SIZE and len(multi) >= 50
    assert {a["id"]: a["story"] for a in dask["articles"]} == {a["id"]: a["story"] for a in local["articles"]}
    assert [s["summary"] for s in dask["stories"]] == [s["summary"] for s in local["stories"]]


def test_ant_slice_dask_runs_agree(ant_slice: Path, ant_digests: dict[str, bytes], tmp_path: Path) -> None:
    again = _digest([ant_slice], tmp_path / "again", "--engine", "dask", "--workers", "2")
    assert again == ant_digests["dask"]


# --- the blocking steps alone, on invented data ---
def test_band_pairs_are_the_lsh_candidates() -> None:
    from datasketch import MinHashLSH

    settings = load_settings().dedup
    texts = [
        "أعلنت وزارة الصحة افتتاح مستشفى جديد في المدينة الساحلية بسعة مئتي سرير اليوم",
        "أعلنت وزارة الصحة افتتاح مستشفى جديد في المدينة الساحلية بسعة مئتي سرير صباح اليوم",
        "فاز المنتخب الوطني على ضيفه بثلاثة أهداف نظيفة في المباراة الودية مساء الخميس",
        "أعلنت وزارة الصحة افتتاح مستشفى جديد في المدينة الساحلية بسعة مئتي سرير",
    ]
    signatures = [fingerprint(t, settings).signature for t in texts]
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    entries = band_entries(enumerate(signatures), lsh.hashranges)
    groups: dict[tuple[int, bytes], list] = {}
    for entry in entries:
        groups.setdefault(entry[0], []).append(entry)
    pairs = set(band_pairs(groups.items()))
    assert (1, 0) in pairs and (3, 0) in pairs and (3, 1) in pairs
    assert not any(2 in pair for pair in pairs)


def test_block_window_follows_terms_time_and_language() -> None:
    c = ClusterSettings()
    day = DAY
    records = [
        BlockRecord(0, 0.0, "ar", ("حريق",), ("حريق", "مصنع")),
        BlockRecord(1, 1 * day, "ar", ("انتخابات",), ("انتخابات",)),
        BlockRecord(2, 2 * day, "en", ("fire",), ("fire",)),
        BlockRecord(3, 3 * day, "ar", ("مصنع",), ("مصنع",)),
        BlockRecord(4, (c.story_max_gap_days + 1) * day, "ar", ("مصنع",), ("مصنع",)),
    ]
    found = {p: set(a.tolist()) for p, a in block_window(records, 0, c)}
    assert found[0] == set()
    assert found[1] == set()  # no shared term
    assert found[2] == {0, 1}  # another language, within the cross-lingual window
    assert found[3] == {0, 2}  # shares «مصنع» with 0; 2 is English and recent
    assert found[4] == {3}  # 0 is beyond the story window
    assert all(isinstance(a, np.ndarray) for _, a in block_window(records, 3, c))
