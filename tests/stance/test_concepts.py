"""Claims grouped into concepts and the actor x concept agreement network."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from fixtures.stand_in_mentions import mentions_frame, surface_mentions

from analytics.actors.registry import ActorRegistry
from analytics.errors import InputError
from analytics.stance import (claims_table, concept_graph, concept_tables,
                              write_concept_network)
from analytics.stance.concepts import key_terms

NAMES = ["Tony Blair", "Michael Howard", "Charles Kennedy", "David Davis", "Hillary Clinton",
         "Bernie Sanders", "Mike Pence", "Paul Ryan"]
SURFACES = {**{n: n for n in NAMES}, **{n.split()[-1]: n for n in NAMES}}
REGISTRY = ActorRegistry.from_string(
    "actors:\n" + "".join(f"  - {{name: {n}, gender: male}}\n" for n in NAMES),
    "test registry")

UK = ("Charles Kennedy rejected the ID cards bill on Monday. Tony Blair defended identity "
      "cards in the Commons. Michael Howard opposed the ID card scheme after a long debate. "
      "David Davis backed the smoking ban. Kennedy condemned the hunting ban.")
US = ("Hillary Clinton rejected the Trans-Pacific Partnership on Tuesday. Bernie Sanders "
      "opposed the TPP. Mike Pence praised the Trans-Pacific Partnership deal. Paul Ryan "
      "backed the border wall.")


def claims(*texts: str) -> pd.DataFrame:
    from analytics.corpus.segment import segment_corpus

    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts),
                         "status": "ok"})
    _p, sents = segment_corpus(docs)
    rows = []
    for d, text in zip(docs["doc_id"], docs["text"]):
        rows += surface_mentions(text, SURFACES, d)
    return claims_table(sents, mentions_frame(rows), registry=REGISTRY)


def concept_of(tables, actor: str) -> set[str]:
    cc = tables["claim_concepts"]
    labels = dict(zip(tables["concepts"]["concept"], tables["concepts"]["label"]))
    return {labels[c] for c in cc.loc[cc["actor"] == actor, "concept"]}


def test_key_terms_drop_vehicles_and_map_variants():
    assert key_terms("the ID cards bill") == ("identity", "card")
    assert key_terms("identity card scheme") == ("identity", "card")
    assert key_terms("quotas for asylum seekers") == ("quota", "asylum", "seeker")
    assert key_terms("the plans") == ()


def test_claims_end_before_time_and_place_adjuncts():
    cl = claims(UK)
    got = dict(zip(cl["actor"], cl["object"]))
    assert got["Charles Kennedy"] != "id cards bill on monday"
    assert set(cl.loc[cl["actor"] == "Tony Blair", "object"]) == {"identity cards"}
    assert "id cards bill" in set(cl["object"])


def test_two_opponents_of_one_bill_in_different_words_share_a_concept_and_agree():
    t = concept_tables(claims(UK))
    assert concept_of(t, "Charles Kennedy") >= {"identity cards"}
    assert concept_of(t, "Michael Howard") == {"identity cards"}
    assert concept_of(t, "Tony Blair") == {"identity cards"}
    row = t["concepts"].set_index("label").loc["identity cards"]
    assert (row["support"], row["oppose"], row["n_claims"]) == (1, 2, 3)
    assert set(row["phrases"].split("; ")) == {"id cards bill", "identity cards",
                                               "id card scheme"}
    net = t["concept_network"]
    cid = int(row["concept"])
    on = net[net["concept"] == cid]
    pairs = {(s, tg, k) for s, tg, k in zip(on["source"], on["target"], on["kind"])}
    assert ("Charles Kennedy", "Michael Howard", "agreement") in pairs
    assert ("Charles Kennedy", "Tony Blair", "conflict") in pairs
    assert ("Michael Howard", "Tony Blair", "conflict") in pairs
    pos = on[on["kind"] == "position"].set_index("source")["polarity"].to_dict()
    assert pos == {"Charles Kennedy": -1, "Michael Howard": -1, "Tony Blair": 1}


def test_different_bans_stay_apart():
    t = concept_tables(claims(UK))
    assert concept_of(t, "David Davis") == {"smoking ban"}
    assert "hunting ban" in concept_of(t, "Charles Kennedy")
    net = t["concept_network"]
    assert not ((net["kind"] != "position")
                & net["source"].isin(["Charles Kennedy", "David Davis"])
                & net["target"].isin(["Charles Kennedy", "David Davis"])).any()


def test_us_trade_pact_named_by_abbreviation_is_one_concept():
    t = concept_tables(claims(US))
    assert concept_of(t, "Hillary Clinton") == concept_of(t, "Bernie Sanders") \
        == concept_of(t, "Mike Pence")
    assert concept_of(t, "Paul Ryan") == {"border wall"}
    net = t["concept_network"]
    kinds = {(s, tg): k for s, tg, k in zip(net["source"], net["target"], net["kind"])}
    assert kinds[("Bernie Sanders", "Hillary Clinton")] == "agreement"
    assert kinds[("Hillary Clinton", "Mike Pence")] == "conflict"


def test_the_same_claims_in_another_order_give_the_same_tables():
    cl = claims(UK, US)
    a = concept_tables(cl)
    b = concept_tables(cl.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(a["concepts"], b["concepts"])
    pd.testing.assert_frame_equal(a["concept_network"], b["concept_network"])


def test_the_network_exports_as_graphml_and_gexf(tmp_path):
    t = concept_tables(claims(UK))
    for name in ("net.graphml", "net.gexf"):
        path = write_concept_network(t["concepts"], t["concept_network"], tmp_path / name)
        g = nx.read_graphml(path) if name.endswith("graphml") else nx.read_gexf(path)
        assert g.nodes["Michael Howard"]["kind"] == "actor"
        cid = t["concepts"].set_index("label").loc["identity cards", "concept"]
        assert g.nodes[f"concept {cid}"]["label"] == "identity cards"
        assert g.number_of_edges() == len(t["concept_network"])
    mg = concept_graph(t["concepts"], t["concept_network"])
    signs = {d["sign"] for _a, _b, d in mg.edges("Tony Blair", data=True)}
    assert signs == {"positive", "negative"}
    with pytest.raises(InputError, match="graphml"):
        write_concept_network(t["concepts"], t["concept_network"], tmp_path / "net.png")
    assert not (tmp_path / "net.png").exists()


def test_bad_claims_say_what_is_wrong():
    with pytest.raises(InputError, match="lacks the columns"):
        concept_tables(pd.DataFrame({"actor": ["A"], "object": ["x"]}))
    bad = pd.DataFrame({"actor": ["A", "B"], "object": ["tax", "tax"], "polarity": [1, 0],
                        "doc_id": ["d0", "d0"]})
    with pytest.raises(InputError, match="row 1: polarity"):
        concept_tables(bad)


def test_no_claims_give_empty_tables_with_their_columns():
    t = concept_tables(claims("Nothing happened on Monday."))
    assert len(t["concepts"]) == 0 and len(t["concept_network"]) == 0
    assert list(t["concepts"].columns)[:3] == ["concept", "label", "terms"]
    assert list(t["concept_network"].columns)[:3] == ["source", "target", "kind"]
