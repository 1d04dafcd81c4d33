"""Run per-document stages on Dask: threads, processes, or a distributed cluster.

Used by :func:`analytics.analyze` with ``backend="dask"``. Chunks of documents are
submitted in a bounded window, so a corpus larger than memory streams through the
workers; results come back in submission order, which keeps the tables identical to
the local backend's.
"""

from __future__ import annotations

import os
from collections import deque
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from .errors import InputError
from .progress import interactive


def _workers_hint() -> int:
    return max(1, os.cpu_count() or 1)


def run_dask(chunks: Iterable[pd.DataFrame], cfg: Any,
             fn: Callable[[pd.DataFrame, Any], dict[str, pd.DataFrame]], *,
             scheduler: Any = None, progress: bool = True,
             window: int | None = None) -> Iterator[dict[str, pd.DataFrame]]:
    """Apply ``fn(chunk, cfg)`` to every chunk on Dask and yield the results in order.

    Parameters
    ----------
    chunks : iterable of DataFrame
        Chunks of loaded documents; consumed lazily.
    cfg : object
        Passed to every call (scattered once to a distributed cluster).
    fn : callable
        A top-level (picklable) function.
    scheduler : str or distributed.Client, optional
        ``"processes"`` (default: a local cluster of one worker process per core, on
        loopback), ``"threads"``, ``"synchronous"``, ``"distributed"`` (the current
        default client), a ``tcp://host:port`` scheduler address, or a
        ``distributed.Client``.
    progress : bool
        Print a tqdm bar of finished chunks on an interactive terminal.
    window : int, optional
        Chunks in flight at once (default: 2 per worker); bounds memory.

    Yields
    ------
    dict
        ``fn``'s results, in chunk order, as soon as each is ready (at most
        ``window`` chunks are in flight, so memory stays bounded).
    """
    try:
        import dask  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError("backend='dask' needs Dask: pip install 'analytics[dask]'") from exc
    bar = None
    if progress and interactive():
        from tqdm.auto import tqdm

        bar = tqdm(desc="chunks", unit="chunk", leave=False)
    cluster = None
    try:
        if scheduler in (None, "processes"):
            # a local cluster of worker processes on loopback: workers stay up (models
            # load once) and chunks flow through a sliding window (no batch barrier)
            cluster = _local_cluster()
            yield from _run_distributed(chunks, cfg, fn, cluster.scheduler_address, window,
                                        bar)
        elif _is_distributed(scheduler):
            yield from _run_distributed(chunks, cfg, fn, scheduler, window, bar)
        else:
            yield from _run_local(chunks, cfg, fn, scheduler, window, bar)
    finally:
        if cluster is not None:
            cluster.close()
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

    if scheduler not in {"threads", "synchronous", "sync", "single-threaded"}:
        raise InputError(f"unknown Dask scheduler {scheduler!r}; use threads, processes, "
                         "synchronous, distributed or a tcp://host:port address")
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


def _run_distributed(chunks, cfg, fn, scheduler, window, bar) -> Iterator[dict]:
    try:
        from distributed import Client, get_client
    except ImportError as exc:  # pragma: no cover
        raise InputError("a Dask cluster needs 'distributed': pip install 'analytics[dask]'"
                         ) from exc
    own = False
    if isinstance(scheduler, str) and "://" in scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start "
                             "it or use --scheduler processes") from exc
        own = True
    elif scheduler == "distributed":
        client = get_client()
    else:
        client = scheduler
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = window or 2 * n_workers
        cfg_future = client.scatter(cfg, broadcast=True)
        pending: deque = deque()
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
        if own:
            client.close()
