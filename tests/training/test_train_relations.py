"""Training the relation classifier: fit, offsets, pickle-free round trip, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.sentiment.relations import RelationClassifier
from analytics.training import relations as train_rel

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tone" / "accusations.jsonl"


def _pairs() -> pd.DataFrame:
    """The accusation sentences as labelled pairs, plus neutral pairs of the same people."""
    rows = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        t = r["text"]
        a, b = t.index(r["source"]), t.index(r["target"])
        sa, sb = (a, a + len(r["source"])), (b, b + len(r["target"]))
        first, second = (sa, sb) if a < b else (sb, sa)
        if r["polarity"] > 0:
            y = 1 if a < b else 2
        else:
            y = 3 if a < b else 4
        rows.append({"text": t, "first": first, "second": second, "label": y, "group": t})
        n = f"{r['source']} met {r['target']} in Geneva on Friday."
        rows.append({"text": n, "first": (0, len(r["source"])),
                     "second": (n.index(r["target"], len(r["source"])),
                                n.index(r["target"], len(r["source"])) + len(r["target"])),
                     "label": 0, "group": n})
    return pd.DataFrame(rows)


def test_fit_save_load_and_determinism(tmp_path):
    df = _pairs()
    feats = train_rel.features(df)
    y = df["label"].to_numpy()
    m1 = train_rel.fit(feats, y, C=1.0)
    m2 = train_rel.fit(feats, y, C=1.0)
    np.testing.assert_array_equal(m1.coef, m2.coef)
    pred = m1.predict(feats)
    assert train_rel.macro_f1(y, pred) >= 0.8  # learns its own training pairs
    back = RelationClassifier.load(m1.save(tmp_path / "rel.npz"))
    np.testing.assert_allclose(back.predict_proba(feats), m1.predict_proba(feats), rtol=1e-5)
    with np.load(tmp_path / "rel.npz", allow_pickle=False) as z:
        assert z["vocabulary"].dtype.kind == "U"


def test_class_offsets_never_lower_macro_f1():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 5, 300)
    proba = rng.dirichlet(np.ones(5), 300)
    proba[np.arange(300), y] += 0.2
    proba /= proba.sum(axis=1, keepdims=True)
    off = train_rel.class_offsets(y, proba)
    base = train_rel.macro_f1(y, proba.argmax(axis=1))
    tuned = train_rel.macro_f1(y, (np.log(proba) + off).argmax(axis=1))
    assert off[0] == 0 and tuned >= base


def test_loader_keeps_pairs_in_sentence_order(tmp_path):
    line = {"id": "x-1", "sentence": "Lula criticised Bolsonaro over the Amazon.",
            "p": {"text": "Bolsonaro", "start": 16, "end": 25},
            "q": {"text": "Lula", "start": 0, "end": 4}, "label": 4,
            "label_name": "negative_q_to_p"}
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    r = train_rel.load(path).iloc[0]
    # q (Lula) comes first: the pair is swapped and so is the direction
    assert r["first"] == (0, 4) and r["second"] == (16, 25) and r["label"] == 3
