"""Engines that run the digest job: ``local`` (one process, :mod:`marsad.digest`) and
``dask`` (:class:`DaskEngine`: per-article stages, candidate generation and composition
on Dask workers; store writes and the sequential replay on the client).

Dask is an optional dependency (``pip install marsad[dask]``): it is imported only when
the Dask engine is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["DaskEngine", "DaskOptions"]

if TYPE_CHECKING:
    from marsad.engine.dask import DaskEngine, DaskOptions


def __getattr__(name: str) -> Any:
    if name in __all__:
        from marsad.engine import dask as engine

        return getattr(engine, name)
    raise AttributeError(name)
