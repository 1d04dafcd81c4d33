"""Who criticises or praises whom: evidence rows, the relations table, the network."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.figure
import networkx as nx
import pandas as pd
import pytest
from fixtures.stand_in_mentions import sentence_tables

from analytics import schema
from analytics.errors import InputError
from analytics.plotting.tone import relation_network
from analytics.sentiment import tone_table
from analytics.sentiment.relations import (relation_evidence, relation_graph, relation_table,
                                           write_network)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tone" / "accusations.jsonl"


@pytest.fixture(scope="module")
def accusations():
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    sents, ments = sentence_tables([(r["text"], [(r["source"], r["source"]), (r["target"], r["target"])])
                            for r in rows])
    return rows, sents, tone_table(sents, ments)


def test_relation_evidence_reads_who_accuses_whom(accusations):
    rows, sents, tone = accusations
    ev = relation_evidence(sents, tone)
    assert list(ev.columns[:len(schema.TABLES["relation_evidence"])]) == \
        schema.TABLES["relation_evidence"]
    found = {(r.doc_id, r.source, r.target, r.polarity) for r in ev.itertuples()}
    right = sum((f"d{k:03d}", r["source"], r["target"], r["polarity"]) in found
                for k, r in enumerate(rows))
    assert right / len(rows) >= 0.85
    # never the other way round
    wrong_way = sum((f"d{k:03d}", r["target"], r["source"], r["polarity"]) in found
                    for k, r in enumerate(rows))
    assert wrong_way <= 2
    assert ev["text"].isin(sents["text"]).all()


def test_relation_evidence_no_relation_between_people_merely_together():
    sents, ments = sentence_tables([("Johnson met Macron in Paris on Monday.",
                             [("Johnson", "J"), ("Macron", "M")]),
                            ("Scholz and Draghi arrived in Brussels for the summit.",
                             [("Scholz", "S"), ("Draghi", "D")])])
    assert len(relation_evidence(sents, tone_table(sents, ments))) == 0


def _evidence():
    rows = [("d1", 0, "A", "B", -1, 0.9, "A accused B of lying."),
            ("d1", 3, "A", "B", -1, 0.8, "A attacked B again."),
            ("d2", 1, "A", "B", -1, 0.7, "A slammed B."),
            ("d2", 2, "B", "A", 1, 0.6, "B praised A."),
            ("d3", 0, "C", "A", -1, 0.9, "C criticised A.")]
    return pd.DataFrame(rows, columns=schema.TABLES["relation_evidence"])


def test_relation_table_counts_and_evidence():
    rel = relation_table(_evidence(), max_evidence=2)
    assert list(rel.columns) == schema.TABLES["relations"]
    first = rel.iloc[0]
    assert (first.source, first.target, first.polarity) == ("A", "B", -1)
    assert (first.n_sentences, first.n_documents, first.weight) == (3, 2, -2)
    assert first.evidence == "A accused B of lying. | A attacked B again."
    assert first.evidence_doc_ids == "d1 | d1"
    assert set(zip(rel.source, rel.target, rel.polarity)) == {("A", "B", -1), ("B", "A", 1),
                                                              ("C", "A", -1)}
    shuffled = _evidence().sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(relation_table(shuffled, max_evidence=2), rel)
    assert len(relation_table(schema.empty("relation_evidence"))) == 0


def test_network_export_graphml_and_gexf(tmp_path):
    rel = relation_table(_evidence())
    g = relation_graph(rel)
    assert g.number_of_edges() == 3
    assert g["A"]["B"][0]["weight"] == -2 and g["A"]["B"][0]["sign"] == "negative"
    back = nx.read_graphml(write_network(rel, tmp_path / "net.graphml"))
    assert {(u, v, d["polarity"]) for u, v, d in back.edges(data=True)} == \
        {("A", "B", -1), ("B", "A", 1), ("C", "A", -1)}
    back = nx.read_gexf(write_network(rel, tmp_path / "net.gexf"))
    assert back.number_of_edges() == 3
    with pytest.raises(InputError, match="graphml"):
        write_network(rel, tmp_path / "net.csv")


def test_relation_chart():
    fig = relation_network(relation_table(_evidence()))
    assert isinstance(fig, matplotlib.figure.Figure)
    empty = relation_network(schema.empty("relations"))
    assert "no actor criticises" in " ".join(t.get_text() for t in empty.axes[0].texts)


def _span(text: str, surface: str) -> tuple[int, int]:
    i = text.index(surface)
    return i, i + len(surface)


def test_pair_cues_read_structure_not_words():
    from analytics.sentiment.relations import pair_cues

    s = "Okafor was sharply criticised by Lindqvist on Friday."
    f = pair_cues(s, _span(s, "Okafor"), _span(s, "Lindqvist"))
    # the passive: the second mention is the agent of a negative evaluative verb
    assert f.get("by_q") == 1.0 and "by_p" not in f
    assert "g:NV by X" in f and "btw:was NV by" in f
    # no feature is a word of the sentence itself
    assert not any(w in k for k in f for w in ("sharply", "criticised", "friday", "okafor"))

    s = "Lindqvist's criticism of Okafor grew louder after the vote."
    f = pair_cues(s, _span(s, "Lindqvist"), _span(s, "Okafor"))
    assert f.get("poss_eval") == 1.0

    s = 'Lindqvist said: "Okafor has betrayed every voter in this country."'
    f = pair_cues(s, _span(s, "Lindqvist"), _span(s, "Okafor"))
    assert f.get("quote:01") == 1.0  # the second mention is inside the quotation
    assert "g:P SV" in f


def test_pair_cues_nearer_mention_of_evaluative_words():
    from analytics.sentiment.relations import pair_cues

    s = "Okafor met Lindqvist, who lied about the fraud and the scandal."
    f = pair_cues(s, _span(s, "Okafor"), _span(s, "Lindqvist"))
    assert f.get("near:q:a:neg", 0.0) > 0.0
    assert not any(k.startswith("near:p:") for k in f)
