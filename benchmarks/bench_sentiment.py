"""Throughput of target-dependent sentiment and of the leader summary (one core).

Usage::

    python benchmarks/bench_sentiment.py            # targets/s, model load time, leader_summary time
    python benchmarks/bench_sentiment.py --n 20000 --json out.json
    python benchmarks/bench_sentiment.py --backends default linear minilm --n 500

Targets are the NewsMTSC training sentences/spans (``data/newsmtsc/train.jsonl``, 8,739
distinct pairs), repeated to ``--n`` with a distinct trailing marker per repetition so
that no (sentence, span) pair is scored twice (the models score duplicates once).
Numerical libraries are pinned to one thread before numpy is imported.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bench_classify(n: int, backend: str = "default") -> dict:
    from analytics.sentiment import classify_targets, load_model
    from analytics.sentiment.model import TargetSentimentClassifier
    from analytics.training.sentiment import load_newsmtsc

    df = load_newsmtsc(ROOT / "data" / "newsmtsc" / "train.jsonl")
    reps = -(-n // len(df))
    texts = [t if r == 0 else f"{t} ({r})" for r in range(reps) for t in df["text"]][:n]
    spans = (list(zip(df["start"], df["end"])) * reps)[:n]
    from importlib import resources

    from analytics.sentiment.neural import NeuralTargetClassifier

    data = resources.files("analytics.sentiment").joinpath("data")
    t = time.perf_counter()
    with resources.as_file(data.joinpath("model.npz")) as p:
        TargetSentimentClassifier.load(p)
    if backend != "linear":
        with resources.as_file(data.joinpath("bigru.npz")) as p:
            NeuralTargetClassifier.load(p)
    load_s = time.perf_counter() - t
    load_model(tone_model="linear" if backend == "linear" else "default")
    classify_targets(texts[:200], spans[:200], tone_model=backend)  # warm-up (lexicons, caches)
    t = time.perf_counter()
    c = time.process_time()
    out = classify_targets(texts, spans, tone_model=backend)
    dt = time.perf_counter() - t
    dc = time.process_time() - c
    assert len(out) == n
    # wall time can include waiting for a busy machine; CPU time is the one-core cost
    return {"backend": backend, "targets": n, "seconds": round(dt, 3), "targets_per_s": round(n / dt, 1),
            "cpu_seconds": round(dc, 3), "targets_per_cpu_s": round(n / dc, 1),
            "model_load_s": round(load_s, 3)}


def bench_leaders(n_mentions: int, n_actors: int, n_docs: int, n_boot: int) -> dict:
    import numpy as np
    import pandas as pd

    from analytics.sentiment import leader_documents, leader_summary

    rng = np.random.default_rng(0)
    tone = pd.DataFrame({
        "doc_id": rng.integers(0, n_docs, n_mentions).astype(str),
        "sent_id": 0, "actor": rng.integers(0, n_actors, n_mentions).astype(str),
        "kind": "name", "label": rng.integers(-1, 2, n_mentions),
        "score": rng.uniform(-1, 1, n_mentions), "start": 0, "end": 1,
    })
    t = time.perf_counter()
    leader_summary(tone, n_boot=n_boot)
    s1 = time.perf_counter() - t
    t = time.perf_counter()
    leader_documents(tone)
    s2 = time.perf_counter() - t
    return {"mentions": n_mentions, "actors": n_actors, "documents": n_docs, "n_boot": n_boot,
            "leader_summary_s": round(s1, 2), "leader_documents_s": round(s2, 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10000, help="targets to classify")
    ap.add_argument("--backends", nargs="+", default=["default", "linear"],
                    choices=["default", "linear", "minilm"])
    ap.add_argument("--mentions", type=int, default=300_000)
    ap.add_argument("--actors", type=int, default=500)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--boot", type=int, default=2000)
    ap.add_argument("--skip-leaders", action="store_true")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    res = {"classify_targets": [bench_classify(args.n, b) for b in args.backends]}
    if not args.skip_leaders:
        res["leader_summary"] = bench_leaders(args.mentions, args.actors, args.docs, args.boot)
    try:
        from threadpoolctl import threadpool_info

        res["blas"] = [{k: d.get(k) for k in ("internal_api", "num_threads", "architecture")}
                       for d in threadpool_info()]
    except Exception:  # pragma: no cover - optional
        pass
    print(json.dumps(res, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
