"""Fuzz targets for marsad's entry points (hypothesis-driven; see docs/hardening.md).

``python fuzz/run.py --runs N`` runs every target N times and prints the counts;
tests/hardening runs the same targets with a small, fixed number of examples.
"""
