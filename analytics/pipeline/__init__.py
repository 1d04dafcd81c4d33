"""The pipeline: from a corpus to every table of an :class:`~analytics.Analysis`.

- :mod:`~analytics.pipeline.run` - :func:`analyze`, the one entry point (and
  :func:`find_actors`, its stages up to the mentions);
- :mod:`~analytics.pipeline.stages` - the per-document stages, as a declared list
  (:data:`STAGES`), run on each chunk of documents;
- :mod:`~analytics.pipeline.reduce` - the corpus stages, reductions over the
  per-chunk tables (:data:`CORPUS_STAGES`);
- :mod:`~analytics.pipeline.backends` - where the per-chunk stages run, one dispatch
  table (:data:`BACKENDS`: local, Dask).
"""

from __future__ import annotations

from .backends import BACKENDS
from .reduce import CORPUS_STAGES
from .run import analyze, find_actors
from .stages import PER_DOCUMENT_TABLES, SPILLED_TABLES, STAGES, Config, Stage

__all__ = ["BACKENDS", "CORPUS_STAGES", "Config", "PER_DOCUMENT_TABLES", "SPILLED_TABLES",
           "STAGES", "Stage", "analyze", "find_actors"]
