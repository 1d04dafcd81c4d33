"""Hostile and careless input for topics: tiny vocabularies, no vocabulary, one
document, identical documents and too many requested topics degrade to fewer topics
instead of crashing; bad options are input errors."""

from __future__ import annotations

import random
import warnings

import numpy as np
import pandas as pd
import pytest

from analytics.errors import InputError
from analytics.schema import TABLES
from analytics.topics import TopicModel, TopicWarning, topic_tables


# ---------------------------------------------------------------------- topics
PEOPLE = ["Keir Starmer", "Vladimir Putin", "Emmanuel Macron", "Donald Trump", "Olaf Scholz"]
VERBS = ["met", "called", "phoned"]


def _wire(n: int = 50, seed: int = 1):
    """Short wire items: two leaders, one of three verbs, a day number."""
    rng = random.Random(seed)
    texts, mentions = [], []
    for i in range(n):
        a, b = rng.sample(PEOPLE, 2)
        texts.append(f"{a} {rng.choice(VERBS)} {b} on day {rng.randint(1, 30)}.")
        for name in (a, b):
            mentions.append({"doc_id": f"w{i:03d}", "sent_id": 0, "para_id": 0, "actor": name,
                             "surface": name})
    return _paras(texts, prefix="w"), pd.DataFrame(mentions)


def _paras(texts, prefix="d"):
    return pd.DataFrame({"doc_id": [f"{prefix}{i:03d}" for i in range(len(texts))], "para_id": 0,
                         "start": 0, "end": [len(t) for t in texts], "kind": "body",
                         "text": texts})


def _check_consistent(out, n_paras):
    model = out["model"]
    k = model.n_topics_
    topics = out["topics"]
    assert list(topics.columns)[: len(TABLES["topics"])] == TABLES["topics"]
    assert len(topics) == k and list(topics["topic"]) == list(range(k))
    assert model.doc_topic_.shape[1] == k and model.components_.shape[0] == k
    a = out["topic_assignments"]
    assert len(a) == n_paras and set(a["topic"]) <= set(range(-1, k))
    return k


@pytest.mark.parametrize("method", ["nmf", "lda", "kmeans"])
@pytest.mark.parametrize("unit", ["paragraph", "document"])
@pytest.mark.parametrize("n_topics", ["auto", 10])
def test_wire_items_small_vocabulary(method, unit, n_topics):
    paras, mentions = _wire()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = topic_tables(paras, mentions, unit=unit, method=method, n_topics=n_topics)
    k = _check_consistent(out, len(paras))
    n_terms = len(out["model"].feature_names_)
    assert n_terms == 3  # met, call, phone: the names are masked, numbers are not terms
    assert 1 <= k <= n_terms
    if n_topics == 10:
        assert any("n_topics=10 is too many" in str(w.message) and f"using {k}" in str(w.message)
                   for w in caught)
    assert not any("sqrt" in str(w.message) for w in caught)
    assert np.allclose(out["topic_prevalence"].groupby("doc_id")["share"].sum(), 1.0)


def test_wire_items_through_analyze():
    import analytics

    paras, _ = _wire()
    df = pd.DataFrame({"text": paras["text"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = analytics.analyze(df, progress=False, n_topics=10)
    assert 1 <= len(a.topics) <= 3
    assert set(a.topic_assignments["topic"]) <= set(range(len(a.topics)))


@pytest.mark.parametrize("method", ["nmf", "lda", "kmeans"])
@pytest.mark.parametrize("unit", ["paragraph", "document"])
def test_no_vocabulary_gives_empty_topic_tables(method, unit):
    paras = _paras(["The and of it was.", "It is what it is, and so on.", "1 2 3 2024", "", "Said."])
    with pytest.warns(TopicWarning, match="no content terms"):
        out = topic_tables(paras, unit=unit, method=method, n_topics=4)
    for name in ("topics", "topic_prevalence", "topic_actors"):
        assert len(out[name]) == 0 and list(out[name].columns)[: len(TABLES[name])] == TABLES[name]
    a = out["topic_assignments"]
    assert len(a) == len(paras) and (a["topic"] == -1).all() and (a["weight"] == 0).all()


@pytest.mark.parametrize("method", ["nmf", "lda", "kmeans"])
@pytest.mark.parametrize("unit", ["paragraph", "document"])
def test_single_and_identical_documents(method, unit):
    text = "Ministers debated the budget deficit and pension reform in parliament."
    with pytest.warns(TopicWarning):
        one = topic_tables(_paras([text]), unit=unit, method=method, n_topics=5)
    assert _check_consistent(one, 1) == 1
    assert list(one["topic_assignments"]["topic"]) == [0]
    assert "budget" in " ".join(one["topics"]["top_terms"][0])
    # identical term profiles (only the numbers differ): one topic, not five empty ones
    same = [f"Ministers debated the budget deficit on day {i}." for i in range(12)]
    with pytest.warns(TopicWarning, match="single topic"):
        out = topic_tables(_paras(same), unit=unit, method=method, n_topics=5)
    assert _check_consistent(out, 12) == 1
    assert (out["topic_assignments"]["topic"] == 0).all()


@pytest.mark.parametrize("method", ["nmf", "lda", "kmeans"])
def test_forced_n_topics_larger_than_possible(method):
    texts = ["Inflation rose as the central bank kept interest rates high.",
             "The wildfire forced villagers to flee their homes overnight.",
             "The striker scored twice as the club won the cup final.",
             "Hospital waiting lists grew as nurses went on strike.",
             "Farmers protested against new fuel taxes in the capital."] * 2
    texts = [t.replace(".", f" again {i}.") for i, t in enumerate(texts)]
    with pytest.warns(TopicWarning, match=r"n_topics=40 is too many .*: using \d+"):
        m = TopicModel(n_topics=40, method=method, random_state=0).fit(texts)
    k = m.n_topics_
    assert 1 <= k <= min(len(texts), len(m.feature_names_))
    assert len(m.topics_) == k and m.doc_topic_.shape == (len(texts), k)
    assert m.components_.shape == (k, len(m.feature_names_))
    assert set(m.labels_) <= set(range(k))


@pytest.mark.parametrize("bad", [-1, "1", 1.5, None, True, 2**32])
def test_random_state_is_validated_before_work(bad, monkeypatch):
    with pytest.raises(InputError, match="random_state must be a non-negative integer"):
        TopicModel(n_topics=2, random_state=bad).fit(["Rates rose.", "Wildfire spread."])

    def boom(*a, **k):  # the check must come before any fitting
        raise AssertionError("fitted before validating random_state")

    monkeypatch.setattr(TopicModel, "fit", boom)
    with pytest.raises(InputError, match="random_state must be a non-negative integer"):
        topic_tables(_paras(["Rates rose again.", "Wildfire spread."]), random_state=bad)


def test_topic_options_are_input_errors():
    paras = _paras(["Rates rose again.", "Wildfire spread."])
    with pytest.raises(InputError, match="method must be one of"):
        topic_tables(paras, method="svd")
    with pytest.raises(InputError, match="n_topics must be 'auto' or an integer"):
        topic_tables(paras, n_topics=0)
    with pytest.raises(InputError, match="unit must be"):
        topic_tables(paras, unit="sentence")
