"""Building the static HTML report (what ``analytics report`` runs)."""

from __future__ import annotations

import datetime as _dt
import html
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from analytics import narrative

from . import html as pages_html
from .execute import execute_notebooks, scrub_paths
from .people import link_people, person_links, write_person_pages
from .source import default_source, list_notebooks, run_analysis, save_analysis

_WORK_PREFIX = "analytics-report-"


def build_report(source: Any = None, out: str | os.PathLike = "reports", *,
                 analysis: Any = None, actors: Any = None, issues: Any = None,
                 progress: bool = True, timeout: int = 600, force: bool = False,
                 people: list[str] | None = None, **analyze_options: Any) -> Path:
    """Build the static HTML report.

    Parameters
    ----------
    source : path or DataFrame, optional
        Corpus to analyse (None = the bundled seeds). Ignored if ``analysis`` given.
    out : path
        Report directory; replaced atomically when the build succeeds. It must be
        new, empty or a report written before (see
        :func:`analytics.safe.check_output_dir`), and may not be, be inside or
        contain ``source``.
    analysis : Analysis, optional
        Use this analysis instead of running one.
    actors, issues : optional
        Actor and issue registries passed to ``analyze``.
    progress : bool
        Show a progress bar (tqdm) when standard error is a terminal; never in a
        log file.
    timeout : int
        Seconds allowed per notebook cell.
    force : bool, default False
        Replace ``out`` even when it holds files analytics did not write.
    people : list of str, optional
        People who get a page besides the 12 most mentioned (names as in the
        ``mentions`` table, case-insensitive).
    **analyze_options
        Passed to :func:`analytics.pipeline.analyze`.

    Returns
    -------
    pathlib.Path
        ``<out>/index.html``.

    Raises
    ------
    InputError
        For bad input (a registry file missing or malformed included: it is read
        before anything runs), a name in ``people`` no analysed document mentions, or
        an output folder that may not be replaced.
    KeyboardInterrupt
        When interrupted; the previous report and no temporary folder are left.
    """
    from tqdm.auto import tqdm

    from analytics.progress import interactive
    from analytics.registries import load_registries
    from analytics.safe import OutputFolder, output_errors

    from .display import resolve_registry_path

    # registries: absolute paths (the notebooks run in another folder) and read once
    # now, so that a bad file stops the build with its name (exit code 2)
    if analysis is not None:
        opts = getattr(analysis, "options", None)
        if isinstance(opts, dict):
            for key in ("actors", "issues"):
                if isinstance(opts.get(key), (str, os.PathLike)):
                    opts[key] = resolve_registry_path(opts[key], key)
    actors = resolve_registry_path(actors, "actors")
    issues = resolve_registry_path(issues, "issues")
    load_registries(actors, analyze_options.get("extend_actors", True), issues)
    checked_source = source
    if source is None and analysis is None:
        checked_source = default_source()
    stage = OutputFolder(out, kind="report", source=checked_source, force=force)
    out, tmp = stage.out, stage.path
    nbs = list_notebooks()
    steps = (0 if analysis is not None else 1) + 1 + len(nbs) + 2
    bar = tqdm(total=steps, desc="report", unit="step",
               disable=not (progress and interactive()))
    work: Path | None = None
    try:
        work = _work_dir()
        if analysis is None:
            bar.set_postfix_str("analysing corpus")
            analyze_options.setdefault("progress", progress)
            analysis = run_analysis(source, actors=actors, issues=issues, **analyze_options)
            bar.update()
        narrative.counts.actor_registry(analysis)  # a moved registry file: say so now
        narrative.counts.issue_registry(analysis)
        person_pages = person_links(analysis, people)  # an unknown name: say so now
        bar.set_postfix_str("saving tables")
        tables_dir = save_analysis(analysis, tmp / "tables")
        bar.update()
        pages = _run_notebooks(nbs, tmp, out, work, tables_dir, timeout, bar,
                               actors=actors, issues=issues)
        _write_site(analysis, pages, tmp, tables_dir, source, bar, person_pages)
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


def _run_notebooks(nbs: list[Path], tmp: Path, out: Path, work: Path, tables_dir: Path,
                   timeout: int, bar: Any, *, actors: Any = None,
                   issues: Any = None) -> list[dict]:
    """Execute the notebooks against the saved tables; save them with no local path.

    ``actors`` and ``issues`` (absolute paths or None) are passed to every notebook.

    Returns one dict per page: href, title, desc, nb (the executed notebook), name.
    """
    import nbformat

    (tmp / "notebooks").mkdir()
    # the kernels run in <report>/notebooks with relative paths, so the executed
    # notebooks name no local folder and can be rerun from the report
    params = {"source": None, "analysis_dir": "../tables", "output_dir": "../figures",
              "actors": actors if isinstance(actors, str) else None,
              "issues": issues if isinstance(issues, str) else None,
              "tables_href": "tables"}

    def done(p: Path) -> None:
        bar.set_postfix_str(p.stem)
        bar.update()

    bar.set_postfix_str("running notebooks")
    executed = execute_notebooks(nbs, params, work, timeout=timeout, on_done=done,
                                 cwd=tmp / "notebooks")
    local = {str(tmp / "notebooks"): ".", str(tmp): "..", str(out): "..",
             str(work): "<work>", str(tables_dir): "../tables"}
    bar.set_postfix_str("exporting pages")
    pages = []
    for p in nbs:
        nb = scrub_paths(executed[p], local)
        title, desc = pages_html.notebook_title(nb, p.stem)
        nbformat.write(nb, tmp / "notebooks" / p.name)
        pages.append({"href": p.stem + ".html", "title": title, "desc": desc,
                      "nb": nb, "name": p.stem})
    return pages


def _write_site(analysis: Any, pages: list[dict], tmp: Path, tables_dir: Path,
                source: Any, bar: Any, people: dict[str, str] | None = None) -> None:
    """Write every notebook page, the person pages (``people``: name -> page),
    ``index.html`` and ``report.json`` into ``tmp``."""
    nav = [("index.html", "Overview")] + [
        (pg["href"], re.sub(r"^\d+\s*[-.:]?\s*", "", pg["title"])) for pg in pages]
    docs = narrative.table(analysis, "documents")
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ver = _version()
    footer = (f"Generated {html.escape(now)} by analytics {html.escape(ver)} from "
              f"{narrative.fmt_int(len(docs))} documents. Tables: "
              f'<a href="tables/">tables/</a> &middot; executed notebooks: '
              f'<a href="notebooks/">notebooks/</a>.')
    for pg in pages:
        body = link_people(pages_html.export_body(pg["nb"]), people or {})
        page = pages_html.page(pg["title"], body, nav, pg["href"], footer)
        pages_html.check_static_html(page, pg["href"])
        (tmp / pg["href"]).write_text(page, encoding="utf-8")
    write_person_pages(analysis, tmp, people or {}, nav, footer)
    bar.update()

    figures = tmp / "figures"
    meta = {"tables_dir": tables_dir, "figures": figures.is_dir() and any(figures.iterdir()),
            "people": people or {}}
    index = pages_html.page("News coverage report",
                            link_people(pages_html.index_body(analysis, pages, meta),
                                        people or {}), nav, "index.html", footer)
    pages_html.check_static_html(index, "index.html")
    (tmp / "index.html").write_text(index, encoding="utf-8")
    (tmp / "report.json").write_text(json.dumps({
        "generated": now, "version": ver,
        "source": None if source is None else str(source),
        "pages": [pg["href"] for pg in pages],
        "people": people or {},
        "options": getattr(analysis, "options", {}) or {},
    }, default=str, indent=1))
    bar.update()


def _version() -> str:
    """The installed analytics version, or ``dev`` when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("analytics")
    except PackageNotFoundError:
        return "dev"


def _work_dir() -> Path:
    """A marked scratch folder for the notebook kernels (specs and sockets).

    It lives in the system's temporary folder (socket paths must stay short); ones
    left by killed runs are removed first.
    """
    from analytics.safe.fs import _abandoned, read_marker, remove_owned, write_marker

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
