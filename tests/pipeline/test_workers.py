"""Worker processes: thread pools pinned to one thread, chunk order, errors and
interruptions that leave no process behind, a pool that cannot start, the prepared
chunks kept between the two passes."""

from __future__ import annotations

import logging
import multiprocessing
import os

import pandas as pd
import pytest
from threadpoolctl import threadpool_info

from fixtures.pool_probe import fail_on_bad, thread_pools

import analytics
import analytics.pipeline.backends as backends
import analytics.pipeline.run as run
import analytics.pipeline.stages as stages
from analytics.errors import InputError
from analytics.pipeline.backends import ProcessPool, dask_backend, limit_threads

DOCS = ["Envoy Oskar Brandvold said the talks would resume in Oslo.",
        "Oskar Brandvold met Keir Starmer in London on Monday.",
        "Keir Starmer thanked Mr Brandvold for his work.",
        "Emmanuel Macron criticised Vladimir Putin over the ceasefire.",
        "\u201cWe fully support a ceasefire,\u201d Mr Macron said in Paris.",
        "Keir Starmer thanked Mr Brandvold for his work."]


def _assert_same(a, b):
    assert list(a.tables) == list(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True,
                                      obj=name)


def _no_workers_left():
    return [p for p in multiprocessing.active_children() if p.is_alive()] == []


# ------------------------------------------------------------------------ thread pools
def test_pool_workers_run_one_blas_and_openmp_thread():
    with ProcessPool(2, progress=False) as pool:
        found = list(pool.map(["a", "b", "c", "d"], None, thread_pools, "probe"))
    for pools in found:
        assert {api for api, _ in pools} >= {"openblas", "openmp"}
        assert {n for _, n in pools} == {1}, pools


def test_dask_process_workers_run_one_thread():
    with dask_backend(None, False, workers=1) as run_chunks:
        found = list(run_chunks(["a", "b"], None, thread_pools, "probe"))
    for pools in found:
        assert {api for api, _ in pools} >= {"openblas", "openmp"}
        assert {n for _, n in pools} == {1}, pools


def test_the_driver_runs_one_thread_during_the_analysis_and_is_restored_after():
    before = {info["filepath"]: info["num_threads"] for info in threadpool_info()}
    with limit_threads(1):
        assert {info["num_threads"] for info in threadpool_info()} == {1}
    after = {info["filepath"]: info["num_threads"] for info in threadpool_info()}
    assert {k: v for k, v in after.items() if k in before} == before


# ------------------------------------------------------------------------ the pool
def test_results_come_back_in_chunk_order_from_several_workers():
    chunks = [f"c{i}" for i in range(12)]
    with ProcessPool(2, progress=False) as pool:
        found = list(pool.map(chunks, None, fail_on_bad, "order"))
    assert [c for c, _ in found] == chunks
    assert os.getpid() not in {pid for _, pid in found}  # run by the workers
    assert _no_workers_left()


def test_an_error_in_a_chunk_stops_every_worker():
    with pytest.raises(ValueError, match="chunk 'bad' failed"):
        with ProcessPool(2, progress=False) as pool:
            list(pool.map(["a", "b", "bad", "c", "d", "e"], None, fail_on_bad, "x"))
    assert _no_workers_left()


def test_an_interruption_stops_every_worker():
    with pytest.raises(KeyboardInterrupt):
        with ProcessPool(2, progress=False) as pool:
            for _ in pool.map([f"c{i}" for i in range(8)], None, fail_on_bad, "x"):
                raise KeyboardInterrupt  # Ctrl-C while chunks are in flight
    assert _no_workers_left()


class _NoProcesses:
    def __init__(self, *args, **kwargs):
        raise OSError("Resource temporarily unavailable")


def test_a_pool_that_cannot_start_runs_here_with_a_note(monkeypatch, caplog):
    monkeypatch.setattr(backends, "ProcessPoolExecutor", _NoProcesses)
    with caplog.at_level(logging.WARNING, logger="analytics.pipeline.backends"):
        with ProcessPool(2, progress=False) as pool:
            found = list(pool.map(["a", "b"], None, fail_on_bad, "x"))
    assert [c for c, _ in found] == ["a", "b"]
    assert "2 worker processes could not start" in caplog.text
    assert "running in one process instead" in caplog.text


def test_workers_asked_for_that_cannot_start_are_a_clear_error(monkeypatch):
    monkeypatch.setattr(backends, "ProcessPoolExecutor", _NoProcesses)
    monkeypatch.setattr(run, "POOL_MIN_DOCUMENTS", 1)
    with pytest.raises(InputError, match=r"could not start .*--workers 1"):
        analytics.analyze(DOCS, chunk_size=2, workers=2, n_topics=1, progress=False)


# ------------------------------------------------------------------------ analyze()
def _spy_pool(monkeypatch) -> list[int]:
    started: list[int] = []
    enter = ProcessPool.__enter__

    def spy(self):
        started.append(self.workers)
        return enter(self)

    monkeypatch.setattr(ProcessPool, "__enter__", spy)
    return started


def test_a_small_corpus_stays_in_one_process(monkeypatch):
    started = _spy_pool(monkeypatch)
    a = analytics.analyze(DOCS, chunk_size=2, workers=2, n_topics=1, progress=False)
    assert started == []
    assert len(a.documents) == 6


def test_worker_processes_on_split_chunks_give_the_tables_of_one_process(monkeypatch):
    one = analytics.analyze(DOCS, chunk_size=4, workers=1, n_topics=1, progress=False)
    started = _spy_pool(monkeypatch)
    monkeypatch.setattr(run, "POOL_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(run, "MIN_TASK_DOCUMENTS", 1)  # chunks of 4 in pieces of 2
    many = analytics.analyze(DOCS, chunk_size=4, workers=2, n_topics=1, progress=False)
    assert started == [2]
    _assert_same(one, many)
    found = many.mentions[many.mentions["kind"] == "discovered"]
    assert set(found["doc_id"]) == {"0000", "0001", "0002"}  # cued in another piece


def test_the_second_pass_reuses_the_chunks_the_first_prepared(monkeypatch):
    calls: list[int] = []
    prepare = stages.prepare_chunk

    def counting(chunk, *args, **kwargs):
        calls.append(len(chunk))
        return prepare(chunk, *args, **kwargs)

    monkeypatch.setattr(stages, "prepare_chunk", counting)
    kept = analytics.analyze(DOCS, chunk_size=2, workers=1, n_topics=1, progress=False)
    assert calls == [2, 2, 2]  # three chunks, each prepared once
    calls.clear()
    monkeypatch.setattr(run, "PREPARED_CACHE_BYTES", 0)
    again = analytics.analyze(DOCS, chunk_size=2, workers=1, n_topics=1, progress=False)
    assert calls == [2, 2, 2, 2, 2, 2]  # no room: prepared in both passes
    _assert_same(kept, again)


@pytest.mark.parametrize("option, value", [("workers", 0), ("workers", "2"),
                                           ("workers", 1.5), ("threads", 0)])
def test_bad_worker_options_are_refused(option, value):
    with pytest.raises(InputError, match=f"{option}={value!r} is not valid"):
        analytics.analyze(DOCS, progress=False, **{option: value})
