"""Where the per-chunk stages run: one dispatch table of execution backends.

:data:`BACKENDS` maps each ``backend`` name of :func:`analytics.analyze` to a context
manager that yields a :data:`ChunkMap`, the function the pipeline runs every pass
over the corpus through:

* ``"local"`` - on this machine: in this process, one chunk after the other, with
  ``workers=1``; otherwise on a pool of ``workers`` worker processes
  (:class:`ProcessPool`, started with ``spawn``), which keeps at most two chunks per
  worker in flight and yields the results in chunk order;
* ``"dask"`` - on Dask: threads, processes, or a distributed cluster
  (:class:`DaskRunner`). Chunks are submitted in a bounded window, so a corpus larger
  than memory streams through the workers; results come back in submission order,
  which keeps the tables identical to the local backend's. One runner serves both
  passes of an analysis (the discovery pass and the per-document pass), so a local
  cluster starts once.

Parallelism comes from processes: every worker process (pool or Dask) runs its BLAS
and OpenMP thread pools with ``threads`` threads (default 1, :func:`limit_threads`),
so that the workers do not oversubscribe the cores, also beside other programs.

Adding a backend means adding one entry to :data:`BACKENDS` (the ``backend`` option
takes its choices from it).
"""

from __future__ import annotations

import itertools
import logging
import os
import pickle
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Callable, ContextManager, Iterable, Iterator

import pandas as pd

from ..errors import InputError
from ..progress import interactive, track

__all__ = ["BACKENDS", "ChunkMap", "DaskRunner", "MAX_WORKERS", "ProcessPool", "dask_backend",
           "default_workers", "limit_threads", "local_backend"]

log = logging.getLogger(__name__)

#: The most worker processes ``workers=None`` (the default) starts.
MAX_WORKERS = 8
#: Environment variables that set the size of native thread pools in libraries loaded
#: after they are set (OpenMP, OpenBLAS, MKL, BLIS, Accelerate, numexpr).
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                     "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")

#: ``map(chunks, cfg, fn, desc)``: ``fn(chunk, cfg)`` of every chunk, in chunk order
#: (``desc`` names the pass in progress bars).
ChunkMap = Callable[[Iterable[pd.DataFrame], Any, Callable[[pd.DataFrame, Any], Any], str],
                    Iterator[Any]]


def default_workers() -> int:
    """The worker processes of ``workers=None``: the cores this process may use (its CPU
    affinity where the system has one), at most :data:`MAX_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def _load_thread_pools() -> None:
    """Import the libraries whose native thread pools the stages use (BLAS of numpy and
    scipy, scikit-learn's OpenMP), so that a limit set afterwards applies to them all."""
    import scipy.linalg  # noqa: F401
    import sklearn.decomposition  # noqa: F401


@contextmanager
def limit_threads(threads: int = 1) -> Iterator[None]:
    """Run the enclosed code with at most ``threads`` BLAS and OpenMP threads (restored
    on exit).

    Parameters
    ----------
    threads : int, default 1
        Threads per native thread pool.
    """
    from threadpoolctl import threadpool_limits

    _load_thread_pools()
    with threadpool_limits(limits=threads):
        yield


def _pin_worker(threads: int) -> None:
    """Limit the native thread pools of this worker process for good: the libraries
    loaded now through :func:`threadpoolctl.threadpool_limits`, those loaded later
    through the environment variables they read when they load."""
    from threadpoolctl import threadpool_limits

    for name in _THREAD_VARIABLES:
        os.environ[name] = str(threads)
    _load_thread_pools()
    threadpool_limits(limits=threads)


class _Pinned:
    """``fn(chunk, cfg)`` run with the native thread pools of the (worker) process limited
    to ``threads`` threads; picklable, for Dask workers. In the process that made it
    (Dask threads, or a cluster of threads) it runs ``fn`` as it is: the analysis
    already runs there under :func:`limit_threads`."""

    def __init__(self, fn: Callable[[Any, Any], Any], threads: int) -> None:
        self.fn = fn
        self.threads = threads
        self.origin = os.getpid()

    def __call__(self, chunk: Any, cfg: Any) -> Any:
        pid = os.getpid()
        if pid != self.origin and _PINNED.get(pid) != self.threads:
            _pin_worker(self.threads)
            _PINNED[pid] = self.threads
        return self.fn(chunk, cfg)


#: process id -> the thread limit set in that process by :class:`_Pinned`
_PINNED: dict[int, int] = {}


@contextmanager
def local_backend(scheduler: Any = None, progress: bool = True, *, workers: int = 1,
                  threads: int = 1, strict: bool = False) -> Iterator[ChunkMap]:
    """Run chunk functions on this machine: here, one chunk after the other, when
    ``workers`` is 1, else on a :class:`ProcessPool` of ``workers`` processes
    (``scheduler`` is unused). ``strict``: a pool that cannot start is an error
    (otherwise the chunks run here, with a logged note)."""
    if workers <= 1:
        def local_map(chunks, cfg, fn, desc):
            return (fn(c, cfg) for c in track(chunks, desc=desc, enabled=progress))

        yield local_map
        return
    with ProcessPool(workers, threads=threads, progress=progress, strict=strict) as pool:
        yield pool.map


@contextmanager
def dask_backend(scheduler: Any = None, progress: bool = True, *, workers: int | None = None,
                 threads: int = 1, strict: bool = False) -> Iterator[ChunkMap]:
    """Run chunk functions on Dask (one scheduler, and cluster, for every pass);
    ``workers``: the worker processes of the local cluster (``scheduler`` None or
    ``"processes"``) or threads of the ``"threads"`` scheduler."""
    with DaskRunner(scheduler, progress=progress, workers=workers) as runner:
        yield lambda chunks, cfg, fn, desc: runner.map(chunks, cfg, _Pinned(fn, threads))


#: backend name -> ``factory(scheduler, progress, *, workers, threads, strict)``, a
#: context manager yielding a ChunkMap
BACKENDS: dict[str, Callable[..., ContextManager[ChunkMap]]] = {
    "local": local_backend,
    "dask": dask_backend,
}


# ------------------------------------------------------------------------ process pool
#: In a pool worker: (key, Config) of the pass in progress, unpickled once per pass.
_WORKER_CFG: list[Any] = [None, None]


def _init_worker(threads: int) -> None:
    # Ctrl-C goes to the driver, which stops the workers; they do not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pin_worker(threads)
    import analytics.pipeline.stages  # noqa: F401 - the stages load once, at start


def _ready() -> int:
    return os.getpid()


def _run_task(fn: Callable[[Any, Any], Any], key: int, blob: bytes, chunk: Any) -> Any:
    if _WORKER_CFG[0] != key:
        _WORKER_CFG[:] = [key, pickle.loads(blob)]
    return fn(chunk, _WORKER_CFG[1])


class ProcessPool:
    """Run chunk functions on a pool of worker processes; a context manager holding the
    pool for several passes over a corpus.

    The workers start with ``spawn`` (safe with the threads of the libraries the
    driver has loaded), each with its native thread pools limited to ``threads``.
    At most two chunks per worker are in flight, so a corpus larger than memory
    streams through; results are yielded in chunk order. On an error in a chunk
    function, an interruption (Ctrl-C) or a consumer that stops early, the workers
    are stopped before the error propagates: no process outlives the context.

    A script that runs the analysis at module level must guard it with
    ``if __name__ == "__main__":`` (each worker imports the script's main module).

    Parameters
    ----------
    workers : int
        Worker processes (at least 2).
    threads : int, default 1
        BLAS and OpenMP threads per worker.
    progress : bool, default True
        Show a progress bar of finished chunks on an interactive terminal.
    strict : bool, default False
        Raise :class:`~analytics.errors.InputError` when the workers cannot start;
        otherwise log a warning and run the chunks in this process.

    Examples
    --------
    >>> with ProcessPool(2, progress=False) as pool:          # doctest: +SKIP
    ...     results = list(pool.map(chunks, cfg, fn, "documents"))
    """

    #: Seconds the workers have to start (import the package) before the pool is
    #: given up.
    start_timeout = 300.0

    def __init__(self, workers: int, *, threads: int = 1, progress: bool = True,
                 strict: bool = False) -> None:
        self.workers = workers
        self.threads = threads
        self.progress = progress
        self.strict = strict
        self._executor: ProcessPoolExecutor | None = None
        self._keys = itertools.count(1)

    def __enter__(self) -> "ProcessPool":
        import multiprocessing

        try:
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker, initargs=(self.threads,))
            started = [self._executor.submit(_ready) for _ in range(self.workers)]
            for fut in started:
                fut.result(timeout=self.start_timeout)
        except (OSError, BrokenProcessPool, TimeoutError, RuntimeError) as exc:
            self._stop()
            reason = (f"{self.workers} worker processes could not start ({type(exc).__name__}"
                      f"{': ' + str(exc) if str(exc) else ''}; a script that runs the "
                      "analysis at module level needs an `if __name__ == \"__main__\":` "
                      "guard)")
            if self.strict:
                raise InputError(f"{reason}; use workers=1 (CLI: --workers 1) to run in "
                                 "one process") from exc
            log.warning("%s; running in one process instead", reason)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop(kill=exc[0] is not None)

    def _stop(self, kill: bool = True) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if kill:  # an error or an interruption: do not wait for chunks in flight
            for proc in list(getattr(executor, "_processes", {}).values()):
                if proc.is_alive():
                    proc.terminate()
        executor.shutdown(wait=True, cancel_futures=True)

    def map(self, chunks: Iterable[Any], cfg: Any, fn: Callable[[Any, Any], Any],
            desc: str = "chunks") -> Iterator[Any]:
        """Apply ``fn(chunk, cfg)`` to every chunk on the workers and yield the results
        in chunk order, each as soon as it and those before it are ready.

        Raises
        ------
        InputError
            When a worker process stops unexpectedly (killed, out of memory).
        """
        executor = self._executor
        if executor is None:  # the pool could not start: run here
            with limit_threads(self.threads):
                yield from (fn(c, cfg) for c in track(chunks, desc=desc,
                                                      enabled=self.progress))
            return
        key, blob = next(self._keys), pickle.dumps(cfg, protocol=pickle.HIGHEST_PROTOCOL)
        pending: deque[Future] = deque()
        bar = None
        if self.progress and interactive():
            from tqdm.auto import tqdm

            bar = tqdm(desc=desc, unit="chunk", leave=False)
        try:
            for chunk in chunks:
                pending.append(executor.submit(_run_task, fn, key, blob, chunk))
                del chunk
                if len(pending) >= 2 * self.workers:
                    yield self._result(pending.popleft(), bar)
            while pending:
                yield self._result(pending.popleft(), bar)
        except BaseException:
            self._stop()  # an error, Ctrl-C or an abandoned pass: stop the workers now
            raise
        finally:
            for fut in pending:
                fut.cancel()
            if bar is not None:
                bar.close()

    def _result(self, fut: Future, bar: Any) -> Any:
        try:
            result = fut.result()
        except BrokenProcessPool as exc:
            raise InputError("a worker process stopped unexpectedly (out of memory, or "
                             "killed); run again with fewer workers (CLI: --workers) or a "
                             "smaller chunk size (--chunk-size)") from exc
        if bar is not None:
            bar.update(1)
        return result


_LOCAL_SCHEDULERS = ("threads", "synchronous", "sync", "single-threaded")




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
    workers : int, optional
        Worker processes of the local cluster (``"processes"``), or threads of the
        ``"threads"`` scheduler (default: :func:`default_workers`).

    Examples
    --------
    >>> with DaskRunner("threads", progress=False) as r:          # doctest: +SKIP
    ...     results = list(r.map(chunks, cfg, fn))
    """

    def __init__(self, scheduler: Any = None, *, progress: bool = True,
                 window: int | None = None, workers: int | None = None) -> None:
        self.scheduler = scheduler
        self.progress = progress
        self.window = window
        self.workers = workers or default_workers()
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
            self._cluster = _local_cluster(self.workers)
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
                yield from _run_local(chunks, cfg, fn, self.scheduler, self.window, bar,
                                      self.workers)
        finally:
            if bar is not None:
                bar.close()


def _local_cluster(workers: int):
    """Start a ``distributed.LocalCluster``: ``workers`` single-threaded worker processes,
    listening on loopback only, no dashboard."""
    try:
        from distributed import LocalCluster
    except ImportError as exc:  # pragma: no cover
        raise InputError("scheduler 'processes' needs 'distributed': "
                         "pip install 'analytics[dask]' (or use --scheduler threads)") from exc
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=None, silence_logs=40)


def _is_distributed(scheduler: Any) -> bool:
    if scheduler is None:
        return False
    if isinstance(scheduler, str):
        return scheduler == "distributed" or "://" in scheduler
    return True  # a Client object


def _run_local(chunks, cfg, fn, scheduler: str, window, bar, workers: int) -> Iterator[dict]:
    import dask

    window = window or 2 * workers
    extra = {"num_workers": workers} if scheduler == "threads" else {}
    batch: list = []
    for chunk in chunks:
        batch.append(dask.delayed(fn, pure=False)(chunk, cfg))
        if len(batch) >= window:
            yield from dask.compute(*batch, scheduler=scheduler, **extra)
            if bar is not None:
                bar.update(len(batch))
            batch = []
    if batch:
        yield from dask.compute(*batch, scheduler=scheduler, **extra)
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
