"""Cleaning and segmentation on real seed text and on small hand-written texts."""

from __future__ import annotations

import pandas as pd

import re
from pathlib import Path

import pytest

from analytics.corpus.clean import clean_corpus, clean_text, load_rules
from analytics.errors import InputError
from analytics.corpus.load import load_corpus
from analytics.corpus.segment import is_heading, segment_corpus, split_sentences
from analytics.text import normalize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seeds():
    docs, removed = clean_corpus(load_corpus(SEEDS))
    paragraphs, sentences = segment_corpus(docs)
    return docs, removed, paragraphs, sentences


def test_normalize_keeps_length_and_maps_typography():
    s = "Starmer\u2019s \u201cstep up\u201d \u2013 now\u00a0here \u2014 \u2018ok\u2019"
    n = normalize(s)
    assert len(n) == len(s)
    assert n == "Starmer's \"step up\" - now here - 'ok'"


def test_photo_credit_leaves_no_photographer_in_the_text(seeds):
    docs, removed, _, sentences = seeds
    assert not docs["text"].str.contains("Carl Court").any()
    assert not sentences["text"].str.contains("Carl Court").any()
    credit = removed[removed["text"].str.contains("Carl Court")]
    assert credit["rule"].tolist() == ["photo_credit"]


def test_repeated_cookie_block_is_removed_each_time_and_recorded(seeds):
    docs, removed, _, sentences = seeds
    assert not sentences["text"].str.contains("cookies", case=False).any()
    consent = removed[removed["rule"] == "cookie_consent"]
    # the consent block appears twice in one seed; both copies are recorded
    per_line = consent.groupby("text").size()
    assert len(per_line) >= 5 and (per_line == 2).all()
    # the provider label before each block goes with it
    assert (removed["rule"] == "embed_label").sum() == 2


def test_web_boilerplate_never_reaches_sentences(seeds):
    _, removed, _, sentences = seeds
    for pattern in [r"Loading\.\.\.", r"^Share it", r"Please use Chrome", r"^\d{1,2}:\d{2}$",
                    r"Privacy Options", r"^Related Story$"]:
        assert not sentences["text"].str.contains(pattern, regex=True).any(), pattern
    assert {"loading_placeholder", "share_prompt", "browser_notice", "video_timestamp",
            "related_links"} <= set(removed["rule"])


def test_removed_offsets_point_into_the_input_text(seeds):
    _, removed, _, _ = seeds
    raw = {d: t for d, t in zip(*load_corpus(SEEDS)[["doc_id", "text"]].T.values)}
    for r in removed.itertuples():
        assert raw[r.doc_id][r.start:r.end] == r.text


def test_sentence_offsets_round_trip(seeds):
    docs, _, paragraphs, sentences = seeds
    text = dict(zip(docs["doc_id"], docs["text"]))
    for s in sentences.itertuples():
        assert text[s.doc_id][s.start:s.end] == s.text
    for p in paragraphs.itertuples():
        assert text[p.doc_id][p.start:p.end] == p.text
    # sent_id runs 0.. within each document
    for _, g in sentences.groupby("doc_id"):
        assert g["sent_id"].tolist() == list(range(len(g)))


def test_headings_are_recorded_and_each_is_one_sentence(seeds):
    _, _, paragraphs, sentences = seeds
    heads = paragraphs[paragraphs["kind"].isin(["title", "heading"])]
    assert len(heads) >= 10
    for h in heads.itertuples():
        same = sentences[(sentences["doc_id"] == h.doc_id) & (sentences["para_id"] == h.para_id)]
        # a headline is one sentence (people are named in headlines too), never split
        assert len(same) == 1 and same["text"].iloc[0] == h.text.strip()
    # the headline first line of a document becomes its title paragraph
    assert (paragraphs["kind"] == "title").sum() == 1


def test_a_document_of_headings_only_is_skipped():
    from analytics.pipeline import find_actors

    docs = pd.DataFrame({"text": ["Budget Day\n\nMarkets Open Higher",
                                  "Budget Day\n\nThe chancellor spoke for an hour."]})
    t = find_actors(docs, progress=False)
    status = t["documents"]["status"].tolist()
    assert status[0].startswith("skipped: no sentences") and status[1] == "ok"
    assert t["sentences"]["text"].tolist() == ["Budget Day", "The chancellor spoke for an hour."]


def test_rules_are_data_users_can_extend(tmp_path):
    extra = tmp_path / "rules.yaml"
    extra.write_text("rules:\n  - name: wire_tag\n    match: line\n"
                     "    pattern: '\\(wire\\)'\n", encoding="utf-8")
    rules = load_rules(extra)
    res = clean_text("A real sentence about talks.\n(wire)\nAnother sentence here.", rules)
    assert res.text == "A real sentence about talks.\nAnother sentence here."
    assert [r["rule"] for r in res.removed] == ["wire_tag"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - name: x\n    pattern: '('\n", encoding="utf-8")
    with pytest.raises(InputError, match="invalid regular expression"):
        load_rules(bad)


def test_cookie_word_in_news_prose_is_not_boilerplate():
    text = ("The EU fined the company for setting tracking cookies without consent, "
            "regulators said on Monday, in a ruling that could affect millions of users "
            "across the bloc and beyond, officials added in a lengthy statement that "
            "ran to many pages and cited several earlier rulings by national courts "
            "in France, Germany and Italy over the past decade.")
    assert clean_text(text).text == text


def test_repeated_paragraphs_are_removed_once_and_reported():
    para = "The two leaders held talks before attending the funeral in Rome."
    res = clean_text(f"{para}\nSomething else happened later that day.\n{para}")
    assert res.text.count(para) == 1
    assert [r["rule"] for r in res.removed] == ["repeated_paragraph"]


def test_splitter_handles_abbreviations_and_quotes():
    text = ('Mr. Smith met U.S. officials at St Peter\u2019s Basilica on Monday. '
            '\u201cWe will not accept it. Never,\u201d he said. The talks continue.')
    spans = split_sentences(text)
    got = [text[s:e] for s, e in spans]
    assert got[0] == "Mr. Smith met U.S. officials at St Peter\u2019s Basilica on Monday."
    assert got[1].startswith("\u201cWe will not accept it.") and got[1].endswith("he said.")
    assert got[2] == "The talks continue."


def test_is_heading():
    assert is_heading("Starmer and Trump discuss Ukraine strategy")
    assert not is_heading("Starmer and Trump discussed Ukraine strategy on Sunday.")
    assert not is_heading("\u201cWe are ready,\u201d he said.\u201d")
    assert not is_heading("0 1 2")


def test_hard_wrapped_paragraphs_become_one_paragraph():
    docs = load_corpus([
        "The prime minister said on Monday that Britain would\n"
        "send more support to its allies, in a speech that\n"
        "lasted nearly an hour and covered trade too.\n\n"
        "Second paragraph is short and complete.\n"])
    cleaned, _ = clean_corpus(docs)
    paragraphs, sentences = segment_corpus(cleaned)
    assert len(paragraphs) == 2
    assert sentences["para_id"].tolist() == [0, 1]
    assert "\n" in sentences["text"].iloc[0]  # offsets still index the clean text


def test_overlong_line_is_split_into_bounded_pieces():
    text = "word " * 5000
    spans = split_sentences(text)
    assert all(e - s <= 2000 for s, e in spans)
    assert re.sub(r"\s+", "", "".join(text[s:e] for s, e in spans)) == re.sub(r"\s+", "", text)
