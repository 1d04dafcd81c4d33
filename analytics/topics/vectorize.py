"""News-aware text representation for topic models.

:class:`NewsVectorizer` turns texts into a sparse document-term matrix whose terms
are *content words* and *collocation phrases*:

* :class:`~analytics.topics.analyzer.NewsAnalyzer` removes web boilerplate, splits
  text into punctuation-free chunks of alphabetic tokens, drops stop words
  (:func:`news_stopwords`) and masked terms (e.g. actor surface forms, so topics
  describe issues rather than people) and folds plurals;
* :func:`~analytics.topics.phrases.detect_phrases` finds collocation phrases
  (normalised PMI over adjacent content words, with a minimum count): bigrams
  ("security guarantees"), trigrams ("munich security conference") and
  ``X of (the) Y`` patterns ("coalition of the willing"). A phrase is added as a term
  *next to* its words.

The vocabulary is capped by ``min_df`` / ``max_df`` / ``max_features``; phrase
statistics are collected on a sample of at most ``phrase_sample`` texts, so the
cost stays linear in the corpus size.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from .analyzer import NewsAnalyzer, _identity, _mask_index, news_stopwords
from .phrases import detect_phrases

__all__ = ["NewsVectorizer", "news_stopwords"]


class NewsVectorizer:
    """Fit a news-aware vocabulary (words + phrases) and build count matrices.

    Parameters
    ----------
    mask_terms : iterable of str, optional
        Surface forms to remove (e.g. actor names).
    phrases : bool
        Detect and add collocation phrases.
    min_df, max_df : int or float or None
        Document-frequency limits (``None``: chosen from the corpus size).
    max_features : int
        Vocabulary cap (most frequent terms kept).
    phrase_sample : int
        Phrase statistics are collected on at most this many texts.
    extra_stop_words : iterable of str, optional
        Added to :func:`news_stopwords`.
    random_state : int
        Seed for the phrase sample.
    """

    def __init__(self, mask_terms=None, phrases=True, min_df=None, max_df=None,
                 max_features=50000, phrase_sample=5000, extra_stop_words=None,
                 random_state=0):
        self.mask_terms = mask_terms
        self.phrases = phrases
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.phrase_sample = phrase_sample
        self.extra_stop_words = extra_stop_words
        self.random_state = random_state

    @staticmethod
    def default_df(n: int) -> tuple[int, float]:
        """``(min_df, max_df)`` for a corpus of ``n`` texts."""
        if n < 20:
            return 1, 1.0
        if n < 200:
            return 2, 0.7
        if n < 5000:
            return 2, 0.5
        return max(3, min(10, n // 5000)), 0.5

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        texts = list(texts)
        stop = news_stopwords()
        if self.extra_stop_words:
            stop = stop | frozenset(w.lower() for w in self.extra_stop_words)
        self.analyzer_ = NewsAnalyzer(stop, _mask_index(self.mask_terms))
        n = len(texts)
        self.display_ = {}
        # the texts of the phrase sample are tokenised once, for phrases and for terms
        # (memory bounded by the sample)
        segmented: dict[int, list] = {}
        if not self.phrases and n:
            idx = np.arange(min(n, self.phrase_sample))
            segmented = {int(i): self.analyzer_.segments(texts[i]) for i in idx}
            _, self.display_ = detect_phrases(self.analyzer_, (), find_phrases=False,
                                              segmented=list(segmented.values()))
        if self.phrases and n:
            if n > self.phrase_sample:
                rng = np.random.RandomState(self.random_state)
                idx = np.sort(rng.choice(n, self.phrase_sample, replace=False))
            else:
                idx = np.arange(n)
            segmented = {int(i): self.analyzer_.segments(texts[i]) for i in idx}
            min_count = 2 if len(idx) < 2000 else 3
            phrases, self.display_ = detect_phrases(
                self.analyzer_, (), min_count=min_count, segmented=list(segmented.values()))
            self.analyzer_.set_phrases(phrases)
        min_df, max_df = self.default_df(n)
        if self.min_df is not None:
            min_df = self.min_df
        if self.max_df is not None:
            max_df = self.max_df
        self.counter_ = CountVectorizer(
            analyzer=_identity, min_df=min_df, max_df=max_df,
            max_features=self.max_features, dtype=np.float32,
        )
        counts: list[int] = []
        try:
            X = self.counter_.fit_transform(self._terms(texts, counts, segmented))
        except ValueError:
            # empty vocabulary, or df limits that prune everything: relax them
            self.counter_.set_params(min_df=1, max_df=1.0)
            counts = []
            try:
                X = self.counter_.fit_transform(self._terms(texts, counts, segmented))
            except ValueError:
                self.counter_ = None
                X = sp.csr_matrix((n, 0), dtype=np.float32)
        self.content_counts_ = np.array(counts if len(counts) == n else
                                        [len(self.analyzer_(t)) for t in texts], dtype=int)
        X = X.tocsr()
        X.sort_indices()  # one summation order whatever the order of the terms
        return X

    def _terms(self, texts, counts: list[int], segmented: dict | None = None):
        analyze = self.analyzer_
        segmented = segmented or {}
        for i, t in enumerate(texts):
            segs = segmented.get(i)
            terms = analyze.terms(segs if segs is not None else analyze.segments(t))
            counts.append(len(terms))
            yield terms

    def fit(self, texts):
        self.fit_transform(texts)
        return self

    def transform(self, texts: Sequence[str], return_counts: bool = False):
        """Count matrix of ``texts`` (and, optionally, their content-term counts)."""
        texts = list(texts)
        counts: list[int] = []
        if self.counter_ is None:
            X = sp.csr_matrix((len(texts), 0), dtype=np.float32)
            counts = [len(self.analyzer_(t)) for t in texts]
        else:
            X = self.counter_.transform(self._terms(texts, counts)).tocsr()
            X.sort_indices()
        return (X, np.array(counts, dtype=int)) if return_counts else X

    def get_feature_names_out(self) -> np.ndarray:
        if self.counter_ is None:
            return np.array([], dtype=object)
        keys = self.counter_.get_feature_names_out()
        return np.array([self.display_.get(k, k) for k in keys], dtype=object)

    @property
    def phrases_(self) -> list[str]:
        """The detected phrases (strings)."""
        return sorted(self.display_.get(k, k) for k in set(self.analyzer_.phrases.values()))

