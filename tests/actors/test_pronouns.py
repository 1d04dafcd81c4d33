"""Pronoun resolution: the shared primitives and their use by mentions and quotes."""

from __future__ import annotations

import pandas as pd

from analytics.actors import Actor, ActorRegistry, find_mentions
from analytics.actors.pronouns import gender_compatible, nearest_antecedent
from analytics.quotes import extract_quotes

from test_mentions import sentences_of


def test_only_male_and_female_conflict():
    assert gender_compatible("male", "m") and gender_compatible("female", "female")
    assert not gender_compatible("female", "m") and not gender_compatible("male", "female")
    for unknown in (None, "", "x"):
        assert gender_compatible("male", unknown) and gender_compatible(unknown, "f")


def test_nearest_antecedent_takes_the_first_accepted_of_the_nearest_window():
    windows = [["it", "Ann"], ["Bob", "Cid"], ["Dan"]]
    person = {"Ann", "Bob", "Cid", "Dan"}
    assert nearest_antecedent(windows, lambda c: c if c in person else None) == "Ann"
    assert nearest_antecedent(windows, lambda c: c if c in {"Cid", "Dan"} else None) == "Cid"
    assert nearest_antecedent(windows, lambda c: None) is None
    seen = []
    nearest_antecedent(iter([["a"], ["b"]]), lambda c: seen.append(c) or c)
    assert seen == ["a"]  # later windows are not read


def test_mentions_and_quote_speakers_agree_on_gender():
    reg = ActorRegistry([Actor("Rufus Firefly", gender="male"),
                         Actor("Gloria Teasdale", gender="female")])
    text = ('Rufus Firefly met Gloria Teasdale on Monday. '
            '"We will talk again," she said. He left.')
    sents = sentences_of({"d1": text})
    mentions, _ = find_mentions(sents, reg, pronouns=True)
    pron = mentions[mentions["kind"] == "pronoun"]
    assert pron[["surface", "actor"]].values.tolist() == [["she", "Gloria Teasdale"],
                                                        ["He", "Rufus Firefly"]]
    docs = pd.DataFrame({"doc_id": ["d1"], "text": [text]})
    quotes = extract_quotes(docs, sents, mentions, registry=reg)
    assert quotes["speaker"].tolist() == ["Gloria Teasdale"]
