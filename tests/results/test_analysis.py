"""The Analysis object: its tables, saving and loading them, and drilling down."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics import schema

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def analysis(seeds_analysis):
    return seeds_analysis


def test_analysis_has_every_documented_table(analysis):
    for name, cols in schema.TABLES.items():
        df = getattr(analysis, name)
        assert list(df.columns[: len(cols)]) == cols, name
    docs = analysis.documents
    assert len(docs) == 5 and (docs["status"] == "ok").all()
    assert (docs["n_sentences"] > 0).all()
    assert docs.loc[docs["doc_id"].str.startswith("004"), "title"].iloc[0].startswith(
        "Starmer Calls On Europe")
    assert "documents analysed" in repr(analysis)


def test_save_and_load_round_trip_equal(analysis, tmp_path):
    out = analysis.save(tmp_path / "tables")
    for name in schema.TABLES:
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
    back = analytics.Analysis.load(out)
    for name, df in analysis.tables.items():
        pd.testing.assert_frame_equal(df, back.tables[name], check_dtype=False, obj=name)
    # CSV alone also round-trips the foundation tables
    for p in out.glob("*.parquet"):
        p.unlink()
    csv_back = analytics.Analysis.load(out)
    for name in ("documents", "sentences", "removed", "paragraphs"):
        pd.testing.assert_frame_equal(analysis.tables[name], csv_back.tables[name],
                                      check_dtype=False, obj=name)


def test_save_is_atomic_when_interrupted(analysis, tmp_path, monkeypatch):
    out = analysis.save(tmp_path / "tables")
    before = (out / "documents.csv").read_bytes()

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(KeyboardInterrupt):
        analysis.save(out)
    assert (out / "documents.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tables")]


def test_same_input_gives_byte_identical_tables(analysis, tmp_path):
    a = analysis.save(tmp_path / "a")
    b = analytics.analyze(SEEDS, progress=False).save(tmp_path / "b")
    for f in sorted(a.glob("*.csv")):
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


def test_drilldown_methods_show_the_text_behind_numbers(analysis):
    pair = analysis.sentences_with("Keir Starmer", "Donald Trump")
    assert len(pair) > 0
    m = analysis.mentions
    for row in pair.itertuples():
        here = set(m.loc[(m["doc_id"] == row.doc_id) & (m["sent_id"] == row.sent_id), "actor"])
        assert {"Keir Starmer", "Donald Trump"} <= here
    assert pair["text"].str.contains("Sir Keir and Trump").any()
    hits = analysis.kwic("coalition of the willing")
    assert len(hits) >= 2
    topic = analysis.topics["topic"].iloc[0]
    paras = analysis.topic_paragraphs(topic)
    assert len(paras) == int(analysis.topics["size"].iloc[0])
    ev = analysis.stance_evidence_for(analysis.stance["actor"].iloc[0])
    assert len(ev) >= 1


def test_saved_folders_have_normal_permissions(analysis, tmp_path):
    out = analysis.save(tmp_path / "perm")
    mode = stat.S_IMODE(os.stat(out).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask


def test_claims_and_concepts_of_an_analysis_without_an_issue_list(tmp_path):
    """A corpus the bundled issues do not cover: the claims of each person, grouped
    into concepts, through the saved analysis too."""
    import analytics

    texts = [
        "ID cards row deepens\n\nCharles Kennedy rejected the ID cards bill on Monday. "
        "Tony Blair defended identity cards in the Commons.",
        "Tories join revolt\n\nMichael Howard opposed the ID card scheme after a long "
        "debate. Mr Howard said the cost was too high.",
    ]
    a = analytics.analyze(texts, progress=False, n_topics=1, out=tmp_path / "out")
    cl = a.claims()
    assert {"Charles Kennedy", "Tony Blair", "Michael Howard"} <= set(cl["actor"])
    tables = a.concepts()
    cc = tables["claim_concepts"]
    cards = set(cc.loc[cc["actor"].isin(["Charles Kennedy", "Michael Howard", "Tony Blair"]),
                       "concept"])
    assert len(cards) == 1  # one concept for three wordings
    net = tables["concept_network"]
    agree = net[net["kind"] == "agreement"]
    assert {frozenset(p) for p in zip(agree["source"], agree["target"])} == {
        frozenset({"Charles Kennedy", "Michael Howard"})}
    # the same from the saved tables
    again = analytics.Analysis.load(tmp_path / "out")
    pd.testing.assert_frame_equal(again.claims(), cl)
