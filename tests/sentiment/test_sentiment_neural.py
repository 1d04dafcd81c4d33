"""The neural half of the default tone model: numpy BiGRU, its artefact, the ensemble."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sentiment import (
    ENSEMBLE_WEIGHTS,
    NeuralTargetClassifier,
    TargetEnsemble,
    TargetSentimentClassifier,
    classify_targets,
    load_model,
)
from analytics.sentiment.ensemble import geometric_mean
from analytics.sentiment.neural import PROBES
from analytics.sentiment.wordpiece import WordPiece


@pytest.fixture(scope="module")
def neural() -> NeuralTargetClassifier:
    return load_model().named_estimators_["bigru"]


def _span(text, name):
    i = text.index(name)
    return i, i + len(name)


SENTENCES = [
    ("Moreau accused Castellano of lying to voters and covering up the scandal.", "Castellano"),
    ("Moreau accused Castellano of lying to voters and covering up the scandal.", "Moreau"),
    ("Ramirez warmly praised Lindgren for her brave and honest leadership.", "Lindgren"),
    ("Dubois will meet the trade delegation in Geneva on Tuesday.", "Dubois"),
    ("Tanaka's barbaric attacks on civilians have killed hundreds.", "Tanaka"),
    ("“We will never accept this,” said Okafor, visibly angry, after the vote in the "
     "assembly on Wednesday night, which his party lost by a wide margin.", "Okafor"),
    ("Short.", "Short"),
]


def test_shipped_artefact_is_plain_arrays_and_matches_the_trainer():
    from importlib import resources

    raw = resources.files("analytics.sentiment").joinpath("data", "bigru.npz").read_bytes()
    assert len(raw) < 15_000_000
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert all(name.endswith(".npy") for name in z.namelist())
    with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)
    m = NeuralTargetClassifier.load(io.BytesIO(raw))
    # the numpy forward pass reproduces the PyTorch probabilities stored at training time
    assert m.check_probes(atol=1e-4) <= 1e-4
    assert m.probes_.shape == (len(PROBES), 3)
    assert m.metadata_["cv_macro_f1"] > 0.66  # grouped CV recorded by the training script


def test_batching_and_order_do_not_change_probabilities(neural):
    texts = [t for t, _ in SENTENCES]
    spans = [_span(t, n) for t, n in SENTENCES]
    p1 = neural.predict_proba(texts, spans, batch_size=1)
    p_all = neural.predict_proba(texts, spans, batch_size=256)
    np.testing.assert_allclose(p1, p_all, atol=1e-6)
    rev = neural.predict_proba(texts[::-1], spans[::-1], batch_size=3)
    np.testing.assert_allclose(rev[::-1], p_all, atol=1e-6)
    assert np.allclose(p_all.sum(axis=1), 1.0)


def test_neural_model_is_target_dependent(neural):
    s = SENTENCES[0][0]
    p = neural.predict_proba([s, s], [_span(s, "Castellano"), _span(s, "Moreau")])
    score = p[:, 2] - p[:, 0]
    assert score[0] < score[1]
    assert neural.predict([s], [_span(s, "Castellano")]).tolist() == [-1]
    s = SENTENCES[2][0]
    assert neural.predict([s], [_span(s, "Lindgren")]).tolist() == [1]


def test_odd_inputs(neural):
    texts = ["", "   ", "Putin", "x" * 5000, "Zelensky met Trump."]
    spans = [(0, 0), (1, 2), (0, 5), (10, 20), (40, 50)]
    p = neural.predict_proba(texts, spans)
    assert p.shape == (5, 3) and np.isfinite(p).all()


def test_save_load_roundtrip(tmp_path, neural):
    path = neural.save(tmp_path / "g.npz", metadata={"note": "copy"})
    again = load_model(path)  # the kind is read from the file
    assert isinstance(again, NeuralTargetClassifier)
    assert again.metadata_ == {"note": "copy"}
    texts = [t for t, _ in SENTENCES]
    spans = [_span(t, n) for t, n in SENTENCES]
    np.testing.assert_array_equal(again.predict_proba(texts, spans), neural.predict_proba(texts, spans))
    lin = load_model(tone_model="linear").save(tmp_path / "l.npz")
    assert isinstance(load_model(lin), TargetSentimentClassifier)


def test_not_fitted_and_wrong_artefact(tmp_path):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        NeuralTargetClassifier().predict_proba(["a"], [(0, 1)])
    lin = load_model(tone_model="linear").save(tmp_path / "l.npz")
    with pytest.raises(ValueError, match="not a NeuralTargetClassifier"):
        NeuralTargetClassifier.load(lin)


def test_default_backend_is_the_weighted_ensemble():
    texts = [t for t, _ in SENTENCES]
    spans = [_span(t, n) for t, n in SENTENCES]
    ens = load_model()
    lin = ens.named_estimators_["linear"].predict_proba(texts, spans)
    neu = ens.named_estimators_["bigru"].predict_proba(texts, spans)
    want = geometric_mean([lin, neu], ENSEMBLE_WEIGHTS)
    got = classify_targets(texts, spans)[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    np.testing.assert_allclose(got, want, atol=1e-9)
    only_lin = classify_targets(texts, spans, tone_model="linear")
    np.testing.assert_allclose(only_lin[["p_negative", "p_neutral", "p_positive"]].to_numpy(), lin,
                               atol=1e-9)


def test_geometric_mean_properties():
    a = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    b = np.array([[0.2, 0.2, 0.6], [0.3, 0.4, 0.3]])
    np.testing.assert_allclose(geometric_mean([a, a], [1, 1]), a)
    np.testing.assert_allclose(geometric_mean([a, b], [1, 0]), a)
    g = geometric_mean([a, b], [0.5, 0.5])
    assert np.allclose(g.sum(axis=1), 1)
    expect = np.sqrt(a * b)
    np.testing.assert_allclose(g, expect / expect.sum(axis=1, keepdims=True))


def test_ensemble_checks_classes():
    class Odd:
        classes_ = np.array([0, 1])

    with pytest.raises(ValueError, match="expected"):
        TargetEnsemble.from_fitted([("odd", Odd())])


# ------------------------------------------------------------------ tokenizer

@pytest.fixture(scope="module")
def tok(neural) -> WordPiece:
    return neural._tokenizer()


def test_wordpiece_offsets_point_into_the_text(tok):
    text = "Zelenskyy’s “coalition of the willing” — Sir Keir Starmer, the café owner."
    ids, offs = tok.encode(text, max_len=512)
    assert ids[0] == tok.cls and ids[-1] == tok.sep
    for (a, b) in offs[1:-1]:
        assert 0 <= a < b <= len(text) and text[a:b].strip() == text[a:b]
    words = [w for w, _, _ in tok.words(text)]
    assert "cafe" in words and "’" in words and "“" in words


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9 .,'-_\t\n’“”—éüÖ€©\u200b\xad\x01\x7f\u3000")),
               max_size=40))
def test_wordpiece_fast_split_equals_reference(tok, text):
    assert tok.words(text) == tok.words_slow(text)
