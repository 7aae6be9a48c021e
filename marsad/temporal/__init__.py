"""Time: Arabic time expressions resolved against the publication date, publication
dates inferred when missing, and story timelines.

* :func:`find_time_expressions` (text, published) → TimeExpression spans with ISO values;
* :func:`infer_publication_date` (metadata, url, text) → PublicationDate with its source;
* :func:`build_timeline` (a story's articles) → TimelineEntry list, merged and ordered;
* :func:`evaluate_duckling` (corpus path) → accuracy on Duckling's Arabic corpus.
"""

from typing import Any

from marsad.temporal.expressions import find_time_expressions
from marsad.temporal.publication import PublicationDate, infer_publication_date
from marsad.temporal.resolve import DUCKLING, NEWS, Policy
from marsad.temporal.timeline import build_timeline

__all__ = [
    "DUCKLING",
    "NEWS",
    "Policy",
    "PublicationDate",
    "build_timeline",
    "evaluate_duckling",
    "find_time_expressions",
    "infer_publication_date",
]


def __getattr__(name: str) -> Any:
    # Imported on use, so ``python -m marsad.temporal.evaluate`` runs it only once.
    if name == "evaluate_duckling":
        from marsad.temporal.evaluate import evaluate_duckling

        return evaluate_duckling
    raise AttributeError(f"module 'marsad.temporal' has no attribute {name!r}")
