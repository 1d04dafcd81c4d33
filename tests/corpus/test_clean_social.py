"""Embedded social-media markup is removed in cleaning, every piece recorded
(analytics.corpus.clean, rules ``social_embed`` and ``share_widget``)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.corpus.clean import clean_text, load_rules
from analytics.errors import InputError
from analytics.quotes import extract_quotes

TWEETS = (
    "Trump answered his critics on Wednesday.\n"
    '<tweet id="747986907162877952" author="@realDonaldTrump" datetime="2016-06-29">Iron '
    "Mike Tyson was not asked to speak at the Convention. The media makes everything up! "
    "SIGN UP FOR OUR NEWSLETTER — Donald J. Trump (@realDonaldTrump) June 29, 2016</tweet>.\n"
    "Ryan agreed with him.\n"
    '<tweet id="750366792434978816" author="@SpeakerRyan" datetime="2016-07-05">No one '
    "should be above the law. pic.twitter.com/OqctxglquI — Paul Ryan (@SpeakerRyan) "
    "July 5, 2016</tweet>.\n"
    "747986907162877952\n"
    "— Ben Jacobs (@Bencjacobs) June 28, 2016\n"
    "Related: Trump says the media lie\n"
    "He wrote on Twitter that the press was “dishonest”, a claim his rivals rejected."
)


def test_tweet_markup_goes_and_the_post_text_stays():
    res = clean_text(TWEETS, load_rules())
    assert res.text.splitlines() == [
        "Trump answered his critics on Wednesday.",
        "Iron Mike Tyson was not asked to speak at the Convention. The media makes "
        "everything up!.",
        "Ryan agreed with him.",
        "No one should be above the law..",
        "He wrote on Twitter that the press was “dishonest”, a claim his rivals rejected.",
    ]
    for bad in ("<tweet", "</tweet>", "747986907162877952", "pic.twitter", "@SpeakerRyan",
                "SIGN UP"):
        assert bad not in res.text


def test_every_removed_piece_is_recorded_with_its_rule_and_offsets():
    res = clean_text(TWEETS, load_rules(), doc_id="d1")
    rules = [r["rule"] for r in res.removed]
    assert rules.count("social_embed") == 9 and rules.count("share_widget") == 1
    assert "related_links" in rules
    for r in res.removed:
        assert TWEETS[r["start"]:r["end"]] == r["text"]
        assert 0 <= r["clean_offset"] <= len(res.text)
    # a piece cut from inside a line points where it was in the clean text
    widget = next(r for r in res.removed if r["rule"] == "share_widget")
    assert res.text[:widget["clean_offset"]].endswith("makes everything up!")
    # kept text plus removed text account for every non-blank character of the input
    kept = sum(len(x) for x in res.text.split())
    gone = sum(len(r["text"].replace(" ", "")) for r in res.removed)
    assert kept + gone == len(TWEETS.replace(" ", "").replace("\n", ""))


def test_tag_attributes_never_become_quotations():
    res = clean_text(TWEETS, load_rules())
    q = extract_quotes(pd.DataFrame({"doc_id": ["d1"], "text": [res.text]}))
    assert q["quote"].tolist() == ["dishonest"]
    # without cleaning, the tag attributes are read as quotations
    raw = extract_quotes(pd.DataFrame({"doc_id": ["d1"], "text": [TWEETS]}))
    assert "747986907162877952" in raw["quote"].tolist()


def test_prose_about_social_media_is_kept():
    text = ("Clinton posted a picture on Twitter and Instagram on Monday.\n"
            "The account @HillaryClinton has 10 million followers, aides said in June 2016.")
    res = clean_text(text, load_rules())
    assert res.text == text and res.removed == []


def test_a_user_span_rule_cuts_pieces_and_a_bad_match_is_named(tmp_path):
    f = tmp_path / "rules.yaml"
    f.write_text("rules:\n  - name: sponsor\n    match: span\n    pattern: '\\s*\\[sponsored\\]'\n",
                 encoding="utf-8")
    res = clean_text("The vote passed [sponsored] on Friday.", load_rules(f, replace=True))
    assert res.text == "The vote passed on Friday."
    assert [(r["rule"], r["text"]) for r in res.removed] == [("sponsor", " [sponsored]")]
    f.write_text("rules:\n  - name: x\n    match: inline\n    pattern: x\n", encoding="utf-8")
    with pytest.raises(InputError, match="'line', 'search' or 'span'"):
        load_rules(f)
