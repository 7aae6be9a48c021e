"""Settings: packaged defaults in ``settings.toml``, a user file layered on top.

Entry points build a :class:`Settings` once (``load_settings``) and pass it down; no
stage reads the environment or a global.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "AnalyseSettings",
    "ClusterSettings",
    "DedupSettings",
    "ExtractSettings",
    "IngestSettings",
    "LimitSettings",
    "PresentSettings",
    "Settings",
    "SummarySettings",
    "load_settings",
]


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_file_bytes: int = 64 * 1024 * 1024
    max_article_chars: int = 200_000
    min_article_chars: int = 40
    batch_size: int = 2000

    def __post_init__(self) -> None:
        if self.max_file_bytes <= 0 or self.max_article_chars <= 0:
            raise ValueError("ingest limits must be positive")


@dataclass(frozen=True, slots=True)
class LimitSettings:
    """Bounds on hostile or broken input, so one page cannot stall or crash a run."""

    # HTML longer than this (after scripts, styles and inline images are dropped) is cut.
    max_html_chars: int = 2_000_000
    # Elements nested deeper than this are flattened before main-text extraction.
    max_html_depth: int = 200

    def __post_init__(self) -> None:
        for name in ("max_html_chars", "max_html_depth"):
            if type(getattr(self, name)) is not int:
                raise ValueError(f"limits.{name} must be a whole number, got {getattr(self, name)!r}")
        if self.max_html_chars < 1000:
            raise ValueError(f"limits.max_html_chars must be at least 1000, got {self.max_html_chars}")
        # lxml (libxml2) stops parsing a page nested 256 levels deep: the limit must stay below.
        if not 8 <= self.max_html_depth <= 240:
            raise ValueError(f"limits.max_html_depth must be between 8 and 240, got {self.max_html_depth}")


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    learned_min_articles: int = 4
    learned_min_share: float = 0.01
    learned_max_words: int = 30
    learned_long_min_articles: int = 20
    learned_max_topic_overlap: float = 0.12

    def __post_init__(self) -> None:
        if self.learned_min_articles < 2:
            raise ValueError("extract.learned_min_articles must be >= 2: one article cannot show a repeat")


@dataclass(frozen=True, slots=True)
class AnalyseSettings:
    min_arabic_letter_share: float = 0.5
    entities: bool = True
    dates: bool = True


@dataclass(frozen=True, slots=True)
class DedupSettings:
    num_perm: int = 128
    shingle_size: int = 3
    threshold: float = 0.7
    min_jaccard: float = 0.6

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"dedup.threshold must be in (0, 1), got {self.threshold}")


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    # A trained story model (JSON) to use instead of the packaged one; "" = packaged.
    story_model: str = ""
    story_max_gap_days: float = 10.0
    announced_min_lexical: float = 0.15
    announced_min_semantic: float = 0.3
    announced_max_size: int = 2
    cross_lingual_min_semantic: float = 0.5
    cross_lingual_max_gap_days: float = 3.0
    w_lexical: float = 0.45
    w_semantic: float = 0.30
    w_entities: float = 0.15
    topic_threshold: float = 0.3
    topic_window_days: float = 120.0


@dataclass(frozen=True, slots=True)
class SummarySettings:
    max_sentences: int = 6
    min_sentences: int = 3
    max_words: int = 120

    def __post_init__(self) -> None:
        if self.min_sentences > self.max_sentences:
            raise ValueError("summary.min_sentences must not exceed summary.max_sentences")


@dataclass(frozen=True, slots=True)
class PresentSettings:
    markdown_max_articles: int = 30
    shards_from_articles: int = 20000


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    analyse: AnalyseSettings = field(default_factory=AnalyseSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    present: PresentSettings = field(default_factory=PresentSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)

    def with_values(self, section: str, **values: Any) -> Settings:
        """A copy with some keys of one section changed (for CLI flags and tests)."""
        return replace(self, **{section: replace(getattr(self, section), **values)})


def _merge(base: dict[str, Any], override: dict[str, Any], origin: str) -> dict[str, Any]:
    merged = {k: dict(v) for k, v in base.items()}
    for section, values in override.items():
        if section not in merged or not isinstance(values, dict):
            raise ValueError(f"{origin}: unknown settings section [{section}]")
        merged[section].update(values)
    return merged


def _build(data: dict[str, Any], origin: str) -> Settings:
    sections: dict[str, Any] = {}
    for f in fields(Settings):
        cls = f.default_factory  # type: ignore[misc]
        known = {sf.name for sf in fields(cls)}
        values = data.get(f.name, {})
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"{origin}: unknown key(s) in [{f.name}]: {', '.join(sorted(unknown))}")
        sections[f.name] = cls(**values)
    return Settings(**sections)


def load_settings(path: str | Path | None = None) -> Settings:
    """Packaged defaults, with the keys of ``path`` (a TOML file) layered on top.

    Example:
        >>> load_settings().summary.max_words
        120
    """
    defaults = tomllib.loads(resources.files("marsad").joinpath("settings.toml").read_text("utf-8"))
    if path is None:
        return _build(defaults, "settings.toml")
    with open(path, "rb") as fh:
        user = tomllib.load(fh)
    return _build(_merge(defaults, user, str(path)), str(path))
