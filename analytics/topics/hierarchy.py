"""Two-level topics: coarse themes, and the stories within each theme.

:class:`TopicHierarchy` orchestrates pluggable parts, each a module of its own:

* the representation and the coarse model: a :class:`~analytics.topics.TopicModel`
  (:class:`~analytics.topics.vectorize.NewsVectorizer` terms, one of
  :data:`~analytics.topics.methods.METHODS`), its number of themes chosen by
  :func:`~analytics.topics.selection.search_k` among ``2 .. sqrt(n) / 3`` (at most
  ``max_themes``) on at most :data:`THEME_SAMPLE` fitting texts;
* the stories: within each theme of at least ``min_split`` fitting texts, the same
  method is fitted again on the theme's fitting texts
  (:func:`~analytics.topics.methods.fit_method`) with its own automatic grain, among
  ``2 .. sqrt(n_theme) / 2`` (at most ``max_stories``; every k up to 6, then every
  second one), searched on at most ``story_sample`` of the theme's texts and its
  :data:`STORY_TERMS` most frequent terms. Among the candidates whose largest story
  holds at most ``max_share`` of the corpus, the best-scoring one wins (a story that is
  a third of the coverage is a section, not a story); when no candidate qualifies, the
  one with the smallest largest story. The bar is checked again on the fitted stories
  (the search sees a sample): when one still holds more than ``max_share``, up to
  :data:`REFIT_TRIES` larger candidates are fitted, and the first that meets it is
  kept. A theme's stories are fitted on the terms that occur in the theme;
* the labels (:mod:`analytics.topics.labels`).

The grain therefore follows the corpus: mixed coverage splits into its sections at the
theme level and their stories below; single-subject coverage has few themes but many
stories; a handful of articles gives a handful of stories. ``n_topics=<int>`` forces
the number of topics and makes the structure one level (every topic its own theme).
Every candidate grain that was scored is listed in ``search_``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from .labels import make_labels, term_weights, top_term_indices
from .methods import doc_topic_weights, fit_method
from .model import TopicModel, _as_texts, one_blas_thread
from .selection import candidate_ks, search_k

#: The number of stories of a theme is searched on its this many most frequent terms.
STORY_TERMS = 1000
#: Iterations of the NMF of a theme's stories.
STORY_ITER = 200
#: The number of themes is searched on at most this many fitting texts (the search
#: sample of the coarse :class:`~analytics.topics.TopicModel`, unless ``model_params``
#: sets ``search_sample``).
THEME_SAMPLE = 1000
#: Larger numbers of stories tried when the chosen one leaves a story above ``max_share``.
REFIT_TRIES = 3

#: Columns of ``search_`` (the ``topic_search`` table).
SEARCH_COLUMNS = ["level", "theme", "k", "stability", "agreement", "coherence",
                  "separation", "largest", "score", "chosen"]


class TopicHierarchy(BaseEstimator):
    """Themes and stories for news texts (whole articles or paragraphs).

    Parameters
    ----------
    n_topics : int or "auto"
        ``"auto"``: themes and stories, each grain chosen from the corpus; an integer:
        exactly this many topics, one level.
    method : {"nmf", "lda", "kmeans"}
        The topic method (see :class:`~analytics.topics.TopicModel`).
    random_state : int
        Seed of every random step.
    max_themes : int
        Largest number of themes considered.
    max_stories : int
        Largest number of stories considered within one theme.
    max_share : float
        Largest share of the fitting texts one story should hold.
    max_theme_share : float
        Largest share of the search sample one theme should hold (the best-scoring
        number of themes meeting it is chosen; any when none does).
    min_split : int
        A theme with fewer fitting texts stays one story.
    story_sample : int
        The grain of a theme's stories is chosen on at most this many of its texts
        (the fit itself uses them all).
    model_params : dict, optional
        More parameters of the coarse :class:`~analytics.topics.TopicModel`
        (``mask_terms``, ``min_terms``, ``phrases``, ``search_sample``...).

    Attributes
    ----------
    themes_ : TopicModel
        The coarse model (its ``topics_`` are the themes).
    n_themes_, n_topics_ : int
        Numbers of themes and of topics (stories).
    topic_theme_ : ndarray of int, shape (n_topics_,)
        The theme of each topic.
    labels_ : ndarray of int
        Topic of each text (-1 without content terms).
    theme_labels_ : ndarray of int
        Theme of each text (-1 without content terms).
    doc_topic_ : ndarray, shape (n_texts, n_topics_)
        Topic weights (a theme's weight shared among its stories); rows sum to 1
        (0 for texts without content terms).
    components_ : ndarray, shape (n_topics_, n_terms)
        Topic-term weights, each row summing to 1.
    topics_, theme_table_ : DataFrame
        ``topic, label, top_terms, size, weight, theme, term_weights`` and the same
        for themes (``theme, label, top_terms, size, weight, n_topics, term_weights``).
    search_ : DataFrame
        Every candidate grain scored (:data:`SEARCH_COLUMNS`); ``theme`` is -1 for the
        theme level.
    """

    def __init__(self, n_topics="auto", method="nmf", random_state=0, *, max_themes=8,
                 max_stories=12, max_share=0.35, max_theme_share=0.5, min_split=50,
                 story_sample=600, model_params=None):
        self.n_topics = n_topics
        self.method = method
        self.random_state = random_state
        self.max_themes = max_themes
        self.max_stories = max_stories
        self.max_share = max_share
        self.max_theme_share = max_theme_share
        self.min_split = min_split
        self.story_sample = story_sample
        self.model_params = model_params

    # ------------------------------------------------------------------ fitting
    def fit(self, texts: Sequence[str], y=None):
        """Fit themes, then the stories of each theme, on ``texts``."""
        with one_blas_thread():
            self._fit(_as_texts(texts))
        return self

    def _fit(self, texts: list[str]) -> None:
        auto = isinstance(self.n_topics, str) and self.n_topics == "auto"
        params = dict(self.model_params or {})
        if auto and "k_range" not in params:
            # themes are coarse: at most a third of the usual square-root bound
            hi = int(np.clip(round(np.sqrt(len(texts)) / 3), 2, int(self.max_themes)))
            params["k_range"] = (2, hi)
        if auto:
            # a theme holding most of the corpus is a catch-all, not a section
            params.setdefault("max_share", self.max_theme_share)
            # the coarse grain shows on a smaller sample than the stories need
            params.setdefault("search_sample", THEME_SAMPLE)
        coarse = TopicModel(n_topics=self.n_topics, method=self.method,
                            random_state=self.random_state, **params)
        coarse._validate()
        coarse._fit(texts)
        X = coarse.__dict__.pop("_train_X")
        self.themes_ = coarse
        self.n_themes_ = coarse.n_topics_
        self.feature_names_ = coarse.feature_names_
        search = []
        if coarse.k_scores_ is not None and len(coarse.k_scores_):
            ks = coarse.k_scores_.copy()
            ks["level"], ks["theme"] = "theme", -1
            ks["chosen"] = ks["k"] == coarse.n_topics_
            search.append(ks)
        fit_idx = np.flatnonzero(coarse.fit_mask_)
        theme_of_fit = coarse.labels_[fit_idx]
        n_fit = max(len(fit_idx), 1)
        self.parts_: list[tuple] = []  # per theme: (model, components, svd, k, prior, cols)
        for t in range(self.n_themes_):
            rows = fit_idx[theme_of_fit == t]
            part, scores = self._stories(X, rows, len(rows) / n_fit, auto)
            if scores is not None:
                scores["level"], scores["theme"] = "story", t
                search.append(scores)
            self.parts_.append(part)
        self.search_ = (pd.concat(search, ignore_index=True)[SEARCH_COLUMNS] if search
                        else pd.DataFrame(columns=SEARCH_COLUMNS))
        self.topic_theme_ = np.array([t for t, p in enumerate(self.parts_)
                                      for _ in range(p[3])], dtype=int)
        self.n_topics_ = len(self.topic_theme_)
        comps = []
        for t, (model, comp, svd, k, prior, _) in enumerate(self.parts_):
            if model is None:
                comps.append(_unit_rows(coarse.components_[t:t + 1]))
            else:
                comps.append(_unit_rows(comp))
        self.components_ = np.vstack(comps) if comps else np.zeros((0, len(self.feature_names_)))
        D, labels, themes = self._combine(coarse.doc_topic_, coarse.labels_, X)
        self.doc_topic_, self.labels_, self.theme_labels_ = D, labels, themes
        self.topics_, self.theme_table_ = self._tables()

    def _stories(self, X, rows: np.ndarray, share: float, auto: bool):
        """Fit the stories of one theme; returns its part and the scores of its search.

        A part is ``(model, components, svd, k, prior, columns)``: the story model is
        fitted on the terms that occur in the theme (``columns``; its components are
        put back on the full vocabulary).
        """
        none = (None, None, None, 1, np.ones(1), None)
        if not auto or len(rows) < max(int(self.min_split), 6):
            return none, None
        cap = min(int(self.max_stories), max(2, round(np.sqrt(len(rows)) / 2)))
        # every k up to 6, then every second one (the costliest candidates)
        ks = [k for k in candidate_ks(len(rows), (2, cap)) if k <= 6 or k % 2 == 0]
        Xt = X[rows]
        if self.method == "lda":
            Xt = self.themes_.tfidf_.transform(Xt)
        scores = search_k(Xt, ks, random_state=self.random_state,
                          sample=int(self.story_sample), max_terms=STORY_TERMS)
        if not len(scores):
            return none, None
        corpus_share = scores["largest"] * share
        ok = scores[corpus_share <= self.max_share]
        if len(ok):
            k = int(ok.loc[ok["score"].idxmax(), "k"])
        elif share <= self.max_share:
            k = int(scores.loc[scores["score"].idxmax(), "k"])
        else:
            k = int(scores.loc[scores["largest"].idxmin(), "k"])
        # the share is measured on the search sample; the fit on the whole theme can
        # still leave one story above max_share of the corpus: then the larger
        # candidates are tried, smallest largest story first, and the first fit that
        # meets the bar is kept (else the one with the smallest largest story)
        tries = [k] + scores.loc[scores["k"] > k].sort_values(
            ["largest", "k"], kind="stable")["k"].astype(int).tolist()[:REFIT_TRIES]
        Xr = X[rows]
        cols = np.flatnonzero(np.diff(Xr.tocsc().indptr) > 0)
        Xr = Xr[:, cols]
        large = len(rows) >= self.themes_.large_corpus
        best = None
        for kk in tries:
            model, comp, svd = fit_method(self.method, Xr, kk, self.random_state, large,
                                          max_iter=STORY_ITER)
            W = doc_topic_weights(self.method, model, comp, svd, Xr, kk)
            has = W.sum(axis=1) > 0
            top = np.bincount(W[has].argmax(axis=1), minlength=kk).max() if has.any() else 0
            got = top / max(len(rows), 1) * share
            if best is None or got < best[0]:
                best = (got, kk, model, comp, svd, W)
            if got <= self.max_share:
                break
        _, k, model, comp, svd, W = best
        scores = scores.copy()
        scores["chosen"] = scores["k"] == k
        full = np.zeros((k, X.shape[1]), dtype=np.asarray(comp).dtype)
        full[:, cols] = comp
        tot = W.sum(axis=0)
        prior = tot / tot.sum() if tot.sum() > 0 else np.full(k, 1.0 / k)
        return (model, full, svd, k, prior, cols), scores

    def _combine(self, D_theme: np.ndarray, theme_labels: np.ndarray, X):
        """Topic weights and labels from theme weights and each theme's stories.

        A theme's stories are weighed only for the texts with some weight in the theme
        (the others get zero weight in its stories anyway).
        """
        n = D_theme.shape[0]
        D = np.zeros((n, self.n_topics_))
        labels = np.full(n, -1, dtype=int)
        offset = 0
        X = X.tocsr()
        for t, (model, comp, svd, k, prior, cols) in enumerate(self.parts_):
            if model is None:
                D[:, offset] = D_theme[:, t]
            else:
                rows = np.flatnonzero(D_theme[:, t] > 0)
                S = doc_topic_weights(self.method, model, comp[:, cols], svd,
                                      X[rows][:, cols], k)
                s = S.sum(axis=1)
                S[s <= 0] = prior
                S = S / S.sum(axis=1, keepdims=True)
                D[rows, offset:offset + k] = D_theme[rows, t:t + 1] * S
            mine = theme_labels == t
            labels[mine] = offset + D[mine, offset:offset + k].argmax(axis=1)
            offset += k
        return D, labels, theme_labels.astype(int).copy()

    # ---------------------------------------------------------------- transform
    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Topic weights of new texts (rows sum to 1, or 0 without content terms)."""
        return self._transform(texts)[0]

    def _transform(self, texts):
        """``(doc_topic, topic labels, theme labels)`` of new texts."""
        check_is_fitted(self, "components_")
        texts = _as_texts(texts)
        coarse = self.themes_
        with one_blas_thread():
            D_theme, theme_labels = coarse._transform(texts)
            C = coarse.vectorizer_.transform(texts)
            X = coarse._weight(C) if hasattr(coarse.tfidf_, "idf_") else C
            return self._combine(D_theme, theme_labels, X)

    # ------------------------------------------------------------------ outputs
    def _tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        coarse = self.themes_
        names = self.feature_names_
        n_top = coarse.n_top_terms
        theme_comp = _unit_rows(coarse.components_)
        topics = _describe(self.components_, names, n_top, self.labels_, self.doc_topic_)
        topics["theme"] = self.topic_theme_
        themes = _describe(theme_comp, names, n_top, self.theme_labels_, coarse.doc_topic_)
        themes = themes.rename(columns={"topic": "theme"})
        themes["n_topics"] = np.bincount(self.topic_theme_, minlength=self.n_themes_) \
            if self.n_topics_ else np.zeros(self.n_themes_, int)
        cols = ["theme", "label", "top_terms", "size", "weight", "n_topics", "term_weights"]
        return topics, themes[cols]


def _unit_rows(H) -> np.ndarray:
    """Rows rescaled to sum to 1 (zero rows stay zero)."""
    H = np.asarray(H, dtype=float)
    s = H.sum(axis=1, keepdims=True)
    return np.divide(H, s, out=np.zeros_like(H), where=s > 0)


def _describe(H, names, n_top: int, labels: np.ndarray, D: np.ndarray) -> pd.DataFrame:
    """``topic, label, top_terms, size, weight, term_weights`` for the rows of ``H``."""
    k = H.shape[0]
    idx = top_term_indices(H, names, n_top)
    terms = [[str(names[j]) for j in row] for row in idx]
    weights = term_weights(H, idx)
    assigned = labels[labels >= 0]
    size = np.bincount(assigned, minlength=k) if len(assigned) else np.zeros(k, int)
    has = D.sum(axis=1) > 0
    weight = D[has].mean(axis=0) if has.any() else np.zeros(k)
    return pd.DataFrame({
        "topic": np.arange(k, dtype=int),
        "label": make_labels(terms),
        "top_terms": terms,
        "size": size.astype(int),
        "weight": weight.astype(float),
        "term_weights": weights,
    })
