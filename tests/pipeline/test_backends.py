"""Dask backend: same tables as the local backend; streaming chunks; progress off."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import analytics

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TABLES = ["documents", "sentences", "removed", "mentions", "candidates", "comentions",
          "tone", "leaders", "leader_documents", "quotes", "stance_evidence", "stance",
          "topics", "topic_assignments", "topic_prevalence", "topic_actors"]


def _corpus(tmp_path: Path) -> Path:
    """Seeds plus a duplicate across chunks, written as a JSONL table."""
    rows = [{"id": p.stem, "text": p.read_text(encoding="utf-8")}
            for p in sorted(SEEDS.glob("*.txt"))]
    rows.append({"id": "copy_of_first", "text": rows[0]["text"]})
    path = tmp_path / "c.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True, force_ascii=False)
    return path


def _assert_same(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=False,
                                      check_exact=False, rtol=1e-6, obj=name)


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    src = _corpus(tmp_path_factory.mktemp("c"))
    return src, analytics.analyze(src, chunk_size=2, progress=False)


def test_chunked_local_run_accounts_for_every_document(local):
    _, a = local
    docs = a.documents.set_index("doc_id")
    assert len(docs) == 6
    # the duplicate sits in another chunk than its original and is still caught
    assert docs.at["copy_of_first", "status"] == "skipped: exact duplicate of " + \
        docs.index[0]
    assert "copy_of_first" not in set(a.sentences["doc_id"])


def test_chunking_does_not_change_per_document_tables(local):
    src, a = local
    whole = analytics.analyze(src, progress=False)
    for name in ("documents", "sentences", "removed", "tone", "quotes"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(whole, name),
                                      check_dtype=False, obj=name)


def test_dask_threads_equals_local(local):
    src, a = local
    _assert_same(a, analytics.analyze(src, chunk_size=2, backend="dask", scheduler="threads",
                                      progress=False))


def test_dask_default_process_workers_equal_local(local):
    src, a = local
    _assert_same(a, analytics.analyze(src, chunk_size=2, backend="dask", progress=False))


def test_dask_local_cluster_on_loopback_equals_local(local):
    import distributed

    src, a = local
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        b = analytics.analyze(src, chunk_size=2, backend="dask",
                              scheduler=cluster.scheduler_address, progress=False)
    _assert_same(a, b)


def test_bad_scheduler_is_a_clear_error(local):
    src, _ = local
    with pytest.raises(analytics.InputError, match="unknown Dask scheduler"):
        analytics.analyze(src, backend="dask", scheduler="gpu", progress=False)
    with pytest.raises(analytics.InputError, match="backend='spark' is not valid"):
        analytics.analyze(src, backend="spark", progress=False)


def test_streaming_to_disk_gives_the_same_tables(local, tmp_path):
    """analyze(out=DIR) writes per-chunk parts as it goes and returns a lazy Analysis
    whose tables equal the in-memory run's."""
    src, a = local
    out = tmp_path / "tables"
    b = analytics.analyze(src, chunk_size=2, out=out, progress=False)
    parts = sorted((out / "sentences.parquet").glob("part-*.parquet"))
    assert len(parts) >= 2  # written chunk by chunk
    assert (out / "sentences.csv").is_file() and (out / "analysis.json").is_file()
    csv = pd.read_csv(out / "sentences.csv")
    assert len(csv) == len(a.sentences)
    _assert_same(a, b)
    for name in ("paragraphs", "removed"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=False,
                                      obj=name)
    # the same folder loads back eagerly too
    c = analytics.Analysis.load(out)
    _assert_same(a, c)


def test_streaming_run_that_fails_leaves_previous_tables(local, tmp_path, monkeypatch):
    src, _ = local
    out = tmp_path / "tables"
    analytics.analyze(src, chunk_size=2, out=out, progress=False)
    before = (out / "documents.csv").read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("stage failed")

    monkeypatch.setattr("analytics.comentions.comention_table", boom)
    with pytest.raises(RuntimeError):
        analytics.analyze(src, chunk_size=2, out=out, progress=False)
    assert (out / "documents.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tables")]
