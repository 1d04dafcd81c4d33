"""Stance accuracy on hand-coded actor-issue stances, and the issue fit check.

Two validation sets written by the team (``stance_uk2005/``: UK politics 2004-05, BBC
style; ``stance_us2016/``: the US 2016 campaign, wire style). Each holds

* ``articles.yaml``: short articles (``id``, ``split``, ``date``, ``outlet``, ``text``);
  ``split`` is ``dev`` (rules may be tuned on it) or ``test`` (held out, reported only);
* ``issues.yaml``: the issue file a user would write for the coverage, written before
  the package was run on the articles;
* ``actors.yaml``: the persons the articles name;
* ``gold.csv``: one row per (article, actor, issue): ``support``, ``oppose``, ``none``
  (the actor is named near the issue but takes no side) or ``skip`` (the actor's position
  is only reported by others: not scored either way).

Scoring, per set and split (the pairs of the split's articles; a pair coded
support/oppose in one article and none in another counts as support/oppose)

* ``accuracy``: support/oppose pairs whose ``stance`` row says the same; a missing
  pair counts as wrong;
* ``coverage``: support/oppose pairs with any support/oppose row;
* ``precision``: support/oppose rows of the ``stance`` table that match a gold
  support/oppose pair (rows for pairs coded ``none`` or not coded at all are wrong;
  ``skip`` pairs are ignored);
* ``none_asserted``: ``none`` pairs that got a support/oppose row.

The fit check (``--fit``) runs the bundled (Ukraine 2025) issues on both sets and on
the first ``--polnear`` articles of PolNeAR (US 2016 coverage, read at run time from
``../shared/data/polnear_train/train.jsonl``; none of its text is copied anywhere) and
counts the support/oppose rows and whether the run warned that the issue list does not
fit.

Usage::

    python benchmarks/eval/eval_stance.py                  # both sets, dev and test
    python benchmarks/eval/eval_stance.py --details dev    # every error of the dev split
    python benchmarks/eval/eval_stance.py --split dev --details dev  # dev only (tuning)
    python benchmarks/eval/eval_stance.py --fit            # the default issues elsewhere
    python benchmarks/eval/eval_stance.py --json OUT.json
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SETS = {"uk2005": HERE / "stance_uk2005", "us2016": HERE / "stance_us2016"}
POLNEAR = ROOT.parent / "shared" / "data" / "polnear_train" / "train.jsonl"
ASSERTED = ("support", "oppose")


def articles(folder: Path, split: str | None = None) -> pd.DataFrame:
    """The articles of a set as a corpus DataFrame (``doc_id``, ``text``, ``date``...)."""
    data = yaml.safe_load((folder / "articles.yaml").read_text(encoding="utf-8"))
    rows = [{"doc_id": a["id"], "text": a["text"], "date": str(a["date"]),
             "outlet": a.get("outlet", ""), "split": a["split"]}
            for a in data["articles"] if split in (None, "all", a["split"])]
    return pd.DataFrame(rows)


def gold(folder: Path, docs: set[str]) -> dict[tuple[str, str], str]:
    """(actor, issue) -> support / oppose / none / skip over the articles ``docs``."""
    out: dict[tuple[str, str], str] = {}
    with open(folder / "gold.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["doc"] not in docs:
                continue
            key, lab = (r["actor"], r["issue"]), r["stance"]
            old = out.get(key)
            if old in ASSERTED and lab in ASSERTED and old != lab:
                raise SystemExit(f"gold.csv: {key} is both {old} and {lab}")
            if old in ASSERTED:
                continue
            if lab in ASSERTED or old is None or (old == "none" and lab == "skip"):
                out[key] = lab
    return out


class Run:
    """The tables and the issue fit of one run (see :func:`run`)."""

    def __init__(self, tables: dict[str, pd.DataFrame], fit: Any) -> None:
        self.tables, self.fit = tables, fit
        self.stance = tables["stance"]
        self.stance_evidence = tables["stance_evidence"]


def run(corpus: pd.DataFrame, actors: Any, issues: Any) -> Run:
    """The pipeline's per-document stages that stance needs (prepare, mentions, quotes,
    stance evidence; the stage functions of ``analytics.pipeline.stages.STAGES``, on
    one chunk, as ``analytics.analyze`` runs them), then the stance table and the issue
    fit check of the corpus stage. Tone, topics and the other stages are not run: stance
    does not read them."""
    from analytics.corpus.clean import load_rules
    from analytics.corpus.load import load_corpus
    from analytics.options import Options
    from analytics.pipeline import stages
    from analytics.registries import load_registries
    from analytics.stance import issue_fit, stance_table

    opts = Options.from_keywords({"actors": actors, "issues": issues, "id_column": "doc_id",
                                  "progress": False}, caller="eval_stance")
    registries = load_registries(opts.actors, extend_actors=opts.extend_actors,
                                 issues=opts.issues)
    cfg = stages.Config.from_options(opts, load_rules(None), registries)
    chunk = load_corpus(corpus.drop(columns=["split"]), id_column="doc_id")
    tables: dict[str, pd.DataFrame] = {"chunk": chunk}
    for stage in stages.STAGES:
        if stage.name in ("prepare", "mentions", "quotes", "stance_evidence"):
            tables.update(stage.run(tables, cfg))
    tables["stance"] = stance_table(tables["stance_evidence"])
    fit = issue_fit(tables["documents"], tables["stance_evidence"], registries.issues)
    return Run(tables, fit)


def score(stance: pd.DataFrame, truth: dict[tuple[str, str], str]) -> dict[str, Any]:
    """The figures of one split (see the module docstring) and the errors."""
    pred = {(a, i): s for a, i, s in zip(stance["actor"], stance["issue"], stance["stance"])
            if s in ASSERTED}
    stances = {k: v for k, v in truth.items() if v in ASSERTED}
    nones = [k for k, v in truth.items() if v == "none"]
    right = [k for k, v in stances.items() if pred.get(k) == v]
    scored = {k: v for k, v in pred.items() if truth.get(k) != "skip"}
    correct = [k for k, v in scored.items() if stances.get(k) == v]
    errors = ([f"missed   {k}: gold {stances[k]}" for k in stances if k not in pred]
              + [f"flipped  {k}: gold {stances[k]}, got {pred[k]}" for k in stances
                 if k in pred and pred[k] != stances[k]]
              + [f"asserted {k}: gold none, got {pred[k]}" for k in nones if k in pred]
              + [f"spurious {k}: not coded, got {v}" for k, v in scored.items() if k not in truth])
    return {
        "pairs": len(stances), "none_pairs": len(nones),
        "accuracy": round(len(right) / len(stances), 3) if stances else None,
        "coverage": round(sum(k in pred for k in stances) / len(stances), 3) if stances else None,
        "asserted": len(scored),
        "precision": round(len(correct) / len(scored), 3) if scored else None,
        "flipped": sum(1 for k in stances if k in pred and pred[k] != stances[k]),
        "none_asserted": sum(1 for k in nones if k in pred),
        "errors": sorted(errors),
    }


def evaluate(name: str, split: str) -> dict[str, Any]:
    folder = SETS[name]
    corpus = articles(folder, split)
    a = run(corpus, str(folder / "actors.yaml"), str(folder / "issues.yaml"))
    return score(a.stance, gold(folder, set(corpus["doc_id"])))


def _polnear(n: int) -> pd.DataFrame | None:
    if not POLNEAR.exists():
        return None
    rows = []
    with open(POLNEAR, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            rows.append({"doc_id": str(d.get("doc_id") or d.get("id") or len(rows)),
                         "text": d["text"], "split": "all"})
            if len(rows) >= n:
                break
    return pd.DataFrame(rows)


def fit_check(n_polnear: int) -> dict[str, Any]:
    """Support/oppose rows and the fit warning with the bundled issues on other stories."""
    out: dict[str, Any] = {}
    corpora = {name: articles(folder) for name, folder in SETS.items()}
    pn = _polnear(n_polnear)
    if pn is not None:
        corpora[f"polnear_{len(pn)}"] = pn
    for name, corpus in corpora.items():
        actors = str(SETS[name] / "actors.yaml") if name in SETS else None
        a = run(corpus, actors, None)
        st = a.stance
        rows = st[st["stance"].isin(ASSERTED)]
        warnings = [a.fit.message] if a.fit.message else []
        out[name] = {"documents": len(corpus), "stance_rows": len(rows),
                     "evidence_rows": len(a.stance_evidence),
                     "rows": [f"{r.actor} {r.stance} {r.issue}: {r.evidence[:90]}"
                              for r in rows.itertuples()],
                     "warned": bool(warnings), "warning": warnings[0] if warnings else ""}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--details", choices=("dev", "test", "all"),
                    help="print every error of this split")
    ap.add_argument("--split", choices=("dev", "test", "both"), default="both",
                    help="score only this split (default both); tune with --split dev")
    ap.add_argument("--fit", action="store_true", help="run the issue fit check too")
    ap.add_argument("--polnear", type=int, default=150,
                    help="PolNeAR articles in the fit check (default 150)")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    result: dict[str, Any] = {}
    for name in SETS:
        for split in ("dev", "test"):
            if args.split not in (split, "both"):
                continue
            r = evaluate(name, split)
            result[f"{name}/{split}"] = r
            print(f"{name:7s} {split:4s}  accuracy {r['accuracy']}  coverage {r['coverage']}  "
                  f"precision {r['precision']} ({r['asserted']} asserted)  flipped "
                  f"{r['flipped']}/{r['pairs']}  none asserted {r['none_asserted']}/"
                  f"{r['none_pairs']}")
            if args.details in (split, "all"):
                for e in r["errors"]:
                    print("   ", e)
    if args.fit:
        fit = fit_check(args.polnear)
        result["fit"] = fit
        for name, r in fit.items():
            print(f"fit {name}: {r['documents']} documents, {r['stance_rows']} stance rows "
                  f"({r['evidence_rows']} evidence), warned: {r['warned']}")
            for line in r["rows"]:
                print("   ", line)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
