"""The target-dependent sentiment estimator and its pickle-free artefact.

:class:`TargetSentimentClassifier` is a scikit-learn style estimator: hyper-parameters
in ``__init__``, fitted attributes ending in ``_``, ``fit`` / ``predict`` /
``predict_proba`` / ``decision_function``. ``X`` is a sequence of ``(text, start, end)``
triples (or a DataFrame with columns ``text``, ``start``, ``end``); labels are
-1 (negative), 0 (neutral), +1 (positive).

The fitted model serialises to a single ``.npz`` file (numeric arrays, the vocabulary
as a unicode array and the parameters as a JSON string) that is read back with
``numpy.load(..., allow_pickle=False)``: loading never executes code.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

from .features import DENSE
from .space import BLOCKS, FeatureSpace

ARTEFACT_FORMAT = 1
LABELS = np.array([-1, 0, 1])


def _as_triples(X, spans=None):
    """Return (texts, spans) lists from the accepted ``X`` forms."""
    if spans is not None:
        texts = list(X)
        spans = [(int(s), int(e)) for s, e in spans]
        if len(texts) != len(spans):
            raise ValueError(f"{len(texts)} texts but {len(spans)} spans")
        return texts, spans
    if isinstance(X, pd.DataFrame):
        return list(X["text"].astype(str)), list(zip(X["start"].astype(int), X["end"].astype(int)))
    texts, spans = [], []
    for row in X:
        t, s, e = row
        texts.append(str(t))
        spans.append((int(s), int(e)))
    return texts, spans


class TargetSentimentClassifier(ClassifierMixin, BaseEstimator):
    """Target-dependent three-class sentiment (negative / neutral / positive).

    A multinomial logistic regression over target-marked n-grams, a distance-weighted
    context window, the target's clause, agent/patient cues and dense VADER-lexicon
    features (see :mod:`analytics.sentiment.features`).

    Parameters
    ----------
    C : float
        Inverse L2 regularisation strength of the logistic regression.
    window : int
        Number of tokens on each side of the target in the window block.
    mask_entities : bool
        Replace other capitalised name-like tokens with ``<e>``.
    min_df : int
        Minimum number of training examples a feature must occur in.
    block_weights : dict or None
        Weights of the feature blocks ``ngram``, ``window``, ``clause``, ``cue`` and
        ``dense``; ``None`` uses the defaults.
    class_weight : "balanced", dict or None
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.
    max_iter : int
        Solver iterations.
    random_state : int or None
        Seed (the solver is deterministic; kept for API symmetry and future solvers).

    Attributes
    ----------
    classes_ : ndarray of shape (3,)
        ``[-1, 0, 1]``.
    features_ : FeatureSpace
        The fitted vectoriser.
    coef_ : ndarray of shape (3, n_features)
    intercept_ : ndarray of shape (3,)
    n_features_in_ : int
    """

    def __init__(self, C=1.0, window=6, mask_entities=True, min_df=2, block_weights=None,
                 class_weight="balanced", max_iter=2000, random_state=0):
        self.C = C
        self.window = window
        self.mask_entities = mask_entities
        self.min_df = min_df
        self.block_weights = block_weights
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    # ----------------------------------------------------------------- fitting
    def _space(self) -> FeatureSpace:
        fs = FeatureSpace(window=self.window, mask_entities=self.mask_entities,
                          min_df=self.min_df)
        if self.block_weights:
            fs.block_weights = {**fs.block_weights, **self.block_weights}
        return fs

    def fit(self, X, y, sample_weight=None):
        """Fit on ``X`` (``(text, start, end)`` triples) and labels ``y`` in {-1, 0, 1}."""
        texts, spans = _as_triples(X)
        y = np.asarray(y).astype(int)
        if not set(np.unique(y)) <= {-1, 0, 1}:
            raise ValueError("labels must be -1, 0 or 1")
        fs = self._space()
        M = fs.fit(texts, spans)
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                max_iter=self.max_iter, random_state=self.random_state)
        lr.fit(M, y, sample_weight=sample_weight)
        self.features_ = fs
        self.classes_ = lr.classes_
        self.coef_ = lr.coef_
        self.intercept_ = lr.intercept_
        self.n_features_in_ = M.shape[1]
        return self

    # --------------------------------------------------------------- inference
    def _check(self):
        if not hasattr(self, "coef_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("TargetSentimentClassifier is not fitted")

    def transform_features(self, X, spans=None):
        """The design matrix (sparse) of ``X``."""
        self._check()
        texts, spans = _as_triples(X, spans)
        return self.features_.transform(texts, spans)

    def decision_function(self, X, spans=None):
        M = self.transform_features(X, spans)
        return np.asarray(M @ self.coef_.T) + self.intercept_

    def predict_proba(self, X, spans=None):
        """Class probabilities, columns in the order of ``classes_`` (-1, 0, 1)."""
        z = self.decision_function(X, spans)
        if z.shape[0] == 0:
            return np.zeros((0, len(self.classes_)))
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, X, spans=None):
        p = self.predict_proba(X, spans)
        if p.shape[0] == 0:
            return np.zeros(0, dtype=int)
        return self.classes_[p.argmax(axis=1)].astype(int)

    # ------------------------------------------------------------ persistence
    def save(self, path, *, prune: float = 0.0, metadata: dict | None = None) -> Path:
        """Write the fitted model to ``path`` (``.npz``, no pickle).

        ``prune`` drops vocabulary entries whose largest absolute coefficient is below
        it (keeps the artefact small; 0 keeps everything).
        """
        self._check()
        fs = self.features_
        nv = len(fs.vocabulary)
        names = np.empty(nv, dtype=object)
        for name, j in fs.vocabulary.items():
            names[j] = name
        coef = np.asarray(self.coef_, dtype=np.float64)
        keep = np.ones(nv, dtype=bool)
        if prune > 0:
            keep = np.abs(coef[:, :nv]).max(axis=0) >= prune
        params = {
            "format": ARTEFACT_FORMAT,
            "params": self.get_params(),
            "window": fs.window,
            "mask_entities": fs.mask_entities,
            "min_df": fs.min_df,
            "block_weights": fs.block_weights,
            "blocks": list(BLOCKS),
            "dense": list(DENSE),
            "metadata": metadata or {},
        }
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            vocabulary=np.array([str(x) for x in names[keep]], dtype=str),
            idf=fs.idf[keep].astype(np.float32),
            block_of=fs.block_of[keep],
            dense_mean=fs.dense_mean.astype(np.float64),
            dense_scale=fs.dense_scale.astype(np.float64),
            coef_sparse=coef[:, :nv][:, keep].astype(np.float32),
            coef_dense=coef[:, nv:].astype(np.float64),
            intercept=np.asarray(self.intercept_, dtype=np.float64),
            classes=np.asarray(self.classes_, dtype=np.int64),
            params=np.array(json.dumps(params, sort_keys=True)),
        )
        return path

    @classmethod
    def load(cls, path_or_file) -> "TargetSentimentClassifier":
        """Read a model written by :meth:`save` (``allow_pickle=False``)."""
        with np.load(path_or_file, allow_pickle=False) as z:
            params = json.loads(str(z["params"]))
            if params.get("format") != ARTEFACT_FORMAT:
                raise ValueError(f"unsupported sentiment artefact format {params.get('format')}")
            if params.get("dense") != list(DENSE):
                raise ValueError("sentiment artefact was built with other dense features")
            p = dict(params["params"])
            model = cls(**p)
            fs = FeatureSpace(window=params["window"], mask_entities=params["mask_entities"],
                              min_df=params["min_df"])
            fs.block_weights = dict(params["block_weights"])
            vocab = [str(v) for v in z["vocabulary"]]
            fs.vocabulary = {name: i for i, name in enumerate(vocab)}
            fs.idf = z["idf"].astype(np.float64)
            fs.block_of = z["block_of"].astype(np.int8)
            fs.dense_mean = z["dense_mean"]
            fs.dense_scale = z["dense_scale"]
            model.features_ = fs
            model.coef_ = np.hstack([z["coef_sparse"].astype(np.float64), z["coef_dense"]])
            model.intercept_ = z["intercept"]
            model.classes_ = z["classes"]
            model.n_features_in_ = model.coef_.shape[1]
            model.metadata_ = params.get("metadata", {})
        return model
