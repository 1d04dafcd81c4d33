"""Assembly of the feature blocks: :class:`FeatureSpace`, the fixed-vocabulary vectoriser.

The sparse blocks (n-grams, window, clause, cues) and the dense block of
:mod:`analytics.sentiment.features` become one weighted matrix with IDF weights and
per-block weights; the fitted space serialises to JSON / NPZ without pickle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from ..text import normalize
from .features import DENSE, dense_features, sparse_features
from .tokens import mask

BLOCKS = ("ngram", "window", "clause", "cue")


@dataclass
class FeatureSpace:
    """Fixed-vocabulary vectoriser for the four sparse blocks plus the dense block.

    Sparse blocks: sublinear TF times IDF, L2-normalised per block, multiplied by the
    block weight. Dense block: standardised (mean/scale learnt in :meth:`fit`) times
    its weight.
    """

    window: int = 6
    mask_entities: bool = True
    min_df: int = 2
    block_weights: dict = field(default_factory=lambda: {
        "ngram": 1.0, "window": 1.0, "clause": 0.5, "cue": 0.7, "dense": 0.5,
    })
    vocabulary: dict = field(default_factory=dict)  # name -> column
    idf: np.ndarray | None = None
    block_of: np.ndarray | None = None  # column -> block index
    dense_mean: np.ndarray | None = None
    dense_scale: np.ndarray | None = None

    # ---- analysis
    def analyse(self, texts, spans):
        """Per example: (list of (block, name, weight)), dense vector."""
        out = []
        dense = np.zeros((len(texts), len(DENSE)), dtype=np.float64)
        for k, (text, (s, e)) in enumerate(zip(texts, spans)):
            text = normalize(str(text))
            ex = mask(text, s, e, self.mask_entities)
            grams, win, clause, cues = sparse_features(ex, self.window)
            feats = {}
            for g in grams:
                key = (0, g)
                feats[key] = feats.get(key, 0.0) + 1.0
            for g, w in win:
                key = (1, g)
                feats[key] = max(feats.get(key, 0.0), w)
            for g in clause:
                key = (2, g)
                feats[key] = feats.get(key, 0.0) + 1.0
            for g in cues:
                feats[(3, g)] = 1.0
            out.append(feats)
            dense[k] = dense_features(text, ex, self.window)
        return out, dense

    def fit(self, texts, spans):
        feats, dense = self.analyse(texts, spans)
        df: dict = {}
        for f in feats:
            for key in f:
                df[key] = df.get(key, 0) + 1
        keys = sorted(k for k, c in df.items() if c >= self.min_df)
        self.vocabulary = {f"{b}|{name}": i for i, (b, name) in enumerate(keys)}
        self._index = None
        n = len(feats)
        self.idf = np.array(
            [math.log((1 + n) / (1 + df[k])) + 1.0 for k in keys], dtype=np.float64
        )
        self.block_of = np.array([b for b, _ in keys], dtype=np.int8)
        self.dense_mean = dense.mean(axis=0)
        sc = dense.std(axis=0)
        sc[sc < 1e-9] = 1.0
        self.dense_scale = sc
        return self._assemble(feats, dense)

    def transform(self, texts, spans):
        feats, dense = self.analyse(texts, spans)
        return self._assemble(feats, dense)

    def _key_index(self) -> dict:
        """``{(block, name): column}`` view of :attr:`vocabulary` (built once)."""
        idx = getattr(self, "_index", None)
        if idx is None or len(idx) != len(self.vocabulary):
            idx = {}
            for key, j in self.vocabulary.items():
                b, name = key.split("|", 1)
                idx[(int(b), name)] = j
            self._index = idx
        return idx

    def _assemble(self, feats, dense):
        vocab = self.vocabulary
        get = self._key_index().get
        n = len(feats)
        keys: list = []
        raw: list = []
        for f in feats:
            keys.extend(f)
            raw.extend(f.values())
        lens = np.fromiter((len(f) for f in feats), dtype=np.int64, count=n)
        cols = np.fromiter((get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        blocks = np.fromiter((k[0] for k in keys), dtype=np.int8, count=len(keys))
        rows = np.repeat(np.arange(n, dtype=np.int64), lens)
        keep = cols >= 0
        rows, cols, blocks = rows[keep], cols[keep], blocks[keep]
        vals = np.asarray(raw, dtype=np.float64)[keep]
        counted = (blocks == 0) | (blocks == 2)  # sublinear term frequency
        vals[counted] = 1.0 + np.log(vals[counted])
        vals = vals * self.idf[cols]
        nv = len(vocab)
        X = sp.csr_matrix((vals, (rows, cols)), shape=(n, nv))
        # per-block L2 normalisation and block weights
        if nv:
            X.sum_duplicates()
            blk = self.block_of[X.indices]
            sq = X.data ** 2
            norms = np.zeros((n, len(BLOCKS)))
            row_of = np.repeat(np.arange(n), np.diff(X.indptr))
            np.add.at(norms, (row_of, blk), sq)
            norms = np.sqrt(norms)
            norms[norms == 0] = 1.0
            bw = np.array([self.block_weights[b] for b in BLOCKS])
            X.data = X.data / norms[row_of, blk] * bw[blk]
        D = (dense - self.dense_mean) / self.dense_scale * self.block_weights["dense"]
        return sp.hstack([X, sp.csr_matrix(D)], format="csr")

    @property
    def n_features(self) -> int:
        return len(self.vocabulary) + len(DENSE)
