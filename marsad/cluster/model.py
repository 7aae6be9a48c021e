"""The decision "does this article report this story's happening?" as a small learned model.

Each kind of evidence (lexical similarity of the whole text and of the lead, meaning of
the headline, shared names, places and numbers, the time since the story was last
reported, the nearest recent member) is one feature of an article–story pair; a logistic
regression weighs them. It is trained by ``scripts/train_story_model.py`` on
hand-labelled stories (data/eval/), replaying the labelled articles in publication
order exactly as the clusterer sees them, and shipped as a few numbers in
``data/story_model.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["FEATURES", "StoryModel", "fit_logistic", "load_story_model"]

FEATURES = (
    "lex_body",
    "lex_lead",
    "semantic",
    "entities",
    "places",
    "numbers",
    "new_entities",
    "gap",
    "lex_x_sem",
    "max_lead",
    "max_semantic",
    "length",
    "lex_x_length",
    "lead_x_length",
    "same_day",
)
MODEL_RESOURCE = "data/story_model.json"


@dataclass(frozen=True, slots=True)
class StoryModel:
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5

    def score(self, features: tuple[float, ...]) -> float:
        """Probability that the pair belongs together."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> StoryModel:
        names = list(data["features"])  # type: ignore[arg-type]
        if names != list(FEATURES):
            raise ValueError(f"story model was trained on features {names}, this marsad computes {list(FEATURES)}")
        return cls(tuple(float(w) for w in data["weights"]), float(data["bias"]), float(data.get("threshold", 0.5)))  # type: ignore[arg-type, union-attr]


# Used only when no trained model ships (a fresh checkout before scripts/train_story_model.py).
_FALLBACK = StoryModel((4.0, 3.0, 3.0, 0.5, 0.5, 0.5, -0.5, -0.6, 0.0, 3.0, 1.0, 0.0, 0.0, 0.0, 0.5), -5.0)


@lru_cache(maxsize=1)
def load_story_model(path: str | None = None) -> StoryModel:
    if path is not None:
        return StoryModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    ref = resources.files("marsad.cluster").joinpath(MODEL_RESOURCE)
    if not ref.is_file():
        return _FALLBACK
    return StoryModel.from_dict(json.loads(ref.read_text(encoding="utf-8")))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (deterministic).

    Returns (weights, bias).
    """
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.eye(d + 1) * l2
    reg[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        z = np.clip(xb @ w, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        grad = xb.T @ (p - y) + reg @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w[:-1], float(w[-1])
