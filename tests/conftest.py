"""Shared fixtures: settings, the third-party data beside the checkout, the examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
EXAMPLES = ROOT / "examples"

# Publication dates of the seeds (../shared/data/seeds.jsonl carries them too).
SEED_DATES = {"000": "2025-04-08", "001": "2025-02-27", "002": "2025-02-23", "003": "2022-12", "004": "2025-04-10"}


def need(path: Path) -> Path:
    """Skip the test when third-party data is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles (raw files, chrome included), keyed "000".."004"."""
    need(SEEDS)
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seeds_jsonl() -> Path:
    return need(DATA / "seeds.jsonl")


@pytest.fixture(scope="session")
def seed_rows(seeds_jsonl: Path) -> list[dict]:
    return [json.loads(line) for line in seeds_jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
