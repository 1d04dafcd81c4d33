"""The topic methods of :class:`~analytics.topics.model.TopicModel`: fit and weigh.

``"nmf"``: TF-IDF + NMF (MiniBatchNMF for large corpora); ``"lda"``: counts + LDA
(online LDA for large corpora); ``"kmeans"``: TF-IDF + LSA + (MiniBatch)KMeans with soft
memberships. :func:`fit_method` fits one on the rows used for fitting;
:func:`doc_topic_weights` gives every row its unnormalised topic weights.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize

#: the ``method`` values of :class:`~analytics.topics.model.TopicModel`
METHODS = ("nmf", "lda", "kmeans")


def fit_method(method: str, Xf, k: int, random_state: int, large: bool,
               max_iter: int | None = None):
    """Fit topic ``method`` with ``k`` topics on the term matrix ``Xf``.

    Parameters
    ----------
    method : {"nmf", "lda", "kmeans"}
        The topic method.
    Xf : sparse matrix
        Weighted term matrix of the texts used for fitting (TF-IDF, or counts for LDA).
    k : int
        Number of topics.
    random_state : int
        Seed of every randomised step.
    large : bool
        Use the mini-batch / online variant.
    max_iter : int, optional
        Iterations of the (non mini-batch) NMF (default 400).

    Returns
    -------
    model : estimator
        The fitted scikit-learn model.
    components : ndarray
        Topic-term weights, shape ``(k, n_terms)``.
    svd : TruncatedSVD or None
        The LSA projection (``"kmeans"`` only).
    """
    rs = random_state
    svd = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "nmf":
            if large:
                m = MiniBatchNMF(n_components=k, init="nndsvda", random_state=rs,
                                 batch_size=2048, max_iter=30)
            else:
                m = NMF(n_components=k, init="nndsvda", random_state=rs,
                        max_iter=max_iter or 400)
            m.fit(Xf)
            return m, m.components_, svd
        if method == "lda":
            m = LatentDirichletAllocation(
                n_components=k, random_state=rs, doc_topic_prior=min(0.1, 1.0 / k),
                topic_word_prior=0.01,
                learning_method="online" if large else "batch",
                max_iter=10 if large else 50, batch_size=2048, n_jobs=1)
            m.fit(Xf)
            return m, m.components_ / m.components_.sum(axis=1, keepdims=True), svd
        # kmeans
        dims = min(100, Xf.shape[0] - 1, Xf.shape[1] - 1)
        svd = TruncatedSVD(n_components=dims, random_state=rs) if dims >= 2 else None
        Z = embed(svd, Xf, fit=True)
        if large:
            m = MiniBatchKMeans(n_clusters=k, random_state=rs, n_init=3, batch_size=4096)
        else:
            m = KMeans(n_clusters=k, random_state=rs, n_init=10)
        lab = m.fit_predict(Z)
        onehot = sp.csr_matrix((np.ones(len(lab)), (lab, np.arange(len(lab)))),
                               shape=(k, len(lab)))
        sizes = np.maximum(np.asarray(onehot.sum(axis=1)).ravel(), 1)
        return m, np.asarray((onehot @ Xf).todense()) / sizes[:, None], svd


def embed(svd, X, fit: bool = False) -> np.ndarray:
    """Rows of ``X`` in the LSA space of ``svd`` (or as they are), L2-normalised."""
    if svd is None:
        return normalize(X).toarray() if sp.issparse(X) else normalize(X)
    Z = svd.fit_transform(X) if fit else svd.transform(X)
    return normalize(Z)


def doc_topic_weights(method: str, model, components: np.ndarray, svd, X, k: int) -> np.ndarray:
    """Unnormalised topic weights for every row of ``X`` (zero rows stay zero).

    ``model``, ``components`` and ``svd`` are what :func:`fit_method` returned (``model``
    None: nothing was fitted, every weight is zero).
    """
    n = X.shape[0]
    W = np.zeros((n, k))
    rows = np.flatnonzero(np.diff(X.tocsr().indptr) > 0)
    if len(rows) == 0 or model is None:
        return W
    Xr = X[rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if method == "nmf":
            # NMF leaves the scale of W and H free: express the weights on topics
            # whose term weights sum to 1, so a weight is the share of the text's
            # TF-IDF mass the topic explains and weights compare across topics
            # (taking argmax of raw W favours topics with small H rows and splits
            # big sections; see benchmarks/TOPICS.md)
            W[rows] = model.transform(Xr) * components.sum(axis=1)
        elif method == "lda":
            W[rows] = model.transform(Xr)
        else:
            Z = embed(svd, Xr)
            d2 = ((Z[:, None, :] - model.cluster_centers_[None, :, :]) ** 2).sum(-1) \
                if len(rows) * k < 5_000_000 else model.transform(Z) ** 2
            logits = -(d2 - d2.min(axis=1, keepdims=True)) / 0.05
            E = np.exp(logits)
            W[rows] = E / E.sum(axis=1, keepdims=True)
    return W
