"""Throughput, peak memory and scaling of the whole pipeline.

Per stage (documents/s, sentences/s) and end to end, at 1k, 10k and 100k generated
documents of about 400 words, on the local backend and on Dask with 1 and 2 worker
processes. Each measurement runs in a fresh subprocess so peak memory (max RSS,
including worker processes) is its own.

Usage::

    python benchmarks/bench_pipeline.py --sizes 1000 10000 --out benchmarks/results.json
    python benchmarks/bench_pipeline.py --stages --sizes 1000     # per-stage timings only

Results and the machine they ran on are recorded in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "_corpora"


def corpus(n: int) -> Path:
    """Generate (once) and return a JSONL corpus of ``n`` documents."""
    path = CORPORA / f"{n}.jsonl"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        generate(n, path, fmt="jsonl", seed=0)
    return path


def stage_timings(n: int) -> dict:
    """Time each per-document stage separately on ``n`` documents (one process)."""
    import pandas as pd

    from analytics.actors import find_mentions, load_registry
    from analytics.corpus.clean import load_rules
    from analytics.comentions import comention_table
    from analytics.corpus.load import load_corpus
    from analytics.corpus.prepare import prepare_documents
    from analytics.quotes import extract_quotes
    from analytics.sentiment import leader_summary, tone_table
    from analytics.stance import load_issues, stance_evidence, stance_table
    from analytics.topics import topic_tables

    out: dict = {"docs": n}
    t = time.perf_counter()
    corpus_df = load_corpus(corpus(n))
    out["load_s"] = time.perf_counter() - t
    t = time.perf_counter()
    docs, removed, paras, sents = prepare_documents(corpus_df, rules=load_rules())
    out["clean_segment_s"] = time.perf_counter() - t
    out["sentences"] = len(sents)
    reg, issues = load_registry(), load_issues()
    t = time.perf_counter()
    mentions, _ = find_mentions(sents, reg, pronouns=True)
    out["mentions_s"] = time.perf_counter() - t
    out["mentions"] = len(mentions)
    counted = mentions[mentions["kind"] != "pronoun"].reset_index(drop=True)
    t = time.perf_counter()
    tone = tone_table(sents, counted)
    out["tone_s"] = time.perf_counter() - t
    t = time.perf_counter()
    quotes = extract_quotes(docs, sents, mentions)
    out["quotes_s"] = time.perf_counter() - t
    t = time.perf_counter()
    ev = stance_evidence(sents, counted, quotes, issues)
    out["stance_evidence_s"] = time.perf_counter() - t
    t = time.perf_counter()
    comention_table(counted)
    leader_summary(tone)
    stance_table(ev)
    out["aggregations_s"] = time.perf_counter() - t
    t = time.perf_counter()
    topic_tables(paras, counted)
    out["topics_s"] = time.perf_counter() - t
    per_doc = sum(out[k] for k in ("clean_segment_s", "mentions_s", "tone_s", "quotes_s",
                                   "stance_evidence_s"))
    out["per_document_sentences_per_s"] = len(sents) / per_doc
    for k in ("clean_segment_s", "mentions_s", "tone_s", "quotes_s", "stance_evidence_s"):
        out[k.replace("_s", "_sentences_per_s")] = len(sents) / max(out[k], 1e-9)
    del pd
    return out


def end_to_end(n: int, backend: str, workers: int) -> dict:
    """Analyse ``n`` documents end to end in this process; report time and memory."""
    import analytics

    kwargs: dict = {"progress": False}
    cluster = None
    if backend == "dask":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        kwargs.update(backend="dask", scheduler=cluster.scheduler_address)
    t = time.perf_counter()
    a = analytics.analyze(corpus(n), **kwargs)
    dt = time.perf_counter() - t
    res = {"docs": n, "backend": backend, "workers": workers, "seconds": dt,
           "docs_per_s": n / dt, "sentences": len(a.sentences),
           "sentences_per_s": len(a.sentences) / dt}
    if cluster is not None:
        cluster.close()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    res["peak_rss_mb_driver"] = self_kb / 1024
    return res


def machine() -> dict:
    """Describe the machine the benchmark ran on."""
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = fh.readline().split(":")[1].strip()
    except OSError:
        pass
    return {"python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(), "memory": mem}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--stages", action="store_true", help="per-stage timings only")
    p.add_argument("--one", nargs=3, metavar=("N", "BACKEND", "WORKERS"),
                   help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, default=None)
    a = p.parse_args()
    if a.one:
        print(json.dumps(end_to_end(int(a.one[0]), a.one[1], int(a.one[2]))))
        return
    results: dict = {"machine": machine(), "stages": [], "end_to_end": []}
    for n in a.sizes:
        corpus(n)
        results["stages"].append(stage_timings(n))
        print(json.dumps(results["stages"][-1]), flush=True)
        if a.stages:
            continue
        for backend, workers in (("local", 1), ("dask", 1), ("dask", 2)):
            proc = subprocess.run(
                [sys.executable, __file__, "--one", str(n), backend, str(workers)],
                capture_output=True, text=True)
            if proc.returncode != 0:
                print(proc.stderr[-2000:], file=sys.stderr)
                continue
            rec = json.loads(proc.stdout.strip().splitlines()[-1])
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            rec["peak_rss_mb_any_process"] = max(rec["peak_rss_mb_driver"], children)
            results["end_to_end"].append(rec)
            print(json.dumps(rec), flush=True)
    if a.out:
        a.out.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
