"""Throughput, peak memory and scaling of the whole pipeline.

Per stage (documents/s, sentences/s) and end to end, at 1k, 10k and 100k generated
documents of about 400 words, on the local backend with one process (``workers=1``)
and with the default worker processes, and on Dask with 1 and 2 worker processes.
Each measurement runs in a fresh subprocess so peak memory (max RSS of the driver and
of the largest worker process) is its own.

``--busy`` runs every end-to-end measurement twice, alone and beside a competing
CPU-bound process (one pure-Python busy loop), interleaved, and records the load
average at the start of each run: on a shared machine absolute times are noisy, the
ratios within one run window are what to compare.

Usage::

    python benchmarks/bench_pipeline.py --sizes 1000 10000 --out benchmarks/results.json
    python benchmarks/bench_pipeline.py --stages --sizes 1000     # per-stage timings only
    python benchmarks/bench_pipeline.py --sizes 1000 5000 --runs local:1 local:0 --busy
    python benchmarks/bench_pipeline.py --one 5000 local 0        # one run (0: default workers)

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
    """Analyse ``n`` documents end to end in this process; report time and memory.
    ``workers`` 0 on the local backend: the default (one worker process per core)."""
    import analytics

    kwargs: dict = {"progress": False}
    cluster = None
    if backend == "local":
        kwargs["workers"] = workers or None
    if backend == "dask":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        kwargs.update(backend="dask", scheduler=cluster.scheduler_address)
    load = os.getloadavg()[0]
    t, cpu = time.perf_counter(), time.process_time()
    a = analytics.analyze(corpus(n), **kwargs)
    dt = time.perf_counter() - t
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = {"docs": n, "backend": backend, "workers": workers, "seconds": dt,
           "cpu_seconds_driver": time.process_time() - cpu,
           "cpu_seconds_workers": children.ru_utime + children.ru_stime,
           "loadavg_1min_at_start": load, "docs_per_s": n / dt, "sentences": len(a.sentences),
           "sentences_per_s": len(a.sentences) / dt,
           "peak_rss_mb_largest_worker": children.ru_maxrss / 1024}
    if cluster is not None:
        cluster.close()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    res["peak_rss_mb_driver"] = self_kb / 1024
    return res


def _one(n: int, backend: str, workers: int, busy: bool) -> dict | None:
    """One end-to-end run in a fresh process, optionally beside a busy process."""
    spinner = (subprocess.Popen([sys.executable, "-c", "while True: pass"])
               if busy else None)
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n), backend, str(workers)],
            capture_output=True, text=True)
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    rec = json.loads(proc.stdout.strip().splitlines()[-1])
    rec["busy_process"] = busy
    return rec


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
    p.add_argument("--runs", nargs="+", default=["local:1", "local:0", "dask:1", "dask:2"],
                   metavar="BACKEND:WORKERS",
                   help="end-to-end runs (local:0 is the default number of workers)")
    p.add_argument("--busy", action="store_true",
                   help="run each end-to-end measurement alone and beside a busy process")
    p.add_argument("--no-stages", action="store_true", help="end-to-end runs only")
    p.add_argument("--out", type=Path, default=None)
    a = p.parse_args()
    if a.one:
        print(json.dumps(end_to_end(int(a.one[0]), a.one[1], int(a.one[2]))))
        return
    results: dict = {"machine": machine(), "stages": [], "end_to_end": []}
    for n in a.sizes:
        corpus(n)
        if not a.no_stages:
            results["stages"].append(stage_timings(n))
            print(json.dumps(results["stages"][-1]), flush=True)
        if a.stages:
            continue
        for busy in ((False, True) if a.busy else (False,)):
            for run in a.runs:
                backend, workers = run.split(":")
                rec = _one(n, backend, int(workers), busy)
                if rec is not None:
                    results["end_to_end"].append(rec)
                    print(json.dumps(rec), flush=True)
    if a.out:
        a.out.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
