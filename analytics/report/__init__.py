"""Static HTML report and the notebooks' display helpers.

:func:`build_report` is what ``analytics report`` calls. It

1. runs :func:`analytics.pipeline.analyze` once (or takes a given Analysis),
2. saves every table to ``<out>/tables/`` as CSV and Parquet,
3. executes the project's notebooks (``00_summary`` ... ``04_leaders``) with
   papermill against the saved tables, on a kernel running the current interpreter,
4. exports each notebook to a static HTML page (code hidden, charts embedded as
   PNG, no script and no network access at view time), and
5. writes a page per person who matters (``person-<slug>.html``, see
   :mod:`.people`) and ``index.html`` with the headline findings and links to every
   page, person and table. Wherever a page names a person with a page (table cells,
   findings, captions, the people a chart draws), the name links to it.

The build happens in a hidden folder beside ``out`` that replaces ``out`` only
when everything succeeded: a failed or interrupted run leaves the previous report
intact. ``out`` must be new, empty or a report written before (see
:func:`analytics.safe.check_output_dir`).

Modules: :mod:`.build` (the build), :mod:`.execute` (running notebooks),
:mod:`.html` (page template, index, static-HTML checks), :mod:`.display` (the
helpers the notebooks call: :func:`setup`, :func:`chart`, :func:`show_findings`,
:func:`show_table`, ...), :mod:`.people` (person pages), :mod:`.source` (bundled
notebooks and seeds; loading, saving and running the analysis).
"""

from __future__ import annotations

from .build import build_report
from .display import (chart, figure_html, setup, show_figure, show_findings, show_note,
                      show_table, table_html)
from .execute import execute_notebooks, scrub_paths
from .html import check_static_html
from .source import (default_source, list_notebooks, load_analysis, notebooks_dir,
                     run_analysis, save_analysis)

__all__ = [
    "build_report", "setup", "chart", "show_figure", "show_findings", "show_table",
    "show_note", "figure_html", "table_html", "load_analysis", "save_analysis",
    "run_analysis", "list_notebooks", "notebooks_dir", "default_source",
    "execute_notebooks", "check_static_html", "scrub_paths",
]
