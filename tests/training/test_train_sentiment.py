"""Training data loader and training script (fast: a small slice of NewsMTSC)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analytics.sentiment import TargetSentimentClassifier
from analytics.training.sentiment import DEFAULT_DATA, article_id, expand, load_newsmtsc, main


def test_article_id():
    assert article_id("allsides_1000_401_25_Reality Leigh Winner_0_6") == "allsides_1000_401"
    assert article_id("polusa_v1_113704059_-1_35_Northam_148_155") == "polusa_v1_113704059"


def _tiny(tmp_path: Path) -> Path:
    rows = []
    for k in range(12):
        name = f"Person{k}"
        s = f"Critics praised {name} for the wonderful reform." if k % 3 == 0 else (
            f"Critics attacked {name} over the disastrous reform." if k % 3 == 1 else
            f"{name} visited the town on Monday.")
        i = s.index(name)
        pol = {0: 6.0, 1: 2.0, 2: 4.0}[k % 3]
        rows.append({"primary_gid": f"allsides_{k}_1_0_{name}_{i}_{i + len(name)}",
                     "sentence_normalized": s,
                     "targets": [{"from": i, "to": i + len(name), "mention": name,
                                  "polarity": pol,
                                  "further_mentions": [{"from": 0, "to": 7, "mention": "Critics"}]
                                  if k == 0 else []}]})
    p = tmp_path / "tiny.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return p


def test_load_and_expand(tmp_path):
    df = load_newsmtsc(_tiny(tmp_path))
    assert len(df) == 12
    assert set(df["label"]) == {-1, 0, 1}
    X, y, w = expand(df)
    assert len(X) == 13 and w.tolist().count(1.0) == 12  # one further mention, weighted less


def test_training_script_is_deterministic(tmp_path):
    data = _tiny(tmp_path)
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    params = json.dumps({"min_df": 1, "C": 5.0})
    assert main(["--data", str(data), "--out", str(a), "--params", params, "--linear-only"]) == 0
    assert main(["--data", str(data), "--out", str(b), "--params", params, "--linear-only"]) == 0
    ma, mb = TargetSentimentClassifier.load(a), TargetSentimentClassifier.load(b)
    np.testing.assert_array_equal(ma.coef_, mb.coef_)
    X = [("Critics praised Zed for the wonderful reform.", 16, 19)]
    assert ma.predict(X).tolist() == [1]


@pytest.mark.skipif(not DEFAULT_DATA.exists(), reason="NewsMTSC copy not present")
def test_repository_copy_of_newsmtsc():
    df = load_newsmtsc(DEFAULT_DATA)
    assert len(df) > 8000
    assert (DEFAULT_DATA.parent / "NOTICE.md").exists()
    assert df["label"].value_counts().min() > 2000
