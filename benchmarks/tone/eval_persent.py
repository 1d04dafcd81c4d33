"""Document-level tone toward the main person on PerSenT dev, from the pipeline's tables.

    python benchmarks/tone/eval_persent.py [--data ../shared/data/persent/dev.jsonl]

Each PerSenT document names one main person (``target_entity``). The script writes a
registry with those persons, runs :func:`analytics.analyze` on the documents (text as
published; nothing of it is copied into the repository) and reads the per-document
tone of the main person from ``leader_documents`` (portrayal rows: target and present)
and, for comparison, from every row including the ones where the person is the source
(what the package reported before tone roles). A document's label is the sign of its
mean tone with a dead zone of +-0.10 (fixed before looking at the data); documents in
which the pipeline finds no mention of the person count as neutral.

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


def _name(entity: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s.'-]", " ", str(entity))).strip()


def label(mean: float) -> int:
    return 0 if not np.isfinite(mean) or abs(mean) <= DEAD_ZONE else int(np.sign(mean))


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
    y = np.array([int(d["label"]) for d in docs])
    out = {"n_documents": len(docs), "seconds": round(seconds, 1)}
    for name, rows in (("all_rows", tone), ("portrayal_rows", portrayal(tone))):
        pred = []
        for d in docs:
            sub = rows[(rows["doc_id"] == str(d["id"])) & (rows["actor"] == _name(d["target_entity"]))]
            pred.append(label(float(pd.to_numeric(sub["score"]).mean()) if len(sub) else np.nan))
        pred = np.array(pred)
        out[name] = {"macro_f1": float(f1_score(y, pred, average="macro")),
                     "predicted_counts": {str(k): int((pred == k).sum()) for k in (-1, 0, 1)}}
    out["gold_counts"] = {str(k): int((y == k).sum()) for k in (-1, 0, 1)}
    print(json.dumps(out, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
