"""Property-based tests: cleaning and segmentation never crash, lose text or leave bounds."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.corpus.clean import clean_text
from analytics.corpus.segment import segment_document
from analytics.text import normalize

_WS = re.compile(r"\s+")

# Text built from news-like pieces plus arbitrary unicode, so both the boilerplate rules
# and the odd characters (quotes, dashes, zero-width and non-breaking spaces) get exercised.
PIECES = st.sampled_from([
    "Loading...", "Share it:", "Photo credit: A. Person/Agency", "0:38", "Related Story",
    "This content uses cookies; you can allow them.", "\u201cWe will not,\u201d he said.",
    "Mr. Smith met U.S. officials.", "The talks \u2013 held in Rome \u2013 ended.",
    "Heading Without Stop", "\u2018Quoted\u2019 text.", "\u00a0", "\u200b", "\t", "  ",
    "Dr. Jones", "St Peter\u2019s Basilica", "?!", "\u2026", "\"", "'",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=30).map(
    lambda parts: "".join(p + ("\n" if i % 3 == 0 else " ") for i, p in enumerate(parts)))

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _squash(s: str) -> str:
    # zero-width and non-breaking spaces count as white space (normalize maps them)
    return _WS.sub("", normalize(s))


@SETTINGS
@given(TEXT)
def test_cleaning_loses_nothing_but_recorded_removals(text):
    text = text.replace("\r", "\n")
    res = clean_text(text)
    for r in res.removed:
        assert 0 <= r["start"] <= r["end"] <= len(text)
        assert text[r["start"]:r["end"]] == r["text"]
        assert 0 <= r["clean_offset"] <= len(res.text)
    # every non-space character of the input is in the clean text or in a removed span
    removed_chars = sum(len(_squash(r["text"])) for r in res.removed)
    assert len(_squash(res.text)) + removed_chars == len(_squash(text))
    kept = _squash(res.text)
    assert set(kept) <= set(_squash(text))


@SETTINGS
@given(TEXT)
def test_segmentation_offsets_stay_in_bounds_and_cover_the_text(text):
    clean = clean_text(text.replace("\r", "\n")).text
    paras, sents = segment_document("d", clean)
    covered = []
    last_end = 0
    for p in paras:
        assert 0 <= p["start"] < p["end"] <= len(clean)
        assert clean[p["start"]:p["end"]] == p["text"]
        assert p["start"] >= last_end
        last_end = p["end"]
    prev = -1
    for s in sents:
        assert 0 <= s["start"] < s["end"] <= len(clean)
        assert clean[s["start"]:s["end"]] == s["text"]
        assert s["start"] >= prev
        prev = s["end"]
        para = paras[[p["para_id"] for p in paras].index(s["para_id"])]
        assert para["start"] <= s["start"] and s["end"] <= para["end"]
        covered.append(s["text"])
    # every non-space character of the clean text is in exactly one sentence (a
    # heading is one sentence)
    assert sorted(_squash("".join(covered))) == sorted(_squash(clean))
