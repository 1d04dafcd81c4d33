"""The search's fast paths give the numbers of the scikit-learn code they replace."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics import adjusted_rand_score

from analytics.topics import NewsVectorizer
from analytics.topics.analyzer import NewsAnalyzer, news_stopwords
from analytics.topics.hierarchy import THEME_SAMPLE, TopicHierarchy
from analytics.topics.phrases import detect_phrases
from analytics.topics.selection import _ari, _nmf, _nmf_sklearn, search_k

from fixtures.topics_corpus import corpus


@pytest.fixture(scope="module")
def tfidf():
    texts, _ = corpus()
    C = NewsVectorizer().fit_transform(texts)
    X = TfidfTransformer(sublinear_tf=True).fit_transform(C).astype(np.float32)
    return sp.csr_matrix(X)


@pytest.mark.parametrize("k,init,seed,iters", [(2, "nndsvda", 0, 50), (5, "nndsvda", 0, 200),
                                               (5, "random", 3, 50), (9, "random", 1, 7)])
def test_search_nmf_is_bit_identical_to_sklearn(tfidf, k, init, seed, iters):
    W0, H0 = _nmf_sklearn(tfidf, k, seed, max_iter=iters, init=init)
    W1, H1 = _nmf(tfidf, k, seed, max_iter=iters, init=init)
    assert W1.dtype == W0.dtype == np.float32
    assert np.array_equal(W0, W1) and np.array_equal(H0, H1)


def test_search_ari_equals_sklearn_adjusted_rand_score():
    rng = np.random.RandomState(0)
    for _ in range(300):
        n = rng.randint(2, 300)
        a = rng.randint(0, rng.randint(1, 9), n)
        b = [a, rng.randint(0, rng.randint(1, 9), n), (a * 5 + 1) % 7][rng.randint(3)]
        assert _ari(a, b) == adjusted_rand_score(a, b)
    assert _ari(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])) == -0.5


def test_search_scores_unchanged_by_the_fast_paths(tfidf, monkeypatch):
    import analytics.topics.selection as sel

    fast = search_k(tfidf, [2, 4, 5], random_state=0)
    monkeypatch.setattr(sel, "_nmf", sel._nmf_sklearn)
    monkeypatch.setattr(sel, "_ari", adjusted_rand_score)
    slow = search_k(tfidf, [2, 4, 5], random_state=0)
    assert fast.equals(slow)


def test_phrases_found_within_chunks_never_across_punctuation():
    texts = ["Delegates arrived in Munich. Security was tight at the venue.",
             "Reporters flew to Munich. Security staff checked every bag.",
             "Officials landed in Munich. Security around the hotel was doubled.",
             "The coalition of the willing met again on Friday.",
             "Ministers from the coalition of the willing agreed new security guarantees.",
             "The coalition of the willing discussed security guarantees for Kyiv."]
    a = NewsAnalyzer(news_stopwords())
    phrases, display = detect_phrases(a, texts, min_count=2, threshold=0.0)
    keys = set(phrases.values())
    assert "coalition of the willing" in keys
    assert "security guarantee" in keys
    assert display["security guarantee"] == "security guarantees"  # the surface form
    assert "munich security" not in keys  # only ever across a full stop
    vec = NewsVectorizer(min_df=1, max_df=1.0).fit(texts)
    assert "security guarantees" in vec.phrases_ and "munich security" not in vec.phrases_


@pytest.mark.filterwarnings("ignore::analytics.topics.TopicWarning")
def test_themes_searched_on_a_sample_and_the_sample_can_be_set():
    texts, _ = corpus()
    m = TopicHierarchy(random_state=0).fit(texts)
    assert m.themes_.search_sample == THEME_SAMPLE
    m2 = TopicHierarchy(random_state=0, model_params={"search_sample": 7}).fit(texts)
    assert m2.themes_.search_sample == 7
