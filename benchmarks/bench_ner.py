"""Throughput of the entity-span classifier (``analytics.actors.ner``) on one core.

Usage::

    python benchmarks/bench_ner.py                    # polnear sentences if present
    python benchmarks/bench_ner.py --n 50000 --json out.json
    python benchmarks/bench_ner.py --corpus benchmarks/_corpora/1000.jsonl

Sentences come from real news articles: ``../shared/data/polnear_train/train.jsonl``
next to the repository (US 2016 campaign coverage), or any JSONL with a ``text`` field
(``--corpus``, e.g. a corpus written by ``generate.py``), cut into sentences with the
package's own normaliser and sentence splitter. Reported:

* ``find_entities_batch`` in batches of ``--batch`` sentences (the way a pipeline
  stage would call it), sentences/s and candidate spans/s;
* ``find_entities`` one sentence per call;
* ``classify_spans`` on the spans the first pass found, one call per sentence;
* the model load time and the artefact size.

Numerical libraries are pinned to one thread before numpy is imported. Each timing is
the best of ``--repeat`` runs.
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
POLNEAR = ROOT.parent / "shared" / "data" / "polnear_train" / "train.jsonl"


def load_sentences(path: Path, n: int) -> list[str]:
    from analytics.corpus.segment import paragraph_spans, split_sentences
    from analytics.text import normalize

    out: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            text = normalize(json.loads(line).get("text") or "")
            for ps, pe in paragraph_spans(text):
                out.extend(text[a:b] for a, b in split_sentences(text, ps, pe))
            if len(out) >= n:
                break
    return out[:n]


def best_of(fn, repeat: int) -> float:
    """Least CPU time of ``repeat`` runs (CPU time: the machine may be shared)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(POLNEAR), help="JSONL with a 'text' field")
    ap.add_argument("--n", type=int, default=20000, help="sentences")
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)

    from importlib import resources

    from analytics.actors import ner

    sents = load_sentences(Path(args.corpus), args.n)
    n = len(sents)
    artefact = resources.files("analytics.actors").joinpath(ner.DEFAULT_RESOURCE)
    t = time.perf_counter()
    with resources.as_file(artefact) as p:
        model = ner.PersonSpanClassifier.load(p)
        size = Path(p).stat().st_size
    load_s = time.perf_counter() - t
    model.find_entities_batch(sents[:200])  # warm the caches

    def batched():
        return [e for k in range(0, n, args.batch)
                for e in model.find_entities_batch(sents[k:k + args.batch])]

    found = batched()
    n_cand = sum(len(model.candidates(s)) for s in sents[:2000]) * n / min(n, 2000)
    t_batch = best_of(batched, args.repeat)
    t_single = best_of(lambda: [model.find_entities(s) for s in sents], 1)
    spans = [[(e.start, e.end) for e in ents] for ents in found]
    t_spans = best_of(lambda: [model.classify_spans(s, sp) for s, sp in zip(sents, spans) if sp],
                      1)
    n_spans = sum(map(len, spans))
    labels: dict[str, int] = {}
    for ents in found:
        for e in ents:
            labels[e.label] = labels.get(e.label, 0) + 1
    res = {
        "corpus": str(args.corpus), "sentences": n, "batch": args.batch,
        "candidates_per_sentence": round(n_cand / max(n, 1), 2),
        "find_entities_batch_sentences_per_s": round(n / t_batch),
        "find_entities_one_at_a_time_sentences_per_s": round(n / t_single),
        "classify_spans_spans_per_s": round(n_spans / t_spans) if n_spans else None,
        "entities_found": labels,
        "model_load_s": round(load_s, 3),
        "artefact_bytes": size,
        "python": sys.version.split()[0],
    }
    print(json.dumps(res, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
