"""Choosing the number of topics automatically.

For each candidate k an NMF model (NNDSVDa initialisation) is fitted on a sample of
the TF-IDF matrix (at most ``sample`` texts, the ``max_terms`` most frequent terms)
and scored by

* ``stability``: the model is re-fitted on ``n_boot`` random 80 % sub-samples with
  *random* initialisation (with too few topics, runs merge different clusters);
  the topics of each re-fit are matched to the reference topics (Hungarian
  assignment) and their top-term sets compared with the Jaccard index (Greene,
  O'Callaghan & Cunningham 2014, "How many topics? Stability analysis for topic
  models"); ``agreement`` is the adjusted Rand index between the reference and
  re-fit clusterings of the same texts;
* ``coherence``: mean NPMI of the top-term pairs, from document co-occurrence in
  the sample (Bouma 2009; Lau et al. 2014);
* ``separation``: silhouette of the argmax clustering under cosine distance.

Clusterings take the argmax of ``W * H.sum(axis=1)`` (weights on unit-mass topics),
as :class:`~analytics.topics.TopicModel` does. The search's NMFs and adjusted Rand
indices are computed by lean versions of scikit-learn's (the same numbers, bit for bit:
``_nmf``, ``_ari``), since on the search's small matrices scikit-learn's per-call checks
cost more than the arithmetic.

``score`` combines them (see :func:`combine`); the k with the highest score wins.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from sklearn.metrics.pairwise import cosine_distances


#: Initialisation of the sub-sample re-fits (random: see :func:`search_k`).
INIT = "random"
TOL = 1e-4
#: Iterations of each NMF of the search: the candidates are compared, not finished.
SEARCH_ITER = 50


def candidate_ks(n: int, k_range=None, k_cap: int = 20) -> list[int]:
    """Candidate numbers of topics for ``n`` fitting texts."""
    if k_range is not None:
        lo, hi = int(k_range[0]), int(k_range[1])
    else:
        lo, hi = 2, int(np.clip(round(np.sqrt(n)), 2, k_cap))
    hi = min(hi, max(1, n // 3))
    lo = max(1, min(lo, hi))
    # every k up to 10, then every second one (the search cost grows with k)
    return [k for k in range(lo, hi + 1) if k <= 10 or k % 2 == 0 or k == hi]


try:  # the steps of scikit-learn's coordinate-descent NMF (see _nmf)
    from sklearn.decomposition._cdnmf_fast import _update_cdnmf_fast
    from sklearn.decomposition._nmf import _initialize_nmf
except ImportError:  # pragma: no cover - a scikit-learn without these private helpers
    _update_cdnmf_fast = _initialize_nmf = None


def _nmf_sklearn(X, k, rs, max_iter=100, init="nndsvda"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        # a perfect fit can give a tiny negative squared error (sqrt warning): harmless
        warnings.simplefilter("ignore", RuntimeWarning)
        m = NMF(n_components=k, init=init, random_state=rs, max_iter=max_iter, tol=TOL)
        W = m.fit_transform(X)
    return W, m.components_


def _nmf(X, k, rs, max_iter=100, init="nndsvda"):
    """``(W, H)`` of ``NMF(k, init, random_state=rs, max_iter, tol=TOL).fit_transform(X)``.

    The same initialisation, coordinate-descent updates and stopping rule as
    scikit-learn's NMF (solver ``"cd"``, no regularisation, no shuffling), so the same
    numbers, without the per-iteration overhead that dominates on the small matrices of
    the search (checks, a transposed copy of ``X`` made twice per iteration) and without
    the reconstruction error the search does not use. ``X`` is a CSR matrix.
    """
    if _update_cdnmf_fast is None or not sp.issparse(X):  # pragma: no cover
        return _nmf_sklearn(X, k, rs, max_iter=max_iter, init=init)
    X = X.tocsr()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        W, H = _initialize_nmf(X, k, init=init, random_state=rs)
    W = np.ascontiguousarray(W)
    Ht = np.ascontiguousarray(H.T)
    XT = X.T  # the same (CSC) operand scikit-learn builds at every iteration
    order = np.arange(k, dtype=np.intp)
    first = None
    for _ in range(max_iter):
        violation = _update_cdnmf_fast(W, np.dot(Ht.T, Ht), X @ Ht, order)
        violation += _update_cdnmf_fast(Ht, np.dot(W.T, W), XT @ W, order)
        if first is None:
            first = violation
        if first == 0 or violation / first <= TOL:
            break
    return W, Ht.T


def _ari(labels_true: np.ndarray, labels_pred: np.ndarray) -> float:
    """Adjusted Rand index, the same number as scikit-learn's ``adjusted_rand_score``.

    The same pair counts in exact integer arithmetic, without the input checks that
    cost more than the computation on the search's small clusterings.
    """
    n = len(labels_true)
    _, a = np.unique(labels_true, return_inverse=True)
    _, b = np.unique(labels_pred, return_inverse=True)
    a, b = a.ravel().astype(np.int64), b.ravel().astype(np.int64)
    cells = np.bincount(a * (int(b.max(initial=0)) + 1) + b).astype(np.int64)
    ss = int((cells ** 2).sum())
    fp = int((np.bincount(b).astype(np.int64) ** 2).sum()) - ss
    fn = int((np.bincount(a).astype(np.int64) ** 2).sum()) - ss
    tp = ss - n
    tn = n * n - fp - fn - ss
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def _top_sets(H, n_terms):
    return [set(np.argsort(-h, kind="stable")[:n_terms].tolist()) for h in H]


def _matched_jaccard(ref, other) -> float:
    k = len(ref)
    J = np.zeros((k, len(other)))
    for i, a in enumerate(ref):
        for j, b in enumerate(other):
            J[i, j] = len(a & b) / max(len(a | b), 1)
    r, c = linear_sum_assignment(-J)
    return float(J[r, c].sum() / k)


def _npmi_coherence(B, sets) -> float:
    """Mean NPMI of top-term pairs; ``B`` is a binary (docs x terms) CSC matrix."""
    n = B.shape[0]
    vals = []
    for s in sets:
        idx = sorted(s)
        sub = B[:, idx]
        co = np.asarray((sub.T @ sub).todense(), dtype=float)
        df = np.diag(co).copy()
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                if df[a] == 0 or df[b] == 0:
                    continue
                pab = (co[a, b] + 1e-2) / n
                pmi = np.log(pab / (df[a] / n * df[b] / n))
                vals.append(pmi / -np.log(pab) if pab < 1 else 0.0)
    return float(np.mean(vals)) if vals else 0.0


def combine(df: pd.DataFrame) -> pd.Series:
    """Score = (1 - 1/k) * stability + coherence + separation.

    * stability: mean of the top-term Jaccard and the ARI agreement, in [0, 1];
    * ``(1 - 1/k)`` discounts coarse partitions: a split of the corpus in two is
      nearly always stable (e.g. "sport" against "everything else") but merges
      sections; ``1/k`` is the chance that two texts share a cluster of a random
      balanced k-partition. Under-splitting also costs more than over-splitting
      (for readers, and for NMI against sections), so the prior leans that way;
    * coherence: NPMI of the top terms (rises while topics get more specific);
    * separation: cosine silhouette of the argmax clustering.

    Checked on the hand-written 5-section corpus, a held-out real-text corpus
    (Debian fortunes bundled by category) and synthetic themes
    (benchmarks/TOPICS.md).
    """
    k = df["k"].astype(float)
    stab = 0.5 * (df["stability"] + df["agreement"])
    return (1.0 - 1.0 / k) * stab + df["coherence"] + df["separation"]


def search_k(X, ks, *, random_state=0, sample=2000, n_boot=2, n_terms=10,
             frac=0.8, max_terms=3000, max_iter=SEARCH_ITER) -> pd.DataFrame:
    """Score each candidate k (see module docstring); returns a DataFrame.

    Every NMF of the search runs at most ``max_iter`` iterations: the candidates are
    compared with each other, a converged fit is not needed for that.

    Columns: ``k, stability, agreement, coherence, separation, largest, score``
    (``largest``: share of the sample in the largest topic of the reference fit). Candidates
    larger than the number of texts or terms left in the sample are skipped (the
    frame may then be empty).
    """
    rng = np.random.RandomState(random_state)
    X = sp.csr_matrix(X)
    n = X.shape[0]
    if n > sample:
        X = X[np.sort(rng.choice(n, sample, replace=False))]
        n = sample
    df = np.asarray((X != 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df > 0)
    if len(keep) > max_terms:  # the most frequent terms carry the topic structure
        keep = np.sort(np.argsort(-df, kind="stable")[:max_terms])
    X = X[:, keep]
    X = X[np.flatnonzero(np.diff(X.indptr) > 0)]
    n = X.shape[0]
    ks = [k for k in ks if 1 <= k <= min(X.shape)]
    if not ks or n < 2:
        return pd.DataFrame(columns=["k", "stability", "agreement", "coherence", "separation",
                                     "largest", "score"])
    B = (X != 0).astype(np.float32).tocsc()
    D = cosine_distances(X)
    np.fill_diagonal(D, 0.0)
    subs = [np.sort(rng.choice(n, max(2, int(frac * n)), replace=False)) for _ in range(n_boot)]
    rows = []
    for k in ks:
        W, H = _nmf(X, k, random_state, max_iter=max_iter)
        labels = (W * H.sum(axis=1)).argmax(axis=1)  # weights on unit-mass topics
        ref = _top_sets(H, n_terms)
        jac, ari = [], []
        for b, sub in enumerate(subs):
            # random initialisation: with too few topics different runs merge
            # different clusters, which shows up as instability
            Ws, Hs = _nmf(X[sub], k, random_state + 1 + b, max_iter=max_iter, init=INIT)
            jac.append(_matched_jaccard(ref, _top_sets(Hs, n_terms)))
            ari.append(_ari(labels[sub], (Ws * Hs.sum(axis=1)).argmax(axis=1)))
        n_lab = len(np.unique(labels))
        sep = silhouette_score(D, labels, metric="precomputed") if 1 < n_lab < n else 0.0
        rows.append({
            "k": k,
            "stability": float(np.mean(jac)),
            "agreement": float(np.mean(ari)),
            "coherence": _npmi_coherence(B, ref),
            "separation": float(sep),
            "largest": float(np.bincount(labels).max() / n),
        })
    df = pd.DataFrame(rows)
    df["score"] = combine(df)
    return df
