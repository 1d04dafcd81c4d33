"""Speed of stance evidence (sentences per second, one core, one process).

Times :func:`analytics.stance.stance_evidence` alone (mentions and quotes are computed
first, as the pipeline does) on

* ``generated``: the first ``--docs`` documents of the benchmark corpus
  (``benchmarks/_corpora/1000.jsonl``, made by ``benchmarks/generate.py``), bundled
  issues (they fit this coverage: many triggers per sentence);
* ``polnear``: the first ``--polnear`` articles of PolNeAR (real US 2016 coverage, read at
  run time from ``../shared/data/polnear_train/train.jsonl``; nothing is copied),
  bundled issues and with the US 2016 evaluation issue file
  (``stance_us2016/issues.yaml``);
* ``concepts``: :func:`analytics.stance.claims_table` and
  :func:`analytics.stance.concept_tables` on the PolNeAR articles.

Each figure is the best of ``--repeat`` runs of CPU time (``time.process_time``).

Usage::

    python benchmarks/eval/bench_stance.py [--docs 1000] [--polnear 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def _prepare(corpus_df):
    from analytics.actors import find_mentions, load_registry
    from analytics.corpus.clean import load_rules
    from analytics.corpus.prepare import prepare_documents
    from analytics.quotes import extract_quotes

    docs, _removed, _paras, sents = prepare_documents(corpus_df, rules=load_rules())
    mentions, _ = find_mentions(sents, load_registry(), pronouns=True)
    counted = mentions[mentions["kind"] != "pronoun"].reset_index(drop=True)
    quotes = extract_quotes(docs, sents, mentions)
    return sents, counted, quotes


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--polnear", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    import pandas as pd

    from analytics.corpus.load import load_corpus
    from analytics.stance import load_issues, stance_evidence
    from bench_pipeline import corpus
    from eval_stance import _polnear

    result: dict = {}
    gen = load_corpus(corpus(1000)).head(args.docs)
    runs = [("generated", gen, load_issues())]
    pn = _polnear(args.polnear)
    if pn is not None:
        pn = load_corpus(pn.drop(columns=["split"]), id_column="doc_id")
        runs += [("polnear, bundled issues", pn, load_issues()),
                 ("polnear, US 2016 issues",
                  pn, load_issues(str(HERE / "stance_us2016" / "issues.yaml")))]
    prepared = {}
    for name, df, issues in runs:
        key = id(df)
        if key not in prepared:
            prepared[key] = _prepare(df)
        sents, counted, quotes = prepared[key]
        secs, ev = _best(lambda: stance_evidence(sents, counted, quotes, issues), args.repeat)
        result[name] = {"documents": len(df), "sentences": len(sents),
                        "evidence_rows": len(ev), "seconds": round(secs, 3),
                        "sentences_per_s": round(len(sents) / max(secs, 1e-9))}
    try:
        from analytics.stance import claims_table, concept_tables
    except ImportError:  # an older version of the package
        concept_tables = None
    if pn is not None and concept_tables is not None:
        sents, counted, quotes = prepared[id(pn)]
        secs, tabs = _best(lambda: concept_tables(claims_table(sents, counted, quotes)),
                           args.repeat)
        result["polnear, claims + concepts"] = {
            "documents": len(pn), "sentences": len(sents),
            "claims": len(tabs["claim_concepts"]), "concepts": len(tabs["concepts"]),
            "seconds": round(secs, 3), "sentences_per_s": round(len(sents) / max(secs, 1e-9))}
    for name, r in result.items():
        print(f"{name:28s} {r['documents']:5d} docs {r['sentences']:6d} sentences "
              f"{r['seconds']:7.3f} s  {r['sentences_per_s']:7d} sentences/s")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    del pd
    return 0


if __name__ == "__main__":
    sys.exit(main())
