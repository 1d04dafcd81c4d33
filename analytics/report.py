"""Static HTML report: run the analysis once, execute the notebooks, export pages.

:func:`build_report` is what ``analytics report`` calls. It

1. runs :func:`analytics.pipeline.analyze` once (or takes a given Analysis),
2. saves every table to ``<out>/tables/`` as CSV and Parquet,
3. executes the project's notebooks (``00_summary`` ... ``04_leaders``) against the
   saved tables, with a kernel running the current interpreter,
4. exports each notebook to a static HTML page (code hidden, charts embedded as
   PNG, no script and no network access at view time), and
5. writes ``index.html`` with the headline findings and links to every page and
   table.

The build happens in a hidden folder beside ``out`` that replaces ``out`` only
when everything succeeded: a failed or interrupted run leaves the previous report
intact. ``out`` must be new, empty or a report written before (see
:func:`analytics.analysis.check_output_dir`).

The same module provides the small display helpers the notebooks use
(:func:`setup`, :func:`chart`, :func:`show_findings`, :func:`show_table`), so the
notebooks stay thin and work the same interactively in Jupyter.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as _dt
import html
import io
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from analytics import narrative, schema

# ----------------------------------------------------------------------------------
# locating bundled resources
# ----------------------------------------------------------------------------------

_PKG_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path | None:
    """``analytics/data/<name>`` from the installed package, else the repo's ``<name>/``."""
    try:
        from importlib.resources import files
        p = Path(str(files("analytics") / "data" / name))
        if p.is_dir() and any(p.iterdir()):
            return p
    except (ModuleNotFoundError, TypeError, OSError):  # pragma: no cover
        pass
    p = _PKG_DIR.parent / name
    if p.is_dir():
        return p
    return None


def notebooks_dir() -> Path:
    """Directory holding the report notebooks (wheel first, then the repo)."""
    p = _data_dir("notebooks")
    if p is None or not list(p.glob("*.ipynb")):
        raise FileNotFoundError(
            "report notebooks not found: looked in analytics/data/notebooks and in "
            f"{_PKG_DIR.parent / 'notebooks'}")
    return p


def default_source() -> Path:
    """The bundled demo corpus (``analytics/data/seeds`` or the repo's ``seeds/``)."""
    p = _data_dir("seeds")
    if p is None:
        raise FileNotFoundError("bundled seed corpus not found")
    return p


def list_notebooks() -> list[Path]:
    """The report notebooks, in page order."""
    return sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


# ----------------------------------------------------------------------------------
# loading / saving an analysis
# ----------------------------------------------------------------------------------

def load_analysis(path: str | os.PathLike) -> Any:
    """Load an Analysis saved with ``Analysis.save`` (tables as Parquet/CSV)."""
    from analytics.analysis import Analysis
    return Analysis.load(path)


def save_analysis(analysis: Any, path: str | os.PathLike) -> Path:
    """Save every table of ``analysis`` as CSV + Parquet into ``path``."""
    from analytics.analysis import Analysis
    if not hasattr(analysis, "save"):
        tables = {name: narrative.table(analysis, name) for name in schema.TABLES}
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


# ----------------------------------------------------------------------------------
# notebook display helpers
# ----------------------------------------------------------------------------------

_CONTEXT: dict[str, Any] = {"output_dir": None, "tables_href": None, "n_charts": 0}


def setup(source: Any = None, analysis_dir: Any = None, *, actors: Any = None,
          issues: Any = None, output_dir: Any = None, tables_href: str | None = None,
          **options: Any) -> Any:
    """Notebook entry point: load the saved analysis (or run one) and set up display.

    Parameters
    ----------
    source : path, optional
        Corpus to analyse when ``analysis_dir`` is None (None = bundled seeds).
    analysis_dir : path, optional
        A saved Analysis to load instead of re-running.
    actors, issues : optional
        Actor and issue registries, passed to ``analyze``.
    output_dir : path, optional
        When set, every chart is also saved there as PNG.
    tables_href : str, optional
        Relative URL of the saved tables (the report sets ``"tables"``); tables
        shown in the notebook then link to their full CSV.

    Returns
    -------
    Analysis
    """
    _CONTEXT.update(output_dir=Path(output_dir) if output_dir else None,
                    tables_href=tables_href, n_charts=0)
    if _CONTEXT["output_dir"] is not None:
        _CONTEXT["output_dir"].mkdir(parents=True, exist_ok=True)
    if analysis_dir:
        return load_analysis(analysis_dir)
    return run_analysis(source, actors=actors, issues=issues, **options)


def _display_html(markup: str, plain: str = "") -> None:
    from IPython.display import display
    display({"text/html": markup, "text/plain": plain or re.sub(r"<[^>]+>", "", markup)[:200]},
            raw=True)


def figure_html(fig: Any, caption: str | None = None, *, alt: str | None = None) -> str:
    """A ``<figure>`` with the chart embedded as a base64 PNG and an escaped caption."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", facecolor="white")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    if alt is None:
        titles = [a.get_title() for a in fig.axes if a.get_title()]
        sup = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
        alt = "; ".join([t for t in [sup, *titles] if t]) or "chart"
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="chart"><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt, quote=True)}">{cap}</figure>')


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

    ``func`` may be a dotted name (``"analytics.plotting.topics.top_terms"``), so a
    notebook still renders while a chart module is missing. Failures are shown in
    an element of class ``chart-error`` (the report tests assert there is none).
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


def table_html(df: pd.DataFrame, *, max_rows: int = 15, caption: str | None = None,
               name: str | None = None, tables_href: str | None = None,
               float_digits: int = 2) -> str:
    """An escaped HTML table (first ``max_rows`` rows) with an optional caption."""
    shown = df.head(max_rows).copy()
    for c in shown.columns:
        if pd.api.types.is_object_dtype(shown[c]) or pd.api.types.is_string_dtype(shown[c]):
            shown[c] = shown[c].map(lambda v: _cell(v))
    body = shown.to_html(index=False, escape=True, border=0, classes="data",
                         na_rep="", float_format=lambda x: f"{x:.{float_digits}f}")
    note = []
    if len(df) > max_rows:
        note.append(f"showing {max_rows} of {len(df)} rows")
    if name and tables_href:
        href = html.escape(f"{tables_href}/{name}.csv", quote=True)
        note.append(f'full table: <a href="{href}">{html.escape(name)}.csv</a>')
    cap = html.escape(caption) if caption else ""
    foot = f'<p class="table-note">{"; ".join(note)}</p>' if note else ""
    head = f'<p class="table-caption">{cap}</p>' if cap else ""
    return f'<div class="table-wrap">{head}{body}{foot}</div>'


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
               drop_empty: bool = True) -> None:
    """Display a table (escaped), linking the full CSV when in a report.

    Columns that are empty in every row are left out (``drop_empty``).
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
                             tables_href=_CONTEXT.get("tables_href")),
                  plain=caption or "table")


def show_note(text: str) -> None:
    """Display a one-line note (escaped)."""
    _display_html(f'<p class="note">{html.escape(text)}</p>', plain=text)


# ----------------------------------------------------------------------------------
# executing notebooks
# ----------------------------------------------------------------------------------

KERNEL_NAME = "analytics-report-python3"


def _kernel_spec_manager(workdir: Path):
    """A KernelSpecManager whose only kernel runs ``sys.executable -m ipykernel``."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    kdir = Path(tempfile.mkdtemp(prefix="kernels-", dir=workdir))
    write_kernel_spec(path=kdir / KERNEL_NAME)
    ksm = KernelSpecManager(kernel_dirs=[str(kdir)])
    ksm.ensure_native_kernel = False
    return ksm


def inject_parameters(nb: Any, params: dict[str, Any]) -> Any:
    """Insert a cell assigning ``params`` after the cell tagged ``parameters``
    (papermill convention: the new cell is tagged ``injected-parameters``)."""
    import nbformat
    lines = ["# Parameters injected by analytics.report"]
    lines += [f"{k} = {v!r}" for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    idx = next((i for i, c in enumerate(nb.cells)
                if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    nb.cells.insert(0 if idx is None else idx + 1, cell)
    return nb


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(_PKG_DIR.parent)
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    env["MPLBACKEND"] = "Agg"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def execute_notebooks(paths: list[Path], params: dict[str, Any], workdir: Path, *,
                      timeout: int = 600, on_done: Callable[[Path], None] | None = None,
                      parallel: int | None = None, cwd: Path | None = None) -> dict[Path, Any]:
    """Execute notebooks concurrently with ``params`` injected; return executed nodes.

    Parameters
    ----------
    paths : list of Path
        The notebooks.
    params : dict
        Values assigned in a cell after the one tagged ``parameters``.
    workdir : Path
        Folder for the kernel's specification and sockets.
    timeout : int
        Seconds allowed per cell.
    on_done : callable, optional
        Called with each notebook's path when it has run.
    parallel : int, optional
        Notebooks run at once (default: one per CPU, at least two).
    cwd : Path, optional
        The kernels' working folder (default ``workdir``); relative paths in
        ``params`` are relative to it.

    Raises
    ------
    RuntimeError
        If a notebook fails; the message names the notebook, the failing cell and
        the error (the kernel's traceback is chained).
    KeyboardInterrupt
        If the run is interrupted; every kernel is shut down first.
    """
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    ksm = _kernel_spec_manager(workdir)
    env = _kernel_env()
    limit = parallel or max(2, min(len(paths), os.cpu_count() or 2))
    run_dir = str(cwd or workdir)

    async def run_one(path: Path, sem: asyncio.Semaphore):
        async with sem:
            nb = nbformat.read(path, as_version=4)
            inject_parameters(nb, params)
            km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm,
                                    transport="ipc" if os.name == "posix" else "tcp")
            if km.transport == "ipc":
                km.ip = str(workdir / f"kernel-{path.stem}")
            client = NotebookClient(nb, km=km, timeout=timeout, allow_errors=False,
                                    shutdown_kernel="immediate",
                                    resources={"metadata": {"path": run_dir}})
            log = workdir / f"kernel-{path.stem}.log"
            try:
                # the kernel's own log (not the cells' output, which the notebook
                # keeps) goes to a file: shutdown chatter must not reach the terminal
                with open(log, "wb") as stream:
                    await client.async_execute(env=env, stdout=stream, stderr=stream)
            except CellExecutionError as exc:
                if getattr(exc, "ename", "") == "KeyboardInterrupt":
                    raise _Interrupted from None
                cell = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                             and any(o.get("output_type") == "error" for o in c.outputs)),
                            None)
                where = f" in cell {cell}" if cell is not None else ""
                raise RuntimeError(f"notebook {path.name} failed{where}: "
                                   f"{getattr(exc, 'ename', type(exc).__name__)}: "
                                   f"{getattr(exc, 'evalue', '')}") from exc
            except Exception as exc:  # noqa: BLE001 - a dead kernel, a timeout...
                if not interrupted:
                    exc.add_note(_tail(log))
                    raise RuntimeError(f"notebook {path.name} failed: "
                                       f"{type(exc).__name__}: {exc}") from exc
                raise _Interrupted from None
            finally:
                await _stop_kernel(km)
            if on_done is not None:
                on_done(path)
            return path, nb

    async def run_all():
        sem = asyncio.Semaphore(limit)
        tasks = [asyncio.ensure_future(run_one(p, sem)) for p in paths]
        running["loop"], running["task"] = asyncio.get_running_loop(), asyncio.current_task()
        try:
            return await asyncio.gather(*tasks)
        except BaseException:
            # one notebook failed or the run was interrupted: stop the others and
            # wait until their kernels are shut down
            for t in tasks:
                if not t.done() and not t.cancelling():
                    t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    def runner() -> None:
        try:
            result["value"] = asyncio.run(run_all())
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            result["error"] = exc
        finally:
            finished.set()

    # The event loop runs in its own thread. On the main thread nbclient would take
    # over Ctrl-C and kill the kernels under the running cells (tracebacks, "kernel
    # died"); here Ctrl-C reaches this thread, which cancels the run, waits until every
    # kernel is shut down and raises KeyboardInterrupt. (An Event, not Thread.join: a
    # join interrupted by Ctrl-C can report the thread finished while it still runs.)
    interrupted: list[bool] = []
    running: dict[str, Any] = {}
    result: dict[str, Any] = {}
    finished = threading.Event()
    thread = threading.Thread(target=runner, name="analytics-notebooks", daemon=True)
    thread.start()
    try:
        while not finished.wait(0.2):
            pass
    except KeyboardInterrupt:
        interrupted.append(True)
        while "task" not in running and not finished.wait(0.05):
            pass
        loop, task = running.get("loop"), running.get("task")
        if loop is not None and task is not None:
            loop.call_soon_threadsafe(task.cancel)
        try:
            while not finished.wait(0.2):
                pass
        except KeyboardInterrupt:  # a second Ctrl-C: stop waiting for the kernels
            pass
        raise KeyboardInterrupt from None
    err = result.get("error")
    if isinstance(err, (_Interrupted, asyncio.CancelledError)):
        raise KeyboardInterrupt from None
    if err is not None:
        raise err
    return dict(result["value"])


async def _stop_kernel(km: Any) -> None:
    """Shut a kernel down; if that is cancelled or fails, kill its process."""
    try:
        if km.has_kernel:
            await km.shutdown_kernel(now=True)
    except BaseException:
        proc = getattr(getattr(km, "provisioner", None), "process", None)
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        raise


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "kernel log:\n" + "\n".join(text[-lines:])


class _Interrupted(Exception):
    """A kernel was interrupted (raised inside the event loop, which would not let a
    KeyboardInterrupt through without leaving kernels behind)."""


def scrub_paths(node: Any, replacements: dict[str, str]) -> Any:
    """Replace local folder paths in every string of a notebook (outputs, metadata).

    Longer paths are replaced first, so a folder inside another gets its own label.
    """
    pairs = sorted(((k, v) for k, v in replacements.items() if k), key=lambda kv: -len(kv[0]))

    def fix(v: Any) -> Any:
        if isinstance(v, str):
            for k, r in pairs:
                if k in v:
                    v = v.replace(k, r)
            return v
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, dict):
            for k in list(v):
                v[k] = fix(v[k])
            return v
        return v

    return fix(node)


# ----------------------------------------------------------------------------------
# HTML pages
# ----------------------------------------------------------------------------------

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")

CSS = """
:root { --ink:#1b1b1b; --muted:#555; --rule:#d9d9d9; --accent:#0072B2; --bg:#fff;
        --soft:#f5f7fa; --warn:#8a4b00; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:var(--bg);
       font: 16px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.site { background:#10243e; color:#fff; padding:.6rem 1.2rem; }
header.site a { color:#fff; text-decoration:none; margin-right:1.1rem; font-size:.95rem;
                white-space:nowrap; }
header.site a.current { border-bottom:2px solid #E69F00; }
header.site .brand { font-weight:700; margin-right:1.6rem; }
main { max-width: 62rem; margin: 0 auto; padding: 1.2rem 1.2rem 3rem; }
h1 { font-size:1.9rem; line-height:1.2; margin:.8rem 0 .4rem; }
h2 { font-size:1.35rem; margin:2rem 0 .6rem; padding-top:.4rem; border-top:1px solid var(--rule); }
h3 { font-size:1.1rem; margin:1.4rem 0 .4rem; }
a { color: var(--accent); }
a.anchor-link { display:none; }
p.lede { font-size:1.08rem; color:#333; }
.finding { margin: .3rem 0 1rem; }
.finding > p { margin:.2rem 0 .4rem; }
.finding.caveat > p::before { content:"Caution: "; font-weight:600; color:var(--warn); }
blockquote.evidence { margin:.3rem 0 .8rem 0; padding:.45rem .9rem; background:var(--soft);
    border-left:4px solid var(--accent); font-family: Georgia, "Times New Roman", serif;
    font-size:.98rem; }
blockquote.evidence p { margin:0 0 .2rem; }
blockquote.evidence footer { font-family: inherit; font-size:.8rem; color:var(--muted); }
figure.chart { margin:1rem 0 1.6rem; }
figure.chart img { max-width:100%; height:auto; display:block; }
figure.chart figcaption { font-size:.85rem; color:var(--muted); margin-top:.3rem; max-width:48rem; }
.table-wrap { overflow-x:auto; margin:.6rem 0 1.4rem; }
table.data, table.dataframe { border-collapse:collapse; font-size:.85rem; }
table.data th, table.data td, table.dataframe th, table.dataframe td {
    padding:.3rem .6rem; border-bottom:1px solid var(--rule); text-align:left;
    vertical-align:top; max-width: 36rem; }
table.data thead th, table.dataframe thead th { background:var(--soft); }
.table-caption { font-weight:600; margin:.2rem 0; }
.table-note, .note, .meta { font-size:.85rem; color:var(--muted); }
.chart-error { color:#a40000; font-weight:600; }
.cards { display:grid; grid-template-columns: repeat(auto-fill, minmax(16rem,1fr)); gap:.8rem; }
.card { border:1px solid var(--rule); border-radius:6px; padding:.7rem .9rem; }
.card h3 { margin:.1rem 0 .3rem; }
.card p { margin:0; font-size:.92rem; color:#333; }
.stats { display:flex; flex-wrap:wrap; gap:1.4rem; margin:.6rem 0 1rem; }
.stats div { font-size:.85rem; color:var(--muted); }
.stats b { display:block; font-size:1.5rem; color:var(--ink); }
footer.site { border-top:1px solid var(--rule); margin-top:2.5rem; padding-top:.6rem;
              font-size:.8rem; color:var(--muted); }
.output_stderr, .output_error { display:none; }
pre { white-space: pre-wrap; }
ul.method li { margin-bottom:.35rem; }
"""


def _page(title: str, body: str, nav: list[tuple[str, str]], current: str,
          footer: str) -> str:
    cur = ' class="current"'
    links = "".join(
        f'<a href="{html.escape(href, quote=True)}"'
        f'{cur if href == current else ""}>{html.escape(label)}</a>'
        for href, label in nav)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>{html.escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header class="site"><nav><span class="brand">News coverage report</span>{links}</nav></header>
<main>
{body}
<footer class="site">{footer}</footer>
</main>
</body>
</html>
"""


def _notebook_title(nb: Any, fallback: str) -> tuple[str, str]:
    """(title, one-line description) from the notebook's first markdown cell."""
    for c in nb.cells:
        if c.cell_type == "markdown":
            lines = [ln.strip() for ln in c.source.splitlines() if ln.strip()]
            title = fallback
            desc = ""
            for ln in lines:
                if ln.startswith("# ") and title == fallback:
                    title = ln[2:].strip()
                elif not ln.startswith("#") and not desc:
                    desc = ln
            return title, desc
    return fallback, ""


def _template_dirs() -> list[str]:
    """Where nbconvert's templates may live besides the default Jupyter paths
    (e.g. the base interpreter's prefix when running in a virtualenv)."""
    import site
    prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix,
                getattr(site, "USER_BASE", None) or ""]
    try:
        import nbconvert
        # <prefix>/lib/pythonX.Y/site-packages/nbconvert -> <prefix>
        prefixes.append(str(Path(nbconvert.__file__).resolve().parents[4]))
    except (ImportError, IndexError):  # pragma: no cover
        pass
    out = []
    for pre in dict.fromkeys(prefixes):
        d = Path(pre) / "share" / "jupyter" / "nbconvert" / "templates"
        if pre and (d / "basic").is_dir():
            out.append(str(d))
    return out


def _export_body(nb: Any) -> str:
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            extra_template_basedirs=_template_dirs(),
                            extra_template_paths=_template_dirs())
    # drop the parameter cells and any stderr streams (warnings) from the page
    nb = nb.copy()
    nb.cells = [c for c in nb.cells
                if not ({"parameters", "injected-parameters"}
                        & set(c.get("metadata", {}).get("tags", [])))]
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = [o for o in c.outputs
                         if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = exporter.from_notebook_node(nb)
    return body


_FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "link", "base", "frame",
                   "frameset", "applet", "form"}
_URL_ATTRS = {"src", "href", "srcset", "action", "poster", "data", "formaction", "background"}
_REMOTE_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def check_static_html(text: str, name: str = "page") -> None:
    """Raise ValueError if a generated page could run script or load anything remote.

    Checks real tags only (escaped article text is data, not markup): no script,
    frame, object, link or base elements, no ``on*`` event attributes, no
    refresh, and URLs are relative or ``data:image/...`` only.
    """
    from html.parser import HTMLParser

    problems: list[str] = []

    class _Check(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in _FORBIDDEN_TAGS:
                problems.append(f"<{tag}>")
            for k, v in attrs:
                v = v or ""
                if k.startswith("on"):
                    problems.append(f"<{tag} {k}=...>")
                elif tag == "meta" and k == "http-equiv" and v.lower() == "refresh":
                    problems.append("<meta http-equiv=refresh>")
                elif k in _URL_ATTRS and _REMOTE_URL.match(v) and not (
                        tag == "img" and k == "src" and v.startswith("data:image/")):
                    problems.append(f"<{tag} {k}={v[:40]!r}>")

        handle_startendtag = handle_starttag

    _Check(convert_charrefs=True).feed(text)
    if problems:
        raise ValueError(f"{name}: unsafe markup in generated HTML: {problems[:5]}")


TABLE_NOTES: dict[str, str] = {
    "documents": "one row per document: title, date, outlet, size and the clean text",
    "paragraphs": "paragraphs with their kind (title, heading, body) and offsets",
    "sentences": "sentences with offsets into the clean text",
    "removed": "every span cleaning removed, with the rule that removed it",
    "mentions": "each mention of a known actor, with the exact surface form",
    "candidates": "frequent names not in the actor registry",
    "comentions": "pairs of actors named in the same sentence/paragraph/document",
    "topics": "topics with labels, top terms, size and weight",
    "topic_assignments": "topic of each paragraph",
    "topic_prevalence": "share of each topic in each document",
    "topic_actors": "how much each actor is mentioned in each topic",
    "tone": "tone score of every passage mentioning an actor",
    "leaders": "tone per leader with its interval and a low-evidence flag",
    "leader_documents": "tone per leader and document",
    "quotes": "quotations with their speaker",
    "stance_evidence": "sentences showing a leader's position on an issue",
    "stance": "each leader's stance per issue with the amount of evidence",
}


def _glance(analysis: Any, pages: list[dict]) -> str:
    """Index tables: tone per leader (with intervals) and stances per leader."""
    leaders_page = next((p["href"] for p in pages if "leader" in p["name"]), None)
    more = (f' Details and evidence: <a href="{html.escape(leaders_page, quote=True)}">'
            "leaders page</a>." if leaders_page else "")
    out = ["<h2>At a glance</h2>"]
    tone = narrative.tone_overview(analysis)
    ld = narrative.table(analysis, "leaders")
    n_low = int(ld["low_evidence"].map(narrative._bool).sum()) if len(ld) else 0
    if len(tone):
        level = narrative.fmt_pct(narrative._ci_level(analysis))
        note = (f"Mean tone of the passages mentioning each leader (-1 negative to +1 "
                f"positive) with its {level} interval; overlapping intervals mean no "
                f"demonstrated difference.")
        if n_low:
            note += (f" {narrative.fmt_int(n_low)} leaders with too few mentions are "
                     "not listed.")
        chart_html = ""
        try:
            import matplotlib.pyplot as plt

            from analytics.plotting.tone import tone_by_leader
            solid = ld[~ld["low_evidence"].map(narrative._bool)]
            fig = tone_by_leader(solid, max_actors=15)
            chart_html = figure_html(fig, f"Mean tone per leader with its {level} interval "
                                          "(leaders with enough mentions only).")
            plt.close(fig)
        except Exception:  # noqa: BLE001 - the table below carries the same numbers
            chart_html = ""
        out.append("<h3>Tone per leader</h3>" + chart_html + table_html(tone, max_rows=30)
                   + f'<p class="table-note">{html.escape(note)}{more}</p>')
    st = narrative.stance_overview(analysis)
    if len(st):
        out.append("<h3>Stances per leader</h3>" + table_html(st, max_rows=30)
                   + '<p class="table-note">Issues on which a leader takes a side in at '
                   "least two sentences; the number of sentences is in brackets. "
                   f"Single-sentence readings are on the leaders page.{more}</p>")
    return "\n".join(out) if len(out) > 1 else ""


def _index_body(analysis: Any, pages: list[dict], meta: dict) -> str:
    docs = narrative.table(analysis, "documents")
    leaders = narrative.table(analysis, "leaders")
    mentions = narrative.table(analysis, "mentions")
    topics = narrative.table(analysis, "topics")
    n_sent = int(pd.to_numeric(docs["n_sentences"], errors="coerce").fillna(0).sum())
    n_actors = int(mentions["actor"].dropna().nunique()) if len(mentions) else 0
    stats = [("documents", len(docs)),
             ("sentences", n_sent),
             ("actors mentioned", n_actors),
             ("leaders with enough mentions for tone",
              int((~leaders["low_evidence"].map(narrative._bool)).sum()) if len(leaders) else 0),
             ("topics", len(topics))]
    stats_html = "".join(f"<div><b>{narrative.fmt_int(v)}</b>{html.escape(k)}</div>"
                         for k, v in stats)
    cards = "".join(
        f'<div class="card"><h3><a href="{html.escape(p["href"], quote=True)}">'
        f'{html.escape(p["title"])}</a></h3><p>{html.escape(p["desc"])}</p></div>'
        for p in pages)
    rows = []
    for name in schema.TABLES:
        n = len(narrative.table(analysis, name))
        links = " ".join(
            f'<a href="tables/{name}.{ext}">{ext}</a>' for ext in ("csv", "parquet")
            if (meta["tables_dir"] / f"{name}.{ext}").exists())
        rows.append(f"<tr><td>{html.escape(name)}</td><td>{narrative.fmt_int(n)}</td>"
                    f"<td>{links}</td><td>{html.escape(TABLE_NOTES.get(name, ''))}</td></tr>")
    tables_html = ('<div class="table-wrap"><table class="data"><thead><tr><th>table</th>'
                   "<th>rows</th><th>download</th><th>contents</th></tr></thead><tbody>"
                   + "".join(rows) + "</tbody></table></div>")
    figs = ""
    if meta.get("figures"):
        figs = ('<p class="note">Every chart is also saved as a PNG file in '
                '<a href="figures/">figures/</a>.</p>')
    return f"""<h1>What the coverage says</h1>
<p class="lede">Findings from {html.escape(narrative.fmt_int(len(docs)))} news
articles about political leaders: the main topics, who is mentioned and with whom,
the tone of coverage around each leader (with its uncertainty) and what each leader
supports or opposes, with the sentences that show it.</p>
<div class="stats">{stats_html}</div>
<h2>Headline findings</h2>
{narrative.findings_html(analysis, headline_only=True, heading=True, heading_level=3)}
{_glance(analysis, pages)}
<h2>Pages</h2>
<div class="cards">{cards}</div>
<h2>How to read this report</h2>
<ul class="method">
<li><b>Actors</b> are people and organisations from an actor registry; name variants
("Sir Keir", "Starmer") count as one actor. Frequent names missing from the registry
are listed separately.</li>
<li><b>Co-mentions</b> count how often two actors are named in the same sentence (or
paragraph): being named together is not agreement.</li>
<li><b>Topics</b> are found automatically from the words of each paragraph; their
labels are the most characteristic terms, not an editor's judgement.</li>
<li><b>Tone</b> is scored for the passages that mention a leader, from -1 (negative) to
+1 (positive). It measures the language around a leader, not the leader's own view.
Each mean comes with an interval: where two leaders' intervals overlap, the data do not
show a difference. Leaders with few mentions are flagged.</li>
<li><b>Stance</b> is what a leader supports or opposes on an issue, read from their
quoted words and reported positions; each stance links to the sentences behind it.
A stance resting on a single sentence is marked.</li>
<li>Statements marked <b>Caution</b> rest on thin evidence.</li>
</ul>
<h2>Data tables</h2>
<p>Every number in this report comes from these tables. They are tidy: one row per
observation, documented columns.</p>
{tables_html}
{figs}
"""


# ----------------------------------------------------------------------------------
# build_report
# ----------------------------------------------------------------------------------

def build_report(source: Any = None, out: str | os.PathLike = "reports", *,
                 analysis: Any = None, actors: Any = None, issues: Any = None,
                 progress: bool = True, timeout: int = 600, force: bool = False,
                 **analyze_options: Any) -> Path:
    """Build the static HTML report.

    Parameters
    ----------
    source : path or DataFrame, optional
        Corpus to analyse (None = the bundled seeds). Ignored if ``analysis`` given.
    out : path
        Report directory; replaced atomically when the build succeeds. It must be
        new, empty or a report written before (see
        :func:`analytics.analysis.check_output_dir`), and may not be, be inside or
        contain ``source``.
    analysis : Analysis, optional
        Use this analysis instead of running one.
    actors, issues : optional
        Actor and issue registries passed to ``analyze``.
    progress : bool
        Show a progress bar (tqdm).
    timeout : int
        Seconds allowed per notebook cell.
    force : bool, default False
        Replace ``out`` even when it holds files analytics did not write.
    **analyze_options
        Passed to :func:`analytics.pipeline.analyze`.

    Returns
    -------
    pathlib.Path
        ``<out>/index.html``.

    Raises
    ------
    InputError
        For bad input, or an output folder that may not be replaced.
    KeyboardInterrupt
        When interrupted; the previous report and no temporary folder are left.
    """
    from tqdm.auto import tqdm

    from analytics.analysis import OutputFolder, output_errors

    checked_source = source
    if source is None and analysis is None:
        checked_source = default_source()
    stage = OutputFolder(out, kind="report", source=checked_source, force=force)
    out, tmp = stage.out, stage.path
    nbs = list_notebooks()
    steps = (0 if analysis is not None else 1) + 1 + len(nbs) + 2
    bar = tqdm(total=steps, desc="report", unit="step", disable=not progress)
    work: Path | None = None
    try:
        work = _work_dir()
        if analysis is None:
            bar.set_postfix_str("analysing corpus")
            analyze_options.setdefault("progress", progress)
            analysis = run_analysis(source, actors=actors, issues=issues, **analyze_options)
            bar.update()
        bar.set_postfix_str("saving tables")
        tables_dir = save_analysis(analysis, tmp / "tables")
        bar.update()

        figures = tmp / "figures"
        (tmp / "notebooks").mkdir()
        # the kernels run in <report>/notebooks with relative paths, so the executed
        # notebooks name no local folder and can be rerun from the report
        params = {"source": None, "analysis_dir": "../tables", "output_dir": "../figures",
                  "actors": None, "issues": None, "tables_href": "tables"}

        def done(p: Path) -> None:
            bar.set_postfix_str(p.stem)
            bar.update()

        bar.set_postfix_str("running notebooks")
        executed = execute_notebooks(nbs, params, work, timeout=timeout, on_done=done,
                                     cwd=tmp / "notebooks")
        local = {str(tmp / "notebooks"): ".", str(tmp): "..", str(out): "..",
                 str(work): "<work>", str(tables_dir): "../tables"}

        bar.set_postfix_str("exporting pages")
        import nbformat
        pages = []
        for p in nbs:
            nb = scrub_paths(executed[p], local)
            title, desc = _notebook_title(nb, p.stem)
            nbformat.write(nb, tmp / "notebooks" / p.name)
            pages.append({"href": p.stem + ".html", "title": title, "desc": desc,
                          "nb": nb, "name": p.stem})
        nav = [("index.html", "Overview")] + [
            (pg["href"], re.sub(r"^\d+\s*[-.:]?\s*", "", pg["title"])) for pg in pages]
        docs = narrative.table(analysis, "documents")
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        try:
            from importlib.metadata import version
            ver = version("analytics")
        except Exception:  # noqa: BLE001
            ver = "dev"
        footer = (f"Generated {html.escape(now)} by analytics {html.escape(ver)} from "
                  f"{narrative.fmt_int(len(docs))} documents. Tables: "
                  f'<a href="tables/">tables/</a> &middot; executed notebooks: '
                  f'<a href="notebooks/">notebooks/</a>.')
        for pg in pages:
            page = _page(pg["title"], _export_body(pg["nb"]), nav, pg["href"], footer)
            check_static_html(page, pg["href"])
            (tmp / pg["href"]).write_text(page, encoding="utf-8")
        bar.update()

        meta = {"tables_dir": tables_dir, "figures": figures.is_dir() and any(figures.iterdir())}
        index = _page("News coverage report", _index_body(analysis, pages, meta), nav,
                      "index.html", footer)
        check_static_html(index, "index.html")
        (tmp / "index.html").write_text(index, encoding="utf-8")
        (tmp / "report.json").write_text(json.dumps({
            "generated": now, "version": ver,
            "source": None if source is None else str(source),
            "pages": [pg["href"] for pg in pages],
            "options": getattr(analysis, "options", {}) or {},
        }, default=str, indent=1))
        bar.update()
        with output_errors(out):
            _fix_permissions(tmp)
    except BaseException:
        stage.abort()
        raise
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        bar.close()
    stage.commit()
    return out / "index.html"


_WORK_PREFIX = "analytics-report-"


def _work_dir() -> Path:
    """A marked scratch folder for the notebook kernels (specs and sockets).

    It lives in the system's temporary folder (socket paths must stay short); ones
    left by killed runs are removed first.
    """
    from analytics.analysis import _abandoned, read_marker, remove_owned, write_marker

    base = Path(tempfile.gettempdir())
    try:
        for e in os.scandir(base):
            if e.name.startswith(_WORK_PREFIX) and e.is_dir(follow_symlinks=False):
                info = read_marker(e.path)
                if info is not None and info.get("kind") == "report-work" and _abandoned(info):
                    remove_owned(e.path)
    except OSError:
        pass
    work = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX))
    write_marker(work, kind="report-work", target=work.name)
    return work


def _fix_permissions(root: Path) -> None:
    """Give folders made by ``mkdtemp`` (mode 0700) the usual umask-based mode, so a
    report can be served or shared like any other folder."""
    mask = os.umask(0)
    os.umask(mask)
    for d in [root, *[p for p in root.rglob("*") if p.is_dir()]]:
        os.chmod(d, 0o777 & ~mask)


__all__ = [
    "build_report", "setup", "chart", "show_figure", "show_findings", "show_table",
    "show_note", "figure_html", "table_html", "load_analysis", "save_analysis",
    "run_analysis", "list_notebooks", "notebooks_dir", "default_source",
    "execute_notebooks", "inject_parameters", "check_static_html", "scrub_paths",
]
