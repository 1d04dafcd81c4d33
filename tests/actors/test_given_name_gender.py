"""A given name that says the gender keeps a titled surname off the wrong person
(analytics.actors with analytics/lang/en/given_names.yaml)."""

from __future__ import annotations

import pandas as pd

from analytics.pipeline import find_actors


def _actors(text: str, surface: str) -> list[str]:
    m = find_actors(pd.DataFrame({"id": ["a"], "text": [text]}), progress=False)["mentions"]
    return m.loc[m["surface"] == surface, "actor"].tolist()


def test_mrs_goes_to_the_wife_not_to_a_husband_known_by_a_short_given_name():
    text = ("Mitt Romney spoke to voters in Iowa on Monday with his wife, Ann Romney, beside "
            "him. Mrs. Romney told the crowd about their sons.")
    assert _actors(text, "Mrs. Romney") == ["Ann Romney"]
    assert _actors(text, "Mitt Romney") == ["Mitt Romney"]


def test_mrs_goes_to_the_wife_not_to_a_husband_with_an_arabic_given_name():
    text = ("Yasser Arafat was flown to Paris for treatment. His wife, Suha Arafat, stayed at "
            "his bedside. Mrs. Arafat later told reporters he was recovering.")
    assert _actors(text, "Mrs. Arafat") == ["Suha Arafat"]
    assert _actors(text, "Yasser Arafat") == ["Yasser Arafat"]
