"""Train and evaluate the relation classifier (who criticises or praises whom).

Usage (from the repository root; ``pip install -e ".[train]"``)::

    python -m analytics.training.relations              # CV on train, fit, report valid, write
    python -m analytics.training.relations --no-save --json report.json

Data: the directed-sentiment news sentences of Park, Pan and Joo (2021), "Who Blames or
Endorses Whom? Entity-to-Entity Directed Sentiment Extraction in News Text" (Findings
of ACL 2021; repository bywords/directed_sentiment_analysis, no licence stated, "use
the resources for your purposes by citing the paper"), read at run time from
``../shared/data/directed_sentiment/`` (``train.jsonl``, ``valid.jsonl``; see the
NOTICE there). Nothing of the data ships: the artefact holds feature names and
weights only.

Protocol: the regularisation ``C`` and per-class log-odds offsets (which trade the
rare classes against "none" for macro-F1) are chosen on the out-of-fold predictions of
grouped 5-fold cross-validation on the train split (groups: the sentence, normalised,
so repeated sentences never sit on both sides); the model is then fitted on all of
train and scored once on valid, which is never used for a choice. 394 valid rows share
their sentence with a train row (see the data's NOTICE), so valid is also scored on the
rows whose sentence is not in train. Deterministic (lbfgs, fixed seed, fixed grids).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from ..sentiment import classify_targets
from ..sentiment.relations import (N_DENSE, RELATION_CLASSES, RELATIONS_RESOURCE,
                                   RelationClassifier, _rule_class, pair_features)
from ..sentiment.roles import speech_acts

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "directed_sentiment"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "sentiment" / "data" / RELATIONS_RESOURCE
C_GRID = (0.1, 0.3)
MIN_DF = 2


def _extend(text: str, end: int) -> int:
    """The data's entity strings lost trailing "s" characters ("Congre[ss]"): extend."""
    while end < len(text) and text[end] == "s" and (end + 1 == len(text) or not text[end + 1].isalpha()):
        end += 1
    return end


def load(path) -> pd.DataFrame:
    """One row per labelled pair: text, first/second spans (in sentence order), label."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            t = r["sentence"]
            p = (r["p"]["start"], _extend(t, r["p"]["end"]))
            q = (r["q"]["start"], _extend(t, r["q"]["end"]))
            y = int(r["label"])
            if q[0] < p[0]:  # keep the pair in sentence order: swap the direction too
                p, q = q, p
                y = {0: 0, 1: 2, 2: 1, 3: 4, 4: 3}[y]
            rows.append({"text": t, "first": p, "second": q, "label": y,
                         "group": re.sub(r"\W+", " ", t.lower()).strip()})
    return pd.DataFrame(rows)


def features(df: pd.DataFrame) -> list:
    """:func:`pair_features` of every row (tone probabilities from the default model)."""
    texts = list(df["text"]) * 2
    spans = list(df["first"]) + list(df["second"])
    p = classify_targets(texts, spans)[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    n = len(df)
    return [pair_features(t, a, b, p[i], p[n + i])
            for i, (t, a, b) in enumerate(zip(df["text"], df["first"], df["second"]))]


def fit(feats: list, y: np.ndarray, C: float, seed: int = 0) -> RelationClassifier:
    """Fit the classifier on ``feats`` (see :func:`pair_features`)."""
    df_count: dict = {}
    for s, _d in feats:
        for k in s:
            df_count[k] = df_count.get(k, 0) + 1
    vocab = {k: i for i, k in enumerate(sorted(k for k, c in df_count.items() if c >= MIN_DF))}
    D = np.array([d for _s, d in feats], dtype=np.float64).reshape(len(feats), N_DENSE)
    mean = D.mean(axis=0)
    scale = D.std(axis=0)
    scale[scale < 1e-9] = 1.0
    X = RelationClassifier.matrix(feats, vocab, mean, scale)
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)
    lr.fit(X, y)
    coef = np.zeros((len(RELATION_CLASSES), X.shape[1]))
    icpt = np.zeros(len(RELATION_CLASSES))
    coef[lr.classes_] = lr.coef_
    icpt[lr.classes_] = lr.intercept_
    icpt[np.setdiff1d(np.arange(len(RELATION_CLASSES)), lr.classes_)] = -1e9
    return RelationClassifier(vocab, coef, icpt, mean, scale)


def class_offsets(y: np.ndarray, proba: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Per-class log-odds offsets that raise the macro-F1 of out-of-fold probabilities
    (coordinate search on a fixed grid; the first class stays at 0)."""
    logp = np.log(np.clip(proba, 1e-12, None))
    off = np.zeros(proba.shape[1])
    grid = np.round(np.arange(-1.5, 1.51, 0.25), 2)
    best = macro_f1(y, (logp + off).argmax(axis=1))
    for _ in range(rounds):
        for k in range(1, proba.shape[1]):
            for v in grid:
                trial = off.copy()
                trial[k] = v
                f = macro_f1(y, (logp + trial).argmax(axis=1))
                if f > best + 1e-9:
                    best, off = f, trial
    return off


def macro_f1(y, pred) -> float:
    """Macro-F1 over the five classes."""
    return float(f1_score(y, pred, labels=list(range(5)), average="macro", zero_division=0))


def rules_only(df: pd.DataFrame) -> np.ndarray:
    """The verb rules alone (no learning): class from :func:`speech_acts`."""
    out = []
    for t, a, b in zip(df["text"], df["first"], df["second"]):
        roles, acts = speech_acts(t, [a, b])
        out.append(_rule_class(roles, acts))
    return np.array(out)


def tone_heuristic(feats: list) -> np.ndarray:
    """The heuristic on tone scores alone: the first mention is the holder, the sign is
    the tone model's label toward the second (what a reader of the tone table gets)."""
    out = []
    for _s, d in feats:
        p2 = d[3:6]
        k = int(np.argmax(p2))
        out.append(3 if k == 0 else 1 if k == 2 else 0)
    return np.array(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics.training.relations", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="folder with train/valid.jsonl")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--json", default=None, help="write the report here")
    args = ap.parse_args(argv)
    t0 = time.time()
    train = load(Path(args.data) / "train.jsonl")
    valid = load(Path(args.data) / "valid.jsonl")
    ftr, fva = features(train), features(valid)
    print(f"features in {time.time() - t0:.0f}s", file=sys.stderr)
    y = train["label"].to_numpy()
    yv = valid["label"].to_numpy()
    groups = train["group"].to_numpy()
    cv, oof = {}, {}
    for C in C_GRID:
        proba = np.zeros((len(train), len(RELATION_CLASSES)))
        for tr, te in GroupKFold(n_splits=5).split(train, y, groups):
            m = fit([ftr[i] for i in tr], y[tr], C, args.seed)
            proba[te] = m.predict_proba([ftr[i] for i in te])
        cv[str(C)] = macro_f1(y, proba.argmax(axis=1))
        oof[C] = proba
        print(f"C={C}: grouped 5-fold CV macro-F1 {cv[str(C)]:.3f}", file=sys.stderr)
    best = max(C_GRID, key=lambda c: (cv[str(c)], -c))
    offsets = class_offsets(y, oof[best])
    cv_offsets = macro_f1(y, (np.log(np.clip(oof[best], 1e-12, None)) + offsets).argmax(axis=1))
    model = fit(ftr, y, best, args.seed)
    model.intercept = model.intercept + offsets
    pv = model.predict(fva)
    unseen = ~valid["group"].isin(set(train["group"])).to_numpy()
    report = {
        "cv_macro_f1_train": cv, "C": best, "class_offsets": [float(x) for x in offsets],
        "cv_macro_f1_train_with_offsets": cv_offsets,
        "valid_macro_f1": macro_f1(yv, pv),
        "valid_unseen_sentences_macro_f1": macro_f1(yv[unseen], pv[unseen]),
        "n_valid_unseen": int(unseen.sum()),
        "valid_per_class_f1": [float(x) for x in f1_score(yv, pv, labels=list(range(5)),
                                                           average=None, zero_division=0)],
        "valid_rules_only_macro_f1": macro_f1(yv, rules_only(valid)),
        "valid_tone_heuristic_macro_f1": macro_f1(yv, tone_heuristic(fva)),
        "n_train": int(len(train)), "n_valid": int(len(valid)),
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(report, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    if not args.no_save:
        model.metadata = {"trained_on": "directed_sentiment train split (Park, Pan and Joo "
                                        "2021, Findings of ACL; cite the paper)",
                          "C": best, "cv_macro_f1": cv[str(best)],
                          "class_offsets": report["class_offsets"],
                          "valid_macro_f1": report["valid_macro_f1"], "seed": args.seed}
        model.save(args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
