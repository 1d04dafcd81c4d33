"""Tests of analytics.comentions on a small hand-made mentions table."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analytics.comentions import (
    comention_edges,
    comention_matrix,
    comention_table,
    to_networkx,
    write_graph,
)
from analytics.schema import TABLES


def _m(rows):
    df = pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "actor", "kind", "resolved"])
    df["surface"] = df["actor"]
    df["start"] = range(len(df))
    df["end"] = df["start"] + 1
    df["basis"] = ["name" if r else "" for r in df["resolved"]]
    return df[TABLES["mentions"]]


@pytest.fixture
def mentions():
    return _m([
        # doc d1: sentence 0 has A, B (A twice); sentence 1 has A, C; para 0 = sents 0,1
        ("d1", 0, 0, "A", "name", True),
        ("d1", 0, 0, "A", "alias", True),
        ("d1", 0, 0, "B", "role", True),
        ("d1", 1, 0, "A", "name", True),
        ("d1", 1, 0, "C", "discovered", True),
        # doc d2: sentence 2 has B, C; sentence 3 (para 2) has A
        ("d2", 2, 1, "B", "name", True),
        ("d2", 2, 1, "C", "name", True),
        ("d2", 3, 2, "A", "name", True),
        # never counted by default
        ("d2", 3, 2, "", "role", False),
        ("d2", 3, 2, "D", "pronoun", True),
    ])


def test_count_matrix_sentence(mentions):
    m = comention_matrix(mentions, "sentence", "count")
    assert list(m.index) == ["A", "B", "C"] and list(m.columns) == ["A", "B", "C"]
    np.testing.assert_array_equal(m.to_numpy(), m.to_numpy().T)
    assert m.loc["A", "A"] == 3  # sentences 0, 1, 3
    assert m.loc["A", "B"] == 1 and m.loc["A", "C"] == 1 and m.loc["B", "C"] == 1
    assert "D" not in m.index and "" not in m.index


def test_count_matrix_levels(mentions):
    p = comention_matrix(mentions, "paragraph")
    assert p.loc["A", "B"] == 1 and p.loc["A", "C"] == 1 and p.loc["B", "C"] == 2
    assert p.loc["A", "A"] == 2
    d = comention_matrix(mentions, "document")
    assert d.loc["A", "B"] == 2 and d.loc["A", "A"] == 2


def test_pronouns_can_be_included(mentions):
    m = comention_matrix(mentions, "sentence", include_pronouns=True)
    assert m.loc["A", "D"] == 1


def test_jaccard_and_npmi(mentions):
    j = comention_matrix(mentions, "sentence", "jaccard")
    # A in {0,1,3}, B in {0,2}: intersection 1, union 4
    assert j.loc["A", "B"] == pytest.approx(0.25)
    assert j.loc["A", "A"] == 1.0
    n = comention_matrix(mentions, "sentence", "npmi")
    # N = 4 sentences with counted mentions; p_ab = 1/4, p_a = 3/4, p_b = 2/4
    expected = math.log(0.25 / (0.75 * 0.5)) / -math.log(0.25)
    assert n.loc["A", "B"] == pytest.approx(expected)
    assert (n.to_numpy() >= -1).all() and (n.to_numpy() <= 1).all()
    n2 = comention_matrix(mentions, "sentence", "npmi", n_units=100)
    assert n2.loc["A", "B"] > n.loc["A", "B"]


def test_min_count(mentions):
    m = comention_matrix(mentions, "paragraph", "count", min_count=2)
    assert list(m.index) == ["A", "B", "C"]
    assert m.loc["A", "B"] == 0 and m.loc["B", "C"] == 2
    e = comention_edges(mentions, "paragraph", min_count=2)
    assert e[["source", "target"]].values.tolist() == [["B", "C"]]
    m3 = comention_matrix(mentions, "sentence", min_count=3)
    assert list(m3.index) == ["A"]


def test_edges_tidy_and_sorted(mentions):
    e = comention_edges(mentions, "paragraph", "count")
    assert list(e.columns) == TABLES["comentions"]
    assert (e["source"] < e["target"]).all()
    assert e.iloc[0][["source", "target", "weight", "n_units"]].tolist() == ["B", "C", 2.0, 2]
    assert e["weight"].is_monotonic_decreasing
    assert set(e["level"]) == {"paragraph"} and set(e["measure"]) == {"count"}
    again = comention_edges(mentions.sample(frac=1, random_state=3), "paragraph", "count")
    pd.testing.assert_frame_equal(e, again)


def test_table_has_three_levels(mentions):
    t = comention_table(mentions)
    assert list(t.columns) == TABLES["comentions"]
    assert list(dict.fromkeys(t["level"])) == ["sentence", "paragraph", "document"]


def test_empty_and_bad_arguments():
    empty = pd.DataFrame(columns=TABLES["mentions"])
    assert comention_matrix(empty).empty
    assert list(comention_edges(empty).columns) == TABLES["comentions"]
    assert len(comention_table(empty)) == 0
    with pytest.raises(ValueError):
        comention_matrix(empty, level="chapter")
    with pytest.raises(ValueError):
        comention_edges(empty, measure="cosine")


def test_networkx_from_mentions_and_edges(mentions, tmp_path):
    g = to_networkx(mentions, level="paragraph")
    assert set(g.nodes) == {"A", "B", "C"}
    assert g.nodes["A"]["mentions"] == 4 and g.nodes["B"]["mentions"] == 2
    assert g.edges["B", "C"]["weight"] == 2.0 and g.edges["B", "C"]["n_units"] == 2
    g2 = to_networkx(comention_table(mentions), level="paragraph")
    assert set(g2.edges) == set(g.edges)
    for ext in (".graphml", ".gexf"):
        p = write_graph(g, tmp_path / f"net{ext}")
        back = nx.read_graphml(p) if ext == ".graphml" else nx.read_gexf(p)
        assert set(back.nodes) == {"A", "B", "C"}
        assert back.number_of_edges() == g.number_of_edges()
    with pytest.raises(ValueError):
        write_graph(g, tmp_path / "net.png")
