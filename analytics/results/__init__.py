"""What an analysis produces and how it is kept.

- :mod:`~analytics.results.analysis` - :class:`Analysis`, one DataFrame per table;
- :mod:`~analytics.results.store` - saving and loading the tables (CSV + Parquet),
  lazily or chunk by chunk (:class:`TableWriter`), with atomic folder replacement;
- :mod:`~analytics.results.drilldown` - from a number back to the text behind it.

Nothing here imports the pipeline, the narrative or the report: they build on it.
"""

from __future__ import annotations

from . import drilldown
from .analysis import Analysis, table
from .store import LazyTables, TableWriter, read_table, tidy

__all__ = ["Analysis", "LazyTables", "TableWriter", "drilldown", "read_table", "table", "tidy"]
