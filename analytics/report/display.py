"""Display helpers the notebooks use: load the analysis, show findings, charts, tables.

The notebooks stay thin: each cell is one call here, and they work the same
interactively in Jupyter. Everything shown is escaped HTML; charts are embedded as
PNG (and saved to the report's figure folder when one is set up).
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from analytics import narrative

from .source import load_analysis, run_analysis, save_analysis

_CONTEXT: dict[str, Any] = {"output_dir": None, "tables_href": None, "n_charts": 0}


def setup(source: Any = None, analysis_dir: Any = None, *, actors: Any = None,
          issues: Any = None, output_dir: Any = None, tables_href: str | None = None,
          **options: Any) -> Any:
    """Notebook entry point: load the saved analysis (or run one) and set up display.

    Parameters
    ----------
    source : path, optional
        Corpus to analyse when there is no saved analysis (None = bundled seeds).
    analysis_dir : path, optional
        A saved Analysis to load instead of re-running. When the folder does not exist
        yet, the analysis runs once and is saved there, so the next notebook given the
        same ``analysis_dir`` loads it instead of analysing the corpus again.
    actors, issues : path, optional
        Actor and issue registries. They are passed to ``analyze`` when the analysis
        runs; with a saved analysis they replace the files recorded in it (for labels
        and fit checks). Relative paths are resolved against the working folder.
    output_dir : path, optional
        When set, every chart is also saved there as PNG.
    tables_href : str, optional
        Relative URL of the saved tables (the report sets ``"tables"``); tables
        shown in the notebook then link to their full CSV.
    **options
        Passed to ``analyze`` when the analysis runs.

    Returns
    -------
    Analysis

    Raises
    ------
    InputError
        When a registry file is missing or malformed (never silently replaced by the
        bundled one).
    """
    _CONTEXT.update(output_dir=Path(output_dir) if output_dir else None,
                    tables_href=tables_href, n_charts=0)
    if _CONTEXT["output_dir"] is not None:
        _CONTEXT["output_dir"].mkdir(parents=True, exist_ok=True)
    actors, issues = resolve_registry_path(actors, "actors"), resolve_registry_path(
        issues, "issues")
    if analysis_dir and Path(analysis_dir).exists():
        analysis = load_analysis(analysis_dir)
        for key, value in (("actors", actors), ("issues", issues)):
            if value is not None:
                analysis.options[key] = value
    else:
        analysis = run_analysis(source, actors=actors, issues=issues, **options)
        if analysis_dir:
            save_analysis(analysis, analysis_dir)
    # a registry that cannot be read fails here, with its name, not later as a
    # silently missing label
    narrative.counts.actor_registry(analysis)
    narrative.counts.issue_registry(analysis)
    return analysis


def resolve_registry_path(value: Any, what: str) -> Any:
    """A registry path made absolute (None and loaded registries are returned as they
    are).

    Raises
    ------
    InputError
        When the file does not exist.
    """
    if value is None or not isinstance(value, (str, os.PathLike)) or str(value) in ("", "None"):
        return None if value in ("", "None") else value
    from analytics.errors import InputError
    path = Path(value).expanduser().resolve()
    if not path.is_file():
        raise InputError(f"the {what} file does not exist (relative paths are read from "
                         f"{Path.cwd()}); give the path of a YAML file "
                         f"(format: docs/{'registry' if what == 'actors' else 'issues'}.md)",
                         str(value))
    return str(path)


def _display_html(markup: str, plain: str = "") -> None:
    from IPython.display import display
    display({"text/html": markup, "text/plain": plain or re.sub(r"<[^>]+>", "", markup)[:200]},
            raw=True)


def figure_html(fig: Any, caption: str | None = None, *, alt: str | None = None) -> str:
    """A ``<figure>`` with the chart embedded as a base64 PNG and an escaped caption.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    caption : str, optional
        Shown under the chart (escaped).
    alt : str, optional
        Alternative text; by default the figure's (sub)titles.

    Returns
    -------
    str
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", facecolor="white")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    if alt is None:
        titles = [a.get_title() for a in fig.axes if a.get_title()]
        sup = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
        alt = "; ".join([t for t in [sup, *titles] if t]) or "chart"
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    names = chart_labels(fig)
    # the names drawn on the chart, so a report can link the people among them
    joined = html.escape("\n".join(names), quote=True)
    data_names = f' data-names="{joined}"' if names else ""
    return (f'<figure class="chart"{data_names}><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt, quote=True)}">{cap}</figure>')


def chart_labels(fig: Any, limit: int = 60) -> list[str]:
    """The category labels drawn on a chart: tick labels, annotations and legend
    entries (each once, in drawing order; numbers and empty labels left out).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    limit : int
        At most this many labels.

    Returns
    -------
    list of str
    """
    out: dict[str, None] = {}
    for ax in fig.axes:
        texts = [*ax.get_yticklabels(), *ax.get_xticklabels(), *ax.texts]
        leg = ax.get_legend()
        if leg is not None:
            texts += leg.get_texts()
        for t in texts:
            label = " ".join(str(t.get_text()).split())
            if label and len(label) <= 80 and re.search(r"[^\W\d_]", label):
                # "Keir Starmer (42)": a name with its count
                out.setdefault(re.sub(r"\s*\([\d,]+\)$", "", label), None)
    return list(out)[:limit]


def show_figure(fig: Any, caption: str | None = None, *, name: str | None = None) -> None:
    """Display ``fig`` (with caption), save it to the output folder, close it."""
    import matplotlib.pyplot as plt
    _CONTEXT["n_charts"] += 1
    out = _CONTEXT.get("output_dir")
    if out is not None:
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", name or f"chart_{_CONTEXT['n_charts']}")
        fig.savefig(Path(out) / f"{stem}.png", dpi=150, bbox_inches="tight",
                    facecolor="white")
    _display_html(figure_html(fig, caption), plain=caption or "chart")
    plt.close(fig)


def chart(func: Callable | str, *args: Any, caption: str | None = None,
          name: str | None = None, **kwargs: Any) -> None:
    """Draw ``func(*args, **kwargs)`` and show it; on failure show a visible note.

    Parameters
    ----------
    func : callable or str
        A chart function returning a Figure, or its dotted name
        (``"analytics.plotting.topics.top_terms"``), so a notebook still renders
        while a chart module is missing.
    *args, **kwargs
        Passed to ``func``.
    caption : str, optional
        Shown under the chart.
    name : str, optional
        File name (without ``.png``) in the output folder; default ``func``'s name.

    Notes
    -----
    Failures are shown in an element of class ``chart-error`` (the report tests
    assert there is none) and their traceback goes to stderr.
    """
    try:
        if isinstance(func, str):
            import importlib
            mod, _, attr = func.rpartition(".")
            func = getattr(importlib.import_module(mod), attr)
        fig = func(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - shown to the reader, not swallowed
        msg = f"{type(exc).__name__}: {exc}"
        _display_html(f'<p class="chart-error">This chart could not be drawn '
                      f'({html.escape(str(name or getattr(func, "__name__", func)))}): '
                      f'{html.escape(msg)}</p>', plain=msg)
        print(traceback.format_exc(), file=sys.stderr)
        return None
    if fig is None:
        return None
    show_figure(fig, caption, name=name or getattr(func, "__name__", None))
    return None


def show_findings(analysis: Any, section: str | None = None, *,
                  headline_only: bool = False, details_only: bool = False,
                  heading: bool = False) -> None:
    """Display written findings (escaped HTML) for one section or all.

    ``headline_only`` shows the section's main finding, ``details_only`` the rest.
    """
    _display_html(narrative.findings_html(analysis, section, headline_only=headline_only,
                                          details_only=details_only, heading=heading),
                  plain="\n\n".join(f.text for f in narrative.findings(
                      analysis, None if section is None else [section])))


#: Rows a page holds at most in a table's "show all rows" element; longer tables show
#: their first rows and say so (every row stays in the saved tables).
MAX_PAGE_ROWS = 500


def table_html(df: pd.DataFrame, *, max_rows: int = 15, caption: str | None = None,
               name: str | None = None, tables_href: str | None = None,
               float_digits: int = 2, links: dict[str, dict[str, str]] | None = None,
               part_of: str | None = None) -> str:
    """An escaped HTML table (first ``max_rows`` rows) with an optional caption.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; long texts are shortened to 300 characters, lists joined.
    max_rows : int
        Rows shown at first. The rest stay reachable: through a link to the full CSV
        (``name`` and ``tables_href``), else in a ``<details>`` element holding every
        row (static HTML, no script), at most :data:`MAX_PAGE_ROWS` of them (a note
        says when there are more).
    caption : str, optional
        Shown above the table.
    name, tables_href : str, optional
        With both, a link to ``{tables_href}/{name}.csv`` (the full table).
    float_digits : int
        Decimals of floating-point cells.
    links : dict, optional
        Column -> {cell value: relative URL}: those cells become links (the value
        escaped, e.g. a person's name linking to their page).
    part_of : str, optional
        When ``df`` is part of the table ``name`` (some of its rows), what else that
        table holds ("the pairs of the other levels"): the link says so.

    Returns
    -------
    str
    """
    def render(rows: pd.DataFrame) -> str:
        rows = rows.copy()
        marks: dict[str, str] = {}
        for c in rows.columns:
            if pd.api.types.is_object_dtype(rows[c]) or pd.api.types.is_string_dtype(rows[c]):
                rows[c] = rows[c].map(lambda v: _cell(v))
            if links and c in links:
                def mark(v: Any, hrefs: dict[str, str] = links[c]) -> Any:
                    if str(v) not in hrefs:
                        return v
                    # a private-use token the escaping leaves alone, swapped for the link
                    token = f"\ue000{len(marks)}\ue001"
                    marks[token] = (f'<a href="{html.escape(hrefs[str(v)], quote=True)}">'
                                    f"{html.escape(str(v))}</a>")
                    return token
                rows[c] = rows[c].map(mark)
        out = rows.to_html(index=False, escape=True, border=0, classes="data",
                           na_rep="", float_format=lambda x: f"{x:.{float_digits}f}")
        for token, link in marks.items():
            out = out.replace(token, link)
        return out

    body = render(df.head(max_rows))
    note = []
    linked = bool(name and tables_href)
    rest = ""
    if len(df) > max_rows:
        if linked:
            note.append(f"showing {max_rows} of {len(df)} rows")
        elif len(df) <= MAX_PAGE_ROWS:
            rest = (f'<details class="all-rows"><summary>show all {len(df)} rows</summary>'
                    f"{render(df)}</details>")
        else:  # a page stays small whatever the corpus: the rest is in the tables
            rest = (f'<details class="all-rows"><summary>show the first {MAX_PAGE_ROWS} '
                    f"of {len(df)} rows</summary>{render(df.head(MAX_PAGE_ROWS))}</details>")
            note.append(f"this page shows the first {MAX_PAGE_ROWS} of {len(df)} rows; "
                        "every row is in the analysis tables")
    if linked:
        href = html.escape(f"{tables_href}/{name}.csv", quote=True)
        link = f'<a href="{href}">{html.escape(str(name))}.csv</a>'
        note.append(f"these rows and {html.escape(part_of)}: {link}" if part_of
                    else f"full table: {link}")
    cap = html.escape(caption) if caption else ""
    foot = f'<p class="table-note">{"; ".join(note)}</p>' if note else ""
    head = f'<p class="table-caption">{cap}</p>' if cap else ""
    return f'<div class="table-wrap">{head}{body}{rest}{foot}</div>'


def _cell(v: Any, limit: int = 300) -> Any:
    if isinstance(v, (list, tuple)):
        v = ", ".join(map(str, v))
    if isinstance(v, str):
        v = " ".join(v.split())
        if len(v) > limit:
            v = v[: limit - 1] + "\u2026"
    return v


def show_table(df: pd.DataFrame, caption: str | None = None, *, name: str | None = None,
               max_rows: int = 15, columns: list[str] | None = None,
               drop_empty: bool = True, part_of: str | None = None) -> None:
    """Display a table (escaped), linking the full CSV when in a report.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    caption : str, optional
        Shown above the table.
    name : str, optional
        The analysis table it shows, to link its CSV in a report.
    max_rows : int
        Rows shown.
    columns : list of str, optional
        Columns shown, in this order (missing ones are left out).
    drop_empty : bool
        Leave out columns that are empty in every row.
    part_of : str, optional
        When ``df`` holds some rows of the table ``name``, what else the table holds
        (see :func:`table_html`).
    """
    if columns is not None:
        df = df[[c for c in columns if c in df.columns]]
    if drop_empty and len(df):
        keep = [c for c in df.columns
                if not (df[c].isna() | (df[c].astype(str).str.strip() == "")).all()]
        df = df[keep]
    if df.empty:
        _display_html(f'<p class="empty">{html.escape(caption or "Table")}: no rows.</p>')
        return
    _display_html(table_html(df, max_rows=max_rows, caption=caption, name=name,
                             tables_href=_CONTEXT.get("tables_href"), part_of=part_of),
                  plain=caption or "table")


def show_note(text: str) -> None:
    """Display a one-line note (escaped)."""
    _display_html(f'<p class="note">{html.escape(text)}</p>', plain=text)
