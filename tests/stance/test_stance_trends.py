"""Stance over time and by outlet."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.stand_in_mentions import mentions_frame, surface_mentions

from analytics.actors.registry import ActorRegistry
from analytics.errors import InputError
from analytics.stance import (StanceWarning, load_issues, stance_evidence, stance_outlets,
                              stance_table, stance_trends)

NAMES = ["Hillary Clinton", "Donald Trump"]
SURFACES = {**{n: n for n in NAMES}, **{n.split()[-1]: n for n in NAMES}}
REGISTRY = ActorRegistry.from_string(
    "actors:\n" + "".join(f"  - {{name: {n}, gender: female}}\n" for n in NAMES),
    "test registry")
ISSUES = """
issues:
  - id: tpp
    label: Trans-Pacific Partnership
    terms: [trans-pacific partnership, tpp]
    context: [trade, tpp]
"""
TEXTS = {
    # Clinton praised the pact in 2015 and turned against it in 2016
    "a1": ("2015-11-02", "AP", "Hillary Clinton backed the TPP on trade, calling the pact "
           "a gold standard. Trump opposed the TPP."),
    "a2": ("2016-06-28", "Reuters", "Hillary Clinton now opposes the TPP on trade. Donald "
           "Trump said he would withdraw from the TPP."),
    "a3": ("2016-07-01", "AP", "Clinton rejected the TPP at a rally on trade."),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    from analytics.corpus.segment import segment_corpus

    path = tmp_path_factory.mktemp("issues") / "issues.yaml"
    path.write_text(ISSUES, encoding="utf-8")
    docs = pd.DataFrame({"doc_id": list(TEXTS), "text": [t for _d, _o, t in TEXTS.values()],
                         "status": "ok"})
    _p, sents = segment_corpus(docs)
    rows = []
    for d, (_date, _out, text) in TEXTS.items():
        rows += surface_mentions(text, SURFACES, d)
    ev = stance_evidence(sents, mentions_frame(rows), None, load_issues(path),
                         registry=REGISTRY)
    documents = pd.DataFrame({"doc_id": list(TEXTS),
                              "date": [d for d, _o, _t in TEXTS.values()],
                              "outlet": [o for _d, o, _t in TEXTS.values()]})
    return ev, documents


def test_a_change_of_position_shows_over_time(tables):
    ev, docs = tables
    tr = stance_trends(ev, docs)
    clinton = tr[tr["actor"] == "Hillary Clinton"].set_index("period")
    assert set(tr["period_kind"]) == {"month"}
    assert clinton.loc["2015-11", "stance"] == "support"
    assert clinton.loc["2016-06", "stance"] == "oppose"
    assert clinton.loc["2016-07", "stance"] == "oppose"
    assert set(tr.loc[tr["actor"] == "Donald Trump", "stance"]) == {"oppose"}
    # per period it is the stance table of that period's evidence
    docs_2015 = docs.loc[docs["date"].str.startswith("2015"), "doc_id"]
    st = stance_table(ev[ev["doc_id"].isin(docs_2015)])
    row = st[st["actor"] == "Hillary Clinton"].iloc[0]
    assert clinton.loc["2015-11", "score"] == row["score"]


def test_stance_by_outlet(tables):
    ev, docs = tables
    by = stance_outlets(ev, docs)
    clinton = by[by["actor"] == "Hillary Clinton"].set_index("outlet")
    assert clinton.loc["Reuters", "stance"] == "oppose"
    assert clinton.loc["AP", "n_documents"] == 2
    assert clinton.loc["AP", "n_support"] == 1 and clinton.loc["AP", "n_oppose"] == 1


def test_evidence_without_a_date_or_outlet_is_left_out_with_a_warning(tables):
    ev, docs = tables
    docs = docs.assign(date=["2015-11-02", "", "not a date"], outlet=["AP", None, " "])
    with pytest.warns(StanceWarning, match="without a readable date"):
        tr = stance_trends(ev, docs)
    assert set(tr["period"]) == {"2015-11-02"} and set(tr["period_kind"]) == {"day"}
    with pytest.warns(StanceWarning, match="without an outlet"):
        by = stance_outlets(ev, docs)
    assert set(by["outlet"]) == {"AP"}


def test_tables_without_their_columns_are_named(tables):
    ev, docs = tables
    with pytest.raises(InputError, match="documents table lacks the columns \\['date'\\]"):
        stance_trends(ev, docs.drop(columns="date"))
    with pytest.raises(InputError, match="stance_evidence"):
        stance_outlets(ev.drop(columns="score"), docs)
    empty = stance_trends(ev.iloc[:0], docs)
    assert len(empty) == 0 and list(empty.columns)[:2] == ["period", "period_kind"]
