"""Target-dependent sentiment: API contract, target dependence, artefact, determinism."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from analytics.sentiment import (
    TargetSentimentClassifier,
    classify_targets,
    load_model,
    vader_scores,
)


def span(text: str, name: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(name, i + 1)
    return i, i + len(name)


def tone(text: str, name: str) -> float:
    return float(classify_targets([text], [span(text, name)])["score"].iloc[0])


def label(text: str, name: str) -> int:
    return int(classify_targets([text], [span(text, name)])["label"].iloc[0])


# ----------------------------------------------------------------- contract


def test_contract_one_row_per_input_in_order():
    texts = [
        "Lindqvist praised the new hospital.",
        "Okafor was arrested for fraud and bribery.",
        "Lindqvist praised the new hospital.",
    ]
    spans = [span(texts[0], "Lindqvist"), span(texts[1], "Okafor"), span(texts[2], "Lindqvist")]
    out = classify_targets(texts, spans)
    assert isinstance(out, pd.DataFrame)
    assert len(out) == 3
    assert list(out.columns[:2]) == ["label", "score"]
    assert out["label"].dtype.kind == "i"
    assert set(out["label"]) <= {-1, 0, 1}
    assert out["score"].between(-1, 1).all()
    assert np.allclose(out[["p_negative", "p_neutral", "p_positive"]].sum(axis=1), 1.0)
    # identical inputs give identical rows; order preserved
    assert out.iloc[0].equals(out.iloc[2])
    single = classify_targets(texts[1:2], spans[1:2])
    assert single["score"].iloc[0] == pytest.approx(out["score"].iloc[1])
    # score agrees with the label's direction
    assert ((out["score"] > 0) == (out["p_positive"] > out["p_negative"])).all()


def test_contract_empty_input():
    out = classify_targets([], [])
    assert len(out) == 0
    assert {"label", "score"} <= set(out.columns)


def test_contract_length_mismatch():
    with pytest.raises(ValueError):
        classify_targets(["a sentence"], [])


def test_odd_spans_do_not_crash():
    texts = ["", "No names here at all.", "Short.", "Trailing span Nadia"]
    spans = [(0, 0), (3, 3), (0, 100), (14, 19)]
    out = classify_targets(texts, spans)
    assert len(out) == 4 and out["score"].between(-1, 1).all()


def test_vader_scores_available():
    v = vader_scores(["A wonderful, happy success.", "A terrible, tragic disaster."])
    assert list(v.columns) == ["neg", "neu", "pos", "compound"]
    assert v["compound"].iloc[0] > 0.5 > -0.5 > v["compound"].iloc[1]


def test_deterministic():
    texts = ["Halvorsen condemned Brandt's reckless plan as a disaster."] * 2
    spans = [span(texts[0], "Halvorsen"), span(texts[0], "Brandt")]
    a = classify_targets(texts, spans)
    b = classify_targets(texts, spans)
    pd.testing.assert_frame_equal(a, b)


# --------------------------------------------------------- target dependence


def test_accuser_is_not_the_accused():
    s = "Moreau accused Castellano of lying to voters and covering up the corruption scandal."
    assert tone(s, "Castellano") < tone(s, "Moreau")
    assert label(s, "Castellano") == -1


def test_praise_goes_to_the_object():
    s = "Ramirez warmly praised Lindgren for her brave and honest leadership."
    assert label(s, "Lindgren") == 1
    assert tone(s, "Lindgren") > 0.3


def test_same_sentence_different_targets():
    s = "Okonkwo thanked Bergstrom for the generous support, while Valdez was condemned for the brutal attacks."
    assert tone(s, "Bergstrom") > tone(s, "Valdez")
    assert label(s, "Valdez") == -1


def test_possessive_target():
    s = "Tanaka's barbaric attacks on civilians have killed hundreds."
    assert label(s, "Tanaka") == -1


def test_neutral_reporting():
    s = "Dubois will meet the trade delegation in Geneva on Tuesday."
    assert label(s, "Dubois") == 0


# A small hand-labelled set (written for these tests, varied constructions).
HAND = [
    ("Kowalski praised Haddad for his calm and effective handling of the crisis.", "Haddad", 1),
    ("Critics accused Haddad of corruption and abuse of power.", "Haddad", -1),
    ("Haddad travelled to Nairobi on Monday for talks on trade.", "Haddad", 0),
    ("Voters overwhelmingly trust Ferreira, whose popularity has soared.", "Ferreira", 1),
    ("Ferreira was widely condemned for the brutal crackdown on protesters.", "Ferreira", -1),
    ("Ferreira said the meeting would take place next week.", "Ferreira", 0),
    ("The scandal has badly damaged Novak's reputation.", "Novak", -1),
    ("Novak won a landslide victory and was celebrated by jubilant supporters.", "Novak", 1),
    ("Novak is expected to announce the budget on Thursday.", "Novak", 0),
    ("Investigators say Petrov lied under oath and obstructed justice.", "Petrov", -1),
    ("Petrov was hailed as a hero for saving dozens of lives.", "Petrov", 1),
    ("Petrov spoke to reporters outside the parliament building.", "Petrov", 0),
    ("Lindqvist has been a tireless, admired champion of the poor.", "Lindqvist", 1),
    ("Lindqvist's disastrous policies have left the economy in ruins.", "Lindqvist", -1),
    ("Lindqvist was born in Uppsala and studied law.", "Lindqvist", 0),
    ("The opposition leader attacked Adeyemi as weak, dishonest and incompetent.", "Adeyemi", -1),
    ("Adeyemi thanked the volunteers for their wonderful work.", "Adeyemi", 1),
    ("Adeyemi will chair the committee's next session.", "Adeyemi", 0),
    ("Human rights groups denounced Markovic's brutal regime.", "Markovic", -1),
    ("Markovic was praised for her courage and integrity.", "Markovic", 1),
    ("Markovic arrived in Brussels late on Sunday.", "Markovic", 0),
    ("Protesters blamed Oyelaran for the deadly failures and demanded his resignation.", "Oyelaran", -1),
    ("Oyelaran is a brilliant and widely respected economist.", "Oyelaran", 1),
    ("Oyelaran told the committee that the report would be published in May.", "Oyelaran", 0),
    ("Santos was convicted of fraud and sentenced to prison.", "Santos", -1),
    ("Santos received an award for her outstanding service to the community.", "Santos", 1),
    ("Santos is scheduled to visit Lisbon next month.", "Santos", 0),
    ("Moreno mocked Weber as a dangerous liar who threatens democracy.", "Weber", -1),
    ("Moreno congratulated Weber on a remarkable and well-deserved win.", "Weber", 1),
    ("Moreno met Weber in Berlin to discuss the agenda.", "Weber", 0),
]


def test_hand_labelled_accuracy():
    texts = [t for t, _, _ in HAND]
    spans = [span(t, n) for t, n, _ in HAND]
    gold = np.array([g for _, _, g in HAND])
    pred = classify_targets(texts, spans)["label"].to_numpy()
    acc = float((pred == gold).mean())
    wrong = [(t, n, g, p) for (t, n, g), p in zip(HAND, pred) if g != p]
    assert acc >= 0.75, (acc, wrong)
    # and no polarity flips among confident classes on more than a few examples
    flips = int(((pred == 1) & (gold == -1)).sum() + ((pred == -1) & (gold == 1)).sum())
    assert flips <= 2, wrong


# ---------------------------------------------------------------- artefact


def test_artefact_loads_without_pickle():
    from importlib import resources

    ref = resources.files("analytics.sentiment").joinpath("data", "model.npz")
    raw = ref.read_bytes()
    assert len(raw) < 10_000_000
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for name in z.namelist():
            assert name.endswith(".npy")
    with np.load(io.BytesIO(raw), allow_pickle=False) as npz:  # raises if object arrays
        for k in npz.files:
            assert npz[k].dtype != object
    m = TargetSentimentClassifier.load(io.BytesIO(raw))
    assert list(m.classes_) == [-1, 0, 1]
    assert m.coef_.shape == (3, m.n_features_in_)


def test_save_load_roundtrip(tmp_path):
    m = load_model(tone_model="linear")
    path = m.save(tmp_path / "m.npz")
    m2 = TargetSentimentClassifier.load(path)
    X = [("Alvarez denounced the cruel plan.", 0, 7), ("Beck praised Alvarez.", 13, 20)]
    np.testing.assert_allclose(m.predict_proba(X), m2.predict_proba(X), rtol=1e-5, atol=1e-6)


def test_estimator_api_fit_predict_small():
    from sklearn.base import clone

    X, y = [], []
    pos = ["praised", "applauded", "thanked", "celebrated"]
    neg = ["attacked", "condemned", "blamed", "denounced"]
    for i, (p, n) in enumerate(zip(pos, neg)):
        for name in ("Ahn", "Berg", "Cruz"):
            s = f"The mayor {p} {name} for the plan."
            X.append((s, s.index(name), s.index(name) + len(name)))
            y.append(1)
            s = f"The mayor {n} {name} over the plan."
            X.append((s, s.index(name), s.index(name) + len(name)))
            y.append(-1)
            s = f"{name} visited the city {i} times."
            X.append((s, 0, len(name)))
            y.append(0)
    est = TargetSentimentClassifier(C=10.0, min_df=1, random_state=0)
    assert clone(est).get_params()["C"] == 10.0
    est.fit(X, y)
    assert hasattr(est, "coef_") and hasattr(est, "classes_")
    assert est.predict(X).tolist() == y
    p = est.predict_proba(X)
    assert p.shape == (len(X), 3) and np.allclose(p.sum(axis=1), 1)
    est2 = TargetSentimentClassifier(C=10.0, min_df=1, random_state=0).fit(X, y)
    np.testing.assert_allclose(est.coef_, est2.coef_)


def test_dataframe_input():
    m = load_model()
    df = pd.DataFrame({"text": ["Ito condemned the attack."], "start": [0], "end": [3]})
    assert m.predict(df).shape == (1,)
