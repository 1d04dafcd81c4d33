"""Themes and stories, labels, markup, prevalence over time and outlets, topic charts."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import normalized_mutual_info_score  # noqa: E402

from analytics.corpus.load import load_corpus  # noqa: E402
from analytics.corpus.prepare import prepare_documents  # noqa: E402
from analytics.plotting import topics as charts  # noqa: E402
from analytics.schema import TABLES  # noqa: E402
from analytics.topics import topic_tables  # noqa: E402
from analytics.topics.analyzer import NewsAnalyzer, news_stopwords  # noqa: E402
from analytics.topics.hierarchy import TopicHierarchy  # noqa: E402
from analytics.topics.labels import make_labels, readable  # noqa: E402
from analytics.topics.model import TopicWarning  # noqa: E402
from tests.fixtures.topics_corpus import SECTIONS  # noqa: E402


@pytest.fixture(scope="module")
def labelled():
    texts, y = [], []
    for name, paras in SECTIONS.items():
        texts += paras
        y += [name] * len(paras)
    return texts, y


@pytest.fixture(scope="module")
def demo():
    docs, _, paras, _ = prepare_documents(load_corpus(None))
    return docs, paras


def test_tweet_markup_gives_no_terms():
    tweet = ('<tweet id="747970077610352640" author="@thedailybeast" datetime="2016-06-29">'
             'Convention speakers announced https://t.co/BysaFNGak2 pic.twitter.com/PaA39 '
             '#feelthebern — The Daily Beast (@thedailybeast) June 29, 2016</tweet>')
    terms = NewsAnalyzer(news_stopwords())(tweet)
    assert "convention" in terms and "speaker" in terms
    for junk in ("tweet", "id", "author", "datetime", "http", "twitter", "pic", "thedailybeast",
                 "feelthebern", "co"):
        assert junk not in terms


def test_hierarchy_themes_and_stories(labelled):
    texts, y = labelled
    m = TopicHierarchy(random_state=0, min_split=20).fit(texts)
    # every topic belongs to one theme; a text's topic lies in its theme
    assert len(m.topic_theme_) == m.n_topics_ >= m.n_themes_ >= 2
    assert (m.topic_theme_[m.labels_] == m.theme_labels_).all()
    assert np.allclose(m.doc_topic_.sum(axis=1), 1.0)
    # fifty paragraphs make two themes; their stories recover the five sections
    assert normalized_mutual_info_score(y, m.labels_) >= 0.8
    s = m.search_
    assert list(s.columns) == TABLES["topic_search"]
    assert set(s["level"]) <= {"theme", "story"}
    chosen = s[s["chosen"]].groupby(["level", "theme"]).size()
    assert (chosen == 1).all()
    stories = s[(s["level"] == "story") & s["chosen"]].set_index("theme")["k"]
    assert len(stories) >= 1
    for theme, k in stories.items():
        assert (m.topic_theme_ == theme).sum() == k
    # the same input gives the same result
    m2 = TopicHierarchy(random_state=0, min_split=20).fit(texts)
    assert m2.topics_.equals(m.topics_) and np.array_equal(m2.doc_topic_, m.doc_topic_)


def test_forced_number_is_one_level(labelled):
    texts, y = labelled
    m = TopicHierarchy(n_topics=5, random_state=0).fit(texts)
    assert m.n_topics_ == m.n_themes_ == 5
    assert list(m.topic_theme_) == [0, 1, 2, 3, 4]
    assert normalized_mutual_info_score(y, m.labels_) >= 0.85
    assert m.search_.empty


def test_demo_has_a_handful_of_readable_topics(demo):
    docs, paras = demo
    out = topic_tables(paras, None, documents=docs)
    topics = out["topics"]
    assert 3 <= len(topics) <= 7
    assert list(topics.columns) == TABLES["topics"]
    assert set(topics["theme"]) == set(out["topic_themes"]["theme"])
    assert out["topic_themes"]["n_topics"].sum() == len(topics)
    for label in topics["label"]:
        assert all(readable(part) for part in label.split(" / ")), label
    ex = out["topic_examples"]
    assert set(ex["topic"]) == set(topics["topic"]) and ex["rank"].max() <= 3
    first = ex[ex["rank"] == 1].set_index("topic")["weight"]
    assert (ex.groupby("topic")["weight"].max() == first).all()
    a = out["topic_assignments"]
    assert (topics.set_index("topic")["theme"].reindex(a["topic"]).to_numpy()
            == a["theme"].to_numpy()).all()


def test_labels_are_noun_phrases():
    assert not readable("putting") and not readable("sovereign future putting")
    assert not readable("long term") and readable("security guarantees")
    labels = make_labels([["strong security guarantees", "sovereign future", "putting"],
                          ["agreed", "said", "ceasefire", "talks"]])
    assert labels == ["strong security guarantees / sovereign future", "ceasefire / talks"]


def test_trends_and_outlets(demo):
    docs, paras = demo
    docs = docs.copy()
    docs["date"] = ["2025-02-10", "2025-02-10", "2025-02-11", None, "2025-03-05"]
    docs["outlet"] = ["Wire", "Daily", "Wire", "Daily", "Daily"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = topic_tables(paras, None, documents=docs)
    assert any(issubclass(w.category, TopicWarning) and "1 of 5 document(s) have no readable "
               "date" in str(w.message) for w in caught)
    tr = out["topic_trends"]
    assert list(tr.columns) == TABLES["topic_trends"]
    assert set(tr["period"]) == {"2025-02-10", "2025-02-11", "2025-03-05"}
    assert set(tr["period_kind"]) == {"day"}
    assert np.allclose(tr.groupby("period")["share"].sum(), 1.0)
    ou = out["topic_outlets"]
    assert set(ou["outlet"]) == {"Wire", "Daily"}
    assert np.allclose(ou.groupby("outlet")["share"].sum(), 1.0)
    # units: every assigned paragraph of a dated document is counted once
    a = out["topic_assignments"]
    dated = docs.loc[docs["date"].notna(), "doc_id"]
    assert tr["units"].sum() == int(((a["topic"] >= 0) & a["doc_id"].isin(dated)).sum())
    fig = charts.prevalence_over_time(tr, out["topics"])
    assert len(fig.axes[0].get_lines()) == len(out["topics"])
    fig = charts.prevalence_by_outlet(ou, out["topics"])
    assert fig.axes[0].get_title() == "Topic prevalence by outlet"


def test_top_terms_chart_plots_weights_and_full_labels(demo):
    docs, paras = demo
    topics = topic_tables(paras, None, documents=docs)["topics"]
    fig = charts.top_terms(topics, n_terms=5)
    for i, ax in enumerate(fig.axes[:len(topics)]):
        widths = [p.get_width() for p in ax.patches]
        assert np.allclose(widths, topics["term_weights"].iloc[i][:5])
        title = ax.get_title(loc="left")
        assert not any(line.rstrip().endswith("/") for line in title.splitlines())
        assert " ".join(title.split("\n")[:-1]).replace("/ ", "").replace("  ", " ").endswith(
            topics["label"].iloc[i].split(" / ")[-1])
    colours = charts.topic_colors(25)
    assert len({tuple(np.round(c, 3)) for c in
                (matplotlib.colors.to_rgb(c) for c in colours)}) == 25


def test_tokenised_once_gives_the_same_terms(labelled, demo):
    from analytics.topics.vectorize import NewsVectorizer
    texts = labelled[0] + demo[1]["text"].tolist()
    v = NewsVectorizer(random_state=0)
    C = v.fit_transform(texts)  # the phrase sample's texts are tokenised once
    assert v.phrases_, "phrases are found on the fitting texts"
    again = v.transform(texts)  # every text tokenised afresh
    assert (C != again).nnz == 0
    assert list(v.content_counts_) == [len(v.analyzer_(t)) for t in texts]


def _fake_search(largest):
    def search(X, ks, **kw):
        return pd.DataFrame({"k": ks, "stability": 0.5, "agreement": 0.5, "coherence": 0.1,
                             "separation": 0.1, "largest": [largest] * len(ks),
                             "score": [1.0 / k for k in ks]})
    return search


def test_story_share_is_checked_on_the_fitted_stories(labelled, monkeypatch):
    # the search sample says every grain keeps stories under the bar and prefers two
    # stories; fitted on the fifty paragraphs of five sections, two stories cannot
    from analytics.topics import hierarchy
    texts, _ = labelled
    monkeypatch.setattr(hierarchy, "search_k", _fake_search(0.2))
    coarse = hierarchy.TopicModel(n_topics=1, random_state=0).fit(texts)
    X = coarse._weight(coarse.vectorizer_.transform(texts))
    rows = np.flatnonzero(coarse.fit_mask_)

    def stories(max_share):
        m = TopicHierarchy(random_state=0, max_share=max_share, min_split=10)
        m.themes_ = coarse
        (model, comp, svd, k, prior, cols), scores = m._stories(X, rows, 1.0, True)
        W = hierarchy.doc_topic_weights("nmf", model, comp[:, cols], svd, X[rows][:, cols], k)
        share = np.bincount(W.argmax(axis=1), minlength=k).max() / len(rows)
        assert scores.loc[scores["chosen"], "k"].tolist() == [k]
        return k, share

    k_loose, share_loose = stories(1.0)
    assert k_loose == 2 and share_loose > 0.4
    k_tight, share_tight = stories(0.4)
    assert k_tight > 2 and share_tight <= 0.4


def test_stories_weigh_only_their_themes_terms(labelled):
    texts, _ = labelled
    m = TopicHierarchy(random_state=0, min_split=20).fit(texts)
    C = m.themes_.vectorizer_.transform(texts)
    fit = m.themes_.fit_mask_
    split = [t for t, part in enumerate(m.parts_) if part[0] is not None]
    assert split
    for t in split:
        present = np.asarray(C[fit & (m.theme_labels_ == t)].sum(axis=0)).ravel() > 0
        story_rows = m.components_[m.topic_theme_ == t]
        assert story_rows[:, ~present].sum() == 0 and story_rows[:, present].sum() > 0
