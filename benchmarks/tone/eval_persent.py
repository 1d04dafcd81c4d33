"""Document-level tone toward the main person on PerSenT dev, from the pipeline's tables.

    python benchmarks/tone/eval_persent.py [--data ../shared/data/persent/dev.jsonl] [--json out.json]

Each PerSenT document names one main person (``target_entity``). The script writes a
registry with those persons, runs :func:`analytics.analyze` on the documents (text as
published; nothing of it is copied into the repository) and reads the main person's
row of ``leader_documents`` (portrayal rows: target and present). Documents in which
the pipeline finds no mention of the person count as neutral.

Reported:

- ``pipeline_label``: the ``label`` column of ``leader_documents``
  (:func:`analytics.sentiment.document_label`: negative below -0.35 with at least one
  negative mention, positive above 0 with at least one positive mention);
- ``grouped_cv``: the honest figure for that band. Five folds grouped by person (one
  person's articles never sit on both sides); in each fold the negative threshold is
  chosen on the other four on a fixed grid, the positive threshold is the sign (0);
  ``grouped_cv_both`` chooses both thresholds in each fold;
- ``symmetric_0.10``: the rule used before (sign of the mean, dead zone +-0.10, fixed in
  advance), on portrayal rows and on every row (``all_rows``, before tone roles).

Data: PerSenT (Bastan et al., COLING 2020), dev split; see the NOTICE beside it.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.metrics import f1_score

DEAD_ZONE = 0.10
#: thresholds tried inside each cross-validation fold
NEG_GRID = tuple(np.round(np.arange(-0.60, 0.001, 0.05), 2))
POS_GRID = tuple(np.round(np.arange(-0.30, 0.301, 0.05), 2))


def _name(entity: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s.'-]", " ", str(entity))).strip()


def label(mean: float) -> int:
    return 0 if not np.isfinite(mean) or abs(mean) <= DEAD_ZONE else int(np.sign(mean))


def banded(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """-1 below ``lo``, +1 above ``hi``, 0 otherwise (and for NaN); ``x`` holds the mean
    tone and the shares of positive and negative mentions, as
    :func:`analytics.sentiment.document_label` reads them."""
    mean, sp, sn = x[:, 0], x[:, 1], x[:, 2]
    out = np.zeros(len(x), dtype=int)
    out[(mean > hi) & (sp > 0)] = 1
    out[(mean < lo) & (sn > 0)] = -1
    return out


def macro(y, pred) -> float:
    return float(f1_score(y, pred, labels=[-1, 0, 1], average="macro", zero_division=0))


def grouped_cv(x: np.ndarray, y: np.ndarray, groups: np.ndarray, pos_grid) -> tuple[float, list]:
    """Pooled out-of-fold macro-F1 of the band chosen on the training folds."""
    from sklearn.model_selection import GroupKFold

    pred = np.zeros(len(y), dtype=int)
    chosen = []
    for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
        best = max(((macro(y[tr], banded(x[tr], lo, hi)), -abs(lo), lo, hi)
                    for lo in NEG_GRID for hi in pos_grid if hi >= lo))
        pred[te] = banded(x[te], best[2], best[3])
        chosen.append([float(best[2]), float(best[3])])
    return macro(y, pred), chosen


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[3] / "shared" / "data"
                                          / "persent" / "dev.jsonl"))
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    import analytics
    from analytics.sentiment.tone import portrayal

    docs = [json.loads(line) for line in open(args.data, encoding="utf-8") if line.strip()]
    names = sorted({_name(d["target_entity"]) for d in docs if _name(d["target_entity"])})
    reg = {"actors": [{"name": n, "type": "person"} for n in names]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "persent_actors.yaml"
        path.write_text(yaml.safe_dump(reg, allow_unicode=True), encoding="utf-8")
        corpus = pd.DataFrame({"doc_id": [str(d["id"]) for d in docs],
                               "title": [d.get("title") or "" for d in docs],
                               "text": [d["document"] for d in docs]})
        t0 = time.time()
        a = analytics.analyze(corpus, actors=str(path), extend_actors=False)
        seconds = time.time() - t0
    tone = a.tone.copy()
    # the pipeline names documents itself, in input order
    own = dict(zip(a.documents["doc_id"].astype(str), corpus["doc_id"]))
    tone["doc_id"] = tone["doc_id"].astype(str).map(own)
    ld = a.leader_documents.copy()
    ld["doc_id"] = ld["doc_id"].astype(str).map(own)
    ld = ld.set_index(["doc_id", "actor"])
    y = np.array([int(d["label"]) for d in docs])
    keys = [(str(d["id"]), _name(d["target_entity"])) for d in docs]
    found = np.array([k in ld.index for k in keys])
    cols = ["tone_mean", "share_positive", "share_negative"]
    mean = np.array([[float(ld.loc[k, c]) for c in cols] if f else [np.nan, 0.0, 0.0]
                     for k, f in zip(keys, found)])
    pipe = np.array([int(ld.loc[k, "label"]) if f else 0 for k, f in zip(keys, found)])
    groups = np.array([k[1].lower() for k in keys])
    out = {"n_documents": len(docs), "n_documents_person_found": int(found.sum()),
           "seconds": round(seconds, 1)}

    def entry(pred):
        return {"macro_f1": macro(y, pred),
                "predicted_counts": {str(k): int((pred == k).sum()) for k in (-1, 0, 1)}}

    out["pipeline_label"] = entry(pipe)
    cv, chosen = grouped_cv(mean, y, groups, (0.0,))
    out["grouped_cv"] = {"macro_f1": cv, "fold_thresholds": chosen}
    cv2, chosen2 = grouped_cv(mean, y, groups, POS_GRID)
    out["grouped_cv_both"] = {"macro_f1": cv2, "fold_thresholds": chosen2}
    for name, rows in (("all_rows", tone), ("symmetric_0.10", portrayal(tone))):
        pred = []
        for d in docs:
            sub = rows[(rows["doc_id"] == str(d["id"])) & (rows["actor"] == _name(d["target_entity"]))]
            pred.append(label(float(pd.to_numeric(sub["score"]).mean()) if len(sub) else np.nan))
        out[name] = entry(np.array(pred))
    out["gold_counts"] = {str(k): int((y == k).sum()) for k in (-1, 0, 1)}
    print(json.dumps(out, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
