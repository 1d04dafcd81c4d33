"""The bundled given-name gender lists (analytics/lang/en/given_names.yaml)."""

from __future__ import annotations

import unicodedata

import pytest

from analytics.actors import _lexicon as lex
from analytics.lang import en


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def test_no_name_is_listed_for_both_genders_or_twice():
    female, male = en.items("given_names", "female"), en.items("given_names", "male")
    assert not set(female) & set(male)
    assert len(set(female)) == len(female) and len(set(male)) == len(male)


@pytest.mark.parametrize("gender", ["female", "male"])
def test_lists_are_alphabetical(gender):
    names = list(en.items("given_names", gender))
    assert names == sorted(names, key=lambda w: (_fold(w), w))


@pytest.mark.parametrize("name, gender", [
    ("Mitt", "male"), ("Newt", "male"), ("Reince", "male"), ("Yasser", "male"),
    ("Mahmoud", "male"), ("Recep", "male"), ("Narendra", "male"), ("Cyril", "male"),
    ("Sergei", "male"), ("Jean-Claude", "male"), ("Jürgen", "male"), ("Jurgen", "male"),
    ("Suha", "female"), ("Sonia", "female"), ("Ségolène", "female"), ("Segolene", "female"),
    ("Ann", "female"), ("Tzipi", "female"), ("Yulia", "female"), ("Jacinda", "female"),
    ("Benazir", "female"), ("Mette", "female"),
])
def test_given_names_from_many_usages_say_the_gender(name, gender):
    assert lex.given_name_genders().get(name) == gender


@pytest.mark.parametrize("name", ["Jean", "Andrea", "Kim", "Robin", "Leslie", "Jordan",
                                  "Taylor", "Alex", "Sasha", "Dominique", "Alexis", "Hilary",
                                  "Lindsey", "Will", "May"])
def test_names_used_for_both_genders_or_as_common_words_say_nothing(name):
    assert name not in lex.given_name_genders()
