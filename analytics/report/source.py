"""What a report is built from: the bundled notebooks and seeds, and the analysis."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from analytics import schema
from analytics.narrative import table
# the bundled files are found by analytics.resources (re-exported here)
from analytics.resources import notebooks_dir  # noqa: F401
from analytics.resources import repo_root as package_root  # noqa: F401
from analytics.resources import seeds_dir as default_source  # noqa: F401


def list_notebooks() -> list[Path]:
    """The report notebooks, in page order."""
    return sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def load_analysis(path: str | os.PathLike) -> Any:
    """Load an Analysis saved with ``Analysis.save`` (tables as Parquet/CSV)."""
    from analytics.results import Analysis
    return Analysis.load(path)


def save_analysis(analysis: Any, path: str | os.PathLike) -> Path:
    """Save every table of ``analysis`` as CSV + Parquet into ``path``."""
    from analytics.results import Analysis
    if not hasattr(analysis, "save"):
        tables = {name: table(analysis, name) for name in schema.TABLES}
        analysis = Analysis(tables, dict(getattr(analysis, "options", None) or {}))
    return Path(analysis.save(path))


def run_analysis(source: Any = None, *, actors: Any = None, issues: Any = None,
                 **options: Any) -> Any:
    """``analytics.pipeline.analyze`` on ``source`` (None = the bundled seeds)."""
    from analytics.pipeline import analyze
    if actors is not None:
        options["actors"] = actors
    if issues is not None:
        options["issues"] = issues
    return analyze(source, **options)
