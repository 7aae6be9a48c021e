"""The example corpus and the seeds through the pipeline (shared with tests/facts)."""

from tests.facts.conftest import examples_store, seeds_store

__all__ = ["examples_store", "seeds_store"]
