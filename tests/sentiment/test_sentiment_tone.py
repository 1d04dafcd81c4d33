"""Tone tables (tone, leaders, leader_documents) and tone charts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import schema
from analytics.sentiment import leader_documents, leader_summary, tone_table


def _doc(doc_id: str, sentences: list[str]):
    """sentences table for one document whose text is the sentences joined by spaces."""
    rows, pos = [], 0
    for k, s in enumerate(sentences):
        rows.append({"doc_id": doc_id, "sent_id": k, "para_id": 0, "start": pos,
                     "end": pos + len(s), "text": s})
        pos += len(s) + 1
    return pd.DataFrame(rows)


def _mention(sents: pd.DataFrame, sent_id: int, surface: str, actor: str, kind="name"):
    s = sents[sents["sent_id"] == sent_id].iloc[0]
    i = s["text"].index(surface)
    return {"doc_id": s["doc_id"], "sent_id": sent_id, "para_id": 0, "actor": actor,
            "surface": surface, "start": int(s["start"]) + i,
            "end": int(s["start"]) + i + len(surface), "kind": kind, "resolved": bool(actor)}


@pytest.fixture(scope="module")
def small():
    sents = pd.concat([
        _doc("d1", ["Moreau accused Castellano of lying to voters.",
                    "Castellano met officials in Rome on Monday.",
                    "Analysts praised Moreau for her steady leadership."]),
        _doc("d2", ["The unnamed official declined to comment.",
                    "Castellano's disastrous plan was condemned by critics."]),
    ], ignore_index=True)
    ment = pd.DataFrame([
        _mention(sents[sents.doc_id == "d1"], 0, "Moreau", "Anne Moreau"),
        _mention(sents[sents.doc_id == "d1"], 0, "Castellano", "Luca Castellano"),
        _mention(sents[sents.doc_id == "d1"], 1, "Castellano", "Luca Castellano"),
        _mention(sents[sents.doc_id == "d1"], 2, "Moreau", "Anne Moreau"),
        _mention(sents[sents.doc_id == "d2"], 0, "official", "", kind="role"),
        _mention(sents[sents.doc_id == "d2"], 1, "Castellano", "Luca Castellano"),
    ])
    return sents, ment


def test_tone_table_contract(small):
    sents, ment = small
    tone = tone_table(sents, ment)
    assert list(tone.columns[:len(schema.TABLES["tone"])]) == schema.TABLES["tone"]
    assert len(tone) == 5  # the unresolved mention is skipped
    assert (tone["actor"] != "").all()
    assert set(tone["label"]) <= {-1, 0, 1}
    assert tone["score"].between(-1, 1).all()
    # offsets are the mentions' offsets in the document
    resolved = ment[ment["actor"] != ""].reset_index(drop=True)
    assert tone["start"].tolist() == resolved["start"].tolist()
    assert tone["end"].tolist() == resolved["end"].tolist()
    assert tone["sent_id"].tolist() == resolved["sent_id"].tolist()
    # target-dependent: in sentence 0 of d1 the accused is scored lower than the accuser
    s0 = tone[(tone.doc_id == "d1") & (tone.sent_id == 0)].set_index("actor")["score"]
    assert s0["Luca Castellano"] < s0["Anne Moreau"]


def test_tone_table_matches_classify_targets(small):
    from analytics.sentiment import classify_targets

    sents, ment = small
    tone = tone_table(sents, ment)
    s = sents.iloc[0]
    out = classify_targets([s["text"]], [(15, 25)])
    assert tone["score"].iloc[1] == pytest.approx(out["score"].iloc[0])


def test_tone_table_empty():
    sents = _doc("d1", ["Nothing here."])
    empty = pd.DataFrame(columns=schema.TABLES["mentions"])
    t = tone_table(sents, empty)
    assert len(t) == 0 and list(t.columns[:len(schema.TABLES["tone"])]) == schema.TABLES["tone"]
    assert len(leader_summary(t)) == 0
    assert len(leader_documents(t)) == 0
    assert list(leader_summary(t).columns) == schema.TABLES["leaders"]


def _synthetic_tone(n_docs: int, per_doc: int, actor: str, seed: int, doc_prefix="d"):
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_docs):
        slant = rng.normal(0, 0.4)  # article-level slant: mentions cluster in articles
        for k in range(per_doc):
            s = float(np.clip(slant + rng.normal(0, 0.2), -1, 1))
            rows.append({"doc_id": f"{doc_prefix}{d}", "sent_id": k, "actor": actor,
                         "kind": "name", "label": int(np.sign(s) if abs(s) > 0.2 else 0),
                         "score": s, "start": 0, "end": 1})
    return pd.DataFrame(rows, columns=schema.TABLES["tone"])


def test_leader_summary_contract_and_determinism():
    tone = pd.concat([
        _synthetic_tone(30, 4, "Many Docs", 1),
        _synthetic_tone(3, 4, "Few Docs", 2, doc_prefix="e"),
        _synthetic_tone(1, 3, "One Doc", 3, doc_prefix="f"),
    ], ignore_index=True)
    a = leader_summary(tone, n_boot=500, random_state=7)
    b = leader_summary(tone, n_boot=500, random_state=7)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == schema.TABLES["leaders"]
    assert a["actor"].tolist() == ["Many Docs", "Few Docs", "One Doc"]  # mentions desc
    assert a["mentions"].tolist() == [120, 12, 3]
    assert a["documents"].tolist() == [30, 3, 1]
    for r in a.itertuples():
        assert r.share_positive + r.share_neutral + r.share_negative == pytest.approx(1.0)
    many = a.iloc[0]
    assert many.tone_ci_low <= many.tone_mean <= many.tone_ci_high
    # fewer than MIN_ARTICLES articles: no interval at all, and flagged
    assert a.iloc[1:][["tone_ci_low", "tone_ci_high"]].isna().all().all()
    ex = tone.groupby("actor")["score"].mean()
    assert a.set_index("actor")["tone_mean"].to_dict() == pytest.approx(ex.to_dict())
    assert a["low_evidence"].tolist() == [False, True, True]
    assert a["low_evidence"].dtype == bool


def test_ci_widens_with_fewer_documents():
    # same number of mentions, fewer documents -> wider interval (clustering respected)
    many = _synthetic_tone(40, 2, "A", 11)
    few = _synthetic_tone(5, 16, "B", 12, doc_prefix="x")
    s = leader_summary(pd.concat([many, few], ignore_index=True), n_boot=1000).set_index("actor")
    width = s["tone_ci_high"] - s["tone_ci_low"]
    assert width["B"] > width["A"]
    # and a subset of the documents of one actor gives a wider interval than all of them
    sub = many[many["doc_id"].isin([f"d{i}" for i in range(5)])]
    w_sub = leader_summary(sub, n_boot=1000).iloc[0]
    w_all = s.loc["A"]
    assert (w_sub.tone_ci_high - w_sub.tone_ci_low) > (w_all.tone_ci_high - w_all.tone_ci_low)


def test_cluster_bootstrap_wider_than_mention_bootstrap():
    # strong article slant: treating mentions as independent would understate uncertainty
    tone = _synthetic_tone(6, 30, "A", 5)
    s = leader_summary(tone, n_boot=1000).iloc[0]
    sd = tone["score"].std(ddof=1) / np.sqrt(len(tone))
    assert (s.tone_ci_high - s.tone_ci_low) > 2 * 1.96 * sd


def test_low_evidence_thresholds():
    tone = _synthetic_tone(2, 2, "A", 3)
    assert leader_summary(tone, n_boot=100).iloc[0]["low_evidence"]  # 4 mentions < 5
    assert not leader_summary(tone, n_boot=100, min_mentions=4,
                              min_documents=2).iloc[0]["low_evidence"]
    # the default asks for MIN_ARTICLES articles, whatever the mentions
    assert leader_summary(tone, n_boot=100, min_mentions=1).iloc[0]["low_evidence"]
    assert leader_summary(tone, n_boot=100, min_mentions=1, min_documents=3).iloc[0]["low_evidence"]


def test_leader_summary_string_labels_and_no_boot():
    tone = _synthetic_tone(5, 3, "A", 4)
    tone["label"] = tone["label"].map({-1: "negative", 0: "neutral", 1: "positive"})
    s = leader_summary(tone, n_boot=0)
    assert np.isnan(s["tone_ci_low"].iloc[0])
    assert s[["share_positive", "share_neutral", "share_negative"]].sum(axis=1).iloc[0] == pytest.approx(1)


def test_leader_summary_scales():
    import time

    rng = np.random.default_rng(0)
    n = 60_000
    tone = pd.DataFrame({
        "doc_id": rng.integers(0, 20_000, n).astype(str),
        "sent_id": 0, "actor": rng.integers(0, 300, n).astype(str), "kind": "name",
        "label": rng.integers(-1, 2, n), "score": rng.uniform(-1, 1, n), "start": 0, "end": 1,
    })
    t = time.perf_counter()
    s = leader_summary(tone, n_boot=300)
    assert time.perf_counter() - t < 20
    assert len(s) == 300


def test_leader_documents():
    tone = pd.concat([_synthetic_tone(3, 2, "A", 1), _synthetic_tone(2, 3, "B", 2)],
                     ignore_index=True)
    ld = leader_documents(tone)
    assert list(ld.columns) == schema.TABLES["leader_documents"]
    assert len(ld) == 5
    assert ld.groupby("actor")["mentions"].sum().to_dict() == {"A": 6, "B": 6}
    r = ld[(ld.actor == "B") & (ld.doc_id == "d1")].iloc[0]
    sub = tone[(tone.actor == "B") & (tone.doc_id == "d1")]
    assert r.tone_mean == pytest.approx(sub["score"].mean())


def test_tone_charts_return_figures(small):
    import matplotlib.figure

    from analytics.plotting import tone as tp

    sents, ment = small
    tone = pd.concat([_synthetic_tone(8, 3, "A", 1), _synthetic_tone(1, 2, "B", 2, "z"),
                      tone_table(sents, ment)], ignore_index=True)
    leaders = leader_summary(tone, n_boot=200)
    for fig in (tp.tone_by_leader(leaders), tp.tone_distribution(tone),
                tp.tone_by_document(leader_documents(tone))):
        assert isinstance(fig, matplotlib.figure.Figure)
    empty = leader_summary(tone.iloc[:0])
    assert isinstance(tp.tone_by_leader(empty), matplotlib.figure.Figure)
    assert isinstance(tp.tone_distribution(tone.iloc[:0]), matplotlib.figure.Figure)
    assert isinstance(tp.tone_by_document(leader_documents(tone.iloc[:0])), matplotlib.figure.Figure)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert tp.tone_by_leader(leaders, ax=ax) is fig
    plt.close("all")


def test_tone_table_locates_mentions_by_offsets(small):
    sents, ment = small
    m = ment.copy()
    m.loc[1, "sent_id"] = 99  # wrong / missing sentence id: found again by offsets
    far = m.iloc[[0]].copy()
    far["start"], far["end"] = 10_000, 10_006  # outside every sentence: dropped
    m = pd.concat([m, far], ignore_index=True)
    tone = tone_table(sents, m)
    ref = tone_table(sents, ment)
    assert len(tone) == len(ref)
    assert tone["sent_id"].tolist() == ref["sent_id"].tolist()
    np.testing.assert_allclose(tone["score"], ref["score"])


def test_tone_model_choice(small):
    """``tone_model="linear"`` scores with the linear model alone; the default differs."""
    from analytics.sentiment import classify_targets
    from analytics.cli import analyze_options, build_parser

    sents, ment = small
    lin = tone_table(sents, ment, tone_model="linear")
    default = tone_table(sents, ment)
    s = sents.iloc[0]
    want = classify_targets([s["text"]], [(15, 25)], tone_model="linear")["score"].iloc[0]
    assert lin["score"].iloc[1] == pytest.approx(want)
    assert not np.allclose(lin["score"], default["score"])
    with pytest.raises(ValueError, match="unknown tone_model 'bert'"):
        tone_table(sents, ment, tone_model="bert")
    args = build_parser().parse_args(["analyze", "--tone-model", "linear", "seeds", "--out", "o"])
    assert analyze_options(args)["tone_model"] == "linear"
    assert analyze_options(build_parser().parse_args(["analyze", "seeds", "--out", "o"]))["tone_model"] == "default"


def test_backend_keyword_is_a_deprecated_alias_of_tone_model(small):
    """``backend=`` (the old name of the tone model) still works, with a warning that
    points at the caller; it cannot contradict ``tone_model``."""
    from analytics.sentiment import classify_targets

    sents, ment = small
    lin = tone_table(sents, ment, tone_model="linear")
    with pytest.warns(DeprecationWarning, match="use 'tone_model'") as caught:
        old = tone_table(sents, ment, backend="linear")
    assert caught[0].filename == __file__
    pd.testing.assert_frame_equal(old, lin)
    text, span = sents.iloc[0]["text"], [(15, 25)]
    with pytest.warns(DeprecationWarning, match="use 'tone_model'") as caught:
        got = classify_targets([text], span, backend="linear")
    assert caught[0].filename == __file__
    pd.testing.assert_frame_equal(got, classify_targets([text], span, tone_model="linear"))
    with pytest.warns(DeprecationWarning), pytest.raises(TypeError, match="pass tone_model only"):
        classify_targets([text], span, tone_model="minilm", backend="linear")
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="unknown tone_model"):
        tone_table(sents, ment, backend="bert")


def test_document_label_band_and_mention_agreement():
    from analytics.sentiment import document_label
    from analytics.sentiment.tone import DOCUMENT_NEGATIVE_BELOW, DOCUMENT_POSITIVE_ABOVE

    assert (DOCUMENT_NEGATIVE_BELOW, DOCUMENT_POSITIVE_ABOVE) == (-0.35, 0.0)
    means = [-0.9, -0.35, -0.2, 0.0, 0.05, np.nan]
    assert document_label(means).tolist() == [-1, 0, 0, 0, 1, 0]
    # a positive or negative document label needs a mention with that label
    assert document_label([0.3, 0.3, -0.5, -0.5], [0.0, 0.5, 0.0, 0.0],
                          [0.0, 0.0, 0.0, 0.5]).tolist() == [0, 1, 0, -1]


def test_leader_documents_label_on_real_sentences():
    docs = {
        "attack": ["Okafor was condemned for lying to voters about the failed, corrupt contract.",
                   "Critics called Okafor a disgrace and accused her of fraud."],
        "praise": ["Okafor was widely praised for her calm, competent handling of the crisis.",
                   "Residents said Okafor had been generous and honest with them."],
        "plain": ["Okafor will speak at the conference in Lagos on Monday.",
                  "Okafor arrived in the city on Sunday evening."],
    }
    sents = pd.concat([_doc(k, v) for k, v in docs.items()], ignore_index=True)
    ment = pd.DataFrame([_mention(sents[sents.doc_id == k], i, "Okafor", "Okafor")
                         for k, v in docs.items() for i in range(len(v))])
    ld = leader_documents(tone_table(sents, ment)).set_index("doc_id")
    assert ld["label"].to_dict() == {"attack": -1, "plain": 0, "praise": 1}
    # the plain document's mean tone is above zero, but no mention of it is positive
    assert ld.loc["plain", "share_positive"] == 0.0
