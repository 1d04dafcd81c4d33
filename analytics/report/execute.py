"""Executing the report notebooks: papermill, one kernel per notebook, clean Ctrl-C.

Each notebook runs through :func:`papermill.execute_notebook` (which injects the
parameters after the cell tagged ``parameters`` and records them in the notebook's
metadata) on a kernel running the current interpreter. Notebooks run side by side in
worker threads; the main thread only waits, so Ctrl-C reaches it (not a kernel
library's handler): it stops every kernel, waits until all are gone and raises
:class:`KeyboardInterrupt`.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from .source import package_root

#: Name of the kernel specification the report writes (runs ``sys.executable``).
KERNEL_NAME = "analytics-report-python3"



class _Interrupted(Exception):
    """The run was stopped (Ctrl-C, or another notebook failed)."""


def _kernel_spec_manager(workdir: Path) -> Any:
    """A KernelSpecManager whose only kernel runs ``sys.executable -m ipykernel``."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    kdir = Path(tempfile.mkdtemp(prefix="kernels-", dir=workdir))
    write_kernel_spec(path=kdir / KERNEL_NAME)
    ksm = KernelSpecManager(kernel_dirs=[str(kdir)])
    ksm.ensure_native_kernel = False
    return ksm


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(package_root())
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    env["MPLBACKEND"] = "Agg"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def _kernel_manager(ksm: Any, workdir: Path, name: str, env: dict[str, str],
                    log: Any) -> Any:
    """A kernel manager for one notebook: ``env`` for the kernel, its own output
    (not the cells', which the notebook keeps) to the file ``log``, sockets in
    ``workdir``."""
    from jupyter_client.manager import AsyncKernelManager

    class _KernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            kw.update(env=env, stdout=log, stderr=log)
            await super().start_kernel(**kw)

    km = _KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm,
                        transport="ipc" if os.name == "posix" else "tcp")
    if km.transport == "ipc":
        km.ip = str(workdir / f"kernel-{name}")
    return km


def _kill(km: Any) -> None:
    """Kill a kernel's process if it has one and it still runs."""
    proc = getattr(getattr(km, "provisioner", None), "process", None)
    if proc is not None and proc.poll() is None:
        proc.kill()


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "kernel log:\n" + "\n".join(text[-lines:])


def _run_one(path: Path, params: dict[str, Any], *, ksm: Any, workdir: Path, run_dir: str,
             timeout: int, env: dict[str, str], stop: threading.Event,
             kernels: list[Any]) -> Any:
    """Execute one notebook with papermill; raise _Interrupted once ``stop`` is set."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    def check_stop(**_: Any) -> None:  # before each cell
        if stop.is_set():
            raise _Interrupted

    check_stop()
    log = workdir / f"kernel-{path.stem}.log"
    with open(log, "wb") as stream:
        km = _kernel_manager(ksm, workdir, path.stem, env, stream)
        kernels.append(km)
        try:
            nb = papermill.execute_notebook(
                str(path), None, parameters=params, kernel_name=KERNEL_NAME, km=km,
                progress_bar=False, request_save_on_cell_execute=False,
                execution_timeout=timeout, shutdown_kernel="immediate",
                resources={"metadata": {"path": run_dir}}, on_cell_execute=check_stop)
        except _Interrupted:
            raise
        except PapermillExecutionError as exc:
            if stop.is_set() or exc.ename == "KeyboardInterrupt":
                raise _Interrupted from None
            raise RuntimeError(f"notebook {path.name} failed in cell {exc.cell_index}: "
                               f"{exc.ename}: {exc.evalue}") from exc
        except Exception as exc:  # noqa: BLE001 - a dead kernel, a timeout...
            if stop.is_set():
                raise _Interrupted from None
            exc.add_note(_tail(log))
            raise RuntimeError(f"notebook {path.name} failed: "
                               f"{type(exc).__name__}: {exc}") from exc
        finally:
            _kill(km)
    # the notebooks' folder is a detail of this installation, not of the run
    nb.metadata.papermill["input_path"] = path.name
    return nb


def execute_notebooks(paths: list[Path], params: dict[str, Any], workdir: Path, *,
                      timeout: int = 600, on_done: Callable[[Path], None] | None = None,
                      parallel: int | None = None, cwd: Path | None = None) -> dict[Path, Any]:
    """Execute notebooks concurrently with ``params`` injected; return executed nodes.

    Parameters
    ----------
    paths : list of Path
        The notebooks.
    params : dict
        Values assigned (by papermill) in a cell after the one tagged ``parameters``.
    workdir : Path
        Folder for the kernel's specification, sockets and logs.
    timeout : int
        Seconds allowed per cell.
    on_done : callable, optional
        Called with each notebook's path when it has run.
    parallel : int, optional
        Notebooks run at once (default: one per CPU, at least two).
    cwd : Path, optional
        The kernels' working folder (default ``workdir``); relative paths in
        ``params`` are relative to it.

    Returns
    -------
    dict
        Path -> executed notebook (``nbformat.NotebookNode``), in ``paths`` order.

    Raises
    ------
    RuntimeError
        If a notebook fails; the message names the notebook, the failing cell and
        the error (papermill's error is chained).
    KeyboardInterrupt
        If the run is interrupted; every kernel is stopped first.
    """
    ksm = _kernel_spec_manager(workdir)
    env = _kernel_env()
    limit = parallel or max(2, min(len(paths), os.cpu_count() or 2))
    stop = threading.Event()
    kernels: list[Any] = []
    kw = dict(ksm=ksm, workdir=workdir, run_dir=str(cwd or workdir), timeout=timeout,
              env=env, stop=stop, kernels=kernels)
    pool = cf.ThreadPoolExecutor(max_workers=limit, thread_name_prefix="analytics-notebook")
    with _quiet("papermill"):
        futures = {pool.submit(_run_one, p, params, **kw): p for p in paths}
        try:
            results = _wait(futures, on_done)
        except (KeyboardInterrupt, _Interrupted):  # Ctrl-C here, or in a kernel
            _stop_all(futures, stop, kernels)
            raise KeyboardInterrupt from None
        except BaseException:
            _stop_all(futures, stop, kernels)
            raise
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    return {p: results[p] for p in paths}


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Silence logger ``name`` for the run: papermill's log lines (e.g. "kernel died"
    after Ctrl-C stopped a kernel) would reach the terminal; the errors raised here
    say what went wrong."""
    log = logging.getLogger(name)
    was = log.disabled
    log.disabled = True
    try:
        yield
    finally:
        log.disabled = was


def _wait(futures: dict[cf.Future, Path],
          on_done: Callable[[Path], None] | None) -> dict[Path, Any]:
    """Results as the notebooks finish; the first failure is raised at once."""
    results: dict[Path, Any] = {}
    pending = set(futures)
    while pending:
        done, pending = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
        for f in done:
            results[futures[f]] = f.result()
            if on_done is not None:
                on_done(futures[f])
    return results


def _stop_all(futures: dict[cf.Future, Path], stop: threading.Event,
              kernels: list[Any]) -> None:
    """Stop every notebook: none starts, every kernel is killed; wait until all ended.

    A second Ctrl-C stops the waiting (the kernels are killed already)."""
    stop.set()
    for f in futures:
        f.cancel()
    try:
        while not all(f.done() for f in futures):
            for km in list(kernels):
                _kill(km)
            cf.wait(futures, timeout=0.1)
        for km in list(kernels):
            _kill(km)
    except KeyboardInterrupt:
        pass


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
