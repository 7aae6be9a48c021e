"""Every fuzz target (fuzz/targets.py) as a property test: a fixed, modest number of
generated inputs per target, derandomised so CI always runs the same ones.

``python fuzz/run.py --runs N`` runs the same targets on many more inputs.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz.targets import TARGETS

# Inputs per target here; the page targets parse HTML and are the slow ones.
EXAMPLES = {"ingest_html": 60, "html": 60, "analyse": 100}
DEFAULT_EXAMPLES = 150


@pytest.mark.parametrize("name", list(TARGETS))
def test_target_holds_on_generated_inputs(name: str) -> None:
    target = TARGETS[name]
    ran = 0

    @settings(
        max_examples=EXAMPLES.get(name, DEFAULT_EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy)
    def holds(case: object) -> None:
        nonlocal ran
        ran += 1
        target.check(case)

    holds()
    assert ran >= EXAMPLES.get(name, DEFAULT_EXAMPLES) // 2, f"only {ran} inputs were generated"
