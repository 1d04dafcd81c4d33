"""Arbitrary Unicode through ``analyze()``: no crash, every document accounted for, and
sentence offsets that point into the document text."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analytics

#: White space the sentence splitter once crashed on (after a capital, before a stop).
SPLITTER_SPACES = ["\u00a0", "\u0085", "\u2028", "\u2029"]
HOSTILE = SPLITTER_SPACES + [
    "\u200f", "\u202e", "\u200e",  # right-to-left marks and override
    "\u200b", "\ufeff", "\u200d",  # zero-width characters
    "\ud800", "\udfff", "\udc80",  # lone surrogates
    "\u3000", "\u1680", "\x00", "\x0b", "\x1c", "\r", "\t", "\n", "\n\n",
]
WORDS = ["Keir", "Starmer", "said", "Ukraine", "Mr.", "U.S.", "Dr", "the", "talks",
         "\u201cWe", "agree,\u201d", "Macron", "Putin", "on", "Monday", "St.", "...", "\u2026"]

capital_space_stop = st.builds(lambda c, s: f" {c}{s}.", st.sampled_from("AUZÉΩЖ"),
                               st.sampled_from(SPLITTER_SPACES + ["\u3000", "\u202f"]))
long_token = st.builds(lambda ch, n: ch * n, st.sampled_from("a\u00e9\u4e2dx-"),
                       st.integers(200, 3000))
piece = st.one_of(
    st.sampled_from(WORDS).map(lambda w: f" {w}"),
    st.sampled_from(HOSTILE),
    capital_space_stop,
    st.text(max_size=12),                                   # arbitrary code points
    st.sampled_from(". ! ? ; : \" '".split()),
    long_token,
)
document = st.lists(piece, min_size=0, max_size=60).map("".join)


def _check(texts: list[str]) -> None:
    a = analytics.analyze(texts, n_topics=2, progress=False)
    docs = a.documents
    assert len(docs) == len(texts)
    assert docs["status"].map(lambda s: s == "ok" or s.startswith("skipped: ")).all()
    text_of = dict(zip(docs["doc_id"], docs["text"]))
    for doc_id, start, end, sent in zip(a.sentences["doc_id"], a.sentences["start"],
                                        a.sentences["end"], a.sentences["text"]):
        assert text_of[doc_id][start:end] == sent
    for doc_id, start, end, par in zip(a.paragraphs["doc_id"], a.paragraphs["start"],
                                       a.paragraphs["end"], a.paragraphs["text"]):
        assert text_of[doc_id][start:end] == par
    # nothing a file format cannot store (lone surrogates fail at the Parquet step)
    for name in ("documents", "sentences", "paragraphs", "mentions", "quotes", "tone"):
        df = getattr(a, name)
        for col in df.columns:
            if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
                for v in df[col].dropna():
                    if isinstance(v, str):
                        v.encode("utf-8")


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(document, min_size=1, max_size=4))
def test_arbitrary_unicode_never_crashes_analyze(texts):
    # a sentence that always survives, so later stages (topics, tone) run too
    _check(texts + ["Keir Starmer met Emmanuel Macron in Paris on Friday to discuss "
                    "Ukraine, and the talks went well."])


@pytest.mark.parametrize("space", SPLITTER_SPACES)
def test_capital_space_full_stop_is_one_sentence(space):
    text = f"The U{space}. team agreed."
    a = analytics.analyze([text], n_topics=2, progress=False)
    assert a.documents["status"].tolist() == ["ok"]
    assert a.documents["text"].tolist() == [text]
    assert a.sentences["text"].tolist() == [text]
    assert (a.sentences["start"].tolist(), a.sentences["end"].tolist()) == ([0], [len(text)])


def test_lone_surrogate_in_an_api_string_is_replaced_and_noted(tmp_path):
    a = analytics.analyze(["Keir Starmer said the \ud800 talks went well.", "Fine text."],
                          out=tmp_path / "out", n_topics=2, progress=False)
    docs = a.documents.set_index("doc_id")
    assert docs.at["0000", "status"] == "ok"
    assert docs.at["0000", "text"] == "Keir Starmer said the \ufffd talks went well."
    assert "U+FFFD" in docs.at["0000", "note"]
    assert (tmp_path / "out" / "documents.parquet").exists()
