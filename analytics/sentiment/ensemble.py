"""Weighted geometric-mean ensemble of fitted target-sentiment classifiers.

The shipped default is ``TargetEnsemble([("linear", TargetSentimentClassifier),
("bigru", NeuralTargetClassifier)])``: the two models make different mistakes (sparse
lexical cues versus a recurrent reading of the sentence around the target), and
averaging their log-probabilities beats either one (see ``benchmarks/SENTIMENT.md``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .model import LABELS

#: weights of (linear, neural) in the shipped default ensemble: equal, fixed before
#: looking at cross-validation (see ``benchmarks/SENTIMENT.md``)
DEFAULT_WEIGHTS = (0.5, 0.5)


def geometric_mean(probas: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """Normalised weighted geometric mean of class-probability matrices."""
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    logp = sum(wi * np.log(np.clip(p, 1e-12, None)) for wi, p in zip(w, probas))
    logp = logp - logp.max(axis=1, keepdims=True)
    p = np.exp(logp)
    return p / p.sum(axis=1, keepdims=True)


class TargetEnsemble(ClassifierMixin, BaseEstimator):
    """Average the log-probabilities of several target-sentiment classifiers.

    Parameters
    ----------
    estimators : list of (str, estimator)
        Named classifiers with ``predict_proba(texts, spans)`` and ``classes_`` equal to
        ``[-1, 0, 1]``.
    weights : sequence of float or None
        Weight of each estimator (normalised); ``None`` weighs them equally.

    Attributes
    ----------
    classes_ : ndarray of shape (3,)
        ``[-1, 0, 1]``.
    named_estimators_ : dict
        The fitted estimators by name.
    """

    def __init__(self, estimators, weights=None):
        self.estimators = estimators
        self.weights = weights

    def fit(self, X, y, sample_weight=None):
        """Fit every estimator on the same data."""
        for _, est in self.estimators:
            est.fit(X, y, sample_weight=sample_weight)
        self._set_fitted()
        return self

    def _set_fitted(self):
        for name, est in self.estimators:
            if list(np.asarray(est.classes_).astype(int)) != list(LABELS):
                raise ValueError(f"estimator {name!r} has classes {est.classes_}, expected [-1, 0, 1]")
        self.named_estimators_ = dict(self.estimators)
        self.classes_ = LABELS.copy()
        return self

    @classmethod
    def from_fitted(cls, estimators, weights=None) -> "TargetEnsemble":
        """Wrap already fitted estimators."""
        return cls(list(estimators), weights)._set_fitted()

    def predict_proba(self, X, spans=None) -> np.ndarray:
        """Class probabilities (columns -1, 0, 1)."""
        if not hasattr(self, "classes_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("TargetEnsemble is not fitted")
        w = self.weights if self.weights is not None else [1.0] * len(self.estimators)
        return geometric_mean([est.predict_proba(X, spans) for _, est in self.estimators], w)

    def predict(self, X, spans=None) -> np.ndarray:
        """Labels in {-1, 0, 1}."""
        return self.classes_[self.predict_proba(X, spans).argmax(axis=1)].astype(int)
