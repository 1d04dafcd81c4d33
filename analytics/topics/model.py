"""The :class:`TopicModel` estimator (scikit-learn style).

Pipeline inside :meth:`TopicModel.fit`:

1. :class:`~analytics.topics.vectorize.NewsVectorizer` builds a news-aware term
   matrix (content words + collocation phrases; boilerplate, numbers, stop words and
   news function words dropped; optional masked names).
2. Texts with fewer than ``min_terms`` content terms, and verbatim duplicates, are
   *not used to fit* (they are too short or would over-weight repeated boilerplate);
   they are assigned afterwards like new texts (:meth:`transform`). A text with no
   content term at all gets topic ``-1`` and a zero ``doc_topic_`` row.
3. ``n_topics="auto"``: :func:`analytics.topics.selection.search_k` scores each
   candidate k on a sample (topic stability across sub-samples, coherence and
   cluster separation) and the best k is used; the scores are in ``k_scores_``.
4. The model (``method``): ``"nmf"`` TF-IDF + NMF (MiniBatchNMF for large corpora),
   ``"lda"`` counts + LDA (online LDA for large corpora), ``"kmeans"`` TF-IDF + LSA +
   (MiniBatch)KMeans with soft memberships (:mod:`analytics.topics.methods`).
"""

from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ..errors import InputError
from .labels import make_labels, term_weights, top_term_indices
from .methods import METHODS, doc_topic_weights, fit_method
from .selection import candidate_ks, search_k
from .vectorize import NewsVectorizer

def one_blas_thread():
    """Context limiting BLAS and OpenMP pools to one thread.

    Topic fitting is many small matrix products: extra threads buy little on an idle
    machine and cost much when other work competes for the cores (threads wait for
    each other), and one thread keeps the floating-point summation order fixed.
    """
    return threadpool_limits(limits=1)


class TopicWarning(UserWarning):
    """The corpus is too small (or too uniform) for the requested number of topics."""


#: Largest seed accepted (the seeds of NumPy's and scikit-learn's generators).
MAX_RANDOM_STATE = 2**32 - 1


def validate_random_state(random_state) -> int:
    """Validate a seed: a non-negative integer below 2**32.

    Parameters
    ----------
    random_state : int
        The seed.

    Returns
    -------
    int

    Raises
    ------
    InputError
        For a negative, too large or non-integer value (``None`` and ``True``
        included).
    """
    is_int = isinstance(random_state, (int, np.integer)) \
        and not isinstance(random_state, (bool, np.bool_))
    if not is_int or not 0 <= int(random_state) <= MAX_RANDOM_STATE:
        raise InputError(f"random_state must be a non-negative integer (at most "
                         f"{MAX_RANDOM_STATE}), got {random_state!r}")
    return int(random_state)


def _distinct_rows(X, rows: np.ndarray, limit: int) -> int:
    """Number of distinct rows of sparse ``X`` among ``rows``, counting up to ``limit``."""
    X = X.tocsr()
    seen: set[tuple[bytes, bytes]] = set()
    for i in rows:
        a, b = X.indptr[i], X.indptr[i + 1]
        seen.add((X.indices[a:b].tobytes(), X.data[a:b].tobytes()))
        if len(seen) >= limit:
            break
    return len(seen)


def _as_texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of strings, not a single string")
    out = []
    for t in texts:
        if t is None or (isinstance(t, float) and np.isnan(t)):
            out.append("")
        else:
            out.append(str(t))
    return out


class TopicModel(TransformerMixin, BaseEstimator):
    """Topic clusters for news texts (whole articles or paragraphs).

    Parameters
    ----------
    n_topics : int or "auto"
        Number of topics; ``"auto"`` chooses it (see ``k_scores_``).
    method : {"nmf", "lda", "kmeans"}
        ``"nmf"``: TF-IDF + non-negative matrix factorisation (default);
        ``"lda"``: term counts + latent Dirichlet allocation; ``"kmeans"``: TF-IDF
        + LSA + k-means (hard clusters with soft memberships).
    random_state : int
        Seed for every random step (results are deterministic for a fixed seed).
    mask_terms : iterable of str, optional
        Surface forms removed before modelling (e.g. actor names), so topics
        describe issues rather than people.
    k_range : (int, int), optional
        Candidate range for ``n_topics="auto"`` (default: 2 .. a bound growing
        with the square root of the corpus size, at most 20).
    min_terms : int
        Texts with fewer content terms are assigned by :meth:`transform` but not
        used to fit (short captions, one-line paragraphs).
    phrases : bool
        Detect collocation phrases ("security guarantees", "coalition of the
        willing") and use them as terms.
    min_df, max_df, max_features
        Vocabulary limits (``None`` = chosen from the corpus size).
    n_top_terms : int
        Length of ``top_terms`` in ``topics_``.
    search_sample : int
        The automatic choice of k is made on at most this many texts.
    large_corpus : int
        From this many fitting texts on, mini-batch / online algorithms are used.
    extra_stop_words : iterable of str, optional
        More words to ignore.
    max_share : float, optional
        With ``n_topics="auto"``, only candidates whose largest topic holds at most this
        share of the search sample are chosen from (all candidates when none does).

    Attributes
    ----------
    labels_ : ndarray of int, shape (n_texts,)
        Topic of each text; ``-1`` for a text without content terms.
    doc_topic_ : ndarray, shape (n_texts, n_topics_)
        Topic weights; rows sum to 1 (0 for ``-1`` texts).
    topics_ : DataFrame
        ``topic, label, top_terms, size, weight, theme, term_weights`` (one level:
        ``theme`` is the topic itself; ``term_weights`` the top terms' shares of the
        topic's term mass).
    n_topics_ : int
        The number of topics actually fitted: ``n_topics`` (or the automatic choice)
        capped, with a :class:`TopicWarning`, by the number of distinct fitting texts
        and of vocabulary terms; 1 when there are fewer than two of either.
    k_scores_ : DataFrame or None
        Scores of the candidate k when ``n_topics="auto"``.
    components_ : ndarray, shape (n_topics_, n_terms)
        Topic-term weights.
    vectorizer_ : NewsVectorizer
    feature_names_ : ndarray of str
    fit_mask_ : ndarray of bool
        Which texts were used to fit.
    """

    def __init__(self, n_topics="auto", method="nmf", random_state=0, *, mask_terms=None,
                 k_range=None, min_terms=3, phrases=True, min_df=None, max_df=None,
                 max_features=50000, n_top_terms=10, search_sample=2000,
                 large_corpus=20000, extra_stop_words=None, max_share=None):
        self.n_topics = n_topics
        self.method = method
        self.random_state = random_state
        self.mask_terms = mask_terms
        self.k_range = k_range
        self.min_terms = min_terms
        self.phrases = phrases
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.n_top_terms = n_top_terms
        self.search_sample = search_sample
        self.large_corpus = large_corpus
        self.extra_stop_words = extra_stop_words
        self.max_share = max_share

    # ------------------------------------------------------------------ fitting
    def fit(self, texts: Sequence[str], y=None):
        """Fit the vocabulary and the topic model on ``texts``."""
        with one_blas_thread():
            self._fit(texts)
        self.__dict__.pop("_train_X", None)
        return self

    def fit_transform(self, texts: Sequence[str], y=None) -> np.ndarray:
        """Fit and return ``doc_topic_``."""
        self.fit(texts)
        return self.doc_topic_

    def _validate(self):
        if not isinstance(self.method, str) or self.method not in METHODS:
            raise InputError(f"method must be one of {METHODS}, got {self.method!r}")
        if not (isinstance(self.n_topics, str) and self.n_topics == "auto") and not (
                isinstance(self.n_topics, (int, np.integer))
                and not isinstance(self.n_topics, (bool, np.bool_)) and self.n_topics >= 1):
            raise InputError(f"n_topics must be 'auto' or an integer >= 1, got {self.n_topics!r}")
        validate_random_state(self.random_state)

    def _fit(self, texts):
        self._validate()
        texts = _as_texts(texts)
        n = len(texts)
        self.vectorizer_ = NewsVectorizer(
            mask_terms=self.mask_terms, phrases=self.phrases, min_df=self.min_df,
            max_df=self.max_df, max_features=self.max_features,
            extra_stop_words=self.extra_stop_words, random_state=self.random_state,
        )
        C = self.vectorizer_.fit_transform(texts)
        content = self.vectorizer_.content_counts_
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        nnz = np.diff(C.indptr) > 0
        # fitting units: enough content, in vocabulary, first copy of duplicates
        first = np.zeros(n, dtype=bool)
        seen: set[str] = set()
        for i, t in enumerate(texts):
            key = " ".join(t.lower().split())
            if key not in seen:
                seen.add(key)
                first[i] = True
        fit_mask = nnz & first & (content >= self.min_terms)
        if fit_mask.sum() < 2:
            fit_mask = nnz & first
        self.fit_mask_ = fit_mask
        fit_idx = np.flatnonzero(fit_mask)
        n_fit = len(fit_idx)

        self.tfidf_ = TfidfTransformer(sublinear_tf=True)
        if n_fit:
            self.tfidf_.fit(C[fit_idx])
        X = self._weight(C) if n_fit else C

        # ---- number of topics
        # No model can have more topics than distinct fitting texts or vocabulary terms
        # (NMF's NNDSVD initialisation and k-means require it): k is capped there.
        self.k_scores_ = None
        n_terms = C.shape[1]
        wanted = 20 if self.n_topics == "auto" else int(self.n_topics)
        if self.k_range is not None:
            wanted = max(wanted, int(self.k_range[1]))
        n_distinct = _distinct_rows(C, fit_idx, max(wanted, 2)) if n_fit else 0
        limit = max(1, min(n_fit, n_terms, n_distinct))
        if n_fit <= limit:
            why = f"{n_fit} text(s) with content terms"
        elif n_terms <= limit:
            why = f"a vocabulary of {n_terms} term(s)"
        else:
            why = f"{n_distinct} distinct text(s) with content terms"
        if limit < 2:
            k = 1
            if self.n_topics == "auto" or self.n_topics > 1:
                warnings.warn(f"only {why}: a single topic is returned", TopicWarning,
                              stacklevel=3)
        elif self.n_topics == "auto":
            ks = [c for c in candidate_ks(n_fit, self.k_range) if c <= limit]
            if len(ks) <= 1:
                k = ks[0] if ks else limit
                warnings.warn(
                    f"corpus too small to choose the number of topics ({why}): "
                    f"using {k}", TopicWarning, stacklevel=3)
            else:
                # the search always works on TF-IDF rows (also for method="lda")
                Xs = self.tfidf_.transform(C[fit_idx]) if self.method == "lda" else X[fit_idx]
                scores = search_k(Xs, ks, random_state=self.random_state,
                                  sample=self.search_sample)
                if len(scores):
                    self.k_scores_ = scores
                    ok = scores
                    if self.max_share is not None:
                        ok = scores[scores["largest"] <= self.max_share]
                        ok = ok if len(ok) else scores
                    k = int(ok.loc[ok["score"].idxmax(), "k"])
                else:
                    k = ks[0]
        else:
            k = int(self.n_topics)
            kmax = max(1, n_fit // 2) if n_fit < 2 * k else k
            if kmax < k and kmax <= limit:
                why = f"{n_fit} fitting texts"
            kmax = min(kmax, limit)
            if k > kmax:
                warnings.warn(f"n_topics={k} is too many for {why}: using {kmax}",
                              TopicWarning, stacklevel=3)
                k = kmax
        self.n_topics_ = k

        # ---- model
        self._fit_model(X, C, fit_idx, k)
        # the weighted matrix, for a caller that refines the topics (TopicHierarchy);
        # dropped by it once used
        self._train_X = X
        W = self._doc_topic(X, C)
        self._finish(W, content, nnz)
        self.topics_ = self._topic_table()
        return self

    def _weight(self, C):
        if self.method == "lda":
            return C
        return self.tfidf_.transform(C).astype(np.float32)

    def _fit_model(self, X, C, fit_idx, k):
        self.svd_ = None
        if len(fit_idx) == 0 or X.shape[1] == 0:  # nothing to model
            self.model_ = None
            self.components_ = np.zeros((k, X.shape[1]))
            return
        large = len(fit_idx) >= self.large_corpus
        self.model_, self.components_, self.svd_ = fit_method(
            self.method, X[fit_idx], k, self.random_state, large)

    def _doc_topic(self, X, C):
        """Unnormalised topic weights for every row (zero rows stay zero)."""
        return doc_topic_weights(self.method, self.model_, self.components_, self.svd_, X,
                                 self.n_topics_)

    def _finish(self, W, content, nnz):
        """Normalise rows, fix texts the model could not place, set labels_/doc_topic_."""
        s = W.sum(axis=1)
        self.topic_prior_ = self._prior(W)
        # texts with content terms but no usable weight: use the corpus-wide prior
        lost = (content > 0) & (s <= 0)
        W[lost] = self.topic_prior_
        s = W.sum(axis=1)
        D = np.divide(W, s[:, None], out=np.zeros_like(W), where=s[:, None] > 0)
        self.doc_topic_ = D
        labels = D.argmax(axis=1).astype(int) if D.shape[1] else np.zeros(len(D), int)
        labels[s <= 0] = -1
        self.labels_ = labels

    def _prior(self, W):
        tot = W.sum(axis=0)
        if tot.sum() <= 0:
            return np.full(W.shape[1], 1.0 / max(W.shape[1], 1))
        return tot / tot.sum()

    # ---------------------------------------------------------------- transform
    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Topic weights of new texts (rows sum to 1, or 0 without content terms)."""
        check_is_fitted(self, "components_")
        D, _ = self._transform(texts)
        return D

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Topic of each new text (-1 without content terms)."""
        check_is_fitted(self, "components_")
        _, labels = self._transform(texts)
        return labels

    def _transform(self, texts):
        texts = _as_texts(texts)
        C, content = self.vectorizer_.transform(texts, return_counts=True)
        X = self._weight(C) if self.tfidf_ is not None and hasattr(self.tfidf_, "idf_") else C
        W = self._doc_topic(X, C)
        s = W.sum(axis=1)
        lost = (content > 0) & (s <= 0)
        W[lost] = self.topic_prior_
        s = W.sum(axis=1)
        D = np.divide(W, s[:, None], out=np.zeros_like(W), where=s[:, None] > 0)
        labels = D.argmax(axis=1).astype(int)
        labels[s <= 0] = -1
        return D, labels

    # ------------------------------------------------------------------ outputs
    def _topic_table(self) -> pd.DataFrame:
        k = self.n_topics_
        idx = top_term_indices(self.components_, self.feature_names_, self.n_top_terms)
        terms = [[str(self.feature_names_[j]) for j in row] for row in idx]
        comp = np.asarray(self.components_, dtype=float)
        tot = comp.sum(axis=1, keepdims=True)
        unit = np.divide(comp, tot, out=np.zeros_like(comp), where=tot > 0)
        labels = make_labels(terms)
        assigned = self.labels_[self.labels_ >= 0]
        size = np.bincount(assigned, minlength=k) if len(assigned) else np.zeros(k, int)
        has = self.doc_topic_.sum(axis=1) > 0
        weight = self.doc_topic_[has].mean(axis=0) if has.any() else np.zeros(k)
        return pd.DataFrame({
            "topic": np.arange(k, dtype=int),
            "label": labels,
            "top_terms": terms,
            "size": size.astype(int),
            "weight": weight.astype(float),
            "theme": np.arange(k, dtype=int),
            "term_weights": term_weights(unit, idx),
        })

    def top_terms(self, topic: int, n: int | None = None) -> list[str]:
        """The ``n`` most characteristic terms of ``topic``."""
        check_is_fitted(self, "components_")
        n = n or self.n_top_terms
        idx = top_term_indices(self.components_[topic:topic + 1], self.feature_names_, n,
                               background=self.components_)
        return [str(self.feature_names_[j]) for j in idx[0]]
