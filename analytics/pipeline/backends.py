"""Where the per-chunk stages run: one dispatch table of execution backends.

:data:`BACKENDS` maps each ``backend`` name of :func:`analytics.analyze` to a context
manager that yields a :data:`ChunkMap`, the function the pipeline runs every pass
over the corpus through:

* ``"local"`` - in this process, one chunk after the other;
* ``"dask"`` - on Dask: threads, processes, or a distributed cluster
  (:class:`DaskRunner`). Chunks are submitted in a bounded window, so a corpus larger
  than memory streams through the workers; results come back in submission order,
  which keeps the tables identical to the local backend's. One runner serves both
  passes of an analysis (the discovery pass and the per-document pass), so a local
  cluster starts once.

Adding a backend means adding one entry to :data:`BACKENDS` (the ``backend`` option
takes its choices from it).
"""

from __future__ import annotations

import os
from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, ContextManager, Iterable, Iterator

import pandas as pd

from ..errors import InputError
from ..progress import interactive, track

__all__ = ["BACKENDS", "ChunkMap", "DaskRunner", "dask_backend", "local_backend"]

#: ``map(chunks, cfg, fn, desc)``: ``fn(chunk, cfg)`` of every chunk, in chunk order
#: (``desc`` names the pass in progress bars).
ChunkMap = Callable[[Iterable[pd.DataFrame], Any, Callable[[pd.DataFrame, Any], Any], str],
                    Iterator[Any]]


@contextmanager
def local_backend(scheduler: Any = None, progress: bool = True) -> Iterator[ChunkMap]:
    """Run chunk functions here, one chunk after the other (``scheduler`` is unused)."""
    def local_map(chunks, cfg, fn, desc):
        return (fn(c, cfg) for c in track(chunks, desc=desc, enabled=progress))

    yield local_map


@contextmanager
def dask_backend(scheduler: Any = None, progress: bool = True) -> Iterator[ChunkMap]:
    """Run chunk functions on Dask (one scheduler, and cluster, for every pass)."""
    with DaskRunner(scheduler, progress=progress) as runner:
        yield lambda chunks, cfg, fn, desc: runner.map(chunks, cfg, fn)


#: backend name -> ``factory(scheduler, progress)``, a context manager yielding a ChunkMap
BACKENDS: dict[str, Callable[[Any, bool], ContextManager[ChunkMap]]] = {
    "local": local_backend,
    "dask": dask_backend,
}


_LOCAL_SCHEDULERS = ("threads", "synchronous", "sync", "single-threaded")


def _workers_hint() -> int:
    return max(1, os.cpu_count() or 1)


class DaskRunner:
    """Run chunk functions on Dask; a context manager holding one scheduler (and, for
    ``"processes"``, one local cluster) for several passes over a corpus.

    Parameters
    ----------
    scheduler : str or distributed.Client, optional
        ``"processes"`` (default: a local cluster of one worker process per core, on
        loopback), ``"threads"``, ``"synchronous"``, ``"distributed"`` (the current
        default client), a ``tcp://host:port`` scheduler address, or a
        ``distributed.Client``.
    progress : bool
        Print a tqdm bar of finished chunks on an interactive terminal.
    window : int, optional
        Chunks in flight at once (default: 2 per worker); bounds memory.

    Examples
    --------
    >>> with DaskRunner("threads", progress=False) as r:          # doctest: +SKIP
    ...     results = list(r.map(chunks, cfg, fn))
    """

    def __init__(self, scheduler: Any = None, *, progress: bool = True,
                 window: int | None = None) -> None:
        self.scheduler = scheduler
        self.progress = progress
        self.window = window
        self._cluster = None
        self._client: Any = None
        self._own_client = False

    def __enter__(self) -> "DaskRunner":
        try:
            import dask  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise InputError("backend='dask' needs Dask: pip install 'analytics[dask]'"
                             ) from exc
        if self.scheduler in (None, "processes"):
            # a local cluster of worker processes on loopback: workers stay up (models
            # load once, for every pass) and chunks flow through a sliding window
            self._cluster = _local_cluster()
            try:
                self._client, self._own_client = _connect(self._cluster.scheduler_address)
            except BaseException:
                self._cluster.close()
                raise
        elif _is_distributed(self.scheduler):
            self._client, self._own_client = _connect(self.scheduler)
        elif self.scheduler not in _LOCAL_SCHEDULERS:
            raise InputError(f"unknown Dask scheduler {self.scheduler!r}; use threads, "
                             "processes, synchronous, distributed or a tcp://host:port "
                             "address")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._own_client and self._client is not None:
            self._client.close()
        self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def map(self, chunks: Iterable[pd.DataFrame], cfg: Any,
            fn: Callable[[pd.DataFrame, Any], Any]) -> Iterator[Any]:
        """Apply ``fn(chunk, cfg)`` to every chunk and yield the results in chunk order,
        as soon as each is ready (at most ``window`` chunks in flight)."""
        bar = None
        if self.progress and interactive():
            from tqdm.auto import tqdm

            bar = tqdm(desc="chunks", unit="chunk", leave=False)
        try:
            if self._client is not None:
                yield from _run_distributed(chunks, cfg, fn, self._client, self.window, bar)
            else:
                yield from _run_local(chunks, cfg, fn, self.scheduler, self.window, bar)
        finally:
            if bar is not None:
                bar.close()


def _local_cluster():
    """Start a ``distributed.LocalCluster``: one single-threaded worker process per core,
    listening on loopback only, no dashboard."""
    try:
        from distributed import LocalCluster
    except ImportError as exc:  # pragma: no cover
        raise InputError("scheduler 'processes' needs 'distributed': "
                         "pip install 'analytics[dask]' (or use --scheduler threads)") from exc
    return LocalCluster(n_workers=_workers_hint(), threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=None, silence_logs=40)


def _is_distributed(scheduler: Any) -> bool:
    if scheduler is None:
        return False
    if isinstance(scheduler, str):
        return scheduler == "distributed" or "://" in scheduler
    return True  # a Client object


def _run_local(chunks, cfg, fn, scheduler: str, window, bar) -> Iterator[dict]:
    import dask

    window = window or 2 * _workers_hint()
    batch: list = []
    for chunk in chunks:
        batch.append(dask.delayed(fn, pure=False)(chunk, cfg))
        if len(batch) >= window:
            yield from dask.compute(*batch, scheduler=scheduler)
            if bar is not None:
                bar.update(len(batch))
            batch = []
    if batch:
        yield from dask.compute(*batch, scheduler=scheduler)
        if bar is not None:
            bar.update(len(batch))


def _connect(scheduler: Any) -> tuple[Any, bool]:
    """A ``distributed.Client`` for ``scheduler`` and whether we own (must close) it."""
    try:
        from distributed import Client, get_client
    except ImportError as exc:  # pragma: no cover
        raise InputError("a Dask cluster needs 'distributed': pip install 'analytics[dask]'"
                         ) from exc
    if isinstance(scheduler, str) and "://" in scheduler:
        try:
            return Client(scheduler, timeout="20s"), True
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start "
                             "it or use --scheduler processes") from exc
    if scheduler == "distributed":
        return get_client(), False
    return scheduler, False


def _run_distributed(chunks, cfg, fn, client, window, bar) -> Iterator[dict]:
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = window or 2 * n_workers
    cfg_future = client.scatter(cfg, broadcast=True)
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append(client.submit(fn, chunk, cfg_future, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
                if bar is not None:
                    bar.update(1)
        while pending:
            yield pending.popleft().result()
            if bar is not None:
                bar.update(1)
    finally:
        for fut in pending:  # an error or an abandoned pass: stop what is in flight
            fut.cancel()
